/* Signals: the process's actions (rt_sigaction keeps them as the program gave them), masks and
 * alternate stacks accepted; a signal sent to a thread of the process with a handler is made
 * pending on it (delivery: see vs_x_signal_raise), an ignored one goes, any other ends the
 * process (proc.c's kill). */
#include <string.h>

#include "../../common/bytes.h"
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
	const char *name = vs_x_signal_name(x, sig);
	if (name && (!strcmp(name, "SIGKILL") || !strcmp(name, "SIGSTOP")))
		return -LX_EINVAL;
	uint8_t b[sizeof p->sigaction[0]];
	if (uc_mem_read(x->uc, c->a[1], b, n) != UC_ERR_OK)
		return -LX_EFAULT;
	memcpy(p->sigaction[sig], b, n);
	p->sig_handler[sig] = vs_get(b + abi->sa_handler_off, abi->word, abi->big_endian);
	return 0;
}

/* rt_sigprocmask(how, set, oset, size): the thread's mask, kept; sigaltstack(ss, old): accepted,
 * and the old one reads as disabled */
int64_t vs_sys_sigmask(struct vs_exec *x, struct vs_sc *c)
{
	const struct vs_exec_abi *abi = x->abi;
	struct vs_thread *t = x->proc.cur;
	uint8_t b[24] = { 0 };
	if (c->s->op == X_SIGALTSTACK) {
		/* stack_t: ss_sp, ss_flags, ss_size (MIPS: ss_sp, ss_size, ss_flags) */
		vs_put(b + (abi->uc_arch == UC_ARCH_MIPS ? 2 : 1) * abi->word, 2 /* SS_DISABLE */, 4, abi->big_endian);
		return c->a[1] ? vs_x_put_user(x, c->a[1], b, 3 * (size_t)abi->word) : 0;
	}
	size_t n = strcmp(c->s->name, "sigprocmask") ? 8 : 4;
	if (c->a[2]) {
		vs_put(b, t->sigmask, (int)n, abi->big_endian);
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
	}
	return 0;
}

/* A signal for thread t with a handler: counted, not delivered (frames per ABI are to come), and
 * the thread is not interrupted. */
int64_t vs_x_signal_raise(struct vs_exec *x, struct vs_thread *t, int sig)
{
	(void)t, (void)sig;
	x->signals_dropped++;
	return 0;
}
