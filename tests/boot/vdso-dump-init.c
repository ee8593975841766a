/* Static /init for a QEMU boot: prints the [vdso] mapping as the kernel patched it for this CPU
 * (hex, 32 bytes a line) and /proc/cpuinfo, between markers, then powers off. What
 * tests/boot/boot-dump.sh keeps as the proof of `vdsosim patch`. */
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "init.h"

int main(void)
{
	mount("proc", "/proc", "proc", 0, 0);
	unsigned long lo, hi;
	char line[512];
	mapping("[vdso]", &lo, &hi);
	printf("\nVDSO-BEGIN %lx %lu\n", lo, hi - lo);
	for (unsigned long a = lo; a < hi; a += 32) {
		printf("V ");
		for (int i = 0; i < 32; i++)
			printf("%02x", ((unsigned char *)a)[i]);
		printf("\n");
	}
	printf("VDSO-END\nCPUINFO-BEGIN\n");
	FILE *c = fopen("/proc/cpuinfo", "r");
	while (c && fgets(line, sizeof line, c))
		fputs(line, stdout);
	printf("CPUINFO-END\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
