/* Findings of check and explore, rendered: a text trace for people, JSON fields for machines.
 * Both read the same values; neither recomputes. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void ans(FILE *o, const char *label, const struct vdsosim_answer *a)
{
	fprintf(o, "%s ret %lld {%lld, %lld}", label, (long long)a->ret, (long long)a->sec, (long long)a->sub);
}

void finding_text(FILE *o, const vdsosim_profile *p, const struct vdsosim_finding *f, int explore)
{
	const struct vdsosim_result *r = f->result;
	const struct vdsosim_call *c = &f->call;
	char cb[24], insn[64], name[64];
	const char *fn = vdsosim_func_name(c->func), *cn = vdsosim_clock_name(c->clock, cb);
	if (!explore) {
		fprintf(o, "case %llu: %s(%s): %s: ", (unsigned long long)f->index, fn, cn, vdsosim_reason_text(f->reason));
		if (r->status)
			fprintf(o, "%s", r->message);
		else {
			ans(o, "vDSO", &f->got);
			ans(o, ", model", &f->want[0]);
			fprintf(o, " (%s path)", f->want[0].vdso ? "vdso" : "syscall");
		}
		const struct vdsosim_tk_view *v = &f->state;
		fprintf(o, "\n  state: mode %s freq %llu Hz hz %u counter %llu cycle_last %llu mult %u shift %u max_cycles %llu "
			   "xtime %llu.(%llu<<%u) wtm %lld.%09lld boot %lld ns tai %d\n",
			vdsosim_profile_mode_name(p, v->mode), (unsigned long long)v->freq_hz, f->hz,
			(unsigned long long)f->counter, (unsigned long long)v->cycle_last, v->mult, v->shift,
			(unsigned long long)v->max_cycles, (unsigned long long)v->xtime_sec,
			(unsigned long long)(v->xtime_nsec >> v->shift), v->shift, (long long)v->wtm_sec, (long long)v->wtm_nsec,
			(long long)v->boot_offset_ns, v->tai_offset);
		return;
	}
	fprintf(o, "VIOLATION %s: %s(%s)", vdsosim_reason_text(f->reason), fn, cn);
	if (f->has_event)
		fprintf(o, " with %s", vdsosim_event_name(f->event));
	for (unsigned i = 0; i < c->n_updates; i++)
		fprintf(o, " | update %u (%s) before %s %llu: %s at image+0x%llx (%s)", i + 1,
			vdsosim_event_name(c->updates[i].event), vdsosim_point_kind_name(c->updates[i].at.kind),
			(unsigned long long)c->updates[i].at.n, r->fired[i] ? "landed" : "not reached",
			(unsigned long long)r->fired_pc[i], vdsosim_profile_disasm(p, r->fired_pc[i], insn, sizeof insn));
	fprintf(o, "\n  result: ");
	ans(o, "", &f->got);
	fprintf(o, "   model before:");
	ans(o, "", &f->want[0]);
	fprintf(o, "   after:");
	ans(o, "", &f->want[f->n_want - 1]);
	fprintf(o, "\n");
	if (r->status)
		fprintf(o, "  status: %s\n", r->message);
	fprintf(o, "  counter reads:");
	for (size_t i = 0; i < r->n_counter; i++)
		fprintf(o, " image+0x%llx=%llu", (unsigned long long)r->counter_reads[i].pc,
			(unsigned long long)r->counter_reads[i].value);
	fprintf(o, "\n  vvar reads:\n");
	for (size_t i = 0; i < r->n_vvar; i++) {
		const struct vdsosim_vvar_rec *v = &r->vvar_reads[i];
		fprintf(o, "    #%llu image+0x%llx %-36s = 0x%llx\n", (unsigned long long)v->insn, (unsigned long long)v->pc,
			vdsosim_profile_field_name(p, v->page, v->offset, f->state.in_timens, name, sizeof name),
			(unsigned long long)v->value);
	}
	fprintf(o, "  instructions:");
	for (size_t i = 0; i < r->n_trace; i++)
		fprintf(o, "%s#%zu image+0x%llx %s", i % 3 ? "   " : "\n    ", i, (unsigned long long)r->trace[i],
			vdsosim_profile_disasm(p, r->trace[i], insn, sizeof insn));
	fprintf(o, "\n");
}

static json_t *ans_json(const struct vdsosim_answer *a)
{
	return json_pack("{s:I,s:I,s:I,s:s}", "ret", (json_int_t)a->ret, "sec", (json_int_t)a->sec, "sub",
			 (json_int_t)a->sub, "path", a->vdso ? "vdso" : "syscall");
}

json_t *finding_json(const vdsosim_profile *p, const struct vdsosim_finding *f)
{
	const struct vdsosim_result *r = f->result;
	const struct vdsosim_call *c = &f->call;
	char cb[24], name[64], insn[64];
	json_t *j = json_object(), *want = json_array(), *ups = json_array(), *reads = json_array(), *vv = json_array(),
	       *sc = json_array(), *tr = json_array();
	json_object_set_new(j, "reason", json_string(vdsosim_reason_name(f->reason)));
	json_object_set_new(j, "index", j_u64(f->index));
	json_object_set_new(j, "function", json_string(vdsosim_func_name(c->func)));
	json_object_set_new(j, "clock", vdsosim_func_takes_clock(c->func) ? json_string(vdsosim_clock_name(c->clock, cb))
									  : json_null());
	if (f->has_event)
		json_object_set_new(j, "event", json_string(vdsosim_event_name(f->event)));
	for (unsigned i = 0; i < c->n_updates; i++)
		json_array_append_new(ups, json_pack("{s:s,s:s,s:o,s:b,s:o}", "event", vdsosim_event_name(c->updates[i].event),
						     "at", vdsosim_point_kind_name(c->updates[i].at.kind), "n",
						     j_u64(c->updates[i].at.n), "landed", r->fired[i], "pc", j_hex(r->fired_pc[i])));
	json_object_set_new(j, "updates", ups);
	const struct vdsosim_tk_view *v = &f->state;
	json_object_set_new(j, "state", json_pack("{s:s,s:o,s:i,s:o,s:i,s:i,s:o,s:o,s:o,s:I,s:I,s:I,s:i}", "mode",
						  vdsosim_profile_mode_name(p, v->mode), "freq_hz", j_u64(v->freq_hz), "hz",
						  (int)f->hz, "cycle_last", j_u64(v->cycle_last), "mult", (int)v->mult,
						  "shift", (int)v->shift, "max_cycles", j_u64(v->max_cycles), "xtime_sec",
						  j_u64(v->xtime_sec), "xtime_nsec_shifted", j_u64(v->xtime_nsec),
						  "wtm_sec", (json_int_t)v->wtm_sec, "wtm_nsec", (json_int_t)v->wtm_nsec,
						  "boot_offset_ns", (json_int_t)v->boot_offset_ns, "tai_offset", (int)v->tai_offset));
	json_object_set_new(j, "counter", j_u64(f->counter));
	json_object_set_new(j, "got", ans_json(&f->got));
	for (unsigned i = 0; i < f->n_want; i++)
		json_array_append_new(want, ans_json(&f->want[i]));
	json_object_set_new(j, "expected", want);
	json_object_set_new(j, "status", json_string(r->status ? vdsosim_strerror(r->status) : "ok"));
	if (r->status)
		json_object_set_new(j, "error", json_string(r->message));
	for (size_t i = 0; i < r->n_syscalls; i++)
		json_array_append_new(sc, json_pack("{s:s,s:I}", "name", r->syscalls[i].name, "ret", (json_int_t)r->syscalls[i].ret));
	json_object_set_new(j, "syscalls", sc);
	for (size_t i = 0; i < r->n_counter; i++)
		json_array_append_new(reads, json_pack("{s:o,s:o}", "pc", j_hex(r->counter_reads[i].pc), "value",
						       j_u64(r->counter_reads[i].value)));
	json_object_set_new(j, "counter_reads", reads);
	for (size_t i = 0; i < r->n_vvar; i++) {
		const struct vdsosim_vvar_rec *x = &r->vvar_reads[i];
		json_array_append_new(vv, json_pack("{s:o,s:s,s:o}", "pc", j_hex(x->pc), "field",
						     vdsosim_profile_field_name(p, x->page, x->offset, v->in_timens, name, sizeof name),
						     "value", j_hex(x->value)));
	}
	json_object_set_new(j, "vvar_reads", vv);
	for (size_t i = 0; i < r->n_trace; i++)
		json_array_append_new(tr, json_pack("{s:o,s:s}", "pc", j_hex(r->trace[i]), "insn",
						    vdsosim_profile_disasm(p, r->trace[i], insn, sizeof insn)));
	json_object_set_new(j, "trace", tr);
	return j;
}
