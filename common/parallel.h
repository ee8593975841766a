/* Work split over threads and shards with output in unit order: what -j N and --shard I/N
 * share, so that neither changes a byte of the output. */
#ifndef VDSOSIM_PARALLEL_H
#define VDSOSIM_PARALLEL_H
#include <stddef.h>
#include <stdint.h>

struct vs_par {
	size_t n_units;  /* units before sharding */
	int jobs;        /* threads (>= 1) */
	uint32_t shard, shards; /* this shard (0-based) of how many */
	void *ctx;
	/* per thread: set up (once), run a unit, tear down */
	int (*init)(void *ctx, int t);
	int (*unit)(void *ctx, int t, size_t u);
	void (*fini)(void *ctx, int t);
	/* optional: after each unit u, one call at a time from whichever thread finished it */
	void (*progress)(void *ud, size_t u, uint64_t done, uint64_t total);
	void *progress_ud;
};
/* Runs every unit u with u % shards == shard; returns the first error. */
int vs_par_run(const struct vs_par *p);

#endif
