/* CPUID as the program sees it (x86): the CPU of --cpu (vendor, family, model, flags), or by
 * default a plain x86-64 that real runtimes accept (Go's 386 port wants MMX and SSE2). A flag
 * whose instructions Unicorn's TCG gates on its own CPUID (popcnt, movbe, bmi1 ...) is shown only
 * where the linked Unicorn's CPU has it (asked once at start), so a program never picks an
 * instruction the machine refuses; none of AVX, RDRAND or RDSEED (whose bytes would be the
 * host's) is ever shown. rdtscp and rdpid are served at their sites (cpu.c). AT_HWCAP is leaf 1's
 * EDX, as the kernel gives it. */
#include <string.h>

#include "kernel.h"

enum { EAX, EBX, ECX, EDX };
static const struct { const char *flag; uint32_t leaf; uint8_t reg, bit; } bits[] = {
	{ "fpu", 1, EDX, 0 }, { "vme", 1, EDX, 1 }, { "de", 1, EDX, 2 }, { "pse", 1, EDX, 3 }, { "tsc", 1, EDX, 4 },
	{ "msr", 1, EDX, 5 }, { "pae", 1, EDX, 6 }, { "mce", 1, EDX, 7 }, { "cx8", 1, EDX, 8 }, { "apic", 1, EDX, 9 },
	{ "sep", 1, EDX, 11 }, { "mtrr", 1, EDX, 12 }, { "pge", 1, EDX, 13 }, { "mca", 1, EDX, 14 },
	{ "cmov", 1, EDX, 15 }, { "pat", 1, EDX, 16 }, { "pse36", 1, EDX, 17 }, { "clflush", 1, EDX, 19 },
	{ "mmx", 1, EDX, 23 }, { "fxsr", 1, EDX, 24 }, { "sse", 1, EDX, 25 }, { "sse2", 1, EDX, 26 }, { "ht", 1, EDX, 28 },
	{ "pni", 1, ECX, 0 }, { "pclmulqdq", 1, ECX, 1 }, { "ssse3", 1, ECX, 9 }, { "cx16", 1, ECX, 13 },
	{ "sse4_1", 1, ECX, 19 }, { "sse4_2", 1, ECX, 20 }, { "movbe", 1, ECX, 22 }, { "popcnt", 1, ECX, 23 },
	{ "aes", 1, ECX, 25 }, { "hypervisor", 1, ECX, 31 }, { "bmi1", 7, EBX, 3 }, { "bmi2", 7, EBX, 8 },
	{ "erms", 7, EBX, 9 }, { "adx", 7, EBX, 19 }, { "rdpid", 7, ECX, 22 }, { "syscall", 0x80000001, EDX, 11 },
	{ "nx", 0x80000001, EDX, 20 }, { "rdtscp", 0x80000001, EDX, 27 }, { "lm", 0x80000001, EDX, 29 },
	{ "lahf_lm", 0x80000001, ECX, 0 }, { "abm", 0x80000001, ECX, 5 },
};
/* not gated by TCG (or not instructions): shown as the CPU description has them */
static const char ungated[] = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 mmx fxsr sse sse2 "
			      "ht syscall nx lm lahf_lm pni hypervisor rdtscp rdpid";
static const char default_flags[] = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush "
				    "mmx fxsr sse sse2 ht syscall nx lm pni ssse3 cx16 sse4_1 sse4_2 popcnt lahf_lm";

static int in_list(const char *list, const char *flag)
{
	size_t n = strlen(flag);
	for (const char *p = list; (p = strstr(p, flag)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

static int has(const struct vdsosim_cpu *cpu, const char *flag)
{
	return cpu ? vdsosim_cpu_has(cpu, flag) : in_list(default_flags, flag);
}

/* the linked Unicorn's own CPUID leaves 1, 7 and 0x80000001 (what its TCG lets run) */
static int tcg_has(struct vs_exec *x, uint32_t leaf, int reg, int bit)
{
	int k = leaf == 1 ? 0 : leaf == 7 ? 1 : 2;
	return (x->tcg_cpuid[k][reg] >> bit) & 1;
}

static void put4(uint32_t *r, const char *s)
{
	for (int i = 0; i < 4; i++)
		*r |= (uint32_t)(uint8_t)s[i] << (8 * i);
}

void vs_x_cpuid(struct vs_exec *x, uint32_t leaf, uint32_t sub, uint32_t out[4])
{
	const struct vdsosim_cpu *cpu = x->o->cpu;
	memset(out, 0, 4 * sizeof *out);
	for (size_t i = 0; i < sizeof bits / sizeof *bits; i++)
		if (bits[i].leaf == leaf && (leaf != 7 || sub == 0) && has(cpu, bits[i].flag) &&
		    (in_list(ungated, bits[i].flag) || tcg_has(x, leaf, bits[i].reg, bits[i].bit)))
			out[bits[i].reg] |= 1u << bits[i].bit;
	uint32_t family = cpu && cpu->family ? cpu->family : 6, model = cpu && cpu->family ? cpu->model : 44;
	const char *vendor = cpu && cpu->vendor != VDSOSIM_VENDOR_UNKNOWN ? vdsosim_cpu_vendor_name(cpu->vendor) : "GenuineIntel";
	switch (leaf) {
	case 0:
		out[EAX] = 7;
		put4(&out[EBX], vendor), put4(&out[EDX], vendor + 4), put4(&out[ECX], vendor + 8);
		break;
	case 1:
		out[EAX] = (model & 0xf) << 4 | (family > 15 ? 15 : family) << 8 | ((model >> 4) & 0xf) << 16 |
			   (family > 15 ? family - 15 : 0) << 20;
		out[EBX] = 8 << 8 | 1 << 16 | (vdsosim_model_state(x->m)->cpu & 0xff) << 24; /* 64-byte lines */
		break;
	/* caches: 32 KiB 8-way L1s and a 1 MiB 16-way L2, 64-byte lines (what libc's sysconf and
	 * cache-size tuning read: leaf 2 pointing at leaf 4 for Intel, 0x80000005/6 for AMD) */
	case 2: out[EAX] = 0xff01; break;
	case 4: {
		static const uint32_t l[3][3] = { { 0x121, 0x01c0003f, 63 }, { 0x122, 0x01c0003f, 63 },
						  { 0x143, 0x03c0003f, 1023 } };
		if (sub < 3)
			out[EAX] = l[sub][0], out[EBX] = l[sub][1], out[ECX] = l[sub][2];
		break;
	}
	case 0x80000005: out[ECX] = out[EDX] = 32u << 24 | 8 << 16 | 1 << 8 | 64; break;
	case 0x80000006: out[ECX] = 1024u << 16 | 8 << 12 | 1 << 8 | 64; break;
	case 0x80000000: out[EAX] = 0x80000008; break;
	case 0x80000002: case 0x80000003: case 0x80000004: {
		static const char brand[48] = "vdsosim x86-64 CPU";
		for (int r = 0; r < 4; r++)
			put4(&out[r], brand + (leaf - 0x80000002) * 16 + r * 4);
		break;
	}
	case 0x80000007: /* invariant TSC */
		out[EDX] = has(cpu, "constant_tsc") && has(cpu, "nonstop_tsc") ? 1u << 8 : 0;
		break;
	case 0x80000008: out[EAX] = 0x3030; break; /* 48 physical and 48 virtual address bits */
	default: break;
	}
}

static int hook_cpuid(uc_engine *uc, void *ud)
{
	struct vs_exec *x = ud;
	uint32_t leaf = 0, sub = 0, r[4];
	uc_reg_read(uc, UC_X86_REG_EAX, &leaf);
	uc_reg_read(uc, UC_X86_REG_ECX, &sub);
	vs_x_cpuid(x, leaf, sub, r);
	uint64_t v[4] = { r[0], r[1], r[2], r[3] }; /* the upper halves clear, as on x86-64 */
	static const int r64[4] = { UC_X86_REG_RAX, UC_X86_REG_RBX, UC_X86_REG_RCX, UC_X86_REG_RDX };
	static const int r32[4] = { UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX };
	for (int i = 0; i < 4; i++) {
		if (x->abi->uc_mode == UC_MODE_64)
			uc_reg_write(uc, r64[i], &v[i]);
		else
			uc_reg_write(uc, r32[i], &r[i]);
	}
	return 1;
}

/* Ask the machine's CPU before the hook answers for it: cpuid on a scratch page. */
static int probe(struct vs_exec *x)
{
	static const uint8_t code[] = { 0x0f, 0xa2 };
	const uint64_t at = 0x1000;
	static const uint32_t leaves[3] = { 1, 7, 0x80000001 };
	if (uc_mem_map(x->uc, at, PAGE, UC_PROT_ALL) != UC_ERR_OK || uc_mem_write(x->uc, at, code, 2) != UC_ERR_OK)
		return -1;
	int regs[4] = { UC_X86_REG_EAX, UC_X86_REG_EBX, UC_X86_REG_ECX, UC_X86_REG_EDX }, r = 0;
	for (int k = 0; k < 3 && !r; k++) {
		uint32_t v[4] = { leaves[k], 0, 0, 0 };
		uc_reg_write(x->uc, UC_X86_REG_EAX, &v[0]);
		uc_reg_write(x->uc, UC_X86_REG_ECX, &v[2]);
		r = uc_emu_start(x->uc, at, at + 2, 0, 0) != UC_ERR_OK;
		for (int i = 0; i < 4; i++)
			uc_reg_read(x->uc, regs[i], &x->tcg_cpuid[k][i]);
	}
	uc_mem_unmap(x->uc, at, PAGE);
	return r;
}

int vs_x_cpuid_hook(struct vs_exec *x)
{
	uc_hook h;
	if (x->abi->uc_arch != UC_ARCH_X86)
		return 0;
	if (probe(x))
		return -1;
	return uc_hook_add(x->uc, &h, UC_HOOK_INSN, (void *)hook_cpuid, x, 1, 0, UC_X86_INS_CPUID) == UC_ERR_OK ? 0 : -1;
}
