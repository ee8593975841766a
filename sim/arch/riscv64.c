/* riscv64 backend: a0-a2, ra; `rdtime` (csrrs rd, time, x0) as the counter site, `ecall` with a7.
 * Debian's capstone 4 has no RISC-V: instructions are walked by their length bits and the few
 * sites matched by their fixed encodings. Unicorn 2.0.1 cannot execute rdtime at all (it raises
 * an illegal-instruction exception), so a counter read outside the known sites still cannot slip
 * through: the exception hook reports it. */
#include <stdio.h>

#include "../../common/bytes.h"
#include "../backend.h"


/* the base ISA is 32-bit; the C extension's 16-bit forms have low bits != 11 */
static int insn_len(const uint8_t *b, size_t avail)
{
	if (avail < 2)
		return 0;
	int n = (b[0] & 3) == 3 ? 4 : 2;
	return (size_t)n <= avail ? n : 0;
}

static int64_t sext(uint64_t v, int bits) { return (int64_t)(v << (64 - bits)) >> (64 - bits); }

/* auipc + addi/ld: how the code reaches its data pages */
static void track(const cs_insn *in, uint32_t w, uint64_t *ref, struct vs_decode *d)
{
	unsigned rd = (w >> 7) & 31, rs1 = (w >> 15) & 31, op = w & 0x7f, f3 = (w >> 12) & 7;
	if (in->size == 2) { /* compressed: forget whatever register it may write */
		unsigned q = w & 3;
		d->known &= ~(q == 0 ? 1u << (8 + ((w >> 2) & 7)) : (1u << ((w >> 7) & 31)) | 1u << (8 + ((w >> 7) & 7)));
		return;
	}
	if (op == 0x17) { /* auipc */
		d->val[rd] = (int64_t)in->address + sext(w & 0xfffff000u, 32);
		d->known |= 1u << rd;
		return;
	}
	int64_t imm = sext(w >> 20, 12);
	if ((op == 0x13 && f3 == 0) || op == 0x03) { /* addi, loads */
		if (d->known & (1u << rs1)) {
			*ref = (uint64_t)(d->val[rs1] + imm);
			if (op == 0x13) {
				d->val[rd] = d->val[rs1] + imm;
				d->known |= 1u << rd;
				return;
			}
		}
	}
	if (op != 0x23 && op != 0x63) /* stores and branches write no register */
		d->known &= ~(1u << rd);
}

enum { SS_PUSH = 1, SS_POPCHK };

static int classify(const cs_insn *in, struct vs_site *s, uint64_t *ref, struct vs_decode *d)
{
	uint32_t w = in->size == 4 ? vs_le32(in->bytes) : (uint32_t)(in->bytes[0] | in->bytes[1] << 8);
	track(in, w, ref, d);
	if (in->size != 4)
		return 0;
	if ((w & 0xfff0707f) == 0xc0102073) { /* csrrs rd, time, x0 */
		s->pub.kind = VDSOSIM_SITE_COUNTER;
		s->reg = (int)((w >> 7) & 31);
		snprintf(s->pub.text, sizeof s->pub.text, "rdtime x%d", s->reg);
		return 1;
	}
	uint32_t csr = w >> 20;
	if ((w & 0x000ff07f) == 0x00002073 && (csr == 0xc00 || csr == 0xc02 || (csr >= 0xc80 && csr <= 0xc82))) {
		/* rdcycle, rdinstret and the rv32 high halves: counters we do not emulate */
		s->pub.kind = VDSOSIM_SITE_COUNTER;
		s->unknown = 1;
		snprintf(s->pub.text, sizeof s->pub.text, "csrr x%u, 0x%03x", (unsigned)((w >> 7) & 31), csr);
		return 1;
	}
	if (w == 0x00000073) {
		s->pub.kind = VDSOSIM_SITE_SYSCALL;
		snprintf(s->pub.text, sizeof s->pub.text, "ecall");
		return 1;
	}
	/* Zicfiss (the second vDSO of CFI kernels, 7.2+): sspush ra at entry, sspopchk t0 before the
	 * return. They are may-be-operations Unicorn cannot run: the backend keeps the shadow stack. */
	if ((w & 0xfe0fffff) == 0xce004073 && (((w >> 20) & 31) == 1 || ((w >> 20) & 31) == 5)) {
		s->pub.kind = VDSOSIM_SITE_SHADOW;
		s->variant = SS_PUSH;
		s->reg = (int)((w >> 20) & 31);
		snprintf(s->pub.text, sizeof s->pub.text, "sspush x%d", s->reg);
		return 1;
	}
	if ((w & 0xfff07fff) == 0xcdc04073 && (((w >> 15) & 31) == 1 || ((w >> 15) & 31) == 5)) {
		s->pub.kind = VDSOSIM_SITE_SHADOW;
		s->variant = SS_POPCHK;
		s->reg = (int)((w >> 15) & 31);
		snprintf(s->pub.text, sizeof s->pub.text, "sspopchk x%d", s->reg);
		return 1;
	}
	if (w == 0x0100000f) { /* pause (Zihintpause): cpu_relax() */
		s->pub.kind = VDSOSIM_SITE_SPIN;
		snprintf(s->pub.text, sizeof s->pub.text, "pause");
		return 1;
	}
	return 0;
}

static void shadow(struct vs_machine *e, const struct vs_site *s)
{
	uint64_t v = vs_reg(e, UC_RISCV_REG_X0 + s->reg), off = s->pub.addr;
	if (s->variant == SS_PUSH) {
		if (e->n_shadow == sizeof e->shadow / sizeof *e->shadow)
			return vs_stop(e, VDSOSIM_EFAULT, "shadow stack overflow at image+0x%llx",
					      (unsigned long long)off);
		e->shadow[e->n_shadow++] = v;
	} else if (!e->n_shadow || e->shadow[--e->n_shadow] != v) {
		/* a software-check exception on real hardware: the return address was changed */
		return vs_stop(e, VDSOSIM_EFAULT, "shadow stack mismatch at image+0x%llx (%s = 0x%llx)",
				      (unsigned long long)off, s->pub.text, (unsigned long long)v);
	}
	vs_set_reg(e, UC_RISCV_REG_PC, e->base + s->pub.addr + s->pub.size);
}

static void emulate(struct vs_machine *e, const struct vs_site *s, uint64_t value)
{
	if (s->pub.kind == VDSOSIM_SITE_SHADOW)
		return shadow(e, s);
	if (s->reg > 0)
		vs_set_reg(e, UC_RISCV_REG_X0 + s->reg, value);
	vs_set_reg(e, UC_RISCV_REG_PC, e->base + s->pub.addr + s->pub.size);
}

/* rdtime is illegal in unicorn 2.0.1: one that no site covers still cannot return a host value */
static void trap(struct vs_machine *e, uint32_t intno)
{
	uint64_t pc = vs_reg(e, UC_RISCV_REG_PC) - 4; /* unicorn has already stepped past it */
	if (intno == 2)
		return vs_stop(e, VDSOSIM_ECOUNTER, "illegal instruction at image+0x%llx (a counter read no site covers?)",
			       (unsigned long long)(pc - e->base));
	vs_set_reg(e, UC_RISCV_REG_PC, pc);
	vs_stop_exception(e, intno);
}

static void prepare(struct vs_machine *e, const uint64_t *args, int n)
{
	for (int i = 0; i < 5; i++)
		vs_set_reg(e, UC_RISCV_REG_X0 + 10 + i, i < n ? args[i] : 0);
	vs_set_reg(e, UC_RISCV_REG_RA, e->ret_addr);
	vs_set_reg(e, UC_RISCV_REG_SP, e->stack_top & ~15ULL);
}

static uint64_t retval(struct vs_machine *e) { return vs_reg(e, UC_RISCV_REG_X0 + 10); }

/* asm-generic numbers; riscv_flush_icache is arch-private 259 */
static const struct vs_sysno sysnos[] = {
	{ 113, VS_SYS_CLOCK_GETTIME, "clock_gettime" }, { 114, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 169, VS_SYS_GETTIMEOFDAY, "gettimeofday" },   { 168, VS_SYS_GETCPU, "getcpu" },
	{ 259, VS_SYS_FLUSH_ICACHE, "flush_icache" },   { 278, VS_SYS_GETRANDOM, "getrandom" },
};

/* A CFI build starts its functions with a landing pad (lpad = auipc zero, label). */
static int count_each_insn(const vdsosim_image *img)
{
	const struct vdsosim_image_info *in = vdsosim_image_info(img);
	size_t len;
	const uint8_t *b = vdsosim_image_bytes(img, &len);
	for (size_t i = 0; i < in->n_symbols; i++) {
		uint64_t v = in->symbols[i].value;
		if (v + 4 <= len && (vs_le32(b + v) & 0xfff) == 0x017)
			return 1;
	}
	return 0;
}

/* a SYSTEM-opcode word (csrrs and friends): where a counter read may start (at 2-byte steps: C) */
static int maybe_site(const uint8_t *b, size_t n) { return n >= 4 && (b[0] & 0x7f) == 0x73; }

const struct vs_arch_ops vs_arch_riscv64 = {
	.arch = "riscv64", .uc_arch = UC_ARCH_RISCV, .uc_mode = UC_MODE_RISCV64, .cs_arch = CS_ARCH_MAX,
	.word = 8, .reg_bytes = 8, .pc_reg = UC_RISCV_REG_PC, .sp_reg = UC_RISCV_REG_SP, .classify = classify,
	.prepare = prepare, .trap = trap,
	.trap_abi = { 8 /* ecall from U-mode */, UC_RISCV_REG_A7, UC_RISCV_REG_A0,
		      { UC_RISCV_REG_A0, UC_RISCV_REG_A1, UC_RISCV_REG_A2, UC_RISCV_REG_A3, UC_RISCV_REG_A4, UC_RISCV_REG_A5 } }, .retval = retval, .emulate = emulate, .sysnos = sysnos,
	.n_sysnos = sizeof sysnos / sizeof *sysnos, .insn_len = insn_len,
	/* arch/riscv/kernel/vdso: getcpu and flush_icache only wrap their syscalls */
	.syscall_funcs = 1u << VDSOSIM_GETCPU | 1u << VDSOSIM_FLUSH_ICACHE, .count_each_insn = count_each_insn,
	.maybe_site = maybe_site, .site_align = 2,
};
