/* The differential verdict shared by survey and check. */
#include <stdio.h>
#include <string.h>

#include "engine.h"

static uint64_t now_of(const struct vdsosim_call *c) { return c->counter; }

/* the legacy 32-bit entry points store a 32-bit time_t: 2038 wraps there, as in the kernel */
static int64_t t_narrow(int64_t v, int bytes) { return bytes == 4 ? (int32_t)v : v; }

int vdsosim_result_matches(const vdsosim_model *m, const struct vdsosim_call *c, const struct vdsosim_result *r,
			   char *why, size_t len)
{
	char cb[24];
	const char *fn = vdsosim_func_name(c->func), *cn = vdsosim_clock_name(c->clock, cb);
	if (r->status) {
		snprintf(why, len, "%s(%s): %s", fn, cn, r->message);
		return 0;
	}
	/* path: served in the vDSO, or exactly one syscall of the same kind */
	int serves = vs_model_vdso_serves(m, c->func, c->clock, now_of(c));
	if (serves && r->n_syscalls) {
		snprintf(why, len, "%s(%s): expected in the vDSO, made %zu syscall(s) (%s)", fn, cn, r->n_syscalls,
			 r->syscalls[0].name);
		return 0;
	}
	if (!serves && (r->n_syscalls != 1 || strcmp(r->syscalls[0].name, fn))) {
		snprintf(why, len, "%s(%s): expected exactly one %s syscall, made %zu", fn, cn, fn, r->n_syscalls);
		return 0;
	}
	struct vdsosim_timespec ts = { 0, 0 };
	int64_t want = 0;
	enum vdsosim_func base = vdsosim_func_base(c->func);
	switch (base) {
	case VDSOSIM_CLOCK_GETTIME:
	case VDSOSIM_CLOCK_GETRES:
		want = base == VDSOSIM_CLOCK_GETTIME ? vdsosim_model_clock_gettime(m, now_of(c), c->clock, &ts)
						     : vdsosim_model_clock_getres(m, c->clock, &ts);
		ts.sec = t_narrow(ts.sec, r->time_bytes);
		if (r->ret != want || (want == 0 && (r->tv_sec != ts.sec || r->tv_nsec != ts.nsec))) {
			snprintf(why, len, "%s(%s): vDSO ret %lld {%lld, %lld}, model ret %lld {%lld, %lld}", fn, cn,
				 (long long)r->ret, (long long)r->tv_sec, (long long)r->tv_nsec, (long long)want,
				 (long long)ts.sec, (long long)ts.nsec);
			return 0;
		}
		return 1;
	case VDSOSIM_GETTIMEOFDAY:
		vdsosim_model_clock_gettime(m, now_of(c), 0, &ts);
		ts.sec = t_narrow(ts.sec, r->time_bytes);
		if (r->ret != 0 || r->tv_sec != ts.sec || r->tv_usec != ts.nsec / 1000 ||
		    r->tz_minuteswest != m->st.tz_minuteswest || r->tz_dsttime != m->st.tz_dsttime) {
			snprintf(why, len, "gettimeofday: vDSO ret %lld {%lld, %lld} tz {%d, %d}, model {%lld, %lld} tz {%d, %d}",
				 (long long)r->ret, (long long)r->tv_sec, (long long)r->tv_usec, r->tz_minuteswest,
				 r->tz_dsttime, (long long)ts.sec, (long long)(ts.nsec / 1000), m->st.tz_minuteswest,
				 m->st.tz_dsttime);
			return 0;
		}
		return 1;
	case VDSOSIM_TIME:
		want = t_narrow(vdsosim_model_time(m), r->time_bytes);
		if (r->ret != want || (r->has_ts && r->tv_sec != want)) {
			snprintf(why, len, "time: vDSO %lld, model %lld", (long long)r->ret, (long long)want);
			return 0;
		}
		return 1;
	case VDSOSIM_GETRANDOM: /* the bytes are the image's ChaCha20; the model only knows the count */
		if (!(c->flags & VDSOSIM_CALL_RANDOM_PARAMS) && r->ret != (int64_t)c->random_len) {
			snprintf(why, len, "getrandom: vDSO ret %lld, asked for %u bytes", (long long)r->ret, c->random_len);
			return 0;
		}
		return 1;
	case VDSOSIM_FLUSH_ICACHE:
		if (r->ret != 0) {
			snprintf(why, len, "flush_icache: ret %lld", (long long)r->ret);
			return 0;
		}
		return 1;
	case VDSOSIM_GETCPU:
		if (r->ret != 0 || r->cpu != m->st.cpu || r->node != m->st.node) {
			snprintf(why, len, "getcpu: vDSO ret %lld cpu %u node %u, model cpu %u node %u", (long long)r->ret,
				 r->cpu, r->node, m->st.cpu, m->st.node);
			return 0;
		}
		return 1;
	default: return 0;
	}
}
