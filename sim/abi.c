#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "abi.h"

#define X(r, nm, role) { UC_X86_REG_##r, nm, VS_REG_##role }
#define SYSV64                                                                                               \
	{ X(RBX, "rbx", CALLEE), X(RBP, "rbp", CALLEE), X(R12, "r12", CALLEE), X(R13, "r13", CALLEE), X(R14, "r14", CALLEE), X(R15, "r15", CALLEE),     \
	  X(RAX, "rax", CALLER), X(RCX, "rcx", CALLER), X(RDX, "rdx", CALLER), X(RSI, "rsi", CALLER), X(RDI, "rdi", CALLER), X(R8, "r8", CALLER),       \
	  X(R9, "r9", CALLER),  X(R10, "r10", CALLER), X(R11, "r11", CALLER) },                                                    \
		15, 128, "xmm", { "xmm", "ymm", "zmm" }
#define A64(n, role) { UC_ARM64_REG_X0 + (n), "x" #n, VS_REG_##role }
#define A32(n, role) { UC_ARM_REG_R0 + (n), "r" #n, VS_REG_##role }
#define RV(n, nm, role) { UC_RISCV_REG_X0 + (n), nm, VS_REG_##role }
#define S390(n, role) { UC_S390X_REG_R0 + (n), "r" #n, VS_REG_##role }
#define M(n, nm, role) { UC_MIPS_REG_0 + (n), nm, VS_REG_##role }
#define PPC(n, role) { UC_PPC_REG_0 + (n), "r" #n, VS_REG_##role }
#define CR(n) { UC_PPC_REG_CR0 + (n), "cr" #n, VS_REG_CALLEE }
#define FPR(n) { UC_PPC_REG_FPR0 + (n), "f" #n, VS_REG_CALLEE }
#define MIPS_REGS(gp_role)                                                                                   \
	{ M(16, "s0", CALLEE), M(17, "s1", CALLEE), M(18, "s2", CALLEE), M(19, "s3", CALLEE), M(20, "s4", CALLEE),     \
	  M(21, "s5", CALLEE), M(22, "s6", CALLEE), M(23, "s7", CALLEE), M(30, "fp", CALLEE), M(28, "gp", gp_role),    \
	  M(1, "at", CALLER),  M(2, "v0", CALLER),  M(3, "v1", CALLER),  M(4, "a0", CALLER),  M(5, "a1", CALLER),      \
	  M(6, "a2", CALLER),  M(7, "a3", CALLER),  M(8, "t0", CALLER),  M(9, "t1", CALLER),  M(10, "t2", CALLER),     \
	  M(11, "t3", CALLER), M(12, "t4", CALLER), M(13, "t5", CALLER), M(14, "t6", CALLER), M(15, "t7", CALLER),     \
	  M(24, "t8", CALLER), M(25, "t9", CALLER), M(31, "ra", CALLER) },                                            \
		28, 0, "f", { "$f", "f" }

static const struct vs_abi abis[] = {
	{ "x86_64", "x86-64 System V", SYSV64 },
	{ "x32", "x32 (x86-64 System V)", SYSV64 },
	{ "i386", "i386 System V (cdecl)",
	  { X(EBX, "ebx", CALLEE), X(ESI, "esi", CALLEE), X(EDI, "edi", CALLEE), X(EBP, "ebp", CALLEE), X(EAX, "eax", CALLER), X(ECX, "ecx", CALLER), X(EDX, "edx", CALLER) },
	  7, 0, "xmm", { "xmm", "ymm", "zmm" } },
	{ "arm64", "AAPCS64 (x18 the platform register)",
	  { A64(19, CALLEE), A64(20, CALLEE), A64(21, CALLEE), A64(22, CALLEE), A64(23, CALLEE), A64(24, CALLEE),
	    A64(25, CALLEE), A64(26, CALLEE), A64(27, CALLEE), A64(28, CALLEE), { UC_ARM64_REG_X29, "x29", VS_REG_CALLEE },
	    A64(18, PLATFORM), A64(0, CALLER), A64(1, CALLER), A64(2, CALLER), A64(3, CALLER), A64(4, CALLER),
	    A64(5, CALLER), A64(6, CALLER), A64(7, CALLER), A64(8, CALLER), A64(9, CALLER), A64(10, CALLER),
	    A64(11, CALLER), A64(12, CALLER), A64(13, CALLER), A64(14, CALLER), A64(15, CALLER), A64(16, CALLER),
	    A64(17, CALLER), { UC_ARM64_REG_X30, "x30", VS_REG_CALLER } },
	  31, 0, "v", { "v", "q", "d", "s", "h", "b" } },
	{ "arm", "AAPCS (AArch32)",
	  { A32(4, CALLEE), A32(5, CALLEE), A32(6, CALLEE), A32(7, CALLEE), A32(8, CALLEE), A32(9, CALLEE),
	    A32(10, CALLEE), A32(11, CALLEE), A32(0, CALLER), A32(1, CALLER), A32(2, CALLER), A32(3, CALLER),
	    A32(12, CALLER), { UC_ARM_REG_LR, "lr", VS_REG_CALLER } },
	  14, 0, "d", { "d", "q", "s" } },
	{ "riscv64", "RISC-V LP64",
	  { RV(8, "s0", CALLEE), RV(9, "s1", CALLEE), RV(18, "s2", CALLEE), RV(19, "s3", CALLEE), RV(20, "s4", CALLEE),
	    RV(21, "s5", CALLEE), RV(22, "s6", CALLEE), RV(23, "s7", CALLEE), RV(24, "s8", CALLEE), RV(25, "s9", CALLEE),
	    RV(26, "s10", CALLEE), RV(27, "s11", CALLEE), RV(3, "gp", PLATFORM), RV(4, "tp", PLATFORM),
	    RV(1, "ra", CALLER), RV(5, "t0", CALLER), RV(6, "t1", CALLER), RV(7, "t2", CALLER), RV(10, "a0", CALLER),
	    RV(11, "a1", CALLER), RV(12, "a2", CALLER), RV(13, "a3", CALLER), RV(14, "a4", CALLER), RV(15, "a5", CALLER),
	    RV(16, "a6", CALLER), RV(17, "a7", CALLER), RV(28, "t3", CALLER), RV(29, "t4", CALLER), RV(30, "t5", CALLER),
	    RV(31, "t6", CALLER) },
	  30, 0, "f", { "ft", "fs", "fa", "f" } },
	{ "s390x", "s390x ELF ABI",
	  { S390(6, CALLEE), S390(7, CALLEE), S390(8, CALLEE), S390(9, CALLEE), S390(10, CALLEE), S390(11, CALLEE),
	    S390(12, CALLEE), S390(13, CALLEE), S390(0, CALLER), S390(1, CALLER), S390(2, CALLER), S390(3, CALLER),
	    S390(4, CALLER), S390(5, CALLER), S390(14, CALLER) },
	  15, 0, "f", { "%f", "%v", "f", "v" } },
	/* ELFv2: r13 the thread pointer; r2 the TOC, restored by the callee as the vDSO's asm does.
	 * v20-v31 are callee-saved too, but Unicorn exposes no VMX registers: their use is reported
	 * (fp/simd), not checked */
	{ "ppc64le", "PowerPC64 ELFv2",
	  { PPC(14, CALLEE), PPC(15, CALLEE), PPC(16, CALLEE), PPC(17, CALLEE), PPC(18, CALLEE), PPC(19, CALLEE),
	    PPC(20, CALLEE), PPC(21, CALLEE), PPC(22, CALLEE), PPC(23, CALLEE), PPC(24, CALLEE), PPC(25, CALLEE),
	    PPC(26, CALLEE), PPC(27, CALLEE), PPC(28, CALLEE), PPC(29, CALLEE), PPC(30, CALLEE), PPC(31, CALLEE),
	    PPC(2, CALLEE), CR(2), CR(3), CR(4), FPR(14), FPR(15), FPR(16), FPR(17), FPR(18), FPR(19), FPR(20),
	    FPR(21), FPR(22), FPR(23), FPR(24), FPR(25), FPR(26), FPR(27), FPR(28), FPR(29), FPR(30), FPR(31),
	    PPC(13, PLATFORM), PPC(0, CALLER), PPC(3, CALLER), PPC(4, CALLER), PPC(5, CALLER), PPC(6, CALLER),
	    PPC(7, CALLER), PPC(8, CALLER), PPC(9, CALLER), PPC(10, CALLER), PPC(11, CALLER), PPC(12, CALLER),
	    { UC_PPC_REG_CTR, "ctr", VS_REG_CALLER } },
	  53, 288, "vs", { "vs", "v", "f" }, { 0, 32, 0 } }, /* v0-31 are vs32-63, f0-31 vs0-31 */
	{ "mips", "MIPS o32", MIPS_REGS(CALLER) },
	{ "mipsn32", "MIPS n32", MIPS_REGS(CALLEE) },
	{ "mips64", "MIPS n64", MIPS_REGS(CALLEE) },
};

const struct vs_abi *vs_abi_of(const char *arch)
{
	for (size_t i = 0; i < sizeof abis / sizeof *abis; i++)
		if (!strcmp(abis[i].arch, arch))
			return &abis[i];
	return NULL;
}

/* The riscv prefixes name ft0-11, fs0-11, fa0-7 apart from f0-31: fold them onto f0-31. */
static int riscv_fp(const char *pfx, int n)
{
	if (!strcmp(pfx, "ft"))
		return n < 8 ? n : n + 20; /* ft0-7: f0-7, ft8-11: f28-31 */
	if (!strcmp(pfx, "fs"))
		return n < 2 ? n + 8 : n + 16; /* fs0-1: f8-9, fs2-11: f18-27 */
	if (!strcmp(pfx, "fa"))
		return n + 10;
	return n;
}

unsigned long long vs_abi_fp_mask(const struct vs_abi *a, const char *s)
{
	unsigned long long m = 0;
	while (*s) {
		/* one token: letters, digits, '$' and '%' */
		while (*s && !(isalnum((unsigned char)*s) || *s == '$' || *s == '%'))
			s++;
		const char *t = s;
		while (*s && (isalnum((unsigned char)*s) || *s == '$' || *s == '%' || *s == '_'))
			s++;
		size_t len = (size_t)(s - t);
		for (int k = 0; k < 8 && a->fp_alias[k]; k++) {
			size_t pl = strlen(a->fp_alias[k]);
			if (len <= pl || len > pl + 2 || strncmp(t, a->fp_alias[k], pl))
				continue;
			int digits = 1;
			for (size_t i = pl; i < len; i++)
				digits &= isdigit((unsigned char)t[i]) != 0;
			if (!digits)
				continue;
			int n = atoi(t + pl);
			if (!strcmp(a->arch, "riscv64"))
				n = riscv_fp(a->fp_alias[k], n);
			n += a->fp_base[k];
			if (n >= 0 && n < 64)
				m |= 1ull << n;
			break;
		}
	}
	return m;
}

/* ---- the public view ---- */
#include <stdio.h>

#include "machine.h"

size_t vdsosim_profile_abi(const vdsosim_profile *p, const char **abi, struct vdsosim_abi_reg *regs, size_t max)
{
	const struct vs_abi *a = vs_abi_of(p->img->info.arch);
	if (abi)
		*abi = a ? a->name : "";
	if (!a)
		return 0;
	for (size_t i = 0; regs && i < a->n && i < max; i++)
		regs[i] = (struct vdsosim_abi_reg){ a->regs[i].name, (enum vdsosim_reg_role)a->regs[i].role };
	return a->n;
}

unsigned vdsosim_profile_red_zone(const vdsosim_profile *p)
{
	const struct vs_abi *a = vs_abi_of(p->img->info.arch);
	return a ? a->red_zone : 0;
}

const char *vdsosim_profile_fp_name(const vdsosim_profile *p, unsigned n, char *buf, size_t len)
{
	const struct vs_abi *a = vs_abi_of(p->img->info.arch);
	snprintf(buf, len, "%s%u", a ? a->fp_canon : "fp", n);
	return buf;
}
