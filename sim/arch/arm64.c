/* arm64 backend: AAPCS64 (x0-x2, lr), `mrs xN, cntvct_el0` and the ECV cntvctss_el0 form as
 * counter sites (hooked at their address: unicorn cannot read cntvctss), `svc #0` with x8. */
#include "../../common/bytes.h"
#include "../backend.h"


static int xreg(unsigned n)
{
	return n <= 28 ? UC_ARM64_REG_X0 + (int)n : n == 29 ? UC_ARM64_REG_X29 : n == 30 ? UC_ARM64_REG_X30 : -1;
}

static int64_t sext(uint64_t v, int bits) { return (int64_t)(v << (64 - bits)) >> (64 - bits); }

/* adrp + add/ldr: the pc-relative way arm64 code reaches its data pages */
static void track(const cs_insn *in, uint32_t w, uint64_t *ref, struct vs_decode *d)
{
	unsigned rd = w & 31, rn = (w >> 5) & 31;
	if ((w & 0x1f000000) == 0x10000000) { /* adr, adrp */
		int64_t imm = sext(((uint64_t)((w >> 5) & 0x7ffff) << 2) | ((w >> 29) & 3), 21);
		d->val[rd] = w & 0x80000000u ? (int64_t)(in->address & ~0xfffULL) + imm * 4096 : (int64_t)in->address + imm;
		d->known |= 1u << rd;
		*ref = (uint64_t)d->val[rd];
		return;
	}
	if ((w & 0xff800000) == 0x91000000) { /* add xd, xn, #imm{, lsl #12} */
		int64_t imm = (int64_t)((w >> 10) & 0xfff) << ((w >> 22) & 1 ? 12 : 0);
		if (d->known & (1u << rn)) {
			d->val[rd] = d->val[rn] + imm;
			d->known |= 1u << rd;
			*ref = (uint64_t)d->val[rd];
		} else {
			d->known &= ~(1u << rd);
		}
		return;
	}
	if ((w & 0x3b000000) == 0x39000000 && (d->known & (1u << rn))) /* ldr/str [xn, #imm] */
		*ref = (uint64_t)(d->val[rn] + ((int64_t)((w >> 10) & 0xfff) << (w >> 30)));
	/* anything else that writes a tracked register ends what we knew of it */
	const cs_arm64 *a = &in->detail->arm64;
	for (int i = 0; i < a->op_count; i++)
		if (a->operands[i].type == ARM64_OP_REG && (a->operands[i].access & CS_AC_WRITE))
			d->known &= ~(1u << rd);
}

/* mrs: what classify() looks at first */
static int maybe_site(const uint8_t *b, size_t n) { return n >= 4 && (vs_le32(b) & 0xfff00000) == 0xd5300000; }

static int classify(const cs_insn *in, struct vs_site *s, uint64_t *ref, struct vs_decode *d)
{
	uint32_t w = vs_le32(in->bytes);
	track(in, w, ref, d);
	if ((w & 0xfff00000) == 0xd5300000) { /* mrs */
		unsigned sysreg = (w >> 5) & 0x7fff;
		/* cntvct_el0, cntpct_el0 and their self-synchronising (ECV) forms */
		if (sysreg == 0x5f02 || sysreg == 0x5f01 || sysreg == 0x5f06 || sysreg == 0x5f05) {
			s->pub.kind = VDSOSIM_SITE_COUNTER;
			s->reg = (int)(w & 31);
			return 1;
		}
		if ((sysreg >> 7) == 0xbe) { /* any other generic-timer register */
			s->pub.kind = VDSOSIM_SITE_COUNTER;
			s->unknown = 1;
			return 1;
		}
	}
	if ((w & 0xffe0001f) == 0xd4000001) { /* svc #imm */
		s->pub.kind = VDSOSIM_SITE_SYSCALL;
		return 1;
	}
	if (w == 0xd503203f) { /* yield: cpu_relax() */
		s->pub.kind = VDSOSIM_SITE_SPIN;
		return 1;
	}
	return 0;
}

static void emulate(struct vs_machine *e, const struct vs_site *s, uint64_t value)
{
	int r = xreg((unsigned)s->reg);
	if (r >= 0)
		vs_set_reg(e, r, value);
	vs_set_reg(e, UC_ARM64_REG_PC, e->base + s->pub.addr + s->pub.size);
}

static void prepare(struct vs_machine *e, const uint64_t *args, int n)
{
	for (unsigned i = 0; i < 5; i++)
		vs_set_reg(e, xreg(i), (int)i < n ? args[i] : 0);
	vs_set_reg(e, UC_ARM64_REG_X30, e->ret_addr);
	vs_set_reg(e, UC_ARM64_REG_SP, e->stack_top & ~15ULL);
}

static uint64_t retval(struct vs_machine *e) { return vs_reg(e, UC_ARM64_REG_X0); }

/* include/uapi/asm-generic/unistd.h */
static const struct vs_sysno sysnos[] = {
	{ 113, VS_SYS_CLOCK_GETTIME, "clock_gettime" }, { 114, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 169, VS_SYS_GETTIMEOFDAY, "gettimeofday" },   { 168, VS_SYS_GETCPU, "getcpu" },
	{ 278, VS_SYS_GETRANDOM, "getrandom" },
};

const struct vs_arch_ops vs_arch_arm64 = {
	.arch = "arm64", .uc_arch = UC_ARCH_ARM64, .uc_mode = UC_MODE_ARM, .cs_arch = CS_ARCH_ARM64,
	.cs_mode = CS_MODE_ARM, .word = 8, .reg_bytes = 8, .pc_reg = UC_ARM64_REG_PC, .sp_reg = UC_ARM64_REG_SP,
	.classify = classify, .maybe_site = maybe_site, .site_align = 4, .prepare = prepare, .retval = retval, .emulate = emulate,
	.sysnos = sysnos, .n_sysnos = sizeof sysnos / sizeof *sysnos,
	.trap_abi = { 2 /* EXCP_SWI */, UC_ARM64_REG_X8, UC_ARM64_REG_X0,
		      { UC_ARM64_REG_X0, UC_ARM64_REG_X1, UC_ARM64_REG_X2, UC_ARM64_REG_X3, UC_ARM64_REG_X4, UC_ARM64_REG_X5 } },
};
