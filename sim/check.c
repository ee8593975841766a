/* check: random but valid timekeeper states and counters; every vDSO answer must equal the
 * model's (the syscall's) for the same instant, and take the path the era's vDSO must take. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/err.h"
#include "../common/parallel.h"
#include "findings.h"

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

static void draw_state(uint64_t *rng, struct vdsosim_state *st, const vdsosim_profile *p)
{
	vdsosim_state_default(st);
	/* mostly the CPU counter; otherwise any other mode this family has */
	uint64_t k = below(rng, 10);
	st->mode = VDSOSIM_MODE_TSC;
	if (k >= 7) {
		enum vdsosim_clock_mode others[VDSOSIM_NMODES];
		size_t n = 0;
		for (int md = 0; md < VDSOSIM_NMODES; md++)
			if (md != VDSOSIM_MODE_TSC && vdsosim_profile_mode_name(p, (enum vdsosim_clock_mode)md))
				others[n++] = (enum vdsosim_clock_mode)md;
		if (n) /* (ppc64 has its timebase alone) */
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
	const struct vdsosim_state *st = vdsosim_model_state(m);
	struct vdsosim_tk_view v;
	vdsosim_model_view(m, &v);
	uint64_t tsc = st->counter;
	uint64_t per_tick = st->freq_hz / st->hz;
	for (uint64_t i = below(rng, 4); i; i--) {
		tsc += per_tick * (1 + below(rng, 3)) + below(rng, per_tick);
		switch (below(rng, 3)) {
		case 0: vdsosim_model_tick(m, tsc); break;
		case 1: vdsosim_model_ntp_adjust(m, tsc, (int32_t)below(rng, v.maxadj / 8 + 1) - (int32_t)(v.maxadj / 16)); break;
		default:
			vdsosim_model_view(m, &v);
			if (v.xtime_sec < (uint64_t)KTIME_SEC_MAX)
				vdsosim_model_settimeofday(m, tsc, (int64_t)v.xtime_sec + (int64_t)below(rng, 100),
							   (uint32_t)below(rng, 1000000000));
		}
	}
	return tsc;
}

/* A counter value for the call, drawn from the interesting classes. */
static uint64_t draw_counter(uint64_t *rng, const vdsosim_model *m, uint64_t tsc)
{
	const struct vdsosim_state *st = vdsosim_model_state(m);
	struct vdsosim_tk_view v;
	vdsosim_model_view(m, &v);
	int tsc_units = v.mode == VDSOSIM_MODE_TSC || v.mode == VDSOSIM_MODE_NOCOMPAT || v.mode == VDSOSIM_MODE_GIC;
	uint64_t last = tsc_units ? v.cycle_last : tsc;
	uint64_t per_tick = st->freq_hz / st->hz;
	switch (below(rng, 6)) {
	case 0:                                            /* just behind cycle_last */
		if (tsc_units && v.counter_lags)         /* only x86 counters can lag across CPUs */
			return last - 1 - below(rng, 1000);
		if (tsc_units)
			return last + below(rng, 1000);
		/* paravirt clocks: behind the last update, never before the hypervisor's own stamp */
		return last - below(rng, last - st->counter < 1000 ? last - st->counter + 1 : 1000);
	case 1:                                            /* beyond max_cycles */
		if (v.max_cycles_checked && tsc_units)
			return last + v.max_cycles + 1 + below(rng, v.max_cycles * 4);
		return last + below(rng, per_tick * 8);
	case 2:                                            /* nsec rolls over a second */
		if (tsc_units) {
			uint64_t lim = 1000000000ULL << v.shift, need = (lim - v.xtime_nsec) / v.mult;
			return last + need + below(rng, 3) - 1;
		}
		return last + below(rng, per_tick);
	case 3: { /* within max_cycles, but no more than an hour: a fixed-rate counter (s390 TOD) has a
		   * max_cycles of weeks, which no ticking kernel lets pass */
		uint64_t span = tsc_units ? v.max_cycles : per_tick * 100;
		return last + below(rng, span < st->freq_hz * 3600 ? span : st->freq_hz * 3600);
	}
	default: return last + below(rng, per_tick * 4);
	}
}

static int run_case(vdsosim_engine *e, uint64_t idx, uint64_t *rng, struct vs_findings *out,
		    struct vdsosim_check_stats *stats, struct vdsosim_result *r)
{
	const vdsosim_profile *p = vdsosim_engine_profile(e);
	struct vdsosim_state st;
	draw_state(rng, &st, p);
	vdsosim_model *m = vdsosim_engine_model(e);
	int err = vdsosim_model_reset(m, &st);
	if (err)
		return err;
	struct vdsosim_finding f = { .index = idx, .hz = st.hz, .n_want = 1 };
	vdsosim_model_view(m, &f.state);
	uint64_t tsc = evolve(rng, m);
	uint64_t counter = draw_counter(rng, m, tsc);
	vdsosim_engine_sync(e);
	int bad = 0;
	for (int fn = 0; fn < VDSOSIM_NFUNCS; fn++) {
		if (fn == VDSOSIM_GETRANDOM || !vdsosim_profile_exports(p, (enum vdsosim_func)fn))
			continue; /* getrandom has no time to check; test_random covers it */
		int clocked = vdsosim_func_takes_clock((enum vdsosim_func)fn);
		size_t nclk = clocked ? sizeof check_clocks / sizeof *check_clocks : 1;
		for (size_t k = 0; k < nclk; k++) {
			struct vdsosim_call c = { (enum vdsosim_func)fn, clocked ? check_clocks[k] : 0, counter, 0, 0 };
			vdsosim_engine_call(e, &c, r);
			stats->calls++;
			if (r->status)
				stats->errors++;
			f.reason = vdsosim_result_verdict(m, &c, r, &f.want[0]);
			if (f.reason == VDSOSIM_WHY_NONE)
				continue;
			bad = 1;
			if (out) {
				vdsosim_model_view(m, &f.state); /* the state the call ran against */
				f.call = c;
				f.counter = counter;
				f.got = vdsosim_answer_result(&c, r);
				f.result = r;
				if ((err = vs_findings_add(out, &f)))
					return err;
			}
		}
	}
	stats->mismatches += bad;
	return 0;
}

struct check_ctx {
	const vdsosim_profile *p;
	const struct vdsosim_check_opts *o;
	struct worker_state {
		vdsosim_model *m;
		vdsosim_engine *e;
		struct vdsosim_result r;
		struct vdsosim_check_stats st;
	} *w;
	struct vs_findings *reports; /* per case */
};

static int check_init(void *ctx, int t)
{
	struct check_ctx *c = ctx;
	struct worker_state *w = &c->w[t];
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	vdsosim_result_init(&w->r);
	int err = vdsosim_model_new(&w->m, c->p, &st);
	return err ? err : vdsosim_engine_new(&w->e, c->p, w->m, NULL);
}

static int check_unit(void *ctx, int t, size_t i)
{
	struct check_ctx *c = ctx;
	struct worker_state *w = &c->w[t];
	uint64_t rng = c->o->seed * 0x100000001b3ULL + i; /* each case stands alone: shardable */
	w->st.cases++;
	return run_case(w->e, i, &rng, c->o->on_finding ? &c->reports[i] : NULL, &w->st, &w->r);
}

static void check_fini(void *ctx, int t)
{
	struct worker_state *w = &((struct check_ctx *)ctx)->w[t];
	vdsosim_result_clear(&w->r);
	vdsosim_engine_free(w->e);
	vdsosim_model_free(w->m);
}

static void par_progress(void *ud, size_t u, uint64_t done, uint64_t total)
{
	const struct vdsosim_check_opts *o = ud;
	(void)u;
	o->on_progress(o->progress_ud, done, total);
}

int vdsosim_check(const vdsosim_profile *prof, const struct vdsosim_check_opts *o, struct vdsosim_check_stats *stats)
{
	memset(stats, 0, sizeof *stats);
	int jobs = o->jobs > 1 ? o->jobs : 1;
	if (o->shards && o->shard >= o->shards)
		return vs_err(VDSOSIM_EARG, "shard %u of %u does not exist", o->shard + 1, o->shards);
	struct check_ctx c = { prof, o, calloc((size_t)jobs, sizeof *c.w),
			       o->on_finding ? calloc(o->cases ? o->cases : 1, sizeof *c.reports) : NULL };
	if (!c.w || (o->on_finding && !c.reports)) {
		free(c.w);
		free(c.reports);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	struct vs_par p = { o->cases, jobs, o->shard, o->shards, &c, check_init, check_unit, check_fini,
			    o->on_progress ? par_progress : NULL, (void *)o };
	int err = vs_par_run(&p);
	for (int t = 0; t < jobs; t++) {
		stats->cases += c.w[t].st.cases;
		stats->calls += c.w[t].st.calls;
		stats->mismatches += c.w[t].st.mismatches;
		stats->errors += c.w[t].st.errors;
	}
	for (uint64_t i = 0; c.reports && i < o->cases; i++) {
		for (size_t k = 0; !err && k < c.reports[i].n; k++)
			o->on_finding(o->ud, prof, &c.reports[i].f[k]);
		vs_findings_free(&c.reports[i]);
	}
	free(c.reports);
	free(c.w);
	return err;
}
