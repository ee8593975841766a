/* Progress of a long run on stderr: done/total, the current item and an ETA. Only on a terminal
 * (never in a pipe, so never in JSON, TAP or JUnit output) and never with --quiet. The wall clock
 * is read here, for the ETA only: no result depends on it. */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

struct progress {
	const char *verb;
	size_t n, i;
	char item[256];
	double t0, last;
	int width;
};

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

struct progress *progress_new(const char *verb, size_t n_items, int quiet)
{
	if (quiet || !isatty(STDERR_FILENO) || getenv("VDSOSIM_NO_PROGRESS"))
		return NULL;
	struct progress *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	struct winsize ws;
	p->width = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20 ? ws.ws_col : 80;
	p->verb = verb;
	p->n = n_items ? n_items : 1;
	p->t0 = now_s();
	p->last = -1;
	return p;
}

void progress_item(struct progress *p, size_t i, const char *name)
{
	if (!p)
		return;
	p->i = i;
	snprintf(p->item, sizeof p->item, "%s", name ? name : "");
	progress_update(p, 0, 1);
}

void progress_update(void *ud, uint64_t done, uint64_t total)
{
	struct progress *p = ud;
	if (!p)
		return;
	double t = now_s();
	if (p->last >= 0 && t - p->last < 0.1 && done < total)
		return; /* a redraw ten times a second is enough */
	p->last = t;
	double frac = ((double)p->i + (total ? (double)done / (double)total : 0)) / (double)p->n;
	char eta[32] = "ETA --:--";
	if (frac > 0.01 && t - p->t0 > 0.5) {
		long s = (long)((t - p->t0) * (1 - frac) / frac + 0.5);
		snprintf(eta, sizeof eta, "ETA %ld:%02ld", s / 60, s % 60);
	}
	char head[96];
	int hl = snprintf(head, sizeof head, "%s %zu/%zu %3d%% %s ", p->verb, p->i + 1 > p->n ? p->n : p->i + 1, p->n,
			  (int)(frac * 100), eta);
	int room = p->width - 1 - hl;
	const char *name = p->item;
	size_t len = strlen(name);
	if (room < 4)
		room = 4;
	if ((int)len > room) /* keep the end of a long path: the file name */
		name += len - (size_t)(room - 3);
	fprintf(stderr, "\r\033[K%s%s%s", head, (int)len > room ? "..." : "", name);
	fflush(stderr);
}

void progress_clear(struct progress *p)
{
	if (!p)
		return;
	fprintf(stderr, "\r\033[K");
	fflush(stderr);
	p->last = -1; /* the next update redraws */
}

void progress_end(struct progress *p)
{
	if (!p)
		return;
	fprintf(stderr, "\r\033[K");
	fflush(stderr);
	free(p);
}
