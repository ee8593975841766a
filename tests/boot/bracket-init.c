/* Static /init for a QEMU boot (tests/boot/bracket-boot.sh): finds [vvar] and [vdso], and N times
 * brackets one vDSO clock_gettime(CLOCK_MONOTONIC) with raw counter reads (s390x: the TOD clock by
 * stcke; ppc64: the timebase by mftb), keeping only rounds where the time page did not change
 * across the call; prints its first 4 KiB (hex: all of its data, on 4K and 64K kernels alike)
 * and the triples. */
#define _GNU_SOURCE
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

#include "init.h"

static uint64_t counter(void)
{
	uint64_t v;
#if defined(__s390x__)
	unsigned char c[16] __attribute__((aligned(8)));
	asm volatile("stcke %0" : "=Q"(c) : : "cc");
	memcpy(&v, c + 1, 8); /* big-endian host: as stored */
#elif defined(__powerpc64__)
	asm volatile("mftb %0" : "=r"(v));
#else
#error "no raw counter read for this architecture"
#endif
	return v;
}

int main(void)
{
	mount("proc", "/proc", "proc", 0, 0);
	uintptr_t vdso = getauxval(AT_SYSINFO_EHDR);
	unsigned long lo, hi;
	mapping("[vvar]", &lo, &hi);
	int (*cg)(clockid_t, struct timespec *) = vdso_sym(vdso, "__kernel_clock_gettime");
	printf("VDSO %lx VVAR %lx %lx fn %p\n", (unsigned long)vdso, lo, hi, (void *)cg);
	static unsigned char a[4096], b[4096];
	size_t n = 4096; /* of the time page: the timens page faults outside a time namespace */
	for (int k = 0, got = 0; k < 2000 && got < 6 && cg && n && n <= sizeof a; k++) {
		struct timespec ts;
		memcpy(a, (void *)lo, n);
		uint64_t t0 = counter();
		cg(CLOCK_MONOTONIC, &ts);
		uint64_t t1 = counter();
		memcpy(b, (void *)lo, n);
		if (memcmp(a, b, n)) /* a tick landed: try again */
			continue;
		printf("ROUND %d t0 %llu t1 %llu ts %lld.%09ld\n", got, (unsigned long long)t0, (unsigned long long)t1,
		       (long long)ts.tv_sec, ts.tv_nsec);
		printf("PAGES %d ", got);
		for (size_t i = 0; i < n; i++) printf("%02x", a[i]);
		printf("\n");
		got++;
	}
	fflush(stdout);
	reboot(RB_POWER_OFF);
	return 0;
}
