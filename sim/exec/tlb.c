/* Memory at Unicorn's fast speed. Unicorn sends every store to a page whose TLB entry is also
 * executable through its slow path (a callback that looks the page up and invalidates its code),
 * and keeps a page's stores slow forever once any memory hook (a fault hook over all memory
 * included) covers it; with no paging, every page of every architecture is executable. On
 * Unicorn 2.1 the TLB is ours (UC_TLB_VIRTUAL): a page is filled with its region's own
 * protection, so a data page's stores are fast after the first, and a fault's address is found
 * by running the faulting instruction again with the fault hook in place. Unicorn 2.0.1 has no
 * such TLB: its stores are all slow whatever we do, and the fault hook stays on all run. */
#include "kernel.h"

static bool hook_invalid(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	struct vs_exec *x = ud;
	(void)uc, (void)size, (void)value;
	x->fault_addr = addr;
	x->fault_type = (int)type;
	return false;
}

uc_err vs_x_fault_hook(struct vs_exec *x)
{
	uc_hook h;
	return uc_hook_add(x->uc, &h, UC_HOOK_MEM_INVALID, (void *)hook_invalid, x, 1, 0);
}

#if UC_API_MAJOR > 2 || (UC_API_MAJOR == 2 && UC_API_MINOR >= 1)
/* identity, with the protection of the region there (and the access asked for, so that a
 * forbidden one reaches Unicorn's own protection check, as with its CPU's TLB) */
static bool hook_tlb(uc_engine *uc, uint64_t vaddr, uc_mem_type type, uc_tlb_entry *e, void *ud)
{
	uc_mem_region *rg;
	uint32_t n;
	(void)ud;
	e->paddr = vaddr;
	e->perms = type == UC_MEM_FETCH ? UC_PROT_EXEC : type == UC_MEM_WRITE ? UC_PROT_WRITE : UC_PROT_READ;
	if (uc_mem_regions(uc, &rg, &n) == UC_ERR_OK) {
		uint32_t lo = 0, hi = n; /* (sorted by address) */
		while (lo < hi) {
			uint32_t mid = (lo + hi) / 2;
			if (vaddr > rg[mid].end)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < n && vaddr >= rg[lo].begin)
			e->perms |= rg[lo].perms;
		uc_free(rg);
	}
	return true;
}

int vs_x_fast_memory(struct vs_exec *x)
{
	uc_hook h;
	/* (MIPS runs in kernel mode, and its programs then stop at their first rdhwr: the CPU's TLB) */
	if (x->abi->uc_arch == UC_ARCH_MIPS || uc_ctl_tlb_mode(x->uc, UC_TLB_VIRTUAL) != UC_ERR_OK)
		return 0;
	if (uc_hook_add(x->uc, &h, UC_HOOK_TLB_FILL, (void *)hook_tlb, x, 1, 0) != UC_ERR_OK) {
		uc_ctl_tlb_mode(x->uc, UC_TLB_CPU);
		return 0;
	}
	x->fast_memory = 1;
	return 1;
}
#else
int vs_x_fast_memory(struct vs_exec *x)
{
	(void)x;
	return 0;
}
#endif

/* The fault's address: the faulting instruction once more, with the fault hook, none of the
 * run's own hooks counting it (Unicorn 2.1 stops with the pc on that instruction). */
void vs_x_fault_again(struct vs_exec *x, uc_err err)
{
	if (!x->fast_memory || err == UC_ERR_INSN_INVALID || err == UC_ERR_EXCEPTION || vs_x_fault_hook(x))
		return;
	uint64_t pc = vs_x_reg(x, x->abi->pc_reg), insns = x->core->res->insns;
	if (x->abi->uc_arch == UC_ARCH_ARM) {
		uint32_t cpsr = 0;
		uc_reg_read(x->uc, UC_ARM_REG_CPSR, &cpsr);
		pc |= (cpsr >> 5) & 1;
	}
	x->in_stub = 1;
	uc_ctl_flush_tlb(x->uc); /* (the fill of the fault's page allowed the access: it stopped there) */
	uc_emu_start(x->uc, pc, 0, 0, 1);
	x->in_stub = 0;
	x->core->res->insns = insns;
	vs_x_set_reg(x, x->abi->pc_reg, pc); /* (ARM: bit 0 keeps the Thumb state) */
}
