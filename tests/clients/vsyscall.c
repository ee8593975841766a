/* An old static program's use of the legacy vsyscall page (0xffffffffff600000): read it, call
 * its three entries, call a misaligned address, pass a bad pointer. One action per run:
 *   vsyscall read|gettimeofday|time|getcpu|misaligned|badptr
 * (vdsosim exec --vsyscall emulate|xonly|none runs it; tests/vsyscall.sh) */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#define PAGE 0xffffffffff600000UL

int main(int argc, char **argv)
{
	const char *a = argc > 1 ? argv[1] : "";
	if (!strcmp(a, "read")) {
		volatile unsigned char *p = (unsigned char *)PAGE;
		printf("read %02x %02x %02x\n", p[0], p[1], p[2]);
	} else if (!strcmp(a, "gettimeofday")) {
		struct timeval tv;
		long r = ((long (*)(struct timeval *, void *))PAGE)(&tv, 0);
		printf("gettimeofday %ld %ld.%06ld\n", r, (long)tv.tv_sec, (long)tv.tv_usec);
	} else if (!strcmp(a, "time")) {
		long t = 0, r = ((long (*)(long *))(PAGE + 0x400))(&t);
		printf("time %ld %ld\n", r, t);
	} else if (!strcmp(a, "getcpu")) {
		unsigned cpu = 99, node = 99;
		long r = ((long (*)(unsigned *, unsigned *, void *))(PAGE + 0x800))(&cpu, &node, 0);
		printf("getcpu %ld %u %u\n", r, cpu, node);
	} else if (!strcmp(a, "misaligned")) {
		long r = ((long (*)(void *, void *))(PAGE + 0x10))(0, 0);
		printf("misaligned %ld\n", r);
	} else if (!strcmp(a, "badptr")) {
		long r = ((long (*)(void *, void *))PAGE)((void *)0x10, 0);
		printf("badptr %ld\n", r);
	} else {
		return 2;
	}
	return 0;
}
