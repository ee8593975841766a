/* Signal frames of 32-bit ARM, as arch/arm/kernel/signal.c builds them: sigframe (ucontext,
 * retcode) and rt_sigframe (siginfo, then a sigframe); the VFP state in uc_regspace; a handler in
 * Thumb state runs with CPSR.T set. It returns through SA_RESTORER, or through the sigpage's
 * code for its state and frame (VS_ARM_SIGPAGE), which the kernel also copies into retcode. */
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

/* ucontext: flags, link, stack_t (12), sigcontext (trap_no, error_code, oldmask, r0-r10, fp, ip,
 * sp, lr, pc, cpsr, fault_address), sigmask (8 of 128 bytes), regspace (8-aligned) */
enum { U_STACK = 8, U_SC = 20, U_REGS = U_SC + 12, U_CPSR = U_SC + 76, U_MASK = 104, U_SPACE = 232,
       U_SIZE = 744, RETCODE = U_SIZE, SIGFRAME = U_SIZE + 16, INFO = 128 };
#define CPSR_T (1u << 5)
#define CPSR_IT 0x0600fc00u
#define CPSR_E (1u << 9)

static int reg_id(int i) /* r0..r15 */
{
	return i < 13 ? UC_ARM_REG_R0 + i : i == 13 ? UC_ARM_REG_SP : i == 14 ? UC_ARM_REG_LR : UC_ARM_REG_PC;
}

static int setup(struct vs_exec *x, struct vs_sigframe *f)
{
	int rt = (f->flags & VS_SA_SIGINFO) != 0, thumb = (int)(f->handler & 1);
	size_t size = (rt ? INFO : 0) + SIGFRAME;
	uint64_t fr = (f->sp - size) & ~7ULL, uc = fr + (rt ? INFO : 0);
	uint32_t cpsr = (uint32_t)vs_x_reg(x, UC_ARM_REG_CPSR);
	uint8_t b[INFO + SIGFRAME] = { 0 }, *u = b + (rt ? INFO : 0);
	vs_put(u + U_STACK, f->alt_sp, 4, 0);
	vs_put(u + U_STACK + 4, f->alt_flags, 4, 0);
	vs_put(u + U_STACK + 8, f->alt_size, 4, 0);
	vs_put(u + U_SC + 8, f->oldmask & 0xffffffffu, 4, 0);
	for (int i = 0; i < 16; i++) {
		uint64_t v = vs_x_reg(x, reg_id(i));
		vs_put(u + U_REGS + 4 * i, i == 15 ? v & ~1ULL : v, 4, 0);
	}
	vs_put(u + U_CPSR, cpsr, 4, 0);
	vs_put(u + U_MASK, f->oldmask, 8, 0);
	/* VFP: magic, size 288, d0-d31, fpscr, then fpexc (enabled); an end record after it */
	uint8_t *v = u + U_SPACE;
	vs_put(v, 0x56465001, 4, 0);
	vs_put(v + 4, 288, 4, 0);
	for (int i = 0; i < 32; i++)
		vs_put(v + 8 + 8 * i, vs_x_reg(x, UC_ARM_REG_D0 + i), 8, 0);
	vs_put(v + 264, vs_x_reg(x, UC_ARM_REG_FPSCR), 4, 0);
	vs_put(v + 272, 1u << 30, 4, 0);
	/* the sigpage code for this state and frame, also on the stack as the kernel puts it */
	unsigned idx = (unsigned)(thumb << 1) + (rt ? 3u : 0u);
	for (unsigned k = 0; k < 2; k++) {
		uint8_t w[4];
		if (uc_mem_read(x->uc, VS_ARM_SIGPAGE + 4 * (idx + k), w, 4) == UC_ERR_OK)
			memcpy(u + RETCODE + 4 * k, w, 4);
	}
	uint64_t ret = (f->flags & VS_SA_RESTORER) ? f->restorer : VS_ARM_SIGPAGE + (idx << 2) + (unsigned)thumb;
	if (vs_x_put_user(x, fr, b, size) || (rt && vs_x_put_siginfo(x, fr, &f->info)))
		return -1;
	cpsr &= ~(CPSR_IT | CPSR_E | CPSR_T | 0xf8000000u);
	if (thumb)
		cpsr |= CPSR_T;
	vs_x_set_reg(x, UC_ARM_REG_R0, (uint64_t)f->sig);
	vs_x_set_reg(x, UC_ARM_REG_R1, rt ? fr : 0);
	vs_x_set_reg(x, UC_ARM_REG_R2, rt ? uc : 0);
	vs_x_set_reg(x, UC_ARM_REG_SP, fr);
	vs_x_set_reg(x, UC_ARM_REG_LR, ret);
	vs_x_set_reg(x, UC_ARM_REG_CPSR, cpsr);
	vs_x_set_reg(x, UC_ARM_REG_PC, f->handler); /* (Unicorn takes the Thumb state from bit 0) */
	f->key = uc;
	return 0;
}

/* the frame is at sp when the handler returns: rt_sigframe's ucontext after siginfo */
static uint64_t key(struct vs_exec *x, int rt)
{
	return (vs_x_reg(x, UC_ARM_REG_SP) & 0xffffffffu) + (rt == 1 ? INFO : 0);
}

static int restore(struct vs_exec *x, int rt, uint64_t uc, uint64_t *mask)
{
	uint8_t u[U_SPACE];
	if (((uc - (rt == 1 ? INFO : 0)) & 7) || uc_mem_read(x->uc, uc, u, sizeof u) != UC_ERR_OK)
		return -1;
	for (int i = 0; i < 15; i++)
		vs_x_set_reg(x, reg_id(i), vs_get(u + U_REGS + 4 * i, 4, 0));
	uint32_t cpsr = (uint32_t)vs_x_reg(x, UC_ARM_REG_CPSR), want = (uint32_t)vs_get(u + U_CPSR, 4, 0);
	uint32_t keep = 0xf80f0220u | CPSR_T | CPSR_IT; /* flags, GE, E, T, IT: what user mode owns */
	vs_x_set_reg(x, UC_ARM_REG_CPSR, (cpsr & ~keep) | (want & keep));
	vs_x_set_reg(x, UC_ARM_REG_PC, (vs_get(u + U_REGS + 60, 4, 0) & ~1ULL) | !!(want & CPSR_T));
	*mask = vs_get(u + U_MASK, 8, 0);
	return 0;
}

const struct vs_frame_ops vs_frame_arm = { .setup = setup, .key = key, .restore = restore };
