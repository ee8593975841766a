/* ppc64 facts the backend (sim/arch/ppc64.c), exec's ABI row and configure's probe share. */
#ifndef VDSOSIM_PPC64_H
#define VDSOSIM_PPC64_H
#include <stdint.h>
#include <unicorn/unicorn.h>

/* MSR: 64-bit, FP, VMX (AltiVec), VSX, little-endian: what Linux gives a ppc64le task */
#define VS_PPC64_MSR_USER ((1ULL << 63) | (1ULL << 25) | (1ULL << 23) | (1ULL << 13) | 1ULL)

/* A syscall's result as the ABI returns it: a positive errno in r3 with CR0.SO set. */
static inline void vs_ppc64_sc_result(uc_engine *uc, int64_t ret)
{
	uint64_t err = ret < 0 && ret > -4096, v = (uint64_t)(err ? -ret : ret);
	uint32_t cr0 = 0; /* a 4-bit field, read and written as 32 bits */
	uc_reg_write(uc, UC_PPC_REG_3, &v);
	uc_reg_read(uc, UC_PPC_REG_CR0, &cr0);
	cr0 = (cr0 & ~1u) | (uint32_t)err;
	uc_reg_write(uc, UC_PPC_REG_CR0, &cr0);
}

/* Does the linked Unicorn run 64-bit little-endian PowerPC? `ld r3, 0(r4)` on a POWER9 with
 * MSR[LE]: no release up to 2.1.4 can (tools/unicorn-ppc64.patch mends it). The backend asks at
 * run time, configure (cmake/unicorn-ppc64-probe.c) at build time; a probe, not a version. */
static inline int vs_ppc64_probe(void)
{
	static const uint8_t code[] = { 0x00, 0x00, 0x64, 0xe8 }; /* ld r3, 0(r4) */
	static const uint8_t val[8] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 };
	uint64_t msr = 0, r4 = 0x10008, r3 = 0;
	uc_engine *uc;
	int ok = 0;
	if (uc_open(UC_ARCH_PPC, UC_MODE_PPC64 | UC_MODE_BIG_ENDIAN, &uc) != UC_ERR_OK)
		return 0;
	if (uc_ctl_set_cpu_model(uc, UC_CPU_PPC64_POWER9_V2_0) == UC_ERR_OK &&
	    uc_reg_read(uc, UC_PPC_REG_MSR, &msr) == UC_ERR_OK && (msr |= VS_PPC64_MSR_USER) &&
	    uc_reg_write(uc, UC_PPC_REG_MSR, &msr) == UC_ERR_OK && uc_mem_map(uc, 0x10000, 0x1000, UC_PROT_ALL) == UC_ERR_OK &&
	    uc_mem_write(uc, 0x10000, code, 4) == UC_ERR_OK && uc_mem_write(uc, r4, val, 8) == UC_ERR_OK &&
	    uc_reg_write(uc, UC_PPC_REG_4, &r4) == UC_ERR_OK && uc_emu_start(uc, 0x10000, 0x10004, 0, 1) == UC_ERR_OK &&
	    uc_reg_read(uc, UC_PPC_REG_3, &r3) == UC_ERR_OK)
		ok = r3 == 0x1122334455667788ULL;
	uc_close(uc);
	return ok;
}
#endif
