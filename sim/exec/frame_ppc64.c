/* Signal frames of ppc64, as arch/powerpc/kernel/signal_64.c builds them for every handler (the
 * 64-bit ABI has rt frames only): the rt_sigframe (ucontext with its sigcontext, the trampoline
 * words, pinfo, puc, siginfo, the 288-byte ABI gap) below the interrupted stack, and the 128-byte
 * caller frame below it whose back chain points at the old r1. The handler gets r3 = signo, r4 =
 * &info, r5 = &uc, r6 = the frame, r12 = its entry (ELFv2) and returns to SA_RESTORER or the vDSO's
 * __kernel_sigtramp_rt64, which adds the 128 bytes back and calls rt_sigreturn with r1 = the frame. */
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

#define GPR(n) (UC_PPC_REG_0 + (n))
/* ucontext: flags, link, stack_t (16), sigmask (40), __unused[15], sigcontext (168): _unused[4],
 * signal, handler, oldmask, regs (the pointer), gp_regs[48] (at +64), fp_regs[33], v_regs, ... */
enum { UC_STACK = 16, UC_MASK = 40, SC = 168, SC_SIGNAL = SC + 32, SC_HANDLER = SC + 40, SC_OLDMASK = SC + 48,
       SC_REGS = SC + 56, SC_GP = SC + 64, SC_FP = SC_GP + 48 * 8, UC_SIZE = SC_FP + 33 * 8 + 8 + 101 * 8,
       F_PINFO = UC_SIZE + 16 + 32, F_PUC = F_PINFO + 8, F_INFO = F_PUC + 8, F_SIZE = F_INFO + 128 + 288,
       SIGNAL_FRAMESIZE = 128 };
/* gp_regs after r0-r31: nip, msr, orig_gpr3, ctr, link, xer, ccr */
enum { PT_NIP = 32, PT_MSR, PT_ORIG_R3, PT_CTR, PT_LNK, PT_XER, PT_CCR };

static int setup(struct vs_exec *x, struct vs_sigframe *f)
{
	uint64_t ret = (f->flags & VS_SA_RESTORER) ? f->restorer : f->trampoline;
	if (!ret)
		return -1;
	uint64_t fr = (f->sp - F_SIZE) & ~15ULL, newsp = fr - SIGNAL_FRAMESIZE;
	uint8_t b[F_INFO] = { 0 };
	vs_put(b + UC_STACK, f->alt_sp, 8, 0);
	vs_put(b + UC_STACK + 8, f->alt_flags, 4, 0);
	vs_put(b + UC_STACK + 16, f->alt_size, 8, 0);
	vs_put(b + UC_MASK, f->oldmask, 8, 0);
	vs_put(b + SC_SIGNAL, (uint32_t)f->sig, 4, 0);
	vs_put(b + SC_HANDLER, f->handler, 8, 0);
	vs_put(b + SC_OLDMASK, f->oldmask, 8, 0);
	vs_put(b + SC_REGS, fr + SC_GP, 8, 0);
	for (int i = 0; i < 32; i++)
		vs_put(b + SC_GP + 8 * i, vs_x_reg(x, GPR(i)), 8, 0);
	static const int special[][2] = { { PT_NIP, UC_PPC_REG_PC }, { PT_MSR, UC_PPC_REG_MSR }, { PT_CTR, UC_PPC_REG_CTR },
					  { PT_LNK, UC_PPC_REG_LR } };
	for (size_t i = 0; i < sizeof special / sizeof *special; i++)
		vs_put(b + SC_GP + 8 * special[i][0], vs_x_reg(x, special[i][1]), 8, 0);
	uint32_t xer = 0, cr = 0; /* 32-bit registers */
	uc_reg_read(x->uc, UC_PPC_REG_XER, &xer);
	uc_reg_read(x->uc, UC_PPC_REG_CR, &cr);
	vs_put(b + SC_GP + 8 * PT_XER, xer, 8, 0);
	vs_put(b + SC_GP + 8 * PT_CCR, cr, 8, 0);
	vs_put(b + SC_GP + 8 * PT_ORIG_R3, vs_x_reg(x, GPR(3)), 8, 0);
	for (int i = 0; i < 32; i++)
		vs_put(b + SC_FP + 8 * i, vs_x_reg(x, UC_PPC_REG_FPR0 + i), 8, 0);
	vs_put(b + F_PINFO, fr + F_INFO, 8, 0);
	vs_put(b + F_PUC, fr, 8, 0);
	uint8_t chain[8];
	vs_put(chain, vs_x_reg(x, GPR(1)), 8, 0);
	/* (not the ABI gap: it is the interrupted code's protected zone, which it may be using) */
	if (vs_x_put_user(x, fr, b, F_INFO) || vs_x_put_siginfo(x, fr + F_INFO, &f->info) ||
	    vs_x_put_user(x, newsp, chain, 8))
		return -1;
	vs_x_set_reg(x, GPR(1), newsp);
	vs_x_set_reg(x, GPR(3), (uint64_t)f->sig);
	vs_x_set_reg(x, GPR(4), fr + F_INFO);
	vs_x_set_reg(x, GPR(5), fr);
	vs_x_set_reg(x, GPR(6), fr);
	vs_x_set_reg(x, GPR(12), f->handler);
	vs_x_set_reg(x, UC_PPC_REG_LR, ret);
	vs_x_set_reg(x, UC_PPC_REG_PC, f->handler);
	f->key = fr;
	return 0;
}

/* rt_sigreturn comes with r1 on the frame (the trampoline took the 128 bytes back) */
static uint64_t key(struct vs_exec *x, int rt)
{
	(void)rt;
	return vs_x_reg(x, GPR(1));
}

static int restore(struct vs_exec *x, int rt, uint64_t k, uint64_t *mask)
{
	uint8_t b[SC_FP + 32 * 8];
	if (rt != 1 || uc_mem_read(x->uc, k, b, sizeof b) != UC_ERR_OK)
		return -1;
	for (int i = 0; i < 32; i++)
		vs_x_set_reg(x, GPR(i), vs_get(b + SC_GP + 8 * i, 8, 0));
	vs_x_set_reg(x, UC_PPC_REG_PC, vs_get(b + SC_GP + 8 * PT_NIP, 8, 0));
	vs_x_set_reg(x, UC_PPC_REG_CTR, vs_get(b + SC_GP + 8 * PT_CTR, 8, 0));
	vs_x_set_reg(x, UC_PPC_REG_LR, vs_get(b + SC_GP + 8 * PT_LNK, 8, 0));
	uint32_t xer = (uint32_t)vs_get(b + SC_GP + 8 * PT_XER, 8, 0), cr = (uint32_t)vs_get(b + SC_GP + 8 * PT_CCR, 8, 0);
	uc_reg_write(x->uc, UC_PPC_REG_XER, &xer);
	uc_reg_write(x->uc, UC_PPC_REG_CR, &cr);
	for (int i = 0; i < 32; i++)
		vs_x_set_reg(x, UC_PPC_REG_FPR0 + i, vs_get(b + SC_FP + 8 * i, 8, 0));
	*mask = vs_get(b + UC_MASK, 8, 0);
	return 0;
}

const struct vs_frame_ops vs_frame_ppc64 = { .tramp_rt = "__kernel_sigtramp_rt64", .setup = setup, .key = key,
					     .restore = restore };
