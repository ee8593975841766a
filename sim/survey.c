/* survey: what path every function x clock x clock mode takes, and what it costs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/err.h"
#include "vdsosim.h"

static const int32_t survey_clocks[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1 };
enum { N_CLOCKS = sizeof survey_clocks / sizeof *survey_clocks };

static void fill_row(vdsosim_engine *e, struct vdsosim_survey_row *row, const struct vdsosim_call *c,
		     const struct vdsosim_result *r)
{
	const vdsosim_profile *p = vdsosim_engine_profile(e);
	const vdsosim_model *m = vdsosim_engine_model(e);
	struct vdsosim_tk_view v;
	vdsosim_model_view(m, &v);
	row->func = c->func;
	row->clock = c->clock;
	row->mode = v.mode;
	snprintf(row->mode_name, sizeof row->mode_name, "%s", vdsosim_profile_mode_name(p, row->mode));
	row->status = r->status;
	row->path = r->path;
	row->ret = r->ret;
	row->insns = r->insns;
	row->stack_bytes = r->stack_bytes;
	row->reason = vdsosim_result_verdict(m, c, r, &row->want);
	row->got = vdsosim_answer_result(c, r);
	row->match = row->reason == VDSOSIM_WHY_NONE;
	snprintf(row->message, sizeof row->message, "%s", r->status ? r->message : "");
	for (size_t i = 0; i < r->n_syscalls && row->n_syscalls < 4; i++)
		snprintf(row->syscalls[row->n_syscalls++], sizeof row->syscalls[0], "%s", r->syscalls[i].name);
	for (size_t i = 0; i < r->n_vvar; i++) {
		char name[48];
		vdsosim_profile_field_name(p, r->vvar_reads[i].page, r->vvar_reads[i].offset, v.in_timens, name, sizeof name);
		if (!name[0])
			snprintf(name, sizeof name, "page%u+0x%x", r->vvar_reads[i].page, r->vvar_reads[i].offset);
		size_t k = 0;
		while (k < row->n_fields && strcmp(row->fields[k], name))
			k++;
		if (k == row->n_fields && row->n_fields < 40)
			snprintf(row->fields[row->n_fields++], sizeof row->fields[0], "%s", name);
	}
}

int vdsosim_survey(const vdsosim_profile *p, const struct vdsosim_state *base, struct vdsosim_survey_row **out,
		   size_t *n_out)
{
	size_t cap = VDSOSIM_NMODES * VDSOSIM_NFUNCS * N_CLOCKS, n = 0;
	struct vdsosim_survey_row *rows = calloc(cap, sizeof *rows);
	if (!rows)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	struct vdsosim_engine_opts o = { .trace = VDSOSIM_TRACE_VVAR | VDSOSIM_TRACE_STACK };
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	int err = 0;
	for (int mode = 0; !err && mode < VDSOSIM_NMODES; mode++) {
		struct vdsosim_state st = *base;
		st.mode = (enum vdsosim_clock_mode)mode;
		if (!vdsosim_profile_mode_name(p, (enum vdsosim_clock_mode)mode))
			continue; /* not this family's, or not this build's */
		vdsosim_model *m = NULL;
		vdsosim_engine *e = NULL;
		err = vdsosim_model_new(&m, p, &st);
		if (!err)
			err = vdsosim_engine_new(&e, p, m, &o);
		for (int f = 0; !err && f < VDSOSIM_NFUNCS; f++) {
			if (f == VDSOSIM_GETRANDOM || !vdsosim_profile_exports(p, (enum vdsosim_func)f))
				continue;
			int clocked = vdsosim_func_takes_clock((enum vdsosim_func)f);
			for (int k = 0; k < (clocked ? N_CLOCKS : 1); k++) {
				struct vdsosim_call c = { (enum vdsosim_func)f, clocked ? survey_clocks[k] : 0,
							  st.counter + st.freq_hz / 1000, 0, 0 };
				vdsosim_engine_call(e, &c, &r);
				struct vdsosim_survey_row *row = &rows[n++];
				fill_row(e, row, &c, &r);
				row->has_clock = clocked;
			}
		}
		vdsosim_engine_free(e);
		vdsosim_model_free(m);
	}
	vdsosim_result_clear(&r);
	if (err) {
		free(rows);
		return err;
	}
	*out = rows;
	*n_out = n;
	return 0;
}
