/* The process start: the program's PT_LOAD segments (and its interpreter's) mapped as the
 * kernel's ELF loader maps them, and the stack it builds (argv, envp, auxv with AT_SYSINFO_EHDR,
 * AT_BASE and AT_ENTRY). */
#include <stdlib.h>
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

static int prot_of(uint32_t pf)
{
	return (pf & PF_R ? UC_PROT_READ : 0) | (pf & PF_W ? UC_PROT_WRITE : 0) | (pf & PF_X ? UC_PROT_EXEC : 0);
}

/* map [lo, hi) page by page where nothing is mapped yet, and OR the protection in elsewhere */
int vs_x_map_range(struct vs_exec *x, uint64_t lo, uint64_t hi, int prot)
{
	for (uint64_t a = PAGE_DOWN(lo); a < PAGE_UP(hi); a += PAGE) {
		uint8_t b;
		if (uc_mem_read(x->uc, a, &b, 1) == UC_ERR_OK) {
			uc_mem_region *rg;
			uint32_t n;
			int old = 0;
			if (uc_mem_regions(x->uc, &rg, &n) == UC_ERR_OK) {
				for (uint32_t i = 0; i < n; i++)
					if (a >= rg[i].begin && a <= rg[i].end)
						old = (int)rg[i].perms;
				uc_free(rg);
			}
			uc_mem_protect(x->uc, a, PAGE, (uint32_t)(old | prot));
			continue;
		}
		uint64_t run = a;
		while (run < PAGE_UP(hi) && uc_mem_read(x->uc, run, &b, 1) != UC_ERR_OK)
			run += PAGE;
		if (uc_mem_map(x->uc, a, run - a, (uint32_t)prot) != UC_ERR_OK)
			return -1;
		a = run - PAGE;
	}
	return 0;
}

/* an ELF's PT_LOAD segments at bias, writable while loading, their own protection afterwards */
static int load_elf(struct vs_exec *x, const struct vdsosim_program_info *pi, const uint8_t *bytes, uint64_t bias)
{
	if (x->abi->addr_limit && bias + pi->hi > x->abi->addr_limit)
		return vs_err(VDSOSIM_EUNSUPPORTED,
			      "%s: the program lies at 0x%llx-0x%llx, above 0x%llx, which Unicorn cannot map for %s (it "
			      "runs MIPS in kernel mode, where only the low 2 GB are unmapped); link it low, e.g. "
			      "-Wl,-Ttext-segment=0x10000000", pi->path, (unsigned long long)(bias + pi->lo),
			      (unsigned long long)(bias + pi->hi), (unsigned long long)x->abi->addr_limit, pi->arch);
	if (bias + pi->hi > x->vdso_lo - 16 * PAGE && bias + pi->lo < x->vdso_hi) /* (its data pages before it) */
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: its segments at 0x%llx-0x%llx would cover the vDSO at 0x%llx",
			      pi->path, (unsigned long long)(bias + pi->lo), (unsigned long long)(bias + pi->hi),
			      (unsigned long long)x->vdso_lo);
	for (size_t i = 0; i < pi->n_segments; i++) {
		const struct vdsosim_segment *s = &pi->segments[i];
		uint64_t va = bias + s->vaddr;
		if (vs_x_map_range(x, va, va + s->memsz, UC_PROT_ALL) ||
		    uc_mem_write(x->uc, va, bytes + s->offset, s->filesz) != UC_ERR_OK)
			return vs_err(VDSOSIM_EFORMAT, "%s: cannot map segment %zu at 0x%llx", pi->path, i,
				      (unsigned long long)va);
	}
	for (size_t i = 0; i < pi->n_segments; i++) {
		const struct vdsosim_segment *s = &pi->segments[i];
		uint64_t va = bias + s->vaddr;
		uint32_t prot = (uint32_t)(prot_of(s->flags) | UC_PROT_READ);
		if (x->abi->text_writable && (prot & UC_PROT_EXEC))
			prot |= UC_PROT_WRITE;
		uc_mem_protect(x->uc, PAGE_DOWN(va), PAGE_UP(va + s->memsz) - PAGE_DOWN(va), prot);
	}
	return 0;
}

int vs_x_load_program(struct vs_exec *x)
{
	const struct vdsosim_program_info *pi = x->pi;
	int r = load_elf(x, pi, x->pbytes, x->bias);
	if (r)
		return r;
	x->proc.brk_lo = x->proc.brk_cur = x->proc.brk_mapped = PAGE_UP(x->bias + pi->hi);
	vs_x_note_map(x, pi->path, x->bias + pi->lo);
	if (!x->interp)
		return 0;
	const struct vdsosim_program_info *ii = vdsosim_program_info(x->interp);
	size_t len;
	const uint8_t *ib = vdsosim_program_bytes(x->interp, &len);
	if (x->ibias + ii->hi > x->bias + pi->lo && x->ibias + ii->lo < x->bias + pi->hi)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: the interpreter %s would lie over the program", pi->path, ii->path);
	if ((r = load_elf(x, ii, ib, x->ibias)))
		return r;
	vs_x_note_map(x, ii->path, x->ibias + ii->lo);
	return 0;
}

uint64_t vs_x_entry(struct vs_exec *x)
{
	return x->interp ? x->ibias + vdsosim_program_info(x->interp)->entry : x->bias + x->pi->entry;
}

/* The program's interpreter (PT_INTERP), from the sysroot: one of the program's own kind, static
 * itself, loaded where the kernel would put it (the first free place from the mmap base). */
int vs_x_find_interp(struct vs_exec *x)
{
	const struct vdsosim_program_info *pi = x->pi;
	char at[VS_PATH_MAX];
	struct vs_node n;
	uint8_t *buf;
	size_t len;
	if (!pi->interp)
		return 0;
	if (!x->proc.root)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: a dynamic program: it asks for the interpreter %s, and files come "
			      "only from a sysroot (--sysroot DIR, the guest's /)", pi->path, pi->interp);
	int e = vs_root_resolve(x->proc.root, "/", pi->interp, 1, at, &n);
	if (!e && n.type != VS_N_REG)
		e = -LX_EACCES;
	if (!e)
		e = vs_root_read(x->proc.root, at, 64 << 20, &buf, &len);
	if (e)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: its interpreter %s: %s in the sysroot %s", pi->path, pi->interp,
			      e == -LX_ENOENT ? "no such file" : e == -LX_ELOOP ? "a symlink loop" :
			      e == -LX_ENOTDIR ? "a path through a file" : e == -LX_EACCES ? "not a regular file" :
			      "cannot be read", x->o->sysroot);
	char name[VS_PATH_MAX + 8];
	snprintf(name, sizeof name, "%s", at);
	int r = vdsosim_program_open_memory(&x->interp, buf, len, name);
	free(buf);
	if (r)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: its interpreter: %s", pi->path, vdsosim_last_error());
	const struct vdsosim_program_info *ii = vdsosim_program_info(x->interp);
	if (strcmp(ii->arch, pi->arch) || ii->elf_class != pi->elf_class)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: its interpreter %s is %s, the program %s", pi->path, at, ii->arch,
			      pi->arch);
	if (ii->interp)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: its interpreter %s asks for an interpreter itself (%s)", pi->path,
			      at, ii->interp);
	x->ibias = ii->pie ? x->abi->mmap_base : 0;
	x->proc.mmap_next = PAGE_UP(x->ibias + ii->hi) + PAGE;
	return 0;
}

struct stk { struct vs_exec *x; uint64_t sp; };

static uint64_t push_bytes(struct stk *s, const void *p, size_t n)
{
	s->sp -= n;
	uc_mem_write(s->x->uc, s->sp, p, n);
	return s->sp;
}

enum { AT_NULL_ = 0, AT_PHDR_ = 3, AT_PHENT_ = 4, AT_PHNUM_ = 5, AT_PAGESZ_ = 6, AT_BASE_ = 7, AT_FLAGS_ = 8,
       AT_ENTRY_ = 9, AT_UID_ = 11, AT_EUID_ = 12, AT_GID_ = 13, AT_EGID_ = 14, AT_PLATFORM_ = 15, AT_HWCAP_ = 16,
       AT_CLKTCK_ = 17, AT_SECURE_ = 23, AT_RANDOM_ = 25, AT_HWCAP2_ = 26, AT_EXECFN_ = 31, AT_SYSINFO_ = 32,
       AT_SYSINFO_EHDR_ = 33 };

uint64_t vs_x_build_stack(struct vs_exec *x)
{
	const struct vs_exec_abi *a = x->abi;
	const struct vdsosim_exec_opts *o = x->o;
	struct stk s = { x, a->stack_top };
	int w = a->word;
	size_t argc = o->argc ? o->argc : 1;
	uint64_t *argp = calloc(argc + o->envc + 1, sizeof *argp), *envp = argp + argc;
	/* execve's filename as the caller spelled it (argv[0]): a program's start must not depend
	 * on where its file happens to live */
	const char *name = o->argc ? o->argv[0] : x->pi->path;
	uint64_t execfn = push_bytes(&s, name, strlen(name) + 1);
	for (size_t i = o->envc; i-- > 0;)
		envp[i] = push_bytes(&s, o->envp[i], strlen(o->envp[i]) + 1);
	for (size_t i = argc; i-- > 0;) {
		const char *v = o->argc ? o->argv[i] : name;
		argp[i] = push_bytes(&s, v, strlen(v) + 1);
	}
	uint64_t platform = a->platform ? push_bytes(&s, a->platform, strlen(a->platform) + 1) : 0;
	static const uint8_t random16[16] = { 0x76, 0x64, 0x73, 0x6f, 0x73, 0x69, 0x6d, 0x00,
					      0x41, 0x54, 0x5f, 0x52, 0x41, 0x4e, 0x44, 0x4f }; /* fixed */
	uint64_t rnd = push_bytes(&s, random16, sizeof random16);
	uint64_t aux[64];
	size_t n = 0;
#define AUX(k, v) (aux[n++] = (k), aux[n++] = (v))
	AUX(AT_SYSINFO_EHDR_, x->core->m.base);
	const struct vdsosim_symbol *vs = vdsosim_image_find(x->prof->img, "__kernel_vsyscall");
	if (vs) /* only i386 images have it; the kernel then names it */
		AUX(AT_SYSINFO_, x->core->m.base + vs->value);
	uint32_t id[4] = { 0, 0, 0, 0 };
	if (a->uc_arch == UC_ARCH_X86)
		vs_x_cpuid(x, 1, 0, id);
	AUX(AT_HWCAP_, a->uc_arch == UC_ARCH_X86 ? id[3] : a->hwcap); /* x86: CPUID.1:EDX, as the kernel gives it */
	AUX(AT_PAGESZ_, PAGE);
	AUX(AT_CLKTCK_, 100);
	AUX(AT_PHDR_, x->bias + x->pi->phdr_vaddr);
	AUX(AT_PHENT_, x->pi->phent);
	AUX(AT_PHNUM_, x->pi->phnum);
	AUX(AT_BASE_, x->interp ? x->ibias : 0);
	AUX(AT_FLAGS_, 0);
	AUX(AT_ENTRY_, x->bias + x->pi->entry);
	AUX(AT_UID_, 1000);
	AUX(AT_EUID_, 1000);
	AUX(AT_GID_, 1000);
	AUX(AT_EGID_, 1000);
	AUX(AT_SECURE_, 0);
	AUX(AT_RANDOM_, rnd);
	AUX(AT_HWCAP2_, a->hwcap2);
	AUX(AT_EXECFN_, execfn);
	if (platform)
		AUX(AT_PLATFORM_, platform);
	for (size_t i = 0; i + 1 < sizeof a->extra_aux / sizeof *a->extra_aux && a->extra_aux[i]; i += 2)
		AUX(a->extra_aux[i], a->extra_aux[i + 1]);
	AUX(AT_NULL_, 0);
#undef AUX
	size_t words = 1 + argc + 1 + o->envc + 1 + n;
	s.sp = (s.sp - words * (uint64_t)w) & ~15ULL; /* argc at a 16-byte aligned sp */
	uint8_t *blk = calloc(words, (size_t)w);
	size_t k = 0;
#define PUT(v) (vs_put(blk + (k++) * (size_t)w, (v), w, a->big_endian))
	PUT(argc);
	for (size_t i = 0; i < argc; i++)
		PUT(argp[i]);
	PUT(0);
	for (size_t i = 0; i < o->envc; i++)
		PUT(envp[i]);
	PUT(0);
	for (size_t i = 0; i < n; i++)
		PUT(aux[i]);
#undef PUT
	uc_mem_write(x->uc, s.sp, blk, words * (size_t)w);
	x->envp_addr = s.sp + (uint64_t)(argc + 2) * (uint64_t)w;
	free(blk);
	free(argp);
	return s.sp;
}

