/* The process ABI of each architecture a program may have: syscall numbers (arch/<arch>'s
 * syscall tables), registers, where the kernel puts things, AT_HWCAP. One row per ABI. */
#include <string.h>

#include "../arch/ppc64.h"
#include "exec.h"

#define S(nr, op, name) { nr, op, 0, name }
#define T(nr, top, name) { nr, X_TIME, top, name }
#define N(a) (sizeof a / sizeof *a)

/* arch/x86/entry/syscalls/syscall_64.tbl (x32 takes the same numbers with __X32_SYSCALL_BIT) */
static const struct xsys sys_x86_64[] = {
	S(0, X_READ, "read"), S(1, X_WRITE, "write"), S(2, X_OPEN, "open"), S(3, X_CLOSE, "close"),
	S(4, X_STAT, "stat"), S(5, X_FSTAT, "fstat"), S(6, X_LSTAT, "lstat"), S(8, X_LSEEK, "lseek"),
	S(9, X_MMAP, "mmap"), S(10, X_MPROTECT, "mprotect"), S(11, X_MUNMAP, "munmap"), S(12, X_BRK, "brk"),
	S(13, X_RT_SIGACTION, "rt_sigaction"), S(14, X_RT_SIGPROCMASK, "rt_sigprocmask"), S(16, X_IOCTL, "ioctl"),
	S(20, X_WRITEV, "writev"), S(21, X_ACCESS, "access"), S(24, X_SCHED_YIELD, "sched_yield"),
	S(25, X_MREMAP, "mremap"), S(28, X_MADVISE, "madvise"), S(35, X_NANOSLEEP, "nanosleep"),
	S(39, X_GETPID, "getpid"), S(56, X_CLONE, "clone"), S(57, X_CLONE, "fork"), S(58, X_CLONE, "vfork"),
	S(59, X_EXECVE, "execve"), S(60, X_EXIT, "exit"), S(61, X_WAIT, "wait4"), S(62, X_KILL, "kill"),
	S(63, X_UNAME, "uname"), S(72, X_FCNTL, "fcntl"), S(79, X_GETCWD, "getcwd"), S(89, X_READLINK, "readlink"),
	T(96, VS_SYS_GETTIMEOFDAY, "gettimeofday"), S(97, X_GETRLIMIT, "getrlimit"), S(98, X_GETRUSAGE, "getrusage"),
	S(99, X_SYSINFO, "sysinfo"), S(101, X_PTRACE, "ptrace"), S(102, X_GETUID, "getuid"), S(104, X_GETUID, "getgid"),
	S(107, X_GETUID, "geteuid"), S(108, X_GETUID, "getegid"), S(110, X_GETPPID, "getppid"),
	S(131, X_SIGALTSTACK, "sigaltstack"), S(157, X_PRCTL, "prctl"), S(158, X_ARCH_PRCTL, "arch_prctl"),
	S(186, X_GETTID, "gettid"), S(200, X_TKILL, "tkill"), T(201, VS_SYS_TIME, "time"), S(202, X_FUTEX, "futex"),
	S(203, X_SCHED_SETAFFINITY, "sched_setaffinity"), S(204, X_SCHED_GETAFFINITY, "sched_getaffinity"),
	S(218, X_SET_TID_ADDRESS, "set_tid_address"), T(228, VS_SYS_CLOCK_GETTIME, "clock_gettime"),
	T(229, VS_SYS_CLOCK_GETRES, "clock_getres"), S(230, X_CLOCK_NANOSLEEP, "clock_nanosleep"),
	S(231, X_EXIT_GROUP, "exit_group"), S(234, X_TGKILL, "tgkill"), S(257, X_OPENAT, "openat"),
	S(262, X_FSTATAT, "newfstatat"), S(267, X_READLINKAT, "readlinkat"), S(269, X_FACCESSAT, "faccessat"),
	S(272, X_UNSHARE, "unshare"), S(273, X_SET_ROBUST_LIST, "set_robust_list"), S(302, X_PRLIMIT, "prlimit64"),
	T(309, VS_SYS_GETCPU, "getcpu"), T(318, VS_SYS_GETRANDOM, "getrandom"), S(332, X_STATX, "statx"),
	S(334, X_RSEQ, "rseq"), S(435, X_CLONE3, "clone3"), S(439, X_FACCESSAT, "faccessat2"),
	/* x32's own numbers (512+) for the calls whose structs differ */
	S(512, X_RT_SIGACTION, "rt_sigaction"), S(513, X_RT_SIGRETURN, "rt_sigreturn"), S(514, X_IOCTL, "ioctl"), S(516, X_WRITEV, "writev"),
	S(520, X_EXECVE, "execve"), S(525, X_SIGALTSTACK, "sigaltstack"), S(530, X_SET_ROBUST_LIST, "set_robust_list"),
	/* files and waits the runtimes use */
	S(191, X_GETXATTR, "getxattr"), S(192, X_GETXATTR, "lgetxattr"), S(193, X_GETXATTR, "fgetxattr"),
	S(194, X_LISTXATTR, "listxattr"), S(195, X_LISTXATTR, "llistxattr"), S(196, X_LISTXATTR, "flistxattr"),
	S(41, X_SOCKET, "socket"),
	S(17, X_PREAD64, "pread64"), S(19, X_READV, "readv"), S(80, X_CHDIR, "chdir"), S(81, X_FCHDIR, "fchdir"),
	S(217, X_GETDENTS64, "getdents64"), S(515, X_READV, "readv"),
	S(7, X_POLL, "poll"), S(22, X_PIPE, "pipe"), S(32, X_DUP, "dup"), S(33, X_DUP, "dup2"),
	S(213, X_EPOLL_CREATE, "epoll_create"), S(232, X_EPOLL_WAIT, "epoll_wait"), S(233, X_EPOLL_CTL, "epoll_ctl"),
	S(271, X_PPOLL, "ppoll"), S(281, X_EPOLL_PWAIT, "epoll_pwait"), S(290, X_EVENTFD2, "eventfd2"),
	S(291, X_EPOLL_CREATE, "epoll_create1"), S(292, X_DUP, "dup3"), S(293, X_PIPE2, "pipe2"),
	S(324, X_MEMBARRIER, "membarrier"), S(441, X_EPOLL_PWAIT2, "epoll_pwait2"),
	/* signals and timers */
	S(15, X_RT_SIGRETURN, "rt_sigreturn"), S(34, X_PAUSE, "pause"), S(36, X_GETITIMER, "getitimer"),
	S(37, X_ALARM, "alarm"), S(38, X_SETITIMER, "setitimer"), S(127, X_RT_SIGPENDING, "rt_sigpending"),
	S(128, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait"), S(130, X_RT_SIGSUSPEND, "rt_sigsuspend"),
	S(222, X_TIMER_CREATE, "timer_create"), S(223, X_TIMER_SETTIME, "timer_settime"),
	S(224, X_TIMER_GETTIME, "timer_gettime"), S(225, X_TIMER_GETOVERRUN, "timer_getoverrun"),
	S(226, X_TIMER_DELETE, "timer_delete"),
};

/* include/uapi/asm-generic/unistd.h (arm64, riscv64) */
static const struct xsys sys_generic[] = {
	S(17, X_GETCWD, "getcwd"), S(25, X_FCNTL, "fcntl"), S(29, X_IOCTL, "ioctl"), S(48, X_FACCESSAT, "faccessat"),
	S(56, X_OPENAT, "openat"), S(57, X_CLOSE, "close"), S(62, X_LSEEK, "lseek"), S(63, X_READ, "read"),
	S(64, X_WRITE, "write"), S(66, X_WRITEV, "writev"), S(78, X_READLINKAT, "readlinkat"),
	S(79, X_FSTATAT, "newfstatat"), S(80, X_FSTAT, "fstat"), S(93, X_EXIT, "exit"), S(94, X_EXIT_GROUP, "exit_group"),
	S(96, X_SET_TID_ADDRESS, "set_tid_address"), S(97, X_UNSHARE, "unshare"), S(98, X_FUTEX, "futex"),
	S(99, X_SET_ROBUST_LIST, "set_robust_list"), S(101, X_NANOSLEEP, "nanosleep"),
	T(113, VS_SYS_CLOCK_GETTIME, "clock_gettime"), T(114, VS_SYS_CLOCK_GETRES, "clock_getres"),
	S(115, X_CLOCK_NANOSLEEP, "clock_nanosleep"), S(117, X_PTRACE, "ptrace"),
	S(122, X_SCHED_SETAFFINITY, "sched_setaffinity"), S(123, X_SCHED_GETAFFINITY, "sched_getaffinity"),
	S(124, X_SCHED_YIELD, "sched_yield"), S(129, X_KILL, "kill"), S(130, X_TKILL, "tkill"),
	S(131, X_TGKILL, "tgkill"), S(132, X_SIGALTSTACK, "sigaltstack"), S(134, X_RT_SIGACTION, "rt_sigaction"),
	S(135, X_RT_SIGPROCMASK, "rt_sigprocmask"), S(160, X_UNAME, "uname"), S(163, X_GETRLIMIT, "getrlimit"),
	S(165, X_GETRUSAGE, "getrusage"), S(167, X_PRCTL, "prctl"), T(168, VS_SYS_GETCPU, "getcpu"),
	T(169, VS_SYS_GETTIMEOFDAY, "gettimeofday"), S(172, X_GETPID, "getpid"), S(173, X_GETPPID, "getppid"),
	S(174, X_GETUID, "getuid"), S(175, X_GETUID, "geteuid"), S(176, X_GETUID, "getgid"), S(177, X_GETUID, "getegid"),
	S(178, X_GETTID, "gettid"), S(179, X_SYSINFO, "sysinfo"), S(214, X_BRK, "brk"), S(215, X_MUNMAP, "munmap"),
	S(216, X_MREMAP, "mremap"), S(220, X_CLONE, "clone"), S(221, X_EXECVE, "execve"), S(222, X_MMAP, "mmap"),
	S(226, X_MPROTECT, "mprotect"), S(233, X_MADVISE, "madvise"), S(258, X_HWPROBE, "riscv_hwprobe"),
	S(259, X_FLUSH_ICACHE, "riscv_flush_icache"), S(260, X_WAIT, "wait4"), S(261, X_PRLIMIT, "prlimit64"),
	T(278, VS_SYS_GETRANDOM, "getrandom"), S(291, X_STATX, "statx"), S(293, X_RSEQ, "rseq"),
	S(435, X_CLONE3, "clone3"), S(439, X_FACCESSAT, "faccessat2"),
	/* files and waits the runtimes use */
	S(8, X_GETXATTR, "getxattr"), S(9, X_GETXATTR, "lgetxattr"), S(10, X_GETXATTR, "fgetxattr"),
	S(11, X_LISTXATTR, "listxattr"), S(12, X_LISTXATTR, "llistxattr"), S(13, X_LISTXATTR, "flistxattr"),
	S(198, X_SOCKET, "socket"),
	S(49, X_CHDIR, "chdir"), S(50, X_FCHDIR, "fchdir"), S(61, X_GETDENTS64, "getdents64"), S(65, X_READV, "readv"),
	S(67, X_PREAD64, "pread64"),
	S(19, X_EVENTFD2, "eventfd2"), S(20, X_EPOLL_CREATE, "epoll_create1"), S(21, X_EPOLL_CTL, "epoll_ctl"),
	S(22, X_EPOLL_PWAIT, "epoll_pwait"), S(23, X_DUP, "dup"), S(24, X_DUP, "dup3"), S(59, X_PIPE2, "pipe2"),
	S(73, X_PPOLL, "ppoll"), S(283, X_MEMBARRIER, "membarrier"), S(414, X_PPOLL, "ppoll_time64"),
	S(422, X_FUTEX, "futex_time64"), S(441, X_EPOLL_PWAIT2, "epoll_pwait2"),
	/* signals and timers */
	S(102, X_GETITIMER, "getitimer"), S(103, X_SETITIMER, "setitimer"), S(107, X_TIMER_CREATE, "timer_create"),
	S(108, X_TIMER_GETTIME, "timer_gettime"), S(109, X_TIMER_GETOVERRUN, "timer_getoverrun"),
	S(110, X_TIMER_SETTIME, "timer_settime"), S(111, X_TIMER_DELETE, "timer_delete"),
	S(133, X_RT_SIGSUSPEND, "rt_sigsuspend"), S(136, X_RT_SIGPENDING, "rt_sigpending"),
	S(137, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait"), S(139, X_RT_SIGRETURN, "rt_sigreturn"),
};

/* arch/x86/entry/syscalls/syscall_32.tbl */
static const struct xsys sys_i386[] = {
	S(1, X_EXIT, "exit"), S(2, X_CLONE, "fork"), S(3, X_READ, "read"), S(4, X_WRITE, "write"), S(5, X_OPEN, "open"),
	S(6, X_CLOSE, "close"), S(7, X_WAIT, "waitpid"), S(11, X_EXECVE, "execve"), T(13, VS_SYS_TIME, "time"),
	S(19, X_LSEEK, "lseek"), S(20, X_GETPID, "getpid"), S(26, X_PTRACE, "ptrace"), S(33, X_ACCESS, "access"),
	S(37, X_KILL, "kill"), S(45, X_BRK, "brk"), S(54, X_IOCTL, "ioctl"), S(55, X_FCNTL, "fcntl"),
	S(64, X_GETPPID, "getppid"), S(76, X_GETRLIMIT, "getrlimit"), S(77, X_GETRUSAGE, "getrusage"),
	T(78, VS_SYS_GETTIMEOFDAY, "gettimeofday"), S(85, X_READLINK, "readlink"), S(91, X_MUNMAP, "munmap"),
	S(114, X_WAIT, "wait4"), S(116, X_SYSINFO, "sysinfo"), S(120, X_CLONE, "clone"), S(122, X_UNAME, "uname"),
	S(125, X_MPROTECT, "mprotect"), S(126, X_RT_SIGPROCMASK, "sigprocmask"), S(146, X_WRITEV, "writev"),
	S(158, X_SCHED_YIELD, "sched_yield"), S(162, X_NANOSLEEP, "nanosleep"), S(163, X_MREMAP, "mremap"),
	S(172, X_PRCTL, "prctl"), S(174, X_RT_SIGACTION, "rt_sigaction"), S(175, X_RT_SIGPROCMASK, "rt_sigprocmask"),
	S(183, X_GETCWD, "getcwd"), S(186, X_SIGALTSTACK, "sigaltstack"), S(190, X_CLONE, "vfork"),
	S(191, X_GETRLIMIT, "ugetrlimit"), S(192, X_MMAP2, "mmap2"), S(195, X_STAT, "stat64"), S(196, X_LSTAT, "lstat64"),
	S(197, X_FSTAT, "fstat64"), S(199, X_GETUID, "getuid32"), S(200, X_GETUID, "getgid32"),
	S(201, X_GETUID, "geteuid32"), S(202, X_GETUID, "getegid32"), S(219, X_MADVISE, "madvise"),
	S(221, X_FCNTL, "fcntl64"), S(224, X_GETTID, "gettid"), S(238, X_TKILL, "tkill"), S(240, X_FUTEX, "futex"),
	S(241, X_SCHED_SETAFFINITY, "sched_setaffinity"), S(242, X_SCHED_GETAFFINITY, "sched_getaffinity"),
	S(243, X_SET_THREAD_AREA, "set_thread_area"), S(252, X_EXIT_GROUP, "exit_group"),
	S(258, X_SET_TID_ADDRESS, "set_tid_address"), T(265, VS_SYS_CLOCK_GETTIME, "clock_gettime"),
	T(266, VS_SYS_CLOCK_GETRES, "clock_getres"), S(267, X_CLOCK_NANOSLEEP, "clock_nanosleep"),
	S(270, X_TGKILL, "tgkill"), S(295, X_OPENAT, "openat"), S(300, X_FSTATAT, "fstatat64"), S(305, X_READLINKAT, "readlinkat"),
	S(310, X_UNSHARE, "unshare"), S(311, X_SET_ROBUST_LIST, "set_robust_list"), T(318, VS_SYS_GETCPU, "getcpu"),
	S(340, X_PRLIMIT, "prlimit64"), T(355, VS_SYS_GETRANDOM, "getrandom"), S(383, X_STATX, "statx"),
	S(384, X_ARCH_PRCTL, "arch_prctl"), S(386, X_RSEQ, "rseq"), T(403, VS_SYS_CLOCK_GETTIME64, "clock_gettime64"),
	T(406, VS_SYS_CLOCK_GETRES64, "clock_getres_time64"), S(407, X_CLOCK_NANOSLEEP, "clock_nanosleep_time64"),
	S(435, X_CLONE3, "clone3"), S(439, X_FACCESSAT, "faccessat2"),
	/* files and waits the runtimes use */
	S(229, X_GETXATTR, "getxattr"), S(230, X_GETXATTR, "lgetxattr"), S(231, X_GETXATTR, "fgetxattr"),
	S(232, X_LISTXATTR, "listxattr"), S(233, X_LISTXATTR, "llistxattr"), S(234, X_LISTXATTR, "flistxattr"),
	S(359, X_SOCKET, "socket"),
	S(12, X_CHDIR, "chdir"), S(133, X_FCHDIR, "fchdir"), S(140, X_LLSEEK, "_llseek"), S(145, X_READV, "readv"),
	S(180, X_PREAD64, "pread64"), S(220, X_GETDENTS64, "getdents64"), S(307, X_FACCESSAT, "faccessat"),
	S(41, X_DUP, "dup"), S(42, X_PIPE, "pipe"), S(63, X_DUP, "dup2"), S(168, X_POLL, "poll"),
	S(254, X_EPOLL_CREATE, "epoll_create"), S(255, X_EPOLL_CTL, "epoll_ctl"), S(256, X_EPOLL_WAIT, "epoll_wait"),
	S(309, X_PPOLL, "ppoll"), S(319, X_EPOLL_PWAIT, "epoll_pwait"), S(328, X_EVENTFD2, "eventfd2"),
	S(329, X_EPOLL_CREATE, "epoll_create1"), S(330, X_DUP, "dup3"), S(331, X_PIPE2, "pipe2"),
	S(375, X_MEMBARRIER, "membarrier"), S(414, X_PPOLL, "ppoll_time64"), S(422, X_FUTEX, "futex_time64"),
	S(441, X_EPOLL_PWAIT2, "epoll_pwait2"),
	/* signals and timers */
	S(119, X_SIGRETURN, "sigreturn"), S(173, X_RT_SIGRETURN, "rt_sigreturn"), S(29, X_PAUSE, "pause"),
	S(27, X_ALARM, "alarm"), S(104, X_SETITIMER, "setitimer"), S(105, X_GETITIMER, "getitimer"),
	S(176, X_RT_SIGPENDING, "rt_sigpending"), S(177, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait"),
	S(179, X_RT_SIGSUSPEND, "rt_sigsuspend"), S(259, X_TIMER_CREATE, "timer_create"),
	S(260, X_TIMER_SETTIME, "timer_settime"), S(261, X_TIMER_GETTIME, "timer_gettime"),
	S(262, X_TIMER_GETOVERRUN, "timer_getoverrun"), S(263, X_TIMER_DELETE, "timer_delete"),
	S(408, X_TIMER_GETTIME, "timer_gettime64"), S(409, X_TIMER_SETTIME, "timer_settime64"),
	S(421, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait_time64"),
};

/* arch/arm/tools/syscall.tbl (EABI), and the ARM-private calls */
static const struct xsys sys_arm[] = {
	S(1, X_EXIT, "exit"), S(2, X_CLONE, "fork"), S(3, X_READ, "read"), S(4, X_WRITE, "write"), S(5, X_OPEN, "open"),
	S(6, X_CLOSE, "close"), S(11, X_EXECVE, "execve"), S(19, X_LSEEK, "lseek"), S(20, X_GETPID, "getpid"),
	S(26, X_PTRACE, "ptrace"), S(33, X_ACCESS, "access"), S(37, X_KILL, "kill"), S(45, X_BRK, "brk"),
	S(54, X_IOCTL, "ioctl"), S(55, X_FCNTL, "fcntl"), S(64, X_GETPPID, "getppid"), S(77, X_GETRUSAGE, "getrusage"),
	T(78, VS_SYS_GETTIMEOFDAY, "gettimeofday"), S(85, X_READLINK, "readlink"), S(91, X_MUNMAP, "munmap"),
	S(114, X_WAIT, "wait4"), S(116, X_SYSINFO, "sysinfo"), S(120, X_CLONE, "clone"), S(122, X_UNAME, "uname"),
	S(125, X_MPROTECT, "mprotect"), S(146, X_WRITEV, "writev"), S(158, X_SCHED_YIELD, "sched_yield"),
	S(162, X_NANOSLEEP, "nanosleep"), S(163, X_MREMAP, "mremap"), S(172, X_PRCTL, "prctl"),
	S(174, X_RT_SIGACTION, "rt_sigaction"), S(175, X_RT_SIGPROCMASK, "rt_sigprocmask"), S(183, X_GETCWD, "getcwd"),
	S(186, X_SIGALTSTACK, "sigaltstack"), S(190, X_CLONE, "vfork"), S(191, X_GETRLIMIT, "ugetrlimit"),
	S(192, X_MMAP2, "mmap2"), S(195, X_STAT, "stat64"), S(196, X_LSTAT, "lstat64"), S(197, X_FSTAT, "fstat64"),
	S(199, X_GETUID, "getuid32"), S(200, X_GETUID, "getgid32"), S(201, X_GETUID, "geteuid32"),
	S(202, X_GETUID, "getegid32"), S(220, X_MADVISE, "madvise"), S(221, X_FCNTL, "fcntl64"), S(224, X_GETTID, "gettid"),
	S(238, X_TKILL, "tkill"), S(240, X_FUTEX, "futex"), S(241, X_SCHED_SETAFFINITY, "sched_setaffinity"),
	S(242, X_SCHED_GETAFFINITY, "sched_getaffinity"), S(248, X_EXIT_GROUP, "exit_group"),
	S(256, X_SET_TID_ADDRESS, "set_tid_address"), T(263, VS_SYS_CLOCK_GETTIME, "clock_gettime"),
	T(264, VS_SYS_CLOCK_GETRES, "clock_getres"), S(265, X_CLOCK_NANOSLEEP, "clock_nanosleep"),
	S(268, X_TGKILL, "tgkill"), S(322, X_OPENAT, "openat"), S(327, X_FSTATAT, "fstatat64"), S(332, X_READLINKAT, "readlinkat"),
	S(337, X_UNSHARE, "unshare"), S(338, X_SET_ROBUST_LIST, "set_robust_list"), T(345, VS_SYS_GETCPU, "getcpu"),
	S(369, X_PRLIMIT, "prlimit64"), T(384, VS_SYS_GETRANDOM, "getrandom"), S(397, X_STATX, "statx"),
	S(398, X_RSEQ, "rseq"), T(403, VS_SYS_CLOCK_GETTIME64, "clock_gettime64"),
	T(406, VS_SYS_CLOCK_GETRES64, "clock_getres_time64"), S(407, X_CLOCK_NANOSLEEP, "clock_nanosleep_time64"),
	S(435, X_CLONE3, "clone3"), S(439, X_FACCESSAT, "faccessat2"), S(0xf0002, X_FLUSH_ICACHE, "cacheflush"),
	S(0xf0005, X_ARM_SET_TLS, "set_tls"),
	/* files and waits the runtimes use */
	S(229, X_GETXATTR, "getxattr"), S(230, X_GETXATTR, "lgetxattr"), S(231, X_GETXATTR, "fgetxattr"),
	S(232, X_LISTXATTR, "listxattr"), S(233, X_LISTXATTR, "llistxattr"), S(234, X_LISTXATTR, "flistxattr"),
	S(281, X_SOCKET, "socket"),
	S(12, X_CHDIR, "chdir"), S(133, X_FCHDIR, "fchdir"), S(140, X_LLSEEK, "_llseek"), S(145, X_READV, "readv"),
	S(180, X_PREAD64, "pread64"), S(217, X_GETDENTS64, "getdents64"), S(334, X_FACCESSAT, "faccessat"),
	S(41, X_DUP, "dup"), S(42, X_PIPE, "pipe"), S(63, X_DUP, "dup2"), S(168, X_POLL, "poll"),
	S(251, X_EPOLL_CTL, "epoll_ctl"), S(252, X_EPOLL_WAIT, "epoll_wait"), S(336, X_PPOLL, "ppoll"),
	S(346, X_EPOLL_PWAIT, "epoll_pwait"), S(356, X_EVENTFD2, "eventfd2"), S(357, X_EPOLL_CREATE, "epoll_create1"),
	S(358, X_DUP, "dup3"), S(359, X_PIPE2, "pipe2"), S(389, X_MEMBARRIER, "membarrier"),
	S(414, X_PPOLL, "ppoll_time64"), S(422, X_FUTEX, "futex_time64"), S(441, X_EPOLL_PWAIT2, "epoll_pwait2"),
	/* signals and timers */
	S(119, X_SIGRETURN, "sigreturn"), S(173, X_RT_SIGRETURN, "rt_sigreturn"), S(29, X_PAUSE, "pause"),
	S(104, X_SETITIMER, "setitimer"), S(105, X_GETITIMER, "getitimer"), S(176, X_RT_SIGPENDING, "rt_sigpending"),
	S(177, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait"), S(179, X_RT_SIGSUSPEND, "rt_sigsuspend"),
	S(257, X_TIMER_CREATE, "timer_create"), S(258, X_TIMER_SETTIME, "timer_settime"),
	S(259, X_TIMER_GETTIME, "timer_gettime"), S(260, X_TIMER_GETOVERRUN, "timer_getoverrun"),
	S(261, X_TIMER_DELETE, "timer_delete"), S(408, X_TIMER_GETTIME, "timer_gettime64"),
	S(409, X_TIMER_SETTIME, "timer_settime64"), S(421, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait_time64"),
};

/* arch/mips/kernel/syscalls/syscall_o32.tbl, from 4000 */
static const struct xsys sys_mips_o32[] = {
	S(4001, X_EXIT, "exit"), S(4002, X_CLONE, "fork"), S(4003, X_READ, "read"), S(4004, X_WRITE, "write"),
	S(4005, X_OPEN, "open"), S(4006, X_CLOSE, "close"), S(4007, X_WAIT, "waitpid"), S(4011, X_EXECVE, "execve"),
	T(4013, VS_SYS_TIME, "time"), S(4019, X_LSEEK, "lseek"), S(4020, X_GETPID, "getpid"), S(4024, X_GETUID, "getuid"),
	S(4026, X_PTRACE, "ptrace"), S(4033, X_ACCESS, "access"), S(4037, X_KILL, "kill"), S(4045, X_BRK, "brk"),
	S(4047, X_GETUID, "getgid"), S(4049, X_GETUID, "geteuid"), S(4050, X_GETUID, "getegid"),
	S(4054, X_IOCTL, "ioctl"), S(4055, X_FCNTL, "fcntl"), S(4064, X_GETPPID, "getppid"),
	S(4076, X_GETRLIMIT, "getrlimit"), S(4077, X_GETRUSAGE, "getrusage"), T(4078, VS_SYS_GETTIMEOFDAY, "gettimeofday"),
	S(4085, X_READLINK, "readlink"), S(4090, X_MMAP, "mmap"), S(4091, X_MUNMAP, "munmap"), S(4114, X_WAIT, "wait4"),
	S(4116, X_SYSINFO, "sysinfo"), S(4120, X_CLONE, "clone"), S(4122, X_UNAME, "uname"),
	S(4125, X_MPROTECT, "mprotect"), S(4126, X_RT_SIGPROCMASK, "sigprocmask"), S(4146, X_WRITEV, "writev"),
	S(4147, X_FLUSH_ICACHE, "cacheflush"), S(4162, X_SCHED_YIELD, "sched_yield"), S(4166, X_NANOSLEEP, "nanosleep"),
	S(4167, X_MREMAP, "mremap"), S(4192, X_PRCTL, "prctl"), S(4194, X_RT_SIGACTION, "rt_sigaction"),
	S(4195, X_RT_SIGPROCMASK, "rt_sigprocmask"), S(4203, X_GETCWD, "getcwd"), S(4206, X_SIGALTSTACK, "sigaltstack"),
	S(4210, X_MMAP2, "mmap2"), S(4213, X_STAT, "stat64"), S(4214, X_LSTAT, "lstat64"), S(4215, X_FSTAT, "fstat64"),
	S(4218, X_MADVISE, "madvise"), S(4220, X_FCNTL, "fcntl64"), S(4222, X_GETTID, "gettid"), S(4236, X_TKILL, "tkill"),
	S(4238, X_FUTEX, "futex"), S(4239, X_SCHED_SETAFFINITY, "sched_setaffinity"),
	S(4240, X_SCHED_GETAFFINITY, "sched_getaffinity"), S(4246, X_EXIT_GROUP, "exit_group"),
	S(4252, X_SET_TID_ADDRESS, "set_tid_address"), T(4263, VS_SYS_CLOCK_GETTIME, "clock_gettime"),
	T(4264, VS_SYS_CLOCK_GETRES, "clock_getres"), S(4265, X_CLOCK_NANOSLEEP, "clock_nanosleep"),
	S(4266, X_TGKILL, "tgkill"), S(4283, X_MIPS_SET_TLS, "set_thread_area"), S(4288, X_OPENAT, "openat"),
	S(4293, X_FSTATAT, "fstatat64"), S(4298, X_READLINKAT, "readlinkat"), S(4300, X_FACCESSAT, "faccessat"),
	S(4303, X_UNSHARE, "unshare"), S(4309, X_SET_ROBUST_LIST, "set_robust_list"), T(4312, VS_SYS_GETCPU, "getcpu"),
	S(4338, X_PRLIMIT, "prlimit64"), T(4353, VS_SYS_GETRANDOM, "getrandom"), S(4366, X_STATX, "statx"),
	S(4367, X_RSEQ, "rseq"), T(4403, VS_SYS_CLOCK_GETTIME64, "clock_gettime64"),
	T(4406, VS_SYS_CLOCK_GETRES64, "clock_getres_time64"), S(4407, X_CLOCK_NANOSLEEP, "clock_nanosleep_time64"),
	S(4435, X_CLONE3, "clone3"), S(4439, X_FACCESSAT, "faccessat2"),
	/* files and waits the runtimes use */
	S(4227, X_GETXATTR, "getxattr"), S(4228, X_GETXATTR, "lgetxattr"), S(4229, X_GETXATTR, "fgetxattr"),
	S(4230, X_LISTXATTR, "listxattr"), S(4231, X_LISTXATTR, "llistxattr"), S(4232, X_LISTXATTR, "flistxattr"),
	S(4183, X_SOCKET, "socket"),
	S(4012, X_CHDIR, "chdir"), S(4133, X_FCHDIR, "fchdir"), S(4140, X_LLSEEK, "_llseek"), S(4145, X_READV, "readv"),
	S(4200, X_PREAD64, "pread64"), S(4219, X_GETDENTS64, "getdents64"),
	S(4041, X_DUP, "dup"), S(4063, X_DUP, "dup2"), S(4188, X_POLL, "poll"), S(4249, X_EPOLL_CTL, "epoll_ctl"),
	S(4250, X_EPOLL_WAIT, "epoll_wait"), S(4302, X_PPOLL, "ppoll"), S(4313, X_EPOLL_PWAIT, "epoll_pwait"),
	S(4325, X_EVENTFD2, "eventfd2"), S(4326, X_EPOLL_CREATE, "epoll_create1"), S(4327, X_DUP, "dup3"),
	S(4328, X_PIPE2, "pipe2"), S(4358, X_MEMBARRIER, "membarrier"), S(4414, X_PPOLL, "ppoll_time64"),
	S(4422, X_FUTEX, "futex_time64"), S(4441, X_EPOLL_PWAIT2, "epoll_pwait2"),
	/* signals and timers */
	S(4119, X_SIGRETURN, "sigreturn"), S(4193, X_RT_SIGRETURN, "rt_sigreturn"), S(4029, X_PAUSE, "pause"),
	S(4027, X_ALARM, "alarm"), S(4104, X_SETITIMER, "setitimer"), S(4105, X_GETITIMER, "getitimer"),
	S(4196, X_RT_SIGPENDING, "rt_sigpending"), S(4197, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait"),
	S(4199, X_RT_SIGSUSPEND, "rt_sigsuspend"), S(4257, X_TIMER_CREATE, "timer_create"),
	S(4258, X_TIMER_SETTIME, "timer_settime"), S(4259, X_TIMER_GETTIME, "timer_gettime"),
	S(4260, X_TIMER_GETOVERRUN, "timer_getoverrun"), S(4261, X_TIMER_DELETE, "timer_delete"),
	S(4408, X_TIMER_GETTIME, "timer_gettime64"), S(4409, X_TIMER_SETTIME, "timer_settime64"),
	S(4421, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait_time64"),
};

/* arch/mips/kernel/syscalls/syscall_n64.tbl, from 5000 */
static const struct xsys sys_mips_n64[] = {
	S(5000, X_READ, "read"), S(5001, X_WRITE, "write"), S(5002, X_OPEN, "open"), S(5003, X_CLOSE, "close"),
	S(5004, X_STAT, "stat"), S(5005, X_FSTAT, "fstat"), S(5006, X_LSTAT, "lstat"), S(5008, X_LSEEK, "lseek"),
	S(5009, X_MMAP, "mmap"), S(5010, X_MPROTECT, "mprotect"), S(5011, X_MUNMAP, "munmap"), S(5012, X_BRK, "brk"),
	S(5013, X_RT_SIGACTION, "rt_sigaction"), S(5014, X_RT_SIGPROCMASK, "rt_sigprocmask"), S(5015, X_IOCTL, "ioctl"),
	S(5019, X_WRITEV, "writev"), S(5020, X_ACCESS, "access"), S(5023, X_SCHED_YIELD, "sched_yield"),
	S(5024, X_MREMAP, "mremap"), S(5027, X_MADVISE, "madvise"), S(5034, X_NANOSLEEP, "nanosleep"),
	S(5038, X_GETPID, "getpid"), S(5055, X_CLONE, "clone"), S(5056, X_CLONE, "fork"), S(5057, X_EXECVE, "execve"),
	S(5058, X_EXIT, "exit"), S(5059, X_WAIT, "wait4"), S(5060, X_KILL, "kill"), S(5061, X_UNAME, "uname"),
	S(5070, X_FCNTL, "fcntl"), S(5077, X_GETCWD, "getcwd"), S(5087, X_READLINK, "readlink"),
	T(5094, VS_SYS_GETTIMEOFDAY, "gettimeofday"), S(5095, X_GETRLIMIT, "getrlimit"), S(5096, X_GETRUSAGE, "getrusage"),
	S(5097, X_SYSINFO, "sysinfo"), S(5099, X_PTRACE, "ptrace"), S(5100, X_GETUID, "getuid"), S(5102, X_GETUID, "getgid"),
	S(5105, X_GETUID, "geteuid"), S(5106, X_GETUID, "getegid"), S(5108, X_GETPPID, "getppid"),
	S(5129, X_SIGALTSTACK, "sigaltstack"), S(5153, X_PRCTL, "prctl"), S(5178, X_GETTID, "gettid"),
	S(5192, X_TKILL, "tkill"), S(5194, X_FUTEX, "futex"), S(5195, X_SCHED_SETAFFINITY, "sched_setaffinity"),
	S(5196, X_SCHED_GETAFFINITY, "sched_getaffinity"), S(5197, X_FLUSH_ICACHE, "cacheflush"),
	S(5205, X_EXIT_GROUP, "exit_group"), S(5212, X_SET_TID_ADDRESS, "set_tid_address"),
	T(5222, VS_SYS_CLOCK_GETTIME, "clock_gettime"), T(5223, VS_SYS_CLOCK_GETRES, "clock_getres"),
	S(5224, X_CLOCK_NANOSLEEP, "clock_nanosleep"), S(5225, X_TGKILL, "tgkill"),
	S(5242, X_MIPS_SET_TLS, "set_thread_area"), S(5247, X_OPENAT, "openat"), S(5252, X_FSTATAT, "newfstatat"),
	S(5257, X_READLINKAT, "readlinkat"), S(5259, X_FACCESSAT, "faccessat"), S(5262, X_UNSHARE, "unshare"),
	S(5268, X_SET_ROBUST_LIST, "set_robust_list"), T(5271, VS_SYS_GETCPU, "getcpu"), S(5297, X_PRLIMIT, "prlimit64"),
	T(5313, VS_SYS_GETRANDOM, "getrandom"), S(5326, X_STATX, "statx"), S(5327, X_RSEQ, "rseq"),
	S(5435, X_CLONE3, "clone3"), S(5439, X_FACCESSAT, "faccessat2"),
	/* files and waits the runtimes use */
	S(5183, X_GETXATTR, "getxattr"), S(5184, X_GETXATTR, "lgetxattr"), S(5185, X_GETXATTR, "fgetxattr"),
	S(5186, X_LISTXATTR, "listxattr"), S(5187, X_LISTXATTR, "llistxattr"), S(5188, X_LISTXATTR, "flistxattr"),
	S(5040, X_SOCKET, "socket"),
	S(5016, X_PREAD64, "pread64"), S(5018, X_READV, "readv"), S(5078, X_CHDIR, "chdir"), S(5079, X_FCHDIR, "fchdir"),
	S(5308, X_GETDENTS64, "getdents64"),
	S(5007, X_POLL, "poll"), S(5031, X_DUP, "dup"), S(5208, X_EPOLL_CTL, "epoll_ctl"),
	S(5209, X_EPOLL_WAIT, "epoll_wait"), S(5261, X_PPOLL, "ppoll"), S(5272, X_EPOLL_PWAIT, "epoll_pwait"),
	S(5284, X_EVENTFD2, "eventfd2"), S(5285, X_EPOLL_CREATE, "epoll_create1"), S(5286, X_DUP, "dup3"),
	S(5287, X_PIPE2, "pipe2"), S(5318, X_MEMBARRIER, "membarrier"), S(5441, X_EPOLL_PWAIT2, "epoll_pwait2"),
	/* signals and timers */
	S(5211, X_RT_SIGRETURN, "rt_sigreturn"), S(5033, X_PAUSE, "pause"), S(5037, X_ALARM, "alarm"),
	S(5036, X_SETITIMER, "setitimer"), S(5035, X_GETITIMER, "getitimer"),
	S(5125, X_RT_SIGPENDING, "rt_sigpending"), S(5126, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait"),
	S(5128, X_RT_SIGSUSPEND, "rt_sigsuspend"), S(5216, X_TIMER_CREATE, "timer_create"),
	S(5217, X_TIMER_SETTIME, "timer_settime"), S(5218, X_TIMER_GETTIME, "timer_gettime"),
	S(5219, X_TIMER_GETOVERRUN, "timer_getoverrun"), S(5220, X_TIMER_DELETE, "timer_delete"),
};

/* arch/s390/kernel/syscalls/syscall.tbl, the 64-bit column */
static const struct xsys sys_s390x[] = {
	S(1, X_EXIT, "exit"), S(2, X_CLONE, "fork"), S(3, X_READ, "read"), S(4, X_WRITE, "write"), S(5, X_OPEN, "open"),
	S(6, X_CLOSE, "close"), S(11, X_EXECVE, "execve"), S(19, X_LSEEK, "lseek"), S(20, X_GETPID, "getpid"),
	S(26, X_PTRACE, "ptrace"), S(33, X_ACCESS, "access"), S(37, X_KILL, "kill"), S(45, X_BRK, "brk"),
	S(54, X_IOCTL, "ioctl"), S(55, X_FCNTL, "fcntl"), S(64, X_GETPPID, "getppid"), S(77, X_GETRUSAGE, "getrusage"),
	T(78, VS_SYS_GETTIMEOFDAY, "gettimeofday"), S(85, X_READLINK, "readlink"), S(90, X_OLD_MMAP, "mmap"),
	S(91, X_MUNMAP, "munmap"), S(106, X_STAT, "stat"), S(107, X_LSTAT, "lstat"), S(108, X_FSTAT, "fstat"),
	S(114, X_WAIT, "wait4"), S(116, X_SYSINFO, "sysinfo"), S(120, X_CLONE, "clone"), S(122, X_UNAME, "uname"),
	S(125, X_MPROTECT, "mprotect"), S(146, X_WRITEV, "writev"), S(158, X_SCHED_YIELD, "sched_yield"),
	S(162, X_NANOSLEEP, "nanosleep"), S(163, X_MREMAP, "mremap"), S(172, X_PRCTL, "prctl"),
	S(174, X_RT_SIGACTION, "rt_sigaction"), S(175, X_RT_SIGPROCMASK, "rt_sigprocmask"), S(183, X_GETCWD, "getcwd"),
	S(186, X_SIGALTSTACK, "sigaltstack"), S(190, X_CLONE, "vfork"), S(191, X_GETRLIMIT, "getrlimit"),
	S(199, X_GETUID, "getuid"), S(200, X_GETUID, "getgid"), S(201, X_GETUID, "geteuid"), S(202, X_GETUID, "getegid"),
	S(219, X_MADVISE, "madvise"), S(236, X_GETTID, "gettid"), S(237, X_TKILL, "tkill"), S(238, X_FUTEX, "futex"),
	S(239, X_SCHED_SETAFFINITY, "sched_setaffinity"), S(240, X_SCHED_GETAFFINITY, "sched_getaffinity"),
	S(241, X_TGKILL, "tgkill"), S(248, X_EXIT_GROUP, "exit_group"), S(252, X_SET_TID_ADDRESS, "set_tid_address"),
	T(260, VS_SYS_CLOCK_GETTIME, "clock_gettime"), T(261, VS_SYS_CLOCK_GETRES, "clock_getres"),
	S(262, X_CLOCK_NANOSLEEP, "clock_nanosleep"), S(288, X_OPENAT, "openat"), S(293, X_FSTATAT, "newfstatat"),
	S(298, X_READLINKAT, "readlinkat"), S(300, X_FACCESSAT, "faccessat"), S(303, X_UNSHARE, "unshare"),
	S(304, X_SET_ROBUST_LIST, "set_robust_list"), T(311, VS_SYS_GETCPU, "getcpu"), S(334, X_PRLIMIT, "prlimit64"),
	T(349, VS_SYS_GETRANDOM, "getrandom"), S(379, X_STATX, "statx"), S(383, X_RSEQ, "rseq"),
	S(435, X_CLONE3, "clone3"), S(439, X_FACCESSAT, "faccessat2"),
	/* files and waits the runtimes use */
	S(227, X_GETXATTR, "getxattr"), S(228, X_GETXATTR, "lgetxattr"), S(229, X_GETXATTR, "fgetxattr"),
	S(230, X_LISTXATTR, "listxattr"), S(231, X_LISTXATTR, "llistxattr"), S(232, X_LISTXATTR, "flistxattr"),
	S(359, X_SOCKET, "socket"),
	S(12, X_CHDIR, "chdir"), S(133, X_FCHDIR, "fchdir"), S(145, X_READV, "readv"), S(180, X_PREAD64, "pread64"),
	S(220, X_GETDENTS64, "getdents64"),
	S(41, X_DUP, "dup"), S(42, X_PIPE, "pipe"), S(63, X_DUP, "dup2"), S(168, X_POLL, "poll"),
	S(249, X_EPOLL_CREATE, "epoll_create"), S(250, X_EPOLL_CTL, "epoll_ctl"), S(251, X_EPOLL_WAIT, "epoll_wait"),
	S(302, X_PPOLL, "ppoll"), S(312, X_EPOLL_PWAIT, "epoll_pwait"), S(323, X_EVENTFD2, "eventfd2"),
	S(325, X_PIPE2, "pipe2"), S(326, X_DUP, "dup3"), S(327, X_EPOLL_CREATE, "epoll_create1"),
	S(356, X_MEMBARRIER, "membarrier"), S(441, X_EPOLL_PWAIT2, "epoll_pwait2"),
	/* signals and timers */
	S(119, X_SIGRETURN, "sigreturn"), S(173, X_RT_SIGRETURN, "rt_sigreturn"), S(29, X_PAUSE, "pause"),
	S(27, X_ALARM, "alarm"), S(104, X_SETITIMER, "setitimer"), S(105, X_GETITIMER, "getitimer"),
	S(176, X_RT_SIGPENDING, "rt_sigpending"), S(177, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait"),
	S(179, X_RT_SIGSUSPEND, "rt_sigsuspend"), S(254, X_TIMER_CREATE, "timer_create"),
	S(255, X_TIMER_SETTIME, "timer_settime"), S(256, X_TIMER_GETTIME, "timer_gettime"),
	S(257, X_TIMER_GETOVERRUN, "timer_getoverrun"), S(258, X_TIMER_DELETE, "timer_delete"),
};

/* arch/powerpc/kernel/syscalls/syscall.tbl, the 64-bit entries */
static const struct xsys sys_ppc64[] = {
	S(1, X_EXIT, "exit"), S(2, X_CLONE, "fork"), S(3, X_READ, "read"), S(4, X_WRITE, "write"), S(5, X_OPEN, "open"),
	S(6, X_CLOSE, "close"), S(11, X_EXECVE, "execve"), S(12, X_CHDIR, "chdir"), T(13, VS_SYS_TIME, "time"),
	S(19, X_LSEEK, "lseek"), S(20, X_GETPID, "getpid"), S(24, X_GETUID, "getuid"), S(26, X_PTRACE, "ptrace"),
	S(27, X_ALARM, "alarm"), S(29, X_PAUSE, "pause"), S(33, X_ACCESS, "access"), S(37, X_KILL, "kill"),
	S(41, X_DUP, "dup"), S(42, X_PIPE, "pipe"), S(45, X_BRK, "brk"), S(47, X_GETUID, "getgid"),
	S(49, X_GETUID, "geteuid"), S(50, X_GETUID, "getegid"), S(54, X_IOCTL, "ioctl"), S(55, X_FCNTL, "fcntl"),
	S(63, X_DUP, "dup2"), S(64, X_GETPPID, "getppid"), S(76, X_GETRLIMIT, "getrlimit"),
	S(77, X_GETRUSAGE, "getrusage"), T(78, VS_SYS_GETTIMEOFDAY, "gettimeofday"), S(85, X_READLINK, "readlink"),
	S(90, X_MMAP, "mmap"), S(91, X_MUNMAP, "munmap"), S(104, X_SETITIMER, "setitimer"),
	S(105, X_GETITIMER, "getitimer"), S(106, X_STAT, "stat"), S(107, X_LSTAT, "lstat"), S(108, X_FSTAT, "fstat"),
	S(114, X_WAIT, "wait4"), S(116, X_SYSINFO, "sysinfo"), S(120, X_CLONE, "clone"), S(122, X_UNAME, "uname"),
	S(125, X_MPROTECT, "mprotect"), S(133, X_FCHDIR, "fchdir"), S(145, X_READV, "readv"), S(146, X_WRITEV, "writev"),
	S(158, X_SCHED_YIELD, "sched_yield"), S(162, X_NANOSLEEP, "nanosleep"), S(163, X_MREMAP, "mremap"),
	S(167, X_POLL, "poll"), S(171, X_PRCTL, "prctl"), S(172, X_RT_SIGRETURN, "rt_sigreturn"),
	S(173, X_RT_SIGACTION, "rt_sigaction"), S(174, X_RT_SIGPROCMASK, "rt_sigprocmask"),
	S(175, X_RT_SIGPENDING, "rt_sigpending"), S(176, X_RT_SIGTIMEDWAIT, "rt_sigtimedwait"),
	S(178, X_RT_SIGSUSPEND, "rt_sigsuspend"), S(179, X_PREAD64, "pread64"), S(182, X_GETCWD, "getcwd"),
	S(185, X_SIGALTSTACK, "sigaltstack"), S(189, X_CLONE, "vfork"), S(190, X_GETRLIMIT, "ugetrlimit"),
	S(202, X_GETDENTS64, "getdents64"), S(205, X_MADVISE, "madvise"), S(207, X_GETTID, "gettid"),
	S(208, X_TKILL, "tkill"), S(212, X_GETXATTR, "getxattr"), S(213, X_GETXATTR, "lgetxattr"),
	S(214, X_GETXATTR, "fgetxattr"), S(215, X_LISTXATTR, "listxattr"), S(216, X_LISTXATTR, "llistxattr"),
	S(217, X_LISTXATTR, "flistxattr"), S(221, X_FUTEX, "futex"), S(222, X_SCHED_SETAFFINITY, "sched_setaffinity"),
	S(223, X_SCHED_GETAFFINITY, "sched_getaffinity"), S(232, X_SET_TID_ADDRESS, "set_tid_address"),
	S(234, X_EXIT_GROUP, "exit_group"), S(236, X_EPOLL_CREATE, "epoll_create"), S(237, X_EPOLL_CTL, "epoll_ctl"),
	S(238, X_EPOLL_WAIT, "epoll_wait"), S(240, X_TIMER_CREATE, "timer_create"),
	S(241, X_TIMER_SETTIME, "timer_settime"), S(242, X_TIMER_GETTIME, "timer_gettime"),
	S(243, X_TIMER_GETOVERRUN, "timer_getoverrun"), S(244, X_TIMER_DELETE, "timer_delete"),
	T(246, VS_SYS_CLOCK_GETTIME, "clock_gettime"), T(247, VS_SYS_CLOCK_GETRES, "clock_getres"),
	S(248, X_CLOCK_NANOSLEEP, "clock_nanosleep"), S(250, X_TGKILL, "tgkill"), S(281, X_PPOLL, "ppoll"),
	S(282, X_UNSHARE, "unshare"), S(286, X_OPENAT, "openat"), S(291, X_FSTATAT, "newfstatat"),
	S(296, X_READLINKAT, "readlinkat"), S(298, X_FACCESSAT, "faccessat"), S(300, X_SET_ROBUST_LIST, "set_robust_list"),
	T(302, VS_SYS_GETCPU, "getcpu"), S(303, X_EPOLL_PWAIT, "epoll_pwait"), S(314, X_EVENTFD2, "eventfd2"),
	S(315, X_EPOLL_CREATE, "epoll_create1"), S(316, X_DUP, "dup3"), S(317, X_PIPE2, "pipe2"),
	S(325, X_PRLIMIT, "prlimit64"), S(326, X_SOCKET, "socket"), T(359, VS_SYS_GETRANDOM, "getrandom"),
	S(365, X_MEMBARRIER, "membarrier"), S(383, X_STATX, "statx"), S(387, X_RSEQ, "rseq"), S(435, X_CLONE3, "clone3"),
	S(439, X_FACCESSAT, "faccessat2"), S(441, X_EPOLL_PWAIT2, "epoll_pwait2"),
};

/* include/uapi/asm-generic/fcntl.h and arch/arm's, arch/mips' */
const struct vs_flag vs_o_flags_generic[] = {
	{ 01, "O_WRONLY" }, { 02, "O_RDWR" }, { 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
	{ 01000, "O_TRUNC" }, { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" }, { 010000, "O_DSYNC" },
	{ 020000, "O_ASYNC" }, { 040000, "O_DIRECT" }, { 0100000, "O_LARGEFILE" }, { 0200000, "O_DIRECTORY" },
	{ 0400000, "O_NOFOLLOW" }, { 01000000, "O_NOATIME" }, { 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" },
	{ 020000000, "O_TMPFILE" }, { 0, NULL } };
static const struct vs_flag o_flags_arm[] = {
	{ 01, "O_WRONLY" }, { 02, "O_RDWR" }, { 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
	{ 01000, "O_TRUNC" }, { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" }, { 010000, "O_DSYNC" },
	{ 020000, "O_ASYNC" }, { 040000, "O_DIRECTORY" }, { 0100000, "O_NOFOLLOW" }, { 0200000, "O_DIRECT" },
	{ 0400000, "O_LARGEFILE" }, { 01000000, "O_NOATIME" }, { 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" },
	{ 020000000, "O_TMPFILE" }, { 0, NULL } };
static const struct vs_flag o_flags_mips[] = {
	{ 0x1, "O_WRONLY" }, { 0x2, "O_RDWR" }, { 0x8, "O_APPEND" }, { 0x10, "O_DSYNC" }, { 0x80, "O_NONBLOCK" },
	{ 0x100, "O_CREAT" }, { 0x200, "O_TRUNC" }, { 0x400, "O_EXCL" }, { 0x800, "O_NOCTTY" }, { 0x1000, "O_ASYNC" },
	{ 0x2000, "O_LARGEFILE" }, { 0x8000, "O_DIRECT" }, { 0x10000, "O_DIRECTORY" }, { 0x20000, "O_NOFOLLOW" },
	{ 0x40000, "O_NOATIME" }, { 0x80000, "O_CLOEXEC" }, { 0x200000, "O_PATH" }, { 0, NULL } };
static const struct vs_flag o_flags_ppc[] = {
	{ 01, "O_WRONLY" }, { 02, "O_RDWR" }, { 0100, "O_CREAT" }, { 0200, "O_EXCL" }, { 0400, "O_NOCTTY" },
	{ 01000, "O_TRUNC" }, { 02000, "O_APPEND" }, { 04000, "O_NONBLOCK" }, { 010000, "O_DSYNC" },
	{ 020000, "O_ASYNC" }, { 040000, "O_DIRECTORY" }, { 0100000, "O_NOFOLLOW" }, { 0200000, "O_LARGEFILE" },
	{ 0400000, "O_DIRECT" }, { 01000000, "O_NOATIME" }, { 02000000, "O_CLOEXEC" }, { 010000000, "O_PATH" },
	{ 020000000, "O_TMPFILE" }, { 0, NULL } };
/* include/uapi/asm-generic/mman*.h, arch/x86's MAP_32BIT, arch/mips' own numbers */
const struct vs_flag vs_map_flags_generic[] = {
	{ 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" }, { 0x40, "MAP_32BIT" }, { 0x100, "MAP_GROWSDOWN" },
	{ 0x800, "MAP_DENYWRITE" }, { 0x1000, "MAP_EXECUTABLE" }, { 0x2000, "MAP_LOCKED" }, { 0x4000, "MAP_NORESERVE" },
	{ 0x8000, "MAP_POPULATE" }, { 0x10000, "MAP_NONBLOCK" }, { 0x20000, "MAP_STACK" }, { 0x40000, "MAP_HUGETLB" },
	{ 0x80000, "MAP_SYNC" }, { 0x100000, "MAP_FIXED_NOREPLACE" }, { 0, NULL } };
static const struct vs_flag map_flags_mips[] = {
	{ 0x10, "MAP_FIXED" }, { 0x400, "MAP_NORESERVE" }, { 0x800, "MAP_ANONYMOUS" }, { 0x1000, "MAP_GROWSDOWN" },
	{ 0x2000, "MAP_DENYWRITE" }, { 0x4000, "MAP_EXECUTABLE" }, { 0x8000, "MAP_LOCKED" }, { 0x10000, "MAP_POPULATE" },
	{ 0x20000, "MAP_NONBLOCK" }, { 0x40000, "MAP_STACK" }, { 0x80000, "MAP_HUGETLB" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" }, { 0, NULL } };
static const struct vs_flag map_flags_ppc[] = {
	{ 0x10, "MAP_FIXED" }, { 0x20, "MAP_ANONYMOUS" }, { 0x40, "MAP_NORESERVE" }, { 0x80, "MAP_LOCKED" },
	{ 0x100, "MAP_GROWSDOWN" }, { 0x800, "MAP_DENYWRITE" }, { 0x1000, "MAP_EXECUTABLE" }, { 0x8000, "MAP_POPULATE" },
	{ 0x10000, "MAP_NONBLOCK" }, { 0x20000, "MAP_STACK" }, { 0x40000, "MAP_HUGETLB" }, { 0x80000, "MAP_SYNC" },
	{ 0x100000, "MAP_FIXED_NOREPLACE" }, { 0, NULL } };
/* arch/mips/include/uapi/asm/errno.h: the ones this surface returns */
static const uint16_t errnos_mips[][2] = { { 36, 78 }, { 38, 89 }, { 40, 90 }, { 75, 79 }, { 110, 145 }, { 0, 0 } };
/* arch/mips/include/uapi/asm/signal.h */
static const char *const signals_mips[32] = {
	NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGEMT", "SIGFPE", "SIGKILL", "SIGBUS",
	"SIGSEGV", "SIGSYS", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPWR", "SIGWINCH",
	"SIGURG", "SIGIO", "SIGSTOP", "SIGTSTP", "SIGCONT", "SIGTTIN", "SIGTTOU", "SIGVTALRM", "SIGPROF", "SIGXCPU",
	"SIGXFSZ" };

static void start_x86_64(uc_engine *uc, uint64_t sp, uint64_t entry)
{
	uint64_t zero = 0;
	(void)entry;
	uc_reg_write(uc, UC_X86_REG_RSP, &sp);
	uc_reg_write(uc, UC_X86_REG_RDX, &zero); /* no atexit function from a dynamic linker */
}

/* A flat GDT as an x86_64 kernel gives a 32-bit task: data 0x2b, and the TLS entries
 * 12-14 that set_thread_area fills. Loaded once, before the program runs: reloading GDTR under a
 * running program would reload every segment. */
static void gdt_entry(uc_engine *uc, int i, uint32_t base, uint32_t limit, uint8_t access, uint8_t flags)
{
	uint64_t d = (limit & 0xffffULL) | ((uint64_t)(base & 0xffffff) << 16) | ((uint64_t)access << 40) |
		     ((uint64_t)((limit >> 16) & 0xf) << 48) | ((uint64_t)(flags & 0xf) << 52) | ((uint64_t)(base >> 24) << 56);
	uint8_t b[8];
	for (int k = 0; k < 8; k++)
		b[k] = (uint8_t)(d >> (8 * k));
	uc_mem_write(uc, VS_EXEC_GDT + (uint64_t)i * 8, b, 8);
}

static void start_i386(uc_engine *uc, uint64_t sp, uint64_t entry)
{
	uint32_t s = (uint32_t)sp, zero = 0;
	(void)entry;
	uc_mem_map(uc, VS_EXEC_GDT, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
	gdt_entry(uc, 5, 0, 0xfffff, 0xf3, 0xc); /* present, DPL 3, data, 32-bit, 4K granular */
	gdt_entry(uc, 6, 0, 0xfffff, 0x93, 0xc); /* the same at DPL 0 for SS: Unicorn runs at CPL 0 */
	uc_x86_mmr gdtr = { 0, VS_EXEC_GDT, 16 * 8 - 1, 0 };
	uc_reg_write(uc, UC_X86_REG_GDTR, &gdtr);
	uint32_t ds = 0x2b, ss = 0x30;
	uc_reg_write(uc, UC_X86_REG_SS, &ss);
	uc_reg_write(uc, UC_X86_REG_DS, &ds);
	uc_reg_write(uc, UC_X86_REG_ES, &ds);
	uc_reg_write(uc, UC_X86_REG_ESP, &s);
	uc_reg_write(uc, UC_X86_REG_EDX, &zero);
}

static void start_arm64(uc_engine *uc, uint64_t sp, uint64_t entry)
{
	uint64_t zero = 0;
	(void)entry;
	uc_reg_write(uc, UC_ARM64_REG_SP, &sp);
	uc_reg_write(uc, UC_ARM64_REG_X0, &zero);
}

/* The kuser helpers of the vector page (Documentation/arch/arm/kernel_user_helpers.rst), as a
 * uniprocessor kernel has them: each runs as one block, so no thread switch lands inside. Go
 * before 1.21 takes every compare-and-swap through __kuser_cmpxchg. */
#define KUSER_PAGE 0xffff0000ULL
static const struct { uint16_t off; uint32_t insn[9]; } kuser[] = {
	{ 0xf60, { 0xe92d4070, 0xe8900030, 0xe8914040, 0xe8920003, 0xe0303004, 0x00313005, 0x08824040, 0xe2730000,
		   0xe8bd8070 } }, /* cmpxchg64: push {r4-r6,lr}; ldm r0,{r4,r5}; ldm r1,{r6,lr}; ldm r2,{r0,r1};
				    * eors r3,r0,r4; eorseq r3,r1,r5; stmeq r2,{r6,lr}; rsbs r0,r3,#0; pop {r4-r6,pc} */
	{ 0xfa0, { 0xe12fff1e } },                         /* memory_barrier: bx lr */
	{ 0xfc0, { 0xe5923000, 0xe0533000, 0x05821000, 0xe2730000, 0xe12fff1e } }, /* cmpxchg: ldr r3,[r2];
				    * subs r3,r3,r0; streq r1,[r2]; rsbs r0,r3,#0; bx lr */
	{ 0xfe0, { 0xee1d0f70, 0xe12fff1e } },             /* get_tls: mrc p15,0,r0,c13,c0,3; bx lr */
	{ 0xffc, { 5 } },                                  /* __kuser_helper_version */
	/* the sigpage's return codes (arch/arm/kernel/sigreturn_codes.S; svc 0: EABI), for a handler
	 * without SA_RESTORER (frame_arm.c): ARM sigreturn, Thumb sigreturn, ARM and Thumb rt_sigreturn */
	{ VS_ARM_SIGPAGE - KUSER_PAGE, { 0xe3a07077, 0xef000000, 0xdf002777, 0xe3a070ad, 0xef000000, 0xdf0027ad } },
};

static void start_arm(uc_engine *uc, uint64_t sp, uint64_t entry)
{
	uint32_t s = (uint32_t)sp, zero = 0;
	(void)entry;
	if (uc_mem_map(uc, KUSER_PAGE, 0x1000, UC_PROT_READ | UC_PROT_EXEC) == UC_ERR_OK)
		for (size_t i = 0; i < N(kuser); i++)
			for (size_t k = 0; k < 9 && kuser[i].insn[k]; k++) {
				uint8_t b[4] = { (uint8_t)kuser[i].insn[k], (uint8_t)(kuser[i].insn[k] >> 8),
						 (uint8_t)(kuser[i].insn[k] >> 16), (uint8_t)(kuser[i].insn[k] >> 24) };
				uc_mem_write(uc, KUSER_PAGE + kuser[i].off + 4 * k, b, 4);
			}
	uc_reg_write(uc, UC_ARM_REG_SP, &s);
	uc_reg_write(uc, UC_ARM_REG_R0, &zero);
	/* VFP and NEON on, as the kernel leaves them for a task: cp10/cp11 full access, FPEXC.EN */
	uint32_t cpacr = 0xf00000, fpexc = 1u << 30;
	uc_reg_write(uc, UC_ARM_REG_C1_C0_2, &cpacr);
	uc_reg_write(uc, UC_ARM_REG_FPEXC, &fpexc);
}

static void start_riscv64(uc_engine *uc, uint64_t sp, uint64_t entry)
{
	uint64_t zero = 0;
	(void)entry;
	uc_reg_write(uc, UC_RISCV_REG_SP, &sp);
	uc_reg_write(uc, UC_RISCV_REG_A0, &zero);
	/* the FPU on (mstatus.FS = initial), as the kernel sets it for a task with F and D */
	uint64_t mstatus = 0;
	uc_reg_read(uc, UC_RISCV_REG_MSTATUS, &mstatus);
	mstatus |= 1ULL << 13;
	uc_reg_write(uc, UC_RISCV_REG_MSTATUS, &mstatus);
}

/* MIPS: the FPU on (Status.CU1; FR for the 64-bit ABI's 64-bit FP registers), v0 (rtld_fini)
 * zero, t9 the entry as for any PIC function */
static void start_mips(uc_engine *uc, uint64_t sp, uint64_t entry, int fr)
{
	uint64_t zero = 0, status = 0;
	uc_reg_write(uc, UC_MIPS_REG_SP, &sp);
	uc_reg_write(uc, UC_MIPS_REG_V0, &zero);
	uc_reg_write(uc, UC_MIPS_REG_T9, &entry);
	uc_reg_read(uc, UC_MIPS_REG_CP0_STATUS, &status);
	status |= 1u << 29 | (fr ? 1u << 26 : 0);
	uc_reg_write(uc, UC_MIPS_REG_CP0_STATUS, &status);
}
static void start_mips_o32(uc_engine *uc, uint64_t sp, uint64_t entry) { start_mips(uc, sp, entry, 0); }
static void start_mips_n64(uc_engine *uc, uint64_t sp, uint64_t entry) { start_mips(uc, sp, entry, 1); }

/* MIPS returns an error as a positive errno in v0 with a3 = 1, success with a3 = 0; Unicorn 2.0.1
 * reports `syscall` with the pc on it (2.1 past it) */
static void sysret_mips(uc_engine *uc, uint64_t pc, int64_t ret)
{
	uint32_t insn = 0;
	uint64_t err = ret < 0 && ret > -4096, v = (uint64_t)(err ? -ret : ret);
	uc_reg_write(uc, UC_MIPS_REG_V0, &v);
	uc_reg_write(uc, UC_MIPS_REG_A3, &err);
	if (uc_mem_read(uc, pc, &insn, 4) == UC_ERR_OK && (insn & 0xfc00003f) == 0x0000000c) {
		pc += 4;
		uc_reg_write(uc, UC_MIPS_REG_PC, &pc);
	}
}

/* s390x: r15 the stack pointer, r14 (rtld_fini) zero; 64-bit addressing and CR0 come from the
 * vDSO backend's setup, which the attachment ran */
static void start_s390x(uc_engine *uc, uint64_t sp, uint64_t entry)
{
	uint64_t zero = 0;
	(void)entry;
	uc_reg_write(uc, UC_S390X_REG_R15, &sp);
	uc_reg_write(uc, UC_S390X_REG_R14, &zero);
}

/* `svc N` carries its number; `svc 0` takes it from r1. Unicorn leaves the pc on the svc. */
static uint64_t sysnr_s390x(uc_engine *uc, uint64_t pc)
{
	uint8_t b[2] = { 0 };
	uint64_t r1 = 0;
	uc_mem_read(uc, pc, b, 2);
	uc_reg_read(uc, UC_S390X_REG_R1, &r1);
	return b[0] == 0x0a && b[1] ? b[1] : r1;
}

static const uint8_t park_s390x[] = { 0xa7, 0xf4, 0x00, 0x00 }; /* j . */

static void sysret_s390x(uc_engine *uc, uint64_t pc, int64_t ret)
{
	uint8_t b[2] = { 0 };
	uint64_t v = (uint64_t)ret;
	uc_reg_write(uc, UC_S390X_REG_R2, &v);
	if (uc_mem_read(uc, pc, b, 2) == UC_ERR_OK && b[0] == 0x0a) {
		pc += 2;
		uc_reg_write(uc, UC_S390X_REG_PC, &pc);
	}
}

/* ppc64 ELFv2: r1 the stack pointer, r12 the entry (the TOC is computed from it), r2 and r3-r7 zero
 * (r7: no atexit function from a dynamic linker); the MSR comes from the vDSO backend's setup */
static void start_ppc64(uc_engine *uc, uint64_t sp, uint64_t entry)
{
	uint64_t zero = 0;
	uc_reg_write(uc, UC_PPC_REG_1, &sp);
	uc_reg_write(uc, UC_PPC_REG_12, &entry);
	uc_reg_write(uc, UC_PPC_REG_2, &zero);
	for (int r = UC_PPC_REG_3; r <= UC_PPC_REG_7; r++)
		uc_reg_write(uc, r, &zero);
}

/* Unicorn reports `sc` with the pc past it */
static void sysret_ppc64(uc_engine *uc, uint64_t pc, int64_t ret)
{
	(void)pc;
	vs_ppc64_sc_result(uc, ret);
}

/* hwcap: what the kernel would report for the CPU Unicorn emulates */
#define X86_HWCAP 0x178bfbffULL /* CPUID.1:EDX of a plain x86-64 */
#define ARM64_HWCAP 0xfbULL      /* FP ASIMD AES PMULL SHA1 SHA2 CRC32 */
#define ARM_HWCAP 0xf70d6ULL     /* HALF THUMB FAST_MULT VFP EDSP NEON VFPv3 TLS VFPv4 IDIVA IDIVT VFPD32 */
#define S390_HWCAP 0xb37ULL      /* ESAN3 ZARCH STFLE LDISP EIMM ETF3EH HIGH_GPRS VXRS */
/* POWER9 without HTM (TCG has none): PPC_FEATURE_32 64 ALTIVEC FPU MMU SMT ICACHE_SNOOP ARCH_2_06
 * DFP VSX PSERIES_PERFMON_COMPAT TRUE_LE; HWCAP2: ARCH_2_07 DSCR EBB ISEL TAR VEC_CRYPTO ARCH_3_00
 * IEEE128 DARN (no SCV: glibc then makes its syscalls with sc) */
#define PPC64_HWCAP 0xdc0065c2ULL
#define PPC64_HWCAP2 0xbee00000ULL
#define RISCV_HWCAP ((1ULL << 0) | (1ULL << 2) | (1ULL << 3) | (1ULL << 5) | (1ULL << 8) | (1ULL << 12)) /* IMAFDC */

#define X86_64_ARGS { UC_X86_REG_RDI, UC_X86_REG_RSI, UC_X86_REG_RDX, UC_X86_REG_R10, UC_X86_REG_R8, UC_X86_REG_R9 }
#define CLONE_BACKWARDS { [CL_FLAGS] = 0, [CL_STACK] = 1, [CL_PTID] = 2, [CL_TLS] = 3, [CL_CTID] = 4 }

static const struct vs_exec_abi abis[] = {
	{ .tls_reg = UC_X86_REG_FS_BASE, .stat = { 144, 24, 56, 8, 8, 8, 8, 0, 16, 8, 28, 48, 64 },
	  .frame = &vs_frame_x86_64,
  .machine = "x86_64", .arch = "x86_64", .word = 8, .klong = 8, .uc_arch = UC_ARCH_X86, .uc_mode = UC_MODE_64, .cs_arch = CS_ARCH_X86,
	  .cs_mode = CS_MODE_64, .len = XLEN_CAPSTONE, .stack_top = 0x7ffffffff000ULL, .mmap_base = 0x7f0000000000ULL,
	  .pie_base = 0x555555554000ULL, .vdso_base = 0x7fff00000000ULL, .pc_reg = UC_X86_REG_RIP,
	  .sp_reg = UC_X86_REG_RSP, .nr_reg = UC_X86_REG_RAX, .ret_reg = UC_X86_REG_RAX, .arg = X86_64_ARGS,
	  .sys = sys_x86_64, .n_sys = N(sys_x86_64), .hwcap = X86_HWCAP, .platform = "x86_64", .start = start_x86_64,
	  .clone_args = { 0, 1, 2, 3, 4 } },
	{ .tls_reg = UC_X86_REG_FS_BASE, .sigaction_size = 20,
	  .stat = { 144, 24, 56, 8, 8, 8, 8, 0, 16, 8, 28, 48, 64 },
	  .frame = &vs_frame_x32,
  .machine = "x86_64", .arch = "x32", .word = 4, .klong = 8, .uc_arch = UC_ARCH_X86, .uc_mode = UC_MODE_64, .cs_arch = CS_ARCH_X86,
	  .cs_mode = CS_MODE_64, .len = XLEN_CAPSTONE, .stack_top = 0xbf800000ULL, .mmap_base = 0x40000000ULL,
	  .pie_base = 0x56555000ULL, .vdso_base = 0xf7f00000ULL, .pc_reg = UC_X86_REG_RIP, .sp_reg = UC_X86_REG_RSP,
	  .nr_reg = UC_X86_REG_RAX, .ret_reg = UC_X86_REG_RAX, .arg = X86_64_ARGS, .nr_mask = 0x40000000u,
	  .sys = sys_x86_64, .n_sys = N(sys_x86_64), .hwcap = X86_HWCAP, .platform = "x86_64", .start = start_x86_64,
	  .clone_args = { 0, 1, 2, 3, 4 } },
	{ .sigaction_size = 20, .stat = { 96, 16, 52, 4, 8, 88, 8, 12, 20, 4, 24, 44, 56 }, .off64_arg = 3,
	  .frame = &vs_frame_i386,
  .machine = "i686", .arch = "i386", .word = 4, .klong = 4, .uc_arch = UC_ARCH_X86, .uc_mode = UC_MODE_32, .cs_arch = CS_ARCH_X86,
	  .cs_mode = CS_MODE_32, .len = XLEN_CAPSTONE, .stack_top = 0xbf800000ULL, .mmap_base = 0x40000000ULL,
	  .pie_base = 0x56555000ULL, .vdso_base = 0xf7f00000ULL, .pc_reg = UC_X86_REG_EIP, .sp_reg = UC_X86_REG_ESP,
	  .nr_reg = UC_X86_REG_EAX, .ret_reg = UC_X86_REG_EAX,
	  .arg = { UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_ESI, UC_X86_REG_EDI, UC_X86_REG_EBP },
	  .intno = 0x80, .args_on_stack = 1, .sys = sys_i386, .n_sys = N(sys_i386), .hwcap = X86_HWCAP,
	  .platform = "i686", .start = start_i386, .clone_args = CLONE_BACKWARDS },
	{ .tls_reg = UC_ARM64_REG_TPIDR_EL0, .stat = { 128, 16, 56, 4, 8, 8, 8, 0, 20, 4, 24, 48, 64 },
	  .frame = &vs_frame_arm64,
  .machine = "aarch64", .arch = "arm64", .word = 8, .klong = 8, .uc_arch = UC_ARCH_ARM64, .uc_mode = UC_MODE_ARM, .cs_arch = CS_ARCH_ARM64,
	  .cs_mode = CS_MODE_ARM, .len = XLEN_FIXED4, .stack_top = 0x7ffffffff000ULL, .mmap_base = 0x7f0000000000ULL,
	  .pie_base = 0x555555554000ULL, .vdso_base = 0x7fff00000000ULL, .pc_reg = UC_ARM64_REG_PC,
	  .sp_reg = UC_ARM64_REG_SP, .nr_reg = UC_ARM64_REG_X8, .ret_reg = UC_ARM64_REG_X0,
	  .arg = { UC_ARM64_REG_X0, UC_ARM64_REG_X1, UC_ARM64_REG_X2, UC_ARM64_REG_X3, UC_ARM64_REG_X4, UC_ARM64_REG_X5 },
	  .intno = 2, .sys = sys_generic, .n_sys = N(sys_generic), .hwcap = ARM64_HWCAP, .platform = "aarch64",
	  .start = start_arm64, .extra_aux = { 51, 5120 }, /* AT_MINSIGSTKSZ: the signal frame arm64 kernels announce */
	  .o_flags = o_flags_arm, .clone_args = CLONE_BACKWARDS },
	{ .tls_reg = UC_ARM_REG_C13_C0_3, .sigaction_size = 20,
	  .stat = { 104, 16, 56, 4, 8, 96, 8, 12, 20, 4, 24, 48, 64 }, .off64_arg = 4,
	  .frame = &vs_frame_arm,
  .machine = "armv7l", .arch = "arm", .word = 4, .klong = 4, .uc_arch = UC_ARCH_ARM, .uc_mode = UC_MODE_ARM, .cs_arch = CS_ARCH_ARM,
	  .cs_mode = CS_MODE_ARM, .len = XLEN_ARM, .stack_top = 0xbf800000ULL, .mmap_base = 0x40000000ULL,
	  .pie_base = 0x56555000ULL, .vdso_base = 0xf7f00000ULL, .pc_reg = UC_ARM_REG_PC, .sp_reg = UC_ARM_REG_SP,
	  .nr_reg = UC_ARM_REG_R7, .ret_reg = UC_ARM_REG_R0,
	  .arg = { UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4, UC_ARM_REG_R5 },
	  .intno = 2, .sys = sys_arm, .n_sys = N(sys_arm), .hwcap = ARM_HWCAP, .platform = "v7l", .start = start_arm,
	  .o_flags = o_flags_arm, .clone_args = CLONE_BACKWARDS },
	{ .tls_reg = UC_RISCV_REG_TP, .sigaction_size = 24,
	  .stat = { 128, 16, 56, 4, 8, 8, 8, 0, 20, 4, 24, 48, 64 },
	  .frame = &vs_frame_riscv64,
  .machine = "riscv64", .arch = "riscv64", .word = 8, .klong = 8, .uc_arch = UC_ARCH_RISCV, .uc_mode = UC_MODE_RISCV64,
	  .cs_arch = CS_ARCH_MAX, .len = XLEN_RISCV, .stack_top = 0x3ffffff000ULL, .mmap_base = 0x2000000000ULL,
	  .pie_base = 0x2aaaaaa000ULL, .vdso_base = 0x3fff000000ULL, .pc_reg = UC_RISCV_REG_PC, .sp_reg = UC_RISCV_REG_SP,
	  .nr_reg = UC_RISCV_REG_A7, .ret_reg = UC_RISCV_REG_A0,
	  .arg = { UC_RISCV_REG_A0, UC_RISCV_REG_A1, UC_RISCV_REG_A2, UC_RISCV_REG_A3, UC_RISCV_REG_A4, UC_RISCV_REG_A5 },
	  .intno = 8, .sys = sys_generic, .n_sys = N(sys_generic), .hwcap = RISCV_HWCAP, .start = start_riscv64,
	  /* AT_L1D_CACHESIZE, AT_L1D_CACHEGEOMETRY (ways << 16 | line), AT_L2_*: what glibc's sysconf
	   * reads for the cache line size, as a board's device tree gives the kernel */
	  .extra_aux = { 42, 32768, 43, (8 << 16) | 64, 44, 1 << 20, 45, (16 << 16) | 64 },
	  .clone_args = CLONE_BACKWARDS },
	{ .tls_reg = UC_MIPS_REG_CP0_USERLOCAL, .sigaction_size = 24, .sa_handler_off = 4,
	  .stat = { 104, 24, 88, 4, 4, 16, 8, 0, 28, 4, 32, 56, 96 }, .off64_arg = 4,
	  .frame = &vs_frame_mips_o32,
  .machine = "mips", .arch = "mips", .word = 4, .klong = 4, .uc_arch = UC_ARCH_MIPS, .uc_mode = UC_MODE_MIPS32 | UC_MODE_LITTLE_ENDIAN,
	  .cs_arch = CS_ARCH_MIPS, .cs_mode = CS_MODE_MIPS32, .len = XLEN_FIXED4, .stack_top = 0x7f000000ULL,
	  .mmap_base = 0x30000000ULL, .pie_base = 0x00400000ULL, .vdso_base = 0x7fe00000ULL, .pc_reg = UC_MIPS_REG_PC,
	  .sp_reg = UC_MIPS_REG_SP, .nr_reg = UC_MIPS_REG_V0, .ret_reg = UC_MIPS_REG_V0,
	  .arg = { UC_MIPS_REG_A0, UC_MIPS_REG_A1, UC_MIPS_REG_A2, UC_MIPS_REG_A3, 0, 0 },
	  .intno = 17 /* EXCP_SYSCALL */, .sys = sys_mips_o32, .n_sys = N(sys_mips_o32), .platform = "mips",
	  .start = start_mips_o32, .sysret = sysret_mips, .stack_args = 16, /* o32: arguments 5, 6 on the stack */
	  .addr_limit = 0x80000000ULL, .errnos = errnos_mips, .sig_how = 1, .nsig = 128, .signals = signals_mips, .o_flags = o_flags_mips,
	  .map_flags = map_flags_mips, .clone_args = CLONE_BACKWARDS },
	{ .tls_reg = UC_MIPS_REG_CP0_USERLOCAL, .sa_handler_off = 8,
	  .stat = { 104, 24, 88, 4, 4, 16, 8, 0, 28, 4, 32, 56, 96 },
	  .frame = &vs_frame_mips_n64,
  .machine = "mips64", .arch = "mips64", .word = 8, .klong = 8, .uc_arch = UC_ARCH_MIPS, .uc_mode = UC_MODE_MIPS64 | UC_MODE_LITTLE_ENDIAN,
	  .cs_arch = CS_ARCH_MIPS, .cs_mode = CS_MODE_MIPS64, .len = XLEN_FIXED4, .stack_top = 0x7f000000ULL,
	  .mmap_base = 0x30000000ULL, .pie_base = 0x00400000ULL, .vdso_base = 0x7fe00000ULL, .pc_reg = UC_MIPS_REG_PC,
	  .sp_reg = UC_MIPS_REG_SP, .nr_reg = UC_MIPS_REG_V0, .ret_reg = UC_MIPS_REG_V0,
	  .arg = { UC_MIPS_REG_A0, UC_MIPS_REG_A1, UC_MIPS_REG_A2, UC_MIPS_REG_A3, UC_MIPS_REG_T0, UC_MIPS_REG_T1 },
	  .intno = 17, .sys = sys_mips_n64, .n_sys = N(sys_mips_n64), .platform = "mips64", .start = start_mips_n64,
	  .sysret = sysret_mips, .addr_limit = 0x80000000ULL, .errnos = errnos_mips, .sig_how = 1, .nsig = 128, .signals = signals_mips,
	  .o_flags = o_flags_mips, .map_flags = map_flags_mips, .clone_args = CLONE_BACKWARDS },
	{ .tls_reg = UC_PPC_REG_13, .stat = { 144, 24, 56, 8, 8, 8, 8, 0, 16, 8, 28, 48, 64 },
	  .frame = &vs_frame_ppc64,
  .machine = "ppc64le", .arch = "ppc64le", .word = 8, .klong = 8, .uc_arch = UC_ARCH_PPC, .uc_mode = UC_MODE_PPC64 | UC_MODE_BIG_ENDIAN,
	  .cs_arch = CS_ARCH_PPC, .cs_mode = CS_MODE_64 | CS_MODE_LITTLE_ENDIAN, .len = XLEN_FIXED4,
	  .stack_top = 0x7ffffffff000ULL, .mmap_base = 0x7f0000000000ULL, .pie_base = 0x555555554000ULL,
	  .vdso_base = 0x7fff00000000ULL, .pc_reg = UC_PPC_REG_PC, .sp_reg = UC_PPC_REG_1, .nr_reg = UC_PPC_REG_0,
	  .ret_reg = UC_PPC_REG_3,
	  .arg = { UC_PPC_REG_3, UC_PPC_REG_4, UC_PPC_REG_5, UC_PPC_REG_6, UC_PPC_REG_7, UC_PPC_REG_8 },
	  .intno = 8 /* POWERPC_EXCP_SYSCALL */, .sys = sys_ppc64, .n_sys = N(sys_ppc64), .hwcap = PPC64_HWCAP,
	  .hwcap2 = PPC64_HWCAP2, .platform = "power9", .start = start_ppc64, .sysret = sysret_ppc64,
	  /* AT_DCACHEBSIZE, AT_ICACHEBSIZE, AT_UCACHEBSIZE: glibc's memset sizes dcbz by the first */
	  .extra_aux = { 19, 128, 20, 128, 21, 0 }, .o_flags = o_flags_ppc, .map_flags = map_flags_ppc,
	  .clone_args = CLONE_BACKWARDS },
	{ .tls_reg = UC_S390X_REG_A0, .tls_reg2 = UC_S390X_REG_A1,
	  .stat = { 144, 24, 104, 8, 8, 8, 8, 0, 16, 8, 28, 48, 112 },
	  .frame = &vs_frame_s390x,
  .machine = "s390x", .arch = "s390x", .word = 8, .klong = 8, .uc_arch = UC_ARCH_S390X, .uc_mode = UC_MODE_BIG_ENDIAN,
	  .cs_arch = CS_ARCH_SYSZ, .cs_mode = CS_MODE_BIG_ENDIAN, .len = XLEN_CAPSTONE, .stack_top = 0x3fffffff000ULL,
	  .mmap_base = 0x3ff00000000ULL, .pie_base = 0x2aa00000000ULL, .vdso_base = 0x3ffff000000ULL,
	  .pc_reg = UC_S390X_REG_PC, .sp_reg = UC_S390X_REG_R15, .nr_reg = UC_S390X_REG_R1, .ret_reg = UC_S390X_REG_R2,
	  .arg = { UC_S390X_REG_R2, UC_S390X_REG_R3, UC_S390X_REG_R4, UC_S390X_REG_R5, UC_S390X_REG_R6, UC_S390X_REG_R7 },
	  .intno = 2 /* EXCP_SVC */, .sys = sys_s390x, .n_sys = N(sys_s390x), .hwcap = S390_HWCAP, .platform = "z13",
	  .start = start_s390x, .sysret = sysret_s390x, .sysnr = sysnr_s390x, .big_endian = 1, .text_writable = 1,
	  .park = park_s390x, .park_len = sizeof park_s390x,
	  .clone_args = { [CL_STACK] = 0, [CL_FLAGS] = 1, [CL_PTID] = 2, [CL_CTID] = 3, [CL_TLS] = 4 } }, /* BACKWARDS2 */
};

const struct vs_exec_abi *vs_exec_abi_for(const char *prog, const char *image)
{
	/* an arm64 kernel's compat vdso32 serves armhf programs; x86_64 kernels' vdso32/vdsox32 are
	 * images of the i386 and x32 ABIs already */
	if (strcmp(prog, image))
		return NULL;
	for (size_t i = 0; i < N(abis); i++)
		if (!strcmp(abis[i].arch, prog))
			return &abis[i];
	return NULL;
}
