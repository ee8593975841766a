/* A program to run beside a vDSO (vdsosim exec): ET_EXEC or ET_DYN, static or asking for an
 * interpreter (PT_INTERP, which exec loads from its sysroot). Validated through libelf, never trusted: every segment inside the file, sizes
 * capped, and one message naming the file and the problem. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "loader.h"

enum { MAX_PROGRAM = 64 << 20, MAX_SEGS = 16 };
#define MAX_MEMSZ (1ULL << 30)

struct vdsosim_program {
	struct vdsosim_program_info info;
	uint8_t *bytes;
	size_t len;
	char *path;
	char *interp;
	struct vdsosim_segment segs[MAX_SEGS];
};

static int bad(struct vdsosim_program *p, int code, const char *fmt, const char *detail)
{
	char msg[200];
	snprintf(msg, sizeof msg, fmt, detail);
	return vs_err(code, "%s: %s", p->path, msg);
}

static int parse(struct vdsosim_program *p)
{
	if (p->len < EI_NIDENT || memcmp(p->bytes, ELFMAG, SELFMAG))
		return bad(p, VDSOSIM_EFORMAT, "not an ELF program%s", "");
	int cls = p->bytes[EI_CLASS], data = p->bytes[EI_DATA];
	if ((cls != ELFCLASS32 && cls != ELFCLASS64) || (data != ELFDATA2LSB && data != ELFDATA2MSB))
		return bad(p, VDSOSIM_EFORMAT, "bad ELF class or byte order%s", "");
	if (p->len < (cls == ELFCLASS64 ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr)))
		return bad(p, VDSOSIM_EFORMAT, "truncated: shorter than an ELF header%s", "");
	Elf *elf = elf_memory((char *)p->bytes, p->len);
	GElf_Ehdr eh;
	int r = 0;
	if (!elf || elf_kind(elf) != ELF_K_ELF || !gelf_getehdr(elf, &eh)) {
		r = bad(p, VDSOSIM_EFORMAT, "not a valid ELF file%s", "");
		goto out;
	}
	struct vdsosim_program_info *in = &p->info;
	in->machine = eh.e_machine;
	in->elf_class = cls == ELFCLASS64 ? 64 : 32;
	in->big_endian = data == ELFDATA2MSB;
	in->e_flags = eh.e_flags;
	in->entry = eh.e_entry;
	in->arch = vs_arch_of(eh.e_machine, in->elf_class, in->big_endian, (uint32_t)eh.e_flags);
	if (!in->arch) {
		r = bad(p, VDSOSIM_EUNSUPPORTED, "unknown architecture%s", "");
		goto out;
	}
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) {
		r = bad(p, VDSOSIM_EFORMAT, "not an executable (ELF type %s)", eh.e_type == ET_REL ? "REL" : "CORE or other");
		goto out;
	}
	in->pie = eh.e_type == ET_DYN;
	size_t n;
	if (elf_getphdrnum(elf, &n) || !n) {
		r = bad(p, VDSOSIM_EFORMAT, "no program headers%s", "");
		goto out;
	}
	in->lo = UINT64_MAX;
	for (size_t i = 0; i < n && !r; i++) {
		GElf_Phdr ph;
		if (!gelf_getphdr(elf, (int)i, &ph)) {
			r = bad(p, VDSOSIM_EFORMAT, "truncated: program header table beyond the end of the file%s", "");
			break;
		}
		if (ph.p_type == PT_INTERP) {
			/* a path, NUL-terminated inside the segment, as the kernel's loader insists */
			if (p->interp || ph.p_offset > p->len || ph.p_filesz > p->len - ph.p_offset || ph.p_filesz < 2 ||
			    ph.p_filesz > 4096 || p->bytes[ph.p_offset + ph.p_filesz - 1] ||
			    strlen((const char *)p->bytes + ph.p_offset) != ph.p_filesz - 1) {
				r = bad(p, VDSOSIM_EFORMAT, "a bad PT_INTERP (not one NUL-terminated path inside the file)%s", "");
				break;
			}
			if (!(p->interp = strdup((const char *)p->bytes + ph.p_offset))) {
				r = vs_err(VDSOSIM_ENOMEM, "out of memory");
				break;
			}
			in->interp = p->interp;
		}
		if (ph.p_type == PT_PHDR)
			in->phdr_vaddr = ph.p_vaddr;
		if (ph.p_type == PT_TLS) {
			in->has_tls = 1;
			in->tls_vaddr = ph.p_vaddr, in->tls_filesz = ph.p_filesz, in->tls_memsz = ph.p_memsz;
			in->tls_align = ph.p_align;
		}
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_offset > p->len || ph.p_filesz > p->len - ph.p_offset)
			r = bad(p, VDSOSIM_EFORMAT, "truncated: a PT_LOAD segment is beyond the end of the file%s", "");
		else if (ph.p_filesz > ph.p_memsz || ph.p_memsz > MAX_MEMSZ || ph.p_vaddr > UINT64_MAX - ph.p_memsz)
			r = bad(p, VDSOSIM_EFORMAT, "a PT_LOAD segment has impossible sizes%s", "");
		else if (in->n_segments == MAX_SEGS)
			r = bad(p, VDSOSIM_EFORMAT, "more than 16 PT_LOAD segments%s", "");
		else {
			p->segs[in->n_segments++] = (struct vdsosim_segment){ ph.p_vaddr, ph.p_memsz, ph.p_offset, ph.p_filesz,
									       ph.p_flags };
			if (ph.p_vaddr < in->lo)
				in->lo = ph.p_vaddr;
			if (ph.p_vaddr + ph.p_memsz > in->hi)
				in->hi = ph.p_vaddr + ph.p_memsz;
			/* the program headers as loaded: in the segment that holds them at its file offset */
			if (!in->phdr_vaddr && eh.e_phoff >= ph.p_offset && eh.e_phoff < ph.p_offset + ph.p_filesz)
				in->phdr_vaddr = ph.p_vaddr + (eh.e_phoff - ph.p_offset);
		}
	}
	if (!r && !in->n_segments)
		r = bad(p, VDSOSIM_EFORMAT, "no PT_LOAD segment%s", "");
	if (!r && in->hi - in->lo > MAX_MEMSZ)
		r = bad(p, VDSOSIM_EFORMAT, "its segments span more than 1 GiB%s", "");
	in->phnum = (uint16_t)n;
	in->phent = eh.e_phentsize;
	in->segments = p->segs;
out:
	if (elf)
		elf_end(elf);
	return r;
}

int vdsosim_program_open_memory(vdsosim_program **out, const void *data, size_t len, const char *name)
{
	*out = NULL;
	if (elf_version(EV_CURRENT) == EV_NONE)
		return vs_err(VDSOSIM_EFORMAT, "libelf: %s", elf_errmsg(-1));
	struct vdsosim_program *p = calloc(1, sizeof *p);
	if (!p || !(p->path = strdup(name ? name : "<memory>")) || !(p->bytes = malloc(len ? len : 1))) {
		vdsosim_program_free(p);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	memcpy(p->bytes, data, len);
	p->len = len;
	p->info.path = p->path;
	int r = len > MAX_PROGRAM ? bad(p, VDSOSIM_EFORMAT, "program larger than 64 MiB%s", "") : parse(p);
	if (r) {
		vdsosim_program_free(p);
		return r;
	}
	*out = p;
	return 0;
}

int vdsosim_program_open(vdsosim_program **out, const char *path)
{
	*out = NULL;
	uint8_t *buf;
	size_t len;
	int r = vs_read_file(path, MAX_PROGRAM, "program", VDSOSIM_ENOTFOUND, &buf, &len);
	if (r)
		return r;
	r = vdsosim_program_open_memory(out, buf, len, path);
	free(buf);
	return r;
}

void vdsosim_program_free(vdsosim_program *p)
{
	if (!p)
		return;
	free(p->bytes);
	free(p->path);
	free(p->interp);
	free(p);
}

const struct vdsosim_program_info *vdsosim_program_info(const vdsosim_program *p) { return &p->info; }

const uint8_t *vdsosim_program_bytes(const vdsosim_program *p, size_t *len)
{
	*len = p->len;
	return p->bytes;
}
