/* Time in exec: instructions counted per translated block (decoded once per block), the counter
 * they drive, and the model's ticks landing at their counter values. */
#include <stdlib.h>

#include "../../common/bytes.h"
#include "kernel.h"

static uint64_t insn_len(struct vs_exec *x, const uint8_t *b, size_t avail, int thumb)
{
	switch (x->abi->len) {
	case XLEN_FIXED4: return 4;
	case XLEN_RISCV: return (b[0] & 3) == 3 ? 4 : 2;
	case XLEN_ARM:
		if (!thumb)
			return 4;
		return avail >= 2 && (vs_le16(b) & 0xe000) == 0xe000 && (vs_le16(b) & 0x1800) ? 4 : 2;
	default: break;
	}
	cs_insn *in;
	size_t n = cs_disasm(x->cs, b, avail < 16 ? avail : 16, 0, 1, &in);
	uint64_t l = n ? in->size : 1;
	if (n)
		cs_free(in, n);
	return l;
}

/* Instructions in a translated block, decoded once per block. */
static uint32_t decoded(struct vs_exec *x, uint64_t addr, uint32_t size)
{
	if (x->bc_cap) { /* (the capacity is a power of two) */
		size_t h = (size_t)((addr * 0x9e3779b97f4a7c15ULL) >> 40) & (x->bc_cap - 1);
		for (size_t k = 0; k < x->bc_cap; k++, h = (h + 1) & (x->bc_cap - 1)) {
			if (x->bc[h].addr == addr && x->bc[h].size == size)
				return x->bc[h].n;
			if (!x->bc[h].size)
				break;
		}
	}
	uint8_t buf[4096];
	uint32_t n = 0, len = size < sizeof buf ? size : (uint32_t)sizeof buf;
	int thumb = 0;
	if (x->abi->len == XLEN_ARM) {
		uint32_t cpsr = 0;
		uc_reg_read(x->uc, UC_ARM_REG_CPSR, &cpsr);
		thumb = (cpsr >> 5) & 1;
	}
	if (uc_mem_read(x->uc, addr, buf, len) == UC_ERR_OK)
		for (uint32_t off = 0; off < len; n++)
			off += (uint32_t)insn_len(x, buf + off, len - off, thumb);
	if (!x->bc) {
		/* first use: 64K blocks are plenty for a test program (past that, blocks are decoded again) */
		x->bc = calloc(1 << 16, sizeof *x->bc);
		x->bc_cap = x->bc ? 1 << 16 : 0;
	}
	if (x->bc_cap) {
		size_t h = (size_t)((addr * 0x9e3779b97f4a7c15ULL) >> 40) & (x->bc_cap - 1);
		for (size_t k = 0; k < x->bc_cap; k++, h = (h + 1) & (x->bc_cap - 1))
			if (!x->bc[h].size) {
				x->bc[h] = (struct bcache){ addr, size, n };
				break;
			}
	}
	return n;
}

/* (every block of the program asks: a fixed width is a division; else a direct-mapped cache in
 * front of the table) */
uint32_t vs_x_block_insns(struct vs_exec *x, uint64_t addr, uint32_t size)
{
	if (x->abi->len == XLEN_FIXED4)
		return (size + 3) / 4;
	struct bcache *e = &x->l1[(addr ^ (addr >> 12)) & (sizeof x->l1 / sizeof *x->l1 - 1)];
	if (e->addr != addr || e->size != size)
		*e = (struct bcache){ addr, size, decoded(x, addr, size) };
	return e->n;
}

uint64_t vs_x_insns(struct vs_exec *x, uint64_t pc)
{
	uint64_t v = x->prog_insns + x->vdso_insns;
	if (x->in_vdso)
		v += pc && vs_in_image(&x->core->m, pc) ? vs_core_insns_before(x->core, pc) : x->core->res->insns;
	return v;
}

uint64_t vs_x_counter(struct vs_exec *x, uint64_t pc)
{
	return x->counter0 + x->slept + x->per_insn * vs_x_insns(x, pc) + x->step * x->reads;
}

/* the attachment asks: the counter the vDSO's read returns */
uint64_t vs_x_on_counter(void *ud, uint64_t off)
{
	struct vs_exec *x = ud;
	uint64_t v = vs_x_counter(x, x->core->m.base + off);
	x->reads++;
	return v;
}

/* A tick injected into a later call is the timeline's next tick: the ticks wait for it. */
static int ticks_held(struct vs_exec *x)
{
	for (unsigned i = 0; i < x->o->n_inject; i++) {
		enum vdsosim_event ev = x->o->inject[i].update.event;
		if ((ev == VDSOSIM_EV_TICK || ev == VDSOSIM_EV_STALL) &&
		    x->o->inject[i].call + (uint64_t)x->in_vdso >= x->res->n_vdso_calls)
			return 1;
	}
	return 0;
}

/* The kernel's tick: update_wall_time() at each tick boundary the counter has passed. */
void vs_x_ticks(struct vs_exec *x, uint64_t now)
{
	int any = 0;
	if (ticks_held(x))
		return;
	/* a long wait (every thread asleep): one update for the ticks an idle NOHZ CPU skips */
	if (now >= x->next_tick && (now - x->next_tick) / x->tick_len > 100000) {
		x->next_tick += (now - x->next_tick) / x->tick_len * x->tick_len;
		vdsosim_model_tick(x->m, x->next_tick);
		x->next_tick += x->tick_len;
		any = 1;
	}
	while (now >= x->next_tick) {
		vdsosim_model_tick(x->m, x->next_tick);
		x->next_tick += x->tick_len;
		any = 1;
	}
	if (any)
		vdsosim_attachment_sync(x->att);
}
