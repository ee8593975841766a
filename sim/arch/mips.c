/* MIPS backend, three ABIs: o32 (a 32-bit CPU), n32 and n64 (a 64-bit CPU). a0-a3 (n32/n64 also
 * a4), ra, `syscall` with v0 and the a3 error flag. The R4K counter is `rdhwr rt, $2` (CC), a site
 * like any other; the GIC counter is read from the GIC user page below the data page, which the
 * machine core maps as a device (VS_PAGE_GIC). R2, R6 and Loongson-3 (gs464) builds; R6's lapc and
 * Loongson-3's gsdmultu, which Unicorn cannot run, are sites computed here. */
#include <stdio.h>
#include <string.h>

#include "../../common/bytes.h"
#include "../backend.h"

#define REG(n) (UC_MIPS_REG_0 + (n))
enum { V0 = 2, A0 = 4, A3 = 7, A4 = 8, RA = 31, SP = 29 };
enum { EF_MIPS_ABI2 = 0x20, EF_MIPS_ARCH = 0xf0000000u, EF_MIPS_ARCH_32R6 = 0x90000000u, EF_MIPS_ARCH_64R6 = 0xa0000000u };

static int64_t sext(uint64_t v, int bits) { return (int64_t)(v << (64 - bits)) >> (64 - bits); }

/* the instructions computed here: the tag in variant's low 4 bits, their operand above */
enum { LAPC = 1, GSDMULTU };

/* How the vDSO finds _start without relocations: `bal 1f; nop; .word _start - .; 1: lw rX, 0(ra);
 * addu rX, ra, rX` (R2) or `lapc rX, _start` (R6); the data page is then `addiu rY, rX, -PAGE`. */
static void track(const cs_insn *in, uint32_t w, uint64_t *ref, struct vs_decode *d)
{
	unsigned op = w >> 26, rs = (w >> 21) & 31, rt = (w >> 16) & 31, rd = (w >> 11) & 31;
	int64_t imm = sext(w & 0xffff, 16);
	if ((w >> 16) == 0x0411) { /* bal */
		d->val[RA] = (int64_t)in->address + 8;
		d->known |= 1u << RA;
		return;
	}
	if (op == 0x3b && ((w >> 19) & 3) == 0) { /* R6 addiupc (lapc) */
		d->val[rs] = (int64_t)in->address + sext(w & 0x7ffff, 19) * 4;
		d->known |= 1u << rs;
		return;
	}
	if (op == 0x23 && rs == RA && imm == 0 && (d->known & (1u << RA)) && /* lw rt, 0(ra): the offset */
	    (uint64_t)d->val[RA] + 4 <= d->len) {
		d->lit[rt] = (int32_t)vs_le32(d->img + d->val[RA]);
		d->pending |= 1u << rt;
		d->known &= ~(1u << rt);
		return;
	}
	if (op == 0 && ((w & 63) == 0x21 || (w & 63) == 0x2d)) { /* addu/daddu rd, ra, rX */
		unsigned other = rs == RA ? rt : rt == RA ? rs : 32;
		if (other < 32 && (d->known & (1u << RA)) && (d->pending & (1u << other))) {
			d->val[rd] = d->val[RA] + d->lit[other];
			d->known |= 1u << rd;
			return;
		}
		d->known &= ~(1u << rd);
		return;
	}
	if ((op == 0x09 || op == 0x19) && (d->known & (1u << rs))) { /* addiu/daddiu */
		d->val[rt] = d->val[rs] + imm;
		d->known |= 1u << rt;
		*ref = (uint64_t)d->val[rt];
		return;
	}
	if ((op == 0x23 || op == 0x37) && (d->known & (1u << rs))) /* lw/ld off(rs) */
		*ref = (uint64_t)(d->val[rs] + imm);
	/* anything else may write rt or rd: forget them */
	if (op != 0x2b && op != 0x3f && op != 0x04 && op != 0x05) /* not sw, sd, beq, bne */
		d->known &= ~(1u << rt | 1u << rd);
}

/* rdhwr: what classify() looks at first (little-endian images only) */
static int maybe_site(const uint8_t *b, size_t n) { return n >= 4 && (vs_le32(b) & 0xffe0003f) == 0x7c00003b; }

static int classify(const cs_insn *in, struct vs_site *s, uint64_t *ref, struct vs_decode *d)
{
	uint32_t w = vs_le32(in->bytes);
	track(in, w, ref, d);
	if ((w & 0xffe0003f) == 0x7c00003b) { /* rdhwr rt, rd */
		unsigned rt = (w >> 16) & 31, hw = (w >> 11) & 31;
		if (hw == 29) /* UserLocal: the TLS pointer, not a clock */
			return 0;
		s->pub.kind = VDSOSIM_SITE_COUNTER;
		s->reg = (int)rt;
		s->unknown = hw != 2; /* CPUNum, SYNCI_Step, CCRes: not the counter */
		snprintf(s->pub.text, sizeof s->pub.text, "rdhwr $%u, $%u", rt, hw);
		return 1;
	}
	if ((w & 0xfc00003f) == 0x0000000c) {
		s->pub.kind = VDSOSIM_SITE_SYSCALL;
		snprintf(s->pub.text, sizeof s->pub.text, "syscall");
		return 1;
	}
	if ((w >> 26) == 0x3b && ((w >> 19) & 3) == 0) { /* R6 lapc (addiupc): Unicorn raises RI on it */
		s->pub.kind = VDSOSIM_SITE_INSN;
		s->reg = (int)((w >> 21) & 31);
		int off = (int)sext(w & 0x7ffff, 19) * 4;
		s->variant = LAPC + 16 * off;
		snprintf(s->pub.text, sizeof s->pub.text, "lapc $%d, %+d", s->reg, off);
		return 1;
	}
	if ((w & 0xfc00003f) == 0x70000013) { /* Loongson-3 gsdmultu rd, rs, rt: no Loongson-3 CPU in Unicorn */
		s->pub.kind = VDSOSIM_SITE_INSN;
		s->reg = (int)((w >> 11) & 31);
		s->variant = GSDMULTU | (int)((w >> 21) & 31) << 9 | (int)((w >> 16) & 31) << 4;
		snprintf(s->pub.text, sizeof s->pub.text, "gsdmultu $%d, $%d, $%d", s->reg, (w >> 21) & 31, (w >> 16) & 31);
		return 1;
	}
	if (w == 0x00000140) { /* pause */
		s->pub.kind = VDSOSIM_SITE_SPIN;
		snprintf(s->pub.text, sizeof s->pub.text, "pause");
		return 1;
	}
	return 0;
}

static void emulate(struct vs_machine *e, const struct vs_site *s, uint64_t value)
{
	/* CC is a 32-bit register; a 64-bit CPU sign-extends it into rt */
	if (s->pub.kind == VDSOSIM_SITE_COUNTER && s->reg > 0)
		vs_set_reg(e, REG(s->reg), e->ops->reg_bytes == 8 ? (uint64_t)(int64_t)(int32_t)value : value & 0xffffffffu);
	if (s->pub.kind == VDSOSIM_SITE_INSN && s->reg > 0) {
		int tag = s->variant & 15;
		uint64_t v;
		if (tag == GSDMULTU) /* the low 64 bits of the product */
			v = vs_reg(e, REG((s->variant >> 9) & 31)) * vs_reg(e, REG((s->variant >> 4) & 31));
		else /* lapc: the 32-bit CPU's address wraps at 2^32 */
			v = e->base + s->pub.addr + (uint64_t)(int64_t)((s->variant - tag) / 16);
		vs_set_reg(e, REG(s->reg), e->ops->reg_bytes == 8 ? v : v & 0xffffffffu);
	}
	vs_set_reg(e, UC_MIPS_REG_PC, e->base + s->pub.addr + s->pub.size);
}

static int is_syscall(struct vs_machine *e, uint64_t at)
{
	uint8_t b[4];
	return !uc_mem_read(e->uc, at, b, 4) && (vs_le32(b) & 0xfc00003f) == 0x0000000c;
}

/* syscall: v0 = number, a0.. arguments; the result in v0 with a3 = 0, or the errno in v0 with
 * a3 = 1. Unicorn 2.0.1 reports it with the pc on the instruction, 2.1 with the pc past it. */
static void trap(struct vs_machine *e, uint32_t intno)
{
	uint64_t pc = vs_reg(e, UC_MIPS_REG_PC);
	int on = is_syscall(e, pc);
	if (!on && !is_syscall(e, pc - 4))
		return vs_stop_exception(e, intno);
	uint64_t a[6] = { 0 };
	for (int i = 0; i < 4; i++)
		a[i] = vs_reg(e, REG(A0 + i));
	if (e->ops->reg_bytes == 8)
		for (int i = 4; i < 6; i++)
			a[i] = vs_reg(e, REG(A4 + i - 4));
	int64_t r = vs_syscall(e, vs_reg(e, REG(V0)), a);
	int err = r < 0 && r > -4096;
	vs_set_reg(e, REG(V0), (uint64_t)(err ? -r : r));
	vs_set_reg(e, REG(A3), (uint64_t)err);
	if (on)
		vs_set_reg(e, UC_MIPS_REG_PC, pc + 4);
}

/* fixed-width: capstone 4 stops at what it does not know, and code never mixes lengths */
static int insn_len(const uint8_t *b, size_t avail)
{
	(void)b;
	return avail >= 4 ? 4 : 0;
}

static void prepare(struct vs_machine *e, const uint64_t *args, int n)
{
	int o32 = e->ops->reg_bytes == 4;
	for (int i = 0; i < (o32 ? 4 : 5); i++)
		vs_set_reg(e, REG(A0 + i), i < n ? args[i] : 0);
	vs_set_reg(e, REG(RA), e->ret_addr);
	/* o32: the caller leaves 16 bytes for the callee to spill a0-a3 */
	vs_set_reg(e, REG(SP), o32 ? (e->stack_top - 16) & ~7ULL : e->stack_top & ~15ULL);
}

static uint64_t retval(struct vs_machine *e) { return vs_reg(e, REG(V0)); }

/* n32 and n64 run on a 64-bit CPU, o32 on a 32-bit one */
static int uses_mips64(const struct vdsosim_image_info *in)
{
	return in->elf_class == 64 || (in->e_flags & EF_MIPS_ABI2);
}

/* R6 code needs an R6 CPU (new encodings); everything else runs on a generic R2 */
static int cpu_model(const vdsosim_image *img)
{
	uint32_t arch = vdsosim_image_info(img)->e_flags & EF_MIPS_ARCH;
	if (uses_mips64(vdsosim_image_info(img)))
		return arch == EF_MIPS_ARCH_64R6 ? UC_CPU_MIPS64_I6400 : UC_CPU_MIPS64_MIPS64R2_GENERIC;
	return arch == EF_MIPS_ARCH_64R6 || arch == EF_MIPS_ARCH_32R6 ? UC_CPU_MIPS32_MIPS32R6_GENERIC
								    : UC_CPU_MIPS32_74KF;
}

/* Builds vdsosim does not run correctly are refused rather than answered wrongly; Unicorn 2.0.1
 * starts 64-bit MIPS code at pc 0 (an address error before the first instruction). */
static int refuse(const vdsosim_image *img, char *why, size_t len)
{
	const struct vdsosim_image_info *in = vdsosim_image_info(img);
	unsigned major, minor;
	uc_version(&major, &minor);
	if (in->big_endian) /* the decoder and the traps read little-endian words */
		snprintf(why, len, "big-endian MIPS is not supported yet (Debian's mips kernels are little-endian)");
	else if (uses_mips64(in) && (major << 8 | minor) < 0x0201)
		snprintf(why, len, "the linked Unicorn %u.%u starts 64-bit MIPS code at pc 0; Unicorn 2.1 runs %s "
				   "(tools/unicorn-2.1.sh)", major, minor, in->arch);
	else
		return 0;
	return 1;
}

static void modes(const vdsosim_image *img, cs_mode *csm, uc_mode *ucm, int *thumb)
{
	uint32_t arch = vdsosim_image_info(img)->e_flags & EF_MIPS_ARCH;
	(void)thumb;
	(void)ucm;
	if (arch == EF_MIPS_ARCH_64R6 || arch == EF_MIPS_ARCH_32R6)
		*csm |= CS_MODE_MIPS32R6;
}

/* arch/mips/kernel/syscalls/syscall_{o32,n32,n64}.tbl */
static const struct vs_sysno o32_nos[] = {
	{ 4263, VS_SYS_CLOCK_GETTIME, "clock_gettime" },  { 4264, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 4078, VS_SYS_GETTIMEOFDAY, "gettimeofday" },    { 4312, VS_SYS_GETCPU, "getcpu" },
	{ 4353, VS_SYS_GETRANDOM, "getrandom" },          { 4403, VS_SYS_CLOCK_GETTIME64, "clock_gettime64" },
	{ 4406, VS_SYS_CLOCK_GETRES64, "clock_getres_time64" }, { 4013, VS_SYS_TIME, "time" },
};
static const struct vs_sysno n32_nos[] = {
	{ 6226, VS_SYS_CLOCK_GETTIME, "clock_gettime" },  { 6227, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 6094, VS_SYS_GETTIMEOFDAY, "gettimeofday" },    { 6275, VS_SYS_GETCPU, "getcpu" },
	{ 6317, VS_SYS_GETRANDOM, "getrandom" },          { 6403, VS_SYS_CLOCK_GETTIME64, "clock_gettime64" },
	{ 6406, VS_SYS_CLOCK_GETRES64, "clock_getres_time64" },
};
static const struct vs_sysno n64_nos[] = {
	{ 5222, VS_SYS_CLOCK_GETTIME, "clock_gettime" }, { 5223, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 5094, VS_SYS_GETTIMEOFDAY, "gettimeofday" },   { 5271, VS_SYS_GETCPU, "getcpu" },
	{ 5313, VS_SYS_GETRANDOM, "getrandom" },
};

#define MIPS_COMMON .uc_arch = UC_ARCH_MIPS, .cs_arch = CS_ARCH_MIPS, .pc_reg = UC_MIPS_REG_PC, .sp_reg = REG(SP), \
		    .classify = classify, .maybe_site = maybe_site, .site_align = 4, .prepare = prepare, .retval = retval, .emulate = emulate, .trap = trap,     \
		    .modes = modes, .cpu_model = cpu_model, .insn_len = insn_len, .refuse = refuse,                              \
		    .no_spin_insn = 1 /* cpu_relax() is barrier() */, .mmio_data_21 = 1
#define NOS(t) .sysnos = t, .n_sysnos = sizeof t / sizeof *t

const struct vs_arch_ops vs_arch_mips = { .arch = "mips", MIPS_COMMON, .uc_mode = UC_MODE_MIPS32 | UC_MODE_LITTLE_ENDIAN,
					  .cs_mode = CS_MODE_MIPS32, .word = 4, .reg_bytes = 4, NOS(o32_nos) };
const struct vs_arch_ops vs_arch_mipsn32 = { .arch = "mipsn32", MIPS_COMMON,
					     .uc_mode = UC_MODE_MIPS64 | UC_MODE_LITTLE_ENDIAN, .cs_mode = CS_MODE_MIPS64,
					     .word = 4, .reg_bytes = 8, NOS(n32_nos) };
const struct vs_arch_ops vs_arch_mips64 = { .arch = "mips64", MIPS_COMMON,
					    .uc_mode = UC_MODE_MIPS64 | UC_MODE_LITTLE_ENDIAN, .cs_mode = CS_MODE_MIPS64,
					    .word = 8, .reg_bytes = 8, NOS(n64_nos) };
