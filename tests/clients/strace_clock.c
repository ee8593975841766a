/* What `vdsosim exec --strace` is compared with real `strace -f` on: the clock through the vDSO
 * (CLOCK_MONOTONIC, N times), the time syscalls made directly, a sleep, a missing file, writes
 * that strace quotes and cuts; `abort` ends it with SIGABRT instead.
 * usage: strace_clock [N | abort] */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

/* linux/futex.h's (musl-gcc has no kernel headers) */
#define FUTEX_WAKE_PRIVATE 129
#define FUTEX_WAIT_BITSET_PRIVATE 137
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

int main(int argc, char **argv)
{
	int n = argc > 1 && strcmp(argv[1], "abort") ? atoi(argv[1]) : 3;
	struct timespec ts, res, rq = { 0, 5000000 };
	struct timeval tv;
	for (int i = 0; i < n; i++)
		clock_gettime(CLOCK_MONOTONIC, &ts);
	syscall(SYS_clock_gettime, CLOCK_REALTIME, &ts);
	syscall(SYS_clock_getres, CLOCK_MONOTONIC, &res);
#ifdef SYS_gettimeofday
	syscall(SYS_gettimeofday, &tv, NULL);
#else
	(void)tv;
#endif
	nanosleep(&rq, NULL);
	clock_nanosleep(CLOCK_MONOTONIC, 0, &rq, NULL);
	if (open("/nonexistent/file", O_RDONLY) >= 0)
		return 2;
	/* memory, a futex that finds nothing to wake or wait for, and a clone the kernel refuses
	 * (CLONE_THREAD without CLONE_SIGHAND: EINVAL), so that nothing here needs threads */
	char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m != MAP_FAILED) {
		mprotect(m, 4096, PROT_READ);
		munmap(m, 8192);
	}
	static int word, ptid, ctid;
	syscall(SYS_futex, &word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE | FUTEX_CLOCK_REALTIME, 1, NULL, NULL, FUTEX_BITSET_MATCH_ANY);
#if defined(__x86_64__)
	syscall(SYS_clone, CLONE_THREAD | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID, NULL, &ptid, &ctid, 0);
#else
	(void)ptid, (void)ctid;
#endif
	write(1, "hello \"world\"\t\1\n", 16);
	write(1, "a fairly long line that strace will cut at thirty-two characters\n", 65);
	if (argc > 1 && !strcmp(argv[1], "abort"))
		abort();
	printf("pid %d\n", getpid());
	return 0;
}
