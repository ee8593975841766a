/* explore: every x86_64 image is consistent under every injected update; images with the seqcount
 * defects a reader can have are caught. */
#include <capstone/capstone.h>

#include "model.h"
#include "t.h"

static char images[32][256];
static size_t n_images;

/* what the torn-read findings say: the reason, where the update landed, the torn result */
struct torn { size_t torn, landed, ret0; };

static void collect(void *ud, const vdsosim_profile *p, const struct vdsosim_finding *f)
{
	struct torn *t = ud;
	(void)p;
	if (f->reason != VDSOSIM_WHY_TORN)
		return;
	t->torn++;
	t->landed += f->call.n_updates == 1 && f->result->fired[0] && f->result->fired_pc[0] > 0;
	t->ret0 += f->got.ret == 0 && !f->result->status;
}

static struct vdsosim_explore_stats explore(vdsosim_image *img, uint32_t events, int func, struct torn *t)
{
	struct vdsosim_explore_opts o = { .events = events, .func = func, .max_reports = 200 };
	struct vdsosim_explore_stats st = { 0 };
	vdsosim_profile *p;
	if (t) {
		memset(t, 0, sizeof *t);
		o.on_finding = collect;
		o.ud = t;
	}
	CU_ASSERT_EQUAL_FATAL(vdsosim_profile_new(&p, img), 0);
	CU_ASSERT_EQUAL(vdsosim_explore(p, &o, &st), 0);
	vdsosim_profile_free(p);
	return st;
}

/* Must show: 0 violations for every function and clock and event on every image, retries seen
 * wherever an update lands inside a read section, the stalled writer handled without a hang. */
static void test_every_image_consistent(void)
{
	for (size_t i = 0; i < n_images; i++) {
		vdsosim_image *img;
		CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, images[i]), 0);
		struct vdsosim_explore_stats st = explore(img, 0, -1, NULL);
		if (st.violations)
			fprintf(stderr, "%s: %llu violations\n", images[i], (unsigned long long)st.violations);
		CU_ASSERT_EQUAL(st.violations, 0);
		CU_ASSERT_EQUAL(st.errors, 0);
		CU_ASSERT(st.points > 40000);
		CU_ASSERT(st.retries > 10000);
		CU_ASSERT(st.stalls_handled > 100);
		for (int ev = 0; ev < VDSOSIM_NEVENTS; ev++) /* every event a time function sees */
			CU_ASSERT(vdsosim_event_touches_time((enum vdsosim_event)ev) ? st.per_event_points[ev] > 0
										: st.per_event_points[ev] == 0);
		vdsosim_image_free(img);
	}
}

/* ---- mutants: the reader's seqcount defects, made by patching real images ---- */

/* pcs of every seq begin (an even value) and of its retry check, over the time functions */
static size_t seq_sites(const vdsosim_image *img, uint64_t *begin, uint64_t *retry, size_t max)
{
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	vdsosim_profile *p = NULL;
	vdsosim_model *m = NULL;
	vdsosim_engine *e = NULL;
	struct vdsosim_engine_opts o = { .trace = VDSOSIM_TRACE_VVAR };
	size_t n = 0;
	if (vdsosim_profile_new(&p, img) || vdsosim_model_new(&m, p, &st) || vdsosim_engine_new(&e, p, m, &o)) {
		vdsosim_model_free(m);
		vdsosim_profile_free(p);
		return 0;
	}
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	static const int32_t clocks[] = { 0, 1, 4, 5, 6, 7, 11 };
	for (size_t k = 0; k < 8; k++) {
		struct vdsosim_call c = { k < 7 ? VDSOSIM_CLOCK_GETTIME : VDSOSIM_GETTIMEOFDAY, k < 7 ? clocks[k] : 0,
					  st.counter + 1000 };
		vdsosim_engine_call(e, &c, &r);
		size_t b = SIZE_MAX;
		for (size_t i = 0; i < r.n_vvar; i++) {
			const struct vdsosim_vvar_rec *v = &r.vvar_reads[i];
			if (!v->is_seq)
				continue;
			if (b == SIZE_MAX)
				b = i;
			else if (v->page == r.vvar_reads[b].page && v->offset == r.vvar_reads[b].offset) {
				int dup = 0;
				for (size_t j = 0; j < n; j++)
					dup |= begin[j] == r.vvar_reads[b].pc;
				if (!dup && n < max) {
					begin[n] = r.vvar_reads[b].pc;
					retry[n++] = v->pc;
				}
				break;
			}
		}
	}
	vdsosim_result_clear(&r);
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	vdsosim_profile_free(p);
	return n;
}

/* NOP out the first conditional jump within a few instructions after pc (file offset == vaddr). */
static int nop_next_jcc(uint8_t *b, size_t len, uint64_t pc)
{
	csh cs;
	cs_insn *in;
	if (cs_open(CS_ARCH_X86, CS_MODE_64, &cs) != CS_ERR_OK)
		return 0;
	cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
	size_t n = cs_disasm(cs, b + pc, len - pc, pc, 6, &in);
	int done = 0;
	for (size_t i = 0; i < n && !done; i++)
		if (cs_insn_group(cs, &in[i], CS_GRP_JUMP) && in[i].id != X86_INS_JMP) {
			memset(b + in[i].address, 0x90, in[i].size);
			done = 1;
		}
	cs_free(in, n);
	cs_close(&cs);
	return done;
}

static vdsosim_image *mutant(const char *path, int which /* 0: no retry, 1: no odd wait */)
{
	size_t len;
	uint8_t *b = t_read(path, &len);
	vdsosim_image *img;
	if (!b || vdsosim_image_open_memory(&img, b, len, path))
		return NULL;
	uint64_t begin[32], retry[32];
	size_t n = seq_sites(img, begin, retry, 32), patched = 0;
	vdsosim_image_free(img);
	for (size_t i = 0; i < n; i++)
		patched += nop_next_jcc(b, len, which ? begin[i] : retry[i]);
	CU_ASSERT(patched >= 2);
	char name[300];
	snprintf(name, sizeof name, "%s (%s)", path, which ? "odd-seq wait removed" : "retry branch disabled");
	int r = vdsosim_image_open_memory(&img, b, len, name);
	free(b);
	return r ? NULL : img;
}

static void test_mutants_caught(void)
{
	struct torn t;
	for (size_t i = 0; i < n_images; i++) {
		vdsosim_image *img = mutant(images[i], 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(img);
		struct vdsosim_explore_stats st = explore(img, 1u << VDSOSIM_EV_TICK, VDSOSIM_CLOCK_GETTIME, &t);
		CU_ASSERT(st.violations > 0);
		CU_ASSERT(t.torn > 0);   /* torn read: the result matches no state */
		CU_ASSERT(t.landed > 0); /* with where the update landed */
		CU_ASSERT(t.ret0 > 0);   /* and the torn result itself */
		vdsosim_image_free(img);

		img = mutant(images[i], 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(img);
		st = explore(img, 1u << VDSOSIM_EV_STALL, VDSOSIM_CLOCK_GETTIME, &t);
		CU_ASSERT(st.violations > 0);
		CU_ASSERT(t.torn > 0);
		vdsosim_image_free(img);

		/* and the originals, under the same events: none */
		CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, images[i]), 0);
		st = explore(img, (1u << VDSOSIM_EV_TICK) | (1u << VDSOSIM_EV_STALL), VDSOSIM_CLOCK_GETTIME, &t);
		CU_ASSERT_EQUAL(st.violations, 0);
		vdsosim_image_free(img);
	}
}

/* every finding as one line of its values */
static void all(void *ud, const vdsosim_profile *p, const struct vdsosim_finding *f)
{
	char *buf = ud, line[512];
	(void)p;
	const struct vdsosim_result *r = f->result;
	snprintf(line, sizeof line, "%s %llu %d %d %u:%llu@%llx %lld/%lld/%lld %lld/%lld/%lld %zu %zu\n",
		 vdsosim_reason_name(f->reason), (unsigned long long)f->index, (int)f->call.func, (int)f->call.clock,
		 (unsigned)f->call.updates[0].at.kind, (unsigned long long)f->call.updates[0].at.n,
		 (unsigned long long)r->fired_pc[0], (long long)f->got.ret, (long long)f->got.sec, (long long)f->got.sub,
		 (long long)f->want[0].ret, (long long)f->want[0].sec, (long long)f->want[0].sub, r->n_vvar, r->n_trace);
	size_t n = strlen(buf), m = strlen(line);
	if (n + m + 1 < 1 << 20)
		memcpy(buf + n, line, m + 1);
}

/* -j and --shard never change a byte: same reports in the same order for 1 and 2 threads, and the
 * two shards' reports are exactly the whole run's. */
static void test_parallel_deterministic(void)
{
	static char one[1 << 20], two[1 << 20], s1[1 << 20], s2[1 << 20];
	vdsosim_image *img = mutant(images[n_images - 1], 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(img);
	struct vdsosim_explore_opts o = { .events = 1u << VDSOSIM_EV_TICK | 1u << VDSOSIM_EV_NTP,
					  .func = VDSOSIM_CLOCK_GETTIME, .clock = 1, .has_clock = 1,
					  .no_pairs = 1, .max_reports = 100000, .on_finding = all };
	struct vdsosim_explore_stats a, b, c, d;
	vdsosim_profile *prof;
	CU_ASSERT_EQUAL_FATAL(vdsosim_profile_new(&prof, img), 0);
	one[0] = two[0] = s1[0] = s2[0] = 0;
	o.ud = one, o.jobs = 1;
	CU_ASSERT_EQUAL(vdsosim_explore(prof, &o, &a), 0);
	o.ud = two, o.jobs = 2;
	CU_ASSERT_EQUAL(vdsosim_explore(prof, &o, &b), 0);
	CU_ASSERT(a.violations > 0);
	CU_ASSERT_EQUAL(a.violations, b.violations);
	CU_ASSERT_EQUAL(a.points, b.points);
	CU_ASSERT_STRING_EQUAL(one, two);
	o.jobs = 1, o.shards = 2;
	o.ud = s1, o.shard = 0;
	CU_ASSERT_EQUAL(vdsosim_explore(prof, &o, &c), 0);
	o.ud = s2, o.shard = 1;
	CU_ASSERT_EQUAL(vdsosim_explore(prof, &o, &d), 0);
	CU_ASSERT_EQUAL(c.points + d.points, a.points);
	CU_ASSERT_EQUAL(c.violations + d.violations, a.violations);
	CU_ASSERT(c.violations > 0 && d.violations > 0);
	CU_ASSERT_EQUAL(strlen(s1) + strlen(s2), strlen(one));
	/* plans alternate between the shards: tick (unit 0) is in shard 1, ntp (unit 1) in shard 2 */
	CU_ASSERT_EQUAL(strncmp(one, s1, strlen(s1)), 0);
	CU_ASSERT_STRING_EQUAL(one + strlen(s1), s2);
	vdsosim_profile_free(prof);
	vdsosim_image_free(img);

	/* check: same stats whatever the threads and shards */
	CU_ASSERT_EQUAL_FATAL(t_profile(images[0], &img, &prof), 0);
	struct vdsosim_check_opts co = { 3000, 5 };
	struct vdsosim_check_stats x, y, z1, z2;
	co.jobs = 1;
	CU_ASSERT_EQUAL(vdsosim_check(prof, &co, &x), 0);
	co.jobs = 2;
	CU_ASSERT_EQUAL(vdsosim_check(prof, &co, &y), 0);
	co.jobs = 1, co.shards = 2, co.shard = 0;
	CU_ASSERT_EQUAL(vdsosim_check(prof, &co, &z1), 0);
	co.shard = 1;
	CU_ASSERT_EQUAL(vdsosim_check(prof, &co, &z2), 0);
	CU_ASSERT_EQUAL(x.calls, y.calls);
	CU_ASSERT_EQUAL(z1.cases + z2.cases, x.cases);
	CU_ASSERT_EQUAL(z1.calls + z2.calls, x.calls);
	t_profile_free(img, prof);
}

int main(void)
{
	if (!(n_images = t_x86_64_images(images, 32)))
		return 1;
	static const struct t_case cases[] = { { "every image: 0 violations, retries, stalls handled", test_every_image_consistent },
					       { "mutants: no retry, no odd-seq wait", test_mutants_caught },
					       { "-j and --shard do not change the output", test_parallel_deterministic },
					       { 0 } };
	return t_run("explore", cases);
}
