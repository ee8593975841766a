/* Decode the image once at load time: instruction boundaries, counter/cpu/syscall/spin sites,
 * and the pc-relative data references that tell where the code expects its data pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"

static int add_site(struct vdsosim_profile *e, const struct vs_site *s)
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
	struct vdsosim_profile *e;
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

/* capstone where it knows the arch; otherwise the backend's length decoder (fixed encodings only) */
static int next_insn(struct decoder *d, const uint8_t **code, size_t *size, uint64_t *addr, cs_insn *raw)
{
	int (*len_of)(const uint8_t *, size_t) = d->e->ops->insn_len;
	if (!len_of)
		return cs_disasm_iter(d->cs, code, size, addr, d->in);
	int n = len_of(*code, *size);
	if (n <= 0 || (size_t)n > *size || n > 16)
		return 0;
	memset(raw, 0, sizeof *raw);
	raw->id = 1;
	raw->address = *addr;
	raw->size = (uint16_t)n;
	memcpy(raw->bytes, *code, (size_t)n);
	snprintf(raw->mnemonic, sizeof raw->mnemonic, ".insn");
	*code += n;
	*size -= (size_t)n;
	*addr += (uint64_t)n;
	return 1;
}

/* Decode from addr to the end of its section; with follow set, stop at the end of the control
 * flow or at code decoded before, and queue branch targets. */
static int run(struct decoder *d, uint64_t addr, int follow)
{
	struct vdsosim_profile *e = d->e;
	const struct vdsosim_image *img = e->img;
	size_t s;
	if (!section_of(img, addr, &s) || img->xsec[s].addr + img->xsec[s].size > img->info.load_size)
		return 0;
	const uint8_t *code = img->bytes + img->xsec[s].offset + (addr - img->xsec[s].addr);
	size_t size = img->xsec[s].size - (addr - img->xsec[s].addr);
	struct vs_decode dstate = { img->bytes, img->len, { 0 }, { 0 }, 0, 0, d->thumb };
	int r = 0;
	cs_insn raw;
	while (!r && size && next_insn(d, &code, &size, &addr, &raw)) {
		cs_insn *in = e->ops->insn_len ? &raw : d->in;
		if (in->id == 0) /* skipped data */
			continue;
		if (follow && e->start[in->address])
			break;
		e->start[in->address] = 1;
		struct vs_site site = { .reg = -1, .variant = 0 };
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

int vs_decode_sites(struct vdsosim_profile *e)
{
	const struct vdsosim_image *img = e->img;
	size_t span = img->info.load_size;
	struct decoder d = { .e = e };
	cs_mode csm = e->ops->cs_mode;
	uc_mode ucm = e->ops->uc_mode;
	if (e->ops->modes)
		e->ops->modes(img, &csm, &ucm, &d.thumb);
	e->uc_mode = ucm;
	e->cs_mode = csm;
	if (!e->ops->insn_len && cs_open(e->ops->cs_arch, csm, &d.cs) != CS_ERR_OK)
		return vs_err(VDSOSIM_EUNSUPPORTED, "capstone cannot decode %s", img->info.arch);
	csh cs = d.cs;
	if (cs) {
		cs_option(cs, CS_OPT_DETAIL, CS_OPT_ON);
		cs_option(cs, CS_OPT_SKIPDATA, CS_OPT_ON);
	}
	e->start = calloc(span + 1, 1);
	e->cum = calloc(span + 1, sizeof *e->cum);
	int r = e->start && e->cum ? 0 : vs_err(VDSOSIM_ENOMEM, "out of memory");
	cs_insn *in = d.in = cs ? cs_malloc(cs) : calloc(1, sizeof *in);
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
	if (in && cs)
		cs_free(in, 1);
	else
		free(in);
	if (cs)
		cs_close(&cs);
	if (r)
		return r;
	for (size_t off = 0; off < span; off++)
		e->cum[off + 1] = e->cum[off] + e->start[off];
	e->lo_ref = lo_ref;
	if (e->n_sites) /* qsort(NULL, 0) is undefined */
		qsort(e->sites, e->n_sites, sizeof *e->sites, by_addr);
	e->pub_sites = calloc(e->n_sites ? e->n_sites : 1, sizeof *e->pub_sites);
	if (!e->pub_sites)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	for (size_t i = 0; i < e->n_sites; i++)
		e->pub_sites[i] = e->sites[i].pub;
	return 0;
}

/* A handle of its own per call: capstone handles are not thread-safe, and one profile serves
 * every thread. Only reports name instructions, so the cost does not matter. */
const char *vdsosim_profile_disasm(const vdsosim_profile *p, uint64_t off, char *buf, size_t len)
{
	snprintf(buf, len, "?");
	const struct vdsosim_image *img = p->img;
	if (off >= img->info.load_size)
		return buf;
	csh cs = 0;
	/* capstone names what it knows even where the backend decodes by length (s390x: capstone 4
	 * lacks newer z/Architecture instructions, so it cannot find the boundaries) */
	if (p->ops->cs_arch == CS_ARCH_MAX || cs_open(p->ops->cs_arch, p->cs_mode, &cs) != CS_ERR_OK) {
		if (off + 4 <= img->len) { /* no disassembler for this arch: the raw encoding */
			const uint8_t *b = img->bytes + off;
			int n = p->ops->insn_len ? p->ops->insn_len(b, 4) : 4;
			uint32_t w = n == 2 ? (uint32_t)(b[0] | b[1] << 8)
					    : (uint32_t)(b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24);
			snprintf(buf, len, ".insn 0x%0*x", n * 2, w);
		}
		return buf;
	}
	for (size_t s = 0; s < img->n_xsec; s++) {
		const __typeof__(*img->xsec) *x = &img->xsec[s];
		if (off < x->addr || off >= x->addr + x->size)
			continue;
		cs_insn *in;
		size_t n = cs_disasm(cs, img->bytes + x->offset + (off - x->addr), x->addr + x->size - off, off, 1, &in);
		if (n) {
			snprintf(buf, len, "%s %s", in->mnemonic, in->op_str);
			cs_free(in, n);
		} else if (p->ops->insn_len) {
			const uint8_t *b = img->bytes + x->offset + (off - x->addr);
			int k = p->ops->insn_len(b, x->addr + x->size - off), w = snprintf(buf, len, ".insn");
			for (int i = 0; i < k && w > 0 && (size_t)w < len; i++)
				w += snprintf(buf + w, len - (size_t)w, " %02x", b[i]);
		}
		break;
	}
	cs_close(&cs);
	return buf;
}
