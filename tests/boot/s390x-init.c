/* Static /init for a QEMU s390x boot: finds [vvar] and [vdso], and N times brackets one vDSO
 * clock_gettime(CLOCK_MONOTONIC) with raw TOD reads (stcke), keeping only rounds where the data
 * pages did not change across the call; prints the pages (hex) and the triples. */
#define _GNU_SOURCE
#include <elf.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <time.h>
#include <unistd.h>

static uint64_t tod(void)
{
	unsigned char c[16] __attribute__((aligned(8)));
	asm volatile("stcke %0" : "=Q"(c) : : "cc");
	uint64_t v;
	memcpy(&v, c + 1, 8); /* big-endian host: as stored */
	return v;
}

static void *vsym(uintptr_t base, const char *name)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)base;
	Elf64_Phdr *ph = (Elf64_Phdr *)(base + eh->e_phoff);
	Elf64_Dyn *dyn = 0;
	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (Elf64_Dyn *)(base + ph[i].p_offset);
	Elf64_Sym *sym = 0; const char *str = 0; uint32_t *hash = 0;
	for (; dyn && dyn->d_tag; dyn++) {
		if (dyn->d_tag == DT_SYMTAB) sym = (Elf64_Sym *)(base + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_STRTAB) str = (const char *)(base + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_HASH) hash = (uint32_t *)(base + dyn->d_un.d_ptr);
	}
	if (!sym || !str || !hash) { printf("lookup: sym %p str %p hash %p\n", (void *)sym, (void *)str, (void *)hash); return 0; }
	for (uint64_t i = 0; i < ((uint64_t *)hash)[1]; i++) /* s390x: 64-bit .hash entries */
		if (!strcmp(str + sym[i].st_name, name)) return (void *)(base + sym[i].st_value);
	return 0;
}

int main(void)
{
	mount("proc", "/proc", "proc", 0, 0);
	uintptr_t vdso = getauxval(AT_SYSINFO_EHDR);
	unsigned long lo = 0, hi = 0;
	char line[256];
	FILE *m = fopen("/proc/self/maps", "r");
	while (m && fgets(line, sizeof line, m))
		if (strstr(line, "[vvar]")) sscanf(line, "%lx-%lx", &lo, &hi);
	int (*cg)(clockid_t, struct timespec *) = vsym(vdso, "__kernel_clock_gettime");
	printf("VDSO %lx VVAR %lx %lx fn %p\n", (unsigned long)vdso, lo, hi, (void *)cg);
	static unsigned char a[4 * 65536], b[4 * 65536];
	size_t n = 4096; /* the time page: the timens page raises SIGBUS outside a time namespace */
	for (int k = 0, got = 0; k < 2000 && got < 6 && cg && n && n <= sizeof a; k++) {
		struct timespec ts;
		memcpy(a, (void *)lo, n);
		uint64_t t0 = tod();
		cg(CLOCK_MONOTONIC, &ts);
		uint64_t t1 = tod();
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
