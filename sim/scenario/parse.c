/* YAML scenario -> struct scenario, with libyaml's document API. Every error names
 * file:line:column and says what was expected. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "../../common/err.h"
#include "scenario.h"

enum { MAX_STEPS = 10000, MAX_FILE = 1 << 20 };

struct arena { char **s; size_t n; struct sc_step *steps; };

struct ctx {
	const char *file;
	char dir[4096];
	yaml_document_t doc;
	struct scenario *s;
	struct arena *a;
};

static int fail(struct ctx *c, const yaml_node_t *n, const char *fmt, ...) VS_PRINTF(3, 4);
static int fail(struct ctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return vs_err(VDSOSIM_EARG, "%s:%lu:%lu: %s", c->file, n ? (unsigned long)n->start_mark.line + 1 : 1,
		      n ? (unsigned long)n->start_mark.column + 1 : 1, msg);
}

static const char *keep(struct ctx *c, const char *s)
{
	char **p = realloc(c->a->s, (c->a->n + 1) * sizeof *p);
	if (!p)
		return NULL;
	c->a->s = p;
	return p[c->a->n] = strdup(s), p[c->a->n] ? p[c->a->n++] : NULL;
}

static struct sc_pos pos(const yaml_node_t *n)
{
	return (struct sc_pos){ (int)n->start_mark.line + 1, (int)n->start_mark.column + 1 };
}

static yaml_node_t *node(struct ctx *c, int id) { return yaml_document_get_node(&c->doc, id); }

static int str(struct ctx *c, yaml_node_t *n, const char **out)
{
	if (n->type != YAML_SCALAR_NODE)
		return fail(c, n, "expected a string");
	*out = (const char *)n->data.scalar.value;
	return 0;
}

static int i64(struct ctx *c, yaml_node_t *n, int64_t *out)
{
	const char *s = "";
	char *end;
	if (n->type != YAML_SCALAR_NODE || str(c, n, &s))
		return fail(c, n, "expected an integer");
	errno = 0;
	long long v = strtoll(s, &end, 0);
	if (!*s || *end || errno)
		return fail(c, n, "expected an integer, got '%s'", s);
	*out = v;
	return 0;
}

static int u64(struct ctx *c, yaml_node_t *n, uint64_t *out)
{
	const char *s = "";
	char *end;
	if (n->type != YAML_SCALAR_NODE || str(c, n, &s))
		return fail(c, n, "expected an unsigned integer");
	errno = 0;
	unsigned long long v = strtoull(s, &end, 0);
	if (!*s || *s == '-' || *end || errno)
		return fail(c, n, "expected an unsigned integer, got '%s'", s);
	*out = v;
	return 0;
}

static int i32(struct ctx *c, yaml_node_t *n, int32_t *out)
{
	int64_t v;
	if (i64(c, n, &v))
		return VDSOSIM_EARG;
	if (v < INT32_MIN || v > INT32_MAX)
		return fail(c, n, "expected a 32-bit integer");
	*out = (int32_t)v;
	return 0;
}

static int boolean(struct ctx *c, yaml_node_t *n, int *out)
{
	const char *s = "";
	if (n->type != YAML_SCALAR_NODE || str(c, n, &s))
		return fail(c, n, "expected true or false");
	if (!strcasecmp(s, "true") || !strcasecmp(s, "yes"))
		*out = 1;
	else if (!strcasecmp(s, "false") || !strcasecmp(s, "no"))
		*out = 0;
	else
		return fail(c, n, "expected true or false, got '%s'", s);
	return 0;
}

static int path(struct ctx *c, yaml_node_t *n, const char **out)
{
	const char *s = "";
	char buf[8192];
	if (str(c, n, &s))
		return VDSOSIM_EARG;
	snprintf(buf, sizeof buf, "%s%s", s[0] == '/' ? "" : c->dir, s);
	return (*out = keep(c, buf)) ? 0 : vs_err(VDSOSIM_ENOMEM, "out of memory");
}

/* Walk a mapping: every key must be one of `keys` (NULL-terminated); fn gets the index. */
typedef int (*field_fn)(struct ctx *c, void *obj, int key, yaml_node_t *v);
static int mapping(struct ctx *c, yaml_node_t *n, const char *what, const char *const *keys, field_fn fn, void *obj)
{
	if (n->type != YAML_MAPPING_NODE)
		return fail(c, n, "expected a mapping for %s", what);
	uint64_t seen = 0; /* a repeated key would silently override (and leak) the first */
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		yaml_node_t *k = node(c, p->key), *v = node(c, p->value);
		const char *name = "";
		if (str(c, k, &name))
			return VDSOSIM_EARG;
		int idx = -1;
		for (int i = 0; keys[i]; i++)
			if (!strcmp(keys[i], name))
				idx = i;
		if (idx >= 0 && (seen >> idx & 1))
			return fail(c, k, "duplicate key '%s' in %s", name, what);
		if (idx >= 0)
			seen |= 1ull << idx;
		if (idx < 0) {
			char list[300] = "";
			for (int i = 0; keys[i]; i++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", keys[i]);
			return fail(c, k, "unknown key '%s' in %s (expected one of: %s)", name, what, list);
		}
		int r = fn(c, obj, idx, v);
		if (r)
			return r;
	}
	return 0;
}

static int when(struct ctx *c, yaml_node_t *n, int64_t *sec, uint32_t *nsec)
{
	const char *s = "";
	if (str(c, n, &s))
		return VDSOSIM_EARG;
	if (vdsosim_parse_date(s, sec, nsec))
		return fail(c, n, "expected a date (2026-01-01T00:00:00Z) or @SECONDS[.NANOS], got '%s'", s);
	return 0;
}

/* ---- state ---- */
static const char *const state_keys[] = { "clocksource", "freq",   "counter", "realtime", "monotonic",
					  "boot_offset", "tai_offset", "hz",  "lowres",	  "tz_minuteswest",
					  "tz_dsttime",  "cpu",	       "node", "vvar",	  "vclock",
					  "cpu_flags",   "cpu_vendor", NULL };

static int state_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct vdsosim_state *st = obj;
	const char *s = "";
	int64_t x = 0;
	uint64_t u = 0;
	uint32_t ns = 0;
	int b = 0;
	switch (key) {
	case 0:
		if (str(c, v, &s) || vdsosim_mode_parse(s, &st->mode))
			return fail(c, v, "expected a clocksource (tsc, hpet, xen, kvm-clock, hyperv, none, archtimer)");
		return 0;
	case 1:
		if (str(c, v, &s) || vdsosim_parse_freq(s, &st->freq_hz))
			return fail(c, v, "expected a frequency (2600000000 or 2.6G)");
		return 0;
	case 2: return u64(c, v, &st->counter);
	case 3: return when(c, v, &st->realtime_sec, &st->realtime_nsec);
	case 4:
		if (when(c, v, &x, &ns) && i64(c, v, &x))
			return VDSOSIM_EARG;
		st->monotonic_sec = x;
		st->monotonic_nsec = ns;
		return 0;
	case 5:
		if (i64(c, v, &x))
			return VDSOSIM_EARG;
		st->boot_offset_ns = x;
		return 0;
	case 6: return i32(c, v, &st->tai_offset);
	case 7:
		if (u64(c, v, &u) || !u || u > 10000)
			return fail(c, v, "expected HZ from 1 to 10000");
		st->hz = (uint32_t)u;
		return 0;
	case 8:
		if (boolean(c, v, &b))
			return VDSOSIM_EARG;
		st->highres = !b;
		return 0;
	case 9: return i32(c, v, &st->tz_minuteswest);
	case 10: return i32(c, v, &st->tz_dsttime);
	case 11: /* a number: what getcpu answers; a name: the CPU the image is patched for */
		if (v->type == YAML_SCALAR_NODE && !str(c, v, &s) && *s && (*s < '0' || *s > '9')) {
			if (vdsosim_cpu_profile(&c->s->cpu, s))
				return fail(c, v, "%s", vdsosim_last_error());
			c->s->has_cpu = 1;
			return 0;
		}
		if (u64(c, v, &u) || u > 4095)
			return fail(c, v, "expected a cpu number below 4096, or a CPU profile name");
		st->cpu = (uint32_t)u;
		return 0;
	case 12:
		if (u64(c, v, &u) || u > 0xfffff)
			return fail(c, v, "expected a node number");
		st->node = (uint32_t)u;
		return 0;
	case 13: return path(c, v, &c->s->vvar);
	case 14: return path(c, v, &c->s->vclock);
	case 15:
		if (str(c, v, &s) || vdsosim_cpu_add_flags(&c->s->cpu, s))
			return fail(c, v, "expected CPU flag names (\"rdtscp rdpid\", \"fp asimd\")");
		c->s->has_cpu = 1;
		return 0;
	default:
		if (str(c, v, &s))
			return VDSOSIM_EARG;
		vdsosim_cpu_vendor_parse(s, &c->s->cpu.vendor);
		c->s->has_cpu = 1;
		return 0;
	}
}

/* ---- expectations ---- */
static const char *const expect_keys[] = { "ret",     "sec",	 "nsec",       "usec",	       "cpu",    "node",
					   "path",    "syscalls", "retries",   "spins",       "status", "consistent",
					   "matches_model", "ge", "within", "random", NULL };
static const char *const within_keys[] = { "of", "ns", NULL };

static int within_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct sc_expect *x = obj;
	return key == 0 ? str(c, v, &x->within_of) : i64(c, v, &x->within_ns);
}

static int expect_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct sc_expect *x = obj;
	const char *s = "";
	switch (key) {
	case 0: x->has_ret = 1; return i64(c, v, &x->ret);
	case 1: x->has_sec = 1; return i64(c, v, &x->sec);
	case 2: x->has_nsec = 1; return i64(c, v, &x->nsec);
	case 3: x->has_usec = 1; return i64(c, v, &x->usec);
	case 4: x->has_cpu = 1; return i64(c, v, &x->cpu);
	case 5: x->has_node = 1; return i64(c, v, &x->node);
	case 6:
		if (str(c, v, &s) || (strcmp(s, "vdso") && strcmp(s, "syscall")))
			return fail(c, v, "expected vdso or syscall");
		x->path = !strcmp(s, "vdso") ? 1 : 2;
		return 0;
	case 7: x->has_syscalls = 1; return u64(c, v, &x->syscalls);
	case 8: x->has_retries = 1; return u64(c, v, &x->retries);
	case 9: x->has_spins = 1; return u64(c, v, &x->spins);
	case 10: {
		static const struct { const char *n; int code; } st[] = {
			{ "ok", 0 }, { "fault", VDSOSIM_EFAULT }, { "budget", VDSOSIM_EBUDGET }, { "spin", VDSOSIM_ESPIN },
			{ "syscall", VDSOSIM_ESYSCALL }, { "counter", VDSOSIM_ECOUNTER } };
		if (str(c, v, &s))
			return VDSOSIM_EARG;
		for (size_t i = 0; i < sizeof st / sizeof *st; i++)
			if (!strcmp(s, st[i].n)) {
				x->status = st[i].code;
				return 0;
			}
		return fail(c, v, "expected a status: ok, fault, budget, spin, syscall or counter");
	}
	case 11: return boolean(c, v, &x->consistent);
	case 12: return boolean(c, v, &x->matches_model);
	case 13: return str(c, v, &x->ge);
	case 15:
		if (str(c, v, &x->random) || !*x->random || strspn(x->random, "0123456789abcdef") != strlen(x->random) ||
		    strlen(x->random) % 2)
			return fail(c, v, "expected the leading bytes in lower-case hex, e.g. \"74793a4c\"");
		return 0;
	default:
		if (mapping(c, v, "within", within_keys, within_field, x))
			return VDSOSIM_EARG;
		if (!x->within_of)
			return fail(c, v, "within needs 'of' (a previous call's name) and 'ns'");
		return 0;
	}
}

/* ---- calls ---- */
static const char *const call_keys[] = { "function",  "clock",	   "counter", "step",	    "per_insn",
					 "name",      "null_arg1", "null_arg2", "bad_pointer", "inject",
					 "stall_spins", "vvar",     "vclock",  "expect",     "len",
					 "grnd_flags", "fresh_state", "params", NULL };
static const char *const inject_keys[] = { "event", "at", NULL };

static int inject_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct sc_step *st = obj;
	const char *s = "";
	if (str(c, v, &s))
		return VDSOSIM_EARG;
	struct vdsosim_update *u = &st->call.updates[st->call.n_updates];
	if (key == 0 && vdsosim_event_parse(s, &u->event))
		return fail(c, v, "unknown event '%s'", s);
	if (key == 1 && vdsosim_point_parse(s, &u->at))
		return fail(c, v, "expected an injection point: insn:K, load:N, pc:0xOFF, read:K or spin:K");
	return 0;
}

static int one_inject(struct ctx *c, struct sc_step *st, yaml_node_t *v)
{
	if (st->call.n_updates == VDSOSIM_MAX_UPDATES)
		return fail(c, v, "at most two injections per call");
	if (mapping(c, v, "inject", inject_keys, inject_field, st))
		return VDSOSIM_EARG;
	if (!st->call.updates[st->call.n_updates].at.kind)
		return fail(c, v, "an injection needs 'event' and 'at'");
	st->call.n_updates++;
	return 0;
}

static int call_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct sc_step *st = obj;
	const char *s = "";
	int b;
	uint64_t u;
	switch (key) {
	case 0:
		if (str(c, v, &s) || vdsosim_func_parse(s, &st->call.func))
			return fail(c, v, "expected a function (clock_gettime, gettimeofday, time, clock_getres, getcpu, "
					  "clock_gettime64, clock_getres_time64, flush_icache, getrandom)");
		return 0;
	case 1:
		if (str(c, v, &s) || vdsosim_clock_parse(s, &st->call.clock))
			return fail(c, v, "expected a clock (CLOCK_MONOTONIC, monotonic or a number)");
		return 0;
	case 2: st->has_counter = 1; return u64(c, v, &st->call.counter);
	case 3: return i64(c, v, &st->call.counter_step);
	case 4: return i64(c, v, &st->call.counter_per_insn);
	case 5: return str(c, v, &st->name);
	case 6:
	case 7:
	case 8:
		if (boolean(c, v, &b))
			return VDSOSIM_EARG;
		if (b)
			st->call.flags |= key == 6 ? VDSOSIM_CALL_NULL_ARG1 : key == 7 ? VDSOSIM_CALL_NULL_ARG2 : VDSOSIM_CALL_BAD_PTR;
		return 0;
	case 9:
		if (v->type == YAML_SEQUENCE_NODE) {
			for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++)
				if (one_inject(c, st, node(c, *i)))
					return VDSOSIM_EARG;
			return 0;
		}
		return one_inject(c, st, v);
	case 10:
		if (u64(c, v, &u) || !u || u > 100000)
			return fail(c, v, "expected a number of spins from 1 to 100000");
		st->call.stall_spins = (uint32_t)u;
		return 0;
	case 11: return path(c, v, &st->vvar);
	case 12: return path(c, v, &st->vclock);
	case 13: st->expect.pos = pos(v); return mapping(c, v, "expect", expect_keys, expect_field, &st->expect);
	case 14:
		if (u64(c, v, &u) || u > VDSOSIM_RANDOM_MAX)
			return fail(c, v, "expected a getrandom length from 0 to %d", VDSOSIM_RANDOM_MAX);
		st->call.random_len = (uint32_t)u;
		return 0;
	case 15:
		if (u64(c, v, &u) || u > UINT32_MAX)
			return fail(c, v, "expected GRND_* flags as a number");
		st->call.random_flags = (uint32_t)u;
		return 0;
	default:
		if (boolean(c, v, &b))
			return VDSOSIM_EARG;
		if (b)
			st->call.flags |= key == 16 ? VDSOSIM_CALL_FRESH_STATE : VDSOSIM_CALL_RANDOM_PARAMS;
		return 0;
	}
}

/* ---- timeline steps ---- */
static const char *const step_keys[] = { "tick", "ntp", "settimeofday", "event", "call", "counter", "advance",
					  "exec", NULL };
static const char *const exec_keys[] = { "program", "args", "counter_per_insn", "budget", "inject", "expect",
					 "sysroot", NULL };
static const char *const exec_expect_keys[] = { "exit_status", "vdso_calls", "vdso_syscalls", "retries", "output", NULL };

static int exec_expect_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct sc_exec *x = obj;
	switch (key) {
	case 0: x->has_exit = 1; return i64(c, v, &x->exit_status);
	case 1: x->has_calls = 1; return u64(c, v, &x->calls);
	case 2: x->has_vsys = 1; return u64(c, v, &x->vsys);
	case 3: x->has_retries = 1; return u64(c, v, &x->retries);
	default: return str(c, v, &x->output) || !(x->output = keep(c, x->output)) ? VDSOSIM_EARG : 0;
	}
}

static int exec_inject_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct sc_exec *x = obj;
	const char *s = "";
	if (str(c, v, &s))
		return VDSOSIM_EARG;
	if (key == 0)
		return vdsosim_event_parse(s, &x->inject.update.event) ? fail(c, v, "unknown event '%s'", s) : 0;
	char *end;
	x->has_inject = 1;
	if (strncmp(s, "call:", 5) || (x->inject.call = strtoull(s + 5, &end, 10), end == s + 5) || *end != ':' ||
	    vdsosim_point_parse(end + 1, &x->inject.update.at))
		return fail(c, v, "expected call:K:POINT (POINT: insn:K, load:N, pc:0xOFF, read:K or spin:K)");
	return 0;
}

static int exec_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct sc_exec *x = obj;
	switch (key) {
	case 0: return path(c, v, &x->program) || str(c, v, &x->name) || !(x->name = keep(c, x->name)) ? VDSOSIM_EARG : 0;
	case 1:
		if (v->type != YAML_SEQUENCE_NODE)
			return fail(c, v, "expected a list of arguments");
		for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
			if (x->n_args == 15)
				return fail(c, v, "at most 15 arguments");
			if (str(c, node(c, *i), &x->args[x->n_args]) || !(x->args[x->n_args] = keep(c, x->args[x->n_args])))
				return VDSOSIM_EARG;
			x->n_args++;
		}
		return 0;
	case 2: x->has_per_insn = 1; return u64(c, v, &x->per_insn);
	case 3: return u64(c, v, &x->budget);
	case 4: return mapping(c, v, "inject", inject_keys, exec_inject_field, x);
	case 6: return path(c, v, &x->sysroot);
	default: x->epos = pos(v); return mapping(c, v, "expect", exec_expect_keys, exec_expect_field, x);
	}
}
static const char *const at_keys[] = { "counter", "adj", "time", "name", NULL };

static int at_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct sc_step *st = obj;
	const char *s = "";
	switch (key) {
	case 0: st->has_counter = 1; return u64(c, v, &st->counter);
	case 1:
		if (st->kind != SC_NTP)
			return fail(c, v, "'adj' belongs to an ntp step");
		return i32(c, v, &st->adj);
	case 2:
		if (st->kind != SC_SETTIME)
			return fail(c, v, "'time' belongs to a settimeofday step");
		return when(c, v, &st->sec, &st->nsec);
	default:
		if (st->kind != SC_EVENT)
			return fail(c, v, "'name' belongs to an event step");
		if (str(c, v, &s) || vdsosim_event_parse(s, &st->event))
			return fail(c, v, "unknown event '%s'", v->type == YAML_SCALAR_NODE ? s : "?");
		return 0;
	}
}

static int step_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct sc_step *st = obj;
	static const enum sc_kind kinds[] = { SC_TICK, SC_NTP, SC_SETTIME, SC_EVENT, SC_CALL, SC_COUNTER, SC_ADVANCE, SC_EXEC };
	st->kind = kinds[key];
	st->pos = pos(v);
	if (st->kind == SC_EXEC) {
		int r = mapping(c, v, "exec", exec_keys, exec_field, &st->exec);
		return !r && !st->exec.program ? fail(c, v, "exec needs 'program'") : r;
	}
	if (st->kind == SC_CALL)
		return st->call.clock = 1, st->call.random_len = 32, mapping(c, v, "call", call_keys, call_field, st);
	if (st->kind == SC_COUNTER || st->kind == SC_ADVANCE || (v->type == YAML_SCALAR_NODE && st->kind == SC_TICK))
		return st->has_counter = 1, u64(c, v, &st->counter);
	int r = mapping(c, v, step_keys[key], at_keys, at_field, st);
	if (!r && st->kind == SC_SETTIME && !st->sec)
		return fail(c, v, "settimeofday needs 'time'");
	return r;
}

/* ---- the document ---- */
static const char *const top_keys[] = { "name", "image", "dump", "requires", "state", "steps", NULL };

static int top_field(struct ctx *c, void *obj, int key, yaml_node_t *v)
{
	struct scenario *s = obj;
	char buf[8192];
	switch (key) {
	case 0: return str(c, v, &s->name) || !(s->name = keep(c, s->name)) ? VDSOSIM_EARG : 0;
	case 1: s->image_pos = pos(v); return path(c, v, &s->image);
	case 2: {
		const char *d;
		s->image_pos = pos(v);
		if (path(c, v, &d))
			return VDSOSIM_EARG;
		snprintf(buf, sizeof buf, "%s/vdso.so", d);
		s->image = keep(c, buf);
		snprintf(buf, sizeof buf, "%s/vvar.bin", d);
		FILE *f = fopen(buf, "rb");
		if (f) {
			fclose(f);
			s->vvar = keep(c, buf);
		}
		snprintf(buf, sizeof buf, "%s/vvar_vclock.bin", d);
		if ((f = fopen(buf, "rb"))) {
			fclose(f);
			s->vclock = keep(c, buf);
		}
		return 0;
	}
	case 3:
		if (v->type != YAML_SEQUENCE_NODE)
			return fail(c, v, "expected a list of features");
		for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
			if (s->n_requires == 8)
				return fail(c, v, "at most 8 requirements");
			if (str(c, node(c, *i), &s->requires[s->n_requires]))
				return VDSOSIM_EARG;
			s->requires[s->n_requires] = keep(c, s->requires[s->n_requires]);
			s->n_requires++;
		}
		return 0;
	case 4: return mapping(c, v, "state", state_keys, state_field, &s->state);
	default: {
		if (v->type != YAML_SEQUENCE_NODE)
			return fail(c, v, "expected a list of steps");
		size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
		if (n > MAX_STEPS)
			return fail(c, v, "more than %d steps", MAX_STEPS);
		s->steps = c->a->steps = calloc(n ? n : 1, sizeof *s->steps);
		if (!s->steps)
			return vs_err(VDSOSIM_ENOMEM, "out of memory");
		for (yaml_node_item_t *i = v->data.sequence.items.start; i < v->data.sequence.items.top; i++) {
			yaml_node_t *item = node(c, *i);
			struct sc_step *st = &s->steps[s->n_steps];
			if (item->type != YAML_MAPPING_NODE ||
			    item->data.mapping.pairs.top - item->data.mapping.pairs.start != 1)
				return fail(c, item, "a step is one of: tick, ntp, settimeofday, event, call");
			if (mapping(c, item, "a step", step_keys, step_field, st))
				return VDSOSIM_EARG;
			if (st->kind == SC_CALL && st->name)
				st->name = keep(c, st->name);
			if (st->kind == SC_CALL && st->expect.random)
				st->expect.random = keep(c, st->expect.random);
			if (st->kind == SC_CALL && (st->expect.ge || st->expect.within_of)) {
				st->expect.ge = st->expect.ge ? keep(c, st->expect.ge) : NULL;
				st->expect.within_of = st->expect.within_of ? keep(c, st->expect.within_of) : NULL;
			}
			s->n_steps++;
		}
		return 0;
	}
	}
}

int sc_parse_file(const char *file, struct scenario **out)
{
	*out = NULL;
	FILE *f = fopen(file, "rb");
	if (!f)
		return vs_err(VDSOSIM_EIO, "%s: %s", file, strerror(errno));
	char *buf = malloc(MAX_FILE + 1);
	size_t n = buf ? fread(buf, 1, MAX_FILE + 1, f) : 0;
	int bad = !buf || ferror(f);
	fclose(f);
	int r = bad ? vs_err(VDSOSIM_EIO, "%s: %s", file, buf ? "read error" : "out of memory")
		    : sc_parse_buffer(file, buf, n, out);
	free(buf);
	return r;
}

int sc_parse_buffer(const char *file, const void *text, size_t len, struct scenario **out)
{
	*out = NULL;
	if (len > MAX_FILE)
		return vs_err(VDSOSIM_EARG, "%s:1:1: scenario larger than 1 MiB", file);
	struct ctx c = { .file = file };
	const char *slash = strrchr(file, '/');
	snprintf(c.dir, sizeof c.dir, "%.*s", slash ? (int)(slash - file + 1) : 0, file);
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, text, len);
	int r = 0;
	if (!yaml_parser_load(&parser, &c.doc)) {
		r = vs_err(VDSOSIM_EARG, "%s:%lu:%lu: bad YAML: %s", file, (unsigned long)parser.problem_mark.line + 1,
			   (unsigned long)parser.problem_mark.column + 1, parser.problem ? parser.problem : "unreadable");
		yaml_parser_delete(&parser);
		return r;
	}
	yaml_parser_delete(&parser);
	struct scenario *s = calloc(1, sizeof *s);
	struct arena *a = calloc(1, sizeof *a);
	if (!s || !a) {
		free(s);
		free(a);
		yaml_document_delete(&c.doc);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	s->arena = a;
	c.s = s;
	c.a = a;
	vdsosim_state_default(&s->state);
	yaml_node_t *root = yaml_document_get_root_node(&c.doc);
	if (!root)
		r = vs_err(VDSOSIM_EARG, "%s:1:1: empty scenario (expected a mapping with image and steps)", file);
	else
		r = mapping(&c, root, "the scenario", top_keys, top_field, s);
	if (!r && !s->image)
		r = fail(&c, root, "the scenario needs 'image' or 'dump'");
	if (!r)
		s->file = keep(&c, file);
	if (!r && !s->name) {
		const char *base = strrchr(file, '/');
		s->name = keep(&c, base ? base + 1 : file);
	}
	yaml_document_delete(&c.doc);
	if (r) {
		sc_free(s);
		return r;
	}
	*out = s;
	return 0;
}

void sc_free(struct scenario *s)
{
	if (!s)
		return;
	struct arena *a = s->arena;
	if (a) {
		for (size_t i = 0; i < a->n; i++)
			free(a->s[i]);
		free(a->s);
		free(a->steps);
		free(a);
	}
	free(s);
}
