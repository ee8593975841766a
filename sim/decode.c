/* Decode the image once at load time: instruction boundaries, counter/cpu/syscall/spin sites,
 * and the pc-relative data references that tell where the code expects its data pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

static int add_site(struct vdsosim_engine *e, const struct vs_site *s)
{
	void *p = realloc(e->sites, (e->n_sites + 1) * sizeof *e->sites);
	if (!p)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	e->sites = p;
	e->sites[e->n_sites++] = *s;
	return 0;
}

static int by_addr(const void *a, const void *b)
{
	const struct vs_site *x = a, *y = b;
	return x->pub.addr < y->pub.addr ? -1 : x->pub.addr > y->pub.addr;
}

struct decoder {
	struct vdsosim_engine *e;
	csh cs;
	cs_insn *in;
	int thumb;
	int64_t lo_ref;
	uint64_t *work;
	size_t n_work, cap_work;
};

static const char *section_of(const struct vdsosim_image *img, uint64_t addr, size_t *sec)
{
	for (size_t s = 0; s < img->n_xsec; s++)
		if (addr >= img->xsec[s].addr && addr < img->xsec[s].addr + img->xsec[s].size) {
			*sec = s;
			return img->xsec[s].name;
		}
	return NULL;
}

static int push(struct decoder *d, uint64_t addr)
{
	if (d->n_work == d->cap_work) {
		size_t nc = d->cap_work ? 2 * d->cap_work : 64;
		uint64_t *p = realloc(d->work, nc * sizeof *p);
		if (!p)
			return vs_err(VDSOSIM_ENOMEM, "out of memory");
		d->work = p;
		d->cap_work = nc;
	}
	d->work[d->n_work++] = addr;
	return 0;
}

/* Decode from addr to the end of its section; with follow set, stop at the end of the control
 * flow or at code decoded before, and queue branch targets. */
static int run(struct decoder *d, uint64_t addr, int follow)
{
	struct vdsosim_engine *e = d->e;
	const struct vdsosim_image *img = e->img;
	size_t s;
	if (!section_of(img, addr, &s) || img->xsec[s].addr + img->xsec[s].size > img->info.load_size)
		return 0;
	const uint8_t *code = img->bytes + img->xsec[s].offset + (addr - img->xsec[s].addr);
	size_t size = img->xsec[s].size - (addr - img->xsec[s].addr);
	struct vs_decode dstate = { img->bytes, img->len, { 0 }, { 0 }, 0, 0, d->thumb };
	int r = 0;
	while (!r && size && cs_disasm_iter(d->cs, &code, &size, &addr, d->in)) {
		cs_insn *in = d->in;
		if (in->id == 0) /* skipped data */
			continue;
		if (follow && e->start[in->address])
			break;
		e->start[in->address] = 1;
		struct vs_site site = { .e = e, .reg = -1, .variant = 0 };
		uint64_t ref = 0, target = 0;
		if (e->ops->classify(in, &site, &ref, &dstate)) {
			site.pub.addr = in->address;
			site.pub.size = in->size;
			site.pub.section = img->xsec[s].name;
			if (!site.pub.text[0])
				snprintf(site.pub.text, sizeof site.pub.text, "%.15s%s%.30s", in->mnemonic,
					 in->op_str[0] ? " " : "", in->op_str);
			r = add_site(e, &site);
		}
		if ((int64_t)ref < d->lo_ref)
			d->lo_ref = (int64_t)ref;
		if (!follow)
			continue;
		int fl = e->ops->flow(in, &target);
		if ((fl & VS_FLOW_TARGET) && !r)
			r = push(d, target);
		if (fl & VS_FLOW_END)
			break;
	}
	return r;
}

int vs_decode_sites(struct vdsosim_engine *e)
{
	const struct vdsosim_image *img = e->img;
	size_t span = img->info.load_size;
	struct decoder d = { .e = e };
	cs_mode csm = e->ops->cs_mode;
	uc_mode ucm = e->ops->uc_mode;
	if (e->ops->modes)
		e->ops->modes(img, &csm, &ucm, &d.thumb);
	e->uc_mode = ucm;
	if (cs_open(e->ops->cs_arch, csm, &d.cs) != CS_ERR_OK)
		return vs_err(VDSOSIM_EUNSUPPORTED, "capstone cannot decode %s", img->info.arch);
	csh cs = d.cs;
	cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
	cs_option(cs, CS_OPT_SKIPDATA, CS_OPT_ON);
	e->start = calloc(span + 1, 1);
	e->cum = calloc(span + 1, sizeof *e->cum);
	int r = e->start && e->cum ? 0 : vs_err(VDSOSIM_ENOMEM, "out of memory");
	cs_insn *in = d.in = cs_malloc(cs);
	if (!e->ops->flow) {
		for (size_t s = 0; !r && in && s < img->n_xsec; s++)
			r = run(&d, img->xsec[s].addr, 0);
	} else {
		for (size_t i = 0; !r && i < img->info.n_symbols; i++)
			r = push(&d, img->info.symbols[i].value & ~1ULL);
		while (!r && in && d.n_work)
			r = run(&d, d.work[--d.n_work], 1);
	}
	free(d.work);
	int64_t lo_ref = d.lo_ref;
	if (in)
		cs_free(in, 1);
	cs_option(cs, CS_OPT_DETAIL, CS_OPT_OFF);
	e->cs = cs; /* kept for naming instructions in reports; closed with the engine */
	if (r)
		return r;
	for (size_t off = 0; off < span; off++)
		e->cum[off + 1] = e->cum[off] + e->start[off];
	e->lo_ref = lo_ref;
	qsort(e->sites, e->n_sites, sizeof *e->sites, by_addr);
	e->pub_sites = calloc(e->n_sites ? e->n_sites : 1, sizeof *e->pub_sites);
	if (!e->pub_sites)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	for (size_t i = 0; i < e->n_sites; i++)
		e->pub_sites[i] = e->sites[i].pub;
	return 0;
}

void vs_disasm_at(const struct vdsosim_engine *e, uint64_t pc, char *buf, size_t len)
{
	snprintf(buf, len, "?");
	if (pc < e->base || pc >= e->base + e->img->info.load_size)
		return;
	uint64_t off = pc - e->base;
	for (size_t s = 0; s < e->img->n_xsec; s++) {
		const __typeof__(*e->img->xsec) *x = &e->img->xsec[s];
		if (off < x->addr || off >= x->addr + x->size)
			continue;
		cs_insn *in;
		size_t n = e->cs ? cs_disasm(e->cs, e->img->bytes + x->offset + (off - x->addr), x->addr + x->size - off,
					     off, 1, &in)
				 : 0;
		if (n) {
			snprintf(buf, len, "%s %s", in->mnemonic, in->op_str);
			cs_free(in, n);
		}
		return;
	}
}
