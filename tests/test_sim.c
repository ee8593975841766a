/* sim: the real x86_64 images under the engine: known answers, survey facts, the differential
 * check, and every limit (spin, budget, faults, hidden counter reads). */
#include "t.h"

static char images[32][256];
static size_t n_images;

#define rig t_rig
#define rig_close t_rig_close
#define call t_call

static int rig_open(struct t_rig *g, const char *path, enum vdsosim_clock_mode mode, unsigned trace)
{
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	st.mode = mode;
	st.cpu = 5;
	st.node = 3;
	return t_rig_open(g, path, &st, trace);
}

#define C0 1000000000000ULL
#define SEC 2600000000ULL

static void test_known_answers(void)
{
	char name[64];
	for (size_t i = 0; i < n_images; i++) {
		struct rig g;
		CU_ASSERT_EQUAL_FATAL(rig_open(&g, images[i], VDSOSIM_MODE_TSC, VDSOSIM_TRACE_VVAR | VDSOSIM_TRACE_STACK), 0);
		/* one second of TSC at 2.6 GHz: mult 6452775 >> 24 gives 999999940 ns (test_model) */
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, C0 + SEC, 0), 0);
		CU_ASSERT_EQUAL(g.r.ret, 0);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 999999940);
		CU_ASSERT_EQUAL(g.r.path, VDSOSIM_PATH_VDSO);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 0);
		CU_ASSERT_EQUAL(g.r.n_counter, 1);
		CU_ASSERT_EQUAL(g.r.counter_reads[0].value, C0 + SEC);
		CU_ASSERT(g.r.insns > 30 && g.r.insns < 200);
		CU_ASSERT(g.r.stack_bytes > 0 && g.r.stack_bytes < 256);
		CU_ASSERT_FATAL(g.r.n_vvar >= 6);
		CU_ASSERT_STRING_EQUAL(vdsosim_profile_field_name(g.p, g.r.vvar_reads[0].page, g.r.vvar_reads[0].offset, 0,
								  name, sizeof name), "clock[0].seq");
		/* REALTIME at the state instant, TAI = +37 s, COARSE ignores the counter */
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 0, C0, 0), 0);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1767225600);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 0);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 11, C0 + SEC / 2, 0), 0);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1767225637);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 499999970);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 6, C0 + 5 * SEC, 0), 0);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 0);
		CU_ASSERT_EQUAL(g.r.n_counter, 0);
		/* counter just behind cycle_last clamps to the base time: never backwards */
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, C0 - 5, 0), 0);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 0);
		/* gettimeofday, time, getres, getcpu */
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_GETTIMEOFDAY, 0, C0 + SEC, 0), 0);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1767225600);
		CU_ASSERT_EQUAL(g.r.tv_usec, 999999);
		CU_ASSERT_EQUAL(g.r.has_tz, 1);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_GETTIMEOFDAY, 0, C0 + SEC, VDSOSIM_CALL_NULL_ARG2), 0);
		CU_ASSERT_EQUAL(g.r.has_tz, 0);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_TIME, 0, C0 + 3 * SEC, 0), 0);
		CU_ASSERT_EQUAL(g.r.ret, 1767225600); /* xtime_sec: time() never reads the counter */
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETRES, 5, C0, 0), 0);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 4000000);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_GETCPU, 0, C0, 0), 0);
		CU_ASSERT_EQUAL(g.r.cpu, 5);
		CU_ASSERT_EQUAL(g.r.node, 3);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 0);
		rig_close(&g);
	}
}

/* A delta far beyond max_cycles (10^13 cycles: delta * mult overflows 64 bits). 6.10+ x86 takes
 * the exact 128-bit path; older kernels wrap. Expected values by hand: (10^13 * 6452775) >> 24,
 * and the same product mod 2^64 >> 24. */
static void test_beyond_max_cycles(void)
{
	int wrapped = 0, exact = 0;
	for (size_t i = 0; i < n_images; i++) {
		struct rig g;
		CU_ASSERT_EQUAL_FATAL(rig_open(&g, images[i], VDSOSIM_MODE_TSC, 0), 0);
		int protect = vdsosim_image_info(g.img)->kernel_version >= 0x060a00;
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 0, C0 + 10000000000000ULL, 0), 0);
		CU_ASSERT_EQUAL(g.r.tv_sec, protect ? 1767229446 : 1767226147);
		CU_ASSERT_EQUAL(g.r.tv_nsec, protect ? 153616905 : 618733577);
		exact += protect;
		wrapped += !protect;
		rig_close(&g);
	}
	CU_ASSERT(exact >= 10 && wrapped >= 2);
}

static void test_fallbacks(void)
{
	for (size_t i = 0; i < n_images; i++) {
		struct rig g;
		CU_ASSERT_EQUAL_FATAL(rig_open(&g, images[i], VDSOSIM_MODE_NONE, 0), 0);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, C0, 0), 0);
		CU_ASSERT_EQUAL(g.r.path, VDSOSIM_PATH_SYSCALL);
		CU_ASSERT_EQUAL_FATAL(g.r.n_syscalls, 1);
		CU_ASSERT_EQUAL(g.r.syscalls[0].nr, 228);
		CU_ASSERT_EQUAL(g.r.syscalls[0].args[0], 1);
		CU_ASSERT_EQUAL(g.r.n_counter, 0); /* mode NONE never touches the TSC */
		CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 6, C0, 0), 0);
		CU_ASSERT_EQUAL(g.r.path, VDSOSIM_PATH_VDSO);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 2, C0, 0), 0);
		CU_ASSERT_EQUAL(g.r.path, VDSOSIM_PATH_SYSCALL);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 1234567);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, -1, C0, 0), 0);
		CU_ASSERT_EQUAL(g.r.ret, -22);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, C0, VDSOSIM_CALL_BAD_PTR), 0);
		CU_ASSERT_EQUAL(g.r.ret, -14); /* the syscall reports EFAULT */
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_GETTIMEOFDAY, 0, C0, 0), 0);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 1);
		CU_ASSERT_EQUAL(g.r.syscalls[0].nr, 96);
		rig_close(&g);
	}
}

static void test_survey(void)
{
	for (size_t i = 0; i < n_images; i++) {
		vdsosim_image *img;
		vdsosim_profile *p;
		CU_ASSERT_EQUAL_FATAL(t_profile(images[i], &img, &p), 0);
		struct vdsosim_state st;
		vdsosim_state_default(&st);
		struct vdsosim_survey_row *rows;
		size_t n;
		CU_ASSERT_EQUAL_FATAL(vdsosim_survey(p, &st, &rows, &n), 0);
		CU_ASSERT(n >= 4 * 29);
		for (size_t k = 0; k < n; k++) {
			const struct vdsosim_survey_row *r = &rows[k];
			CU_ASSERT(r->match);
			if (r->func != VDSOSIM_CLOCK_GETTIME)
				continue;
			int hres = r->clock == 0 || r->clock == 1 || r->clock == 4 || r->clock == 7 || r->clock == 11;
			int coarse = r->clock == 5 || r->clock == 6;
			if (coarse || (hres && r->mode == VDSOSIM_MODE_TSC))
				CU_ASSERT_EQUAL(r->path, VDSOSIM_PATH_VDSO);
			if (hres && r->mode == VDSOSIM_MODE_NONE)
				CU_ASSERT_EQUAL(r->path, VDSOSIM_PATH_SYSCALL);
			if (r->clock == 2 || r->clock == 3)
				CU_ASSERT_EQUAL(r->path, VDSOSIM_PATH_SYSCALL);
			if (r->clock == -1)
				CU_ASSERT_EQUAL(r->ret, -22);
		}
		free(rows);
		t_profile_free(img, p);
	}
}

static void count_bad(void *ud, const vdsosim_profile *p, const struct vdsosim_finding *f)
{
	(void)p;
	fprintf(stderr, "case %llu: %s\n", (unsigned long long)f->index, vdsosim_reason_name(f->reason));
	(*(int *)ud)++;
}

static void test_check(void)
{
	for (size_t i = 0; i < n_images; i++) {
		vdsosim_image *img;
		vdsosim_profile *p;
		CU_ASSERT_EQUAL_FATAL(t_profile(images[i], &img, &p), 0);
		int bad = 0;
		struct vdsosim_check_opts o = { 2000, 7, count_bad, &bad };
		struct vdsosim_check_stats st;
		CU_ASSERT_EQUAL(vdsosim_check(p, &o, &st), 0);
		CU_ASSERT_EQUAL(st.cases, 2000);
		CU_ASSERT_EQUAL(st.mismatches, 0);
		CU_ASSERT_EQUAL(st.errors, 0);
		CU_ASSERT(st.calls >= 2000 * 40);
		t_profile_free(img, p);
	}
}

static void test_limits(void)
{
	struct rig g;
	CU_ASSERT_EQUAL_FATAL(rig_open(&g, LIVE64, VDSOSIM_MODE_TSC, 0), 0);
	/* a stalled writer: seq odd forever ends in a clear report, not a hang */
	size_t len;
	uint8_t *page = t_read(IMG("x86_64/6.18.44-fc-v669-live-vvar.bin"), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(page);
	page[0] |= 1;
	CU_ASSERT_EQUAL(vdsosim_engine_load_vvar(g.e, page, 4096), 0);
	CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, C0, 0), VDSOSIM_ESPIN);
	CU_ASSERT_EQUAL(g.r.status, VDSOSIM_ESPIN);
	CU_ASSERT_PTR_NOT_NULL(strstr(g.r.message, "seq never settled"));
	CU_ASSERT_EQUAL(g.r.spins, 1001);
	/* a snapshot of the wrong size */
	CU_ASSERT_EQUAL(vdsosim_engine_load_vvar(g.e, page, 100), VDSOSIM_EARG);
	CU_ASSERT_EQUAL(vdsosim_engine_load_vvar(g.e, page, 8 * 4096), VDSOSIM_EARG);
	free(page);
	rig_close(&g);

	struct vdsosim_state st;
	vdsosim_state_default(&st);
	vdsosim_image *img;
	vdsosim_profile *p;
	vdsosim_model *m;
	vdsosim_engine *e;
	struct vdsosim_engine_opts o = { .insn_budget = 10 };
	CU_ASSERT_EQUAL_FATAL(t_profile(X86_61, &img, &p), 0);
	CU_ASSERT_EQUAL_FATAL(vdsosim_model_new(&m, p, &st), 0);
	CU_ASSERT_EQUAL_FATAL(vdsosim_engine_new(&e, p, m, &o), 0);
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, C0, 0, 0 };
	CU_ASSERT_EQUAL(vdsosim_engine_call(e, &c, &r), VDSOSIM_EBUDGET);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.message, "budget of 10"));
	vdsosim_engine_free(e);
	/* the vDSO's own store to a bad pointer faults: reported with pc, insn and address */
	CU_ASSERT_EQUAL_FATAL(vdsosim_engine_new(&e, p, m, NULL), 0);
	c.flags = VDSOSIM_CALL_BAD_PTR;
	CU_ASSERT_EQUAL(vdsosim_engine_call(e, &c, &r), VDSOSIM_EFAULT);
	CU_ASSERT_EQUAL(r.fault_addr, 0x10);
	CU_ASSERT(r.fault_pc >= 0x6b0 && r.fault_pc < 0xced);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.fault_insn, "mov"));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.message, "write to unmapped address 0x10"));
	vdsosim_engine_free(e);
	vdsosim_result_clear(&r);
	vdsosim_model_free(m);
	t_profile_free(img, p);
}

/* Runs clock_gettime of the 6.1 image with `code` written over its entry point. */
static int patched_call(const uint8_t *code, size_t n, struct vdsosim_result *r)
{
	size_t len;
	uint8_t *b = t_read(X86_61, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	vdsosim_image *img;
	CU_ASSERT_EQUAL_FATAL(vdsosim_image_open_memory(&img, b, len, "patched"), 0);
	memcpy(b + vdsosim_image_find(img, "clock_gettime")->value, code, n);
	vdsosim_image_free(img);
	CU_ASSERT_EQUAL_FATAL(vdsosim_image_open_memory(&img, b, len, "patched"), 0);
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	vdsosim_profile *p;
	vdsosim_model *m;
	vdsosim_engine *e;
	CU_ASSERT_EQUAL_FATAL(vdsosim_profile_new(&p, img), 0);
	CU_ASSERT_EQUAL_FATAL(vdsosim_model_new(&m, p, &st), 0);
	CU_ASSERT_EQUAL_FATAL(vdsosim_engine_new(&e, p, m, NULL), 0);
	struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, C0, 0, 0 };
	int status = vdsosim_engine_call(e, &c, r);
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	vdsosim_profile_free(p);
	vdsosim_image_free(img);
	free(b);
	return status;
}

/* Code that jumps into the middle of what a linear decode saw hides an rdtsc from it: the engine
 * must refuse to run that block rather than let a host TSC value through. */
static void test_hidden_counter_read(void)
{
	static const uint8_t hide[] = { 0xeb, 0x01, 0xb8, 0x0f, 0x31, 0x90, 0x90 }; /* jmp +1; mov eax, imm */
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	CU_ASSERT_EQUAL(patched_call(hide, sizeof hide, &r), VDSOSIM_ECOUNTER);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.message, "could not be intercepted"));
	vdsosim_result_clear(&r);
}

/* Code that makes a syscall the model does not know stops with that number, not a made-up answer. */
static void test_unknown_syscall(void)
{
	static const uint8_t code[] = { 0xb8, 0xe7, 0x03, 0x00, 0x00, 0x0f, 0x05, 0xc3 }; /* mov eax, 999; syscall; ret */
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	CU_ASSERT_EQUAL(patched_call(code, sizeof code, &r), VDSOSIM_ESYSCALL);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.message, "unknown syscall 999"));
	vdsosim_result_clear(&r);
}

/* The batch API (a guest loop on x86_64, one call at a time elsewhere) gives what the per-call
 * API gives, call for call. */
static void test_batch(void)
{
	static const char *const imgs[] = { LIVE64, X86_61, IMG("arm64/7.2.13+deb14-cloud-arm64-vdso.so") };
	static struct vdsosim_timespec out[5000];
	for (size_t i = 0; i < 3; i++) {
		struct rig g;
		CU_ASSERT_EQUAL_FATAL(rig_open(&g, imgs[i], VDSOSIM_MODE_TSC, 0), 0);
		struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, C0, 1000003 };
		CU_ASSERT_EQUAL(vdsosim_engine_batch(g.e, &c, 5000, out, &g.r), 0);
		CU_ASSERT_EQUAL(g.r.n_counter, 5000);
		for (size_t k = 0; k < 5000; k += 499) {
			CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, C0 + 1000003ULL * k, 0), 0);
			CU_ASSERT_EQUAL(out[k].sec, g.r.tv_sec);
			CU_ASSERT_EQUAL(out[k].nsec, g.r.tv_nsec);
		}
		/* 4999 * 1000003 cycles at mult 6452775 >> 24 = 1922697961 ns, by hand */
		CU_ASSERT_EQUAL(out[4999].sec, 1001);
		CU_ASSERT_EQUAL(out[4999].nsec, 922697961);
		rig_close(&g);
	}
}

int main(void)
{
	if (!(n_images = t_x86_64_images(images, 32)))
		return 1;
	static const struct t_case cases[] = { { "known answers on every x86_64 image", test_known_answers },
					       { "fallbacks in mode NONE", test_fallbacks },
					       { "delta beyond max_cycles", test_beyond_max_cycles },
					       { "survey facts", test_survey },
					       { "differential check, 2000 cases each", test_check },
					       { "limits: spin, budget, fault, snapshot size", test_limits },
					       { "hidden counter read is an error", test_hidden_counter_read },
					       { "unknown syscall is an error", test_unknown_syscall },
					       { "batch API equals per-call", test_batch },
					       { 0 } };
	return t_run("sim", cases);
}
