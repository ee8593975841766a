/* What each architecture's calling convention asks of a callee (vdsosim audit): the registers it
 * must preserve, those it may clobber, the platform registers it must not touch, its red zone,
 * and how its FP/SIMD registers are named in disassembly. Data, one row per ABI. */
#ifndef VDSOSIM_ABI_H
#define VDSOSIM_ABI_H
#include <stddef.h>

enum vs_reg_role { VS_REG_CALLEE, VS_REG_CALLER, VS_REG_PLATFORM };
struct vs_abi_reg { int uc; const char *name; enum vs_reg_role role; };
enum { VS_ABI_MAX_REGS = 56 };
struct vs_abi {
	const char *arch;                 /* image arch name */
	const char *name;                 /* "x86_64 SysV", "AAPCS64", ... */
	struct vs_abi_reg regs[VS_ABI_MAX_REGS];
	size_t n;
	unsigned red_zone;                /* bytes below the stack pointer a leaf may use */
	const char *fp_canon;             /* FP/SIMD registers by their canonical name + number */
	const char *fp_alias[8];          /* the prefixes disassembly uses for them */
	uint8_t fp_base[8];               /* the canonical number of each prefix's register 0 */
};
const struct vs_abi *vs_abi_of(const char *arch);
/* the FP/SIMD register numbers an instruction's text names (capstone's op_str), as a bit mask */
unsigned long long vs_abi_fp_mask(const struct vs_abi *a, const char *op_str);

#endif
