/* A libc's own vDSO path: clock_gettime, gettimeofday, time and clock_getres called through the C
 * library, which finds the vDSO through AT_SYSINFO_EHDR and its own ELF walk (glibc's setup_vdso,
 * musl's __vdsosym). Exits 1 if a monotonic clock went backwards.
 * usage: libc_clock [N]   (N reads of CLOCK_MONOTONIC, default 8) */
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

static long long ns(struct timespec t) { return t.tv_sec * 1000000000LL + t.tv_nsec; }

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 8, bad = 0;
	struct timespec prev = { 0, 0 }, ts, res;
	for (int i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		if (ns(ts) < ns(prev)) {
			printf("CLOCK_MONOTONIC went backwards: %lld < %lld\n", ns(ts), ns(prev));
			bad = 1;
		}
		prev = ts;
	}
	printf("monotonic %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	clock_gettime(CLOCK_REALTIME, &ts);
	printf("realtime %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	clock_gettime(CLOCK_BOOTTIME, &ts);
	printf("boottime %lld.%09ld\n", (long long)ts.tv_sec, ts.tv_nsec);
	clock_getres(CLOCK_MONOTONIC, &res);
	printf("resolution %ld ns\n", res.tv_nsec);
	struct timeval tv;
	gettimeofday(&tv, NULL);
	printf("gettimeofday %lld.%06ld\n", (long long)tv.tv_sec, (long)tv.tv_usec);
	printf("time %lld\n", (long long)time(NULL));
	return bad;
}
