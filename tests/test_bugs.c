/* Real bugs (the kernel commits named at each test), reproduced on every x86_64 image. Each test
 * asserts the behaviour the fixed kernel has, with exact values. */
#include "model.h"
#include "t.h"

static char images[32][256];
static size_t n_images;

#define C0 1000000000000ULL
#define SEC 2600000000ULL

#define rig t_rig
#define rig_close t_rig_close

static int rig_open(struct t_rig *g, const char *path, enum vdsosim_clock_mode mode)
{
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	st.mode = mode;
	return t_rig_open(g, path, &st, VDSOSIM_TRACE_VVAR | VDSOSIM_TRACE_INJECT);
}

static int call(struct t_rig *g, enum vdsosim_func f, int32_t clk, uint64_t counter) { return t_call(g, f, clk, counter, 0); }

/* #1 9d90b93bf325: a TSC read just behind cycle_last clamps to the base time: no jump back, and
 * no ~2^64 forward jump from an unsigned delta. */
static void bug1_behind_cycle_last(void)
{
	for (size_t i = 0; i < n_images; i++) {
		struct rig g;
		CU_ASSERT_EQUAL_FATAL(rig_open(&g, images[i], VDSOSIM_MODE_TSC), 0);
		const uint64_t behind[] = { 1, 1000, 1 << 20 };
		for (size_t k = 0; k < 3; k++) {
			CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, C0 - behind[k]), 0);
			CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
			CU_ASSERT_EQUAL(g.r.tv_nsec, 0);
			CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 4, C0 - behind[k]), 0);
			CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
			CU_ASSERT_EQUAL(g.r.tv_nsec, 0);
		}
		rig_close(&g);
	}
}

/* #2 (6.10 overflow protection): 10^13 cycles past cycle_last, delta * mult overflows 64 bits.
 * Protected kernels give the exact (10^13 * 6452775) >> 24 ns; older ones, beside them, wrap. */
static void bug2_beyond_max_cycles(void)
{
	int exact = 0, wrapped = 0;
	for (size_t i = 0; i < n_images; i++) {
		struct rig g;
		CU_ASSERT_EQUAL_FATAL(rig_open(&g, images[i], VDSOSIM_MODE_TSC), 0);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, C0 + 10000000000000ULL), 0);
		if (vdsosim_image_info(g.img)->kernel_version >= KV(6, 10, 0)) {
			CU_ASSERT_EQUAL(g.r.tv_sec, 1000 + 3846);
			CU_ASSERT_EQUAL(g.r.tv_nsec, 153616905);
			exact++;
		} else {
			CU_ASSERT_EQUAL(g.r.tv_sec, 1000 + 547);
			CU_ASSERT_EQUAL(g.r.tv_nsec, 618733577);
			wrapped++;
		}
		rig_close(&g);
	}
	CU_ASSERT(exact >= 10 && wrapped >= 2);
}

static struct vdsosim_explore_stats explore_event(const char *path, enum vdsosim_event ev, int func)
{
	vdsosim_image *img;
	vdsosim_profile *p;
	struct vdsosim_explore_stats st = { 0 };
	if (t_profile(path, &img, &p))
		return st;
	struct vdsosim_explore_opts o = { .events = 1u << ev, .func = func, .no_pairs = 1 };
	CU_ASSERT_EQUAL(vdsosim_explore(p, &o, &st), 0);
	t_profile_free(img, p);
	return st;
}

/* #3 a939e817aa7e: the clocksource switches to one the vDSO cannot read, mid-read. The reader
 * retries or falls back; it never mixes the two clocksources. */
static void bug3_clocksource_switch_mid_read(void)
{
	for (size_t i = 0; i < n_images; i++) {
		struct vdsosim_explore_stats st = explore_event(images[i], VDSOSIM_EV_TO_HPET, VDSOSIM_CLOCK_GETTIME);
		CU_ASSERT_EQUAL(st.violations, 0);
		CU_ASSERT(st.retries > 0);
		CU_ASSERT(st.fallbacks > 0);
		CU_ASSERT(st.points > 500);
	}
}

/* #5 99c19e6a8fe4: the reader meets a half-written update (seq odd, new cycle_last, old base):
 * it must not compute from the torn fields but wait, and finish within a bounded number of
 * instructions with the new state's answer. */
static void bug5_torn_nsec_bounded_retry(void)
{
	for (size_t i = 0; i < n_images; i++) {
		struct rig g;
		CU_ASSERT_EQUAL_FATAL(rig_open(&g, images[i], VDSOSIM_MODE_TSC), 0);
		uint64_t c = C0 + 26000000; /* 2.5 ticks: the tick accumulates two intervals */
		/* a tick whose writer stops half-way before the very first seq load, and completes
		 * after 3 reader spins */
		struct vdsosim_call cl = { VDSOSIM_CLOCK_GETTIME, 1, c };
		cl.updates[0] = (struct vdsosim_update){ VDSOSIM_EV_STALL, { VDSOSIM_AT_LOAD, 0 }, 0 };
		cl.n_updates = 1;
		cl.stall_spins = 3;
		vdsosim_model *before = NULL;
		CU_ASSERT_EQUAL_FATAL(vdsosim_model_dup(&before, g.m), 0);
		CU_ASSERT_EQUAL(vdsosim_engine_call(g.e, &cl, &g.r), 0);
		CU_ASSERT_EQUAL(g.r.n_states, 2);
		CU_ASSERT(g.r.stall_completed);
		struct vdsosim_timespec want;
		vdsosim_model_clock_gettime(g.r.states[1], c, 1, &want);
		CU_ASSERT_EQUAL(g.r.tv_sec, want.sec);
		CU_ASSERT_EQUAL(g.r.tv_nsec, want.nsec);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 9999999); /* 26e6 cycles * 6452775 >> 24, by hand */
		CU_ASSERT_EQUAL(g.r.spins, 4);          /* 3 before the writer finished, the 4th saw it done */
		CU_ASSERT(g.r.insns < 200);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 0);
		/* a writer that never finishes (within the spin limit): a clear report, never a hang */
		vdsosim_model_assign(g.m, before);
		vdsosim_engine_sync(g.e);
		cl.stall_spins = UINT32_MAX;
		CU_ASSERT_EQUAL(vdsosim_engine_call(g.e, &cl, &g.r), VDSOSIM_ESPIN);
		vdsosim_model_free(before);
		CU_ASSERT_PTR_NOT_NULL(strstr(g.r.message, "seq never settled"));
		rig_close(&g);
	}
}

/* #9: time() reads xtime_sec of the last tick; clock_gettime(REALTIME) adds the counter delta.
 * Just past a second boundary time() is one second behind. */
static void bug9_time_behind_realtime(void)
{
	for (size_t i = 0; i < n_images; i++) {
		struct rig g;
		struct vdsosim_state st;
		vdsosim_state_default(&st);
		st.realtime_nsec = 999999000; /* 1 us before the second boundary */
		CU_ASSERT_EQUAL_FATAL(t_rig_open(&g, images[i], &st, 0), 0);
		uint64_t c = C0 + 5200; /* 2 us of TSC at 2.6 GHz */
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 0, c), 0);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1767225601);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 999); /* 999999000 + (5200 * 6452775 >> 24 = 1999) - 1e9 */
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_TIME, 0, c), 0);
		CU_ASSERT_EQUAL(g.r.ret, 1767225600);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 0);
		rig_close(&g);
	}
}

/* #17: xen/kvm pvclock without PVCLOCK_TSC_STABLE_BIT falls back; with it the vDSO computes
 * from pvti. Mode NONE (the xen clocksource on old guests) always falls back. */
static void bug17_xen_pvclock(void)
{
	for (size_t i = 0; i < n_images; i++) {
		struct rig g;
		CU_ASSERT_EQUAL_FATAL(rig_open(&g, images[i], VDSOSIM_MODE_PVCLOCK), 0);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, C0 + SEC), 0);
		int built = g.r.n_counter == 1; /* a kernel without CONFIG_PARAVIRT_CLOCK falls back here */
		if (built) {
			CU_ASSERT_EQUAL(g.r.n_syscalls, 0);
			/* by hand: mul = (1e9 << 32) / 1.3e9 = 3303820997, shift -1:
			 * (2.6e9 >> 1) * 3303820997 >> 32 = 999999999 ns */
			CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
			CU_ASSERT_EQUAL(g.r.tv_nsec, 999999999);
			char name[64];
			int pv = 0;
			for (size_t k = 0; k < g.r.n_vvar; k++)
				pv |= !strncmp(vdsosim_profile_field_name(g.p, g.r.vvar_reads[k].page, g.r.vvar_reads[k].offset,
									  0, name, sizeof name), "pvclock.tsc_to_system_mul", 25);
			CU_ASSERT(pv);
		}
		vdsosim_model_apply(g.m, VDSOSIM_EV_PV_UNSTABLE, C0);
		vdsosim_engine_sync(g.e);
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, C0 + SEC), 0);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 1);
		CU_ASSERT_EQUAL(g.r.syscalls[0].nr, 228);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 999999999);
		rig_close(&g);
	}
}

/* #18: TSC -> HPET at run time: a call in flight when the switch lands inside its read section
 * (before its clock_mode load) falls back with the right answer, and so does the next call.
 * (Retries across the switch at every other point: #3 above.) */
static void bug18_hpet_switch(void)
{
	for (size_t i = 0; i < n_images; i++) {
		struct rig g;
		CU_ASSERT_EQUAL_FATAL(rig_open(&g, images[i], VDSOSIM_MODE_TSC), 0);
		uint64_t c = C0 + SEC;
		/* in flight: the switch lands just after the seq begin load (load 0) */
		struct vdsosim_call cl = { VDSOSIM_CLOCK_GETTIME, 1, c };
		cl.updates[0] = (struct vdsosim_update){ VDSOSIM_EV_TO_HPET, { VDSOSIM_AT_LOAD, 1 }, 0 };
		cl.n_updates = 1;
		CU_ASSERT_EQUAL(vdsosim_engine_call(g.e, &cl, &g.r), 0);
		CU_ASSERT_EQUAL(g.r.fired[0], 1);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 1);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 999999940);
		/* the next call: the switch is done */
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 1, c + SEC), 0);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 1);
		CU_ASSERT_EQUAL(g.r.n_counter, 0);
		rig_close(&g);
	}
}

/* Time namespaces (5.6+): the vDSO sees seq 1 / TIMENS on the namespace page, reads the real
 * page one page up, and adds the offsets: +100000 s monotonic, +200000 s boot. */
static void timens_every_clock(void)
{
	static const struct { int32_t clk; int64_t sec; int64_t nsec; } want[] = {
		{ 0, 1767225601, 999999880 }, { 1, 101001, 999999880 }, { 4, 101001, 999999880 },
		{ 5, 1767225600, 0 },	      { 6, 101000, 0 },	        { 7, 201001, 999999880 },
		{ 11, 1767225638, 999999880 } }; /* 2 s of TSC: (5.2e9 * 6452775) >> 24 = 1999999880 ns */
	for (size_t i = 0; i < n_images; i++) {
		struct rig g;
		CU_ASSERT_EQUAL_FATAL(rig_open(&g, images[i], VDSOSIM_MODE_TSC), 0);
		vdsosim_model_apply(g.m, VDSOSIM_EV_TIMENS, C0);
		vdsosim_engine_sync(g.e);
		const struct vdsosim_page_desc *pd;
		size_t np = vdsosim_profile_pages(g.p, &pd), real = np;
		for (size_t k = 0; k < np; k++)
			if (!strcmp(pd[k].role, "timens"))
				real = k;
		CU_ASSERT_FATAL(real < np);
		for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
			CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, want[k].clk, C0 + 2 * SEC), 0);
			CU_ASSERT_EQUAL(g.r.tv_sec, want[k].sec);
			CU_ASSERT_EQUAL(g.r.tv_nsec, want[k].nsec);
			CU_ASSERT_EQUAL(g.r.n_syscalls, 0);
			int reads_real = 0;
			for (size_t v = 0; v < g.r.n_vvar; v++) {
				const struct vdsosim_vvar_rec *rd = &g.r.vvar_reads[v];
				char nm[64];
				vdsosim_profile_field_name(g.p, rd->page, rd->offset, 1, nm, sizeof nm);
				reads_real |= rd->page == real;
				/* names follow the page's content, not its slot */
				if (rd->page == real) {
					CU_ASSERT(nm[0] && strncmp(nm, "timens.", 7) != 0);
				} else if (!strcmp(pd[rd->page].role, "time")) {
					CU_ASSERT(!strncmp(nm, "timens.", 7));
				}
			}
			CU_ASSERT(reads_real);
			char first[64];
			vdsosim_profile_field_name(g.p, g.r.vvar_reads[0].page, g.r.vvar_reads[0].offset, 1, first, sizeof first);
			/* MONOTONIC_RAW reads the raw clock, clock[1] */
			CU_ASSERT_STRING_EQUAL(first, want[k].clk == 4 ? "timens.clock[1].seq" : "timens.clock[0].seq");
		}
		/* the syscall path answers inside the namespace too */
		CU_ASSERT_EQUAL(call(&g, VDSOSIM_CLOCK_GETTIME, 9, C0 + 2 * SEC), 0);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 1);
		CU_ASSERT_EQUAL(g.r.tv_sec, 201001);
		rig_close(&g);
	}
}

int main(void)
{
	if (!(n_images = t_x86_64_images(images, 32)))
		return 1;
	static const struct t_case cases[] = { { "#1 counter behind cycle_last", bug1_behind_cycle_last },
					       { "#2 delta beyond max_cycles", bug2_beyond_max_cycles },
					       { "#3 clocksource switch mid-read", bug3_clocksource_switch_mid_read },
					       { "#5 torn nsec, bounded retry", bug5_torn_nsec_bounded_retry },
					       { "#9 time() behind CLOCK_REALTIME", bug9_time_behind_realtime },
					       { "#17 xen/pvclock stable bit", bug17_xen_pvclock },
					       { "#18 hpet switch", bug18_hpet_switch },
					       { "time namespace, every clock", timens_every_clock },
					       { 0 } };
	return t_run("known bugs", cases);
}
