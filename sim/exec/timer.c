/* Timers that signal: setitimer/getitimer/alarm and the POSIX timers (timer_create with
 * SIGEV_SIGNAL, SIGEV_THREAD_ID or SIGEV_NONE). Each expiry is a counter value: the clock's own
 * for CLOCK_REALTIME, MONOTONIC and BOOTTIME (the scheduler lets time pass to the earliest when
 * every thread waits), the process's running time for the CPU-time clocks and the virtual and
 * profiling itimers. The run loop's hooks look at the earliest expiry before each block. */
#include <string.h>

#include "kernel.h"

enum { SIGEV_SIGNAL_ = 0, SIGEV_NONE_ = 1, SIGEV_THREAD_ID_ = 4, TIMER_ABSTIME__ = 1 };
#define ITIMER0 VS_MAX_TIMERS

static int cpu_clock(int32_t clk) { return clk == 2 || clk == 3; }

/* the process's running time so far, on the counter's scale */
uint64_t vs_x_cpu_time(struct vs_exec *x, uint64_t now) { return now - x->counter0 - x->slept; }

static uint64_t freq(struct vs_exec *x)
{
	uint64_t f = vdsosim_model_state(x->m)->freq_hz;
	return f ? f : 1;
}

/* counter units d as a timespec: whole seconds, then the rest a decimal digit at a time (exact,
 * without 128-bit arithmetic, which 32-bit hosts lack) */
void vs_x_counter_to_ts(struct vs_exec *x, uint64_t d, int64_t *sec, int64_t *nsec)
{
	uint64_t f = freq(x), r = d % f, ns = 0;
	*sec = (int64_t)(d / f);
	for (int i = 0; i < 9; i++) {
		r *= 10;
		ns = ns * 10 + r / f;
		r %= f;
	}
	*nsec = (int64_t)ns;
}

/* the earliest expiry on the counter (a CPU-time one: if the process runs from now on) */
static void rearm(struct vs_exec *x)
{
	struct vs_proc *p = &x->proc;
	uint64_t now = vs_x_counter(x, 0), cpu = vs_x_cpu_time(x, now), next = UINT64_MAX;
	for (int i = 0; i < VS_MAX_TIMERS + 3; i++) {
		struct vs_timer *t = &p->timers[i];
		if (!t->used || t->expiry == UINT64_MAX)
			continue;
		uint64_t at = t->cpu ? now + (t->expiry > cpu ? t->expiry - cpu : 0) : t->expiry;
		if (at < next)
			next = at;
	}
	p->next_timer = next;
}

static void fire(struct vs_exec *x, struct vs_timer *t, int id, uint64_t at)
{
	uint64_t missed = 0;
	if (t->interval) {
		missed = (at - t->expiry) / t->interval;
		t->expiry += (missed + 1) * t->interval;
	} else {
		t->expiry = UINT64_MAX;
	}
	t->overrun = missed > 0x7fffffff ? 0x7fffffff : (int32_t)missed;
	if (t->notify == SIGEV_NONE_)
		return;
	struct vs_siginfo si = { .signo = t->sig, .code = id >= ITIMER0 ? VS_SI_KERNEL : VS_SI_TIMER, .timerid = t->id,
				 .overrun = t->overrun, .value = t->value };
	struct vs_thread *to = NULL;
	if (t->notify == SIGEV_THREAD_ID_ && !(to = vs_x_thread(x, t->tid)))
		return;
	vs_x_signal_send(x, to, t->sig, &si);
}

/* Expiries the counter (or the process's running time) has reached send their signals. */
void vs_x_timers_due(struct vs_exec *x, uint64_t now)
{
	struct vs_proc *p = &x->proc;
	uint64_t cpu = vs_x_cpu_time(x, now);
	for (int i = 0; i < VS_MAX_TIMERS + 3 && !x->done; i++) {
		struct vs_timer *t = &p->timers[i];
		uint64_t at = t->cpu ? cpu : now;
		if (t->used && t->expiry <= at)
			fire(x, t, i, at);
	}
	rearm(x);
}

/* the timer to expire after (sec, nsec) (absolute: when clk reads it), then every interval */
static void arm(struct vs_exec *x, struct vs_timer *t, int64_t sec, int64_t nsec, int abs, int64_t isec, int64_t insec)
{
	uint64_t now = vs_x_counter(x, 0);
	t->interval = isec || insec ? vs_x_ns_to_counter(x, (uint64_t)isec * 1000000000U + (uint64_t)insec) : 0;
	if (!sec && !nsec) {
		t->expiry = UINT64_MAX;
	} else if (t->cpu) {
		uint64_t d = vs_x_ns_to_counter(x, (uint64_t)sec * 1000000000U + (uint64_t)nsec);
		t->expiry = abs ? d : vs_x_cpu_time(x, now) + d;
	} else if (abs) {
		t->expiry = vs_x_counter_for(x, t->clock, sec, nsec);
	} else {
		t->expiry = now + vs_x_ns_to_counter(x, (uint64_t)sec * 1000000000U + (uint64_t)nsec);
	}
	t->overrun = 0;
	rearm(x);
	if (t->expiry <= (t->cpu ? vs_x_cpu_time(x, now) : now)) /* already due: at once */
		vs_x_timers_due(x, now);
}

/* what is left of it, and its interval */
static void left(struct vs_exec *x, const struct vs_timer *t, int64_t v[4])
{
	uint64_t now = vs_x_counter(x, 0), at = t->cpu ? vs_x_cpu_time(x, now) : now;
	memset(v, 0, 4 * sizeof *v);
	if (!t->used || t->expiry == UINT64_MAX)
		return;
	vs_x_counter_to_ts(x, t->interval, &v[0], &v[1]);
	vs_x_counter_to_ts(x, t->expiry > at ? t->expiry - at : 1, &v[2], &v[3]);
}

/* a pair of timespecs or timevals (usec: timevals), n bytes a field */
static int read_pair(struct vs_exec *x, uint64_t a, int n, int usec, int64_t v[4])
{
	int bad = 0;
	for (int i = 0; i < 4; i++) {
		uint64_t w = vs_x_get_word(x, a + (uint64_t)(i * n), n, &bad);
		if ((i & 1) && n == 8 && x->abi->word == 4)
			w &= 0xffffffffu; /* a 32-bit task's tv_nsec: the kernel ignores its upper half */
		v[i] = n == 4 ? (int32_t)w : (int64_t)w;
	}
	if (bad)
		return -LX_EFAULT;
	for (int i = 1; i < 4; i += 2) {
		if (v[i] < 0 || v[i] >= (usec ? 1000000 : 1000000000) || v[i - 1] < 0)
			return -LX_EINVAL;
		if (usec)
			v[i] *= 1000;
	}
	return 0;
}

static int write_pair(struct vs_exec *x, uint64_t a, int n, int usec, const int64_t v[4])
{
	for (int i = 0; i < 4; i++)
		if (vs_x_put_word(x, a + (uint64_t)(i * n), (uint64_t)(usec && (i & 1) ? v[i] / 1000 : v[i]), n))
			return -LX_EFAULT;
	return 0;
}

/* a signal's number by name (MIPS numbers some of them its own way) */
static int sig_named(struct vs_exec *x, const char *name)
{
	for (int s = 1; s < 32; s++)
		if (vs_x_signal_name(x, (uint64_t)s) && !strcmp(vs_x_signal_name(x, (uint64_t)s), name))
			return s;
	return 0;
}

static struct vs_timer *itimer(struct vs_exec *x, uint64_t which)
{
	static const char *const sigs[3] = { "SIGALRM", "SIGVTALRM", "SIGPROF" };
	if (which > 2)
		return NULL;
	struct vs_timer *t = &x->proc.timers[ITIMER0 + which];
	if (!t->used) {
		*t = (struct vs_timer){ .used = 1, .cpu = which != 0, .clock = which ? 2 : 0, .expiry = UINT64_MAX,
					.sig = sig_named(x, sigs[which]) };
	}
	return t;
}

/* getitimer(which, value) and setitimer(which, new, old): timevals of the ABI's long */
int64_t vs_sys_getitimer(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_timer *t = itimer(x, c->a[0]);
	int64_t v[4];
	if (!t)
		return -LX_EINVAL;
	left(x, t, v);
	return write_pair(x, c->a[1], x->abi->klong, 1, v);
}

int64_t vs_sys_setitimer(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_timer *t = itimer(x, c->a[0]);
	int64_t v[4], o[4];
	int n = x->abi->klong, r;
	if (!t)
		return -LX_EINVAL;
	left(x, t, o);
	if (c->a[1] && (r = read_pair(x, c->a[1], n, 1, v)))
		return r;
	if (c->a[2] && (r = write_pair(x, c->a[2], n, 1, o)))
		return r;
	if (c->a[1])
		arm(x, t, v[2], v[3], 0, v[0], v[1]);
	return 0;
}

/* alarm(seconds): the seconds the last one had left (rounded up) */
int64_t vs_sys_alarm(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_timer *t = itimer(x, 0);
	int64_t o[4];
	left(x, t, o);
	arm(x, t, (int64_t)(uint32_t)c->a[0], 0, 0, 0, 0);
	return o[2] + (o[3] > 0);
}

/* timer_create(clock, sevp, id): struct sigevent is sigev_value (a word), signo, notify, tid */
int64_t vs_sys_timer_create(struct vs_exec *x, struct vs_sc *c)
{
	int32_t clk = (int32_t)c->a[0];
	if (clk != 0 && clk != 1 && clk != 2 && clk != 3 && clk != 7)
		return -LX_EINVAL;
	int id = 0;
	while (id < VS_MAX_TIMERS && x->proc.timers[id].used)
		id++;
	if (id == VS_MAX_TIMERS)
		return -LX_EAGAIN;
	struct vs_timer t = { .used = 1, .id = id, .clock = clk, .cpu = cpu_clock(clk), .sig = sig_named(x, "SIGALRM"),
			      .value = (uint64_t)id, .expiry = UINT64_MAX };
	if (c->a[1]) {
		int w = x->abi->word, bad = 0;
		t.value = vs_x_get_word(x, c->a[1], w, &bad);
		t.sig = (int)(int32_t)vs_x_get_word(x, c->a[1] + (uint64_t)w, 4, &bad);
		t.notify = (int)(int32_t)vs_x_get_word(x, c->a[1] + (uint64_t)w + 4, 4, &bad);
		t.tid = (uint32_t)vs_x_get_word(x, c->a[1] + (uint64_t)w + 8, 4, &bad);
		if (bad)
			return -LX_EFAULT;
		if (t.notify != SIGEV_SIGNAL_ && t.notify != SIGEV_NONE_ && t.notify != SIGEV_THREAD_ID_)
			return -LX_EINVAL;
		if (t.notify != SIGEV_NONE_ && (t.sig < 1 || t.sig > 64))
			return -LX_EINVAL;
		if (t.notify == SIGEV_THREAD_ID_ && !vs_x_thread(x, t.tid))
			return -LX_EINVAL;
	}
	if (vs_x_put_word(x, c->a[2], (uint64_t)id, 4))
		return -LX_EFAULT;
	x->proc.timers[id] = t;
	return 0;
}

static struct vs_timer *posix_timer(struct vs_exec *x, uint64_t id)
{
	return id < VS_MAX_TIMERS && x->proc.timers[id].used ? &x->proc.timers[id] : NULL;
}

/* a timespec field's bytes: the ABI's long, or 8 for the _time64 calls */
static int ts_bytes(struct vs_exec *x, struct vs_sc *c)
{
	return strstr(c->s->name, "time64") ? 8 : x->abi->klong;
}

/* timer_settime(id, flags, new, old) */
int64_t vs_sys_timer_settime(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_timer *t = posix_timer(x, c->a[0]);
	int64_t v[4], o[4];
	int n = ts_bytes(x, c), r;
	if (!t)
		return -LX_EINVAL;
	if ((r = read_pair(x, c->a[2], n, 0, v)))
		return r;
	left(x, t, o);
	if (c->a[3] && (r = write_pair(x, c->a[3], n, 0, o)))
		return r;
	arm(x, t, v[2], v[3], (c->a[1] & TIMER_ABSTIME__) != 0, v[0], v[1]);
	return 0;
}

/* timer_gettime(id, cur) */
int64_t vs_sys_timer_gettime(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_timer *t = posix_timer(x, c->a[0]);
	int64_t v[4];
	if (!t)
		return -LX_EINVAL;
	left(x, t, v);
	return write_pair(x, c->a[1], ts_bytes(x, c), 0, v);
}

int64_t vs_sys_timer_getoverrun(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_timer *t = posix_timer(x, c->a[0]);
	return t ? t->overrun : -LX_EINVAL;
}

int64_t vs_sys_timer_delete(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_timer *t = posix_timer(x, c->a[0]);
	if (!t)
		return -LX_EINVAL;
	memset(t, 0, sizeof *t);
	rearm(x);
	return 0;
}
