#include <stdlib.h>
#include <string.h>

#include "../common/err.h"
#include "findings.h"

static void *dup_array(const void *src, size_t n, size_t elem, int *fail)
{
	if (!n)
		return NULL;
	void *p = malloc(n * elem);
	if (!p)
		*fail = 1;
	else
		memcpy(p, src, n * elem);
	return p;
}

int vs_findings_add(struct vs_findings *fs, const struct vdsosim_finding *f)
{
	if (fs->n == fs->cap) {
		size_t nc = fs->cap ? 2 * fs->cap : 4;
		struct vdsosim_finding *p = realloc(fs->f, nc * sizeof *p);
		if (!p)
			return vs_err(VDSOSIM_ENOMEM, "out of memory");
		fs->f = p;
		fs->cap = nc;
	}
	struct vdsosim_result *r = malloc(sizeof *r);
	if (!r)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	const struct vdsosim_result *src = f->result;
	int fail = 0;
	*r = *src;
	/* the states belong to the engine; the finding keeps their answers in want[] */
	memset((void *)r->states, 0, sizeof r->states);
	r->n_states = 0;
	r->syscalls = dup_array(src->syscalls, src->n_syscalls, sizeof *src->syscalls, &fail);
	r->counter_reads = dup_array(src->counter_reads, src->n_counter, sizeof *src->counter_reads, &fail);
	r->vvar_reads = dup_array(src->vvar_reads, src->n_vvar, sizeof *src->vvar_reads, &fail);
	r->trace = dup_array(src->trace, src->n_trace, sizeof *src->trace, &fail);
	r->cap_syscalls = r->n_syscalls, r->cap_counter = r->n_counter, r->cap_vvar = r->n_vvar, r->cap_trace = r->n_trace;
	if (fail) {
		vdsosim_result_clear(r);
		free(r);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	fs->f[fs->n] = *f;
	fs->f[fs->n++].result = r;
	return 0;
}

void vs_findings_free(struct vs_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		struct vdsosim_result *r = (struct vdsosim_result *)fs->f[i].result;
		vdsosim_result_clear(r);
		free(r);
	}
	free(fs->f);
	memset(fs, 0, sizeof *fs);
}
