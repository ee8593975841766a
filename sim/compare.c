/* The differential verdict shared by survey, check, explore and scenarios: what the model says a
 * call must give, what a result gave, and why they differ, as values. */
#include <string.h>

#include "vdsosim.h"

/* the legacy 32-bit entry points store a 32-bit time_t: 2038 wraps there, as in the kernel */
static int64_t t_narrow(int64_t v, int bytes) { return bytes == 4 ? (int32_t)v : v; }

struct vdsosim_answer vdsosim_answer_model(const vdsosim_model *m, const struct vdsosim_call *c, uint64_t now,
					   int time_bytes)
{
	struct vdsosim_answer x = { 0, 0, 0, vdsosim_model_serves(m, c->func, c->clock, now) };
	const struct vdsosim_state *st = vdsosim_model_state(m);
	struct vdsosim_timespec ts = { 0, 0 };
	switch (vdsosim_func_base(c->func)) {
	case VDSOSIM_CLOCK_GETTIME: x.ret = vdsosim_model_clock_gettime(m, now, c->clock, &ts); break;
	case VDSOSIM_CLOCK_GETRES: x.ret = vdsosim_model_clock_getres(m, c->clock, &ts); break;
	case VDSOSIM_GETTIMEOFDAY:
		vdsosim_model_clock_gettime(m, now, 0, &ts);
		ts.nsec /= 1000;
		break;
	case VDSOSIM_TIME: x.ret = t_narrow(vdsosim_model_time(m), time_bytes); break;
	case VDSOSIM_GETCPU: ts.sec = st->cpu; ts.nsec = st->node; break;
	case VDSOSIM_GETRANDOM: x.ret = (c->flags & VDSOSIM_CALL_RANDOM_PARAMS) ? 0 : (int64_t)c->random_len; break;
	default: break;
	}
	if (x.ret && vdsosim_func_takes_clock(c->func))
		ts.sec = ts.nsec = 0;
	x.sec = vdsosim_func_base(c->func) == VDSOSIM_TIME ? 0 : t_narrow(ts.sec, time_bytes);
	x.sub = ts.nsec;
	return x;
}

struct vdsosim_answer vdsosim_answer_result(const struct vdsosim_call *c, const struct vdsosim_result *r)
{
	struct vdsosim_answer x = { r->ret, r->tv_sec, vdsosim_func_base(c->func) == VDSOSIM_GETTIMEOFDAY ? r->tv_usec : r->tv_nsec,
				    r->n_syscalls == 0 };
	switch (vdsosim_func_base(c->func)) {
	case VDSOSIM_TIME:
	case VDSOSIM_GETRANDOM:
	case VDSOSIM_FLUSH_ICACHE: x.sec = x.sub = 0; break;
	case VDSOSIM_GETCPU: x.sec = r->cpu; x.sub = r->node; break;
	default: break;
	}
	if (x.ret && vdsosim_func_takes_clock(c->func))
		x.sec = x.sub = 0;
	return x;
}

enum vdsosim_reason vdsosim_result_verdict(const vdsosim_model *m, const struct vdsosim_call *c,
					   const struct vdsosim_result *r, struct vdsosim_answer *want_out)
{
	struct vdsosim_answer want = vdsosim_answer_model(m, c, c->counter, r->time_bytes);
	if (want_out)
		*want_out = want;
	if (r->status)
		return VDSOSIM_WHY_ERROR;
	/* path: served in the vDSO, or exactly one syscall of the same kind */
	const char *fn = vdsosim_func_name(c->func);
	if (want.vdso && r->n_syscalls)
		return VDSOSIM_WHY_SYSCALL_MADE;
	if (!want.vdso && (r->n_syscalls != 1 || strcmp(r->syscalls[0].name, fn)))
		return r->n_syscalls ? VDSOSIM_WHY_SYSCALL_COUNT : VDSOSIM_WHY_NO_SYSCALL;
	if (vdsosim_func_base(c->func) == VDSOSIM_GETRANDOM && (c->flags & VDSOSIM_CALL_RANDOM_PARAMS))
		return VDSOSIM_WHY_NONE; /* the params are the image's own; the model has no say */
	struct vdsosim_answer got = vdsosim_answer_result(c, r);
	if (got.ret != want.ret || got.sec != want.sec || got.sub != want.sub)
		return VDSOSIM_WHY_VALUE;
	if (vdsosim_func_base(c->func) == VDSOSIM_TIME && r->has_ts && r->tv_sec != want.ret)
		return VDSOSIM_WHY_VALUE;
	if (vdsosim_func_base(c->func) == VDSOSIM_GETTIMEOFDAY) {
		const struct vdsosim_state *st = vdsosim_model_state(m);
		if (r->tz_minuteswest != st->tz_minuteswest || r->tz_dsttime != st->tz_dsttime)
			return VDSOSIM_WHY_VALUE;
	}
	return VDSOSIM_WHY_NONE;
}

static const struct { const char *name, *text; } reasons[VDSOSIM_NREASONS] = {
	[VDSOSIM_WHY_NONE] = { "none", "agrees with the model" },
	[VDSOSIM_WHY_ERROR] = { "emulation-error", "emulation did not finish" },
	[VDSOSIM_WHY_VALUE] = { "value", "the value differs from the model's" },
	[VDSOSIM_WHY_SYSCALL_MADE] = { "fell-back", "fell back although the vDSO must answer" },
	[VDSOSIM_WHY_NO_SYSCALL] = { "served-in-vdso", "answered in the vDSO although the syscall is due" },
	[VDSOSIM_WHY_SYSCALL_COUNT] = { "syscall-count", "not exactly one syscall of the function's kind" },
	[VDSOSIM_WHY_TORN] = { "torn-read", "torn read: the result matches no state" },
	[VDSOSIM_WHY_NO_RETRY] = { "no-retry", "the seq changed inside the read section but the reader did not retry" },
	[VDSOSIM_WHY_MONOTONIC] = { "not-monotonic", "monotonic clock outside [before, after]" },
};

const char *vdsosim_reason_name(enum vdsosim_reason r) { return r < VDSOSIM_NREASONS ? reasons[r].name : "?"; }
const char *vdsosim_reason_text(enum vdsosim_reason r) { return r < VDSOSIM_NREASONS ? reasons[r].text : "?"; }
