/* Linux-only: read this process's own vDSO and data pages, and make the real vDSO compute at a
 * chosen counter value (PR_SET_TSC + SIGSEGV). Never built or needed on other hosts. */
#ifndef VDSOSIM_LIVE_H
#define VDSOSIM_LIVE_H
#include <stddef.h>
#include <stdint.h>

struct vs_live_mapping {
	uint64_t addr;
	size_t len;
	uint8_t *bytes;        /* unreadable pages are zeros */
	uint32_t unreadable;   /* bit per page that could not be read (SIGBUS) */
};

struct vs_live {
	struct vs_live_mapping vdso, vvar, vclock;
};

int vs_live_open(struct vs_live *lv);
void vs_live_close(struct vs_live *lv);
/* Re-read the readable pages of [vvar]/[vvar_vclock]. */
int vs_live_refresh(struct vs_live *lv);

struct vs_live_call {
	const char *func;      /* clock_gettime, gettimeofday, time */
	int clock;
	uint64_t counter;      /* what every rdtsc/rdtscp returns during the call */
	int64_t ret, sec, nsec; /* nsec is usec for gettimeofday */
	unsigned counter_reads;
};
/* Calls the real vDSO with the TSC trapped; returns 0 when the [vvar] page did not change
 * across the call (so lv->vvar holds exactly what the vDSO read), -1 otherwise. */
int vs_live_call(struct vs_live *lv, struct vs_live_call *c);

#endif
