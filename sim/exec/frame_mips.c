/* Signal frames of MIPS o32 and n64, as arch/mips/kernel/signal.c builds them: rt_sigframe (the
 * o32 argument save area, siginfo, ucontext) and o32's legacy sigframe (sigcontext, mask). The
 * handler returns through the vDSO's sigreturn code, which MIPS images carry without a symbol:
 * it is found by its two instructions (li v0, __NR_rt_sigreturn; syscall). */
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

struct mips_layout {
	int regs, pc, hi, lo, fpregs, fcsr, used_math; /* in struct sigcontext */
	int uc, uc_stack, sc, mask, size;          /* rt_sigframe */
	int l_sc, l_mask, l_size;                  /* sigframe (o32; 0: none) */
	int align;
};

/* o32: sigcontext = regmask, status, pc, regs[32], fpregs[32], acx, fpc_csr, fpc_eir, used_math,
 * dsp, mdhi, mdlo, hi1..lo3; n64: regs[32], fpregs[32], mdhi, hi1-3, mdlo, lo1-3, pc, fpc_csr,
 * used_math, dsp */
static const struct mips_layout o32 = { .regs = 16, .pc = 8, .hi = 552, .lo = 560, .fpregs = 272, .fcsr = 532,
					.used_math = 540, .uc = 152, .uc_stack = 160, .sc = 176, .mask = 768,
					.size = 784, .l_sc = 24, .l_mask = 24 + 592, .l_size = 24 + 592 + 16, .align = 8 };
static const struct mips_layout n64 = { .regs = 0, .pc = 576, .hi = 512, .lo = 544, .fpregs = 256, .fcsr = 584,
					.used_math = 588, .uc = 152, .uc_stack = 168, .sc = 192, .mask = 792,
					.size = 808, .align = 16 };

static const struct mips_layout *layout(struct vs_exec *x) { return x->abi->word == 8 ? &n64 : &o32; }

static void put_sc(struct vs_exec *x, const struct mips_layout *l, uint8_t *sc)
{
	vs_put(sc + l->pc, vs_x_reg(x, UC_MIPS_REG_PC), 8, 0);
	for (int i = 1; i < 32; i++)
		vs_put(sc + l->regs + 8 * i, vs_x_reg(x, UC_MIPS_REG_0 + i), 8, 0);
	vs_put(sc + l->hi, vs_x_reg(x, UC_MIPS_REG_HI), 8, 0);
	vs_put(sc + l->lo, vs_x_reg(x, UC_MIPS_REG_LO), 8, 0);
	for (int i = 0; i < 32; i++)
		vs_put(sc + l->fpregs + 8 * i, vs_x_reg(x, UC_MIPS_REG_F0 + i), 8, 0);
	vs_put(sc + l->used_math, 1, 4, 0);
}

static int setup(struct vs_exec *x, struct vs_sigframe *f)
{
	const struct mips_layout *l = layout(x);
	int rt = (f->flags & 8 /* MIPS SA_SIGINFO */) || !l->l_size;
	int size = rt ? l->size : l->l_size, w = x->abi->word;
	uint64_t fr = (f->sp - 32 - (uint64_t)size) & ~(uint64_t)(l->align - 1); /* 32: room for extended context */
	if (!f->trampoline)
		return -1;
	uint8_t b[1024] = { 0 };
	if (rt) {
		vs_put(b + l->uc_stack, f->alt_sp, w, 0);
		vs_put(b + l->uc_stack + w, f->alt_size, w, 0);
		vs_put(b + l->uc_stack + 2 * w, f->alt_flags, 4, 0);
		put_sc(x, l, b + l->sc);
		vs_put(b + l->mask, f->oldmask, 8, 0);
	} else {
		put_sc(x, l, b + l->l_sc);
		vs_put(b + l->l_mask, f->oldmask, 8, 0);
	}
	if (vs_x_put_user(x, fr, b, (size_t)size) || (rt && vs_x_put_siginfo(x, fr + 24, &f->info)))
		return -1;
	vs_x_set_reg(x, UC_MIPS_REG_4, (uint64_t)f->sig);
	vs_x_set_reg(x, UC_MIPS_REG_5, rt ? fr + 24 : 0);
	vs_x_set_reg(x, UC_MIPS_REG_6, rt ? fr + (uint64_t)l->uc : fr + (uint64_t)l->l_sc);
	vs_x_set_reg(x, UC_MIPS_REG_29, fr);
	vs_x_set_reg(x, UC_MIPS_REG_31, f->trampoline);
	vs_x_set_reg(x, UC_MIPS_REG_25, f->handler); /* t9: a PIC handler finds its gp from it */
	vs_x_set_reg(x, UC_MIPS_REG_PC, f->handler);
	f->key = rt ? fr + (uint64_t)l->uc : fr + (uint64_t)l->l_sc;
	return 0;
}

/* the frame is at sp when the trampoline runs */
static uint64_t key(struct vs_exec *x, int rt)
{
	const struct mips_layout *l = layout(x);
	return vs_x_reg(x, UC_MIPS_REG_29) + (uint64_t)(rt == 1 || !l->l_size ? l->uc : l->l_sc);
}

static int restore(struct vs_exec *x, int rt, uint64_t k, uint64_t *mask)
{
	const struct mips_layout *l = layout(x);
	int legacy = rt != 1 && l->l_size;
	uint64_t sc = legacy ? k : k - (uint64_t)l->uc + (uint64_t)l->sc;
	uint64_t mp = legacy ? k - (uint64_t)l->l_sc + (uint64_t)l->l_mask : k - (uint64_t)l->uc + (uint64_t)l->mask;
	uint8_t b[600], m[8];
	if (uc_mem_read(x->uc, sc, b, sizeof b) != UC_ERR_OK || uc_mem_read(x->uc, mp, m, 8) != UC_ERR_OK)
		return -1;
	for (int i = 1; i < 32; i++)
		vs_x_set_reg(x, UC_MIPS_REG_0 + i, vs_get(b + l->regs + 8 * i, 8, 0));
	vs_x_set_reg(x, UC_MIPS_REG_HI, vs_get(b + l->hi, 8, 0));
	vs_x_set_reg(x, UC_MIPS_REG_LO, vs_get(b + l->lo, 8, 0));
	vs_x_set_reg(x, UC_MIPS_REG_PC, vs_get(b + l->pc, 8, 0));
	*mask = vs_get(m, 8, 0);
	return 0;
}

/* li v0, NR; syscall */
const struct vs_frame_ops vs_frame_mips_o32 = { .code_rt = { 0x24021061, 0xc }, .code = { 0x24021017, 0xc },
						.sa_siginfo = 8, .setup = setup, .key = key, .restore = restore };
const struct vs_frame_ops vs_frame_mips_n64 = { .code_rt = { 0x2402145b, 0xc }, .sa_siginfo = 8, .setup = setup,
						.key = key, .restore = restore };
