/* vdsosim exec internals: a program beside an attached vDSO, its process ABI per
 * architecture (one row each, sim/exec/abi.c) and the process surface it is served. */
#ifndef VDSOSIM_EXEC_H
#define VDSOSIM_EXEC_H
#include "../machine.h"

/* What the process surface does with a syscall: its own operations, or the model's (time). */
enum xop {
	X_NONE, X_TIME, /* X_TIME: the model answers (sys->time_op) */
	X_READ, X_WRITE, X_WRITEV, X_OPEN, X_CLOSE, X_FSTAT, X_IOCTL, X_FCNTL, X_LSEEK, X_ACCESS, X_READLINK,
	X_GETCWD, X_BRK, X_MMAP, X_MMAP2, X_MUNMAP, X_MPROTECT, X_MADVISE, X_MREMAP, X_EXIT, X_EXIT_GROUP,
	X_KILL, X_TKILL, X_TGKILL, X_GETPID, X_GETTID, X_GETPPID, X_GETUID, X_UNAME, X_SET_TID_ADDRESS,
	X_SET_ROBUST_LIST, X_RSEQ, X_PRLIMIT, X_GETRLIMIT, X_RT_SIGACTION, X_RT_SIGPROCMASK, X_SIGALTSTACK,
	X_ARCH_PRCTL, X_SET_THREAD_AREA, X_ARM_SET_TLS, X_CLONE, X_EXECVE, X_SCHED_YIELD,
	X_SCHED_GETAFFINITY, X_SCHED_SETAFFINITY, X_NANOSLEEP, X_CLOCK_NANOSLEEP, X_FUTEX, X_PRCTL,
	X_UNSHARE, X_WAIT, X_PTRACE, X_SYSINFO, X_GETRUSAGE, X_STATX, X_HWPROBE, X_FLUSH_ICACHE, X_MIPS_SET_TLS,
	X_OLD_MMAP, /* s390x: mmap's six arguments in a block the one argument points to */
	X_CLONE3, X_MEMBARRIER, X_POLL, X_PPOLL, X_PIPE, X_PIPE2, X_EVENTFD2, X_EPOLL_CREATE, X_EPOLL_CTL,
	X_EPOLL_WAIT, X_EPOLL_PWAIT, X_EPOLL_PWAIT2, X_DUP, X_FSTATAT,
	X_RT_SIGRETURN, X_SIGRETURN, X_RT_SIGSUSPEND, X_PAUSE, X_RT_SIGPENDING, X_RT_SIGTIMEDWAIT, X_SETITIMER,
	X_GETITIMER, X_ALARM, X_TIMER_CREATE, X_TIMER_SETTIME, X_TIMER_GETTIME, X_TIMER_GETOVERRUN, X_TIMER_DELETE,
	/* paths (path.c) and more of the fd table */
	X_OPENAT, X_STAT, X_LSTAT, X_FACCESSAT, X_READLINKAT, X_GETDENTS64, X_CHDIR, X_FCHDIR, X_PREAD64, X_READV,
	X_LLSEEK, X_GETXATTR, X_LISTXATTR, X_SOCKET,
	X_NOPS
};

/* where the i386 GDT lives in the guest (start_i386 maps it; set_thread_area writes TLS entries) */
#define VS_EXEC_GDT 0xffffe000ULL
/* ARM: where the kernel's sigpage codes are (in the vector page, beside the kuser helpers) */
#define VS_ARM_SIGPAGE 0xffff0800ULL

struct xsys { uint32_t nr; uint8_t op; uint8_t time_op; const char *name; };
struct vs_frame_ops; /* kernel.h; frame_*.c */
extern const struct vs_frame_ops vs_frame_x86_64, vs_frame_i386, vs_frame_arm64, vs_frame_riscv64, vs_frame_arm,
	vs_frame_s390x, vs_frame_x32, vs_frame_mips_o32, vs_frame_mips_n64, vs_frame_ppc64;

/* a flag or a value by name, for the trace (tables end with a NULL name) */
struct vs_flag { uint64_t v; const char *name; };

/* where clone's arguments are, by ABI (CONFIG_CLONE_BACKWARDS*): flags, stack, parent_tid,
 * child_tid, tls */
enum { CL_FLAGS, CL_STACK, CL_PTID, CL_CTID, CL_TLS };

enum xlen { XLEN_CAPSTONE, XLEN_FIXED4, XLEN_RISCV, XLEN_ARM };

struct vs_exec_abi {
	const char *arch;       /* the program's arch, as the loader names it */
	int word;               /* pointer size: 4 or 8 */
	int klong;              /* __kernel_long_t: time_t, tv_nsec (x32: 8 with 4-byte pointers) */
	uc_arch uc_arch;
	uc_mode uc_mode;
	cs_arch cs_arch;
	cs_mode cs_mode;
	enum xlen len;
	uint64_t stack_top, mmap_base, pie_base, vdso_base;
	int pc_reg, sp_reg, nr_reg, ret_reg, arg[6];
	uint32_t intno;         /* syscall as a CPU exception; 0: the x86-64 `syscall` instruction */
	int args_on_stack;      /* function arguments on the stack, above the return address (i386) */
	uint32_t nr_mask;       /* bits stripped from the number (x32's __X32_SYSCALL_BIT) */
	const struct xsys *sys;
	size_t n_sys;
	uint64_t hwcap, hwcap2;
	const char *platform;   /* AT_PLATFORM (NULL: none) */
	const char *machine;    /* uname's machine, as the kernel names the arch */
	/* the registers at the entry point: most ABIs want only sp (and a zero atexit pointer) */
	void (*start)(uc_engine *uc, uint64_t sp, uint64_t entry);
	uint64_t extra_aux[8];  /* more auxv pairs the arch's kernel gives (riscv: cache geometry; arm64:
	                         * AT_MINSIGSTKSZ), 0-ended */
	/* optional: how a syscall's result goes back (MIPS: v0 and the a3 error flag), instead of ret_reg */
	void (*sysret)(uc_engine *uc, uint64_t pc, int64_t ret);
	int stack_args;         /* syscall arguments 5 and 6 on the stack this far above sp (MIPS o32), 0: none */
	uint64_t addr_limit;    /* the program must lie below this (MIPS: Unicorn's unmapped kuseg), 0: none */
	/* optional: the syscall number, where it is not in nr_reg alone (s390x: `svc N`, or r1 for svc 0) */
	uint64_t (*sysnr)(uc_engine *uc, uint64_t pc);
	int big_endian;         /* s390x: the stack, auxv and every struct in the program's byte order */
	int text_writable;      /* s390x: Unicorn runs code only from writable pages */
	/* optional: an instruction that branches to itself (s390x: Unicorn ignores a stop asked for in
	 * an interrupt hook, so after the end the pc is parked on it, and its block hook stops) */
	const uint8_t *park;
	size_t park_len;
	/* facts that differ from the generic ABI (0 or NULL: the generic ones) */
	const uint16_t (*errnos)[2];     /* errno numbers of its own: {asm-generic's, its}, 0-ended (MIPS) */
	uint8_t sig_how;                 /* SIG_BLOCK's number: 0, MIPS 1 */
	uint8_t nsig;                    /* _NSIG when not 64: MIPS 128 (VS_NSIG) */
	const struct vs_frame_ops *frame; /* signal frames as its kernel builds them (NULL: not delivered) */
	const char *const *signals;      /* signal names by number, 0-31 (MIPS numbers them its own way) */
	const struct vs_flag *o_flags;   /* open's O_ flags (arm and MIPS differ) */
	const struct vs_flag *map_flags; /* mmap's MAP_ flags (MIPS differs) */
	uint8_t clone_args[5];           /* argument index of CL_FLAGS..CL_TLS (all 0: x86-64's order) */
	int tls_reg, tls_reg2;           /* CLONE_SETTLS's register (s390x: the high half, then the low;
	                                  * 0: i386's user_desc) */
	uint8_t sigaction_size, sa_handler_off; /* struct sigaction as the kernel reads it (0: 32, 0) */
	/* struct stat as fstat and newfstatat (stat64, fstatat64 where the ABI has them) write it:
	 * size, then offsets and widths (st_dev at 0; st_gid after st_uid; size 0: none) */
	struct vs_stat_layout {
		uint8_t size, mode, blksize, blksize_w, dev_w, ino, ino_w, ino32, nlink, nlink_w, uid, fsize, blocks;
	} stat;
	uint8_t off64_arg;      /* a 64-bit file offset as two registers from this argument (pread64; 0: one) */
};
#define VS_NSIG(abi) ((abi)->nsig ? (abi)->nsig : 64)
extern const struct vs_flag vs_o_flags_generic[], vs_map_flags_generic[];

/* the row for a program of this arch, beside an image of this arch (NULL: not a pair we run) */
const struct vs_exec_abi *vs_exec_abi_for(const char *prog_arch, const char *image_arch);

#endif
