/* kernel_model: the kernel's math against known answers (dmesg of this host, the live page,
 * hand computation), with no image and no CPU. */
#include "model.h"
#include "t.h"

static void test_clocksource(void)
{
	struct vs_clocksource cs;
	/* dmesg on the 6.18.44 host: "tsc: Detected 2600.000 MHz" and
	 * "clocksource: tsc: mask: 0xffffffffffffffff max_cycles: 0x257a3c3232d" */
	vs_clocksource_init(&cs, VDSOSIM_MODE_TSC, 2600000000ULL, UINT64_MAX, 1);
	CU_ASSERT_EQUAL(cs.mult, 6452775);
	CU_ASSERT_EQUAL(cs.shift, 24);
	CU_ASSERT_EQUAL(cs.max_cycles, 0x257a3c3232dULL);
	/* "clocksource: kvm-clock: mask: 0xffffffffffffffff max_cycles: 0x1cd42e4dffb" */
	vs_clocksource_init(&cs, VDSOSIM_MODE_PVCLOCK, 1000000000ULL, UINT64_MAX, 0);
	CU_ASSERT_EQUAL(cs.max_cycles, 0x1cd42e4dffbULL);
	/* hpet: 32-bit mask caps max_cycles */
	vs_clocksource_init(&cs, VDSOSIM_MODE_NONE, 14318180, 0xffffffffULL, 0);
	CU_ASSERT_EQUAL(cs.max_cycles, 0xffffffffULL);
	/* the live page: mult 6462389 gives max_cycles 2571601645294 (maxadj = mult * 11 / 100, kernel/time/clocksource.c) */
	CU_ASSERT_EQUAL(vs_calc_max_cycles(6462389, 6462389u * 11 / 100, UINT64_MAX), 2571601645294ULL);
}

/* The x86 TSC registers tsc_khz whatever its rate in Hz: a rate of 2^32 Hz or more must not be
 * truncated to 32 bits, and a rate that is not whole kHz gives the kHz registration's mult.
 * Expected values: clocks_calc_mult_shift(khz, NSEC_PER_MSEC, 600 * 1000) by hand. */
static void test_tsc_khz(void)
{
	static const struct { uint64_t hz; uint32_t mult, shift; uint64_t max_cycles; } cases[] = {
		{ 2600000500ULL, 6452775, 24, 2575432885037ULL }, /* as 2600000 kHz (the 6.18.44 host) */
		{ 4294967297ULL, 3906250, 24, 4254384709397ULL }, /* was shift 1, mult 2000000000 */
		{ 4296431298ULL, 3904919, 24, 4255834423136ULL }, /* was mult 2864957835 at shift 22 */
		{ 5000000000ULL, 3355443, 24, 4952756346006ULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct vdsosim_state st;
		vdsosim_state_default(&st);
		st.freq_hz = cases[i].hz;
		vdsosim_model *m = NULL;
		CU_ASSERT_EQUAL_FATAL(vdsosim_model_new_generic(&m, "x86_64", KV(6, 12, 0), &st), 0);
		struct vdsosim_tk_view v;
		vdsosim_model_view(m, &v);
		CU_ASSERT_EQUAL(v.mult, cases[i].mult);
		CU_ASSERT_EQUAL(v.shift, cases[i].shift);
		CU_ASSERT_EQUAL(v.max_cycles, cases[i].max_cycles);
		vdsosim_model_free(m);
	}
	/* the arch timer registers in Hz (a u32 in the kernel) */
	struct vs_clocksource cs;
	vs_clocksource_init(&cs, VDSOSIM_MODE_TSC, 19200000, (1ULL << 56) - 1, 0);
	CU_ASSERT_EQUAL(cs.mult, 873813333);
	CU_ASSERT_EQUAL(cs.shift, 24);
}

static void test_math64(void)
{
	CU_ASSERT_EQUAL(vs_mul_u64_u32_add_u64_shr(1ULL << 40, 1u << 30, 5, 10), 1ULL << 60);
	CU_ASSERT_EQUAL(vs_mul_u64_u32_add_u64_shr(UINT64_MAX, 0xffffffffu, UINT64_MAX, 32), UINT64_MAX);
	CU_ASSERT_EQUAL(vs_mul_u64_u64_shr64(1ULL << 63, 4), 2);
	CU_ASSERT_EQUAL(vs_mul_u64_u64_shr64(UINT64_MAX, UINT64_MAX), UINT64_MAX - 1);
#ifdef __SIZEOF_INT128__
	uint64_t s = 42;
	for (int i = 0; i < 100000; i++) {
		s = s * 6364136223846793005ULL + 1442695040888963407ULL;
		uint64_t a = s, b = s * 31 + 7;
		uint32_t m = (uint32_t)(s >> 17);
		unsigned sh = (unsigned)(s >> 58);
		unsigned __int128 ref = ((unsigned __int128)a * m + b) >> sh;
		CU_ASSERT_EQUAL_FATAL(vs_mul_u64_u32_add_u64_shr(a, m, b, sh), (uint64_t)ref);
		CU_ASSERT_EQUAL_FATAL(vs_mul_u64_u64_shr64(a, b), (uint64_t)(((unsigned __int128)a * b) >> 64));
	}
#endif
}

static void test_dates(void)
{
	int64_t s;
	uint32_t ns;
	CU_ASSERT_EQUAL(vdsosim_parse_date("2026-01-01T00:00:00Z", &s, &ns), 0);
	CU_ASSERT_EQUAL(s, 1767225600);
	CU_ASSERT_EQUAL(vdsosim_parse_date("2038-01-19T03:14:07.5Z", &s, &ns), 0);
	CU_ASSERT_EQUAL(s, 2147483647);
	CU_ASSERT_EQUAL(ns, 500000000);
	CU_ASSERT_EQUAL(vdsosim_parse_date("1970-01-01T00:00:00Z", &s, &ns), 0);
	CU_ASSERT_EQUAL(s, 0);
	CU_ASSERT_EQUAL(vdsosim_parse_date("@123.000000042", &s, &ns), 0);
	CU_ASSERT_EQUAL(s, 123);
	CU_ASSERT_EQUAL(ns, 42);
	CU_ASSERT_EQUAL(vdsosim_parse_date("yesterday", &s, &ns), VDSOSIM_EARG);
	CU_ASSERT_EQUAL(vdsosim_parse_date("2026-13-01T00:00:00Z", &s, &ns), VDSOSIM_EARG);
	int32_t c;
	CU_ASSERT_EQUAL(vdsosim_clock_parse("CLOCK_MONOTONIC", &c), 0);
	CU_ASSERT_EQUAL(c, 1);
	CU_ASSERT_EQUAL(vdsosim_clock_parse("monotonic_raw", &c), 0);
	CU_ASSERT_EQUAL(c, 4);
	CU_ASSERT_EQUAL(vdsosim_clock_parse("11", &c), 0);
	CU_ASSERT_EQUAL(c, 11);
	CU_ASSERT_EQUAL(vdsosim_clock_parse("CLOCK_BOGUS", &c), VDSOSIM_EARG);
	/* a 32-bit host's strtol saturates at 2^31-1: the id must still be out of range */
	CU_ASSERT_EQUAL(vdsosim_clock_parse("4294967297", &c), VDSOSIM_EARG);
	CU_ASSERT_EQUAL(vdsosim_clock_parse("2147483648", &c), VDSOSIM_EARG);
	CU_ASSERT_EQUAL(vdsosim_clock_parse("99999999999999999999", &c), VDSOSIM_EARG);
	CU_ASSERT_EQUAL(vdsosim_clock_parse("-2147483648", &c), 0);
	CU_ASSERT_EQUAL(c, INT32_MIN);
}

static vdsosim_model *mk(uint32_t ver)
{
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	vdsosim_model *m = NULL;
	CU_ASSERT_EQUAL(vdsosim_model_new_generic(&m, "x86_64", ver, &st), 0);
	return m;
}

static void test_timekeeper(void)
{
	vdsosim_model *m = mk(KV(6, 12, 0));
	CU_ASSERT_PTR_NOT_NULL_FATAL(m);
	const uint64_t c0 = 1000000000000ULL, sec1 = 2600000000ULL;
	struct vdsosim_timespec t, u;
	CU_ASSERT_EQUAL(vdsosim_model_clock_gettime(m, c0, 0, &t), 0);
	CU_ASSERT_EQUAL(t.sec, 1767225600);
	CU_ASSERT_EQUAL(t.nsec, 0);
	/* one second of TSC at mult 6452775 >> 24 is 999999940 ns (by hand) */
	vdsosim_model_clock_gettime(m, c0 + sec1, 1, &t);
	CU_ASSERT_EQUAL(t.sec, 1000);
	CU_ASSERT_EQUAL(t.nsec, 999999940);
	vdsosim_model_clock_gettime(m, c0 + sec1, 11, &t);
	CU_ASSERT_EQUAL(t.sec, 1767225600 + 37);
	/* a tick moves cycle_last by whole intervals (10400001 cycles at HZ 250) and changes nothing */
	vdsosim_model_tick(m, c0 + 2 * 10400001 + 5);
	struct vdsosim_tk_view v;
	vdsosim_model_view(m, &v);
	CU_ASSERT_EQUAL(v.cycle_last, c0 + 2 * 10400001);
	vdsosim_model_clock_gettime(m, c0 + sec1, 1, &u);
	CU_ASSERT_EQUAL(u.sec, 1000);
	CU_ASSERT_EQUAL(u.nsec, 999999940);
	/* settimeofday steps REALTIME, MONOTONIC stays continuous */
	vdsosim_model_clock_gettime(m, c0 + sec1, 1, &t);
	CU_ASSERT_EQUAL(vdsosim_model_settimeofday(m, c0 + sec1, 2000000000, 5), 0);
	vdsosim_model_clock_gettime(m, c0 + sec1, 0, &u);
	CU_ASSERT_EQUAL(u.sec, 2000000000);
	CU_ASSERT_EQUAL(u.nsec, 5);
	vdsosim_model_clock_gettime(m, c0 + sec1, 1, &u);
	CU_ASSERT_EQUAL(u.sec, t.sec);
	CU_ASSERT_EQUAL(u.nsec, t.nsec);
	CU_ASSERT_EQUAL(vdsosim_model_time(m), 2000000000);
	/* NTP: continuous at the adjustment, faster after it */
	uint64_t c1 = c0 + 2 * sec1;
	vdsosim_model_clock_gettime(m, c1, 1, &t);
	CU_ASSERT_EQUAL(vdsosim_model_ntp_adjust(m, c1, 100), 0);
	vdsosim_model_clock_gettime(m, c1, 1, &u);
	CU_ASSERT_EQUAL(u.sec * 1000000000 + u.nsec, t.sec * 1000000000 + t.nsec);
	vdsosim_model_clock_gettime(m, c1 + sec1, 1, &u);
	/* 2.6e9 cycles * 6452875 >> 24 = 1000015437 ns after the adjustment */
	CU_ASSERT_EQUAL((u.sec - t.sec) * 1000000000 + (u.nsec - t.nsec), 1000015437);
	CU_ASSERT_EQUAL(vdsosim_model_ntp_adjust(m, c1, 10000000), VDSOSIM_EARG);
	vdsosim_model_free(m);
}

static void test_syscall_semantics(void)
{
	vdsosim_model *m = mk(KV(6, 1, 0));
	struct vdsosim_timespec t;
	CU_ASSERT_EQUAL(vdsosim_model_clock_gettime(m, 0, -1, &t), -22);
	CU_ASSERT_EQUAL(vdsosim_model_clock_gettime(m, 0, 10, &t), -22);
	CU_ASSERT_EQUAL(vdsosim_model_clock_gettime(m, 0, 12, &t), -22);
	CU_ASSERT_EQUAL(vdsosim_model_clock_gettime(m, 0, 16, &t), -22); /* no aux clocks before 6.17 */
	CU_ASSERT_EQUAL(vdsosim_model_clock_gettime(m, 0, 2, &t), 0);
	CU_ASSERT_EQUAL(t.nsec, 1234567);
	CU_ASSERT_EQUAL(vdsosim_model_clock_gettime(m, 0, -6, &t), 0); /* pid 0 process clock */
	CU_ASSERT_EQUAL(vdsosim_model_clock_gettime(m, 0, -2, &t), 0); /* pid 0 thread clock */
	CU_ASSERT_EQUAL(t.nsec, 234567);
	CU_ASSERT_EQUAL(vdsosim_model_clock_getres(m, 5, &t), 0);
	CU_ASSERT_EQUAL(t.nsec, 4000000); /* TICK_NSEC at HZ 250 */
	CU_ASSERT_EQUAL(vdsosim_model_clock_getres(m, 1, &t), 0);
	CU_ASSERT_EQUAL(t.nsec, 1);
	CU_ASSERT_EQUAL(vdsosim_model_clock_getres(m, 99, &t), -22);
	vdsosim_model_free(m);
	m = mk(KV(6, 18, 0));
	CU_ASSERT_EQUAL(vdsosim_model_clock_gettime(m, 0, 16, &t), -19); /* aux clock, not enabled */
	CU_ASSERT_EQUAL(vdsosim_model_clock_getres(m, 16, &t), 0);
	vdsosim_model_free(m);
}

static void test_layout(void)
{
	char b[64];
	const struct vs_layout *l = vs_layout_find("x86_64", KV(6, 18, 44));
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_EQUAL(l->n_pages, 6);
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 0, 0, 0, b, sizeof b), "clock[0].seq");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 0, 0x10, 0, b, sizeof b), "clock[0].max_cycles");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 0, 0x28, 0, b, sizeof b), "clock[0].basetime[REALTIME].sec");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 0, 0xe8, 0, b, sizeof b), "clock[1].seq");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 0, 0x910, 0, b, sizeof b), "tz_minuteswest");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 0, 0x918, 0, b, sizeof b), "hrtimer_res");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 2, 8, 0, b, sizeof b), "rng.is_ready");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 4, 0, 0, b, sizeof b), "pvclock.version");
	l = vs_layout_find("x86_64", KV(6, 1, 176));
	CU_ASSERT_PTR_NOT_NULL_FATAL(l);
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 0, 0x80, 0, b, sizeof b), "clock[0].seq");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 0, 0x80 + 240 + 32 + 64 + 8, 0, b, sizeof b),
			       "clock[1].basetime[MONOTONIC_RAW].nsec");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 3, 0x80, 0, b, sizeof b), "timens.clock[0].seq");
	/* in a time namespace the slots trade contents: names follow the content */
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 0, 0x80, 1, b, sizeof b), "timens.clock[0].seq");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 0, 0x80 + 0x30, 1, b, sizeof b),
			       "timens.clock[0].offset[MONOTONIC].sec");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 3, 0x80, 1, b, sizeof b), "clock[0].seq");
	CU_ASSERT_STRING_EQUAL(vs_layout_field_name(l, 3, 0x80 + 0x30, 1, b, sizeof b),
			       "clock[0].basetime[MONOTONIC].sec");
	CU_ASSERT_PTR_NULL(vs_layout_find("x86_64", KV(4, 19, 0)));
	CU_ASSERT_PTR_NULL(vs_layout_find("x86_64", KV(7, 4, 0)));
}

static void test_vvar_roundtrip_and_live_page(void)
{
	/* the live [vvar] page of the 6.18.44 host: the reader recovers the kernel's values */
	size_t len;
	uint8_t *p = t_read(IMG("x86_64/6.18.44-fc-v669-live-vvar.bin"), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(p);
	CU_ASSERT_EQUAL(len, 16384);
	const struct vs_layout *l = vs_layout_find("x86_64", KV(6, 18, 44));
	uint8_t *pages = calloc(l->n_pages, l->page_size);
	memcpy(pages, p, len);
	vdsosim_model *m = mk(KV(6, 18, 44));
	CU_ASSERT_EQUAL(vs_vvar_read(m, l, pages, 0), 0);
	struct vdsosim_tk_view v;
	vdsosim_model_view(m, &v);
	CU_ASSERT_EQUAL(v.mult, 6462389);
	CU_ASSERT_EQUAL(v.shift, 24);
	CU_ASSERT_EQUAL(v.max_cycles, 2571601645294ULL);
	CU_ASSERT_EQUAL(v.mask, UINT64_MAX);
	CU_ASSERT_EQUAL(vdsosim_model_state(m)->mode, VDSOSIM_MODE_TSC);
	/* writing the recovered model reproduces the kernel's page byte for byte in its fields */
	uint8_t *again = calloc(l->n_pages, l->page_size);
	vs_vvar_write(m, l, again, 0);
	CU_ASSERT_EQUAL(memcmp(again, pages, 0x28 + 16 * 12), 0);          /* clock[0] */
	CU_ASSERT_EQUAL(memcmp(again + 232, pages + 232, 0x28 + 16 * 12), 0); /* clock[1] */
	free(again);
	free(pages);
	free(p);
	vdsosim_model_free(m);
}

int main(void)
{
	static const struct t_case cases[] = { { "clocksource mult/shift/max_cycles", test_clocksource },
					       { "TSC registered in kHz at any rate", test_tsc_khz },
					       { "128-bit helpers", test_math64 },
					       { "dates and clock names", test_dates },
					       { "timekeeper: tick, settimeofday, NTP", test_timekeeper },
					       { "syscall semantics", test_syscall_semantics },
					       { "layout table", test_layout },
					       { "vvar reader/writer on the live page", test_vvar_roundtrip_and_live_page },
					       { 0 } };
	return t_run("kernel_model", cases);
}
