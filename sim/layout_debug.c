/* A data-page layout from the image's debug info: offsets, strides and clock-mode values from its
 * DWARF, the pages' order from its data symbols, and what DWARF cannot say (the delta math, the
 * counter, the modes' names) from the nearest table row. Anything the model would need and the
 * debug info does not give, or gives in a shape the model does not write, is refused. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "machine.h"

#define ABSENT INT32_MIN

/* Symbols that place a data page, and what the page holds (the linker scripts' names per era). */
static const struct { const char *sym; uint8_t role; } page_syms[] = {
	{ "vdso_u_time_data", VS_PAGE_TIME }, { "vvar_page", VS_PAGE_TIME },	   { "_vdso_data", VS_PAGE_TIME },
	{ "timens_page", VS_PAGE_TIMENS },    { "_timens_data", VS_PAGE_TIMENS }, { "vdso_u_rng_data", VS_PAGE_RNG },
	{ "vdso_u_arch_data", VS_PAGE_ARCH }, { "pvclock_page", VS_PAGE_PVCLOCK }, { "hvclock_page", VS_PAGE_HVCLOCK },
};
static const char *const time_syms[] = { "vdso_u_time_data", "vvar__vdso_data", "_vdso_data" };
static const char *const rng_syms[] = { "vdso_u_rng_data", "vvar__vdso_rng_data", "_vdso_rng_data" };

struct ctx {
	const struct vs_debug *d;
	char *why;
	size_t len;
};

static int no(struct ctx *c, const char *fmt, ...) VS_PRINTF(2, 3);
static int no(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->why, c->len, fmt, ap);
	va_end(ap);
	return -1;
}

/* A member the model writes, with the size it writes (an array's element size for arrays). */
static int need(struct ctx *c, const struct vs_dw_struct *s, const char *name, uint32_t size, int optional,
		const struct vs_dw_member **out)
{
	const struct vs_dw_member *m = vs_debug_member(s, name);
	*out = m;
	if (!m)
		return optional ? 0 : no(c, "struct %s has no member %s", s->name, name);
	uint32_t got = m->elem ? m->elem : m->size;
	if (size && got != size)
		return no(c, "struct %s: %s is %u bytes, the model writes %u", s->name, name, got, size);
	return 0;
}

/* A struct of a fixed ABI (the paravirt pages, the rng data, timestamps) must be as the model writes it. */
static int abi_struct(struct ctx *c, const char *name, const char *const *fields, const uint32_t *offs,
		      const uint32_t *sizes)
{
	const struct vs_dw_struct *s = vs_debug_struct(c->d, name);
	for (int i = 0; s && fields[i]; i++) {
		const struct vs_dw_member *m = vs_debug_member(s, fields[i]);
		if (!m)
			return no(c, "struct %s has no member %s", name, fields[i]);
		if (m->off != offs[i] || m->size != sizes[i])
			return no(c, "struct %s: %s is not where the ABI puts it (offset %u, the model's %u)", name, fields[i],
				  m->off, offs[i]);
	}
	return 0;
}

static int abi_structs(struct ctx *c)
{
	static const char *const ts[] = { "sec", "nsec", NULL }, *const rng[] = { "generation", "is_ready", NULL };
	static const char *const pv[] = { "version", "tsc_timestamp", "system_time", "tsc_to_system_mul", "tsc_shift",
					  "flags", NULL };
	static const char *const hv[] = { "tsc_sequence", "tsc_scale", "tsc_offset", NULL };
	static const uint32_t ts_o[] = { 0, 8 }, ts_s[] = { 8, 8 }, rng_o[] = { 0, 8 }, rng_s[] = { 8, 1 };
	static const uint32_t pv_o[] = { 0, 8, 16, 24, 28, 29 }, pv_s[] = { 4, 8, 8, 4, 1, 1 };
	static const uint32_t hv_o[] = { 0, 8, 16 }, hv_s[] = { 4, 8, 8 };
	return abi_struct(c, "vdso_timestamp", ts, ts_o, ts_s) || abi_struct(c, "timens_offset", ts, ts_o, ts_s) ||
	       abi_struct(c, "vdso_rng_data", rng, rng_o, rng_s) ||
	       abi_struct(c, "pvclock_vcpu_time_info", pv, pv_o, pv_s) ||
	       abi_struct(c, "ms_hyperv_tsc_page", hv, hv_o, hv_s);
}

static int clock_fields(struct ctx *c, struct vs_layout_own *o, const struct vs_dw_struct *C)
{
	const struct vs_dw_member *seq, *mode, *last, *maxc, *mask, *mult, *shift, *bt, *off;
	if (need(c, C, "seq", 4, 0, &seq) || need(c, C, "clock_mode", 4, 0, &mode) ||
	    need(c, C, "cycle_last", 8, 0, &last) || need(c, C, "max_cycles", 8, 1, &maxc) ||
	    need(c, C, "mask", 8, 0, &mask) || need(c, C, "mult", 4, 0, &mult) || need(c, C, "shift", 4, 0, &shift) ||
	    need(c, C, "basetime", 16, 0, &bt) || need(c, C, "offset", 16, 1, &off))
		return -1;
	if (bt->count < 12)
		return no(c, "struct %s: basetime has %u entries, fewer than the 12 clock ids served", C->name, bt->count);
	if (off && off->off != bt->off)
		return no(c, "struct %s: the timens offset[] does not overlay basetime[]", C->name);
	o->clk = (struct vs_clock_fields){ (int16_t)seq->off, (int16_t)mode->off, (int16_t)last->off,
					   maxc ? (int16_t)maxc->off : -1, (int16_t)mask->off, (int16_t)mult->off,
					   (int16_t)shift->off, (int16_t)bt->off, (uint16_t)(bt->off + 16 * 12) };
	o->l.clk = &o->clk;
	return 0;
}

static int time_fields(struct ctx *c, struct vs_layout_own *o, const struct vs_dw_struct *T,
		       const struct vs_dw_member *cd, const struct vs_dw_struct *C)
{
	const struct vs_dw_member *tz, *dst, *res, *aux;
	if (need(c, T, "tz_minuteswest", 4, 0, &tz) || need(c, T, "tz_dsttime", 4, 0, &dst) ||
	    need(c, T, "hrtimer_res", 4, 0, &res) || need(c, T, "aux_clock_data", 0, 1, &aux))
		return -1;
	if (dst->off != tz->off + 4)
		return no(c, "struct %s: tz_dsttime does not follow tz_minuteswest", T->name);
	o->l.clock0_off = cd ? (uint16_t)cd->off : 0;
	o->l.clock_stride = (uint16_t)(cd ? cd->elem : C->size);
	if (cd && (cd->elem != C->size || cd->count < 2))
		return no(c, "struct %s: clock_data is not %s[2] or more", T->name, C->name);
	o->l.tz_off = (uint16_t)tz->off;
	o->l.hrtimer_res_off = (uint16_t)res->off;
	o->l.n_aux = 0;
	o->l.aux_off = 0;
	o->l.aux_clock_ids = 0;
	if (aux) {
		if (aux->elem != o->l.clock_stride || aux->count > 8)
			return no(c, "struct %s: aux_clock_data is not up to 8 %s", T->name, C->name);
		o->l.n_aux = (uint8_t)aux->count;
		o->l.aux_off = (uint16_t)aux->off;
		o->l.aux_clock_ids = aux->count > 0;
	}
	return 0;
}

static int sym(const struct vs_debug *d, const char *const *names, size_t n, int64_t *v)
{
	for (size_t i = 0; i < n; i++)
		if (vs_debug_sym(d, names[i], v))
			return 1;
	return 0;
}

/* The pages below the image from the data symbols, for one page size; -1 when they don't fit it. */
static int pages(struct ctx *c, struct vs_layout_own *o, const struct vs_layout *row, uint32_t ps, int gen_store)
{
	int64_t lo = 0, v;
	for (size_t i = 0; i < sizeof page_syms / sizeof *page_syms; i++)
		if (vs_debug_sym(c->d, page_syms[i].sym, &v)) {
			if (v >= 0 || v % ps)
				return no(c, "%s at image%s0x%llx is not a page below the image", page_syms[i].sym, v < 0 ? "-" : "+",
					  (unsigned long long)(v < 0 ? -v : v));
			lo = v < lo ? v : lo;
		}
	if (!lo) {
		/* no data symbols (MIPS finds its page from _start): the row's pages, at this page size */
		o->l.page_size = ps;
		return 0;
	}
	int64_t n = -lo / ps;
	if (n > 8)
		return no(c, "the data symbols span %lld pages of %u bytes", (long long)n, ps);
	int role[8];
	for (int i = 0; i < 8; i++)
		role[i] = -1;
	for (size_t i = 0; i < sizeof page_syms / sizeof *page_syms; i++)
		if (vs_debug_sym(c->d, page_syms[i].sym, &v)) {
			int k = (int)((v - lo) / ps);
			if (role[k] >= 0 && role[k] != page_syms[i].role)
				return no(c, "%s shares a page with another data page", page_syms[i].sym);
			role[k] = page_syms[i].role;
		}
	for (int k = 0; k < n; k++) {
		if (role[k] >= 0)
			continue;
		/* the generic store keeps datapage.h's order: time, timens, rng, then the arch pages */
		if (!gen_store)
			return no(c, "page %d of %lld has no data symbol", k, (long long)n);
		role[k] = k == 1 ? VS_PAGE_TIMENS : k == 2 ? VS_PAGE_RNG : VS_PAGE_ARCH;
	}
	int64_t vclock = 0;
	int has_vclock = vs_debug_sym(c->d, "vclock_pages", &vclock);
	/* a device page the kernel maps below the data and no symbol names (the MIPS GIC) stays the row's */
	int dev = 0;
	while (dev < row->n_pages && row->page[dev].role == VS_PAGE_GIC)
		dev++;
	if (n + dev > 8)
		return no(c, "the data symbols and the device pages span %lld pages", (long long)(n + dev));
	o->l.n_pages = (uint8_t)(n + dev);
	for (int k = 0; k < dev; k++)
		o->l.page[k] = row->page[k];
	for (int k = 0; k < n; k++) {
		o->l.page[dev + k].role = (uint8_t)role[k];
		o->l.page[dev + k].mapping = has_vclock && lo + (int64_t)k * ps >= vclock ? VS_MAP_VCLOCK : VS_MAP_VVAR;
	}
	o->l.page_size = ps;
	int64_t t;
	if (!sym(c->d, time_syms, 3, &t))
		return no(c, "no symbol places the time data (%s)", time_syms[0]);
	if (t < lo || t >= 0)
		return no(c, "the time data lies outside the data pages");
	o->l.data_off = (uint16_t)((t - lo) % ps);
	if (role[(t - lo) / ps] != VS_PAGE_TIME)
		return no(c, "%s is not in the time page", time_syms[0]);
	/* no rng symbol: the image does not read it; what the kernel writes there is the row's */
	if (sym(c->d, rng_syms, 3, &v)) {
		if (v < lo || v >= 0)
			return no(c, "the rng data lies outside the data pages");
		o->l.rng_off = (int16_t)((v - lo) % ps);
		o->l.rng_role = (uint8_t)role[(v - lo) / ps];
	}
	(void)row;
	return 0;
}

static void modes(struct ctx *c, struct vs_layout_own *o)
{
	int64_t v;
	int any = 0;
	for (size_t i = 0; i < c->d->n_enums; i++)
		any |= !strncmp(c->d->enums[i].name, "VDSO_CLOCKMODE_", 15);
	if (!any)
		return; /* an era before enum vdso_clock_mode: the row's values */
	for (int m = 0; m < VDSOSIM_NMODES; m++) {
		if (!o->l.mode_name[m])
			continue;
		char name[48] = "VDSO_CLOCKMODE_";
		for (size_t k = 0; o->l.mode_name[m][k] && k < 30; k++)
			name[15 + k] = (char)toupper((unsigned char)o->l.mode_name[m][k]);
		if (vs_debug_enum(c->d, name, &v)) {
			o->l.mode_val[m] = (int32_t)v;
		} else {
			o->l.mode_val[m] = ABSENT;
			o->l.mode_name[m] = NULL;
		}
	}
	/* the enumerator exists in every build; whether the arch serves time namespaces is the row's */
	if (o->l.mode_timens)
		o->l.mode_timens = vs_debug_enum(c->d, "VDSO_CLOCKMODE_TIMENS", &v) ? (int32_t)v : 0;
}

/* The arch's own data (s390 TOD steering), named by its members. */
static void arch_fields(struct ctx *c, struct vs_layout_own *o, const struct vs_dw_struct *T, int gen_store)
{
	const struct vs_dw_member *ad = vs_debug_member(T, "arch_data");
	const struct vs_dw_struct *as = vs_debug_struct(c->d, gen_store ? "arch_vdso_time_data" : "arch_vdso_data");
	size_t n = 0;
	for (size_t i = 0; ad && as && i < as->n && n + 1 < sizeof o->arch / sizeof *o->arch; i++)
		if (as->m[i].size && as->m[i].size < 256)
			o->arch[n++] = (struct vs_arch_field){ VS_PAGE_TIME, (uint16_t)(o->l.data_off + ad->off + as->m[i].off),
							       (uint8_t)as->m[i].size, as->m[i].name };
	o->arch[n] = (struct vs_arch_field){ 0, 0, 0, NULL };
	/* none described (ppc's C code never names struct vdso_arch_data): the row's stand */
	if (n)
		o->l.arch_fields = o->arch;
}

int vs_layout_from_debug(const struct vs_debug *d, const struct vs_layout *row, uint32_t ps, struct vs_layout_own *o,
			 char *why, size_t len)
{
	struct ctx c = { d, why, len };
	*o = (struct vs_layout_own){ .l = *row };
	snprintf(o->name, sizeof o->name, "from debug info");
	o->l.name = o->name;
	const struct vs_dw_struct *td = vs_debug_struct(d, "vdso_time_data"), *vd = vs_debug_struct(d, "vdso_data");
	const struct vs_dw_member *cd = td ? vs_debug_member(td, "clock_data") : NULL;
	const struct vs_dw_struct *T = cd ? td : vd, *C = cd ? vs_debug_struct(d, "vdso_clock") : vd;
	if (!T || !C)
		return no(&c, "it describes neither struct vdso_time_data with its vdso_clock nor struct vdso_data");
	modes(&c, o);
	if (abi_structs(&c) || clock_fields(&c, o, C) || time_fields(&c, o, T, cd, C) ||
	    pages(&c, o, row, ps, cd != NULL))
		return -1;
	if (vs_layout_page(&o->l, VS_PAGE_TIMENS) < 0)
		o->l.mode_timens = 0;
	arch_fields(&c, o, T, cd != NULL);
	return 0;
}
