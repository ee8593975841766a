/* Memory: brk and anonymous mappings are real guest memory, counted against --mem-cap. */
#include "../../common/bytes.h"
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

static int64_t do_mmap(struct vs_exec *x, const uint64_t *a)
{
	struct vs_proc *p = &x->proc;
	uint64_t len = PAGE_UP(a[1]), flags = a[3];
	if (!len)
		return -LX_EINVAL;
	if (!(flags & 0x20)) /* MAP_ANONYMOUS: no files here */
		return -LX_ENODEV;
	if (p->mem_used + len > p->mem_cap)
		return -LX_ENOMEM;
	uint64_t at = (flags & 0x10) && a[0] ? PAGE_DOWN(a[0]) : p->mmap_next; /* MAP_FIXED */
	if (at == p->mmap_next)
		p->mmap_next += len + PAGE; /* a guard page between mappings */
	if (flags & 0x10)
		uc_mem_unmap(x->uc, at, len);
	uint32_t prot = prot_bits(a[2]);
	if (uc_mem_map(x->uc, at, len, prot ? prot : UC_PROT_NONE) != UC_ERR_OK)
		return -LX_ENOMEM;
	p->mem_used += len;
	return (int64_t)at;
}

int64_t vs_sys_mmap(struct vs_exec *x, struct vs_sc *c) { return do_mmap(x, c->a); }

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
	uc_mem_unmap(x->uc, PAGE_DOWN(c->a[0]), PAGE_UP(c->a[1]));
	return 0;
}

int64_t vs_sys_mprotect(struct vs_exec *x, struct vs_sc *c)
{
	return uc_mem_protect(x->uc, PAGE_DOWN(c->a[0]), PAGE_UP(c->a[1]), prot_bits(c->a[2])) == UC_ERR_OK ? 0 : -LX_ENOMEM;
}

int64_t vs_sys_madvise(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return 0; }
int64_t vs_sys_mremap(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ENOMEM; }
