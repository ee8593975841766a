/* Memory as a kernel keeps it: brk and the program's mappings. A mapping is reserved (address
 * space only, as PROT_NONE and MAP_NORESERVE ranges are on Linux) until some of it is made
 * accessible; only then is it guest memory, counted against --mem-cap. So a runtime may reserve
 * tens of GiB (Go's heap arenas) and commit what it uses. A private mapping of a sysroot file is a
 * copy of its bytes (the file is read-only, so no write can reach it). */
#include <stdlib.h>
#include <string.h>

#include "../../common/bytes.h"
#include "../../common/grow.h"
#include "kernel.h"

static uint32_t prot_bits(uint64_t p)
{
	return (p & 1 ? UC_PROT_READ : 0) | (p & 2 ? UC_PROT_WRITE : 0) | (p & 4 ? UC_PROT_EXEC : 0);
}

int64_t vs_sys_brk(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_proc *p = &x->proc;
	uint64_t want = c->a[0];
	if (!want || want < p->brk_lo)
		return (int64_t)p->brk_cur;
	uint64_t top = PAGE_UP(want);
	if (top > p->brk_mapped) {
		if (p->mem_used + (top - p->brk_mapped) > p->mem_cap ||
		    vs_x_map_range(x, p->brk_mapped, top, UC_PROT_READ | UC_PROT_WRITE))
			return (int64_t)p->brk_cur; /* the kernel's answer to a refused brk: the old break */
		p->mem_used += top - p->brk_mapped;
		p->brk_mapped = top;
	}
	p->brk_cur = want;
	return (int64_t)want;
}

/* ---- the mappings, kept sorted and split where their state changes ----------------------- */

/* the index of the first mapping ending above addr */
static size_t vma_at(struct vs_proc *p, uint64_t addr)
{
	size_t lo = 0, hi = p->n_vmas;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (p->vmas[mid].hi <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* split the mapping that spans addr, so that addr is a boundary */
static int split(struct vs_proc *p, uint64_t addr)
{
	size_t i = vma_at(p, addr);
	if (i == p->n_vmas || p->vmas[i].lo >= addr)
		return 0;
	if (!VS_GROW(p->vmas, p->cap_vmas, p->n_vmas))
		return -1;
	memmove(&p->vmas[i + 1], &p->vmas[i], (p->n_vmas - i) * sizeof *p->vmas);
	p->n_vmas++;
	p->vmas[i].hi = addr;
	p->vmas[i + 1].lo = addr;
	return 0;
}

int vs_x_past_eof(struct vs_exec *x, uint64_t addr)
{
	size_t i = vma_at(&x->proc, addr);
	return i < x->proc.n_vmas && x->proc.vmas[i].lo <= addr && x->proc.vmas[i].eof;
}

/* Unicorn's regions and our reservations: is [lo, hi) free? */
static int range_free(struct vs_exec *x, uint64_t lo, uint64_t hi)
{
	struct vs_proc *p = &x->proc;
	size_t i = vma_at(p, lo);
	if (i < p->n_vmas && p->vmas[i].lo < hi)
		return 0;
	uc_mem_region *rg;
	uint32_t n;
	int free_ = 1;
	if (uc_mem_regions(x->uc, &rg, &n) != UC_ERR_OK)
		return 0;
	for (uint32_t k = 0; k < n && free_; k++)
		if (rg[k].begin < hi && rg[k].end >= lo)
			free_ = 0;
	uc_free(rg);
	return free_;
}

static uint64_t first_gap(struct vs_exec *x, uint64_t at, uint64_t len, uint64_t limit);

/* where a mapping of len bytes goes: the hint if it is free, else the first gap past the last
 * mapping, else (what munmap gave back) the first gap from the mmap base; a guard page after */
static uint64_t place(struct vs_exec *x, uint64_t hint, uint64_t len)
{
	const struct vs_exec_abi *abi = x->abi;
	uint64_t limit = abi->stack_top - STACK_SIZE - PAGE, top = abi->addr_limit ? abi->addr_limit : UINT64_MAX;
	if (hint && hint + len > hint && hint + len <= top && range_free(x, hint, hint + len))
		return hint;
	uint64_t at = x->proc.mmap_next;
	for (int pass = 0; pass < 2; pass++, at = abi->mmap_base) {
		uint64_t got = first_gap(x, at, len, limit);
		if (got)
			return got;
	}
	return 0;
}

/* the first free [at, at + len + guard) at or above at, below limit */
static uint64_t first_gap(struct vs_exec *x, uint64_t at, uint64_t len, uint64_t limit)
{
	while (at + len + PAGE > at && at + len <= limit) {
		if (range_free(x, at, at + len + PAGE))
			return at;
		/* past whatever is in the way */
		size_t i = vma_at(&x->proc, at);
		uint64_t next = i < x->proc.n_vmas && x->proc.vmas[i].lo < at + len + PAGE ? x->proc.vmas[i].hi + PAGE : 0;
		if (!next) {
			uc_mem_region *rg;
			uint32_t n;
			if (uc_mem_regions(x->uc, &rg, &n) != UC_ERR_OK)
				return 0;
			for (uint32_t k = 0; k < n; k++)
				if (rg[k].begin < at + len + PAGE && rg[k].end >= at && rg[k].end + 1 + PAGE > next)
					next = rg[k].end + 1 + PAGE;
			uc_free(rg);
		}
		if (next <= at)
			return 0;
		at = next;
	}
	return 0;
}

/* Give back [lo, hi): our mappings there go, and their guest memory. */
static void unmap(struct vs_exec *x, uint64_t lo, uint64_t hi)
{
	struct vs_proc *p = &x->proc;
	if (split(p, lo) || split(p, hi))
		return;
	vs_x_drop_sites(x, lo, hi);
	size_t i = vma_at(p, lo), j = i;
	while (j < p->n_vmas && p->vmas[j].lo < hi) {
		if (p->vmas[j].committed) {
			uc_mem_unmap(x->uc, p->vmas[j].lo, p->vmas[j].hi - p->vmas[j].lo);
			p->mem_used -= p->vmas[j].hi - p->vmas[j].lo;
		}
		j++;
	}
	memmove(&p->vmas[i], &p->vmas[j], (p->n_vmas - j) * sizeof *p->vmas);
	p->n_vmas -= j - i;
}

/* Make [lo, hi) of our mappings prot: reserved pieces become guest memory when prot allows any
 * access. Fails (ENOMEM) where a piece is not ours or --mem-cap would be passed. */
static int64_t protect(struct vs_exec *x, uint64_t lo, uint64_t hi, uint32_t prot)
{
	struct vs_proc *p = &x->proc;
	if (x->abi->text_writable && (prot & UC_PROT_EXEC))
		prot |= UC_PROT_WRITE;
	uint64_t need = 0, at = lo;
	for (size_t i = vma_at(p, lo); i < p->n_vmas && p->vmas[i].lo < hi; i++) {
		if (p->vmas[i].lo > at)
			return -LX_ENOMEM;
		uint64_t a = p->vmas[i].lo > lo ? p->vmas[i].lo : lo, b = p->vmas[i].hi < hi ? p->vmas[i].hi : hi;
		if (!p->vmas[i].committed && !p->vmas[i].eof && prot)
			need += b - a;
		at = p->vmas[i].hi;
	}
	if (at < hi)
		return -LX_ENOMEM;
	if (p->mem_used + need > p->mem_cap || split(p, lo) || split(p, hi))
		return -LX_ENOMEM;
	for (size_t i = vma_at(p, lo); i < p->n_vmas && p->vmas[i].lo < hi; i++) {
		struct vs_vma *v = &p->vmas[i];
		if (v->committed)
			uc_mem_protect(x->uc, v->lo, v->hi - v->lo, prot);
		else if (v->eof)
			; /* still past the file's end */
		else if (prot) {
			if (uc_mem_map(x->uc, v->lo, v->hi - v->lo, prot) != UC_ERR_OK)
				return -LX_ENOMEM;
			v->committed = 1;
			p->mem_used += v->hi - v->lo;
		}
		v->prot = prot;
	}
	return 0;
}

/* the file's bytes from off into [at, at+len) (the rest reads as zero), its code's counter reads
 * found; a mapping from its start is a library's base */
static int64_t map_file(struct vs_exec *x, struct vs_file *f, uint64_t at, uint64_t len, uint64_t off, uint32_t prot)
{
	size_t n = off < f->size ? (size_t)(f->size - off < len ? f->size - off : len) : 0;
	if (n && prot && uc_mem_write(x->uc, at, f->data + off, n) != UC_ERR_OK)
		return -LX_ENOMEM;
	if (n && (prot & UC_PROT_EXEC) && vs_x_scan_code(x, f->data + off, n, at))
		return -LX_ENOMEM;
	if (!off && f->size >= 4 && !memcmp(f->data, "\177ELF", 4)) /* (ld.so.cache is mapped too) */
		vs_x_note_map(x, f->path, at);
	return 0;
}

static int64_t do_mmap(struct vs_exec *x, const uint64_t *a)
{
	struct vs_proc *p = &x->proc;
	uint64_t len = PAGE_UP(a[1]), flags = a[3];
	const struct vs_flag *mf = x->abi->map_flags ? x->abi->map_flags : vs_map_flags_generic;
	uint64_t anon = 0, fixed_noreplace = 0;
	for (; mf->name; mf++) {
		if (!strcmp(mf->name, "MAP_ANONYMOUS"))
			anon = mf->v;
		if (!strcmp(mf->name, "MAP_FIXED_NOREPLACE"))
			fixed_noreplace = mf->v;
	}
	if (!len || len < a[1])
		return -LX_EINVAL;
	struct vs_file *f = NULL;
	if (!(flags & anon)) {
		f = vs_x_file(x, (uint32_t)a[4]);
		if (!f)
			return -LX_EBADF;
		if (f->kind != F_REG)
			return -LX_ENODEV;
		if (a[5] & (PAGE - 1))
			return -LX_EINVAL;
		if ((flags & 3) == 1 && (a[2] & 2)) /* MAP_SHARED, PROT_WRITE: the fd is read-only */
			return -LX_EACCES;
	}
	int fixed = (flags & 0x10) != 0;
	uint64_t at;
	if (fixed || (flags & fixed_noreplace)) {
		at = a[0];
		if (at & (PAGE - 1) || at + len < at)
			return -LX_EINVAL;
		if (!fixed && !range_free(x, at, at + len))
			return -LX_EEXIST;
		uint64_t vlo = x->core->data_base < x->vdso_lo ? x->core->data_base : x->vdso_lo;
		uint64_t vhi = x->core->data_base + x->core->data_len > x->vdso_hi ? x->core->data_base + x->core->data_len :
										     x->vdso_hi;
		if (fixed && at < vhi && at + len > vlo) { /* Linux would let it; the run could not go on */
			x->res->exit_status = 126;
			vs_x_die(x, 0, "mmap(MAP_FIXED) of 0x%llx-0x%llx%s would replace the vDSO and its data at 0x%llx-0x%llx",
				 (unsigned long long)at, (unsigned long long)(at + len), f ? " from a file" : "",
				 (unsigned long long)vlo, (unsigned long long)vhi);
			return -LX_EINVAL;
		}
		/* over our own mappings, or over the program's own memory (a loader's choice) */
		unmap(x, at, at + len);
		if (!range_free(x, at, at + len))
			uc_mem_unmap(x->uc, at, len);
	} else if (!(at = place(x, PAGE_DOWN(a[0]), len))) {
		return -LX_ENOMEM;
	}
	if (at >= p->mmap_next && at < x->abi->stack_top - STACK_SIZE)
		p->mmap_next = at + len + PAGE;
	size_t i = vma_at(p, at);
	if (!VS_GROW(p->vmas, p->cap_vmas, p->n_vmas))
		return -LX_ENOMEM;
	memmove(&p->vmas[i + 1], &p->vmas[i], (p->n_vmas - i) * sizeof *p->vmas);
	p->n_vmas++;
	p->vmas[i] = (struct vs_vma){ at, at + len, 0, 0, 0 };
	/* a file's pages: those it reaches (the rest stay reserved, past its end) */
	uint64_t span = !f ? len : a[5] >= f->size ? 0 : PAGE_UP(f->size - a[5]) < len ? PAGE_UP(f->size - a[5]) : len;
	int64_t r = span ? protect(x, at, at + span, prot_bits(a[2])) : 0;
	if (r) {
		unmap(x, at, at + len);
		return r;
	}
	if (span < len && !split(p, at + span)) {
		struct vs_vma *v = &p->vmas[vma_at(p, at + span)];
		v->eof = 1;
		v->prot = prot_bits(a[2]);
	}
	if (f && (r = map_file(x, f, at, len, a[5], prot_bits(a[2])))) {
		unmap(x, at, at + len);
		return r;
	}
	return (int64_t)at;
}

int64_t vs_sys_mmap(struct vs_exec *x, struct vs_sc *c)
{
	uint64_t a[6];
	memcpy(a, c->a, sizeof a);
	if (c->s->op == X_MMAP2)
		a[5] *= 4096;
	return do_mmap(x, a);
}

/* s390x's old mmap: the six arguments in a block the one argument points to */
int64_t vs_sys_old_mmap(struct vs_exec *x, struct vs_sc *c)
{
	uint8_t blk[48];
	uint64_t m[6];
	if (uc_mem_read(x->uc, c->a[0], blk, sizeof blk) != UC_ERR_OK)
		return -LX_EFAULT;
	for (int i = 0; i < 6; i++)
		m[i] = vs_get(blk + 8 * i, 8, x->abi->big_endian);
	return do_mmap(x, m);
}

int64_t vs_sys_munmap(struct vs_exec *x, struct vs_sc *c)
{
	uint64_t lo = c->a[0], hi = lo + PAGE_UP(c->a[1]);
	if ((lo & (PAGE - 1)) || !c->a[1] || hi < lo)
		return -LX_EINVAL;
	unmap(x, lo, hi);
	vs_x_drop_sites(x, lo, hi);
	uc_mem_unmap(x->uc, lo, hi - lo); /* the program's own memory, where it gives that back */
	return 0;
}

int64_t vs_sys_mprotect(struct vs_exec *x, struct vs_sc *c)
{
	uint64_t lo = c->a[0], hi = lo + PAGE_UP(c->a[1]);
	uint32_t prot = prot_bits(c->a[2]);
	if (lo & (PAGE - 1))
		return -LX_EINVAL;
	if (hi == lo)
		return 0;
	size_t i = vma_at(&x->proc, lo);
	if (i < x->proc.n_vmas && x->proc.vmas[i].lo < hi)
		return protect(x, lo, hi, prot);
	/* the program's image, brk and stack */
	if (x->abi->text_writable && (prot & UC_PROT_EXEC))
		prot |= UC_PROT_WRITE;
	return uc_mem_protect(x->uc, lo, hi - lo, prot) == UC_ERR_OK ? 0 : -LX_ENOMEM;
}

/* MADV_DONTNEED: anonymous pages read as zero afterwards; the rest are hints */
int64_t vs_sys_madvise(struct vs_exec *x, struct vs_sc *c)
{
	static const uint8_t zero[4096];
	struct vs_proc *p = &x->proc;
	uint64_t lo = c->a[0], hi = lo + PAGE_UP(c->a[1]);
	if (c->a[2] != 4 || hi <= lo)
		return 0;
	for (size_t i = vma_at(p, lo); i < p->n_vmas && p->vmas[i].lo < hi; i++) {
		if (!p->vmas[i].committed || !(p->vmas[i].prot & UC_PROT_WRITE))
			continue;
		uint64_t a = p->vmas[i].lo > lo ? p->vmas[i].lo : lo, b = p->vmas[i].hi < hi ? p->vmas[i].hi : hi;
		for (; a < b; a += PAGE)
			uc_mem_write(x->uc, a, zero, PAGE);
	}
	return 0;
}

int64_t vs_sys_mremap(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ENOMEM; }

void vs_x_mm_free(struct vs_exec *x) { free(x->proc.vmas); }
