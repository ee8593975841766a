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

#include "engine.h"
#include "parallel.h"

enum { TRACE = VDSOSIM_TRACE_INJECT | VDSOSIM_TRACE_VVAR | VDSOSIM_TRACE_INSNS };

struct run_ctx {
	vdsosim_engine *e;
	vdsosim_model before, mid, after; /* mid: after the first of two updates */
	enum vdsosim_event ev;
	int pair;                         /* two full updates at at[0] and at[1] */
	int stall_stores;                 /* stores a stalled writer gets done before it stops */
};

static void on_inject(vdsosim_engine *e, int which, void *ud)
{
	struct run_ctx *x = ud;
	if (x->pair) {
		*e->model = which == 0 ? x->mid : x->after;
		vdsosim_engine_write(e, -1);
	} else if (x->ev == VDSOSIM_EV_STALL && which == 0) {
		*e->model = x->after;
		vdsosim_engine_write(e, x->stall_stores); /* seq odd, some fields new */
	} else {
		*e->model = x->after;
		vdsosim_engine_write(e, -1);
	}
}

static int is_monotonic(int32_t clk) { return clk == 1 || clk == 4 || clk == 6 || clk == 7; }

static int64_t ns_of(int64_t sec, int64_t nsec) { return sec * 1000000000LL + nsec; }

/* The model's answer for one state, as comparable numbers. */
struct answer { int64_t ret, a, b; int serves; };

static struct answer answer_of(const vdsosim_model *m, const struct vdsosim_call *c, uint64_t now)
{
	struct answer x = { 0, 0, 0, vs_model_vdso_serves(m, c->func, c->clock, now) };
	struct vdsosim_timespec ts = { 0, 0 };
	switch (vdsosim_func_base(c->func)) {
	case VDSOSIM_CLOCK_GETTIME: x.ret = vdsosim_model_clock_gettime(m, now, c->clock, &ts); break;
	case VDSOSIM_CLOCK_GETRES: x.ret = vdsosim_model_clock_getres(m, c->clock, &ts); break;
	case VDSOSIM_GETTIMEOFDAY:
		vdsosim_model_clock_gettime(m, now, 0, &ts);
		ts.nsec /= 1000;
		break;
	case VDSOSIM_TIME: x.ret = vdsosim_model_time(m); break;
	case VDSOSIM_GETCPU: ts.sec = m->st.cpu; ts.nsec = m->st.node; break;
	default: break;
	}
	x.a = ts.sec;
	x.b = ts.nsec;
	return x;
}

/* The legacy 32-bit entry points store a 32-bit time_t: compare in that width (2038 wraps). */
static struct answer narrow(struct answer x, const struct vdsosim_call *c, int time_bytes)
{
	if (time_bytes == 4) {
		if (vdsosim_func_base(c->func) == VDSOSIM_TIME)
			x.ret = (int32_t)x.ret;
		else
			x.a = (int32_t)x.a;
	}
	return x;
}

static struct answer answer_got(const struct vdsosim_call *c, const struct vdsosim_result *r)
{
	struct answer x = { r->ret, r->tv_sec, c->func == VDSOSIM_GETTIMEOFDAY ? r->tv_usec : r->tv_nsec, 0 };
	if (c->func == VDSOSIM_TIME)
		x.a = x.b = 0;
	if (c->func == VDSOSIM_GETCPU) {
		x.a = r->cpu;
		x.b = r->node;
	}
	if (x.ret && vdsosim_func_takes_clock(c->func))
		x.a = x.b = 0;
	return x;
}

static int same(struct answer a, struct answer b) { return a.ret == b.ret && a.a == b.a && a.b == b.b; }

/* Loop iterations of the seq protocol: each makes a begin and a retry load; spins add begins.
 * first/second: the first begin that saw an even seq, and the retry check of the same field. */
static uint64_t retries_of(const vdsosim_engine *e, const struct vdsosim_result *r, uint64_t *first, uint64_t *second)
{
	uint64_t n = 0;
	*first = *second = UINT64_MAX;
	for (size_t i = 0; i < r->n_vvar; i++) {
		const struct vdsosim_vvar_rec *v = &r->vvar_reads[i];
		if (!vs_layout_is_seq(e->layout, v->page, v->offset))
			continue;
		n++;
		if (*first == UINT64_MAX && !(v->value & 1))
			*first = i;
		else if (*first != UINT64_MAX && *second == UINT64_MAX && v->page == r->vvar_reads[*first].page &&
			 v->offset == r->vvar_reads[*first].offset)
			*second = i;
	}
	uint64_t loads = n > r->spins ? n - r->spins : 0;
	return loads >= 4 ? loads / 2 - 1 : 0;
}

struct reporter {
	const struct vdsosim_explore_opts *o;
	size_t reported;
	struct vs_texts *out; /* the unit's reports, emitted in unit order at the end */
};

static void report(struct reporter *rp, vdsosim_engine *e, const struct vdsosim_call *c, const struct vdsosim_result *r,
		   const char *why, const struct answer *before, const struct answer *after, const struct answer *got)
{
	if (!rp->o->on_violation || rp->reported++ >= rp->o->max_reports)
		return;
	static const char *const kinds[] = { "-", "insn", "load", "pc", "read", "spin" };
	char cb[24], buf[16384], insn[64];
	size_t n = 0;
#define OUT(...) (n += (size_t)snprintf(buf + n, n < sizeof buf ? sizeof buf - n : 0, __VA_ARGS__))
	OUT("VIOLATION %s: %s(%s) with %s", why, vdsosim_func_name(c->func), vdsosim_clock_name(c->clock, cb),
	    vdsosim_event_name(((struct run_ctx *)c->inject_ud)->ev));
	for (int i = 0; i < 2; i++)
		if (c->at[i].kind) {
			vs_disasm_at(e, e->base + r->fired_pc[i], insn, sizeof insn);
			OUT(" | update %d before %s %llu: %s at image+0x%llx (%s)", i + 1, kinds[c->at[i].kind],
			    (unsigned long long)c->at[i].n, r->fired[i] ? "landed" : "not reached",
			    (unsigned long long)r->fired_pc[i], insn);
		}
	OUT("\n  result: ret %lld {%lld, %lld}   model before: ret %lld {%lld, %lld}   after: ret %lld {%lld, %lld}\n",
	    (long long)got->ret, (long long)got->a, (long long)got->b, (long long)before->ret, (long long)before->a,
	    (long long)before->b, (long long)after->ret, (long long)after->a, (long long)after->b);
	if (r->status)
		OUT("  status: %s\n", r->message);
	OUT("  counter reads:");
	for (size_t i = 0; i < r->n_counter; i++)
		OUT(" image+0x%llx=%llu", (unsigned long long)r->counter_reads[i].pc,
		    (unsigned long long)r->counter_reads[i].value);
	OUT("\n  vvar reads:\n");
	for (size_t i = 0; i < r->n_vvar; i++) {
		char name[64];
		const struct vdsosim_vvar_rec *v = &r->vvar_reads[i];
		OUT("    #%llu image+0x%llx %-36s = 0x%llx\n", (unsigned long long)v->insn, (unsigned long long)v->pc,
		    vdsosim_engine_field_name(e, v->page, v->offset, name, sizeof name), (unsigned long long)v->value);
	}
	OUT("  instructions:");
	for (size_t i = 0; i < r->n_trace; i++) {
		vs_disasm_at(e, e->base + r->trace[i], insn, sizeof insn);
		OUT("%s#%zu image+0x%llx %s", i % 3 ? "   " : "\n    ", i, (unsigned long long)r->trace[i], insn);
	}
	OUT("\n");
#undef OUT
	vs_texts_add(rp->out, buf);
}

struct verdict_in {
	const vdsosim_model *states[3];
	int n_states;
	int expect_retry;
};

/* Judge one run; returns 1 for a violation. */
static int judge(vdsosim_engine *e, const struct vdsosim_call *c, const struct vdsosim_result *r,
		 const struct verdict_in *v, struct reporter *rp, struct vdsosim_explore_stats *st)
{
	struct answer got = answer_got(c, r), want[3];
	uint64_t now = r->now;
	for (int i = 0; i < v->n_states; i++)
		want[i] = narrow(answer_of(v->states[i], c, now), c, r->time_bytes);
	const struct answer *first = &want[0], *last = &want[v->n_states - 1];
	const char *why = NULL;
	if (r->status) {
		why = "emulation did not finish";
		st->errors++;
	} else {
		int any = 0, may_fall = 0, may_serve = 0;
		for (int i = 0; i < v->n_states; i++) {
			any |= same(got, want[i]);
			may_fall |= !want[i].serves;
			may_serve |= want[i].serves;
		}

		uint64_t s0, s1, retries = retries_of(e, r, &s0, &s1);
		st->retries += retries;
		st->retry_runs += retries > 0;
		st->fallbacks += r->n_syscalls > 0;
		if (!any)
			why = "torn read: the result matches no state";
		else if (r->n_syscalls && !may_fall)
			why = "fell back although every state lets the vDSO answer";
		else if (!r->n_syscalls && !may_serve)
			why = "answered in the vDSO although every state requires the syscall";
		else if (r->n_syscalls > 1)
			why = "more than one syscall";
		else if (v->expect_retry && !retries && !r->n_syscalls)
			why = "the seq changed inside the read section but the reader did not retry";
		else if (vdsosim_func_base(c->func) == VDSOSIM_CLOCK_GETTIME && is_monotonic(c->clock) && !got.ret &&
			 (ns_of(got.a, got.b) < ns_of(first->a, first->b) || ns_of(got.a, got.b) > ns_of(last->a, last->b)))
			why = "monotonic clock outside [before, after]";
	}
	if (!why)
		return 0;
	st->violations++;
	report(rp, e, c, r, why, first, last, &got);
	return 1;
}

/* A counter value where a tick has whole intervals to accumulate (2.5 ticks past the state). */
static uint64_t call_counter(const struct vdsosim_state *st) { return st->counter + st->freq_hz / st->hz * 5 / 2; }

struct plan {
	enum vdsosim_event ev;
	int pair; /* 0: one update; 1: the event twice; 2: the event then its inverse */
};

static int time_data_event(enum vdsosim_event ev)
{
	return ev != VDSOSIM_EV_PV_UPDATE && ev != VDSOSIM_EV_PV_UNSTABLE && ev != VDSOSIM_EV_PV_STABLE &&
	       ev != VDSOSIM_EV_HV_INVALID;
}

static int explore_one(vdsosim_engine *e, struct run_ctx *x, struct vdsosim_call *c, const struct plan *p,
		       const struct vdsosim_explore_opts *o, struct reporter *rp, struct vdsosim_explore_stats *st,
		       struct vdsosim_result *r)
{
	/* probe: the uninjected call fixes the instruction and load counts */
	*e->model = x->before;
	vdsosim_engine_sync(e);
	c->at[0].kind = c->at[1].kind = VDSOSIM_AT_NONE;
	vdsosim_engine_call(e, c, r);
	struct verdict_in v = { { &x->before }, 1, 0 };
	if (judge(e, c, r, &v, rp, st))
		return 0;
	uint64_t n_insn = r->insns, n_load = r->n_vvar, s0, s1;
	retries_of(e, r, &s0, &s1);
	uint64_t load_insn[256];
	for (size_t i = 0; i < n_load && i < 256; i++)
		load_insn[i] = r->vvar_reads[i].insn;
	int seqed = time_data_event(p->ev);

	if (!p->pair) {
		v = (struct verdict_in){ { &x->before, &x->after }, 2, 0 };
		for (int kind = VDSOSIM_AT_INSN; kind <= VDSOSIM_AT_LOAD; kind++)
			for (uint64_t k = 0; k < (kind == VDSOSIM_AT_INSN ? n_insn : n_load); k++) {
				*e->model = x->before;
				vdsosim_engine_sync(e);
				c->at[0] = (struct vdsosim_point){ (enum vdsosim_point_kind)kind, k };
				c->at[1] = p->ev == VDSOSIM_EV_STALL
						   ? (struct vdsosim_point){ VDSOSIM_AT_SPIN, o->stall_spins }
						   : (struct vdsosim_point){ VDSOSIM_AT_NONE, 0 };
				/* loads before this point in the probe: does it fall inside begin..retry? */
				uint64_t loads_before = k;
				if (kind == VDSOSIM_AT_INSN)
					for (loads_before = 0; loads_before < n_load && loads_before < 256 &&
							       load_insn[loads_before] < k;)
						loads_before++;
				v.expect_retry = seqed && s1 != UINT64_MAX && loads_before > s0 && loads_before <= s1 &&
						 p->ev != VDSOSIM_EV_STALL;
				vdsosim_engine_call(e, c, r);
				st->points++;
				st->per_event_points[p->ev]++;
				if (p->ev == VDSOSIM_EV_STALL && r->fired[1] && !r->status)
					st->stalls_handled++;
				st->per_event_violations[p->ev] += judge(e, c, r, &v, rp, st);
			}
		return 0;
	}
	/* two updates, at every pair of instruction boundaries a < b */
	v = (struct verdict_in){ { &x->before, &x->mid, &x->after }, 3, 0 };
	for (uint64_t a = 0; a < n_insn; a++)
		for (uint64_t b = a + 1; b < n_insn; b++) {
			*e->model = x->before;
			vdsosim_engine_sync(e);
			c->at[0] = (struct vdsosim_point){ VDSOSIM_AT_INSN, a };
			c->at[1] = (struct vdsosim_point){ VDSOSIM_AT_INSN, b };
			vdsosim_engine_call(e, c, r);
			st->points++;
			st->per_event_points[p->ev]++;
			st->per_event_violations[p->ev] += judge(e, c, r, &v, rp, st);
		}
	return 0;
}

static const int32_t explore_clocks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

struct explore_ctx {
	const vdsosim_image *img;
	struct vdsosim_explore_opts o;
	struct plan plans[VDSOSIM_NEVENTS + 4];
	size_t n_plans;
	struct explore_worker {
		struct vdsosim_result r;
		struct run_ctx *x;
		struct vdsosim_explore_stats st;
	} *w;
	struct vs_texts *reports; /* per plan */
};

static int explore_init(void *ctx, int t)
{
	struct explore_worker *w = &((struct explore_ctx *)ctx)->w[t];
	vdsosim_result_init(&w->r);
	w->x = calloc(1, sizeof *w->x);
	return w->x ? 0 : vs_err(VDSOSIM_ENOMEM, "out of memory");
}

static void explore_fini(void *ctx, int t)
{
	struct explore_worker *w = &((struct explore_ctx *)ctx)->w[t];
	vdsosim_result_clear(&w->r);
	free(w->x);
}

/* One plan: its own model and engine in the event's starting state, every function and clock. */
static int explore_unit(void *ctx, int t, size_t pi)
{
	struct explore_ctx *c = ctx;
	struct explore_worker *w = &c->w[t];
	const struct plan *p = &c->plans[pi];
	const struct vdsosim_explore_opts *o = &c->o;
	const vdsosim_image *img = c->img;
	struct run_ctx *x = w->x;
	struct reporter rp = { o, 0, &c->reports[pi] };
	struct vdsosim_engine_opts eo = { .trace = TRACE };
	struct vdsosim_state s;
	vdsosim_state_default(&s);
	s.mode = vdsosim_event_base_mode(p->ev);
	s.cpu = 3;
	s.node = 1;
	vdsosim_model *m = NULL;
	vdsosim_engine *e = NULL;
	int err = vdsosim_model_new(&m, img->info.arch, img->info.kernel_version, &s);
	if (!err)
		err = vdsosim_engine_new(&e, img, m, &eo);
	if (err) {
		vdsosim_model_free(m);
		return err;
	}
	int foreign = !e->layout->mode_name[s.mode] ||
		      (p->ev == VDSOSIM_EV_TO_PVCLOCK && !e->layout->mode_name[VDSOSIM_MODE_PVCLOCK]);
	int no_ns = vs_layout_page(e->layout, VS_PAGE_TIMENS) < 0 || !e->layout->mode_timens;
	if (!foreign && !(p->ev == VDSOSIM_EV_TIMENS && no_ns)) { /* else: not in this family or era */
		uint64_t cnt = call_counter(&s);
		vs_event_prepare(m, p->ev, s.counter);
		x->e = e;
		x->ev = p->ev;
		x->pair = p->pair != 0;
		x->before = *m;
		x->mid = *m;
		vs_event_mid_read(&x->mid, p->ev, cnt);
		x->after = x->mid;
		/* a reader never sees an update made at a later counter than it reads: with two updates
		 * the call reads at the second one's counter */
		uint64_t read_at = cnt;
		if (p->pair == 1) {
			read_at = cnt + s.freq_hz / s.hz * 3;
			vs_event_mid_read(&x->after, p->ev, read_at);
		} else if (p->pair == 2) {
			vdsosim_model_apply(&x->after, VDSOSIM_EV_TO_TSC, cnt);
		}
		/* a stalled writer gets the seq odd and half its stores done */
		vdsosim_model tmp = *m;
		*m = x->after;
		x->stall_stores = vdsosim_engine_write(e, 0) / 2;
		*m = tmp;
		for (int f = 0; f < VDSOSIM_NFUNCS; f++) {
			if ((o->func >= 0 && f != o->func) || !e->entry[f] || f == VDSOSIM_GETRANDOM)
				continue;
			int clocked = vdsosim_func_takes_clock((enum vdsosim_func)f);
			size_t nclk = clocked ? sizeof explore_clocks / sizeof *explore_clocks : 1;
			for (size_t k = 0; k < nclk; k++) {
				if (clocked && o->has_clock && explore_clocks[k] != o->clock)
					continue;
				struct vdsosim_call cl = { (enum vdsosim_func)f, clocked ? explore_clocks[k] : 0, read_at,
							   o->counter_step, 0, o->counter_per_insn };
				cl.inject = on_inject;
				cl.inject_ud = x;
				explore_one(e, x, &cl, p, o, &rp, &w->st, &w->r);
			}
		}
	}
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	return 0;
}

int vdsosim_explore(const vdsosim_image *img, const struct vdsosim_explore_opts *o_in, struct vdsosim_explore_stats *st)
{
	struct explore_ctx c = { .img = img, .o = *o_in };
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
	if (!c.w || !c.reports) {
		free(c.w);
		free(c.reports);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	struct vs_par p = { c.n_plans, jobs, o->shard, o->shards, &c, explore_init, explore_unit, explore_fini };
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
		for (size_t k = 0; o->on_violation && k < c.reports[u].n && emitted < o->max_reports; k++, emitted++)
			o->on_violation(o->ud, c.reports[u].s[k]);
		vs_texts_free(&c.reports[u]);
	}
	free(c.reports);
	free(c.w);
	return err;
}
