/* Dynamic symbols with their version names (.gnu.version + .gnu.version_d). */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "loader.h"

static Elf_Scn *find_section(Elf *elf, GElf_Word type, GElf_Shdr *sh)
{
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));)
		if (gelf_getshdr(scn, sh) && sh->sh_type == type)
			return scn;
	return NULL;
}

/* version index -> name, from the verdef chain */
static const char *verdef_name(struct vdsosim_image *img, Elf_Scn *vd, size_t strndx, unsigned idx)
{
	Elf_Data *d = vd ? elf_getdata(vd, NULL) : NULL;
	if (!d)
		return "";
	size_t off = 0;
	for (int guard = 0; guard < 256; guard++) {
		GElf_Verdef def;
		if (!gelf_getverdef(d, (int)off, &def))
			break;
		if (def.vd_ndx == idx && def.vd_cnt > 0) {
			GElf_Verdaux aux;
			if (gelf_getverdaux(d, (int)(off + def.vd_aux), &aux)) {
				const char *n = elf_strptr(img->elf, strndx, aux.vda_name);
				return n ? n : "";
			}
		}
		if (!def.vd_next)
			break;
		off += def.vd_next;
	}
	return "";
}

int vs_load_symbols(struct vdsosim_image *img)
{
	GElf_Shdr sh, vsh, dsh;
	Elf_Scn *sym = find_section(img->elf, SHT_DYNSYM, &sh);
	if (!sym)
		return vs_err(VDSOSIM_EFORMAT, "%s: not a vDSO: no dynamic symbol table", img->path);
	Elf_Scn *vs = find_section(img->elf, SHT_GNU_versym, &vsh);
	Elf_Scn *vd = find_section(img->elf, SHT_GNU_verdef, &dsh);
	Elf_Data *d = elf_getdata(sym, NULL), *vsd = vs ? elf_getdata(vs, NULL) : NULL;
	if (!d || !sh.sh_entsize)
		return vs_err(VDSOSIM_EFORMAT, "%s: corrupt dynamic symbol table", img->path);
	size_t n = sh.sh_size / sh.sh_entsize;
	img->syms = calloc(n ? n : 1, sizeof *img->syms);
	if (!img->syms)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	for (size_t i = 1; i < n; i++) {
		GElf_Sym s;
		if (!gelf_getsym(d, (int)i, &s))
			return vs_err(VDSOSIM_EFORMAT, "%s: corrupt symbol %zu", img->path, i);
		if (s.st_shndx == SHN_UNDEF || s.st_shndx == SHN_ABS)
			continue; /* ABS entries are the version nodes themselves */
		const char *name = elf_strptr(img->elf, sh.sh_link, s.st_name);
		if (!name || !*name)
			continue;
		const char *ver = "";
		GElf_Versym v;
		if (vsd && gelf_getversym(vsd, (int)i, &v))
			ver = verdef_name(img, vd, dsh.sh_link, v & 0x7fff);
		struct vdsosim_symbol *o = &img->syms[img->info.n_symbols];
		o->name = vs_image_keep(img, name);
		o->version = vs_image_keep(img, ver);
		if (!o->name || !o->version)
			return vs_err(VDSOSIM_ENOMEM, "out of memory");
		o->value = s.st_value;
		o->size = s.st_size;
		o->weak = GELF_ST_BIND(s.st_info) == STB_WEAK;
		img->info.n_symbols++;
	}
	img->info.symbols = img->syms;
	return 0;
}
