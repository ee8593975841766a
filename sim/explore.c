/* explore: inject a timekeeper (or hypervisor) update before every instruction and every data
 * load of a call, for every event, function and clock, and judge each run:
 *  - linearizable: the result is the model's answer for the state before or after the update,
 *    at the counter value the call read, never a mix;
 *  - retry: an update landing between the reader's seq begin and its retry check causes a retry;
 *  - fallback: a syscall is made exactly when the state at the decisive read requires one;
 *  - monotonic: monotonic clocks never read behind the state before the update. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/err.h"
#include "../common/grow.h"
#include "../common/parallel.h"
#include "findings.h"

enum { TRACE = VDSOSIM_TRACE_INJECT | VDSOSIM_TRACE_VVAR | VDSOSIM_TRACE_INSNS };

static int is_monotonic(int32_t clk) { return clk == 1 || clk == 4 || clk == 6 || clk == 7; }

static int64_t ns_of(int64_t sec, int64_t nsec) { return sec * 1000000000LL + nsec; }

static int same(struct vdsosim_answer a, struct vdsosim_answer b) { return a.ret == b.ret && a.sec == b.sec && a.sub == b.sub; }

/* The first seq load that saw an even seq, and the retry check of the same field. */
static void read_section(const struct vdsosim_result *r, uint64_t *first, uint64_t *second)
{
	*first = *second = UINT64_MAX;
	for (size_t i = 0; i < r->n_vvar; i++) {
		const struct vdsosim_vvar_rec *v = &r->vvar_reads[i];
		if (!v->is_seq)
			continue;
		if (*first == UINT64_MAX && !(v->value & 1))
			*first = i;
		else if (*first != UINT64_MAX && *second == UINT64_MAX && v->page == r->vvar_reads[*first].page &&
			 v->offset == r->vvar_reads[*first].offset)
			*second = i;
	}
}

struct points { struct vdsosim_explore_point *p; size_t n, cap; };

struct reporter {
	const struct vdsosim_explore_opts *o;
	size_t reported;
	uint64_t runs;
	struct vs_findings *out; /* the unit's findings, handed on in unit order at the end */
	struct points *pts;      /* the unit's runs, likewise (with on_point) */
};

static const char *const verdicts[VDSOSIM_NVERDICTS] = { "linearizable", "retry", "fallback", "violation" };

const char *vdsosim_verdict_name(enum vdsosim_verdict v) { return v < VDSOSIM_NVERDICTS ? verdicts[v] : "?"; }

/* Judge one run against the states the engine reports (before, [mid,] after); its reason. */
static enum vdsosim_reason judge(const struct vdsosim_call *c, const struct vdsosim_result *r, int expect_retry, int has_event,
		 enum vdsosim_event ev, struct reporter *rp, struct vdsosim_explore_stats *st)
{
	struct vdsosim_finding f = { .index = rp->runs++, .call = *c, .has_event = has_event, .event = ev,
				     .counter = r->now, .n_want = r->n_states, .result = r };
	f.got = vdsosim_answer_result(c, r);
	for (unsigned i = 0; i < r->n_states; i++)
		f.want[i] = vdsosim_answer_model(r->states[i], c, r->now, r->time_bytes);
	const struct vdsosim_answer *first = &f.want[0], *last = &f.want[r->n_states - 1];
	if (r->status) {
		f.reason = VDSOSIM_WHY_ERROR;
		st->errors++;
	} else {
		int any = 0, may_fall = 0, may_serve = 0;
		for (unsigned i = 0; i < r->n_states; i++) {
			any |= same(f.got, f.want[i]);
			may_fall |= !f.want[i].vdso;
			may_serve |= f.want[i].vdso;
		}
		st->retries += r->retries;
		st->retry_runs += r->retries > 0;
		st->fallbacks += r->n_syscalls > 0;
		if (!any)
			f.reason = VDSOSIM_WHY_TORN;
		else if (r->n_syscalls && !may_fall)
			f.reason = VDSOSIM_WHY_SYSCALL_MADE;
		else if (!r->n_syscalls && !may_serve)
			f.reason = VDSOSIM_WHY_NO_SYSCALL;
		else if (r->n_syscalls > 1)
			f.reason = VDSOSIM_WHY_SYSCALL_COUNT;
		else if (expect_retry && !r->retries && !r->n_syscalls)
			f.reason = VDSOSIM_WHY_NO_RETRY;
		else if (vdsosim_func_base(c->func) == VDSOSIM_CLOCK_GETTIME && is_monotonic(c->clock) && !f.got.ret &&
			 (ns_of(f.got.sec, f.got.sub) < ns_of(first->sec, first->sub) ||
			  ns_of(f.got.sec, f.got.sub) > ns_of(last->sec, last->sub)))
			f.reason = VDSOSIM_WHY_MONOTONIC;
	}
	if (!f.reason)
		return VDSOSIM_WHY_NONE;
	st->violations++;
	if (rp->o->on_finding && rp->reported++ < rp->o->max_reports) {
		vdsosim_model_view(r->states[0], &f.state);
		f.hz = vdsosim_model_state(r->states[0])->hz;
		vs_findings_add(rp->out, &f);
	}
	return f.reason;
}

/* A counter value where a tick has whole intervals to accumulate (2.5 ticks past the state). */
static uint64_t call_counter(const struct vdsosim_state *st) { return st->counter + st->freq_hz / st->hz * 5 / 2; }

struct plan {
	enum vdsosim_event ev;
	int pair; /* 0: one update; 1: the event twice; 2: the event then its inverse */
};

static void keep_point(struct reporter *rp, const struct vdsosim_call *c, const struct plan *p,
		       const struct vdsosim_result *r, int in_section, enum vdsosim_reason why)
{
	struct points *ps = rp->pts;
	if (!rp->o->on_point || !VS_GROW(ps->p, ps->cap, ps->n))
		return; /* out of memory: the heatmap loses runs, the verdicts stand */
	ps->p[ps->n++] = (struct vdsosim_explore_point){
		.func = c->func, .clock = c->clock, .event = p->ev, .pair = p->pair, .at = c->updates[0].at,
		.fired = r->fired[0], .pc = r->fired_pc[0], .in_read_section = in_section,
		.verdict = why ? VDSOSIM_V_VIOLATION : r->n_syscalls ? VDSOSIM_V_FALLBACK
						: r->retries ? VDSOSIM_V_RETRY : VDSOSIM_V_LINEARIZABLE,
		.reason = why, .insns = r->insns, .audit = r->audit };
}

static int time_data_event(enum vdsosim_event ev)
{
	return ev != VDSOSIM_EV_PV_UPDATE && ev != VDSOSIM_EV_PV_UNSTABLE && ev != VDSOSIM_EV_PV_STABLE &&
	       ev != VDSOSIM_EV_HV_INVALID;
}

static int explore_one(vdsosim_engine *e, const vdsosim_model *before, struct vdsosim_call *c, const struct plan *p,
		       uint64_t cnt, const struct vdsosim_explore_opts *o, struct reporter *rp,
		       struct vdsosim_explore_stats *st, struct vdsosim_result *r)
{
	vdsosim_model *m = vdsosim_engine_model(e);
	enum vdsosim_event land = vdsosim_event_landing(p->ev);
	/* probe: the uninjected call fixes the instruction and load counts */
	vdsosim_model_assign(m, before);
	vdsosim_engine_sync(e);
	c->n_updates = 0;
	vdsosim_engine_call(e, c, r);
	if (judge(c, r, 0, 0, p->ev, rp, st) != VDSOSIM_WHY_NONE)
		return 0;
	uint64_t n_insn = r->insns, n_load = r->n_vvar, s0, s1;
	read_section(r, &s0, &s1);
	uint64_t load_insn[256];
	for (size_t i = 0; i < n_load && i < 256; i++)
		load_insn[i] = r->vvar_reads[i].insn;
	int seqed = time_data_event(p->ev);
	c->stall_spins = o->stall_spins;

	if (!p->pair) {
		c->n_updates = 1;
		for (int kind = VDSOSIM_AT_INSN; kind <= VDSOSIM_AT_LOAD; kind++)
			for (uint64_t k = 0; k < (kind == VDSOSIM_AT_INSN ? n_insn : n_load); k++) {
				vdsosim_model_assign(m, before);
				vdsosim_engine_sync(e);
				c->updates[0] = (struct vdsosim_update){ land, { (enum vdsosim_point_kind)kind, k }, 0 };
				/* loads before this point in the probe: does it fall inside begin..retry? */
				uint64_t loads_before = k;
				if (kind == VDSOSIM_AT_INSN)
					for (loads_before = 0; loads_before < n_load && loads_before < 256 &&
							       load_insn[loads_before] < k;)
						loads_before++;
				int in_section = s1 != UINT64_MAX && loads_before > s0 && loads_before <= s1;
				int expect_retry = seqed && in_section && p->ev != VDSOSIM_EV_STALL;
				vdsosim_engine_call(e, c, r);
				st->points++;
				st->per_event_points[p->ev]++;
				if (p->ev == VDSOSIM_EV_STALL && r->stall_completed && !r->status)
					st->stalls_handled++;
				enum vdsosim_reason why = judge(c, r, expect_retry, 1, p->ev, rp, st);
				st->per_event_violations[p->ev] += why != VDSOSIM_WHY_NONE;
				keep_point(rp, c, p, r, in_section, why);
			}
		return 0;
	}
	/* two updates, at every pair of instruction boundaries a < b; a reader never sees an update
	 * made at a later counter than it reads, so the call reads at the second one's counter */
	c->n_updates = 2;
	c->updates[0] = (struct vdsosim_update){ land, { VDSOSIM_AT_INSN, 0 }, cnt };
	c->updates[1] = (struct vdsosim_update){ p->pair == 2 ? VDSOSIM_EV_TO_TSC : land, { VDSOSIM_AT_INSN, 0 },
						 p->pair == 2 ? cnt : c->counter };
	for (uint64_t a = 0; a < n_insn; a++)
		for (uint64_t b = a + 1; b < n_insn; b++) {
			vdsosim_model_assign(m, before);
			vdsosim_engine_sync(e);
			c->updates[0].at.n = a;
			c->updates[1].at.n = b;
			vdsosim_engine_call(e, c, r);
			st->points++;
			st->per_event_points[p->ev]++;
			enum vdsosim_reason why = judge(c, r, 0, 1, p->ev, rp, st);
			st->per_event_violations[p->ev] += why != VDSOSIM_WHY_NONE;
			keep_point(rp, c, p, r, 0, why);
		}
	return 0;
}

static const int32_t explore_clocks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

struct explore_ctx {
	const vdsosim_profile *p;
	struct vdsosim_explore_opts o;
	struct plan plans[VDSOSIM_NEVENTS + 4];
	size_t n_plans;
	struct explore_worker {
		struct vdsosim_result r;
		struct vdsosim_explore_stats st;
	} *w;
	struct vs_findings *reports; /* per plan */
	struct points *points;       /* per plan */
};

static int explore_init(void *ctx, int t)
{
	vdsosim_result_init(&((struct explore_ctx *)ctx)->w[t].r);
	return 0;
}

static void explore_fini(void *ctx, int t) { vdsosim_result_clear(&((struct explore_ctx *)ctx)->w[t].r); }

/* One plan: its own model and engine in the event's starting state, every function and clock. */
static int explore_unit(void *ctx, int t, size_t pi)
{
	struct explore_ctx *c = ctx;
	struct explore_worker *w = &c->w[t];
	const struct plan *p = &c->plans[pi];
	const struct vdsosim_explore_opts *o = &c->o;
	const vdsosim_profile *prof = c->p;
	struct reporter rp = { o, 0, 0, &c->reports[pi], &c->points[pi] };
	struct vdsosim_engine_opts eo = { .trace = TRACE | (o->audit ? VDSOSIM_TRACE_AUDIT | VDSOSIM_TRACE_STACK : 0),
					  .stack_limit = o->stack_limit };
	struct vdsosim_state s;
	vdsosim_state_default(&s);
	s.mode = vdsosim_event_base_mode(p->ev);
	s.cpu = 3;
	s.node = 1;
	int foreign = !vdsosim_profile_mode_name(prof, s.mode) ||
		      (p->ev == VDSOSIM_EV_TO_PVCLOCK && !vdsosim_profile_mode_name(prof, VDSOSIM_MODE_PVCLOCK)) ||
		      (p->ev == VDSOSIM_EV_TO_HPET && !vdsosim_profile_mode_name(prof, VDSOSIM_MODE_NONE));
	if (foreign || (p->ev == VDSOSIM_EV_TIMENS && !vdsosim_profile_has_timens(prof)))
		return 0; /* not in this family or era */
	vdsosim_model *m = NULL, *before = NULL;
	vdsosim_engine *e = NULL;
	int err = vdsosim_model_new(&m, prof, &s);
	if (!err)
		err = vdsosim_engine_new(&e, prof, m, &eo);
	if (!err)
		err = vdsosim_event_prepare(m, p->ev, s.counter);
	if (!err)
		err = vdsosim_model_dup(&before, m);
	uint64_t cnt = call_counter(&s);
	uint64_t read_at = p->pair == 1 ? cnt + s.freq_hz / s.hz * 3 : cnt;
	for (int f = 0; !err && f < VDSOSIM_NFUNCS; f++) {
		if ((o->func >= 0 && f != o->func) || !vdsosim_profile_exports(prof, (enum vdsosim_func)f) ||
		    f == VDSOSIM_GETRANDOM)
			continue;
		int clocked = vdsosim_func_takes_clock((enum vdsosim_func)f);
		size_t nclk = clocked ? sizeof explore_clocks / sizeof *explore_clocks : 1;
		for (size_t k = 0; k < nclk; k++) {
			if (clocked && o->has_clock && explore_clocks[k] != o->clock)
				continue;
			struct vdsosim_call cl = { (enum vdsosim_func)f, clocked ? explore_clocks[k] : 0, read_at,
						   o->counter_step, 0, o->counter_per_insn };
			explore_one(e, before, &cl, p, cnt, o, &rp, &w->st, &w->r);
		}
	}
	vdsosim_engine_free(e);
	vdsosim_model_free(before);
	vdsosim_model_free(m);
	return err;
}

static void par_progress(void *ud, size_t u, uint64_t done, uint64_t total)
{
	const struct vdsosim_explore_opts *o = ud;
	(void)u;
	o->on_progress(o->progress_ud, done, total);
}

int vdsosim_explore(const vdsosim_profile *prof, const struct vdsosim_explore_opts *o_in,
		    struct vdsosim_explore_stats *st)
{
	struct explore_ctx c = { .p = prof, .o = *o_in };
	struct vdsosim_explore_opts *o = &c.o;
	if (!o->stall_spins)
		o->stall_spins = 3;
	if (!o->max_reports)
		o->max_reports = 20;
	if (o->shards && o->shard >= o->shards)
		return vs_err(VDSOSIM_EARG, "shard %u of %u does not exist", o->shard + 1, o->shards);
	for (int ev = 0; ev < VDSOSIM_NEVENTS; ev++)
		if ((o->events & (1u << ev)) && !vdsosim_event_touches_time((enum vdsosim_event)ev))
			return vs_err(VDSOSIM_EARG, "%s changes only getrandom's data, which explore does not cover "
						    "(inject it into a getrandom call instead)",
				      vdsosim_event_name((enum vdsosim_event)ev));
	memset(st, 0, sizeof *st);
	/* single updates for every event; pairs: the event twice, and a switch away and back */
	for (int ev = 0; ev < VDSOSIM_NEVENTS; ev++)
		if (vdsosim_event_touches_time((enum vdsosim_event)ev) && (!o->events || (o->events & (1u << ev))))
			c.plans[c.n_plans++] = (struct plan){ (enum vdsosim_event)ev, 0 };
	if (!o->no_pairs) {
		static const enum vdsosim_event twice[] = { VDSOSIM_EV_TICK, VDSOSIM_EV_NTP, VDSOSIM_EV_TO_HPET };
		for (size_t i = 0; i < 3; i++)
			if (!o->events || (o->events & (1u << twice[i])))
				c.plans[c.n_plans++] = (struct plan){ twice[i], twice[i] == VDSOSIM_EV_TO_HPET ? 2 : 1 };
	}
	int jobs = o->jobs > 1 ? o->jobs : 1;
	c.w = calloc((size_t)jobs, sizeof *c.w);
	c.reports = calloc(c.n_plans ? c.n_plans : 1, sizeof *c.reports);
	c.points = calloc(c.n_plans ? c.n_plans : 1, sizeof *c.points);
	if (!c.w || !c.reports || !c.points) {
		free(c.w);
		free(c.reports);
		free(c.points);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	struct vs_par p = { c.n_plans, jobs, o->shard, o->shards, &c, explore_init, explore_unit, explore_fini,
			    o->on_progress ? par_progress : NULL, (void *)o };
	int err = vs_par_run(&p);
	for (int t = 0; t < jobs; t++) {
		const struct vdsosim_explore_stats *w = &c.w[t].st;
		st->points += w->points;
		st->retries += w->retries;
		st->retry_runs += w->retry_runs;
		st->fallbacks += w->fallbacks;
		st->violations += w->violations;
		st->errors += w->errors;
		st->stalls_handled += w->stalls_handled;
		for (int e = 0; e < VDSOSIM_NEVENTS; e++) {
			st->per_event_points[e] += w->per_event_points[e];
			st->per_event_violations[e] += w->per_event_violations[e];
		}
	}
	size_t emitted = 0;
	for (size_t u = 0; u < c.n_plans; u++) {
		for (size_t k = 0; o->on_finding && k < c.reports[u].n && emitted < o->max_reports; k++, emitted++)
			o->on_finding(o->ud, prof, &c.reports[u].f[k]);
		vs_findings_free(&c.reports[u]);
		for (size_t k = 0; o->on_point && k < c.points[u].n; k++)
			o->on_point(o->point_ud, prof, &c.points[u].p[k]);
		free(c.points[u].p);
	}
	free(c.reports);
	free(c.points);
	free(c.w);
	return err;
}
