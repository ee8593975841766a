/* check: random but valid timekeeper states and counters; every vDSO answer must equal the
 * model's (the syscall's) for the same instant, and take the path the era's vDSO must take. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "parallel.h"

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

static int run_case(vdsosim_engine *e, uint64_t idx, uint64_t *rng, struct vs_texts *out,
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
		if (f == VDSOSIM_GETRANDOM || !vdsosim_image_find(e->img, vdsosim_func_name((enum vdsosim_func)f)))
			continue; /* getrandom has no time to check; test_random covers it */
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
			if (out) {
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
				if (vs_texts_add(out, report))
					return vs_err(VDSOSIM_ENOMEM, "out of memory");
			}
		}
	}
	stats->mismatches += bad;
	return 0;
}

struct check_ctx {
	const vdsosim_image *img;
	const struct vdsosim_check_opts *o;
	struct worker_state {
		vdsosim_model *m;
		vdsosim_engine *e;
		struct vdsosim_result r;
		struct vdsosim_check_stats st;
	} *w;
	struct vs_texts *reports; /* per case */
};

static int check_init(void *ctx, int t)
{
	struct check_ctx *c = ctx;
	struct worker_state *w = &c->w[t];
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	vdsosim_result_init(&w->r);
	int err = vdsosim_model_new(&w->m, c->img->info.arch, c->img->info.kernel_version, &st);
	return err ? err : vdsosim_engine_new(&w->e, c->img, w->m, NULL);
}

static int check_unit(void *ctx, int t, size_t i)
{
	struct check_ctx *c = ctx;
	struct worker_state *w = &c->w[t];
	uint64_t rng = c->o->seed * 0x100000001b3ULL + i; /* each case stands alone: shardable */
	w->st.cases++;
	return run_case(w->e, i, &rng, c->o->on_mismatch ? &c->reports[i] : NULL, &w->st, &w->r);
}

static void check_fini(void *ctx, int t)
{
	struct worker_state *w = &((struct check_ctx *)ctx)->w[t];
	vdsosim_result_clear(&w->r);
	vdsosim_engine_free(w->e);
	vdsosim_model_free(w->m);
}

int vdsosim_check(const vdsosim_image *img, const struct vdsosim_check_opts *o, struct vdsosim_check_stats *stats)
{
	memset(stats, 0, sizeof *stats);
	int jobs = o->jobs > 1 ? o->jobs : 1;
	if (o->shards && o->shard >= o->shards)
		return vs_err(VDSOSIM_EARG, "shard %u of %u does not exist", o->shard + 1, o->shards);
	struct check_ctx c = { img, o, calloc((size_t)jobs, sizeof *c.w),
			       o->on_mismatch ? calloc(o->cases ? o->cases : 1, sizeof *c.reports) : NULL };
	if (!c.w || (o->on_mismatch && !c.reports)) {
		free(c.w);
		free(c.reports);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	struct vs_par p = { o->cases, jobs, o->shard, o->shards, &c, check_init, check_unit, check_fini };
	int err = vs_par_run(&p);
	for (int t = 0; t < jobs; t++) {
		stats->cases += c.w[t].st.cases;
		stats->calls += c.w[t].st.calls;
		stats->mismatches += c.w[t].st.mismatches;
		stats->errors += c.w[t].st.errors;
	}
	for (uint64_t i = 0; c.reports && i < o->cases; i++) {
		for (size_t k = 0; !err && k < c.reports[i].n; k++)
			o->on_mismatch(o->ud, c.reports[i].s[k]);
		vs_texts_free(&c.reports[i]);
	}
	free(c.reports);
	free(c.w);
	return err;
}
