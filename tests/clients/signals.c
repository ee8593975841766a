/* Signals under vdsosim exec (tests/signals.sh): a timer's SIGALRM landing while the program reads
 * the clock in a loop (many land inside a vDSO call, and that call must still answer right); a
 * handler that reads the clock itself; handlers returning through the vDSO's own sigreturn
 * trampoline (a raw rt_sigaction without SA_RESTORER: __kernel_rt_sigreturn, and i386's legacy
 * __kernel_sigreturn); an altstack; a POSIX timer that ends a sigsuspend and one that interrupts a
 * nanosleep (EINTR, with the time left); SA_RESTART restarting a pipe read; a blocked signal
 * pending until it is unblocked. Each line says what it saw.
 * usage: signals [fatal|pause|fault]: SIGALRM with no handler while the clock is read, or while
 * it pauses (time jumps to it); a handler that faults */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms, back, handler_ok = 1, usr1, usr2, legacy, onstack, wrote;
static volatile int64_t last;
static char alt[65536];
static int pfd[2];

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void on_alarm(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	int64_t t = now_ns(); /* a vDSO call of its own, maybe inside the one it interrupted */
	if (sig != SIGALRM || si->si_signo != SIGALRM || t < last)
		handler_ok = 0;
	alarms++;
}

static void on_usr1(int sig) { usr1 += sig == SIGUSR1; }
static void on_usr2(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	usr2 += sig == SIGUSR2 && si->si_code == SI_TIMER && si->si_value.sival_int == 42;
}
static void on_legacy(int sig) { legacy += sig == SIGUSR2; }
static void on_stack(int sig)
{
	char here;
	onstack = sig == SIGUSR1 && &here >= alt && &here < alt + sizeof alt;
}
static void on_fault(int sig) { *(volatile int *)(uintptr_t)(sig - SIGUSR1) = 1; }
static void on_write(int sig)
{
	(void)sig;
	wrote = write(pfd[1], "x", 1) == 1;
}

/* the kernel's struct sigaction (what rt_sigaction reads): no SA_RESTORER, so the kernel returns
 * through the vDSO's trampoline */
struct ksa { void *handler; unsigned long flags; void *restorer; uint64_t mask; };
#if defined(__riscv)
struct ksa_rv { void *handler; unsigned long flags; uint64_t mask; };
#elif defined(__mips__)
struct ksa_mips { unsigned int flags; void *handler; uint64_t mask[2]; };
#endif
static int raw_action(int sig, void *h, unsigned long flags)
{
#if defined(__riscv)
	struct ksa_rv ka = { h, flags, 0 };
#elif defined(__mips__)
	struct ksa_mips ka = { (unsigned int)flags, h, { 0, 0 } };
	return (int)syscall(SYS_rt_sigaction, sig, &ka, NULL, 16);
#else
	struct ksa ka = { h, flags, 0, 0 };
#endif
	return (int)syscall(SYS_rt_sigaction, sig, &ka, NULL, 8);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	if (argc > 1 && !strcmp(argv[1], "fatal")) { /* SIGALRM with no handler ends it */
		struct itimerval once = { { 0, 0 }, { 0, 100 } };
		setitimer(ITIMER_REAL, &once, NULL);
		for (;;)
			now_ns();
	}
	if (argc > 1 && !strcmp(argv[1], "pause")) {
		alarm(1);
		pause();
		return 3;
	}
	if (argc > 1 && !strcmp(argv[1], "fault")) {
		signal(SIGUSR1, on_fault);
		raise(SIGUSR1);
		return 3;
	}
	/* 1: SIGALRM every 10 us of model time while the loop reads the clock */
	sa.sa_sigaction = on_alarm;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 10 }, { 0, 10 } };
	setitimer(ITIMER_REAL, &it, NULL);
	for (int i = 0; i < 20000; i++) {
		int64_t t = now_ns();
		if (t < last)
			back++;
		last = t;
	}
	struct itimerval off = { { 0, 0 }, { 0, 0 } };
	setitimer(ITIMER_REAL, &off, NULL);
	printf("alarms during 20000 reads: %s, time went back %d times, handlers' reads %s\n",
	       alarms > 10 ? "many" : "few", back, handler_ok ? "right" : "wrong");

	/* 2: the vDSO's trampoline (x86-64 has none: its kernel requires SA_RESTORER) */
	int r;
#if defined(__x86_64__)
	signal(SIGUSR1, on_usr1);
	raise(SIGUSR1);
	printf("no SA_RESTORER: %s\n", usr1 == 1 ? "n/a" : "failed");
	(void)raw_action;
#else
	r = raw_action(SIGUSR1, (void *)on_usr1, 0);
	raise(SIGUSR1);
#if defined(__arm__) /* no trampoline in arm's vDSO: the kernel's sigpage */
	printf("no SA_RESTORER: %s\n", r == 0 && usr1 == 1 ? "returned through the sigpage" : "failed");
#else
	printf("no SA_RESTORER: %s\n", r == 0 && usr1 == 1 ? "returned through the vDSO" : "failed");
#endif
#endif
#if defined(__i386__) || defined(__arm__) || defined(__s390x__) || (defined(__mips__) && _MIPS_SIM == _ABIO32)
	r = raw_action(SIGUSR2, (void *)on_legacy, 0);
	raise(SIGUSR2);
	printf("legacy frame: %s\n", r == 0 && legacy == 1 ? "returned through sigreturn" : "failed");
#else
	(void)on_legacy;
	printf("legacy frame: n/a\n");
#endif

	/* 3: an altstack */
	stack_t ss = { .ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0 };
	sigaltstack(&ss, NULL);
	sa.sa_handler = on_stack;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("altstack: %s\n", onstack ? "used" : "not used");

	/* 4: a POSIX timer ends sigsuspend; another interrupts nanosleep */
	sa.sa_sigaction = on_usr2;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGUSR2, &sa, NULL);
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGUSR2);
	sigprocmask(SIG_BLOCK, &block, &old);
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR2, .sigev_value.sival_int = 42 };
	timer_t tm;
	timer_create(CLOCK_MONOTONIC, &sev, &tm);
	struct itimerspec its = { { 0, 0 }, { 0, 5000000 } };
	int64_t t0 = now_ns();
	timer_settime(tm, 0, &its, NULL);
	sigset_t none;
	sigemptyset(&none);
	r = sigsuspend(&none);
	int64_t t1 = now_ns();
	printf("sigsuspend: %s after %s\n", r == -1 && errno == EINTR && usr2 == 1 ? "EINTR" : "wrong",
	       t1 - t0 >= 5000000 ? "5 ms" : "less");
	sigprocmask(SIG_SETMASK, &old, NULL);
	struct timespec req = { 10, 0 }, rem = { 0, 0 };
	its.it_value.tv_nsec = 0;
	its.it_value.tv_sec = 1;
	timer_settime(tm, 0, &its, NULL);
	r = nanosleep(&req, &rem);
	printf("nanosleep(10 s): %s, %ld s left\n", r == -1 && errno == EINTR && usr2 == 2 ? "EINTR" : "wrong",
	       (long)rem.tv_sec);
	timer_delete(tm);

	/* 5: SA_RESTART: a read of an empty pipe, restarted after the handler wrote to it */
	if (pipe(pfd))
		return 1;
	sa.sa_handler = on_write;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	alarm(2);
	char c = 0;
	ssize_t n = read(pfd[0], &c, 1);
	printf("SA_RESTART read: %s\n", n == 1 && c == 'x' && wrote ? "restarted, got the byte" : "wrong");

	/* 6: blocked, pending, then delivered when unblocked */
	usr1 = 0;
	signal(SIGUSR1, on_usr1);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	raise(SIGUSR1);
	sigset_t pend;
	sigpending(&pend);
	int was = usr1, is_pending = sigismember(&pend, SIGUSR1);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	printf("blocked: %s\n", !was && is_pending && usr1 == 1 ? "pending, then delivered" : "wrong");
	return 0;
}
