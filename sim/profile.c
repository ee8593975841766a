/* An image's profile: decoded once, its layout chosen by its own code's data references, and its
 * build asked (by running it) what it left out. Models and engines are made from it; it is never
 * written after it is made, so threads share it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

#define PROBE_BASE 0x40000000ULL

/* The row at this page size, or the layout the debug info gives with that row's semantics. */
static int materialize(struct vdsosim_profile *p, const struct vs_layout *row, uint32_t ps, char *why, size_t len)
{
	if (!p->debug) {
		p->lay = *row;
		p->lay.page_size = ps;
		return 0;
	}
	if (vs_layout_from_debug(p->debug, row, ps, &p->own, why, len))
		return -1;
	p->lay = p->own.l;
	p->sem = row;
	return 0;
}

/* The code's own view of where its data lives picks the row and the page size: the lowest
 * pc-relative data reference falls in the first data page (a native arm vDSO has one page below
 * it, an arm64 kernel's compat vdso32 two; an arm64 kernel may use 4K, 16K or 64K pages). */
static int choose_layout(struct vdsosim_profile *p, const struct vs_layout **cand, size_t nc, int skip)
{
	static const uint32_t sizes[] = { 4096, 16384, 65536 };
	int64_t ref = p->lo_ref;
	char why[256] = "";
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nc; i++)
			for (size_t k = 0; k < 3; k++) {
				uint32_t ps = cand[i]->page_size ? cand[i]->page_size : sizes[k];
				if (!materialize(p, cand[i], ps, why, sizeof why)) {
					int64_t span = (int64_t)p->lay.n_pages * ps;
					int fits = ref == 0 || ref >= -span;
					int first = ref == 0 || (ref >= -span && ref < -span + ps);
					if (((pass == 0 && first) || (pass == 1 && fits)) && skip-- <= 0)
						return 0;
				}
				if (cand[i]->page_size)
					break;
			}
	if (p->debug && why[0])
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: %s", p->debug->source, why);
	return vs_err(VDSOSIM_EUNSUPPORTED, "%s: code references data at image-0x%llx, below the data pages of %s",
		      p->img->info.path, (unsigned long long)-ref, p->debug ? "its debug info" : cand[0]->name);
}

static void add_diff(void *arg, const char *line)
{
	struct vdsosim_profile *p = arg;
	if (p->n_diffs < VS_MAX_DIFFS)
		snprintf(p->diffs[p->n_diffs++], sizeof p->diffs[0], "%s", line);
}

/* Debug info and the table must agree where both speak: say where they don't. */
static void compare_row(struct vdsosim_profile *p)
{
	p->n_diffs = 0;
	if (!p->debug || !p->row)
		return;
	struct vs_layout t = *p->sem;
	t.page_size = p->lay.page_size;
	vs_layout_diff(&p->lay, &t, add_diff, p);
}

static void describe(struct vdsosim_profile *p)
{
	const struct vs_layout *l = &p->lay;
	for (int i = 0; i < l->n_pages; i++) {
		int64_t rel = -(int64_t)((l->n_pages - i) * l->page_size);
		p->pages[i] = (struct vdsosim_page_desc){ l->page[i].mapping == VS_MAP_VVAR ? "[vvar]" : "[vvar_vclock]",
							  vs_page_role_name(l->page[i].role), rel };
	}
	for (int f = 0; f < VDSOSIM_NFUNCS; f++) {
		const struct vdsosim_symbol *s = vdsosim_image_find(p->img, vdsosim_func_name((enum vdsosim_func)f));
		p->entry[f] = s ? s->value : 0;
	}
	p->cfg = (struct vs_model_config){ &p->lay, p->img->info.kernel_version, p->ops->fallback_modes,
					   p->ops->syscall_funcs };
}

/* A build without CONFIG_PARAVIRT_CLOCK / CONFIG_HYPERV_TIMER returns U64_MAX for that mode without
 * reading the TSC; with it, the pvclock/Hyper-V reader reads the TSC. A MIPS build without
 * CONFIG_CLKSRC_MIPS_GIC (Loongson-3) returns 0 for GIC mode: its kernel never selects that mode,
 * so the mode is absent. Ask the image's own clock_gettime once per such mode (no memory hook: any
 * read hook slows every load). */
static uint32_t probe_vclocks(struct vdsosim_profile *p, vdsosim_engine *e, vdsosim_model *m)
{
	static const struct { enum vs_page_role role; enum vdsosim_clock_mode mode; int absent; } vclocks[] = {
		{ VS_PAGE_PVCLOCK, VDSOSIM_MODE_PVCLOCK, 0 }, { VS_PAGE_HVCLOCK, VDSOSIM_MODE_HVCLOCK, 0 },
		{ VS_PAGE_GIC, VDSOSIM_MODE_GIC, 1 } };
	uint32_t unbuilt = 0;
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	for (size_t i = 0; i < sizeof vclocks / sizeof *vclocks; i++) {
		if (vs_layout_page(&p->lay, vclocks[i].role) < 0 || !p->entry[VDSOSIM_CLOCK_GETTIME]) {
			unbuilt |= vclocks[i].absent ? 0 : 1u << vclocks[i].mode;
			continue;
		}
		vdsosim_model saved = *m;
		vs_model_change_clocksource(m, m->st.counter, vclocks[i].mode);
		vdsosim_engine_sync(e);
		struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, m->st.counter };
		vdsosim_engine_call(e, &c, &r);
		if (!r.n_counter && vclocks[i].absent)
			p->modes_absent |= 1u << vclocks[i].mode;
		else if (!r.n_counter)
			unbuilt |= 1u << vclocks[i].mode;
		*m = saved;
	}
	vdsosim_result_clear(&r);
	return unbuilt;
}

void vdsosim_profile_free(vdsosim_profile *p)
{
	if (!p)
		return;
	vs_debug_free(p->debug);
	free(p->sites);
	free(p->pub_sites);
	free(p->cum);
	free(p->start);
	free(p);
}

int vdsosim_image_sites(const vdsosim_image *img, struct vdsosim_site **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	const struct vs_arch_ops *ops = img ? vs_arch_find(img->info.arch) : NULL;
	if (!ops)
		return vs_err(VDSOSIM_EUNSUPPORTED, "no decoder for architecture %s", img ? img->info.arch : "(none)");
	struct vdsosim_profile *p = calloc(1, sizeof *p);
	if (!p)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	p->img = img;
	p->ops = ops;
	int r = vs_decode_sites(p);
	if (!r) {
		*out = p->pub_sites;
		*n = p->n_sites;
		p->pub_sites = NULL;
	}
	vdsosim_profile_free(p);
	return r;
}

/* Beyond the table without debug info: name the nearest row and what would do instead. */
static int no_row(const struct vdsosim_image_info *in)
{
	const struct vs_layout *near[2];
	if (!in->kernel_version)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: no data-page layout for %s kernel (no Linux version note)",
			      in->path, in->arch);
	if (!vs_layout_nearest(in->arch, in->kernel_version, near, 2))
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: no data-page layout for %s kernel %s", in->path, in->arch,
			      in->kernel_version_str);
	return vs_err(VDSOSIM_EUNSUPPORTED,
		      "%s: no data-page layout for %s kernel %s: the nearest table row, %s, covers %u.%u to %u.%u and a "
		      "layout is not guessed; the build's own debug info would do (its .dbg image, or IMAGE.dbg beside it)",
		      in->path, in->arch, in->kernel_version_str, near[0]->name, near[0]->ver_min >> 16,
		      (near[0]->ver_min >> 8) & 0xff, near[0]->ver_max >> 16, (near[0]->ver_max >> 8) & 0xff);
}

int vdsosim_profile_new(vdsosim_profile **out, const vdsosim_image *img)
{
	*out = NULL;
	if (!img)
		return vs_err(VDSOSIM_EARG, "a profile needs an image");
	const struct vdsosim_image_info *in = &img->info;
	const struct vs_arch_ops *ops = vs_arch_find(in->arch);
	if (!ops)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: architecture %s cannot be emulated yet", in->path, in->arch);
	char why[256];
	if (ops->refuse && ops->refuse(img, why, sizeof why))
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: %s", in->path, why);
	if (!uc_arch_supported(ops->uc_arch)) {
		unsigned major, minor;
		uc_version(&major, &minor);
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: the linked Unicorn %u.%u has no %s target", in->path, major, minor,
			      in->arch);
	}
	struct vdsosim_profile *p = calloc(1, sizeof *p);
	if (!p)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	p->img = img;
	p->ops = ops;
	const struct vs_layout *cand[8];
	size_t nc = vs_layout_candidates(in->arch, in->kernel_version, cand, 8);
	p->row = nc ? cand[0] : NULL;
	int r = vs_debug_open(img, &p->debug);
	if (r && nc) {
		/* unusable debug info beside a kernel the table knows: the table, and say why */
		snprintf(p->debug_refused, sizeof p->debug_refused, "%s", vdsosim_last_error());
		r = 0;
	}
	if (!r && !nc && p->debug)
		nc = vs_layout_nearest(in->arch, in->kernel_version, cand, 8);
	if (!r && !nc)
		r = no_row(in);
	if (!r)
		r = vs_decode_sites(p);
	p->each_insn = ops->count_each_insn && ops->count_each_insn(img);
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	for (int skip = 0; !r; skip++) {
		if ((r = choose_layout(p, cand, nc, skip)) && p->debug && p->row) {
			snprintf(p->debug_refused, sizeof p->debug_refused, "%s", vdsosim_last_error());
			vs_debug_free(p->debug);
			p->debug = NULL;
			skip = -1;
			r = 0;
			continue;
		}
		if (r)
			break;
		compare_row(p);
		describe(p);
		vdsosim_model *m = NULL;
		vdsosim_engine *e = NULL;
		if ((r = vs_model_create(&m, &p->cfg, &st)) || (r = vs_engine_create(&e, p, m, NULL))) {
			vdsosim_model_free(m);
			break;
		}
		/* the image behaves as another family's: try that */
		int other = ops->confirm && !ops->confirm(vs_engine_machine(e)) && skip + 1 < (int)nc;
		if (!other)
			p->cfg.modes_unbuilt |= probe_vclocks(p, e, m);
		vdsosim_engine_free(e);
		vdsosim_model_free(m);
		if (!other)
			break;
	}
	if (r) {
		vdsosim_profile_free(p);
		return r;
	}
	*out = p;
	return 0;
}

int vdsosim_model_new(vdsosim_model **out, const vdsosim_profile *p, const struct vdsosim_state *st)
{
	if (!p) {
		*out = NULL;
		return vs_err(VDSOSIM_EARG, "a model needs a profile (or vdsosim_model_new_generic)");
	}
	if (st && !vdsosim_profile_mode_name(p, st->mode)) {
		*out = NULL;
		char modes[128] = "";
		for (int m = 0; m < VDSOSIM_NMODES; m++)
			if (vdsosim_profile_mode_name(p, (enum vdsosim_clock_mode)m))
				snprintf(modes + strlen(modes), sizeof modes - strlen(modes), "%s%s", modes[0] ? ", " : "",
					 vdsosim_mode_name((enum vdsosim_clock_mode)m));
		return vs_err(VDSOSIM_EARG, "%s: clock mode %s is not one a kernel of this build uses (%s)", p->img->info.path,
			      vdsosim_mode_name(st->mode), modes);
	}
	return vs_model_create(out, &p->cfg, st);
}

const vdsosim_image *vdsosim_profile_image(const vdsosim_profile *p) { return p->img; }

const char *vdsosim_profile_layout_name(const vdsosim_profile *p) { return p->lay.name; }

const char *vdsosim_profile_debug_info(const vdsosim_profile *p) { return p->debug ? p->debug->source : NULL; }

const char *vdsosim_profile_table_row(const vdsosim_profile *p)
{
	return p->row ? (p->debug ? p->sem : p->row)->name : NULL;
}

const char *vdsosim_profile_semantics_row(const vdsosim_profile *p) { return p->debug ? p->sem->name : p->lay.name; }

const char *vdsosim_profile_debug_refused(const vdsosim_profile *p) { return p->debug_refused; }

const char *vdsosim_profile_layout_diff(const vdsosim_profile *p, size_t i)
{
	return i < p->n_diffs ? p->diffs[i] : NULL;
}

const char *vdsosim_profile_mode_name(const vdsosim_profile *p, enum vdsosim_clock_mode m)
{
	return m < VDSOSIM_NMODES && !(p->modes_absent & (1u << m)) ? p->lay.mode_name[m] : NULL;
}

int vdsosim_profile_exports(const vdsosim_profile *p, enum vdsosim_func f)
{
	return f < VDSOSIM_NFUNCS && p->entry[f] != 0;
}

int vdsosim_profile_has_timens(const vdsosim_profile *p)
{
	return vs_layout_page(&p->lay, VS_PAGE_TIMENS) >= 0 && p->lay.mode_timens;
}

uint32_t vdsosim_profile_page_size(const vdsosim_profile *p) { return p->lay.page_size; }

const char *vdsosim_profile_field_name(const vdsosim_profile *p, uint32_t page, uint32_t offset, int in_ns,
				       char *buf, size_t len)
{
	return vs_layout_field_name(&p->lay, page, offset, in_ns && vdsosim_profile_has_timens(p), buf, len);
}

size_t vdsosim_profile_sites(const vdsosim_profile *p, const struct vdsosim_site **sites)
{
	*sites = p->pub_sites;
	return p->n_sites;
}

size_t vdsosim_profile_pages(const vdsosim_profile *p, const struct vdsosim_page_desc **pages)
{
	*pages = p->pages;
	return p->lay.n_pages;
}
