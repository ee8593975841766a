/* One syscall: the ABI row maps its number to an op, the op-indexed table to its handler; the
 * call becomes one record, which the trace (when on) reads as it is made. */
#include <stdio.h>

#include "../../common/bytes.h"
#include "../../common/grow.h"
#include "kernel.h"

static vs_sys_fn *const handlers[X_NOPS] = {
	[X_TIME] = vs_sys_time, [X_NANOSLEEP] = vs_sys_nanosleep, [X_CLOCK_NANOSLEEP] = vs_sys_nanosleep,
	/* mm.c */
	[X_BRK] = vs_sys_brk, [X_MMAP] = vs_sys_mmap, [X_MMAP2] = vs_sys_mmap, [X_OLD_MMAP] = vs_sys_old_mmap,
	[X_MUNMAP] = vs_sys_munmap, [X_MPROTECT] = vs_sys_mprotect, [X_MADVISE] = vs_sys_madvise,
	[X_MREMAP] = vs_sys_mremap,
	/* fs.c */
	[X_READ] = vs_sys_read, [X_WRITE] = vs_sys_write, [X_WRITEV] = vs_sys_writev, [X_CLOSE] = vs_sys_close,
	[X_FCNTL] = vs_sys_fcntl, [X_FSTAT] = vs_sys_fstat, [X_IOCTL] = vs_sys_ioctl, [X_LSEEK] = vs_sys_lseek,
	[X_LLSEEK] = vs_sys_lseek, [X_PREAD64] = vs_sys_pread, [X_READV] = vs_sys_readv, [X_DUP] = vs_sys_dup,
	[X_PIPE] = vs_sys_pipe,
	[X_PIPE2] = vs_sys_pipe, [X_EVENTFD2] = vs_sys_eventfd, [X_EPOLL_CREATE] = vs_sys_epoll_create,
	[X_EPOLL_CTL] = vs_sys_epoll_ctl, [X_EPOLL_WAIT] = vs_sys_epoll_wait, [X_EPOLL_PWAIT] = vs_sys_epoll_wait,
	[X_EPOLL_PWAIT2] = vs_sys_epoll_wait, [X_POLL] = vs_sys_poll, [X_PPOLL] = vs_sys_poll,
	/* path.c */
	[X_OPEN] = vs_sys_open, [X_OPENAT] = vs_sys_open, [X_STAT] = vs_sys_stat, [X_LSTAT] = vs_sys_stat,
	[X_FSTATAT] = vs_sys_fstatat, [X_STATX] = vs_sys_fstatat, [X_ACCESS] = vs_sys_access,
	[X_FACCESSAT] = vs_sys_access, [X_READLINK] = vs_sys_readlink, [X_READLINKAT] = vs_sys_readlink,
	[X_GETCWD] = vs_sys_getcwd, [X_CHDIR] = vs_sys_chdir, [X_FCHDIR] = vs_sys_chdir,
	[X_GETDENTS64] = vs_sys_getdents, [X_GETXATTR] = vs_sys_xattr, [X_LISTXATTR] = vs_sys_xattr,
	[X_SOCKET] = vs_sys_socket,
	/* proc.c */
	[X_EXIT] = vs_sys_exit, [X_EXIT_GROUP] = vs_sys_exit_group, [X_KILL] = vs_sys_kill, [X_TKILL] = vs_sys_kill,
	[X_TGKILL] = vs_sys_kill, [X_GETPID] = vs_sys_getpid, [X_GETTID] = vs_sys_gettid, [X_GETPPID] = vs_sys_getppid,
	[X_GETUID] = vs_sys_getuid, [X_UNAME] = vs_sys_uname, [X_SET_TID_ADDRESS] = vs_sys_set_tid_address,
	[X_SET_ROBUST_LIST] = vs_sys_zero, [X_RSEQ] = vs_sys_enosys, [X_PRLIMIT] = vs_sys_prlimit,
	[X_GETRLIMIT] = vs_sys_prlimit, [X_ARCH_PRCTL] = vs_sys_arch_prctl, [X_SET_THREAD_AREA] = vs_sys_set_thread_area,
	[X_ARM_SET_TLS] = vs_sys_arm_set_tls, [X_MIPS_SET_TLS] = vs_sys_mips_set_tls, [X_FLUSH_ICACHE] = vs_sys_zero,
	[X_CLONE] = vs_sys_clone, [X_CLONE3] = vs_sys_clone3, [X_EXECVE] = vs_sys_execve, [X_WAIT] = vs_sys_wait,
	[X_UNSHARE] = vs_sys_eperm, [X_PTRACE] = vs_sys_eperm, [X_PRCTL] = vs_sys_prctl, [X_SYSINFO] = vs_sys_sysinfo,
	[X_GETRUSAGE] = vs_sys_getrusage, [X_HWPROBE] = vs_sys_enosys,
	/* sched.c, futex.c */
	[X_SCHED_YIELD] = vs_sys_sched_yield, [X_SCHED_GETAFFINITY] = vs_sys_sched_getaffinity,
	[X_SCHED_SETAFFINITY] = vs_sys_sched_setaffinity, [X_MEMBARRIER] = vs_sys_membarrier, [X_FUTEX] = vs_sys_futex,
	/* signal.c */
	[X_RT_SIGACTION] = vs_sys_rt_sigaction, [X_RT_SIGPROCMASK] = vs_sys_sigmask, [X_SIGALTSTACK] = vs_sys_sigmask,
	[X_RT_SIGRETURN] = vs_sys_sigreturn, [X_SIGRETURN] = vs_sys_sigreturn, [X_RT_SIGSUSPEND] = vs_sys_sigsuspend,
	[X_PAUSE] = vs_sys_sigsuspend, [X_RT_SIGPENDING] = vs_sys_sigpending, [X_RT_SIGTIMEDWAIT] = vs_sys_sigtimedwait,
	/* timer.c */
	[X_SETITIMER] = vs_sys_setitimer, [X_GETITIMER] = vs_sys_getitimer, [X_ALARM] = vs_sys_alarm,
	[X_TIMER_CREATE] = vs_sys_timer_create, [X_TIMER_SETTIME] = vs_sys_timer_settime,
	[X_TIMER_GETTIME] = vs_sys_timer_gettime, [X_TIMER_GETOVERRUN] = vs_sys_timer_getoverrun,
	[X_TIMER_DELETE] = vs_sys_timer_delete,
};

static void record(struct vs_exec *x, const struct vs_sc *c, int64_t ret)
{
	struct vdsosim_exec_result *r = x->res;
	struct vdsosim_exec_syscall rec = { .nr = c->nr, .name = c->s ? c->s->name : "unknown", .from_vdso = c->from_vdso,
					    .ret = ret, .tid = x->proc.cur->tid };
	for (int i = 0; i < 6; i++)
		rec.args[i] = c->a[i];
	if (r->n_syscalls < 100000 && VS_GROW(r->syscalls, x->cap_sys, r->n_syscalls))
		r->syscalls[r->n_syscalls++] = rec;
	if (x->strace)
		vs_strace_syscall(x->strace, &rec);
	if (!c->unsupported)
		return;
	for (size_t i = 0; i < r->n_unsupported; i++)
		if (r->unsupported[i].nr == c->nr)
			return;
	if (VS_GROW(r->unsupported, x->cap_uns, r->n_unsupported))
		r->unsupported[r->n_unsupported++] = rec;
}

/* the handlers speak asm-generic's errno numbers; an ABI with its own gets them here */
static int64_t own_errno(const struct vs_exec_abi *abi, int64_t ret)
{
	for (size_t i = 0; abi->errnos && abi->errnos[i][0]; i++)
		if (ret == -(int64_t)abi->errnos[i][0])
			return -(int64_t)abi->errnos[i][1];
	return ret;
}

/* Run the handler; 0 when the thread now waits in the call (its result comes when it wakes). */
static int dispatch(struct vs_exec *x, struct vs_sc *c, int64_t *ret)
{
	vs_sys_fn *h = c->s && c->s->op < X_NOPS ? handlers[c->s->op] : NULL;
	c->blocked = 0;
	int64_t r = h ? h(x, c) : vs_sys_unsupported(x, c);
	if (c->blocked) {
		x->proc.cur->sc = *c;
		return 0;
	}
	*ret = own_errno(x->abi, r);
	record(x, c, *ret);
	if (!c->ended && c->unsupported && x->o->strict) {
		x->res->exit_status = 126; /* it needs what this process surface does not give */
		vs_x_die(x, 0, "syscall %llu (%s) is outside the process surface%s (--strict)", (unsigned long long)c->nr,
			 c->s ? c->s->name : "unknown", x->res->needs_threads ? ": fork is not supported" : "");
	}
	if (!c->ended)
		vs_x_maybe_yield(x);
	return 1;
}

/* One syscall of the program (or made through the vDSO, its fallback or __kernel_vsyscall's);
 * 0 when the thread waits in it. */
static int serve(struct vs_exec *x, uint64_t nr, const uint64_t a[6], int from_vdso, int64_t *ret)
{
	const struct vs_exec_abi *abi = x->abi;
	uint64_t key = nr & ~(uint64_t)abi->nr_mask;
	struct vs_sc c = { .nr = nr, .from_vdso = from_vdso };
	for (size_t i = 0; i < abi->n_sys; i++)
		if (abi->sys[i].nr == key)
			c.s = &abi->sys[i];
	for (int i = 0; i < 6; i++)
		c.a[i] = a[i];
	vs_x_ticks(x, vs_x_counter(x, 0));
	if (x->strace)
		vs_strace_enter(x->strace, c.s ? c.s->name : "unknown", c.a);
	*ret = 0;
	return dispatch(x, &c, ret);
}

int64_t vs_x_serve(struct vs_exec *x, uint64_t nr, const uint64_t a[6], int from_vdso)
{
	int64_t ret;
	serve(x, nr, a, from_vdso, &ret);
	return ret;
}

/* the result of a syscall into the registers, as the ABI returns it */
void vs_x_set_result(struct vs_exec *x, int64_t ret)
{
	if (x->abi->sysret)
		x->abi->sysret(x->uc, vs_x_reg(x, x->abi->pc_reg), ret);
	else
		vs_x_set_reg(x, x->abi->ret_reg, (uint64_t)ret);
}

/* A woken thread, about to run: its call answers now, or is served again (a file wait looks
 * again; it may wait on). */
void vs_x_resume_syscall(struct vs_exec *x, struct vs_thread *t)
{
	enum vs_wake how = t->wake;
	int64_t ret = t->wake_ret;
	t->wait = W_NONE;
	t->wake = WAKE_NONE;
	if (how == WAKE_REDO) {
		struct vs_sc c = t->sc;
		x->redoing = 1;
		int done = dispatch(x, &c, &ret);
		x->redoing = 0;
		if (!done)
			return;
	} else {
		ret = own_errno(x->abi, ret);
		record(x, &t->sc, ret);
	}
	t->deadline = UINT64_MAX;
	vs_x_set_result(x, ret);
}

/* the vDSO's own syscalls (time fallbacks, and __kernel_vsyscall's) come through the attachment */
int vs_x_on_vdso_syscall(void *ud, uint64_t nr, const uint64_t a[6], int64_t *ret)
{
	struct vs_exec *x = ud;
	*ret = vs_x_serve(x, nr, a, !x->vsyscall);
	if (x->resched && !x->done) /* (only __kernel_vsyscall's calls wait) */
		vs_x_stop(x);
	else if (x->sigwork && !x->done)
		vs_x_halt(x);
	return 1;
}

/* the program's own syscall instruction: arguments as its ABI passes them, the result back */
void vs_x_syscall_now(struct vs_exec *x)
{
	const struct vs_exec_abi *abi = x->abi;
	uint64_t a[6], pc = vs_x_reg(x, abi->pc_reg);
	for (int i = 0; i < 6; i++)
		a[i] = abi->arg[i] ? vs_x_reg(x, abi->arg[i]) : 0;
	for (int i = 4; abi->stack_args && i < 6; i++) {
		uint8_t w[8] = { 0 };
		uc_mem_read(x->uc, vs_x_reg(x, abi->sp_reg) + (uint64_t)(abi->stack_args + (i - 4) * abi->word), w,
			    (size_t)abi->word);
		a[i] = vs_get(w, abi->word, abi->big_endian);
	}
	uint64_t nr = abi->sysnr ? abi->sysnr(x->uc, pc) : vs_x_reg(x, abi->nr_reg);
	int64_t ret;
	int done = serve(x, nr, a, 0, &ret);
	if (x->done && x->res->signal != 0)
		return;
	if (done)
		vs_x_set_result(x, ret);
	if (x->resched && !x->done)
		vs_x_stop(x);
	else if (x->sigwork && !x->done)
		vs_x_halt(x);
}

uint64_t vs_x_reg(struct vs_exec *x, int id) { return vs_reg(&x->core->m, id); }
void vs_x_set_reg(struct vs_exec *x, int id, uint64_t v) { vs_set_reg(&x->core->m, id, v); }

int64_t vs_x_put_user(struct vs_exec *x, uint64_t addr, const void *p, size_t n)
{
	return uc_mem_write(x->uc, addr, p, n) == UC_ERR_OK ? 0 : -LX_EFAULT;
}
