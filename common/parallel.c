#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "parallel.h"

struct shared { pthread_mutex_t mu; uint64_t done, total; };
struct worker { const struct vs_par *p; struct shared *sh; int t, err; pthread_t th; };

static void tick(const struct vs_par *p, struct shared *sh, size_t u)
{
	if (!p->progress)
		return;
	pthread_mutex_lock(&sh->mu);
	p->progress(p->progress_ud, u, ++sh->done, sh->total);
	pthread_mutex_unlock(&sh->mu);
}

static void *work(void *arg)
{
	struct worker *w = arg;
	const struct vs_par *p = w->p;
	w->err = p->init ? p->init(p->ctx, w->t) : 0;
	/* the shard's units, dealt round-robin to the threads: which thread ran a unit never shows */
	size_t k = 0;
	for (size_t u = p->shard; !w->err && u < p->n_units; u += p->shards, k++)
		if ((int)(k % (size_t)p->jobs) == w->t) {
			w->err = p->unit(p->ctx, w->t, u);
			tick(p, w->sh, u);
		}
	if (p->fini)
		p->fini(p->ctx, w->t);
	return NULL;
}

int vs_par_run(const struct vs_par *p)
{
	int jobs = p->jobs < 1 ? 1 : p->jobs;
	struct vs_par q = *p;
	q.jobs = jobs;
	if (!q.shards)
		q.shards = 1;
	struct shared sh = { PTHREAD_MUTEX_INITIALIZER, 0, 0 };
	for (size_t u = q.shard; u < q.n_units; u += q.shards)
		sh.total++;
	struct worker *w = calloc((size_t)jobs, sizeof *w);
	if (!w)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	for (int t = 0; t < jobs; t++) {
		w[t] = (struct worker){ &q, &sh, t, 0, 0 };
		if (jobs == 1) {
			work(&w[t]);
		} else if (pthread_create(&w[t].th, NULL, work, &w[t])) {
			w[t].err = vs_err(VDSOSIM_ENOMEM, "cannot start a thread");
			w[t].th = 0;
		}
	}
	int err = 0;
	for (int t = 0; t < jobs; t++) {
		if (jobs > 1 && w[t].th)
			pthread_join(w[t].th, NULL);
		if (!err)
			err = w[t].err;
	}
	free(w);
	return err;
}
