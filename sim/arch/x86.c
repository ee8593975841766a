/* x86 backends: x86_64 (System V), x32 (the same registers, 32-bit pointers, syscall bit 30) and
 * i386 (cdecl on the stack; int $0x80, sysenter or syscall through __kernel_vsyscall).
 * Counter sites: rdtsc/rdtscp (lfence/mfence before them run as they are); getcpu: lsl, rdpid
 * and rdtscp's TSC_AUX. */
#include <stdio.h>
#include <string.h>

#include "../../common/bytes.h"
#include "../backend.h"

enum { V_RDTSC, V_RDTSCP };

/* the registers a backend touches, per mode */
struct x86_regs { int ax, cx, dx, ip, sp, flags, gpr[16]; };

static const struct x86_regs r64 = {
	UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RIP, UC_X86_REG_RSP, UC_X86_REG_EFLAGS,
	{ UC_X86_REG_RAX, UC_X86_REG_RCX, UC_X86_REG_RDX, UC_X86_REG_RBX, UC_X86_REG_RSP, UC_X86_REG_RBP,
	  UC_X86_REG_RSI, UC_X86_REG_RDI, UC_X86_REG_R8, UC_X86_REG_R9, UC_X86_REG_R10, UC_X86_REG_R11, UC_X86_REG_R12,
	  UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15 } };
static const struct x86_regs r32 = {
	UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EIP, UC_X86_REG_ESP, UC_X86_REG_EFLAGS,
	{ UC_X86_REG_EAX, UC_X86_REG_ECX, UC_X86_REG_EDX, UC_X86_REG_EBX, UC_X86_REG_ESP, UC_X86_REG_EBP,
	  UC_X86_REG_ESI, UC_X86_REG_EDI } };

static const struct x86_regs *regs_of(const struct vs_machine *e) { return e->ops->reg_bytes == 8 ? &r64 : &r32; }

/* capstone register -> hardware number (ModRM order), for lsl's destination */
static int hw_num(x86_reg r)
{
	static const x86_reg n64[16] = { X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX, X86_REG_RSP, X86_REG_RBP,
					 X86_REG_RSI, X86_REG_RDI, X86_REG_R8,	X86_REG_R9,  X86_REG_R10, X86_REG_R11,
					 X86_REG_R12, X86_REG_R13, X86_REG_R14, X86_REG_R15 };
	static const x86_reg n32[16] = { X86_REG_EAX, X86_REG_ECX, X86_REG_EDX, X86_REG_EBX, X86_REG_ESP, X86_REG_EBP,
					 X86_REG_ESI, X86_REG_EDI, X86_REG_R8D,	X86_REG_R9D,  X86_REG_R10D, X86_REG_R11D,
					 X86_REG_R12D, X86_REG_R13D, X86_REG_R14D, X86_REG_R15D };
	for (int i = 0; i < 16; i++)
		if (n64[i] == r || n32[i] == r)
			return i;
	return -1;
}

/* Capstone 4 decodes rdpid (F3 0F C7 /7, mod 3) as rdseed: recognise it by its bytes. */
static int rdpid_num(const cs_insn *in)
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
				return (modrm & 7) | rex_b << 3;
			return -1;
		}
	}
	return -1;
}

/* 32-bit PIC: `call __x86.get_pc_thunk.REG` (mov (%esp),REG; ret) then `add $imm, REG` leaves the
 * GOT address in REG until REG is written again; loads at disp(REG) are image-relative data
 * references. */
static void track_got(const cs_insn *in, const cs_x86 *x, uint64_t *ref, struct vs_decode *d)
{
	for (int i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM && x->operands[i].mem.index == X86_REG_INVALID) {
			int r = hw_num(x->operands[i].mem.base);
			if (r >= 0 && (d->known & (1u << r)))
				*ref = (uint64_t)(int64_t)(int32_t)(uint32_t)(d->val[r] + x->operands[i].mem.disp);
		}
	if (in->id == X86_INS_CALL) {
		d->known &= ~0x7u; /* eax, ecx, edx do not survive a call */
		d->pending = 0;
		uint64_t t = x->op_count == 1 && x->operands[0].type == X86_OP_IMM ? (uint64_t)x->operands[0].imm : 0;
		const uint8_t *b = t && d->len >= 4 && t <= d->len - 4 ? d->img + t : NULL; /* a call target outside the image */
		if (b && b[0] == 0x8b && (b[1] & 0xc7) == 0x04 && b[2] == 0x24 && b[3] == 0xc3) {
			int r = (b[1] >> 3) & 7;
			d->val[r] = (int64_t)(in->address + in->size);
			d->known &= ~(1u << r);
			d->pending = 1u << r;
		}
		return;
	}
	for (int i = 0; i < x->op_count; i++) {
		int r = x->operands[i].type == X86_OP_REG ? hw_num(x->operands[i].reg) : -1;
		if (r < 0 || !(x->operands[i].access & CS_AC_WRITE))
			continue;
		if (in->id == X86_INS_ADD && (d->pending & (1u << r)) && x->operands[1].type == X86_OP_IMM) {
			d->val[r] = (int32_t)(uint32_t)(d->val[r] + x->operands[1].imm);
			d->known |= 1u << r;
		} else {
			d->known &= ~(1u << r);
		}
		d->pending &= ~(1u << r);
	}
}

/* s->reg holds the hardware register number; the mode's table turns it into a unicorn id. */
static int classify(const cs_insn *in, struct vs_site *s, uint64_t *ref, struct vs_decode *d)
{
	const cs_x86 *x = &in->detail->x86;
	for (int i = 0; i < x->op_count; i++)
		if (x->operands[i].type == X86_OP_MEM && x->operands[i].mem.base == X86_REG_RIP)
			*ref = in->address + in->size + (uint64_t)x->operands[i].mem.disp;
	track_got(in, x, ref, d);
	switch (in->id) {
	case X86_INS_RDTSC: s->pub.kind = VDSOSIM_SITE_COUNTER; s->variant = V_RDTSC; return 1;
	case X86_INS_RDTSCP: s->pub.kind = VDSOSIM_SITE_COUNTER; s->variant = V_RDTSCP; return 1;
	case X86_INS_RDPMC: s->pub.kind = VDSOSIM_SITE_COUNTER; s->unknown = 1; return 1;
	case X86_INS_SYSCALL:
	case X86_INS_SYSENTER: s->pub.kind = VDSOSIM_SITE_SYSCALL; return 1;
	case X86_INS_INT:
		if (x->op_count == 1 && x->operands[0].type == X86_OP_IMM && x->operands[0].imm == 0x80) {
			s->pub.kind = VDSOSIM_SITE_SYSCALL;
			return 1;
		}
		return 0;
	case X86_INS_PAUSE: s->pub.kind = VDSOSIM_SITE_SPIN; return 1;
	case X86_INS_LSL:
		s->pub.kind = VDSOSIM_SITE_CPU;
		s->reg = x->op_count ? hw_num(x->operands[0].reg) : -1;
		return s->reg >= 0;
	default:
		if ((s->reg = rdpid_num(in)) >= 0) {
			s->pub.kind = VDSOSIM_SITE_CPU;
			snprintf(s->pub.text, sizeof s->pub.text, "rdpid (%.10s %.20s)", in->mnemonic, in->op_str);
			return 1;
		}
		return 0;
	}
}

/* rdtsc 0f 31, rdtscp 0f 01 f9, rdpmc 0f 33, lsl 0f 03, rdpid f3 (REX) 0f c7 */
static int maybe_site(const uint8_t *b, size_t n)
{
	if (n >= 2 && b[0] == 0x0f)
		return b[1] == 0x31 || b[1] == 0x33 || b[1] == 0x03 || (n >= 3 && b[1] == 0x01 && b[2] == 0xf9);
	if (n >= 3 && b[0] == 0xf3)
		return (b[1] == 0x0f && b[2] == 0xc7) || (n >= 4 && (b[1] & 0xf0) == 0x40 && b[2] == 0x0f && b[3] == 0xc7);
	return 0;
}

static void syscall32(struct vs_machine *e);

static void emulate(struct vs_machine *e, const struct vs_site *s, uint64_t value)
{
	const struct x86_regs *R = regs_of(e);
	uint64_t next = e->base + s->pub.addr + s->pub.size;
	if (s->pub.kind == VDSOSIM_SITE_COUNTER && e->ops->reg_bytes == 8) {
		/* the hot path: one batch of 64-bit registers (host-order uint64_t: right on any host) */
		uint64_t v[3] = { (uint32_t)value, value >> 32, vs_cpu_word(e) };
		int ids[3] = { UC_X86_REG_RAX, UC_X86_REG_RDX, UC_X86_REG_RCX };
		void *p[3] = { &v[0], &v[1], &v[2] };
		uc_reg_write_batch(e->uc, ids, p, s->variant == V_RDTSCP ? 3 : 2);
		/* the pc alone: Unicorn 2.1 leaves a hook's block only for a pc written by uc_reg_write */
		uc_reg_write(e->uc, UC_X86_REG_RIP, &next);
		return;
	}
	if (s->pub.kind == VDSOSIM_SITE_SYSCALL) {
		/* the kernel returns to int80_landing_pad, past the `int $0x80` that follows */
		syscall32(e);
		uint8_t b[2] = { 0 };
		if (!uc_mem_read(e->uc, next, b, 2) && b[0] == 0xcd && b[1] == 0x80)
			next += 2;
		uc_reg_write(e->uc, UC_X86_REG_EIP, &next);
		return;
	}
	if (s->pub.kind == VDSOSIM_SITE_COUNTER) {
		vs_set_reg(e, R->ax, (uint32_t)value);
		vs_set_reg(e, R->dx, value >> 32);
		if (s->variant == V_RDTSCP)
			vs_set_reg(e, R->cx, vs_cpu_word(e));
	} else {
		/* lsl (sets ZF) or rdpid */
		vs_set_reg(e, R->gpr[s->reg], value);
		vs_set_reg(e, R->flags, vs_reg(e, R->flags) | 1u << 6);
	}
	vs_set_reg(e, R->ip, next);
}

static uint64_t retval(struct vs_machine *e) { return vs_reg(e, regs_of(e)->ax); }

/* ---- x86_64 and x32: arguments in rdi, rsi, rdx; `syscall` with the number in rax ---- */

static void hook_syscall64(uc_engine *uc, void *ud)
{
	struct vs_machine *e = ud;
	static const int ids[6] = { UC_X86_REG_RDI, UC_X86_REG_RSI, UC_X86_REG_RDX, UC_X86_REG_R10, UC_X86_REG_R8,
				    UC_X86_REG_R9 };
	uint64_t a[6], rip = vs_reg(e, UC_X86_REG_RIP), flags = vs_reg(e, UC_X86_REG_EFLAGS);
	(void)uc;
	if (!vs_in_image(e, rip)) /* a caller's own syscall, when attached */
		return;
	for (int i = 0; i < 6; i++)
		a[i] = vs_reg(e, ids[i]);
	uint64_t ret = (uint64_t)vs_syscall(e, vs_reg(e, UC_X86_REG_RAX), a);
	/* as the CPU does: rcx = return address, r11 = rflags */
	vs_set_reg(e, UC_X86_REG_RAX, ret);
	vs_set_reg(e, UC_X86_REG_RCX, rip + 2);
	vs_set_reg(e, UC_X86_REG_R11, flags);
}

static int setup64(struct vs_machine *e) { return vs_hook_insn(e, (void *)hook_syscall64, UC_X86_INS_SYSCALL); }

static void prepare64(struct vs_machine *e, const uint64_t *args, int n)
{
	uint64_t sp = e->stack_top - 8;
	uint8_t *slot = e->stack + (sp - e->stack_base);
	vs_put(slot, e->ret_addr, 8, 0);
	/* only the arguments the function takes: every register write costs on the per-call path */
	static int all[6] = { UC_X86_REG_RSP, UC_X86_REG_RDI, UC_X86_REG_RSI, UC_X86_REG_RDX, UC_X86_REG_RCX, UC_X86_REG_R8 };
	uint64_t v[6] = { sp };
	void *p[6] = { &v[0], &v[1], &v[2], &v[3], &v[4], &v[5] };
	for (int i = 0; i < n && i < 5; i++)
		v[i + 1] = args[i];
	uc_reg_write_batch(e->uc, all, p, 1 + (n < 5 ? n : 5));
}

/* ---- i386: cdecl, and the three ways __kernel_vsyscall enters the kernel ---- */

static void syscall32(struct vs_machine *e)
{
	static const int ids[6] = { UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX,
				    UC_X86_REG_ESI, UC_X86_REG_EDI, UC_X86_REG_EBP };
	uint64_t a[6];
	for (int i = 0; i < 6; i++)
		a[i] = vs_reg(e, ids[i]);
	vs_set_reg(e, UC_X86_REG_EAX, (uint64_t)vs_syscall(e, vs_reg(e, UC_X86_REG_EAX), a));
}

static void hook_int80(uc_engine *uc, uint32_t intno, void *ud)
{
	struct vs_machine *e = ud;
	(void)uc;
	if (!vs_in_image(e, vs_reg(e, UC_X86_REG_EIP)))
		return;
	if (intno == 0x80)
		syscall32(e); /* eip is already past the int */
	else
		vs_stop_exception(e, intno);
}

static int setup32(struct vs_machine *e) { return vs_hook_intr(e, (void *)hook_int80); }

/* i386: sysenter and syscall (from __kernel_vsyscall, patched in for SYSENTER32/SEP or SYSCALL32)
 * are served at the site, like a counter read: Unicorn's instruction hook for them is not
 * honoured inside a translation block (the eip it writes is lost and sysenter itself runs). */
static int classify32(const cs_insn *in, struct vs_site *s, uint64_t *ref, struct vs_decode *d)
{
	int r = classify(in, s, ref, d);
	if (r && (in->id == X86_INS_SYSENTER || in->id == X86_INS_SYSCALL))
		s->at_site = 1;
	return r;
}

static void prepare32(struct vs_machine *e, const uint64_t *args, int n)
{
	uint64_t sp = e->stack_top - 4 * 4;
	uint8_t *slot = e->stack + (sp - e->stack_base);
	uint32_t words[4] = { (uint32_t)e->ret_addr, 0, 0, 0 };
	for (int i = 0; i < n && i < 3; i++)
		words[i + 1] = (uint32_t)args[i];
	for (int w = 0; w < 4; w++)
		vs_put(slot + 4 * w, words[w], 4, 0);
	vs_set_reg(e, UC_X86_REG_ESP, sp);
}

/* The batch loop: r14 = entry, r15d = clock, r13 = output array, r12 = count (all callee-saved,
 * so the vDSO keeps them). */
static const uint8_t batch64[] = {
	0x48, 0x83, 0xec, 0x08, /* sub rsp, 8 */
	0x44, 0x89, 0xff,       /* loop: mov edi, r15d */
	0x4c, 0x89, 0xee,       /* mov rsi, r13 */
	0x41, 0xff, 0xd6,       /* call r14 */
	0x49, 0x83, 0xc5, 0x10, /* add r13, 16 */
	0x49, 0xff, 0xcc,       /* dec r12 */
	0x75, 0xee,             /* jnz loop */
	0x48, 0x83, 0xc4, 0x08, /* add rsp, 8 */
	0xc3,                   /* ret */
};

static void batch_prepare64(struct vs_machine *e, uint64_t entry, int32_t clock, uint64_t array, uint64_t n)
{
	vs_set_reg(e, UC_X86_REG_R14, entry);
	vs_set_reg(e, UC_X86_REG_R15, (uint32_t)clock);
	vs_set_reg(e, UC_X86_REG_R13, array);
	vs_set_reg(e, UC_X86_REG_R12, n);
}

/* ---- ABIs ---- */

static const struct vs_sysno sys64[] = {
	{ 228, VS_SYS_CLOCK_GETTIME, "clock_gettime" }, { 96, VS_SYS_GETTIMEOFDAY, "gettimeofday" },
	{ 201, VS_SYS_TIME, "time" },			 { 229, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 309, VS_SYS_GETCPU, "getcpu" },		 { 318, VS_SYS_GETRANDOM, "getrandom" },
};
#define X32 0x40000000u /* __X32_SYSCALL_BIT */
/* vdsox32.so is the x86_64 objects converted to ELF32: its fallbacks use the 64-bit numbers,
 * which the kernel serves for x32 tasks too. */
static const struct vs_sysno sysx32[] = {
	{ 228, VS_SYS_CLOCK_GETTIME, "clock_gettime" }, { 96, VS_SYS_GETTIMEOFDAY, "gettimeofday" },
	{ 201, VS_SYS_TIME, "time" },			 { 229, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 309, VS_SYS_GETCPU, "getcpu" },
	{ X32 | 228, VS_SYS_CLOCK_GETTIME, "clock_gettime" }, { X32 | 96, VS_SYS_GETTIMEOFDAY, "gettimeofday" },
	{ X32 | 201, VS_SYS_TIME, "time" },		       { X32 | 229, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ X32 | 309, VS_SYS_GETCPU, "getcpu" },
};
static const struct vs_sysno sys32[] = {
	{ 265, VS_SYS_CLOCK_GETTIME, "clock_gettime" },	      { 78, VS_SYS_GETTIMEOFDAY, "gettimeofday" },
	{ 13, VS_SYS_TIME, "time" },			      { 266, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 318, VS_SYS_GETCPU, "getcpu" },		      { 403, VS_SYS_CLOCK_GETTIME64, "clock_gettime64" },
	{ 406, VS_SYS_CLOCK_GETRES64, "clock_getres_time64" },
};

#define N(a) (sizeof a / sizeof *a)

const struct vs_arch_ops vs_arch_x86_64 = {
	.arch = "x86_64", .uc_arch = UC_ARCH_X86, .uc_mode = UC_MODE_64, .cs_arch = CS_ARCH_X86, .cs_mode = CS_MODE_64,
	.word = 8, .reg_bytes = 8, .pc_reg = UC_X86_REG_RIP, .sp_reg = UC_X86_REG_RSP, .classify = classify, .maybe_site = maybe_site, .site_align = 1,
	.setup = setup64, .prepare = prepare64, .retval = retval, .emulate = emulate, .sysnos = sys64,
	.n_sysnos = N(sys64), .batch_code = batch64, .batch_len = sizeof batch64, .batch_prepare = batch_prepare64,
};
const struct vs_arch_ops vs_arch_x32 = {
	"x32", UC_ARCH_X86, UC_MODE_64, CS_ARCH_X86, CS_MODE_64, 8, 8, UC_X86_REG_RIP, UC_X86_REG_RSP,
	classify, setup64, prepare64, retval, emulate, sysx32, N(sysx32), .maybe_site = maybe_site, .site_align = 1,
};
const struct vs_arch_ops vs_arch_i386 = {
	"i386", UC_ARCH_X86, UC_MODE_32, CS_ARCH_X86, CS_MODE_32, 4, 4, UC_X86_REG_EIP, UC_X86_REG_ESP,
	classify32, setup32, prepare32, retval, emulate, sys32, N(sys32), .maybe_site = maybe_site, .site_align = 1,
};
