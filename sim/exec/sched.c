/* The scheduler: threads on one CPU of the model, run one at a time by a documented rule. The
 * running thread goes on until it blocks, yields, exits, or has run its slice while another is
 * ready; then the next ready thread in creation order runs (round robin). With --sched-seed the
 * next thread and the slice are drawn from a SplitMix64 stream of the seed instead, and a
 * syscall may yield, so other interleavings come reproducibly. When every thread waits, time
 * jumps to the earliest deadline, with the model's ticks landing on the way; when none has one,
 * the run ends as a deadlock. */
#include <stdlib.h>
#include <string.h>

#include "../../common/grow.h"
#include "kernel.h"

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

struct vs_thread *vs_x_thread_new(struct vs_exec *x)
{
	struct vs_proc *p = &x->proc;
	struct vs_thread *t = calloc(1, sizeof *t);
	if (!t || !VS_GROW(p->threads, p->cap_threads, p->n_threads)) {
		free(t);
		return NULL;
	}
	t->tid = p->next_tid++;
	t->deadline = UINT64_MAX;
	t->alt_flags = VS_SS_DISABLE;
	t->cpu = p->cpu0 + (uint32_t)(p->n_threads % p->cpus);
	p->threads[p->n_threads++] = t;
	p->live++;
	return t;
}

void vs_x_threads_free(struct vs_exec *x)
{
	for (size_t i = 0; i < x->proc.n_threads; i++) {
		if (x->proc.threads[i]->ctx)
			uc_context_free(x->proc.threads[i]->ctx);
		free(x->proc.threads[i]);
	}
	free(x->proc.threads);
}

struct vs_thread *vs_x_thread(struct vs_exec *x, uint64_t tid)
{
	for (size_t i = 0; i < x->proc.n_threads; i++)
		if (x->proc.threads[i]->tid == tid && !x->proc.threads[i]->exited)
			return x->proc.threads[i];
	return NULL;
}

static int ready(const struct vs_thread *t) { return !t->exited && (t->wait == W_NONE || t->wake != WAKE_NONE); }

static size_t n_ready(struct vs_exec *x, const struct vs_thread *but)
{
	size_t n = 0;
	for (size_t i = 0; i < x->proc.n_threads; i++)
		n += x->proc.threads[i] != but && ready(x->proc.threads[i]);
	return n;
}

static void expire(struct vs_exec *x);

/* The running thread has spent its slice (the block hook asks): is another ready now, a waiter
 * whose deadline has passed among them? If not, it runs another slice. */
int vs_x_slice_over(struct vs_exec *x)
{
	if (x->proc.live > 1) {
		expire(x);
		if (n_ready(x, x->proc.cur))
			return 1;
	}
	x->slice_end = x->prog_insns + x->slice;
	return 0;
}

uint64_t vs_x_ns_to_counter(struct vs_exec *x, uint64_t ns)
{
	uint64_t f = vdsosim_model_state(x->m)->freq_hz, s = ns / 1000000000ULL, r = ns % 1000000000ULL;
	if (s > (UINT64_MAX / 2) / (f ? f : 1))
		return UINT64_MAX / 2;
	return s * f + (r * f + 999999999ULL) / 1000000000ULL; /* up: never wake before the time */
}

/* clk's time at counter value now (an unknown clock: CLOCK_MONOTONIC's) */
static void clock_at(struct vs_exec *x, uint64_t now, int32_t clk, int64_t *sec, int64_t *nsec)
{
	struct vdsosim_timespec ts = { 0, 0 };
	if (vdsosim_model_clock_gettime(x->m, now, clk, &ts))
		vdsosim_model_clock_gettime(x->m, now, 1, &ts);
	*sec = ts.sec;
	*nsec = ts.nsec;
}

/* the counter value at which clk reads (sec, nsec), by the clock's rate now */
uint64_t vs_x_counter_for(struct vs_exec *x, int32_t clk, int64_t sec, int64_t nsec)
{
	uint64_t now = vs_x_counter(x, 0);
	int64_t s, ns;
	clock_at(x, now, clk, &s, &ns);
	int64_t ds = sec - s;
	if (ds < 0 || (ds == 0 && nsec <= ns))
		return now;
	if (ds > 1000000000LL)
		return UINT64_MAX / 2;
	uint64_t d = vs_x_ns_to_counter(x, (uint64_t)(ds * 1000000000LL + (nsec - ns)));
	return d > UINT64_MAX / 2 - now ? UINT64_MAX / 2 : now + d;
}

/* The running thread waits in syscall c until clk reads (sec, nsec), absolute or from now (a
 * relative wait ends when the clock has moved that far: never early, whatever the rate). */
void vs_x_block_until(struct vs_exec *x, struct vs_sc *c, enum vs_wait w, int32_t clk, int64_t sec, int64_t nsec,
		      int absolute, int timeout_ret)
{
	if (!absolute) {
		int64_t s, ns;
		clock_at(x, vs_x_counter(x, 0), clk, &s, &ns);
		sec = sec > 1000000000LL ? 1000000000LL + s : sec + s;
		nsec += ns;
		if (nsec >= 1000000000LL)
			sec++, nsec -= 1000000000LL;
	}
	struct vs_thread *t = x->proc.cur;
	if (x->redoing && t->abs_clock >= 0) { /* served again: the same wait goes on */
		vs_x_block(x, c, w, t->deadline, timeout_ret);
		return;
	}
	vs_x_block(x, c, w, vs_x_counter_for(x, clk, sec, nsec), timeout_ret);
	t->abs_clock = clk;
	t->abs_sec = sec;
	t->abs_nsec = nsec;
}

/* The running thread waits in syscall c: its result comes when it is woken. */
void vs_x_block(struct vs_exec *x, struct vs_sc *c, enum vs_wait w, uint64_t deadline, int timeout_ret)
{
	struct vs_thread *t = x->proc.cur;
	t->wait = w;
	t->wake = WAKE_NONE;
	t->deadline = deadline;
	t->timeout_ret = timeout_ret;
	t->wait_seq = ++x->wait_seq;
	if (!x->redoing)
		t->abs_clock = -1;
	c->blocked = 1;
	x->resched = 1;
	if (w != W_SIGNAL && vs_x_signal_ready(x, t)) { /* a signal to take already: no wait */
		t->interrupted = 1;
		vs_x_wake(x, t, WAKE_RET, -LX_EINTR);
	}
}

void vs_x_wake(struct vs_exec *x, struct vs_thread *t, enum vs_wake how, int64_t ret)
{
	(void)x;
	if (t->wait == W_NONE || t->wake != WAKE_NONE)
		return;
	t->wake = how;
	t->wake_ret = ret;
}

/* Something a file waiter may wait for changed: each looks again when it next runs. */
void vs_x_wake_fd_waiters(struct vs_exec *x)
{
	for (size_t i = 0; i < x->proc.n_threads; i++)
		if (x->proc.threads[i]->wait == W_FD)
			vs_x_wake(x, x->proc.threads[i], WAKE_REDO, 0);
}

/* Deadlines the counter has passed wake their threads (an absolute sleep checks its clock). */
static void expire(struct vs_exec *x)
{
	uint64_t now = vs_x_counter(x, 0);
	for (size_t i = 0; i < x->proc.n_threads; i++) {
		struct vs_thread *t = x->proc.threads[i];
		if (t->exited || t->wait == W_NONE || t->wake != WAKE_NONE || t->deadline > now)
			continue;
		if (t->abs_clock >= 0) {
			uint64_t d = vs_x_counter_for(x, t->abs_clock, t->abs_sec, t->abs_nsec);
			if (d > now) { /* the clock ran slower than the counter on the way: wait the rest */
				t->deadline = d;
				continue;
			}
		}
		vs_x_wake(x, t, WAKE_RET, t->timeout_ret);
	}
}

/* The thread to run next, or NULL when none is ready and none has a deadline (a deadlock).
 * When every thread waits, time passes to the earliest deadline. */
struct vs_thread *vs_x_pick(struct vs_exec *x)
{
	struct vs_proc *p = &x->proc;
	for (;;) {
		expire(x);
		size_t n = n_ready(x, NULL);
		if (n) {
			size_t at = 0;
			for (size_t i = 0; i < p->n_threads; i++)
				if (p->threads[i] == p->cur)
					at = i;
			size_t skip = x->seeded ? (size_t)(splitmix(&x->rng) % n) : 0;
			for (size_t k = 1; k <= p->n_threads; k++) {
				struct vs_thread *t = p->threads[(at + k) % p->n_threads];
				if (ready(t) && !skip--)
					return t;
			}
		}
		uint64_t d = UINT64_MAX;
		for (size_t i = 0; i < p->n_threads; i++)
			if (!p->threads[i]->exited && p->threads[i]->wait != W_NONE && p->threads[i]->deadline < d)
				d = p->threads[i]->deadline;
		for (int i = 0; i < VS_MAX_TIMERS + 3; i++) /* the clock timers (no CPU time passes now) */
			if (p->timers[i].used && !p->timers[i].cpu && p->timers[i].expiry < d)
				d = p->timers[i].expiry;
		if (d == UINT64_MAX)
			return NULL;
		uint64_t now = vs_x_counter(x, 0);
		if (d > now) {
			x->slept += d - now;
			vs_x_ticks(x, d);
		}
		if (p->next_timer <= d)
			vs_x_timers_due(x, d);
		if (x->done)
			return NULL;
	}
}

/* A new slice for the thread about to run. */
void vs_x_new_slice(struct vs_exec *x)
{
	uint64_t s = x->slice;
	if (x->seeded)
		s = 1 + splitmix(&x->rng) % (2 * x->slice);
	x->slice_end = x->prog_insns + s;
}

/* --sched-seed: a syscall of a seeded run may hand the CPU on (one in four) */
void vs_x_maybe_yield(struct vs_exec *x)
{
	if (x->seeded && x->proc.live > 1 && !(splitmix(&x->rng) & 3) && n_ready(x, x->proc.cur))
		x->resched = 1;
}

/* ---- the syscalls ------------------------------------------------------------------------ */

int64_t vs_sys_sched_yield(struct vs_exec *x, struct vs_sc *c)
{
	(void)c;
	if (n_ready(x, x->proc.cur))
		x->resched = 1;
	return 0;
}

/* the CPUs of --cpus N: the model's CPU and the N-1 after it */
int64_t vs_sys_sched_getaffinity(struct vs_exec *x, struct vs_sc *c)
{
	uint8_t mask[128] = { 0 };
	struct vs_proc *p = &x->proc;
	size_t len = (size_t)((p->cpu0 + p->cpus + 63) / 64 * 8);
	if (c->a[1] < len || len > sizeof mask)
		return -LX_EINVAL;
	for (uint32_t k = 0; k < p->cpus; k++)
		mask[(p->cpu0 + k) / 8] |= (uint8_t)(1u << ((p->cpu0 + k) % 8));
	return vs_x_put_user(x, c->a[2], mask, len) ? -LX_EFAULT : (int64_t)len;
}

/* a mask without one of the process's CPUs is refused, as for an offline CPU */
int64_t vs_sys_sched_setaffinity(struct vs_exec *x, struct vs_sc *c)
{
	uint8_t mask[128] = { 0 };
	struct vs_proc *p = &x->proc;
	size_t n = c->a[1] < sizeof mask ? (size_t)c->a[1] : sizeof mask;
	if (uc_mem_read(x->uc, c->a[2], mask, n) != UC_ERR_OK)
		return -LX_EFAULT;
	for (uint32_t k = 0; k < p->cpus; k++) {
		uint32_t cpu = p->cpu0 + k;
		if (cpu / 8 < n && (mask[cpu / 8] >> (cpu % 8)) & 1)
			return 0;
	}
	return -LX_EINVAL;
}

/* MEMBARRIER_CMD_QUERY: GLOBAL, PRIVATE_EXPEDITED and its REGISTER; one CPU runs them all in
 * order, so each command is a barrier already */
int64_t vs_sys_membarrier(struct vs_exec *x, struct vs_sc *c)
{
	(void)x;
	return c->a[0] == 0 ? (1 | 8 | 16) : (c->a[0] & (c->a[0] - 1)) ? -LX_EINVAL : 0;
}
