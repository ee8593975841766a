/* `vdsosim exec --strace-summary`, as `strace -c`: the run's syscall records by name, counted,
 * with their errors and share of all calls; then the vDSO calls by function and path. Model time
 * does not pass inside a syscall here (a sleep is the one exception), so the share is of calls,
 * not of time. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* a row of either table: syscalls (col: errors, made by the vDSO) or vDSO calls (col: fell back,
 * retries) */
struct row { const char *name; uint64_t calls, col[2]; };

static int by_calls(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->calls != y->calls)
		return x->calls < y->calls ? 1 : -1;
	return strcmp(x->name, y->name);
}

static struct row *add(struct row *rows, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(rows[i].name, name))
			return &rows[i];
	rows[*n] = (struct row){ .name = name };
	return &rows[(*n)++];
}

static const char *const rule = "------ --------- --------- --------- ----------------";
static const char *const vrule = "--------- --------- --------- --------- ----------------";

void exec_summary(FILE *f, const struct vdsosim_exec_result *r)
{
	size_t n = 0, nv = 0;
	struct row *rows = calloc(r->n_syscalls + 1, sizeof *rows);
	struct row *vrows = calloc(2 * r->n_vdso_calls + 1, sizeof *vrows);
	char (*vnames)[64] = calloc(2 * r->n_vdso_calls + 1, sizeof *vnames);
	if (!rows || !vrows || !vnames) {
		fprintf(f, "vdsosim exec: out of memory for the summary\n");
		goto out;
	}
	uint64_t errors = 0, from_vdso = 0;
	for (size_t i = 0; i < r->n_syscalls; i++) {
		const struct vdsosim_exec_syscall *s = &r->syscalls[i];
		struct row *w = add(rows, &n, s->name);
		int err = s->ret < 0 && s->ret >= -4095;
		w->calls++;
		w->col[0] += (uint64_t)err;
		w->col[1] += (uint64_t)s->from_vdso;
		errors += (uint64_t)err;
		from_vdso += (uint64_t)s->from_vdso;
	}
	qsort(rows, n, sizeof *rows, by_calls);
	fprintf(f, "%% calls     calls    errors  via vdso syscall\n%s\n", rule);
	for (size_t i = 0; i < n; i++) {
		char e[24] = "", v[24] = ""; /* zeros blank, as strace leaves them */
		if (rows[i].col[0])
			snprintf(e, sizeof e, "%llu", (unsigned long long)rows[i].col[0]);
		if (rows[i].col[1])
			snprintf(v, sizeof v, "%llu", (unsigned long long)rows[i].col[1]);
		fprintf(f, "%6.2f %9llu %9s %9s %s\n", 100.0 * (double)rows[i].calls / (double)r->n_syscalls,
			(unsigned long long)rows[i].calls, e, v, rows[i].name);
	}
	fprintf(f, "%s\n100.00 %9llu %9llu %9llu total\n", rule, (unsigned long long)r->n_syscalls,
		(unsigned long long)errors, (unsigned long long)from_vdso);
	/* the vDSO calls: function by path */
	uint64_t in_vdso = 0, fell = 0, retries = 0;
	for (size_t i = 0; i < r->n_vdso_calls; i++) {
		const struct vdsosim_exec_vdso_call *c = &r->vdso_calls[i];
		char cb[24];
		snprintf(vnames[nv], sizeof vnames[nv], "%s%s%s", vdsosim_func_name(c->func),
			 vdsosim_func_takes_clock(c->func) ? " " : "",
			 vdsosim_func_takes_clock(c->func) ? vdsosim_clock_name(c->clock, cb) : "");
		struct row *w = add(vrows, &nv, vnames[nv]);
		w->calls++;
		w->col[0] += c->path == VDSOSIM_PATH_SYSCALL;
		w->col[1] += c->retries;
		in_vdso += c->path == VDSOSIM_PATH_VDSO;
		fell += c->path == VDSOSIM_PATH_SYSCALL;
		retries += c->retries;
	}
	qsort(vrows, nv, sizeof *vrows, by_calls);
	fprintf(f, "\n    calls   in vdso  fallback   retries vdso function\n%s\n", vrule);
	for (size_t i = 0; i < nv; i++)
		fprintf(f, "%9llu %9llu %9llu %9llu %s\n", (unsigned long long)vrows[i].calls,
			(unsigned long long)(vrows[i].calls - vrows[i].col[0]), (unsigned long long)vrows[i].col[0],
			(unsigned long long)vrows[i].col[1], vrows[i].name);
	fprintf(f, "%s\n%9llu %9llu %9llu %9llu total\n", vrule, (unsigned long long)r->n_vdso_calls,
		(unsigned long long)in_vdso, (unsigned long long)fell, (unsigned long long)retries);
out:
	free(rows);
	free(vrows);
	free(vnames);
}
