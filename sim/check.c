/* check: random but valid timekeeper states and counters; every vDSO answer must equal the
 * model's (the syscall's) for the same instant, and take the path the era's vDSO must take. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static uint64_t next(uint64_t *s)
{
	/* splitmix64: tiny, deterministic on every host */
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static uint64_t below(uint64_t *s, uint64_t n) { return n ? next(s) % n : 0; }

static const int32_t check_clocks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 23, 24, -1, -6, -2 };

#define KTIME_SEC_MAX 9223372036LL

static void draw_state(uint64_t *rng, struct vdsosim_state *st, const struct vs_layout *l)
{
	vdsosim_state_default(st);
	/* mostly the CPU counter; otherwise any other mode this family has */
	uint64_t k = below(rng, 10);
	st->mode = VDSOSIM_MODE_TSC;
	if (k >= 7) {
		enum vdsosim_clock_mode others[VDSOSIM_NMODES];
		size_t n = 0;
		for (int md = 0; md < VDSOSIM_NMODES; md++)
			if (md != VDSOSIM_MODE_TSC && l->mode_name[md])
				others[n++] = (enum vdsosim_clock_mode)md;
		st->mode = others[below(rng, n)];
	}
	st->freq_hz = 100000000 + below(rng, 4900000000ULL); /* the TSC */
	if (below(rng, 2))
		st->freq_hz -= st->freq_hz % 1000; /* registered in kHz like the TSC */
	st->counter = (1ULL << 20) + below(rng, 1ULL << 50);
	switch (below(rng, 4)) {
	case 0: st->realtime_sec = (int64_t)below(rng, 1ULL << 31); break;
	case 1: st->realtime_sec = 0x7fffffffLL - 500 + (int64_t)below(rng, 1000); break; /* 2038 */
	case 2: st->realtime_sec = KTIME_SEC_MAX - 5000 + (int64_t)below(rng, 5000); break; /* 2^63 ns */
	default: st->realtime_sec = (int64_t)below(rng, 1ULL << 34); break;
	}
	st->realtime_nsec = below(rng, 3) ? (uint32_t)below(rng, 1000000000) : 999999000 + (uint32_t)below(rng, 1000);
	st->monotonic_sec = (int64_t)below(rng, 10000000);
	st->monotonic_nsec = (uint32_t)below(rng, 1000000000);
	st->boot_offset_ns = below(rng, 2) ? (int64_t)below(rng, 1000000000000ULL) : 0;
	st->raw_offset_ns = (int64_t)below(rng, 2000000000) - 1000000000;
	st->tai_offset = (int32_t)below(rng, 40);
	st->highres = below(rng, 4) != 0;
	st->tz_minuteswest = (int32_t)below(rng, 1441) - 720;
	st->tz_dsttime = (int32_t)below(rng, 2);
	st->cpu = (uint32_t)below(rng, 4096);
	st->node = (uint32_t)below(rng, 1024);
}

/* Move the timekeeper along as a running kernel would: ticks, NTP, a clock step. */
static uint64_t evolve(uint64_t *rng, vdsosim_model *m)
{
	uint64_t tsc = m->st.counter;
	uint64_t per_tick = m->st.freq_hz / m->st.hz;
	for (uint64_t i = below(rng, 4); i; i--) {
		tsc += per_tick * (1 + below(rng, 3)) + below(rng, per_tick);
		switch (below(rng, 3)) {
		case 0: vdsosim_model_tick(m, tsc); break;
		case 1: vdsosim_model_ntp_adjust(m, tsc, (int32_t)below(rng, m->cs.maxadj / 8 + 1) - (int32_t)(m->cs.maxadj / 16)); break;
		default:
			if (m->xtime_sec < (uint64_t)KTIME_SEC_MAX)
				vdsosim_model_settimeofday(m, tsc, (int64_t)m->xtime_sec + (int64_t)below(rng, 100),
							   (uint32_t)below(rng, 1000000000));
		}
	}
	return tsc;
}

/* A counter value for the call, drawn from the interesting classes. */
static uint64_t draw_counter(uint64_t *rng, const vdsosim_model *m, uint64_t tsc)
{
	int tsc_units = m->cs.mode == VDSOSIM_MODE_TSC || m->cs.mode == VDSOSIM_MODE_NOCOMPAT;
	uint64_t last = tsc_units ? m->cycle_last : tsc;
	uint64_t per_tick = m->st.freq_hz / m->st.hz;
	int ovf = m->era && m->era->math == VS_MATH_X86_OVF;
	switch (below(rng, 6)) {
	case 0:                                                      /* just behind cycle_last */
		if (tsc_units && m->era->math != VS_MATH_GENERIC) /* only x86 counters can lag across CPUs */
			return last - 1 - below(rng, 1000);
		if (tsc_units)
			return last + below(rng, 1000);
		/* paravirt clocks: behind the last update, never before the hypervisor's own stamp */
		return last - below(rng, last - m->st.counter < 1000 ? last - m->st.counter + 1 : 1000);
	case 1:                                                      /* beyond max_cycles */
		if (ovf && tsc_units)
			return last + m->cs.max_cycles + 1 + below(rng, m->cs.max_cycles * 4);
		return last + below(rng, per_tick * 8);
	case 2:                                                      /* nsec rolls over a second */
		if (tsc_units) {
			uint64_t lim = NSEC_PER_SEC << m->shift, need = (lim - m->xtime_nsec) / m->mult;
			return last + need + below(rng, 3) - 1;
		}
		return last + below(rng, per_tick);
	case 3: return last + below(rng, (tsc_units ? m->cs.max_cycles : per_tick * 100));
	default: return last + below(rng, per_tick * 4);
	}
}

static int run_case(vdsosim_engine *e, uint64_t idx, uint64_t *rng, const struct vdsosim_check_opts *o,
		    struct vdsosim_check_stats *stats, struct vdsosim_result *r)
{
	struct vdsosim_state st;
	draw_state(rng, &st, e->layout);
	vdsosim_model *m = e->model;
	int err = vs_model_init(m, e->img->info.arch, e->img->info.kernel_version, &st);
	if (err)
		return err;
	vs_engine_bind_model(e);
	uint64_t tsc = evolve(rng, m);
	uint64_t counter = draw_counter(rng, m, tsc);
	vdsosim_engine_sync(e);
	int bad = 0;
	char why[512], report[1400];
	for (int f = 0; f < VDSOSIM_NFUNCS; f++) {
		if (!vdsosim_image_find(e->img, vdsosim_func_name((enum vdsosim_func)f)))
			continue;
		int clocked = vdsosim_func_takes_clock((enum vdsosim_func)f);
		size_t nclk = clocked ? sizeof check_clocks / sizeof *check_clocks : 1;
		for (size_t k = 0; k < nclk; k++) {
			struct vdsosim_call c = { (enum vdsosim_func)f, clocked ? check_clocks[k] : 0, counter, 0, 0 };
			vdsosim_engine_call(e, &c, r);
			stats->calls++;
			if (r->status)
				stats->errors++;
			if (vdsosim_result_matches(m, &c, r, why, sizeof why))
				continue;
			bad = 1;
			if (o->on_mismatch) {
				struct vdsosim_tk_view v;
				vdsosim_model_view(m, &v);
				snprintf(report, sizeof report,
					 "case %llu: %s\n  state: mode %s freq %llu Hz hz %u counter %llu cycle_last %llu "
					 "mult %u shift %u max_cycles %llu xtime %llu.(%llu<<%u) wtm %lld.%09lld boot %lld ns tai %d\n",
					 (unsigned long long)idx, why, vdsosim_engine_mode_name(e, m->cs.mode),
					 (unsigned long long)m->cs.freq_hz, m->st.hz, (unsigned long long)counter,
					 (unsigned long long)v.cycle_last, v.mult, v.shift, (unsigned long long)v.max_cycles,
					 (unsigned long long)v.xtime_sec, (unsigned long long)(v.xtime_nsec >> v.shift), v.shift,
					 (long long)v.wtm_sec, (long long)v.wtm_nsec, (long long)v.boot_offset_ns, v.tai_offset);
				o->on_mismatch(o->ud, report);
			}
		}
	}
	stats->mismatches += bad;
	return 0;
}

int vdsosim_check(const vdsosim_image *img, const struct vdsosim_check_opts *o, struct vdsosim_check_stats *stats)
{
	memset(stats, 0, sizeof *stats);
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	vdsosim_model *m = NULL;
	vdsosim_engine *e = NULL;
	int err = vdsosim_model_new(&m, img->info.arch, img->info.kernel_version, &st);
	if (!err)
		err = vdsosim_engine_new(&e, img, m, NULL);
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	for (uint64_t i = 0; !err && i < o->cases; i++) {
		uint64_t rng = o->seed * 0x100000001b3ULL + i; /* each case stands alone: shardable */
		err = run_case(e, i, &rng, o, stats, &r);
		stats->cases++;
	}
	vdsosim_result_clear(&r);
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	return err;
}
