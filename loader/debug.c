/* The image's debug info (its own DWARF, or a `.dbg` twin with the same build-id): the data-page
 * structs, the clock-mode enumerators and the data symbols, as plain facts. What they mean for the
 * data pages is sim/layout_debug.c's business. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "loader.h"

#ifdef VDSOSIM_HAVE_LIBDW
#include <dwarf.h>
#include <elfutils/libdw.h>
#endif

enum { MAX_DBG = 64 << 20, MAX_DEPTH = 8, MAX_DIES = 1 << 20 };

static const char *keep(struct vs_debug *d, const char *s)
{
	char **n = realloc(d->strings, (d->n_strings + 1) * sizeof *n);
	if (!n)
		return NULL;
	d->strings = n;
	return (n[d->n_strings] = strdup(s)) ? n[d->n_strings++] : NULL;
}

void vs_debug_free(struct vs_debug *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n_strings; i++)
		free(d->strings[i]);
	free(d->strings);
	free(d);
}

const struct vs_dw_struct *vs_debug_struct(const struct vs_debug *d, const char *name)
{
	for (size_t i = 0; d && i < d->n_structs; i++)
		if (!strcmp(d->structs[i].name, name))
			return &d->structs[i];
	return NULL;
}

const struct vs_dw_member *vs_debug_member(const struct vs_dw_struct *s, const char *name)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (!strcmp(s->m[i].name, name))
			return &s->m[i];
	return NULL;
}

int vs_debug_enum(const struct vs_debug *d, const char *name, int64_t *val)
{
	for (size_t i = 0; d && i < d->n_enums; i++)
		if (!strcmp(d->enums[i].name, name))
			return *val = d->enums[i].value, 1;
	return 0;
}

int vs_debug_sym(const struct vs_debug *d, const char *name, int64_t *val)
{
	for (size_t i = 0; d && i < d->n_syms; i++)
		if (!strcmp(d->syms[i].name, name))
			return *val = d->syms[i].value, 1;
	return 0;
}

/* Only names a data page can carry (the linker scripts' and datapage.h's); values sign-extended
 * from the class, relative to the image's first load address. */
static int load_syms(struct vs_debug *d, Elf *elf, int cls, uint64_t base)
{
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		Elf_Data *data = elf_getdata(scn, NULL);
		size_t n = data ? data->d_size / sh.sh_entsize : 0;
		for (size_t i = 1; i < n && i < 1u << 16; i++) {
			GElf_Sym s;
			const char *name = gelf_getsym(data, (int)i, &s) ? elf_strptr(elf, sh.sh_link, s.st_name) : NULL;
			if (!name || GELF_ST_TYPE(s.st_info) == STT_FILE || GELF_ST_TYPE(s.st_info) == STT_FUNC ||
			    (!strstr(name, "vvar") && !strstr(name, "_data") && !strstr(name, "_page")))
				continue;
			if (d->n_syms == sizeof d->syms / sizeof *d->syms)
				break;
			uint64_t v = s.st_value - base;
			if (cls == 32)
				v = (uint64_t)(int64_t)(int32_t)(uint32_t)v;
			d->syms[d->n_syms].name = keep(d, name);
			d->syms[d->n_syms].value = (int64_t)v;
			if (!d->syms[d->n_syms].name)
				return vs_err(VDSOSIM_ENOMEM, "out of memory");
			d->n_syms++;
		}
	}
	return 0;
}

#ifdef VDSOSIM_HAVE_LIBDW
static const char *const wanted[] = { "vdso_data",	   "vdso_time_data",	     "vdso_clock",
				      "vdso_timestamp",	   "timens_offset",	     "vdso_rng_data",
				      "arch_vdso_data",	   "arch_vdso_time_data",    "pvclock_vcpu_time_info",
				      "ms_hyperv_tsc_page", "vgetrandom_opaque_params" };

struct walk {
	struct vs_debug *d;
	const char *file;
	int err;
	size_t dies;
};

static int bad(struct walk *w, const char *fmt, ...) VS_PRINTF(2, 3);
static int bad(struct walk *w, const char *fmt, ...)
{
	char msg[200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!w->err)
		w->err = vs_err(VDSOSIM_EFORMAT, "%s: debug info: %s", w->file, msg);
	return w->err;
}

/* Every entry visited counts against a budget: a hostile file is refused, not walked forever. */
static int over(struct walk *w)
{
	return ++w->dies > MAX_DIES && bad(w, "more than %d entries", MAX_DIES);
}

static int type_size(Dwarf_Die *die, uint32_t *size, uint32_t *elem)
{
	Dwarf_Attribute a;
	Dwarf_Die t, pt, et;
	Dwarf_Word sz;
	*elem = 0;
	if (!dwarf_attr_integrate(die, DW_AT_type, &a) || !dwarf_formref_die(&a, &t) || dwarf_peel_type(&t, &pt) ||
	    dwarf_aggregate_size(&pt, &sz) || sz > 1u << 20)
		return -1;
	*size = (uint32_t)sz;
	if (dwarf_tag(&pt) == DW_TAG_array_type) {
		if (!dwarf_attr_integrate(&pt, DW_AT_type, &a) || !dwarf_formref_die(&a, &t) || dwarf_peel_type(&t, &et) ||
		    dwarf_aggregate_size(&et, &sz) || !sz || sz > *size)
			return -1;
		*elem = (uint32_t)sz;
	}
	return 0;
}

/* Members, with anonymous unions and structs flattened into their parent at their offset. */
static void members(struct walk *w, struct vs_dw_struct *s, Dwarf_Die *parent, uint32_t base, int depth)
{
	Dwarf_Die c;
	if (depth > MAX_DEPTH || dwarf_child(parent, &c))
		return;
	do {
		if (dwarf_tag(&c) != DW_TAG_member)
			continue;
		Dwarf_Attribute a;
		Dwarf_Word off = 0;
		if (dwarf_attr(&c, DW_AT_data_member_location, &a) && dwarf_formudata(&a, &off)) {
			bad(w, "struct %s: a member's offset is not a constant", s->name);
			return;
		}
		uint32_t size, elem;
		const char *name = dwarf_diename(&c);
		if (type_size(&c, &size, &elem) || off > 1u << 20) {
			bad(w, "struct %s: member %s has no usable type or size", s->name, name ? name : "(anonymous)");
			return;
		}
		if (base + off + size > s->size) {
			bad(w, "struct %s: member %s lies beyond the struct's size", s->name, name ? name : "(anonymous)");
			return;
		}
		if (!name) {
			Dwarf_Die t, pt;
			if (dwarf_attr_integrate(&c, DW_AT_type, &a) && dwarf_formref_die(&a, &t) && !dwarf_peel_type(&t, &pt))
				members(w, s, &pt, base + (uint32_t)off, depth + 1);
			continue;
		}
		if (dwarf_hasattr(&c, DW_AT_bit_size) || s->n == sizeof s->m / sizeof *s->m)
			continue;
		struct vs_dw_member *m = &s->m[s->n];
		if (!(m->name = keep(w->d, name))) {
			w->err = vs_err(VDSOSIM_ENOMEM, "out of memory");
			return;
		}
		m->off = base + (uint32_t)off;
		m->size = size;
		m->elem = elem;
		m->count = elem ? size / elem : 0;
		s->n++;
	} while (!w->err && !over(w) && dwarf_siblingof(&c, &c) == 0);
}

static void take_struct(struct walk *w, Dwarf_Die *die, const char *name)
{
	Dwarf_Word sz;
	if (dwarf_hasattr(die, DW_AT_declaration) || dwarf_aggregate_size(die, &sz))
		return;
	if (sz > 1u << 16) {
		bad(w, "struct %s is larger than 64 KiB", name);
		return;
	}
	struct vs_dw_struct s = { .name = name, .size = (uint32_t)sz };
	members(w, &s, die, 0, 0);
	if (w->err)
		return;
	const struct vs_dw_struct *old = vs_debug_struct(w->d, name);
	if (old && (old->size != s.size || old->n != s.n))
		bad(w, "struct %s is described twice, differently", name);
	else if (!old && w->d->n_structs < sizeof w->d->structs / sizeof *w->d->structs) {
		if (!(s.name = keep(w->d, name)))
			w->err = vs_err(VDSOSIM_ENOMEM, "out of memory");
		else
			w->d->structs[w->d->n_structs++] = s;
	}
}

static void take_enum(struct walk *w, Dwarf_Die *die)
{
	Dwarf_Die c;
	if (dwarf_child(die, &c))
		return;
	do {
		const char *name = dwarf_diename(&c);
		Dwarf_Attribute a;
		Dwarf_Sword v;
		int64_t old;
		if (dwarf_tag(&c) != DW_TAG_enumerator || !name || strncmp(name, "VDSO_CLOCKMODE_", 15) ||
		    !dwarf_attr(&c, DW_AT_const_value, &a) || dwarf_formsdata(&a, &v))
			continue;
		if (vs_debug_enum(w->d, name, &old)) {
			if (old != v)
				bad(w, "%s has two values", name);
			continue;
		}
		if (w->d->n_enums == sizeof w->d->enums / sizeof *w->d->enums)
			return;
		if (!(w->d->enums[w->d->n_enums].name = keep(w->d, name))) {
			w->err = vs_err(VDSOSIM_ENOMEM, "out of memory");
			return;
		}
		w->d->enums[w->d->n_enums++].value = v;
	} while (!w->err && !over(w) && dwarf_siblingof(&c, &c) == 0);
}

static void walk_die(struct walk *w, Dwarf_Die *parent, int depth)
{
	Dwarf_Die c;
	if (depth > MAX_DEPTH || dwarf_child(parent, &c))
		return;
	do {
		int tag = dwarf_tag(&c);
		const char *name = dwarf_diename(&c);
		if (tag == DW_TAG_structure_type && name) {
			for (size_t i = 0; i < sizeof wanted / sizeof *wanted; i++)
				if (!strcmp(name, wanted[i]))
					take_struct(w, &c, wanted[i]);
		} else if (tag == DW_TAG_enumeration_type) {
			take_enum(w, &c);
		} else if (tag == DW_TAG_subprogram || tag == DW_TAG_lexical_block || tag == DW_TAG_namespace) {
			walk_die(w, &c, depth + 1);
		}
	} while (!w->err && !over(w) && dwarf_siblingof(&c, &c) == 0);
}

static int load_dwarf(struct vs_debug *d, Elf *elf, const char *file)
{
	Dwarf *dw = dwarf_begin_elf(elf, DWARF_C_READ, NULL);
	if (!dw)
		return vs_err(VDSOSIM_EFORMAT, "%s: debug info unreadable: %s", file, dwarf_errmsg(-1));
	struct walk w = { d, file, 0, 0 };
	Dwarf_Off off = 0, next;
	size_t hsize;
	for (int cus = 0; !w.err && cus < 4096; cus++) {
		int r = dwarf_nextcu(dw, off, &next, &hsize, NULL, NULL, NULL);
		if (r) {
			if (r < 0)
				bad(&w, "a compilation unit is corrupt (%s)", dwarf_errmsg(-1));
			break;
		}
		Dwarf_Die cu;
		if (dwarf_offdie(dw, off + hsize, &cu))
			walk_die(&w, &cu, 0);
		off = next;
	}
	dwarf_end(dw);
	if (!w.err && !d->n_structs)
		bad(&w, "it describes none of the data-page structs (struct vdso_data, vdso_time_data)");
	return w.err;
}
#endif

static int has_debug_info(Elf *elf)
{
	size_t shstr;
	if (elf_getshdrstrndx(elf, &shstr))
		return 0;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
		GElf_Shdr sh;
		const char *n = gelf_getshdr(scn, &sh) ? elf_strptr(elf, shstr, sh.sh_name) : NULL;
		if (n && !strcmp(n, ".debug_info") && sh.sh_type != SHT_NOBITS && sh.sh_size)
			return 1;
	}
	return 0;
}

/* The twin's code must be the image's: the build-id can be absent, or copied by a careless tool. */
static int same_text(const struct vdsosim_image *a, const struct vdsosim_image *b)
{
	if (a->info.text_start != b->info.text_start || a->info.text_end != b->info.text_end || !a->n_xsec ||
	    a->n_xsec != b->n_xsec)
		return 0;
	for (size_t i = 0; i < a->n_xsec; i++)
		if (a->xsec[i].size != b->xsec[i].size || a->xsec[i].offset + a->xsec[i].size > a->len ||
		    b->xsec[i].offset + b->xsec[i].size > b->len ||
		    memcmp(a->bytes + a->xsec[i].offset, b->bytes + b->xsec[i].offset, a->xsec[i].size))
			return 0;
	return 1;
}

static int open_debug(struct vs_debug *d, const struct vdsosim_image *img, Elf *elf, const char *file)
{
	GElf_Ehdr eh;
	if (!gelf_getehdr(elf, &eh))
		return vs_err(VDSOSIM_EFORMAT, "%s: not an ELF file", file);
	int cls = gelf_getclass(elf) == ELFCLASS32 ? 32 : 64;
	if (eh.e_machine != img->info.machine || cls != img->info.elf_class)
		return vs_err(VDSOSIM_EFORMAT, "%s: debug info for another machine than the image's", file);
	uint64_t base = img->info.n_segments ? img->info.segments[0].vaddr : 0;
	int r = load_syms(d, elf, cls, base);
#ifdef VDSOSIM_HAVE_LIBDW
	if (!r)
		r = load_dwarf(d, elf, file);
#else
	if (!r)
		r = vs_err(VDSOSIM_EUNSUPPORTED, "%s: debug info not read: vdsosim was built without libdw", file);
#endif
	return r;
}

int vs_debug_open(const struct vdsosim_image *img, struct vs_debug **out)
{
	*out = NULL;
	struct vs_debug *d = calloc(1, sizeof *d);
	if (!d)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	int r = 0;
	if (has_debug_info(img->elf)) {
		d->source = keep(d, img->path);
		r = d->source ? open_debug(d, img, img->elf, img->path) : vs_err(VDSOSIM_ENOMEM, "out of memory");
	} else {
		/* a stripped image beside its unstripped build, as make vdso_install and -dbg packages keep it */
		char twin[4096];
		uint8_t *buf = NULL;
		size_t len = 0;
		snprintf(twin, sizeof twin, "%s.dbg", img->path);
		r = img->from_file ? vs_read_file(twin, MAX_DBG, "debug info", 1, &buf, &len) : 1;
		if (r == 1) {
			vs_err_clear();
			vs_debug_free(d);
			return 0;
		}
		vdsosim_image *t = NULL;
		if (!r)
			r = vdsosim_image_open_memory(&t, buf, len, twin);
		free(buf);
		if (!r && !(d->source = keep(d, twin)))
			r = vs_err(VDSOSIM_ENOMEM, "out of memory");
		if (!r && !has_debug_info(t->elf))
			r = vs_err(VDSOSIM_EFORMAT, "%s: has no debug info", twin);
		if (!r && (strcmp(t->info.build_id, img->info.build_id) || !same_text(t, img)))
			r = vs_err(VDSOSIM_EFORMAT, "%s: belongs to another build than %s (build-id %s, the image's %s)", twin,
				   img->path, t->info.build_id[0] ? t->info.build_id : "none",
				   img->info.build_id[0] ? img->info.build_id : "none");
		if (!r)
			r = open_debug(d, img, t->elf, twin);
		vdsosim_image_free(t);
	}
	if (r) {
		vs_debug_free(d);
		return r;
	}
	*out = d;
	return 0;
}
