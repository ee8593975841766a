/* x86_64 backend: System V calling convention, rdtsc/rdtscp/lsl/rdpid sites, `syscall` ABI. */
#include <stdio.h>
#include <string.h>

#include "../engine.h"

enum { V_RDTSC, V_RDTSCP };

static const struct vs_sysno sysnos[] = {
	{ 228, VS_SYS_CLOCK_GETTIME, "clock_gettime" }, { 96, VS_SYS_GETTIMEOFDAY, "gettimeofday" },
	{ 201, VS_SYS_TIME, "time" },			 { 229, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 309, VS_SYS_GETCPU, "getcpu" },
};

/* hardware register number (ModRM order) -> unicorn */
static const int gpr[16] = { UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RBX,
			     UC_X86_REG_RSP, UC_X86_REG_RBP, UC_X86_REG_RSI, UC_X86_REG_RDI,
			     UC_X86_REG_R8,  UC_X86_REG_R9,  UC_X86_REG_R10, UC_X86_REG_R11,
			     UC_X86_REG_R12, UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15 };

static int cs_gpr(x86_reg r)
{
	static const x86_reg r64[16] = { X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX, X86_REG_RSP, X86_REG_RBP,
					 X86_REG_RSI, X86_REG_RDI, X86_REG_R8,	X86_REG_R9,  X86_REG_R10, X86_REG_R11,
					 X86_REG_R12, X86_REG_R13, X86_REG_R14, X86_REG_R15 };
	static const x86_reg r32[16] = { X86_REG_EAX, X86_REG_ECX, X86_REG_EDX, X86_REG_EBX, X86_REG_ESP, X86_REG_EBP,
					 X86_REG_ESI, X86_REG_EDI, X86_REG_R8D,	X86_REG_R9D,  X86_REG_R10D, X86_REG_R11D,
					 X86_REG_R12D, X86_REG_R13D, X86_REG_R14D, X86_REG_R15D };
	for (int i = 0; i < 16; i++)
		if (r64[i] == r || r32[i] == r)
			return gpr[i];
	return -1;
}

/* Capstone 4 decodes rdpid (F3 0F C7 /7, mod 3) as rdseed: recognise it by its bytes. */
static int rdpid_reg(const cs_insn *in)
{
	const uint8_t *b = in->bytes;
	int rex_b = 0, f3 = 0;
	for (int i = 0; i + 2 < in->size; i++) {
		if (b[i] == 0xf3)
			f3 = 1;
		else if ((b[i] & 0xf0) == 0x40)
			rex_b = b[i] & 1;
		else if (b[i] == 0x0f && b[i + 1] == 0xc7) {
			uint8_t modrm = b[i + 2];
			if (f3 && (modrm >> 6) == 3 && ((modrm >> 3) & 7) == 7)
				return gpr[(modrm & 7) | rex_b << 3];
			return -1;
		}
	}
	return -1;
}

static int classify(const cs_insn *in, struct vs_site *s, uint64_t *ref)
{
	const cs_x86 *x = &in->detail->x86;
	for (int i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM && x->operands[i].mem.base == X86_REG_RIP)
			*ref = in->address + in->size + (uint64_t)x->operands[i].mem.disp;
	switch (in->id) {
	case X86_INS_RDTSC: s->pub.kind = VDSOSIM_SITE_COUNTER; s->variant = V_RDTSC; return 1;
	case X86_INS_RDTSCP: s->pub.kind = VDSOSIM_SITE_COUNTER; s->variant = V_RDTSCP; return 1;
	case X86_INS_SYSCALL: s->pub.kind = VDSOSIM_SITE_SYSCALL; return 1;
	case X86_INS_PAUSE: s->pub.kind = VDSOSIM_SITE_SPIN; return 1;
	case X86_INS_LSL:
		s->pub.kind = VDSOSIM_SITE_CPU;
		s->reg = x->op_count ? cs_gpr(x->operands[0].reg) : -1;
		return s->reg >= 0;
	default:
		if ((s->reg = rdpid_reg(in)) >= 0) {
			s->pub.kind = VDSOSIM_SITE_CPU;
			snprintf(s->pub.text, sizeof s->pub.text, "rdpid (%.10s %.20s)", in->mnemonic, in->op_str);
			return 1;
		}
		return 0;
	}
}

static void hook_syscall(uc_engine *uc, void *ud)
{
	struct vdsosim_engine *e = ud;
	static const int in_ids[7] = { UC_X86_REG_RAX, UC_X86_REG_RDI, UC_X86_REG_RSI, UC_X86_REG_RDX,
				       UC_X86_REG_R10, UC_X86_REG_R8,  UC_X86_REG_R9 };
	uint64_t v[7], rip, flags;
	void *p[7];
	for (int i = 0; i < 7; i++)
		p[i] = &v[i];
	uc_reg_read_batch(uc, (int *)in_ids, p, 7);
	uc_reg_read(uc, UC_X86_REG_RIP, &rip);
	uc_reg_read(uc, UC_X86_REG_EFLAGS, &flags);
	uint64_t ret = (uint64_t)vs_engine_syscall(e, v[0], v + 1);
	/* as the CPU does: rcx = return address, r11 = rflags */
	uint64_t rcx = rip + 2;
	uc_reg_write(uc, UC_X86_REG_RAX, &ret);
	uc_reg_write(uc, UC_X86_REG_RCX, &rcx);
	uc_reg_write(uc, UC_X86_REG_R11, &flags);
}

static int setup(struct vdsosim_engine *e)
{
	uc_hook h;
	uc_err err = uc_hook_add(e->uc, &h, UC_HOOK_INSN, (void *)hook_syscall, e, 1, 0, UC_X86_INS_SYSCALL);
	return err ? vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: syscall hook: %s", uc_strerror(err)) : 0;
}

static int prepare(struct vdsosim_engine *e, uint64_t entry, const uint64_t *args, int n)
{
	static const int ids[4] = { UC_X86_REG_RSP, UC_X86_REG_RDI, UC_X86_REG_RSI, UC_X86_REG_RDX };
	uint64_t v[4] = { e->stack_top - 8, 0, 0, 0 };
	(void)entry;
	for (int i = 0; i < n && i < 3; i++)
		v[i + 1] = args[i];
	uint8_t *slot = e->stack + (v[0] - e->stack_base);
	for (int i = 0; i < 8; i++)
		slot[i] = (uint8_t)(e->ret_addr >> (8 * i));
	void *p[4] = { &v[0], &v[1], &v[2], &v[3] };
	return uc_reg_write_batch(e->uc, (int *)ids, p, 4) ? VDSOSIM_EFAULT : 0;
}

static uint64_t retval(struct vdsosim_engine *e)
{
	uint64_t v = 0;
	uc_reg_read(e->uc, UC_X86_REG_RAX, &v);
	return v;
}

static void emulate(struct vdsosim_engine *e, const struct vs_site *s, uint64_t value)
{
	uint64_t next = e->base + s->pub.addr + s->pub.size;
	if (s->pub.kind == VDSOSIM_SITE_COUNTER) {
		uint64_t lo = (uint32_t)value, hi = value >> 32;
		uint64_t aux = ((uint64_t)e->model->st.node << 12) | (e->model->st.cpu & 0xfff);
		int ids[4] = { UC_X86_REG_RAX, UC_X86_REG_RDX, UC_X86_REG_RIP, UC_X86_REG_RCX };
		void *p[4] = { &lo, &hi, &next, &aux };
		uc_reg_write_batch(e->uc, ids, p, s->variant == V_RDTSCP ? 4 : 3);
		return;
	}
	/* lsl (32-bit, sets ZF) or rdpid (64-bit) */
	uint64_t flags;
	uc_reg_read(e->uc, UC_X86_REG_EFLAGS, &flags);
	flags |= 1u << 6;
	uc_reg_write(e->uc, s->reg, &value);
	uc_reg_write(e->uc, UC_X86_REG_EFLAGS, &flags);
	uc_reg_write(e->uc, UC_X86_REG_RIP, &next);
}

const struct vs_arch_ops vs_arch_x86_64 = {
	.arch = "x86_64",
	.uc_arch = UC_ARCH_X86,
	.uc_mode = UC_MODE_64,
	.cs_arch = CS_ARCH_X86,
	.cs_mode = CS_MODE_64,
	.word = 8,
	.pc_reg = UC_X86_REG_RIP,
	.sp_reg = UC_X86_REG_RSP,
	.classify = classify,
	.setup = setup,
	.prepare = prepare,
	.retval = retval,
	.emulate = emulate,
	.sysnos = sysnos,
	.n_sysnos = sizeof sysnos / sizeof *sysnos,
};
