/* x32 signals (tests/signals.sh): freestanding, as Debian's x32 libc has no libgcc beside it here.
 * A handler for SIGUSR1 (x32's compat sigaction, SA_SIGINFO | SA_RESTORER) is sent the signal by
 * tgkill; it checks its siginfo and returns through x32's rt_sigreturn (513); then a register
 * the kernel saved in the frame is back. Prints one line. */
#define X32 0x40000000L
static long sys4(long n, long a, long b, long c, long d)
{
	long r;
	register long r10 __asm__("r10") = d;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n | X32), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
	return r;
}
__asm__(".globl restorer\nrestorer:\n\tmov $0x40000201, %eax\n\tsyscall\n");
extern void restorer(void);
struct ksa { unsigned handler, flags, restorer; unsigned long long mask; } __attribute__((packed));
static volatile int got;
static void handler(int sig, int *info, void *uc)
{
	(void)uc;
	got = sig == 10 && info[0] == 10 && info[2] == -6; /* si_signo, si_code SI_TKILL */
}
static void say(const char *s)
{
	long n = 0;
	while (s[n])
		n++;
	sys4(1, 1, (long)s, n, 0);
}
void _start(void)
{
	struct ksa sa = { (unsigned)(unsigned long)handler, 4 | 0x04000000, (unsigned)(unsigned long)restorer, 0 };
	long r = sys4(512, 10, (long)&sa, 0, 8);
	register long keep __asm__("r12") = 0x1234567;
	__asm__ volatile("" : "+r"(keep));
	sys4(234, sys4(39, 0, 0, 0, 0), sys4(186, 0, 0, 0, 0), 10, 0);
	__asm__ volatile("" : "+r"(keep));
	say(r == 0 && got && keep == 0x1234567 ? "x32: handler ran and returned\n" : "x32: wrong\n");
	sys4(60, 0, 0, 0, 0);
}
