/* Threads under vdsosim exec (tests/threads.sh): pthreads calling the vDSO concurrently, a sleep
 * that passes on the model's clock, and the named ends (deadlock, a thread bomb, a futex on an
 * unmapped address). Its output is the same on every run and every architecture. */
#define _GNU_SOURCE
#include <errno.h>
#ifndef FUTEX_WAIT
#define FUTEX_WAIT 0 /* (musl has no linux/futex.h) */
#endif
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

enum { NTHREADS = 4, CALLS = 200 };
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int arrived, backwards, cpus_seen[64];

static void *worker(void *arg)
{
	struct timespec prev = { 0, 0 }, now;
	for (int i = 0; i < CALLS; i++) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec < prev.tv_sec || (now.tv_sec == prev.tv_sec && now.tv_nsec < prev.tv_nsec))
			backwards++;
		prev = now;
		if (i % 50 == 49)
			sched_yield();
	}
	int cpu = sched_getcpu();
	struct timespec d = { 0, 10000000 };
	nanosleep(&d, NULL);
	pthread_mutex_lock(&mu);
	if (cpu >= 0 && cpu < 64)
		cpus_seen[cpu] = 1;
	arrived++;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
	return arg;
}

static int run(void)
{
	pthread_t t[NTHREADS];
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < NTHREADS; i++)
		if (pthread_create(&t[i], NULL, worker, (void *)i))
			return printf("pthread_create failed\n"), 1;
	pthread_mutex_lock(&mu);
	while (arrived < NTHREADS)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	long sum = 0;
	for (int i = 0; i < NTHREADS; i++) {
		void *r;
		pthread_join(t[i], &r);
		sum += (long)r;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	int ncpus = 0;
	for (int i = 0; i < 64; i++)
		ncpus += cpus_seen[i];
	printf("joined %d threads (sum %ld), time went back %d times, waited %s, on %d CPUs\n", NTHREADS, sum, backwards,
	       ms >= 10 ? "at least 10 ms" : "too little", ncpus);
	return 0;
}

static void *wait_forever(void *arg)
{
	pthread_mutex_lock(&mu);
	for (;;)
		pthread_cond_wait(&cv, &mu);
	return arg;
}

static volatile unsigned long spins;
static void *spin_forever(void *arg)
{
	for (;;)
		spins++;
	return arg;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "run";
	if (!strcmp(mode, "run"))
		return run();
	if (!strcmp(mode, "sleep")) { /* 100 s on the model's clock */
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		sleep(100);
		clock_gettime(CLOCK_MONOTONIC, &b);
		printf("slept %ld s\n", (long)(b.tv_sec - a.tv_sec));
		return 0;
	}
	if (!strcmp(mode, "deadlock")) { /* joins a thread that waits for a signal no one sends */
		pthread_t t;
		pthread_create(&t, NULL, wait_forever, NULL);
		pthread_join(t, NULL);
		return 0;
	}
	if (!strcmp(mode, "bomb")) { /* threads that never end, until the process may have no more */
		int n = 0;
		pthread_attr_t at;
		pthread_attr_init(&at);
		pthread_attr_setstacksize(&at, 65536);
		for (;;) {
			pthread_t t;
			int e = pthread_create(&t, &at, wait_forever, NULL);
			if (e) {
				printf("pthread_create: %s after %d threads\n", e == EAGAIN ? "EAGAIN" : strerror(e), n);
				return 0;
			}
			n++;
		}
	}
	if (!strcmp(mode, "spin")) { /* a thread that never yields nor calls: its slices end */
		pthread_t t;
		pthread_create(&t, NULL, spin_forever, NULL);
		struct timespec d = { 0, 1000000 };
		nanosleep(&d, NULL);
		printf("the spinner ran and was preempted: %s\n", spins > 0 ? "yes" : "no");
		return 0;
	}
	if (!strcmp(mode, "badfutex")) {
		long r = syscall(SYS_futex, (void *)8, FUTEX_WAIT, 0, NULL, NULL, 0);
		printf("futex on an unmapped address: %ld %s\n", r, errno == EFAULT ? "EFAULT" : strerror(errno));
		return 0;
	}
	return 2;
}
