/* vdsosim-bench --exec: N calls of clock_gettime(CLOCK_MONOTONIC) through the C library's vDSO
 * path, and nothing else worth timing. usage: clock_loop N */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	struct timespec ts = { 0, 0 };
	long long sum = 0;
	for (long i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		sum += ts.tv_nsec & 1;
	}
	printf("%ld calls, %lld odd\n", n, sum);
	return 0;
}
