/* The small kernel behind vdsosim exec: one process of threads in one Unicorn machine beside the
 * attached vDSO. Each syscall is looked up in the ABI row (number -> op) and served by the op's
 * handler in the file of its subsystem (mm.c, fs.c, proc.c, sched.c, signal.c, time.c), through
 * one op-indexed table (syscall.c); run.c is the run loop and its hooks. */
#ifndef VDSOSIM_EXEC_KERNEL_H
#define VDSOSIM_EXEC_KERNEL_H
#include "exec.h"

#define PAGE 0x1000ULL
#define STACK_SIZE (8ULL << 20)
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))
#define PAGE_DOWN(x) ((x) & ~(PAGE - 1))

/* Linux errno values as asm-generic numbers them (MIPS's ENOSYS: the ABI row); LX_EFAULT,
 * LX_ENODEV and LX_EINVAL come from the model's header */
enum { LX_EPERM = 1, LX_ENOENT = 2, LX_EBADF = 9, LX_ECHILD = 10, LX_ENOMEM = 12,
       LX_ENOTTY = 25, LX_ESPIPE = 29, LX_ENOSYS = 38 };

struct bcache { uint64_t addr; uint32_t size, n; };

/* A thread: one today (threads come with the scheduler); what the process start and
 * set_tid_address give it. */
struct vs_thread {
	uint32_t tid;
	uint64_t clear_child_tid;
};

/* The process: its memory map and ids; it holds its threads. */
struct vs_proc {
	uint32_t pid;
	uint64_t brk_lo, brk_cur, brk_mapped, mmap_next, mem_used, mem_cap;
	struct vs_thread threads[1];
	size_t n_threads;
	struct vs_thread *cur;      /* the thread running now */
};

struct vs_exec {
	uc_engine *uc;
	const struct vs_exec_abi *abi;
	const vdsosim_profile *prof;
	vdsosim_model *m;
	vdsosim_attachment *att;
	struct vs_core *core;
	const struct vdsosim_program_info *pi;
	const uint8_t *pbytes;
	const struct vdsosim_exec_opts *o;
	struct vdsosim_exec_result *res;
	csh cs;
	uint64_t bias, vdso_lo, vdso_hi;
	struct vs_proc proc;
	uint64_t envp_addr;         /* where the start put envp (the trace's execve line) */
	/* time */
	uint64_t prog_insns, vdso_insns, reads, slept, counter0, next_tick, tick_len, budget, per_insn;
	/* the vDSO call in progress */
	int in_vdso, vsyscall;
	struct vdsosim_call inj;
	struct vdsosim_result inj_res;
	/* the end */
	int done, parked;
	int raised;                 /* the op that raised the fatal signal (X_KILL, X_TKILL, X_TGKILL), or 0 */
	uint64_t fault_addr;
	int fault_type;
	struct bcache *bc;
	size_t bc_cap;
	uint64_t blk_start, blk_end, blk_n; /* the program's block now running, as hook_block counted it */
	struct vs_psites *psites;   /* the program's own counter and CPU reads (cpu.c) */
	size_t cap_calls, cap_sys, cap_uns;
	struct vs_strace *strace;   /* the trace reader (NULL: off) */
};

/* One syscall being served: the handler reads its arguments and may mark it. */
struct vs_sc {
	const struct xsys *s;       /* NULL: not in the ABI row */
	uint64_t nr;
	uint64_t a[6];
	int from_vdso;
	int unsupported;            /* outside the process surface: recorded as such */
	int ended;                  /* the process ended in it (exit, a fatal signal): no return */
};
typedef int64_t vs_sys_fn(struct vs_exec *x, struct vs_sc *c);

/* count.c: instructions, the counter, the model's ticks */
uint64_t vs_x_insns(struct vs_exec *x, uint64_t pc);
uint64_t vs_x_counter(struct vs_exec *x, uint64_t pc);
uint32_t vs_x_block_insns(struct vs_exec *x, uint64_t addr, uint32_t size);
void vs_x_ticks(struct vs_exec *x, uint64_t now);
uint64_t vs_x_on_counter(void *ud, uint64_t off);

/* cpu.c: the program's own counter and CPU reads, found once and served by the model */
int vs_x_program_sites(struct vs_exec *x);
void vs_x_program_sites_free(struct vs_exec *x);

/* proc.c: the end of the process */
void vs_x_die(struct vs_exec *x, int sig, const char *fmt, ...) VS_PRINTF(3, 4);
void vs_x_exit(struct vs_exec *x, int status);

/* start.c: the program's image and the stack the kernel builds */
int vs_x_map_range(struct vs_exec *x, uint64_t lo, uint64_t hi, int prot);
int vs_x_load_program(struct vs_exec *x);
uint64_t vs_x_build_stack(struct vs_exec *x);

/* vdso.c: a program's vDSO calls, seen at their entry and their return */
void vs_x_vdso_enter(struct vs_exec *x, uint64_t addr);
void vs_x_vdso_leave(struct vs_exec *x);

/* syscall.c: serve one syscall (the program's, or the vDSO's fallback) */
int64_t vs_x_serve(struct vs_exec *x, uint64_t nr, const uint64_t a[6], int from_vdso);
void vs_x_syscall_now(struct vs_exec *x);
int vs_x_on_vdso_syscall(void *ud, uint64_t nr, const uint64_t a[6], int64_t *ret);

/* guest memory and registers, in the program's byte order */
uint64_t vs_x_reg(struct vs_exec *x, int id);
void vs_x_set_reg(struct vs_exec *x, int id, uint64_t v);
int64_t vs_x_put_user(struct vs_exec *x, uint64_t addr, const void *p, size_t n);

/* The handlers, one per op, each in its subsystem's file. */
vs_sys_fn vs_sys_time, vs_sys_nanosleep;                                          /* time.c */
vs_sys_fn vs_sys_brk, vs_sys_mmap, vs_sys_old_mmap, vs_sys_munmap, vs_sys_mprotect, vs_sys_madvise,
	vs_sys_mremap;                                                                  /* mm.c */
vs_sys_fn vs_sys_read, vs_sys_write, vs_sys_writev, vs_sys_open, vs_sys_close, vs_sys_fstat, vs_sys_ioctl,
	vs_sys_fcntl, vs_sys_lseek, vs_sys_getcwd;                                       /* fs.c */
vs_sys_fn vs_sys_exit, vs_sys_kill, vs_sys_getpid, vs_sys_gettid, vs_sys_getppid, vs_sys_getuid, vs_sys_uname,
	vs_sys_set_tid_address, vs_sys_prlimit, vs_sys_arch_prctl, vs_sys_set_thread_area, vs_sys_arm_set_tls,
	vs_sys_mips_set_tls, vs_sys_clone, vs_sys_execve, vs_sys_wait, vs_sys_eperm, vs_sys_prctl, vs_sys_zero,
	vs_sys_enosys, vs_sys_unsupported;                                               /* proc.c */
vs_sys_fn vs_sys_sched_getaffinity, vs_sys_sched_setaffinity, vs_sys_futex;        /* sched.c */
vs_sys_fn vs_sys_rt_sigaction;                                                    /* signal.c */

/* strace.c: the trace, a reader of the records as they are made */
struct vs_strace;
struct vs_strace *vs_strace_new(struct vs_exec *x);
void vs_strace_free(struct vs_strace *t);
void vs_strace_enter(struct vs_strace *t, const char *name, const uint64_t a[6]);
void vs_strace_syscall(struct vs_strace *t, const struct vdsosim_exec_syscall *s);
void vs_strace_vdso(struct vs_strace *t, const struct vdsosim_exec_vdso_call *c);
void vs_strace_end(struct vs_strace *t);

#endif
