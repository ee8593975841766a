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
	[X_READ] = vs_sys_read, [X_WRITE] = vs_sys_write, [X_WRITEV] = vs_sys_writev, [X_OPEN] = vs_sys_open,
	[X_ACCESS] = vs_sys_open, [X_READLINK] = vs_sys_open, [X_CLOSE] = vs_sys_close, [X_FCNTL] = vs_sys_fcntl,
	[X_FSTAT] = vs_sys_fstat, [X_STATX] = vs_sys_fstat, [X_IOCTL] = vs_sys_ioctl, [X_LSEEK] = vs_sys_lseek,
	[X_GETCWD] = vs_sys_getcwd,
	/* proc.c */
	[X_EXIT] = vs_sys_exit, [X_EXIT_GROUP] = vs_sys_exit, [X_KILL] = vs_sys_kill, [X_TKILL] = vs_sys_kill,
	[X_TGKILL] = vs_sys_kill, [X_GETPID] = vs_sys_getpid, [X_GETTID] = vs_sys_gettid, [X_GETPPID] = vs_sys_getppid,
	[X_GETUID] = vs_sys_getuid, [X_UNAME] = vs_sys_uname, [X_SET_TID_ADDRESS] = vs_sys_set_tid_address,
	[X_SET_ROBUST_LIST] = vs_sys_zero, [X_RSEQ] = vs_sys_enosys, [X_PRLIMIT] = vs_sys_prlimit,
	[X_GETRLIMIT] = vs_sys_prlimit, [X_ARCH_PRCTL] = vs_sys_arch_prctl, [X_SET_THREAD_AREA] = vs_sys_set_thread_area,
	[X_ARM_SET_TLS] = vs_sys_arm_set_tls, [X_MIPS_SET_TLS] = vs_sys_mips_set_tls, [X_FLUSH_ICACHE] = vs_sys_zero,
	[X_CLONE] = vs_sys_clone, [X_EXECVE] = vs_sys_execve, [X_WAIT] = vs_sys_wait, [X_UNSHARE] = vs_sys_eperm,
	[X_PTRACE] = vs_sys_eperm, [X_PRCTL] = vs_sys_prctl, [X_SYSINFO] = vs_sys_unsupported,
	[X_GETRUSAGE] = vs_sys_unsupported, [X_HWPROBE] = vs_sys_enosys,
	/* sched.c */
	[X_SCHED_YIELD] = vs_sys_zero, [X_SCHED_GETAFFINITY] = vs_sys_sched_getaffinity,
	[X_SCHED_SETAFFINITY] = vs_sys_sched_setaffinity, [X_FUTEX] = vs_sys_unsupported,
	/* signal.c */
	[X_RT_SIGACTION] = vs_sys_rt_sigaction, [X_RT_SIGPROCMASK] = vs_sys_rt_sigaction,
	[X_SIGALTSTACK] = vs_sys_rt_sigaction,
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

/* One syscall of the program (or made through the vDSO, its fallback or __kernel_vsyscall's) */
int64_t vs_x_serve(struct vs_exec *x, uint64_t nr, const uint64_t a[6], int from_vdso)
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
	vs_sys_fn *h = c.s && c.s->op < X_NOPS ? handlers[c.s->op] : NULL;
	int64_t ret = h ? h(x, &c) : vs_sys_unsupported(x, &c);
	if (ret == -LX_ENOSYS && abi->enosys) /* the handlers speak asm-generic's numbers */
		ret = -(int64_t)abi->enosys;
	record(x, &c, ret);
	if (c.ended)
		return ret;
	if (c.unsupported && x->o->strict) {
		x->res->exit_status = 126; /* it needs what this process surface does not give */
		vs_x_die(x, 0, "syscall %llu (%s) is outside the process surface%s (--strict)", (unsigned long long)nr,
			 c.s ? c.s->name : "unknown", x->res->needs_threads ? ": threads and fork are not supported" : "");
	}
	return ret;
}

/* the vDSO's own syscalls (time fallbacks, and __kernel_vsyscall's) come through the attachment */
int vs_x_on_vdso_syscall(void *ud, uint64_t nr, const uint64_t a[6], int64_t *ret)
{
	struct vs_exec *x = ud;
	*ret = vs_x_serve(x, nr, a, !x->vsyscall);
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
	int64_t ret = vs_x_serve(x, nr, a, 0);
	if (x->done && x->res->signal != 0)
		return;
	if (abi->sysret)
		abi->sysret(x->uc, pc, ret);
	else
		vs_x_set_reg(x, abi->ret_reg, (uint64_t)ret);
}

uint64_t vs_x_reg(struct vs_exec *x, int id) { return vs_reg(&x->core->m, id); }
void vs_x_set_reg(struct vs_exec *x, int id, uint64_t v) { vs_set_reg(&x->core->m, id, v); }

int64_t vs_x_put_user(struct vs_exec *x, uint64_t addr, const void *p, size_t n)
{
	return uc_mem_write(x->uc, addr, p, n) == UC_ERR_OK ? 0 : -LX_EFAULT;
}
