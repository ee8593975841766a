#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "loader.h"

#ifndef EM_LOONGARCH
#define EM_LOONGARCH 258
#endif

enum { MAX_IMAGE = 16 << 20, MAX_SEGMENT = 1 << 24 };

struct arch_name { uint16_t machine; int cls; int be; const char *name; uint32_t flag; };
static const struct arch_name arch_names[] = {
	{ EM_X86_64, 64, -1, "x86_64" }, { EM_X86_64, 32, -1, "x32" },
	{ EM_386, 32, -1, "i386" },      { EM_AARCH64, 64, -1, "arm64" },
	{ EM_ARM, 32, -1, "arm" },       { EM_RISCV, 64, -1, "riscv64" },
	{ EM_RISCV, 32, -1, "riscv32" }, { EM_S390, 64, -1, "s390x" }, { EM_S390, 32, -1, "s390" },
	{ EM_PPC64, 64, 0, "ppc64le" },  { EM_PPC64, 64, 1, "ppc64" },
	{ EM_PPC, 32, -1, "ppc" },       { EM_MIPS, 64, -1, "mips64" },
	{ EM_MIPS, 32, -1, "mipsn32", 0x20 /* EF_MIPS_ABI2 */ }, { EM_MIPS, 32, -1, "mips" },     { EM_LOONGARCH, 64, -1, "loongarch64" },
};

const char *vs_arch_of(uint16_t machine, int cls, int be, uint32_t flags)
{
	for (size_t i = 0; i < sizeof arch_names / sizeof *arch_names; i++) {
		const struct arch_name *a = &arch_names[i];
		if (a->machine == machine && a->cls == cls && (a->be < 0 || a->be == be) && (flags & a->flag) == a->flag)
			return a->name;
	}
	return NULL;
}

const char *vs_image_keep(struct vdsosim_image *img, const char *s)
{
	char **n = realloc(img->strings, (img->n_strings + 1) * sizeof *n);
	if (!n)
		return NULL;
	img->strings = n;
	n[img->n_strings] = strdup(s ? s : "");
	return n[img->n_strings] ? n[img->n_strings++] : NULL;
}

static int fail(struct vdsosim_image *img, int code, const char *what)
{
	return vs_err(code, "%s: %s", img->path, what);
}

static int check_range(struct vdsosim_image *img, uint64_t off, uint64_t size, const char *what)
{
	char msg[200];
	if (off > img->len || size > img->len - off) {
		snprintf(msg, sizeof msg, "truncated: %.40s at 0x%llx+0x%llx is beyond the end of the file (%zu bytes)",
			 what, (unsigned long long)off, (unsigned long long)size, img->len);
		return fail(img, VDSOSIM_EFORMAT, msg);
	}
	return 0;
}

static int load_segments(struct vdsosim_image *img, const GElf_Ehdr *eh)
{
	size_t n;
	char msg[200];
	int r = check_range(img, eh->e_phoff, (uint64_t)eh->e_phnum * eh->e_phentsize, "program header table");
	if (r)
		return r;
	if (elf_getphdrnum(img->elf, &n) || n == 0 || n > 64)
		return fail(img, VDSOSIM_EFORMAT, "no usable program headers");
	img->segs = calloc(n, sizeof *img->segs);
	if (!img->segs)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	uint64_t end = 0;
	for (size_t i = 0; i < n; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(img->elf, (int)i, &ph))
			return fail(img, VDSOSIM_EFORMAT, "corrupt program header");
		if (ph.p_type != PT_LOAD)
			continue;
		snprintf(msg, sizeof msg, "PT_LOAD segment %zu", i);
		if ((r = check_range(img, ph.p_offset, ph.p_filesz, msg)))
			return r;
		if (ph.p_filesz > ph.p_memsz || ph.p_memsz > MAX_SEGMENT || ph.p_vaddr > MAX_SEGMENT) {
			snprintf(msg, sizeof msg, "PT_LOAD segment %zu has insane sizes (vaddr 0x%llx memsz 0x%llx)", i,
				 (unsigned long long)ph.p_vaddr, (unsigned long long)ph.p_memsz);
			return fail(img, VDSOSIM_EFORMAT, msg);
		}
		struct vdsosim_segment *s = &img->segs[img->info.n_segments++];
		*s = (struct vdsosim_segment){ ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz, ph.p_flags };
		if (ph.p_vaddr + ph.p_memsz > end)
			end = ph.p_vaddr + ph.p_memsz;
		if (ph.p_offset + ph.p_filesz > img->info.file_size)
			img->info.file_size = ph.p_offset + ph.p_filesz;
	}
	if (!img->info.n_segments)
		return fail(img, VDSOSIM_EFORMAT, "no PT_LOAD segment");
	img->info.load_size = (end + 0xfff) & ~0xfffULL;
	img->info.segments = img->segs;
	return 0;
}

static int load_sections(struct vdsosim_image *img, const GElf_Ehdr *eh)
{
	size_t n = 0, shstr;
	if (eh->e_shoff == 0)
		return 0;
	int r = check_range(img, eh->e_shoff, (uint64_t)eh->e_shnum * eh->e_shentsize, "section header table");
	if (r)
		return r;
	if (elf_getshdrnum(img->elf, &n) || elf_getshdrstrndx(img->elf, &shstr))
		return fail(img, VDSOSIM_EFORMAT, "corrupt section headers");
	if (eh->e_shoff + (uint64_t)n * eh->e_shentsize > img->info.file_size)
		img->info.file_size = eh->e_shoff + (uint64_t)n * eh->e_shentsize;
	for (Elf_Scn *scn = NULL; (scn = elf_nextscn(img->elf, scn));) {
		GElf_Shdr sh;
		if (!gelf_getshdr(scn, &sh))
			return fail(img, VDSOSIM_EFORMAT, "corrupt section header");
		if (sh.sh_type != SHT_NOBITS) {
			if ((r = check_range(img, sh.sh_offset, sh.sh_size, "section")))
				return r;
			if (sh.sh_offset + sh.sh_size > img->info.file_size)
				img->info.file_size = sh.sh_offset + sh.sh_size;
		}
		const char *name = elf_strptr(img->elf, shstr, sh.sh_name);
		if (!name)
			name = "";
		struct vs_sec *alt = !strcmp(name, ".altinstructions")	    ? &img->alt
				     : !strcmp(name, ".altinstr_replacement") ? &img->alt_repl
									      : NULL;
		if (alt && sh.sh_type == SHT_PROGBITS)
			*alt = (struct vs_sec){ sh.sh_addr, sh.sh_size, sh.sh_offset, 1 };
		if (strcmp(name, ".text") == 0) {
			img->info.text_start = sh.sh_addr;
			img->info.text_end = sh.sh_addr + sh.sh_size;
		}
		if ((sh.sh_flags & SHF_EXECINSTR) && sh.sh_type == SHT_PROGBITS && sh.sh_size) {
			void *p = realloc(img->xsec, (img->n_xsec + 1) * sizeof *img->xsec);
			if (!p)
				return vs_err(VDSOSIM_ENOMEM, "out of memory");
			img->xsec = p;
			img->xsec[img->n_xsec].name = vs_image_keep(img, name);
			img->xsec[img->n_xsec].addr = sh.sh_addr;
			img->xsec[img->n_xsec].size = sh.sh_size;
			img->xsec[img->n_xsec].offset = sh.sh_offset;
			img->n_xsec++;
		}
	}
	return 0;
}

/* Without sections, decode the executable PT_LOAD as one region. */
static int default_text(struct vdsosim_image *img)
{
	for (size_t i = 0; i < img->info.n_segments; i++) {
		const struct vdsosim_segment *s = &img->segs[i];
		if (!(s->flags & PF_X))
			continue;
		if (!img->info.text_end) {
			img->info.text_start = s->vaddr;
			img->info.text_end = s->vaddr + s->filesz;
		}
		if (!img->n_xsec) {
			img->xsec = calloc(1, sizeof *img->xsec);
			if (!img->xsec)
				return vs_err(VDSOSIM_ENOMEM, "out of memory");
			img->xsec[0].name = "PT_LOAD";
			img->xsec[0].addr = s->vaddr;
			img->xsec[0].size = s->filesz;
			img->xsec[0].offset = s->offset;
			img->n_xsec = 1;
		}
		return 0;
	}
	return fail(img, VDSOSIM_EFORMAT, "no executable segment");
}

static int parse(struct vdsosim_image *img)
{
	if (img->len < EI_NIDENT || memcmp(img->bytes, ELFMAG, SELFMAG) != 0)
		return fail(img, VDSOSIM_EFORMAT, "not an ELF file (bad magic)");
	int cls = img->bytes[EI_CLASS], data = img->bytes[EI_DATA];
	if (cls != ELFCLASS32 && cls != ELFCLASS64)
		return fail(img, VDSOSIM_EFORMAT, "bad ELF class");
	if (data != ELFDATA2LSB && data != ELFDATA2MSB)
		return fail(img, VDSOSIM_EFORMAT, "bad ELF byte order");
	size_t ehsize = cls == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
	if (img->len < ehsize)
		return fail(img, VDSOSIM_EFORMAT, "truncated: shorter than an ELF header");
	img->elf = elf_memory((char *)img->bytes, img->len);
	GElf_Ehdr eh;
	if (!img->elf || elf_kind(img->elf) != ELF_K_ELF || !gelf_getehdr(img->elf, &eh))
		return fail(img, VDSOSIM_EFORMAT, "not a valid ELF file");
	if (eh.e_type != ET_DYN)
		return fail(img, VDSOSIM_EFORMAT, "not a vDSO: ELF type is not ET_DYN (shared object)");
	struct vdsosim_image_info *in = &img->info;
	in->machine = eh.e_machine;
	in->elf_class = cls == ELFCLASS64 ? 64 : 32;
	in->big_endian = data == ELFDATA2MSB;
	in->e_flags = (uint32_t)eh.e_flags;
	in->arch = vs_arch_of(eh.e_machine, in->elf_class, in->big_endian, in->e_flags);
	if (!in->arch) {
		char msg[96];
		snprintf(msg, sizeof msg, "unknown architecture (e_machine %u, ELF%d)", eh.e_machine, in->elf_class);
		return fail(img, VDSOSIM_EUNSUPPORTED, msg);
	}
	in->file_size = ehsize;
	int r;
	if ((r = load_segments(img, &eh)) || (r = load_sections(img, &eh)) || (r = default_text(img)) ||
	    (r = vs_load_symbols(img)) || (r = vs_load_notes(img)))
		return r;
	int vdso_syms = 0;
	for (size_t i = 0; i < in->n_symbols; i++)
		if (!strncmp(in->symbols[i].name, "__vdso_", 7) || !strncmp(in->symbols[i].name, "__kernel_", 9))
			vdso_syms++;
	if (!vdso_syms)
		return fail(img, VDSOSIM_EFORMAT, "not a vDSO: exports no __vdso_* or __kernel_* symbol");
	return 0;
}

int vdsosim_image_open_memory(vdsosim_image **out, const void *data, size_t len, const char *name)
{
	*out = NULL;
	if (!data)
		return vs_err(VDSOSIM_EARG, "no image data");
	if (elf_version(EV_CURRENT) == EV_NONE)
		return vs_err(VDSOSIM_EFORMAT, "libelf: %s", elf_errmsg(-1));
	struct vdsosim_image *img = calloc(1, sizeof *img);
	if (!img)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	img->path = strdup(name ? name : "<memory>");
	img->bytes = malloc(len ? len : 1);
	if (!img->path || !img->bytes) {
		vdsosim_image_free(img);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	memcpy(img->bytes, data, len);
	img->len = len;
	img->info.path = img->path;
	int r = len > MAX_IMAGE ? fail(img, VDSOSIM_EFORMAT, "image larger than 16 MiB") : parse(img);
	if (r) {
		vdsosim_image_free(img);
		return r;
	}
	*out = img;
	return 0;
}

int vdsosim_image_open(vdsosim_image **out, const char *path)
{
	*out = NULL;
	uint8_t *buf;
	size_t len;
	int r = vs_read_file(path, MAX_IMAGE, "image", VDSOSIM_EIO, &buf, &len);
	if (r)
		return r;
	r = vdsosim_image_open_memory(out, buf, len, path);
	free(buf);
	if (!r)
		(*out)->from_file = 1;
	return r;
}

void vdsosim_image_free(vdsosim_image *img)
{
	if (!img)
		return;
	if (img->elf)
		elf_end(img->elf);
	for (size_t i = 0; i < img->n_strings; i++)
		free(img->strings[i]);
	free(img->strings);
	free(img->syms);
	free(img->segs);
	free(img->xsec);
	free(img->bytes);
	free(img->path);
	free(img);
}

const struct vdsosim_image_info *vdsosim_image_info(const vdsosim_image *img) { return &img->info; }

const uint8_t *vdsosim_image_bytes(const vdsosim_image *img, size_t *len)
{
	if (len)
		*len = img->len;
	return img->bytes;
}

const struct vdsosim_symbol *vdsosim_image_find(const vdsosim_image *img, const char *func)
{
	static const char *const prefix[] = { "__vdso_", "__kernel_", "" };
	char name[128];
	for (size_t p = 0; p < 3; p++) {
		snprintf(name, sizeof name, "%s%s", prefix[p], func);
		for (size_t i = 0; i < img->info.n_symbols; i++)
			if (strcmp(img->info.symbols[i].name, name) == 0 && img->info.symbols[i].value)
				return &img->info.symbols[i];
	}
	return NULL;
}
