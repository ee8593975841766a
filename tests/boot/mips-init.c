/* Static /init for a QEMU MIPS boot (n64 or o32): finds [vvar] and [vdso], and N times brackets
 * one vDSO clock_gettime(CLOCK_MONOTONIC) with raw reads of the counter the data page names (R4K:
 * rdhwr $2; GIC: the GIC user page, the page of [vvar] before the data page), keeping only rounds
 * where the data page did not change across the call; prints the page (hex) and the triples.
 * As /init (pid 1) it then runs /init2 and /init3 if there are (other ABIs' builds) and reboots (QEMU runs
 * with -no-reboot: Boston has no power-off). */
#define _GNU_SOURCE
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "init.h"

static volatile uint32_t *gic; /* the GIC user page: the counter's low word, then its high word */

static uint64_t count(void)
{
	if (gic) {
		uint32_t hi, lo, hi2;
		do {
			hi = gic[1];
			lo = gic[0];
			hi2 = gic[1];
		} while (hi != hi2);
		return (uint64_t)hi << 32 | lo;
	}
	uint32_t v;
	asm volatile(".set push\n.set mips32r2\nrdhwr %0, $2\n.set pop" : "=r"(v));
	return v;
}

int main(void)
{
	int pid1 = getpid() == 1;
	if (pid1)
		mount("proc", "/proc", "proc", 0, 0);
	uintptr_t vdso = getauxval(AT_SYSINFO_EHDR);
	unsigned long lo, hi;
	mapping("[vvar]", &lo, &hi);
	int (*cg)(clockid_t, struct timespec *) = vdso_sym(vdso, "__vdso_clock_gettime");
#if _MIPS_SIM == _ABIN32
	const char *abi = "n32";
#else
	const char *abi = sizeof(void *) == 8 ? "n64" : "o32";
#endif
	printf("VDSO %s %lx VVAR %lx %lx fn %p page %ld\n", abi, (unsigned long)vdso, lo, hi, (void *)cg,
	       sysconf(_SC_PAGESIZE));
	static unsigned char a[65536], b[65536];
	size_t n = (size_t)sysconf(_SC_PAGESIZE); /* Loongson-3: 16K */
	unsigned long page = hi - n; /* the data page is the last of [vvar]; a GIC page, if any, before it */
	if (lo && ((volatile int32_t *)page)[1] == 2) /* clock_mode VDSO_CLOCKMODE_GIC */
		gic = (volatile uint32_t *)(page - n);
	for (int k = 0, got = 0; k < 2000 && got < 6 && cg && lo; k++) {
		struct timespec ts;
		memcpy(a, (void *)page, n);
		uint64_t t0 = count();
		cg(CLOCK_MONOTONIC, &ts);
		uint64_t t1 = count();
		memcpy(b, (void *)page, n);
		if (memcmp(a, b, n) || t1 < t0) /* a tick landed, or the count wrapped: try again */
			continue;
		printf("ROUND %s %d t0 %llu t1 %llu ts %lld.%09ld %s\n", abi, got, (unsigned long long)t0,
		       (unsigned long long)t1, (long long)ts.tv_sec, ts.tv_nsec, gic ? "gic" : "r4k");
		printf("PAGES %s %d ", abi, got);
		for (size_t i = 0; i < n; i++)
			printf("%02x", a[i]);
		printf("\n");
		got++;
	}
	fflush(stdout);
	if (pid1) {
		static const char *const more[] = { "/init2", "/init3" };
		for (int i = 0; i < 2; i++) {
			if (access(more[i], X_OK))
				continue;
			pid_t p = fork();
			if (p == 0) {
				execl(more[i], more[i], (char *)0);
				_exit(127);
			}
			waitpid(p, 0, 0);
		}
		reboot(RB_AUTOBOOT);
	}
	return 0;
}
