/* Signal frames of arm64 and riscv64, as arch/arm64/kernel/signal.c and arch/riscv/kernel/signal.c
 * build them: siginfo, then the ucontext (its mcontext 16-aligned after a 1024-bit sigset), with
 * the FP state in the kernel's records; the return address is SA_RESTORER's (arm64) or the
 * vDSO's trampoline (arm64's __kernel_rt_sigreturn, riscv's __vdso_rt_sigreturn: always). */
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

/* the ucontext after siginfo: flags, link, stack_t, sigmask (8 of 128 bytes), mcontext at 176 */
enum { UC = 128, UC_STACK = UC + 16, UC_MASK = UC + 40, MC = UC + 176 };

static void put_uc_head(uint8_t *b, const struct vs_sigframe *f)
{
	vs_put(b + UC_STACK, f->alt_sp, 8, 0);
	vs_put(b + UC_STACK + 8, f->alt_flags, 4, 0);
	vs_put(b + UC_STACK + 16, f->alt_size, 8, 0);
	vs_put(b + UC_MASK, f->oldmask, 8, 0);
}

static int reg_id(int i) /* arm64 x0..x30 */
{
	return i < 29 ? UC_ARM64_REG_X0 + i : i == 29 ? UC_ARM64_REG_X29 : UC_ARM64_REG_X30;
}

/* ---- arm64 -------------------------------------------------------------------------------- */

/* mcontext: fault_address, regs[31], sp, pc, pstate, then __reserved (4096, at 288): an
 * fpsimd_context record (magic, size 528, fpsr, fpcr, vregs[32]), then the end record */
enum { A_REGS = MC + 8, A_SP = MC + 256, A_PC = MC + 264, A_PSTATE = MC + 272, A_RES = MC + 288,
       A_FRAME = UC + 176 + 288 + 4096 };

static int setup_a64(struct vs_exec *x, struct vs_sigframe *f)
{
	uint64_t ret = (f->flags & VS_SA_RESTORER) ? f->restorer : f->trampoline;
	if (!ret)
		return -1;
	uint64_t rec = (f->sp - 16) & ~15ULL; /* the frame record: fp, lr */
	uint64_t fr = rec - A_FRAME;
	uint8_t b[A_FRAME] = { 0 };
	put_uc_head(b, f);
	for (int i = 0; i < 31; i++)
		vs_put(b + A_REGS + 8 * i, vs_x_reg(x, reg_id(i)), 8, 0);
	vs_put(b + A_SP, vs_x_reg(x, UC_ARM64_REG_SP), 8, 0);
	vs_put(b + A_PC, vs_x_reg(x, UC_ARM64_REG_PC), 8, 0);
	vs_put(b + A_PSTATE, vs_x_reg(x, UC_ARM64_REG_NZCV) & 0xf0000000u, 8, 0);
	uint64_t fpsr = 0, fpcr = 0;
	uc_reg_read(x->uc, UC_ARM64_REG_FPSR, &fpsr);
	uc_reg_read(x->uc, UC_ARM64_REG_FPCR, &fpcr);
	vs_put(b + A_RES, 0x46508001, 4, 0); /* FPSIMD_MAGIC */
	vs_put(b + A_RES + 4, 528, 4, 0);
	vs_put(b + A_RES + 8, fpsr, 4, 0);
	vs_put(b + A_RES + 12, fpcr, 4, 0);
	for (int i = 0; i < 32; i++)
		uc_reg_read(x->uc, UC_ARM64_REG_V0 + i, b + A_RES + 16 + 16 * i);
	uint8_t r[16];
	vs_put(r, vs_x_reg(x, UC_ARM64_REG_X29), 8, 0);
	vs_put(r + 8, vs_x_reg(x, UC_ARM64_REG_X30), 8, 0);
	if (vs_x_put_user(x, fr, b, sizeof b) || vs_x_put_user(x, rec, r, sizeof r) || vs_x_put_siginfo(x, fr, &f->info))
		return -1;
	vs_x_set_reg(x, UC_ARM64_REG_X0, (uint64_t)f->sig);
	vs_x_set_reg(x, UC_ARM64_REG_X1, fr);
	vs_x_set_reg(x, UC_ARM64_REG_X2, fr + UC);
	vs_x_set_reg(x, UC_ARM64_REG_SP, fr);
	vs_x_set_reg(x, UC_ARM64_REG_X29, rec);
	vs_x_set_reg(x, UC_ARM64_REG_X30, ret);
	vs_x_set_reg(x, UC_ARM64_REG_PC, f->handler);
	f->key = fr + UC;
	return 0;
}

/* the frame is at sp when the handler returns */
static uint64_t key_sp(struct vs_exec *x, int rt) { (void)rt; return vs_x_reg(x, x->abi->sp_reg) + UC; }

static int restore_a64(struct vs_exec *x, int rt, uint64_t key, uint64_t *mask)
{
	uint64_t fr = key - UC;
	uint8_t p[A_RES];
	if (rt != 1 || (fr & 15) || uc_mem_read(x->uc, fr, p, sizeof p) != UC_ERR_OK)
		return -1;
	for (int i = 0; i < 31; i++)
		vs_x_set_reg(x, reg_id(i), vs_get(p + A_REGS + 8 * i, 8, 0));
	vs_x_set_reg(x, UC_ARM64_REG_SP, vs_get(p + A_SP, 8, 0));
	vs_x_set_reg(x, UC_ARM64_REG_PC, vs_get(p + A_PC, 8, 0));
	vs_x_set_reg(x, UC_ARM64_REG_NZCV, vs_get(p + A_PSTATE, 8, 0) & 0xf0000000u);
	*mask = vs_get(p + UC_MASK, 8, 0);
	return 0;
}

const struct vs_frame_ops vs_frame_arm64 = { .tramp_rt = "__kernel_rt_sigreturn", .setup = setup_a64,
					     .key = key_sp, .restore = restore_a64 };

/* ---- riscv64 ------------------------------------------------------------------------------ */

/* mcontext: sc_regs (pc, x1..x31), then the FP union (d: f[32], fcsr; its extension header
 * zero: no vector state) */
enum { R_REGS = MC, R_FP = MC + 256, R_FRAME = UC + 176 + 256 + 528 };

static int setup_rv(struct vs_exec *x, struct vs_sigframe *f)
{
	if (!f->trampoline)
		return -1;
	uint64_t fr = (f->sp - R_FRAME) & ~15ULL;
	uint8_t b[R_FRAME] = { 0 };
	put_uc_head(b, f);
	vs_put(b + R_REGS, vs_x_reg(x, UC_RISCV_REG_PC), 8, 0);
	for (int i = 1; i < 32; i++)
		vs_put(b + R_REGS + 8 * i, vs_x_reg(x, UC_RISCV_REG_X1 + i - 1), 8, 0);
	for (int i = 0; i < 32; i++)
		vs_put(b + R_FP + 8 * i, vs_x_reg(x, UC_RISCV_REG_F0 + i), 8, 0);
	vs_put(b + R_FP + 256, vs_x_reg(x, UC_RISCV_REG_FCSR), 4, 0);
	if (vs_x_put_user(x, fr, b, sizeof b) || vs_x_put_siginfo(x, fr, &f->info))
		return -1;
	vs_x_set_reg(x, UC_RISCV_REG_A0, (uint64_t)f->sig);
	vs_x_set_reg(x, UC_RISCV_REG_A1, fr);
	vs_x_set_reg(x, UC_RISCV_REG_A2, fr + UC);
	vs_x_set_reg(x, UC_RISCV_REG_SP, fr);
	vs_x_set_reg(x, UC_RISCV_REG_RA, f->trampoline);
	vs_x_set_reg(x, UC_RISCV_REG_PC, f->handler);
	f->key = fr + UC;
	return 0;
}

static int restore_rv(struct vs_exec *x, int rt, uint64_t key, uint64_t *mask)
{
	uint64_t fr = key - UC;
	uint8_t p[R_FP];
	if (rt != 1 || uc_mem_read(x->uc, fr, p, sizeof p) != UC_ERR_OK)
		return -1;
	for (int i = 1; i < 32; i++)
		vs_x_set_reg(x, UC_RISCV_REG_X1 + i - 1, vs_get(p + R_REGS + 8 * i, 8, 0));
	vs_x_set_reg(x, UC_RISCV_REG_PC, vs_get(p + R_REGS, 8, 0));
	*mask = vs_get(p + UC_MASK, 8, 0);
	return 0;
}

const struct vs_frame_ops vs_frame_riscv64 = { .tramp_rt = "__vdso_rt_sigreturn", .setup = setup_rv,
					       .key = key_sp, .restore = restore_rv };
