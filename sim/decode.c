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

int vs_decode_sites(struct vdsosim_engine *e)
{
	const struct vdsosim_image *img = e->img;
	size_t span = img->info.load_size;
	csh cs;
	cs_mode csm = e->ops->cs_mode;
	uc_mode ucm = e->ops->uc_mode;
	int thumb = 0;
	if (e->ops->modes)
		e->ops->modes(img, &csm, &ucm, &thumb);
	e->uc_mode = ucm;
	if (cs_open(e->ops->cs_arch, csm, &cs) != CS_ERR_OK)
		return vs_err(VDSOSIM_EUNSUPPORTED, "capstone cannot decode %s", img->info.arch);
	cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
	cs_option(cs, CS_OPT_SKIPDATA, CS_OPT_ON);
	e->start = calloc(span + 1, 1);
	e->cum = calloc(span + 1, sizeof *e->cum);
	int r = e->start && e->cum ? 0 : vs_err(VDSOSIM_ENOMEM, "out of memory");
	int64_t lo_ref = 0;
	cs_insn *in = cs_malloc(cs);
	for (size_t s = 0; !r && in && s < img->n_xsec; s++) {
		const uint8_t *code = img->bytes + img->xsec[s].offset;
		size_t size = img->xsec[s].size;
		uint64_t addr = img->xsec[s].addr;
		if (addr + size > span)
			continue;
		struct vs_decode dstate = { img->bytes, img->len, { 0 }, { 0 }, 0, 0, thumb };
		while (!r && size && cs_disasm_iter(cs, &code, &size, &addr, in)) {
			if (in->id == 0) /* skipped data */
				continue;
			e->start[in->address] = 1;
			struct vs_site site = { .e = e, .reg = -1, .variant = 0 };
			uint64_t ref = 0;
			if (e->ops->classify(in, &site, &ref, &dstate)) {
				site.pub.addr = in->address;
				site.pub.size = in->size;
				site.pub.section = img->xsec[s].name;
				if (!site.pub.text[0])
					snprintf(site.pub.text, sizeof site.pub.text, "%.15s%s%.30s", in->mnemonic,
						 in->op_str[0] ? " " : "", in->op_str);
				r = add_site(e, &site);
			}
			if ((int64_t)ref < lo_ref)
				lo_ref = (int64_t)ref;

		}
	}
	if (in)
		cs_free(in, 1);
	cs_option(cs, CS_OPT_DETAIL, CS_OPT_OFF);
	e->cs = cs; /* kept for naming instructions in reports; closed with the engine */
	if (r)
		return r;
	for (size_t off = 0; off < span; off++)
		e->cum[off + 1] = e->cum[off] + e->start[off];
	e->lo_ref = lo_ref;
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
