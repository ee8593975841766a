/* Notes: kernel version (Linux/0, never the build-salt Linux/0x100) and GNU build-id. */
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "err.h"
#include "loader.h"

/* The note at or after off. One section may mix 8-byte aligned notes (riscv CFI builds: the
 * build-id padded to 8, then NT_GNU_PROPERTY_TYPE_0) with the 4-byte aligned Linux notes, so no
 * single alignment reads it all: take the 4-aligned reading unless its name is not a
 * NUL-terminated string, else the 8-aligned one. Returns the end of the note, 0 at the end. */
static size_t next_note(Elf_Data *d, size_t off, GElf_Nhdr *nh, size_t *name_off, size_t *desc_off)
{
	for (size_t align = 4; align <= 8; align += 4) {
		size_t at = (off + align - 1) & ~(align - 1);
		if (at >= d->d_size)
			return 0;
		Elf_Data sub = *d;
		sub.d_buf = (char *)d->d_buf + at;
		sub.d_size = d->d_size - at;
		sub.d_type = ELF_T_NHDR;
		size_t end = gelf_getnote(&sub, 0, nh, name_off, desc_off);
		const char *name = (const char *)sub.d_buf + *name_off;
		if (end && nh->n_namesz && !name[nh->n_namesz - 1]) {
			*name_off += at;
			*desc_off += at;
			return at + end;
		}
	}
	return 0;
}

static void scan(struct vdsosim_image *img, Elf_Data *d)
{
	size_t off = 0, name_off, desc_off;
	GElf_Nhdr nh;
	while (d && off < d->d_size && (off = next_note(d, off, &nh, &name_off, &desc_off)) > 0) {
		const char *name = (const char *)d->d_buf + name_off;
		const uint8_t *desc = (const uint8_t *)d->d_buf + desc_off;
		if (nh.n_namesz == 6 && !memcmp(name, "Linux", 6) && nh.n_type == 0 && nh.n_descsz == 4) {
			uint32_t v = (uint32_t)vs_get(desc, 4, img->info.big_endian);
			img->info.kernel_version = v;
			snprintf(img->info.kernel_version_str, sizeof img->info.kernel_version_str, "%u.%u.%u",
				 v >> 16, (v >> 8) & 0xff, v & 0xff);
		} else if (nh.n_namesz == 4 && !memcmp(name, "GNU", 4) && nh.n_type == NT_GNU_BUILD_ID) {
			size_t n = nh.n_descsz > 32 ? 32 : nh.n_descsz;
			for (size_t i = 0; i < n; i++)
				snprintf(img->info.build_id + 2 * i, 3, "%02x", desc[i]);
		}
	}
}

int vs_load_notes(struct vdsosim_image *img)
{
	size_t n;
	int found = 0;
	if (!elf_getphdrnum(img->elf, &n))
		for (size_t i = 0; i < n; i++) {
			GElf_Phdr ph;
			if (!gelf_getphdr(img->elf, (int)i, &ph) || ph.p_type != PT_NOTE)
				continue;
			if (ph.p_offset > img->len || ph.p_filesz > img->len - ph.p_offset)
				return vs_err(VDSOSIM_EFORMAT, "%s: truncated: PT_NOTE beyond the end of the file", img->path);
			scan(img, elf_getdata_rawchunk(img->elf, (int64_t)ph.p_offset, ph.p_filesz, ELF_T_NHDR));
			found = 1;
		}
	if (!found)
		for (Elf_Scn *scn = NULL; (scn = elf_nextscn(img->elf, scn));) {
			GElf_Shdr sh;
			if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_NOTE)
				scan(img, elf_getdata(scn, NULL));
		}
	return 0;
}
