/* Running a scenario: its own model and engine, the steps in order, each call judged against
 * its expectations. Everything is decided by the scenario's own values: deterministic. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/err.h"
#include "../../common/grow.h"
#include "scenario.h"

struct named { const char *name; int64_t ns; };

struct runner {
	const struct scenario *s;
	struct sc_outcome *o;
	vdsosim_image *img;
	vdsosim_profile *prof;
	vdsosim_model *m;
	vdsosim_engine *e;
	struct vdsosim_result r;
	struct named named[256];
	size_t n_named;
	struct sc_trace *t;          /* with sc_run_traced */
	uint64_t seg_lo, seg_hi;     /* counters seen since the state last changed */
};

/* ---- the timeline's values ---- */
static void seen(struct runner *x, uint64_t c)
{
	if (!x->t)
		return;
	if (c < x->seg_lo)
		x->seg_lo = c;
	if (c > x->seg_hi)
		x->seg_hi = c;
}

static void mark(struct runner *x, uint64_t c, const char *kind, const char *label)
{
	struct sc_trace *t = x->t;
	if (!t || !VS_GROW(t->marks, t->cap_marks, t->n_marks))
		return;
	struct sc_mark *m = &t->marks[t->n_marks++];
	m->counter = c;
	snprintf(m->kind, sizeof m->kind, "%s", kind);
	snprintf(m->label, sizeof m->label, "%s", label);
}

static const int32_t sampled_clocks[] = { 0, 1, 4, 5, 6, 7, 11 };

/* every clock through the image's code at evenly spaced counters of the stretch [lo, hi] */
static void sample_stretch(struct runner *x, uint64_t lo, uint64_t hi)
{
	struct sc_trace *t = x->t;
	if (!t || !t->sampled)
		return;
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	int n = hi > lo ? SC_TRACE_SAMPLES : 1;
	for (int i = 0; i < n; i++) {
		uint64_t c = lo + (n > 1 ? (uint64_t)((double)(hi - lo) * i / (n - 1)) : 0);
		if (i == n - 1)
			c = hi;
		for (size_t k = 0; k < sizeof sampled_clocks / sizeof *sampled_clocks; k++) {
			struct vdsosim_call call = { VDSOSIM_CLOCK_GETTIME, sampled_clocks[k], c };
			int err = vdsosim_engine_call(x->e, &call, &r);
			if (!VS_GROW(t->samples, t->cap_samples, t->n_samples))
				break;
			t->samples[t->n_samples++] = (struct sc_sample){ c, sampled_clocks[k], !err && !r.status && !r.ret,
									 r.tv_sec * 1000000000LL + r.tv_nsec };
		}
	}
	vdsosim_result_clear(&r);
}

/* the state is about to change at counter c: draw the stretch that ends there */
static void state_change(struct runner *x, uint64_t c)
{
	if (!x->t)
		return;
	seen(x, c);
	sample_stretch(x, x->seg_lo, x->seg_hi > c ? x->seg_hi : c);
	x->seg_lo = x->seg_hi = c;
}

static void say(struct runner *x, struct sc_pos p, const char *fmt, ...) VS_PRINTF(3, 4);
static void say(struct runner *x, struct sc_pos p, const char *fmt, ...)
{
	char msg[600], line[700];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(line, sizeof line, "%s:%d:%d: %s", x->s->file, p.line, p.col, msg);
	char **n = realloc(x->o->messages, (x->o->n_messages + 1) * sizeof *n);
	if (n && (n[x->o->n_messages] = strdup(line))) {
		x->o->messages = n;
		x->o->n_messages++;
	} else if (n) {
		x->o->messages = n;
	}
}

static int load_file(const char *path, void **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	*buf = malloc(n > 0 ? (size_t)n : 1);
	*len = n > 0 ? (size_t)n : 0;
	int ok = *buf && fread(*buf, 1, *len, f) == *len;
	fclose(f);
	return ok ? 0 : -1;
}

static int load_pages(struct runner *x, struct sc_pos p, const char *path, int vclock)
{
	void *buf;
	size_t len;
	if (load_file(path, &buf, &len)) {
		say(x, p, "cannot read %s", path);
		return -1;
	}
	int r = vclock ? vdsosim_engine_load_vclock(x->e, buf, len) : vdsosim_engine_load_vvar(x->e, buf, len);
	free(buf);
	if (r)
		say(x, p, "%s", vdsosim_last_error());
	return r ? -1 : 0;
}

static int64_t ns_of(const struct vdsosim_result *r, const struct vdsosim_call *c)
{
	enum vdsosim_func f = vdsosim_func_base(c->func);
	if (f == VDSOSIM_TIME)
		return r->ret * 1000000000LL;
	if (f == VDSOSIM_GETTIMEOFDAY)
		return r->tv_sec * 1000000000LL + r->tv_usec * 1000;
	return r->tv_sec * 1000000000LL + r->tv_nsec;
}

static const struct named *find(struct runner *x, const char *name)
{
	for (size_t i = x->n_named; i-- > 0;)
		if (!strcmp(x->named[i].name, name))
			return &x->named[i];
	return NULL;
}

static void check_expect(struct runner *x, const struct sc_step *st, const struct vdsosim_call *c)
{
	const struct sc_expect *ex = &st->expect;
	const struct vdsosim_result *r = &x->r;
	struct sc_pos p = ex->pos.line ? ex->pos : st->pos;
	const char *who = st->name ? st->name : vdsosim_func_name(c->func);
	if (r->status != ex->status) {
		say(x, p, "%s: expected status %s, got %s%s%s", who, vdsosim_strerror(ex->status),
		    vdsosim_strerror(r->status), r->status ? ": " : "", r->status ? r->message : "");
		return;
	}
	if (r->status)
		return;
#define EQ(flag, field, got, label)                                                                           \
	if (ex->flag && (int64_t)(got) != (int64_t)ex->field)                                                        \
		say(x, p, "%s: expected %s %lld, got %lld", who, label, (long long)ex->field, (long long)(got));
	EQ(has_ret, ret, r->ret, "ret")
	EQ(has_sec, sec, r->tv_sec, "sec")
	EQ(has_nsec, nsec, r->tv_nsec, "nsec")
	EQ(has_usec, usec, r->tv_usec, "usec")
	EQ(has_cpu, cpu, r->cpu, "cpu")
	EQ(has_node, node, r->node, "node")
	EQ(has_syscalls, syscalls, r->n_syscalls, "syscalls")
	EQ(has_spins, spins, r->spins, "spins")
#undef EQ
	if (ex->random) {
		char got[2 * VDSOSIM_RANDOM_MAX + 1] = "";
		for (size_t i = 0; i < r->n_random; i++)
			snprintf(got + 2 * i, 3, "%02x", r->random[i]);
		if (strncmp(got, ex->random, strlen(ex->random)))
			say(x, p, "%s: expected bytes %s..., got %.*s...", who, ex->random, (int)strlen(ex->random), got);
	}
	if (ex->path && (ex->path == 1) != (r->path == VDSOSIM_PATH_VDSO))
		say(x, p, "%s: expected the %s path, took the %s path", who, ex->path == 1 ? "vdso" : "syscall",
		    r->path == VDSOSIM_PATH_VDSO ? "vdso" : "syscall");
	if (ex->has_retries && r->retries != ex->retries)
		say(x, p, "%s: expected %llu retries, saw %llu", who, (unsigned long long)ex->retries,
		    (unsigned long long)r->retries);
	struct vdsosim_call at = *c;
	at.counter = r->now;
	struct vdsosim_answer want;
	enum vdsosim_reason why;
	if (ex->matches_model && (why = vdsosim_result_verdict(r->states[0], &at, r, &want)) != VDSOSIM_WHY_NONE) {
		struct vdsosim_answer got = vdsosim_answer_result(c, r);
		say(x, p, "%s: differs from the model: %s: got ret %lld {%lld, %lld} (%s), model ret %lld {%lld, %lld} (%s)",
		    who, vdsosim_reason_text(why), (long long)got.ret, (long long)got.sec, (long long)got.sub,
		    got.vdso ? "vdso" : "syscall", (long long)want.ret, (long long)want.sec, (long long)want.sub,
		    want.vdso ? "vdso" : "syscall");
	}
	if (ex->consistent) {
		int any = 0;
		for (unsigned i = 0; i < r->n_states && !any; i++)
			any = vdsosim_result_verdict(r->states[i], &at, r, NULL) == VDSOSIM_WHY_NONE;
		if (!any)
			say(x, p, "%s: torn: the result (%lld ns) matches the model neither before nor after the update", who,
			    (long long)ns_of(r, c));
	}
	int64_t v = ns_of(r, c);
	if (ex->ge) {
		const struct named *n = find(x, ex->ge);
		if (!n)
			say(x, p, "%s: no earlier call named '%s'", who, ex->ge);
		else if (v < n->ns)
			say(x, p, "%s: went backwards: %lld ns < %s's %lld ns", who, (long long)v, ex->ge, (long long)n->ns);
	}
	if (ex->within_of) {
		const struct named *n = find(x, ex->within_of);
		if (!n)
			say(x, p, "%s: no earlier call named '%s'", who, ex->within_of);
		else if (v - n->ns > ex->within_ns || n->ns - v > ex->within_ns)
			say(x, p, "%s: %lld ns from %s, more than %lld", who, (long long)(v - n->ns), ex->within_of,
			    (long long)ex->within_ns);
	}
}

static int do_call(struct runner *x, const struct sc_step *st, uint64_t now)
{
	if ((st->vvar && load_pages(x, st->pos, st->vvar, 0)) || (st->vclock && load_pages(x, st->pos, st->vclock, 1)))
		return -1;
	struct vdsosim_call c = st->call;
	if (!st->has_counter)
		c.counter = now;
	if (x->t && c.n_updates) {
		char lb[96];
		for (unsigned k = 0; k < c.n_updates; k++) {
			snprintf(lb, sizeof lb, "%s into %s at %s %llu", vdsosim_event_name(c.updates[k].event),
				 st->name ? st->name : vdsosim_func_name(c.func), vdsosim_point_kind_name(c.updates[k].at.kind),
				 (unsigned long long)c.updates[k].at.n);
			mark(x, c.counter, "inject", lb);
		}
		state_change(x, c.counter);
	}
	seen(x, c.counter);
	if (vdsosim_engine_call(x->e, &c, &x->r) && x->r.status == VDSOSIM_EARG) {
		say(x, st->pos, "%s", vdsosim_last_error()); /* the injection could not be planned */
		return 0;
	}
	x->o->calls++;
	if (x->t && VS_GROW(x->t->calls, x->t->cap_calls, x->t->n_calls)) {
		struct sc_tcall *tc = &x->t->calls[x->t->n_calls++];
		*tc = (struct sc_tcall){ x->r.now, c.clock, vdsosim_func_takes_clock(c.func), !x->r.status,
					 x->r.path == VDSOSIM_PATH_VDSO, ns_of(&x->r, &c), x->r.retries, "" };
		snprintf(tc->name, sizeof tc->name, "%s", st->name ? st->name : vdsosim_func_name(c.func));
		seen(x, x->r.now);
	}
	check_expect(x, st, &c);
	if (st->name && x->n_named < 256 && !x->r.status)
		x->named[x->n_named++] = (struct named){ st->name, ns_of(&x->r, &c) };
	return 0;
}

struct outbuf { char *s; size_t n, cap; };

static void collect(void *ud, int fd, const void *buf, size_t len)
{
	struct outbuf *b = ud;
	if (fd != 1 || b->n + len + 1 > (1 << 20))
		return;
	if (b->n + len + 1 > b->cap) {
		size_t nc = (b->n + len + 1) * 2;
		char *p = realloc(b->s, nc);
		if (!p)
			return;
		b->s = p;
		b->cap = nc;
	}
	memcpy(b->s + b->n, buf, len);
	b->n += len;
	b->s[b->n] = 0;
}

/* A program run against the scenario's image and model, judged by its exit status and its
 * vDSO calls; its stdout is kept for `output`, not printed. */
static void do_exec(struct runner *x, const struct sc_step *st)
{
	const struct sc_exec *e = &st->exec;
	struct sc_pos p = e->epos.line ? e->epos : st->pos;
	vdsosim_program *prog = NULL;
	if (vdsosim_program_open(&prog, e->program)) {
		say(x, st->pos, "%s", vdsosim_last_error());
		return;
	}
	const char *argv[17] = { e->name };
	for (size_t i = 0; i < e->n_args; i++)
		argv[i + 1] = e->args[i];
	struct outbuf out = { 0 };
	struct vdsosim_exec_opts o = { .argv = argv, .argc = e->n_args + 1, .counter_per_insn = e->has_per_insn ? e->per_insn : 1,
				       .budget = e->budget, .output = collect, .ud = &out, .sysroot = e->sysroot };
	if (e->has_inject) {
		o.inject[0] = e->inject;
		o.n_inject = 1;
	}
	struct vdsosim_exec_result r;
	if (vdsosim_exec(x->prof, x->m, prog, &o, &r)) {
		say(x, st->pos, "%s", vdsosim_last_error());
		vdsosim_program_free(prog);
		free(out.s);
		return;
	}
	x->o->calls += r.n_vdso_calls;
	uint64_t vsys = 0, retries = 0;
	for (size_t i = 0; i < r.n_vdso_calls; i++) {
		vsys += r.vdso_calls[i].syscalls;
		retries += r.vdso_calls[i].retries;
	}
	const char *who = e->program;
	if (e->has_exit && r.exit_status != e->exit_status)
		say(x, p, "%s: expected exit status %lld, got %d%s%s", who, (long long)e->exit_status, r.exit_status,
		    r.message[0] ? ": " : "", r.message);
	if (e->has_calls && r.n_vdso_calls != e->calls)
		say(x, p, "%s: expected %llu vDSO calls, made %zu", who, (unsigned long long)e->calls, r.n_vdso_calls);
	if (e->has_vsys && vsys != e->vsys)
		say(x, p, "%s: expected %llu syscalls from the vDSO, saw %llu", who, (unsigned long long)e->vsys,
		    (unsigned long long)vsys);
	if (e->has_retries && retries != e->retries)
		say(x, p, "%s: expected %llu retries in its vDSO calls, saw %llu", who, (unsigned long long)e->retries,
		    (unsigned long long)retries);
	if (e->output && (!out.s || !strstr(out.s, e->output)))
		say(x, p, "%s: its output has no '%s'", who, e->output);
	vdsosim_exec_result_clear(&r);
	vdsosim_program_free(prog);
	free(out.s);
	vdsosim_engine_sync(x->e); /* the program's ticks moved the model on */
}

int sc_run(const struct scenario *s, const char *const *features, struct sc_outcome *o)
{
	return sc_run_traced(s, features, o, NULL);
}

void sc_trace_free(struct sc_trace *t)
{
	free(t->marks);
	free(t->samples);
	free(t->calls);
	memset(t, 0, sizeof *t);
}

int sc_run_traced(const struct scenario *s, const char *const *features, struct sc_outcome *o, struct sc_trace *t)
{
	memset(o, 0, sizeof *o);
	if (t)
		memset(t, 0, sizeof *t);
	struct runner x = { .s = s, .o = o, .t = t };
	vdsosim_result_init(&x.r);
	for (size_t i = 0; i < s->n_requires; i++) {
		int have = 0;
		for (size_t k = 0; features && features[k]; k++)
			have |= !strcmp(features[k], s->requires[i]);
		if (!have) {
			o->status = SC_SKIP;
			say(&x, s->image_pos, "this build lacks '%s'", s->requires[i]);
			return 0;
		}
	}
	if (vdsosim_image_open(&x.img, s->image)) {
		say(&x, s->image_pos, "%s", vdsosim_last_error());
		o->status = SC_FAIL;
		return VDSOSIM_EIO; /* a missing or broken image is an error in the scenario */
	}
	if (s->has_cpu) { /* the image as the kernel patched it at boot for the scenario's CPU */
		uint8_t *bytes;
		size_t len;
		vdsosim_image *p = NULL;
		int r = vdsosim_image_patch(x.img, &s->cpu, &bytes, &len, NULL);
		if (!r) {
			r = vdsosim_image_open_memory(&p, bytes, len, s->image);
			free(bytes);
		}
		vdsosim_image_free(x.img);
		x.img = p;
		if (r) {
			say(&x, s->image_pos, "%s", vdsosim_last_error());
			o->status = SC_FAIL;
			return VDSOSIM_EIO;
		}
	}
	struct vdsosim_engine_opts eo = { .trace = VDSOSIM_TRACE_VVAR | VDSOSIM_TRACE_INJECT };
	int err = vdsosim_profile_new(&x.prof, x.img);
	if (!err)
		err = vdsosim_model_new(&x.m, x.prof, &s->state);
	if (!err)
		err = vdsosim_engine_new(&x.e, x.prof, x.m, &eo);
	if (err) {
		/* an architecture or era this build cannot emulate: a skip with its reason */
		o->status = err == VDSOSIM_EUNSUPPORTED ? SC_SKIP : SC_FAIL;
		say(&x, s->image_pos, "%s", vdsosim_last_error());
		goto out;
	}
	if ((s->vvar && load_pages(&x, s->image_pos, s->vvar, 0)) ||
	    (s->vclock && load_pages(&x, s->image_pos, s->vclock, 1))) {
		o->status = SC_FAIL;
		goto out;
	}
	/* the running counter: where steps and calls happen unless they name their own */
	uint64_t now = vdsosim_model_state(x.m)->counter + vdsosim_model_state(x.m)->freq_hz / 1000;
	if (t) {
		t->freq_hz = vdsosim_model_state(x.m)->freq_hz;
		t->sampled = vdsosim_profile_exports(x.prof, VDSOSIM_CLOCK_GETTIME);
		x.seg_lo = x.seg_hi = vdsosim_model_state(x.m)->counter;
	}
	for (size_t i = 0; i < s->n_steps; i++) {
		const struct sc_step *st = &s->steps[i];
		uint64_t at = st->has_counter ? st->counter : now;
		int r = 0;
		char lb[96];
		switch (st->kind) {
		case SC_TICK: mark(&x, at, "tick", "tick"); break;
		case SC_NTP:
			snprintf(lb, sizeof lb, "ntp: mult %+d", (int)st->adj);
			mark(&x, at, "ntp", lb);
			break;
		case SC_SETTIME:
			snprintf(lb, sizeof lb, "settimeofday %lld.%09u", (long long)st->sec, (unsigned)st->nsec);
			mark(&x, at, "settime", lb);
			break;
		case SC_EVENT: mark(&x, at, "event", vdsosim_event_name(st->event)); break;
		case SC_EXEC: mark(&x, now, "exec", st->exec.name); break;
		default: break;
		}
		if (st->kind == SC_TICK || st->kind == SC_NTP || st->kind == SC_SETTIME || st->kind == SC_EVENT)
			state_change(&x, at);
		else if (st->kind == SC_EXEC)
			state_change(&x, now);
		switch (st->kind) {
		case SC_COUNTER: now = st->counter; seen(&x, now); continue;
		case SC_ADVANCE: now += st->counter; seen(&x, now); continue;
		case SC_TICK: r = vdsosim_model_tick(x.m, at); break;
		case SC_NTP: r = vdsosim_model_ntp_adjust(x.m, at, st->adj); break;
		case SC_SETTIME: r = vdsosim_model_settimeofday(x.m, at, st->sec, st->nsec); break;
		case SC_EVENT: r = vdsosim_model_apply(x.m, st->event, at); break;
		case SC_CALL: do_call(&x, st, now); continue;
		case SC_EXEC:
			do_exec(&x, st);
			if (t) { /* the program's ticks moved the state on: the next stretch starts where it ended */
				uint64_t c = vdsosim_model_state(x.m)->counter;
				x.seg_lo = x.seg_hi = c > now ? c : now;
			}
			continue;
		}
		if (r)
			say(&x, st->pos, "%s", vdsosim_last_error());
		else
			vdsosim_engine_sync(x.e);
	}
	if (t) /* the last stretch, from the last change to the last counter seen */
		sample_stretch(&x, x.seg_lo, x.seg_hi);
	o->status = o->n_messages ? SC_FAIL : SC_PASS;
out:
	vdsosim_result_clear(&x.r);
	vdsosim_engine_free(x.e);
	vdsosim_model_free(x.m);
	vdsosim_profile_free(x.prof);
	vdsosim_image_free(x.img);
	return 0;
}

void sc_outcome_free(struct sc_outcome *o)
{
	for (size_t i = 0; i < o->n_messages; i++)
		free(o->messages[i]);
	free(o->messages);
	memset(o, 0, sizeof *o);
}
