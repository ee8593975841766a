/* What `vdsosim exec --strace` is compared with real `strace -f` on: the clock through the vDSO
 * (CLOCK_MONOTONIC, N times), the time syscalls made directly, a sleep, a missing file, writes
 * that strace quotes and cuts; `abort` ends it with SIGABRT instead.
 * usage: strace_clock [N | abort] */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

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
	write(1, "hello \"world\"\t\1\n", 16);
	write(1, "a fairly long line that strace will cut at thirty-two characters\n", 65);
	if (argc > 1 && !strcmp(argv[1], "abort"))
		abort();
	printf("pid %d\n", getpid());
	return 0;
}
