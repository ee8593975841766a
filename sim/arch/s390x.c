/* s390x backend: r2-r6 and r14, a 160-byte register save area above r15, `svc` (the number in the
 * instruction, or in r1 for `svc 0`). The TOD clock is read with stcke/stck/stckf, which store to
 * memory; Unicorn's TOD clock does not run, so each is a site that stores the model's value
 * (big-endian). The CPU number lives in the extended clock's programmable field: getcpu reads it
 * from the same stcke. */
#include <stdio.h>
#include <string.h>

#include "../../common/bytes.h"
#include "../backend.h"

enum { STCKE = 1, STCK };

/* the instruction-length code: the first two bits of the opcode give 2, 4, 4 or 6 bytes */
static int insn_len(const uint8_t *b, size_t avail)
{
	int n = b[0] < 0x40 ? 2 : b[0] < 0xc0 ? 4 : 6;
	return avail >= (size_t)n ? n : 0;
}

static int64_t sext32(uint32_t v) { return (int32_t)v; }

/* RIL-b pc-relative operands (larl, lrl, lgrl, ... and the compare-relative forms) */
static void track(const cs_insn *in, uint64_t *ref)
{
	const uint8_t *b = in->bytes;
	if (in->size != 6)
		return;
	int ril = (b[0] == 0xc0 && (b[1] & 15) == 0) || b[0] == 0xc4 || (b[0] == 0xc6 && (b[1] & 15) != 0);
	if (ril)
		*ref = in->address + (uint64_t)(2 * sext32((uint32_t)vs_get(b + 2, 4, 1)));
}

/* stcke b278, stck b205, stckf b27c */
static int maybe_site(const uint8_t *b, size_t n)
{
	return n >= 4 && b[0] == 0xb2 && (b[1] == 0x78 || b[1] == 0x05 || b[1] == 0x7c);
}

static int classify(const cs_insn *in, struct vs_site *s, uint64_t *ref, struct vs_decode *d)
{
	const uint8_t *b = in->bytes;
	(void)d;
	track(in, ref);
	if (in->size == 4 && b[0] == 0xb2 && (b[1] == 0x78 || b[1] == 0x05 || b[1] == 0x7c)) {
		s->pub.kind = VDSOSIM_SITE_COUNTER;
		/* the D2(B2) operand, decoded once: base register in reg, displacement above the kind */
		s->reg = b[2] >> 4;
		s->variant = (b[1] == 0x78 ? STCKE : STCK) | ((b[2] & 15) << 8 | b[3]) << 4;
		snprintf(s->pub.text, sizeof s->pub.text, "%s", b[1] == 0x78 ? "stcke" : b[1] == 0x05 ? "stck" : "stckf");
		return 1;
	}
	if ((in->size == 4 && b[0] == 0xb2 && b[1] == 0x09) || (in->size == 6 && b[0] == 0xc8 && (b[1] & 15) == 1)) {
		s->pub.kind = VDSOSIM_SITE_COUNTER; /* stpt, ectg: the CPU timer, which we do not model */
		s->unknown = 1;
		snprintf(s->pub.text, sizeof s->pub.text, "%s", b[0] == 0xb2 ? "stpt" : "ectg");
		return 1;
	}
	if (in->size == 2 && b[0] == 0x0a) {
		s->pub.kind = VDSOSIM_SITE_SYSCALL;
		snprintf(s->pub.text, sizeof s->pub.text, "svc %u", b[1]);
		return 1;
	}
	return 0;
}

static void emulate(struct vs_machine *e, const struct vs_site *s, uint64_t value)
{
	int kind = s->variant & 15;
	uint64_t addr = (s->reg ? vs_reg(e, UC_S390X_REG_R0 + s->reg) : 0) + (uint64_t)(s->variant >> 4);
	uint8_t out[16] = { 0 };
	if (kind == STCKE) { /* epoch index 0, the 64-bit TOD, then the programmable field */
		vs_put(out + 1, value, 8, 1);
		vs_put(out + 14, vs_cpu_word(e) & 0xfff, 2, 1);
	} else {
		vs_put(out, value, 8, 1);
	}
	if (uc_mem_write(e->uc, addr, out, kind == STCKE ? 16 : 8))
		return vs_stop(e, VDSOSIM_EFAULT, "%s at image+0x%llx stores outside mapped memory (0x%llx)", s->pub.text,
			       (unsigned long long)s->pub.addr, (unsigned long long)addr);
	vs_set_reg(e, UC_S390X_REG_PC, e->base + s->pub.addr + s->pub.size);
}

/* Unicorn reports svc (EXCP_SVC) with the pc still on the instruction. */
static void trap(struct vs_machine *e, uint32_t intno)
{
	uint64_t pc = vs_reg(e, UC_S390X_REG_PC);
	uint8_t insn[2] = { 0 };
	int read = uc_mem_read(e->uc, pc, insn, 2) == UC_ERR_OK;
	if (intno == 3 && read && insn[0] == 0xe6) /* QEMU 5.0, under every Unicorn, predates these */
		return vs_stop(e, VDSOSIM_EUNSUPPORTED,
			       "a vector-enhancements 2 instruction (facility 148), which Unicorn does not implement: "
			       "patch for a CPU without it (--cpu-flags fac129,-fac148)");
	if (intno != 2 || !read || insn[0] != 0x0a)
		return vs_stop_exception(e, intno);
	uint64_t a[6];
	for (int i = 0; i < 6; i++)
		a[i] = vs_reg(e, UC_S390X_REG_R2 + i);
	uint64_t nr = insn[1] ? insn[1] : vs_reg(e, UC_S390X_REG_R1);
	vs_set_reg(e, UC_S390X_REG_R2, (uint64_t)vs_syscall(e, nr, a));
	vs_set_reg(e, UC_S390X_REG_PC, pc + 2);
}

static void prepare(struct vs_machine *e, const uint64_t *args, int n)
{
	for (int i = 0; i < 5; i++)
		vs_set_reg(e, UC_S390X_REG_R2 + i, i < n ? args[i] : 0);
	vs_set_reg(e, UC_S390X_REG_R14, e->ret_addr);
	vs_set_reg(e, UC_S390X_REG_R15, (e->stack_top - 160) & ~7ULL);
}

/* Linux runs user space with CR0's AFP and vector-enablement bits set (the vector ChaCha20 of a
 * getrandom patched for facility 129 needs both; QEMU checks AFP first). Unicorn 2.0.1 has no CR
 * registers, so a one-instruction program sets CR0, on a page mapped for just that. */
#define CR_PAGE 0x1000ULL
#define CR0_AFP_VX 0x60000ULL

static int set_cr0(struct vs_machine *e)
{
	static const uint8_t lctlg[] = { 0xeb, 0x00, 0x10, 0x08, 0x00, 0x2f }; /* lctlg %c0,%c0,8(%r1) */
	uint8_t page[16] = { 0 };
	memcpy(page, lctlg, sizeof lctlg);
	vs_put(page + 8, CR0_AFP_VX, 8, 1);
	uc_err err = uc_mem_map(e->uc, CR_PAGE, 0x1000, UC_PROT_ALL);
	if (!err) {
		vs_set_reg(e, UC_S390X_REG_R1, CR_PAGE);
		if (!(err = uc_mem_write(e->uc, CR_PAGE, page, sizeof page)))
			err = uc_emu_start(e->uc, CR_PAGE, CR_PAGE + sizeof lctlg, 0, 1);
		uc_err unmap = uc_mem_unmap(e->uc, CR_PAGE, 0x1000);
		err = err ? err : unmap;
	}
	vs_set_reg(e, UC_S390X_REG_R1, 0);
	return err ? vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: setting CR0 for the vector facility: %s", uc_strerror(err)) : 0;
}

/* 64-bit addressing (PSW EA and BA bits): Unicorn starts in 24-bit mode */
static int setup(struct vs_machine *e)
{
	vs_set_reg(e, UC_S390X_REG_PSWM, 0x0000000180000000ULL);
	return set_cr0(e);
}

static uint64_t retval(struct vs_machine *e) { return vs_reg(e, UC_S390X_REG_R2); }

/* arch/s390/kernel/syscalls/syscall.tbl */
static const struct vs_sysno sysnos[] = {
	{ 260, VS_SYS_CLOCK_GETTIME, "clock_gettime" }, { 261, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 78, VS_SYS_GETTIMEOFDAY, "gettimeofday" },    { 311, VS_SYS_GETCPU, "getcpu" },
	{ 349, VS_SYS_GETRANDOM, "getrandom" },
};

const struct vs_arch_ops vs_arch_s390x = {
	.arch = "s390x", .uc_arch = UC_ARCH_S390X, .uc_mode = UC_MODE_BIG_ENDIAN, .cs_arch = CS_ARCH_SYSZ,
	.cs_mode = CS_MODE_BIG_ENDIAN, .word = 8, .reg_bytes = 8, .pc_reg = UC_S390X_REG_PC,
	.sp_reg = UC_S390X_REG_R15, .classify = classify, .maybe_site = maybe_site, .site_align = 2, .prepare = prepare, .retval = retval,
	.emulate = emulate, .trap = trap, .setup = setup, .sysnos = sysnos, .n_sysnos = sizeof sysnos / sizeof *sysnos,
	.no_spin_insn = 1, .exec_needs_write = 1, .insn_len = insn_len, /* cpu_relax() is barrier(): no instruction */
};
