/* AArch32 backend (native arm and arm64's compat vdso32): AAPCS (r0-r2, lr), ARM or Thumb-2 as
 * the image's entry points say, `mrrc p15, 1, rt, rt2, c14` (CNTVCT) as the counter site,
 * `svc #0` with the number in r7 (EABI). */
#include <string.h>

#include "../../common/bytes.h"
#include "../backend.h"


static int reg_of(unsigned n) { return n <= 12 ? UC_ARM_REG_R0 + (int)n : n == 13 ? UC_ARM_REG_SP : n == 14 ? UC_ARM_REG_LR : UC_ARM_REG_PC; }

static int cs_num(arm_reg r)
{
	static const arm_reg regs[16] = { ARM_REG_R0, ARM_REG_R1, ARM_REG_R2,  ARM_REG_R3,  ARM_REG_R4,  ARM_REG_R5,
					  ARM_REG_R6, ARM_REG_R7, ARM_REG_R8,  ARM_REG_R9,  ARM_REG_R10, ARM_REG_R11,
					  ARM_REG_R12, ARM_REG_SP, ARM_REG_LR, ARM_REG_PC };
	for (int i = 0; i < 16; i++)
		if (regs[i] == r)
			return i;
	return -1;
}

/* Thumb if the exported functions have bit 0 set */
static void modes(const vdsosim_image *img, cs_mode *csm, uc_mode *ucm, int *thumb)
{
	const struct vdsosim_image_info *in = vdsosim_image_info(img);
	*thumb = 0;
	for (size_t i = 0; i < in->n_symbols; i++)
		*thumb |= (int)(in->symbols[i].value & 1);
	*csm = *thumb ? CS_MODE_THUMB : CS_MODE_ARM;
	*ucm = UC_MODE_ARM; /* an odd entry address starts unicorn in Thumb state */
}

/* PIC: `ldr rX, [pc, #imm]` loads an offset from the literal pool, `add rX, pc` (or add rX, rX, pc)
 * turns it into the data address. */
static void track(const cs_insn *in, uint64_t *ref, struct vs_decode *d)
{
	const cs_arm *a = &in->detail->arm;
	int64_t pc = (int64_t)in->address + (d->thumb ? 4 : 8);
	if (a->op_count == 2 && a->operands[0].type == ARM_OP_REG && a->operands[1].type == ARM_OP_MEM &&
	    in->id == ARM_INS_LDR && a->operands[1].mem.base == ARM_REG_PC && a->operands[1].mem.index == ARM_REG_INVALID) {
		int r = cs_num(a->operands[0].reg);
		uint64_t lit = (uint64_t)(((d->thumb ? pc & ~3LL : pc) + a->operands[1].mem.disp));
		if (r >= 0 && d->len >= 4 && lit <= d->len - 4) {
			d->lit[r] = (int32_t)vs_le32(d->img + lit);
			d->pending |= 1u << r;
			d->known &= ~(1u << r);
		}
		return;
	}
	if (in->id == ARM_INS_ADD && a->op_count >= 2) {
		int rd = cs_num(a->operands[0].reg), pcs = 0, other = -1;
		for (int i = a->op_count == 2 ? 0 : 1; i < a->op_count; i++) {
			int r = a->operands[i].type == ARM_OP_REG ? cs_num(a->operands[i].reg) : -2;
			if (r == 15)
				pcs = 1;
			else
				other = r;
		}
		if (rd >= 0 && pcs && other >= 0 && (d->pending & (1u << other))) {
			d->val[rd] = d->lit[other] + pc;
			d->known |= 1u << rd;
			d->pending &= ~(1u << rd);
			*ref = (uint64_t)d->val[rd];
			return;
		}
	}
	for (int i = 0; i < a->op_count; i++) {
		if (a->operands[i].type == ARM_OP_MEM && a->operands[i].mem.index == ARM_REG_INVALID) {
			int r = cs_num(a->operands[i].mem.base);
			if (r >= 0 && (d->known & (1u << r)))
				*ref = (uint64_t)(d->val[r] + a->operands[i].mem.disp);
		}
		if (a->operands[i].type == ARM_OP_REG && (a->operands[i].access & CS_AC_WRITE)) {
			int r = cs_num(a->operands[i].reg);
			if (r >= 0)
				d->known &= ~(1u << r), d->pending &= ~(1u << r);
		}
	}
}

static int classify(const cs_insn *in, struct vs_site *s, uint64_t *ref, struct vs_decode *d)
{
	track(in, ref, d);
	const uint8_t *b = in->bytes;
	unsigned rt = 16, rt2 = 16;
	/* any other 64-bit read of a p15 c14 (generic timer) register */
	uint32_t w32 = in->size == 4 ? (d->thumb ? vs_le16(b) << 16 | vs_le16(b + 2) : vs_le32(b)) : 0;
	if (in->size == 4 && (w32 & 0x0ff00f0f) == 0x0c500f0e && ((w32 >> 4) & 15) != 1) {
		s->pub.kind = VDSOSIM_SITE_COUNTER;
		s->unknown = 1;
		return 1;
	}
	if (in->size == 4 && !d->thumb && (vs_le32(b) & 0x0ff00fff) == 0x0c500f1e) {
		rt = (vs_le32(b) >> 12) & 15;
		rt2 = (vs_le32(b) >> 16) & 15;
	} else if (in->size == 4 && d->thumb && (vs_le16(b) & 0xfff0) == 0xec50 && (vs_le16(b + 2) & 0x0fff) == 0x0f1e) {
		rt2 = vs_le16(b) & 15;
		rt = vs_le16(b + 2) >> 12;
	}
	if (rt < 16) {
		s->pub.kind = VDSOSIM_SITE_COUNTER;
		s->reg = (int)rt;
		s->variant = (int)rt2 | (d->thumb ? 0x100 : 0);
		return 1;
	}
	if ((in->size == 4 && !d->thumb && (vs_le32(b) & 0x0f000000) == 0x0f000000) ||
	    (in->size == 2 && d->thumb && (vs_le16(b) & 0xff00) == 0xdf00)) {
		s->pub.kind = VDSOSIM_SITE_SYSCALL;
		return 1;
	}
	if (in->id == ARM_INS_YIELD) { /* skipped: unicorn stops on it */
		s->pub.kind = VDSOSIM_SITE_SPIN;
		s->variant = d->thumb ? 0x100 : 0;
		return 1;
	}
	return 0;
}

/* control flow for decoding: AArch32 keeps literal pools between functions */
static int flow(const cs_insn *in, uint64_t *target)
{
	const cs_arm *a = &in->detail->arm;
	int fl = 0, jump = 0, always = a->cc == ARM_CC_AL || a->cc == ARM_CC_INVALID;
	for (int g = 0; g < in->detail->groups_count; g++)
		jump |= in->detail->groups[g] == CS_GRP_JUMP || in->detail->groups[g] == CS_GRP_CALL ||
			in->detail->groups[g] == CS_GRP_RET;
	for (int i = 0; i < a->op_count; i++)
		if (a->operands[i].type == ARM_OP_IMM && jump) {
			*target = (uint64_t)(uint32_t)a->operands[i].imm;
			fl |= VS_FLOW_TARGET;
		}
	/* an unconditional branch, return, or any write to pc ends the straight line */
	int writes_pc = in->id == ARM_INS_BX || in->id == ARM_INS_B || in->id == ARM_INS_POP || in->id == ARM_INS_LDM;
	for (int i = 0; i < a->op_count; i++)
		writes_pc |= a->operands[i].type == ARM_OP_REG && a->operands[i].reg == ARM_REG_PC &&
			     (a->operands[i].access & CS_AC_WRITE);
	if (in->id == ARM_INS_POP || in->id == ARM_INS_LDM) {
		writes_pc = 0;
		for (int i = 0; i < a->op_count; i++)
			writes_pc |= a->operands[i].type == ARM_OP_REG && a->operands[i].reg == ARM_REG_PC;
	}
	if (writes_pc && always && in->id != ARM_INS_BL && in->id != ARM_INS_BLX)
		fl |= VS_FLOW_END;
	return fl;
}

/* A native arm vDSO uses the counter for any clock_mode but NONE; an arm64 kernel's compat vdso32
 * only for ARCHTIMER (1), so clock_mode 2 (ARCHTIMER_NOCOMPAT) makes it fall back. On 6.15+ both
 * keep the same pages: ask the image which it is. */
static int confirm(struct vs_machine *e)
{
	if (strcmp(e->layout->family, "arm"))
		return 1;
	return vs_probe_syscalls(e, 2) == 0;
}

static void emulate(struct vs_machine *e, const struct vs_site *s, uint64_t value)
{
	if (s->pub.kind == VDSOSIM_SITE_COUNTER) {
		vs_set_reg(e, reg_of((unsigned)s->reg), (uint32_t)value);
		vs_set_reg(e, reg_of((unsigned)s->variant & 15), value >> 32);
	}
	uint64_t next = e->base + s->pub.addr + s->pub.size;
	vs_set_reg(e, UC_ARM_REG_PC, next | (s->variant & 0x100 ? 1 : 0)); /* stay in Thumb */
}

static void prepare(struct vs_machine *e, const uint64_t *args, int n)
{
	for (unsigned i = 0; i < 3; i++)
		vs_set_reg(e, reg_of(i), (int)i < n ? args[i] : 0);
	vs_set_reg(e, UC_ARM_REG_LR, e->ret_addr);
	vs_set_reg(e, UC_ARM_REG_SP, e->stack_top & ~7ULL);
}

static uint64_t retval(struct vs_machine *e) { return vs_reg(e, UC_ARM_REG_R0); }

/* arch/arm/tools/syscall.tbl (EABI); the compat ABI of arm64 uses the same numbers */
static const struct vs_sysno sysnos[] = {
	{ 263, VS_SYS_CLOCK_GETTIME, "clock_gettime" },	  { 264, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 78, VS_SYS_GETTIMEOFDAY, "gettimeofday" },	  { 345, VS_SYS_GETCPU, "getcpu" },
	{ 403, VS_SYS_CLOCK_GETTIME64, "clock_gettime64" }, { 406, VS_SYS_CLOCK_GETRES64, "clock_getres_time64" },
};

const struct vs_arch_ops vs_arch_arm = {
	.arch = "arm", .uc_arch = UC_ARCH_ARM, .uc_mode = UC_MODE_ARM, .cs_arch = CS_ARCH_ARM, .cs_mode = CS_MODE_ARM,
	.word = 4, .reg_bytes = 4, .pc_reg = UC_ARM_REG_PC, .sp_reg = UC_ARM_REG_SP, .classify = classify,
	.prepare = prepare,
	.trap_abi = { 2 /* EXCP_SWI */, UC_ARM_REG_R7, UC_ARM_REG_R0,
		      { UC_ARM_REG_R0, UC_ARM_REG_R1, UC_ARM_REG_R2, UC_ARM_REG_R3, UC_ARM_REG_R4, UC_ARM_REG_R5 } }, .retval = retval, .emulate = emulate, .sysnos = sysnos,
	.n_sysnos = sizeof sysnos / sizeof *sysnos,
	/* vdso_clocksource_ok() of the compat vdso32: only ARCHTIMER, never ARCHTIMER_NOCOMPAT */
	.fallback_modes = 1u << VDSOSIM_MODE_NOCOMPAT, .modes = modes, .flow = flow, .no_spin_insn = 1,
	.confirm = confirm,
};
