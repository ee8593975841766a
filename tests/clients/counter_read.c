/* A program's own counter reads, outside the vDSO: x86 rdtsc and rdtscp (with its TSC_AUX),
 * arm64 mrs cntvct_el0. Prints the first two readings (and x86's aux); with `loop`, reads 100
 * times more and prints only "done", so its path does not depend on the values.
 * usage: counter_read [loop] */
#include <stdio.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
static unsigned long long read1(void) { return __rdtsc(); }
static unsigned long long read2(unsigned *aux) { return __rdtscp(aux); }
#elif defined(__aarch64__)
static unsigned long long read1(void)
{
	unsigned long long v;
	__asm__ volatile("mrs %0, cntvct_el0" : "=r"(v));
	return v;
}
static unsigned long long read2(unsigned *aux)
{
	unsigned long long v;
	*aux = 0;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}
#endif

int main(int argc, char **argv)
{
	unsigned aux = 0;
	if (argc > 1 && !strcmp(argv[1], "loop")) {
		volatile unsigned long long s = 0;
		for (int i = 0; i < 50; i++) {
			s += read1();
			s += read2(&aux);
		}
		printf("done\n");
		return 0;
	}
	unsigned long long a = read1(), b = read2(&aux);
	printf("%llu %llu %u\n", a, b, aux);
	return 0;
}
