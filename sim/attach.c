/* vdsosim_attach: the machine core in a Unicorn instance the caller owns. The caller maps its own
 * code, finds the vDSO through its own lookup and runs it; counter reads and the vDSO's syscalls
 * are answered here (or by the caller's callbacks), as in the engine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

struct vdsosim_attachment {
	struct vs_core core;
	struct vdsosim_result res; /* the running record: counter reads, syscalls, the first error */
};

int vdsosim_attach(vdsosim_attachment **out, struct uc_struct *uc, const vdsosim_profile *p, vdsosim_model *model,
		   uint64_t base, const struct vdsosim_attach_opts *o)
{
	return vs_attach(out, uc, p, model, base, o, 0);
}

int vs_attach(vdsosim_attachment **out, struct uc_struct *uc, const vdsosim_profile *p, vdsosim_model *model,
	      uint64_t base, const struct vdsosim_attach_opts *o, unsigned core_flags)
{
	*out = NULL;
	if (!uc || !p || !model)
		return vs_err(VDSOSIM_EARG, "attach needs a Unicorn instance, a profile and a model");
	if (model->era != &p->lay)
		return vs_err(VDSOSIM_EARG, "%s: the model was not made for this profile", p->img->info.path);
	size_t data_len = (size_t)p->lay.n_pages * p->lay.page_size;
	if (base % p->lay.page_size || base < data_len)
		return vs_err(VDSOSIM_EARG, "attach base 0x%llx must be %u-aligned with %zu bytes below it for the data pages",
			      (unsigned long long)base, p->lay.page_size, data_len);
	struct vdsosim_attachment *a = calloc(1, sizeof *a);
	if (!a)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	struct vs_core *c = &a->core;
	vdsosim_result_init(&a->res);
	c->res = &a->res;
	if (o) {
		c->counter_cb = o->counter;
		c->syscall_cb = o->syscall;
		c->cb_ud = o->ud;
		c->running_step = (uint64_t)o->counter_step;
	}
	c->running = model->st.counter;
	int r = vs_core_init(c, uc, p, model, base, o ? o->trace & VDSOSIM_TRACE_VVAR : 0, core_flags);
	if (r) {
		vs_core_fini(c, 1);
		vdsosim_result_clear(&a->res);
		free(a);
		return r;
	}
	*out = a;
	return 0;
}

int vdsosim_detach(vdsosim_attachment *a)
{
	if (!a)
		return 0;
	vs_core_fini(&a->core, 1);
	vdsosim_result_clear(&a->res);
	free(a);
	return 0;
}

struct vs_core *vs_attachment_core(vdsosim_attachment *a) { return &a->core; }

void vdsosim_attachment_set_counter(vdsosim_attachment *a, uint64_t counter) { a->core.running = counter; }

uint64_t vdsosim_attachment_counter(const vdsosim_attachment *a) { return a->core.running; }

void vdsosim_attachment_sync(vdsosim_attachment *a) { vs_core_sync(&a->core); }

void vdsosim_attachment_stats(const vdsosim_attachment *a, struct vdsosim_attach_stats *st)
{
	memset(st, 0, sizeof *st);
	st->counter_reads = a->res.n_counter;
	st->syscalls = a->res.n_syscalls;
	st->status = a->res.status;
	snprintf(st->message, sizeof st->message, "%s", a->res.message);
}

void vdsosim_attachment_reset_stats(vdsosim_attachment *a)
{
	vs_result_reset(&a->res);
	a->core.stop = 0;
}
