/* Signals: actions as the program gave them (rt_sigaction keeps each struct whole), masks and
 * alternate stacks per thread, sending (kill, tgkill, timers), and delivery as the kernel does it:
 * a frame in the ABI's layout (frame_*.c) on the thread's stack or its altstack, the handler
 * run, and sigreturn putting the registers and mask back. Delivery happens with the machine
 * stopped: after a syscall, at a switch, or before a block when a timer fired, which may be
 * inside a vDSO call; that call goes on after the handler returns. */
#include <stdlib.h>
#include <string.h>

#include "../../common/bytes.h"
#include "../../common/grow.h"
#include "kernel.h"

static const char *const signals_generic[32] = {
	NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
	"SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
	"SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
	"SIGSYS" };

const char *vs_x_signal_name(struct vs_exec *x, uint64_t sig)
{
	const char *const *names = x->abi->signals ? x->abi->signals : signals_generic;
	return sig > 0 && sig < 32 ? names[sig] : NULL;
}

int vs_x_signal_number(struct vs_exec *x, const char *name)
{
	const char *const *names = x->abi->signals ? x->abi->signals : signals_generic;
	for (int s = 1; s < 32; s++)
		if (names[s] && !strcmp(names[s], name))
			return s;
	return 0;
}

static int named(struct vs_exec *x, int sig, const char *name)
{
	const char *n = vs_x_signal_name(x, (uint64_t)sig);
	return n && !strcmp(n, name);
}

#define BIT(sig) ((sig) >= 1 && (sig) <= 64 ? 1ULL << ((sig) - 1) : 0) /* (MIPS numbers up to 128) */
/* SIGKILL and SIGSTOP are never blocked (9 everywhere; SIGSTOP by name) */
static uint64_t unblockable(struct vs_exec *x)
{
	uint64_t m = BIT(9);
	for (int s = 1; s < 32; s++)
		if (named(x, s, "SIGSTOP"))
			m |= BIT(s);
	return m;
}

/* ---- guest words -------------------------------------------------------------------------- */

int vs_x_put_word(struct vs_exec *x, uint64_t addr, uint64_t v, int n)
{
	uint8_t b[8];
	vs_put(b, v, n, x->abi->big_endian);
	return vs_x_put_user(x, addr, b, (size_t)n) ? -1 : 0;
}

uint64_t vs_x_get_word(struct vs_exec *x, uint64_t addr, int n, int *bad)
{
	uint8_t b[8] = { 0 };
	if (uc_mem_read(x->uc, addr, b, (size_t)n) != UC_ERR_OK)
		*bad = 1;
	return vs_get(b, n, x->abi->big_endian);
}

/* siginfo_t: signo, errno, code (MIPS: signo, code, errno), then the union at the word after */
int vs_x_put_siginfo(struct vs_exec *x, uint64_t addr, const struct vs_siginfo *si)
{
	uint8_t b[128] = { 0 };
	int be = x->abi->big_endian, w = x->abi->word, mips = x->abi->uc_arch == UC_ARCH_MIPS;
	vs_put(b, (uint32_t)si->signo, 4, be);
	int32_t code = mips && si->code == VS_SI_TIMER ? -3 : si->code; /* MIPS numbers SI_TIMER -3 */
	vs_put(b + (mips ? 4 : 8), (uint32_t)code, 4, be);
	uint8_t *u = b + (w == 8 ? 16 : 12);
	if (si->code == VS_SI_TIMER) {
		vs_put(u, (uint32_t)si->timerid, 4, be);
		vs_put(u + 4, (uint32_t)si->overrun, 4, be);
		vs_put(u + 8, si->value, w, be);
	} else {
		vs_put(u, si->pid, 4, be);
		vs_put(u + 4, si->uid, 4, be);
		vs_put(u + 8, si->value, w, be);
	}
	return vs_x_put_user(x, addr, b, sizeof b) ? -1 : 0;
}

/* ---- actions ------------------------------------------------------------------------------ */

/* struct sigaction as the ABI's kernel reads it: handler, flags, restorer (when it has one),
 * mask; MIPS: flags, handler, a 128-bit mask */
static void action(struct vs_exec *x, int sig, struct vs_sigframe *f)
{
	const struct vs_exec_abi *abi = x->abi;
	const uint8_t *b = x->proc.sigaction[sig];
	size_t n = abi->sigaction_size ? abi->sigaction_size : 32;
	int w = abi->word, be = abi->big_endian;
	f->handler = x->proc.sig_handler[sig];
	if (abi->sa_handler_off) { /* MIPS */
		f->flags = vs_get(b, 4, be);
		f->mask = vs_get(b + abi->sa_handler_off + w, 8, be);
		f->restorer = 0;
		return;
	}
	f->flags = vs_get(b + w, w, be);
	f->restorer = n >= (size_t)(3 * w + 8) ? vs_get(b + 2 * w, w, be) : 0;
	f->mask = vs_get(b + n - 8, 8, be);
	if (be && w == 4)
		f->mask = f->mask >> 32 | f->mask << 32;
}

/* rt_sigaction(sig, act, oact, size): the struct as the program laid it out, kept whole */
int64_t vs_sys_rt_sigaction(struct vs_exec *x, struct vs_sc *c)
{
	const struct vs_exec_abi *abi = x->abi;
	uint64_t sig = c->a[0];
	size_t n = abi->sigaction_size ? abi->sigaction_size : 32;
	if (sig < 1 || sig > VS_NSIG(abi))
		return -LX_EINVAL;
	struct vs_proc *p = &x->proc;
	if (c->a[2] && vs_x_put_user(x, c->a[2], p->sigaction[sig], n))
		return -LX_EFAULT;
	if (!c->a[1])
		return 0;
	if (BIT(sig) & unblockable(x))
		return -LX_EINVAL;
	uint8_t b[sizeof p->sigaction[0]];
	if (uc_mem_read(x->uc, c->a[1], b, n) != UC_ERR_OK)
		return -LX_EFAULT;
	memcpy(p->sigaction[sig], b, n);
	p->sig_handler[sig] = vs_get(b + abi->sa_handler_off, abi->word, abi->big_endian);
	return 0;
}

/* signals whose default action is to do nothing (SIGSTOP and the stops: no job control here) */
static int ignored_by_default(struct vs_exec *x, int sig)
{
	return named(x, sig, "SIGCHLD") || named(x, sig, "SIGURG") || named(x, sig, "SIGWINCH") ||
	       named(x, sig, "SIGCONT") || named(x, sig, "SIGSTOP") || named(x, sig, "SIGTSTP") ||
	       named(x, sig, "SIGTTIN") || named(x, sig, "SIGTTOU");
}

static const char *code_name(int code)
{
	switch (code) {
	case VS_SI_USER: return "SI_USER";
	case VS_SI_TKILL: return "SI_TKILL";
	case VS_SI_TIMER: return "SI_TIMER";
	default: return "SI_KERNEL";
	}
}

static void die_of(struct vs_exec *x, int sig, const struct vs_siginfo *si)
{
	x->fatal_code = code_name(si->code);
	vs_x_die(x, sig, "killed by signal %d (%s)", sig,
		 si->code == VS_SI_TIMER || si->code == VS_SI_KERNEL ? "a timer's" : "raised by the program");
}

/* ---- sending ------------------------------------------------------------------------------ */

static uint64_t pending(const struct vs_exec *x, const struct vs_thread *t)
{
	return (t->sig_pending | x->proc.sig_shared) & ~t->sigmask;
}

int vs_x_signal_ready(struct vs_exec *x, const struct vs_thread *t) { return !t->exited && pending(x, t) != 0; }

/* A waiting thread with a signal to take: its wait ends (EINTR, or served again on sigreturn for
 * an SA_RESTART call the kernel restarts: futex waits without a timeout, reads, writes). */
static void interrupt(struct vs_exec *x, struct vs_thread *t)
{
	if (t->wait == W_NONE || t->wake != WAKE_NONE || !pending(x, t))
		return;
	t->interrupted = 1;
	if (t->wait == W_SLEEP && t->sc.s && (t->sc.s->op == X_NANOSLEEP || t->sc.s->op == X_CLOCK_NANOSLEEP))
		vs_x_sleep_interrupted(x, t);
	vs_x_wake(x, t, WAKE_RET, -LX_EINTR);
}

void vs_x_signal_send(struct vs_exec *x, struct vs_thread *t, int sig, const struct vs_siginfo *si)
{
	struct vs_proc *p = &x->proc;
	uint64_t h = p->sig_handler[sig], bit = BIT(sig);
	if (sig < 1 || sig > 64 || h == 1 || (h == 0 && ignored_by_default(x, sig)))
		return;
	if (!t) { /* the process's: the running thread if it takes it, else the first that does */
		if (!(p->cur->sigmask & bit) && !p->cur->exited)
			t = p->cur;
		for (size_t i = 0; !t && i < p->n_threads; i++)
			if (!p->threads[i]->exited && !(p->threads[i]->sigmask & bit))
				t = p->threads[i];
	}
	if ((h == 0 || (bit & unblockable(x))) && (!t || !(t->sigmask & bit) || (bit & unblockable(x)))) {
		die_of(x, sig, si); /* a fatal default ends the process as it is sent */
		return;
	}
	for (size_t i = 0; i < p->n_threads; i++) { /* a sigtimedwait for it takes it */
		struct vs_thread *w = p->threads[i];
		if (w->wait == W_SIGNAL && w->sc.s && w->sc.s->op == X_RT_SIGTIMEDWAIT && (w->wait_set & bit) &&
		    (!t || t == w))
			vs_x_wake(x, t = w, WAKE_REDO, 0);
	}
	if (!t) {
		p->sig_shared |= bit;
		p->shared_info[sig - 1] = *si;
		return;
	}
	if (!(t->sig_pending & bit))
		t->pend_info[sig - 1] = *si;
	t->sig_pending |= bit;
	if (t->sigmask & bit)
		return;
	if (t->wait != W_NONE)
		interrupt(x, t);
	else if (t == p->cur)
		x->sigwork = 1;
}

/* kill(pid, sig), tkill(tid, sig), tgkill(tgid, tid, sig) */
int64_t vs_sys_kill(struct vs_exec *x, struct vs_sc *c)
{
	int op = c->s->op;
	uint64_t sig = op == X_TGKILL ? c->a[2] : c->a[1];
	uint64_t tid = op == X_TGKILL ? c->a[1] : op == X_TKILL ? c->a[0] : x->proc.cur->tid;
	if (sig > VS_NSIG(x->abi))
		return -LX_EINVAL;
	if (op == X_KILL && c->a[0] != x->proc.pid && (int64_t)c->a[0] != 0 && (int64_t)c->a[0] != -1)
		return -LX_ESRCH;
	if ((op == X_TGKILL && c->a[0] != x->proc.pid))
		return -LX_ESRCH;
	struct vs_thread *t = vs_x_thread(x, tid);
	if (!t)
		return -LX_ESRCH;
	if (sig == 0)
		return 0;
	if (sig > 64)
		return 0; /* MIPS's signals past 64: no handler can be run for them here */
	struct vs_siginfo si = { .signo = (int)sig, .code = op == X_KILL ? VS_SI_USER : VS_SI_TKILL, .pid = x->proc.pid,
				 .uid = 1000 };
	vs_x_signal_send(x, op == X_KILL ? NULL : t, (int)sig, &si);
	if (x->done) {
		c->ended = 1;
		x->raised = op;
	}
	return 0;
}

/* ---- masks, altstacks, waits -------------------------------------------------------------- */

static int on_altstack(const struct vs_thread *t, uint64_t sp)
{
	return !(t->alt_flags & VS_SS_DISABLE) && sp - t->alt_sp <= t->alt_size;
}

/* stack_t: ss_sp, ss_flags, ss_size (MIPS: ss_sp, ss_size, ss_flags) */
static int64_t sigaltstack_(struct vs_exec *x, struct vs_sc *c)
{
	const struct vs_exec_abi *abi = x->abi;
	struct vs_thread *t = x->proc.cur;
	int w = abi->word, mips = abi->uc_arch == UC_ARCH_MIPS, bad = 0;
	uint64_t fo = (uint64_t)(mips ? 2 * w : w), so = (uint64_t)(mips ? w : 2 * w);
	uint64_t sp = vs_x_reg(x, abi->sp_reg);
	if (c->a[1]) {
		uint8_t b[24] = { 0 };
		vs_put(b, t->alt_sp, w, abi->big_endian);
		vs_put(b + fo, on_altstack(t, sp) ? VS_SS_ONSTACK : t->alt_flags, 4, abi->big_endian);
		vs_put(b + so, t->alt_size, w, abi->big_endian);
		if (vs_x_put_user(x, c->a[1], b, 3 * (size_t)w))
			return -LX_EFAULT;
	}
	if (!c->a[0])
		return 0;
	uint64_t ss = vs_x_get_word(x, c->a[0], w, &bad);
	uint32_t fl = (uint32_t)vs_x_get_word(x, c->a[0] + fo, 4, &bad);
	uint64_t size = vs_x_get_word(x, c->a[0] + so, w, &bad);
	if (bad)
		return -LX_EFAULT;
	if (on_altstack(t, sp))
		return -LX_EPERM;
	fl &= ~0x80000000u; /* SS_AUTODISARM: taken as plain */
	if (fl != 0 && fl != VS_SS_DISABLE && fl != VS_SS_ONSTACK)
		return -LX_EINVAL;
	if (fl == VS_SS_DISABLE) {
		t->alt_sp = t->alt_size = 0;
		t->alt_flags = VS_SS_DISABLE;
		return 0;
	}
	if (size < (abi->uc_arch == UC_ARCH_ARM64 ? 5120u : 2048u))
		return -12; /* ENOMEM: below MINSIGSTKSZ */
	t->alt_sp = ss;
	t->alt_size = size;
	t->alt_flags = 0;
	return 0;
}

/* rt_sigprocmask(how, set, oset, size) and sigaltstack(ss, old) */
int64_t vs_sys_sigmask(struct vs_exec *x, struct vs_sc *c)
{
	const struct vs_exec_abi *abi = x->abi;
	struct vs_thread *t = x->proc.cur;
	uint8_t b[8] = { 0 };
	if (c->s->op == X_SIGALTSTACK)
		return sigaltstack_(x, c);
	size_t n = strcmp(c->s->name, "sigprocmask") ? 8 : 4;
	if (c->a[2]) {
		uint64_t m = t->sigmask;
		if (abi->big_endian && n == 8 && abi->word == 4)
			m = m >> 32 | m << 32;
		vs_put(b, m, (int)n, abi->big_endian);
		if (vs_x_put_user(x, c->a[2], b, n))
			return -LX_EFAULT;
	}
	if (c->a[1]) {
		if (uc_mem_read(x->uc, c->a[1], b, n) != UC_ERR_OK)
			return -LX_EFAULT;
		uint64_t set = vs_get(b, (int)n, abi->big_endian);
		if (abi->big_endian && n == 8 && abi->word == 4)
			set = set >> 32 | set << 32;
		switch ((int64_t)c->a[0] - abi->sig_how) {
		case 0: t->sigmask |= set; break;
		case 1: t->sigmask &= ~set; break;
		case 2: t->sigmask = set; break;
		default: return -LX_EINVAL;
		}
		t->sigmask &= ~unblockable(x);
		if (pending(x, t))
			x->sigwork = 1;
	}
	return 0;
}

/* rt_sigsuspend(mask, size) and pause(): wait for a handled signal; EINTR after its handler */
int64_t vs_sys_sigsuspend(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_thread *t = x->proc.cur;
	if (c->s->op == X_RT_SIGSUSPEND && !x->redoing) {
		int bad = 0;
		uint64_t m = vs_x_get_word(x, c->a[0], 8, &bad);
		if (bad)
			return -LX_EFAULT;
		if (x->abi->big_endian && x->abi->word == 4)
			m = m >> 32 | m << 32;
		t->suspend_mask = t->sigmask;
		t->suspended = 1;
		t->sigmask = m & ~unblockable(x);
	}
	vs_x_block(x, c, W_SIGNAL, UINT64_MAX, 0);
	if (pending(x, t)) { /* one is there already */
		t->interrupted = 1;
		vs_x_wake(x, t, WAKE_RET, -LX_EINTR);
	}
	return 0;
}

/* rt_sigpending(set, size) */
int64_t vs_sys_sigpending(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_thread *t = x->proc.cur;
	uint64_t m = (t->sig_pending | x->proc.sig_shared) & t->sigmask;
	if (x->abi->big_endian && x->abi->word == 4)
		m = m >> 32 | m << 32;
	return vs_x_put_word(x, c->a[0], m, 8) ? -LX_EFAULT : 0;
}

/* rt_sigtimedwait(set, info, timeout, size): a pending signal of the set is taken without its
 * handler; else the thread waits for one (until the timeout: EAGAIN) */
int64_t vs_sys_sigtimedwait(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_thread *t = x->proc.cur;
	int bad = 0;
	uint64_t set = vs_x_get_word(x, c->a[0], 8, &bad);
	if (bad)
		return -LX_EFAULT;
	if (x->abi->big_endian && x->abi->word == 4)
		set = set >> 32 | set << 32;
	uint64_t have = (t->sig_pending | x->proc.sig_shared) & set;
	if (have) {
		int sig = __builtin_ctzll(have) + 1;
		struct vs_siginfo si = t->sig_pending & BIT(sig) ? t->pend_info[sig - 1] : x->proc.shared_info[sig - 1];
		if (t->sig_pending & BIT(sig))
			t->sig_pending &= ~BIT(sig);
		else
			x->proc.sig_shared &= ~BIT(sig);
		if (c->a[1] && vs_x_put_siginfo(x, c->a[1], &si))
			return -LX_EFAULT;
		return sig;
	}
	t->wait_set = set; /* a signal of the set sent meanwhile wakes it (vs_x_signal_send) */
	if (x->redoing) {
		vs_x_block(x, c, W_SIGNAL, t->deadline, -LX_EAGAIN);
		return 0;
	}
	if (!c->a[2]) {
		vs_x_block(x, c, W_SIGNAL, UINT64_MAX, -LX_EAGAIN);
		return 0;
	}
	int64_t sec, nsec;
	int r = vs_x_read_timespec(x, c->a[2], strstr(c->s->name, "time64") != NULL, &sec, &nsec);
	if (r)
		return r;
	if (!sec && !nsec)
		return -LX_EAGAIN;
	vs_x_block_until(x, c, W_SIGNAL, 1, sec, nsec, 0, -LX_EAGAIN);
	return 0;
}

/* ---- delivery ----------------------------------------------------------------------------- */

/* the state of a vDSO call a signal interrupted, kept while its handler runs */
struct vs_vdso_nest {
	struct vdsosim_result res, *outer;
	const struct vdsosim_call *call;
	uint64_t blk_start, blk_end, entry_sp, low_sp, n_exec, n_loads;
	int stop, stall_update, stall_stores, fired_stall_end;
	struct vdsosim_call inj;
	int64_t call_idx;
	vdsosim_model *states;
	struct vdsosim_point at[VDSOSIM_MAX_UPDATES + 1];
};

static struct vs_vdso_nest *nest_save(struct vs_exec *x)
{
	struct vs_core *c = x->core;
	struct vs_vdso_nest *n = calloc(1, sizeof *n);
	if (!n)
		return NULL;
	vdsosim_result_init(&n->res);
	n->outer = c->res;
	n->call = c->call;
	n->blk_start = c->blk_start, n->blk_end = c->blk_end, n->entry_sp = c->entry_sp, n->low_sp = c->low_sp;
	n->n_exec = c->n_exec, n->n_loads = c->n_loads;
	n->stop = c->stop, n->stall_update = c->stall_update, n->stall_stores = c->stall_stores;
	n->fired_stall_end = c->fired_stall_end;
	n->inj = x->inj;
	n->call_idx = x->call_idx;
	if (x->inj.n_updates && (n->states = malloc(sizeof c->states)))
		memcpy(n->states, c->states, sizeof c->states);
	memcpy(n->at, c->at, sizeof n->at);
	c->res = &n->res;
	c->call = NULL;
	x->vdso_insns += n->outer->insns; /* its instructions so far still count while the handler runs */
	return n;
}

static void nest_restore(struct vs_exec *x, struct vs_vdso_nest *n)
{
	struct vs_core *c = x->core;
	vdsosim_result_clear(&n->res);
	c->res = n->outer;
	x->vdso_insns -= n->outer->insns;
	c->call = n->call;
	c->blk_start = n->blk_start, c->blk_end = n->blk_end, c->entry_sp = n->entry_sp, c->low_sp = n->low_sp;
	c->n_exec = n->n_exec, c->n_loads = n->n_loads;
	c->stop = n->stop, c->stall_update = n->stall_update, c->stall_stores = n->stall_stores;
	c->fired_stall_end = n->fired_stall_end;
	x->inj = n->inj;
	x->call_idx = n->call_idx;
	if (n->states)
		memcpy(c->states, n->states, sizeof c->states);
	memcpy(c->at, n->at, sizeof n->at);
	free(n->states);
	free(n);
}

static void save_free(struct vs_exec *x, struct vs_sigsave *s)
{
	if (s->ctx)
		uc_context_free(s->ctx);
	if (s->nest) {
		vdsosim_result_clear(&s->nest->res);
		free(s->nest->states);
		free(s->nest);
	}
	(void)x;
	memset(s, 0, sizeof *s);
}

/* a sigreturn trampoline of the image: by its symbol, or by its two instructions */
static uint64_t trampoline(struct vs_exec *x, const char *name, const uint32_t code[2])
{
	const struct vdsosim_symbol *s = name ? vdsosim_image_find(x->prof->img, name) : NULL;
	if (s && s->value)
		return x->vdso_lo + s->value;
	if (!code[0])
		return 0;
	uint8_t w[8];
	for (uint64_t a = x->vdso_lo; a + 8 <= x->vdso_hi; a += 4)
		if (uc_mem_read(x->uc, a, w, 8) == UC_ERR_OK && vs_get(w, 4, x->abi->big_endian) == code[0] &&
		    vs_get(w + 4, 4, x->abi->big_endian) == code[1])
			return a;
	return 0;
}

static void note(struct vs_exec *x, const struct vs_siginfo *si, uint64_t pc, int in_vdso)
{
	struct vdsosim_exec_result *r = x->res;
	r->n_signals++;
	if (x->strace)
		vs_strace_signal(x->strace, si);
	if (r->n_signals_kept >= 100000 || !VS_GROW(r->signals, x->cap_signals, r->n_signals_kept))
		return;
	r->signals[r->n_signals_kept++] = (struct vdsosim_exec_signal){ .signo = si->signo, .code = si->code,
		.name = vs_x_signal_name(x, (uint64_t)si->signo),
		.tid = x->proc.cur->tid, .counter = vs_x_counter(x, 0), .pc = pc, .in_vdso = in_vdso,
		.vdso_call = in_vdso && x->call_idx >= 0 ? (size_t)x->call_idx : 0 };
}

/* The running thread takes signal sig: a frame on its stack, the handler next. */
static void deliver(struct vs_exec *x, int sig, const struct vs_siginfo *si)
{
	const struct vs_exec_abi *abi = x->abi;
	struct vs_thread *t = x->proc.cur;
	struct vs_sigframe f = { .sig = sig, .info = *si };
	action(x, sig, &f);
	if (f.handler == 1 || (f.handler == 0 && ignored_by_default(x, sig)))
		return;
	if (f.handler == 0) {
		die_of(x, sig, si);
		return;
	}
	if (!abi->frame) { /* no frames for this ABI yet: counted */
		x->signals_dropped++;
		return;
	}
	uint64_t sp = vs_x_reg(x, abi->sp_reg), pc = vs_x_reg(x, abi->pc_reg);
	f.alt_sp = t->alt_sp, f.alt_size = t->alt_size;
	f.alt_flags = on_altstack(t, sp) ? VS_SS_ONSTACK : t->alt_flags;
	f.sp = sp;
	if ((f.flags & VS_SA_ONSTACK) && f.alt_flags == 0) {
		f.sp = t->alt_sp + t->alt_size;
		f.onstack = 1;
	}
	f.oldmask = t->suspended ? t->suspend_mask : t->sigmask;
	uint32_t siginfo = abi->frame->sa_siginfo ? abi->frame->sa_siginfo : VS_SA_SIGINFO;
	f.trampoline = trampoline(x, abi->frame->tramp_rt, abi->frame->code_rt);
	if (!(f.flags & siginfo) && (abi->frame->tramp || abi->frame->code[0]))
		f.trampoline = trampoline(x, abi->frame->tramp, abi->frame->code);
	if (!VS_GROW(t->saves, t->cap_saves, t->n_saves)) {
		x->res->exit_status = 125;
		vs_x_die(x, 0, "out of memory");
		return;
	}
	struct vs_sigsave *s = &t->saves[t->n_saves];
	memset(s, 0, sizeof *s);
	if (uc_context_alloc(x->uc, &s->ctx) != UC_ERR_OK || uc_context_save(x->uc, s->ctx) != UC_ERR_OK) {
		x->res->exit_status = 125;
		vs_x_die(x, 0, "unicorn: cannot save a thread's registers");
		return;
	}
	if (abi->frame->setup(x, &f)) {
		save_free(x, s);
		vs_x_die(x, 11, "cannot write the frame of signal %d at sp 0x%llx (a bad stack or altstack)", sig,
			 (unsigned long long)f.sp);
		return;
	}
	s->key = f.key;
	s->in_vdso = x->in_vdso;
	s->vsyscall = x->vsyscall;
	if (t->interrupted && t->sc.s && (f.flags & VS_SA_RESTART)) {
		int op = t->sc.s->op;
		if ((op == X_FUTEX && !t->sc.a[3]) || op == X_READ || op == X_WRITE || op == X_WAIT) {
			s->restart = 1;
			s->sc = t->sc;
		}
	}
	t->interrupted = 0;
	t->suspended = 0;
	note(x, si, pc, x->in_vdso && !x->vsyscall);
	if (x->in_vdso)
		s->nest = nest_save(x);
	x->in_vdso = x->vsyscall = 0;
	t->n_saves++;
	t->sigmask |= f.mask | ((f.flags & VS_SA_NODEFER) ? 0 : BIT(sig));
	t->sigmask &= ~unblockable(x);
	if (f.flags & VS_SA_RESETHAND) {
		x->proc.sig_handler[sig] = 0;
		memset(x->proc.sigaction[sig], 0, sizeof x->proc.sigaction[sig]);
	}
}

/* sigreturn: the registers from the frame, over the state saved beside it */
static void sigreturn_(struct vs_exec *x)
{
	const struct vs_exec_abi *abi = x->abi;
	struct vs_thread *t = x->proc.cur;
	int rt = x->sigreturn_rt;
	x->sigreturn_rt = 0;
	uint64_t key = abi->frame->key(x, rt), mask = 0;
	size_t i = t->n_saves;
	while (i > 0 && t->saves[i - 1].key != key)
		i--;
	struct vs_sigsave s = { 0 };
	if (i) {
		s = t->saves[i - 1];
		uc_context_restore(x->uc, s.ctx);
		uc_context_free(s.ctx);
		s.ctx = NULL;
		for (size_t k = i; k < t->n_saves; k++) /* frames a handler left (siglongjmp) */
			save_free(x, &t->saves[k]);
		t->n_saves = i - 1;
	}
	if (abi->frame->restore(x, rt, key, &mask)) {
		if (s.nest)
			nest_restore(x, s.nest);
		vs_x_die(x, 11, "sigreturn: the signal frame at 0x%llx cannot be read", (unsigned long long)key);
		return;
	}
	t->sigmask = mask & ~unblockable(x);
	if (s.nest) {
		nest_restore(x, s.nest);
		x->in_vdso = 1;
		x->vsyscall = s.vsyscall;
	} else {
		x->in_vdso = i ? s.in_vdso : 0;
		x->vsyscall = i ? s.vsyscall : 0;
	}
	if (s.restart) { /* the interrupted call, served again as a restart would */
		t->sc = s.sc;
		t->wait = W_SLEEP;
		t->wake = WAKE_REDO;
		vs_x_resume_syscall(x, t);
	}
}

/* The machine is stopped on the running thread: a sigreturn to finish, then whatever it may take
 * now, each handler's frame on the one before (as the kernel nests them). */
void vs_x_signal_work(struct vs_exec *x)
{
	struct vs_thread *t = x->proc.cur;
	x->sigwork = 0;
	if (x->sigreturn_rt)
		sigreturn_(x);
	for (int n = 0; n < 64 && !x->done && t->wait == W_NONE; n++) {
		uint64_t p = pending(x, t);
		if (!p)
			break;
		int sig = __builtin_ctzll(p) + 1;
		struct vs_siginfo si;
		if (t->sig_pending & ~t->sigmask & BIT(sig)) {
			si = t->pend_info[sig - 1];
			t->sig_pending &= ~BIT(sig);
		} else {
			si = x->proc.shared_info[sig - 1];
			x->proc.sig_shared &= ~BIT(sig);
		}
		deliver(x, sig, &si);
	}
}

/* rt_sigreturn and sigreturn: done with the machine stopped (vs_x_signal_work) */
int64_t vs_sys_sigreturn(struct vs_exec *x, struct vs_sc *c)
{
	if (!x->abi->frame)
		return -LX_ENOSYS;
	x->sigreturn_rt = c->s->op == X_RT_SIGRETURN ? 1 : 2;
	x->sigwork = 1;
	return (int64_t)vs_x_reg(x, x->abi->ret_reg); /* what the frame puts back comes after */
}

void vs_x_signals_free(struct vs_exec *x)
{
	for (size_t i = 0; i < x->proc.n_threads; i++) {
		struct vs_thread *t = x->proc.threads[i];
		for (size_t k = 0; k < t->n_saves; k++)
			save_free(x, &t->saves[k]);
		free(t->saves);
	}
}
