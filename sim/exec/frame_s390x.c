/* Signal frames of s390x, as arch/s390/kernel/signal.c builds them (big-endian): sigframe
 * (160 bytes the callee may use, sigcontext, _sigregs, signo, _sigregs_ext) and rt_sigframe
 * (siginfo, ucontext_extended), each with the back chain to the interrupted stack. The handler
 * returns through SA_RESTORER or the vDSO's __kernel_rt_sigreturn / __kernel_sigreturn. The
 * access registers (the TLS pointer) stay as they are, as the kernel leaves them; the condition
 * code, FP and vector state come back from what delivery saved. */
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

/* _sigregs: psw (mask, addr), gprs[16], acrs[16], fpc and fprs[16] */
enum { SR_PSW = 0, SR_GPRS = 16, SR_FPC = 208, SR_FPRS = 216, SR_SIZE = 344 };
/* rt_sigframe: svc_insn at 160, siginfo at 168, ucontext at 296 (its _sigregs at +40, sigmask at
 * +384, _sigregs_ext at +512); sigframe: sigcontext (oldmask, sregs) at 160, _sigregs at 176,
 * signo at 520, _sigregs_ext at 528 */
enum { RT_INFO = 168, RT_UC = 296, RT_SR = RT_UC + 40, RT_MASK = RT_UC + 384, RT_SIZE = RT_UC + 1024,
       L_SC = 160, L_SR = 176, L_SIGNO = 520, L_SIZE = 1048 };

static void put_sigregs(struct vs_exec *x, uint8_t *b)
{
	vs_put(b + SR_PSW, vs_x_reg(x, UC_S390X_REG_PSWM), 8, 1);
	vs_put(b + SR_PSW + 8, vs_x_reg(x, UC_S390X_REG_PC), 8, 1);
	for (int i = 0; i < 16; i++)
		vs_put(b + SR_GPRS + 8 * i, vs_x_reg(x, UC_S390X_REG_R0 + i), 8, 1);
	for (int i = 0; i < 16; i++)
		vs_put(b + SR_FPRS + 8 * i, vs_x_reg(x, UC_S390X_REG_F0 + i), 8, 1);
}

static int setup(struct vs_exec *x, struct vs_sigframe *f)
{
	int rt = (f->flags & VS_SA_SIGINFO) != 0;
	size_t size = rt ? RT_SIZE : L_SIZE;
	uint64_t fr = (f->sp - size) & ~7ULL;
	uint64_t ret = (f->flags & VS_SA_RESTORER) ? f->restorer : f->trampoline;
	if (!ret)
		return -1;
	uint8_t b[RT_SIZE] = { 0 };
	vs_put(b, vs_x_reg(x, UC_S390X_REG_R15), 8, 1); /* the back chain */
	if (rt) {
		vs_put(b + RT_UC, 1, 8, 1); /* UC_GPRS_HIGH */
		vs_put(b + RT_UC + 16, f->alt_sp, 8, 1);
		vs_put(b + RT_UC + 24, f->alt_flags, 4, 1);
		vs_put(b + RT_UC + 32, f->alt_size, 8, 1);
		put_sigregs(x, b + RT_SR);
		vs_put(b + RT_MASK, f->oldmask, 8, 1);
	} else {
		vs_put(b + L_SC, f->oldmask, 8, 1);
		vs_put(b + L_SC + 8, fr + L_SR, 8, 1);
		put_sigregs(x, b + L_SR);
		vs_put(b + L_SIGNO, (uint32_t)f->sig, 4, 1);
	}
	if (vs_x_put_user(x, fr, b, size) || (rt && vs_x_put_siginfo(x, fr + RT_INFO, &f->info)))
		return -1;
	vs_x_set_reg(x, UC_S390X_REG_R14, ret);
	vs_x_set_reg(x, UC_S390X_REG_R15, fr);
	vs_x_set_reg(x, UC_S390X_REG_R2, (uint64_t)f->sig);
	vs_x_set_reg(x, UC_S390X_REG_R3, rt ? fr + RT_INFO : fr + L_SC);
	vs_x_set_reg(x, UC_S390X_REG_R4, rt ? fr + RT_UC : 0);
	vs_x_set_reg(x, UC_S390X_REG_PC, f->handler);
	f->key = rt ? fr + RT_UC : fr + L_SC;
	return 0;
}

/* the frame is at r15 when the handler returns */
static uint64_t key(struct vs_exec *x, int rt) { return vs_x_reg(x, UC_S390X_REG_R15) + (rt == 1 ? RT_UC : L_SC); }

static int restore(struct vs_exec *x, int rt, uint64_t k, uint64_t *mask)
{
	uint8_t sr[SR_SIZE], m[8];
	uint64_t at = rt == 1 ? k - RT_UC + RT_SR : k - L_SC + L_SR, mp = rt == 1 ? k - RT_UC + RT_MASK : k;
	if (uc_mem_read(x->uc, at, sr, sizeof sr) != UC_ERR_OK || uc_mem_read(x->uc, mp, m, 8) != UC_ERR_OK)
		return -1;
	for (int i = 0; i < 16; i++)
		vs_x_set_reg(x, UC_S390X_REG_R0 + i, vs_get(sr + SR_GPRS + 8 * i, 8, 1));
	vs_x_set_reg(x, UC_S390X_REG_PC, vs_get(sr + SR_PSW + 8, 8, 1));
	*mask = vs_get(m, 8, 1);
	return 0;
}

const struct vs_frame_ops vs_frame_s390x = { .tramp_rt = "__kernel_rt_sigreturn", .tramp = "__kernel_sigreturn",
					     .setup = setup, .key = key, .restore = restore };
