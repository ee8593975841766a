/* The small kernel behind vdsosim exec: one process of threads in one Unicorn machine beside the
 * attached vDSO. Each syscall is looked up in the ABI row (number -> op) and served by the op's
 * handler in the file of its subsystem (mm.c, fs.c, proc.c, sched.c, signal.c, time.c), through
 * one op-indexed table (syscall.c); run.c is the run loop and its hooks. */
#ifndef VDSOSIM_EXEC_KERNEL_H
#define VDSOSIM_EXEC_KERNEL_H
#include "exec.h"
#include "sysroot.h"

#define PAGE 0x1000ULL
#define STACK_SIZE (8ULL << 20)
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))
#define PAGE_DOWN(x) ((x) & ~(PAGE - 1))

/* Linux errno values as asm-generic numbers them (MIPS's ENOSYS: the ABI row); LX_EFAULT,
 * LX_ENODEV and LX_EINVAL come from the model's header */
enum { LX_EPERM = 1, LX_ENOENT = 2, LX_ESRCH = 3, LX_EINTR = 4, LX_EBADF = 9, LX_ECHILD = 10, LX_EAGAIN = 11,
       LX_ENOMEM = 12, LX_EACCES = 13, LX_EEXIST = 17, LX_ENOTDIR = 20, LX_EISDIR = 21, LX_EMFILE = 24, LX_ENOTTY = 25,
       LX_ESPIPE = 29, LX_EROFS = 30, LX_EPIPE = 32, LX_ERANGE = 34, LX_ENOSYS = 38, LX_ELOOP = 40, LX_ETIMEDOUT = 110 };

struct bcache { uint64_t addr; uint32_t size, n; };

/* One syscall being served: the handler reads its arguments and may mark it. */
struct vs_sc {
	const struct xsys *s;       /* NULL: not in the ABI row */
	uint64_t nr;
	uint64_t a[6];
	int from_vdso;
	int unsupported;            /* outside the process surface: recorded as such */
	int ended;                  /* the process ended in it (exit, a fatal signal): no return */
	int blocked;                /* the thread waits in it: its result comes when it wakes */
};

/* Why a thread waits (sched.c wakes it). */
enum vs_wait { W_NONE, W_FUTEX, W_SLEEP, W_FD, W_SIGNAL };
enum vs_wake { WAKE_NONE, WAKE_RET, WAKE_REDO };

/* A signal as its siginfo tells it (signal.c writes it in the ABI's layout). */
struct vs_siginfo { int32_t signo, code; uint32_t pid, uid; int32_t timerid, overrun; uint64_t value; };
enum { VS_SI_USER = 0, VS_SI_KERNEL = 0x80, VS_SI_TIMER = -2, VS_SI_TKILL = -6 };

/* What a delivery saved beside its frame: the registers the frame does not hold (FP and vector
 * state) and, for a signal that landed inside a vDSO call, that call's state (its handler's own
 * vDSO calls are calls of their own). A sigreturn finds it by the frame's ucontext address. */
struct vs_vdso_nest;
struct vs_sigsave {
	uint64_t key;
	uc_context *ctx;
	int in_vdso, vsyscall;
	struct vs_vdso_nest *nest;
	int restart;                /* an SA_RESTART call it interrupted: served again on sigreturn */
	struct vs_sc sc;
};

/* A thread: its registers while another runs, and the syscall it waits in. */
struct vs_thread {
	uint32_t tid;
	int exited, exit_code;
	uint64_t clear_child_tid;
	uc_context *ctx;            /* NULL: it has never stopped (the main thread before its first switch) */
	int fresh;                  /* a clone child that has not run: sp and TLS still to set */
	uint64_t new_sp, new_tls;
	int set_tls;
	/* the wait */
	enum vs_wait wait;
	struct vs_sc sc;            /* the syscall it waits in */
	uint64_t futex_addr;
	uint32_t futex_bitset;
	uint64_t wait_seq;          /* wake order: first come, first woken */
	uint64_t deadline;          /* counter value it wakes at (UINT64_MAX: none) */
	int timeout_ret;            /* what a deadline answers: 0 (sleep, poll) or -ETIMEDOUT (futex) */
	enum vs_wake wake;
	int64_t wake_ret;
	/* the abs-time sleep: the clock and target it waits for */
	int32_t abs_clock;
	int64_t abs_sec, abs_nsec;
	/* what it was doing when it stopped */
	int in_vdso, vsyscall;
	uint32_t cpu;
	uint64_t insns;             /* instructions it ran */
	uint64_t vdso_calls;
	uint64_t tls_desc[3];       /* i386: its GDT TLS entries 12-14 */
	uint64_t sigmask;
	char comm[16];
	/* signals (signal.c) */
	uint64_t sig_pending;       /* bit sig-1: sent to this thread, not yet delivered */
	struct vs_siginfo pend_info[64];
	uint64_t alt_sp, alt_size;  /* sigaltstack (alt_flags SS_DISABLE: none) */
	uint32_t alt_flags;
	uint64_t suspend_mask;      /* rt_sigsuspend: the mask to put back after its handler */
	uint64_t wait_set;          /* rt_sigtimedwait: the signals it waits for */
	int suspended;
	int interrupted;            /* a handled signal ended its wait: EINTR, or served again */
	struct vs_sigsave *saves;
	size_t n_saves, cap_saves;
};

/* A POSIX timer or an itimer: its next expiry on the counter (UINT64_MAX: disarmed). CPU-time
 * timers count the process's running time (the counter less the time every thread slept). */
struct vs_timer {
	int used, id, cpu;
	int32_t clock;
	int notify;                 /* SIGEV_SIGNAL 0, SIGEV_NONE 1, SIGEV_THREAD_ID 4 */
	int sig;
	uint32_t tid;
	uint64_t value;             /* sigev_value */
	uint64_t expiry, interval;  /* counter units */
	int32_t overrun;
};
#define VS_MAX_TIMERS 64

/* A mapping the program asked for: reserved (no guest memory until made accessible) or
 * committed (guest memory, counted against --mem-cap); eof: a file mapping's pages wholly past the
 * file's end, never memory (an access is SIGBUS, as on Linux). */
struct vs_vma { uint64_t lo, hi; uint32_t prot; int committed, eof; };

/* An open file: the standard streams, a pipe's end, an eventfd, an epoll set, a file or a
 * directory of the sysroot. */
enum vs_fkind { F_STDIO, F_PIPE_R, F_PIPE_W, F_EVENTFD, F_EPOLL, F_REG, F_DIR };
struct vs_pipe { uint8_t *buf; size_t len, cap; int readers, writers; };
struct vs_epitem { int fd; uint32_t events; uint64_t data; };
struct vs_file {
	enum vs_fkind kind;
	int refs, nonblock, semaphore;
	int stdfd;                  /* F_STDIO: which of 0, 1, 2 */
	struct vs_pipe *pipe;
	uint64_t count;             /* eventfd */
	struct vs_epitem *items;    /* epoll */
	size_t n_items, cap_items;
	/* F_REG, F_DIR: read whole when opened, so a run sees one version of it however long it runs */
	char *path;                 /* its canonical guest path */
	uint8_t *data;
	size_t size;
	uint64_t pos;               /* F_DIR: the next entry */
	struct vs_node node;
	struct vs_dirent *ents;
	size_t n_ents;
};
#define VS_MAX_FDS 1024

/* The process: its memory map, files, signal actions and threads. */
struct vs_proc {
	uint32_t pid, next_tid;
	uint64_t brk_lo, brk_cur, brk_mapped, mmap_next, mem_used, mem_cap;
	struct vs_vma *vmas;
	size_t n_vmas, cap_vmas;
	struct vs_file *fds[VS_MAX_FDS];
	uint8_t cloexec[VS_MAX_FDS];
	struct vs_root *root;       /* --sysroot (NULL: no files) */
	char cwd[VS_PATH_MAX];      /* a canonical guest path */
	uint64_t sig_handler[129];  /* 0 SIG_DFL, 1 SIG_IGN, else a handler (MIPS has 128 signals) */
	uint8_t sigaction[129][32]; /* each as the program gave it */
	struct vs_thread **threads;
	size_t n_threads, cap_threads, live;
	struct vs_thread *cur;      /* the thread running now */
	uint32_t cpus, cpu0;        /* --cpus, from the model's CPU */
	uint64_t sig_shared;        /* sent to the process, no thread could take it yet */
	struct vs_siginfo shared_info[64];
	struct vs_timer timers[VS_MAX_TIMERS + 3]; /* POSIX timers, then ITIMER_REAL, _VIRTUAL, _PROF */
	uint64_t next_timer;        /* the earliest expiry (UINT64_MAX: none) */
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
	vdsosim_program *interp;    /* the program's interpreter, from the sysroot (NULL: none) */
	uint64_t ibias;             /* where it is loaded */
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
	int fast_memory;            /* tlb.c: Unicorn 2.1's TLB is ours */
	int fault_type;
	struct bcache *bc;
	size_t bc_cap;
	struct bcache l1[4096];     /* in front of bc: the blocks of the program's hot loop */
	uint64_t step;              /* counter units per counter read (0 when time runs per instruction) */
	uint64_t blk_start, blk_end, blk_n; /* the program's block now running, as hook_block counted it */
	struct vs_psites *psites;   /* the program's own counter and CPU reads (cpu.c) */
	size_t cap_calls, cap_sys, cap_uns, cap_files, cap_maps;
	struct vs_strace *strace;   /* the trace reader (NULL: off) */
	/* the scheduler (sched.c) */
	int resched;                /* stop the machine: the running thread yields, blocks or ends */
	uint64_t park_pc;           /* s390x: where the parked thread goes on */
	uint64_t stop_pc;           /* the block the block hook stopped before (0: none) */
	uint64_t slice, slice_end;  /* instructions a thread runs while another waits to */
	uint64_t wait_seq, switches, rng;
	int seeded, redoing;
	size_t max_threads;
	struct vs_thread *spawned;  /* a clone child whose registers come from its parent's return */
	uint64_t signals_dropped;
	int sigwork;                /* stop the machine: a signal to deliver, or a sigreturn (signal.c) */
	int sigreturn_rt;           /* which: rt_sigreturn 1, sigreturn 2 */
	size_t cap_signals;
	const char *fatal_code;     /* the siginfo si_code of the signal that ended it (the trace) */
	int64_t call_idx;           /* the vDSO call in progress (its record) */
	uint32_t tcg_cpuid[3][4];
	int in_stub, stub_mapped;   /* s390x: a few instructions of our own run (set_tls_pair) */   /* x86: the linked Unicorn's CPUID leaves 1, 7, 0x80000001 */
};

typedef int64_t vs_sys_fn(struct vs_exec *x, struct vs_sc *c);

/* count.c: instructions, the counter, the model's ticks */
uint64_t vs_x_insns(struct vs_exec *x, uint64_t pc);
uint64_t vs_x_counter(struct vs_exec *x, uint64_t pc);
uint32_t vs_x_block_insns(struct vs_exec *x, uint64_t addr, uint32_t size);
void vs_x_ticks(struct vs_exec *x, uint64_t now);
uint64_t vs_x_on_counter(void *ud, uint64_t off);

/* cpuid.c: x86's CPUID, from the CPU of --cpu */
void vs_x_cpuid(struct vs_exec *x, uint32_t leaf, uint32_t sub, uint32_t out[4]);
int vs_x_cpuid_hook(struct vs_exec *x);

/* cpu.c: the program's own counter and CPU reads, found once and served by the model */
int vs_x_program_sites(struct vs_exec *x);
void vs_x_program_sites_free(struct vs_exec *x);
void vs_x_drop_sites(struct vs_exec *x, uint64_t lo, uint64_t hi);

/* proc.c: the end of the process */
void vs_x_die(struct vs_exec *x, int sig, const char *fmt, ...) VS_PRINTF(3, 4);
void vs_x_exit(struct vs_exec *x, int status);

/* start.c: the program's image and the stack the kernel builds */
int vs_x_map_range(struct vs_exec *x, uint64_t lo, uint64_t hi, int prot);
int vs_x_find_interp(struct vs_exec *x);
int vs_x_load_program(struct vs_exec *x);
uint64_t vs_x_entry(struct vs_exec *x);
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

/* sched.c: threads and the scheduler; futex.c */
struct vs_thread *vs_x_thread_new(struct vs_exec *x);
struct vs_thread *vs_x_thread(struct vs_exec *x, uint64_t tid);
void vs_x_threads_free(struct vs_exec *x);
int vs_x_slice_over(struct vs_exec *x);
void vs_x_new_slice(struct vs_exec *x);
void vs_x_maybe_yield(struct vs_exec *x);
struct vs_thread *vs_x_pick(struct vs_exec *x);
void vs_x_block(struct vs_exec *x, struct vs_sc *c, enum vs_wait w, uint64_t deadline, int timeout_ret);
void vs_x_block_until(struct vs_exec *x, struct vs_sc *c, enum vs_wait w, int32_t clk, int64_t sec, int64_t nsec,
		      int absolute, int timeout_ret);
void vs_x_wake(struct vs_exec *x, struct vs_thread *t, enum vs_wake how, int64_t ret);
void vs_x_wake_fd_waiters(struct vs_exec *x);
int vs_x_read_timespec(struct vs_exec *x, uint64_t addr, int t64, int64_t *sec, int64_t *nsec);
void vs_x_futex_clear(struct vs_exec *x, uint64_t addr);

/* run.c: stop the machine so that the scheduler runs (the pc stays where the thread goes on) */
void vs_x_stop(struct vs_exec *x);

/* syscall.c: a waiting thread's syscall, when it is woken */
void vs_x_resume_syscall(struct vs_exec *x, struct vs_thread *t);
void vs_x_set_result(struct vs_exec *x, int64_t ret);

/* fs.c, path.c, mm.c, proc.c, signal.c */
int vs_x_files_init(struct vs_exec *x);
void vs_x_files_free(struct vs_exec *x);
struct vs_file *vs_x_file(struct vs_exec *x, uint64_t fd);
struct vs_file *vs_x_new_file(enum vs_fkind k);
int64_t vs_x_install(struct vs_exec *x, struct vs_file *f, uint64_t from);
void vs_x_unref(struct vs_exec *x, struct vs_file *f);
/* a stat's facts, written in the ABI's struct stat or statx */
struct vs_statinfo { uint32_t mode, nlink, uid, gid; uint64_t ino, size; };
int64_t vs_x_put_stat(struct vs_exec *x, uint64_t buf, const struct vs_statinfo *si, int statx);
int64_t vs_x_stat_fd(struct vs_exec *x, uint64_t fd, uint64_t buf, int statx);
uint64_t vs_x_oflag(struct vs_exec *x, const char *name);
void vs_x_node_stat(const struct vs_node *n, struct vs_statinfo *si);
int vs_x_path_arg(struct vs_exec *x, uint64_t addr, char *buf, size_t size);
void vs_x_note_map(struct vs_exec *x, const char *path, uint64_t base);
int vs_x_scan_code(struct vs_exec *x, const uint8_t *code, size_t len, uint64_t addr);
void vs_x_mm_free(struct vs_exec *x);
int64_t vs_x_set_thread_area(struct vs_exec *x, uint64_t uinfo);
const char *vs_x_signal_name(struct vs_exec *x, uint64_t sig);
int vs_x_signal_number(struct vs_exec *x, const char *name);
int vs_x_past_eof(struct vs_exec *x, uint64_t addr);

/* signal.c: send (t NULL: to the process), and the run loop's part: deliver what is pending to
 * the running thread, or return from a handler */
void vs_x_signal_send(struct vs_exec *x, struct vs_thread *t, int sig, const struct vs_siginfo *si);
int vs_x_signal_ready(struct vs_exec *x, const struct vs_thread *t);
void vs_x_signal_work(struct vs_exec *x);
void vs_x_signals_free(struct vs_exec *x);
void vs_x_halt(struct vs_exec *x);
/* tlb.c: fast stores where the linked Unicorn allows (1) or not (0); the fault hook; a fault's
 * address found again after the run stopped on it */
int vs_x_fast_memory(struct vs_exec *x);
uc_err vs_x_fault_hook(struct vs_exec *x);
void vs_x_fault_again(struct vs_exec *x, uc_err err);

/* time.c: a sleep a signal ended writes what it had left */
void vs_x_sleep_interrupted(struct vs_exec *x, struct vs_thread *t);

/* timer.c: expiries the counter has reached send their signals */
void vs_x_timers_due(struct vs_exec *x, uint64_t now);
uint64_t vs_x_cpu_time(struct vs_exec *x, uint64_t now);
uint64_t vs_x_ns_to_counter(struct vs_exec *x, uint64_t ns);
void vs_x_counter_to_ts(struct vs_exec *x, uint64_t d, int64_t *sec, int64_t *nsec);
uint64_t vs_x_counter_for(struct vs_exec *x, int32_t clk, int64_t sec, int64_t nsec);

/* A signal frame as an ABI's kernel builds it (frame_*.c): setup writes it below sp and points
 * the registers at the handler; restore reads the registers back at sigreturn. */
struct vs_sigframe {
	int sig;
	uint64_t handler, flags, restorer, mask; /* the action */
	struct vs_siginfo info;
	uint64_t sp;                /* the stack it goes on (the altstack's top, or the thread's sp) */
	int onstack;                /* sp is the altstack's top */
	uint64_t oldmask;           /* the mask to put back */
	uint64_t alt_sp, alt_size;  /* uc_stack */
	uint32_t alt_flags;
	uint64_t trampoline;        /* the vDSO's sigreturn for this frame (0: none) */
	uint64_t key;               /* out: the frame's ucontext address */
};
struct vs_frame_ops {
	const char *tramp_rt, *tramp; /* the vDSO symbols a frame without SA_RESTORER returns through */
	uint32_t code_rt[2], code[2];  /* or the trampolines' two instructions, looked for in the image */
	uint32_t sa_siginfo;           /* SA_SIGINFO when not 4 (MIPS 8) */
	int (*setup)(struct vs_exec *x, struct vs_sigframe *f);
	/* rt 1 (rt_sigreturn) or 2 (sigreturn); the frame's key for the sigsave, then the registers */
	uint64_t (*key)(struct vs_exec *x, int rt);
	int (*restore)(struct vs_exec *x, int rt, uint64_t key, uint64_t *mask);
};
enum { VS_SA_SIGINFO = 4, VS_SA_ONSTACK = 0x08000000, VS_SA_RESTART = 0x10000000, VS_SA_NODEFER = 0x40000000,
       VS_SA_RESETHAND = 0x80000000u, VS_SA_RESTORER = 0x04000000, VS_SS_ONSTACK = 1, VS_SS_DISABLE = 2 };
int vs_x_put_siginfo(struct vs_exec *x, uint64_t addr, const struct vs_siginfo *si);
int vs_x_put_word(struct vs_exec *x, uint64_t addr, uint64_t v, int n);
uint64_t vs_x_get_word(struct vs_exec *x, uint64_t addr, int n, int *bad);

/* The handlers, one per op, each in its subsystem's file. */
vs_sys_fn vs_sys_time, vs_sys_nanosleep;                                          /* time.c */
vs_sys_fn vs_sys_brk, vs_sys_mmap, vs_sys_old_mmap, vs_sys_munmap, vs_sys_mprotect, vs_sys_madvise,
	vs_sys_mremap;                                                                  /* mm.c */
vs_sys_fn vs_sys_read, vs_sys_write, vs_sys_writev, vs_sys_close, vs_sys_fstat, vs_sys_ioctl, vs_sys_fcntl,
	vs_sys_lseek, vs_sys_dup, vs_sys_pipe, vs_sys_eventfd, vs_sys_epoll_create, vs_sys_epoll_ctl, vs_sys_epoll_wait,
	vs_sys_poll, vs_sys_pread, vs_sys_readv;                                         /* fs.c */
vs_sys_fn vs_sys_open, vs_sys_stat, vs_sys_fstatat, vs_sys_access, vs_sys_readlink, vs_sys_getcwd, vs_sys_chdir,
	vs_sys_getdents, vs_sys_xattr, vs_sys_socket;                                   /* path.c */
vs_sys_fn vs_sys_exit, vs_sys_exit_group, vs_sys_kill, vs_sys_getpid, vs_sys_gettid, vs_sys_getppid,
	vs_sys_getuid, vs_sys_uname, vs_sys_set_tid_address, vs_sys_prlimit, vs_sys_arch_prctl,
	vs_sys_set_thread_area, vs_sys_arm_set_tls, vs_sys_mips_set_tls, vs_sys_clone, vs_sys_clone3,
	vs_sys_execve, vs_sys_wait, vs_sys_eperm, vs_sys_prctl, vs_sys_sysinfo, vs_sys_getrusage, vs_sys_zero,
	vs_sys_enosys, vs_sys_unsupported;                                               /* proc.c */
vs_sys_fn vs_sys_sched_getaffinity, vs_sys_sched_setaffinity, vs_sys_sched_yield, vs_sys_membarrier; /* sched.c */
vs_sys_fn vs_sys_futex;                                                           /* futex.c */
vs_sys_fn vs_sys_rt_sigaction, vs_sys_sigmask, vs_sys_sigreturn, vs_sys_sigsuspend, vs_sys_sigpending,
	vs_sys_sigtimedwait;                                                          /* signal.c */
vs_sys_fn vs_sys_setitimer, vs_sys_getitimer, vs_sys_alarm, vs_sys_timer_create, vs_sys_timer_settime,
	vs_sys_timer_gettime, vs_sys_timer_getoverrun, vs_sys_timer_delete;              /* timer.c */

/* strace.c: the trace, a reader of the records as they are made */
struct vs_strace;
struct vs_strace *vs_strace_new(struct vs_exec *x);
void vs_strace_free(struct vs_strace *t);
void vs_strace_enter(struct vs_strace *t, const char *name, const uint64_t a[6]);
void vs_strace_syscall(struct vs_strace *t, const struct vdsosim_exec_syscall *s);
void vs_strace_vdso(struct vs_strace *t, const struct vdsosim_exec_vdso_call *c);
void vs_strace_signal(struct vs_strace *t, const struct vs_siginfo *si);
void vs_strace_end(struct vs_strace *t);

#endif
