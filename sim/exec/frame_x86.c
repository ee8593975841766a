/* Signal frames of x86-64, x32 and i386, as arch/x86/kernel/signal_64.c and signal_32.c build
 * them: x86-64's and x32's rt_sigframe return through SA_RESTORER (the kernel requires it); i386's rt and
 * legacy frames return through it, or through the vDSO's __kernel_rt_sigreturn and
 * __kernel_sigreturn. The FP area (fxsave layout) holds x87/SSE control and the XMM registers;
 * sigreturn puts those back from what delivery saved. */
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

#define EFLAGS_CLEAR (0x100u | 0x400u | 0x10000u) /* TF, DF, RF: cleared for the handler */

static uint64_t reg(struct vs_exec *x, int id) { return vs_x_reg(x, id); }

/* an fxsave image of the FP state at a (64-aligned), n XMM registers */
static int put_fx(struct vs_exec *x, uint64_t a, int n)
{
	uint8_t b[512] = { 0 };
	uint64_t cw = 0x37f, mxcsr = 0x1f80;
	uc_reg_read(x->uc, UC_X86_REG_FPCW, &cw);
	uc_reg_read(x->uc, UC_X86_REG_MXCSR, &mxcsr);
	vs_put(b, cw & 0xffff, 2, 0);
	vs_put(b + 24, mxcsr & 0xffffffffu, 4, 0);
	vs_put(b + 28, 0xffff, 4, 0);
	for (int i = 0; i < n; i++) {
		uint8_t v[16] = { 0 };
		uc_reg_read(x->uc, UC_X86_REG_XMM0 + i, v);
		memcpy(b + 160 + 16 * i, v, 16);
	}
	return vs_x_put_user(x, a, b, sizeof b) ? -1 : 0;
}

/* ---- x86-64 ------------------------------------------------------------------------------- */

/* struct sigcontext's general registers, in its order */
static const int sc64[] = { UC_X86_REG_R8, UC_X86_REG_R9, UC_X86_REG_R10, UC_X86_REG_R11, UC_X86_REG_R12,
			    UC_X86_REG_R13, UC_X86_REG_R14, UC_X86_REG_R15, UC_X86_REG_RDI, UC_X86_REG_RSI,
			    UC_X86_REG_RBP, UC_X86_REG_RBX, UC_X86_REG_RDX, UC_X86_REG_RAX, UC_X86_REG_RCX,
			    UC_X86_REG_RSP, UC_X86_REG_RIP };

/* rt_sigframe: pretcode, ucontext (flags, link, stack_t, sigcontext 256, sigmask), siginfo;
 * x32's rt_sigframe_x32 the same with 32-bit flags, link and stack_t, and a compat siginfo */
struct layout64 { int w, sc, mask, info, size; };
static const struct layout64 l64 = { 8, 8 + 40, 8 + 296, 312, 440 }, lx32 = { 4, 8 + 24, 8 + 280, 296, 424 };
#define UC64 8

static int setup_with(struct vs_exec *x, struct vs_sigframe *f, const struct layout64 *l)
{
	if (!(f->flags & VS_SA_RESTORER))
		return -1; /* "x86-64 should always use SA_RESTORER" */
	uint64_t sp = f->onstack ? f->sp : f->sp - 128; /* the red zone */
	uint64_t fx = (sp - 512) & ~63ULL;
	uint64_t fr = ((fx - (uint64_t)l->size) & ~15ULL) - 8;
	uint8_t b[440] = { 0 };
	int w = l->w;
	vs_put(b, f->restorer, 8, 0);
	vs_put(b + UC64, 2 | 4, w, 0); /* UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS */
	vs_put(b + UC64 + 2 * w, f->alt_sp, w, 0);
	vs_put(b + UC64 + 3 * w, f->alt_flags, 4, 0);
	vs_put(b + UC64 + 4 * w, f->alt_size, w, 0);
	uint8_t *sc = b + l->sc;
	for (size_t i = 0; i < sizeof sc64 / sizeof *sc64; i++)
		vs_put(sc + 8 * i, reg(x, sc64[i]), 8, 0);
	vs_put(sc + 136, reg(x, UC_X86_REG_EFLAGS), 8, 0);
	vs_put(sc + 144, 0x33 | 0x2bULL << 48, 8, 0); /* cs, gs, fs, ss */
	vs_put(sc + 168, f->oldmask, 8, 0);           /* oldmask */
	vs_put(sc + 184, fx, 8, 0);                   /* fpstate */
	vs_put(b + l->mask, f->oldmask, 8, 0);
	if (put_fx(x, fx, 16) || vs_x_put_user(x, fr, b, (size_t)l->size) ||
	    vs_x_put_siginfo(x, fr + (uint64_t)l->info, &f->info))
		return -1;
	vs_x_set_reg(x, UC_X86_REG_RDI, (uint64_t)f->sig);
	vs_x_set_reg(x, UC_X86_REG_RSI, fr + (uint64_t)l->info);
	vs_x_set_reg(x, UC_X86_REG_RDX, fr + UC64);
	vs_x_set_reg(x, UC_X86_REG_RAX, 0);
	vs_x_set_reg(x, UC_X86_REG_RSP, fr);
	vs_x_set_reg(x, UC_X86_REG_RIP, f->handler);
	vs_x_set_reg(x, UC_X86_REG_EFLAGS, reg(x, UC_X86_REG_EFLAGS) & ~(uint64_t)EFLAGS_CLEAR);
	f->key = fr + UC64;
	return 0;
}

/* the restorer's syscall runs with the pretcode popped: rsp is the ucontext */
static uint64_t key_64(struct vs_exec *x, int rt) { (void)rt; return reg(x, UC_X86_REG_RSP); }

/* the flags a sigreturn may change (FIX_EFLAGS) */
#define FIX_EFLAGS 0x50dd5u

static int restore_with(struct vs_exec *x, int rt, uint64_t uc, uint64_t *mask, const struct layout64 *l)
{
	uint8_t b[440 - UC64];
	if (rt != 1 || uc_mem_read(x->uc, uc, b, (size_t)(l->size - UC64)) != UC_ERR_OK)
		return -1;
	const uint8_t *sc = b + (l->sc - UC64);
	for (size_t i = 0; i < sizeof sc64 / sizeof *sc64; i++)
		vs_x_set_reg(x, sc64[i], vs_get(sc + 8 * i, 8, 0));
	uint64_t fl = reg(x, UC_X86_REG_EFLAGS);
	vs_x_set_reg(x, UC_X86_REG_EFLAGS, (fl & ~(uint64_t)FIX_EFLAGS) | (vs_get(sc + 136, 8, 0) & FIX_EFLAGS));
	*mask = vs_get(b + (l->mask - UC64), 8, 0);
	return 0;
}

static int setup_64(struct vs_exec *x, struct vs_sigframe *f) { return setup_with(x, f, &l64); }
static int setup_x32(struct vs_exec *x, struct vs_sigframe *f) { return setup_with(x, f, &lx32); }
static int restore_64(struct vs_exec *x, int rt, uint64_t uc, uint64_t *mask)
{
	return restore_with(x, rt, uc, mask, &l64);
}
static int restore_x32(struct vs_exec *x, int rt, uint64_t uc, uint64_t *mask)
{
	return restore_with(x, rt, uc, mask, &lx32);
}

const struct vs_frame_ops vs_frame_x86_64 = { .setup = setup_64, .key = key_64, .restore = restore_64 };
const struct vs_frame_ops vs_frame_x32 = { .setup = setup_x32, .key = key_64, .restore = restore_x32 };

/* ---- i386 --------------------------------------------------------------------------------- */

/* struct sigcontext_32: gs, fs, es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax, trapno, err, eip,
 * cs, eflags, esp_at_signal, ss, fpstate, oldmask, cr2 */
static const int sc32[] = { UC_X86_REG_GS, UC_X86_REG_FS, UC_X86_REG_ES, UC_X86_REG_DS, UC_X86_REG_EDI,
			    UC_X86_REG_ESI, UC_X86_REG_EBP, UC_X86_REG_ESP, UC_X86_REG_EBX, UC_X86_REG_EDX,
			    UC_X86_REG_ECX, UC_X86_REG_EAX, -1, -1, UC_X86_REG_EIP, UC_X86_REG_CS,
			    UC_X86_REG_EFLAGS, UC_X86_REG_ESP, UC_X86_REG_SS };
#define N32 (sizeof sc32 / sizeof *sc32)

/* rt_sigframe_ia32: pretcode, sig, pinfo, puc, siginfo, ucontext (flags, link, stack_t 12,
 * sigcontext 88, sigmask 8), retcode; sigframe_ia32: pretcode, sig, sigcontext, _fpstate_32
 * (unused), extramask, retcode */
enum { RT_INFO = 16, RT_UC = 144, RT_SC = RT_UC + 20, RT_MASK = RT_UC + 108, RT_RET = 260, RT_FRAME = 268,
       L_SC = 8, L_EXTRA = 720, L_RET = 724, L_FRAME = 732 };

static void put_sc32(struct vs_exec *x, uint8_t *sc, uint64_t fpstate, uint64_t oldmask)
{
	for (size_t i = 0; i < N32; i++)
		if (sc32[i] >= 0)
			vs_put(sc + 4 * i, reg(x, sc32[i]) & 0xffffffffu, 4, 0);
	vs_put(sc + 76, fpstate, 4, 0);
	vs_put(sc + 80, oldmask & 0xffffffffu, 4, 0);
}

static int setup_32(struct vs_exec *x, struct vs_sigframe *f)
{
	int rt = (f->flags & VS_SA_SIGINFO) != 0;
	uint64_t ret = (f->flags & VS_SA_RESTORER) ? f->restorer : f->trampoline;
	if (!ret)
		return -1;
	uint64_t fx = (f->sp - 512) & ~63ULL, fp = fx - 112; /* fregs_state, then the fxsave image */
	size_t size = rt ? RT_FRAME : L_FRAME;
	uint64_t fr = ((fp - size + 4) & ~15ULL) - 4;
	uint8_t b[L_FRAME] = { 0 };
	vs_put(b, ret, 4, 0);
	vs_put(b + 4, (uint32_t)f->sig, 4, 0);
	if (rt) {
		static const uint8_t code[8] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0 }; /* movl $173,%eax; int $0x80 */
		vs_put(b + 8, fr + RT_INFO, 4, 0);
		vs_put(b + 12, fr + RT_UC, 4, 0);
		vs_put(b + RT_UC + 8, f->alt_sp, 4, 0);
		vs_put(b + RT_UC + 12, f->alt_flags, 4, 0);
		vs_put(b + RT_UC + 16, f->alt_size, 4, 0);
		put_sc32(x, b + RT_SC, fp, f->oldmask);
		vs_put(b + RT_MASK, f->oldmask, 8, 0);
		memcpy(b + RT_RET, code, 8);
	} else {
		static const uint8_t code[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 }; /* popl %eax; movl $119,%eax; int $0x80 */
		put_sc32(x, b + L_SC, fp, f->oldmask);
		vs_put(b + L_EXTRA, f->oldmask >> 32, 4, 0);
		memcpy(b + L_RET, code, 8);
	}
	uint8_t fr112[112] = { 0 };
	if (put_fx(x, fx, 8) || vs_x_put_user(x, fp, fr112, sizeof fr112) || vs_x_put_user(x, fr, b, size) ||
	    (rt && vs_x_put_siginfo(x, fr + RT_INFO, &f->info)))
		return -1;
	vs_x_set_reg(x, UC_X86_REG_ESP, fr);
	vs_x_set_reg(x, UC_X86_REG_EIP, f->handler);
	vs_x_set_reg(x, UC_X86_REG_EAX, (uint64_t)f->sig);
	vs_x_set_reg(x, UC_X86_REG_EDX, rt ? fr + RT_INFO : 0);
	vs_x_set_reg(x, UC_X86_REG_ECX, rt ? fr + RT_UC : 0);
	vs_x_set_reg(x, UC_X86_REG_EFLAGS, reg(x, UC_X86_REG_EFLAGS) & ~(uint64_t)EFLAGS_CLEAR);
	f->key = rt ? fr + RT_UC : fr + L_SC;
	return 0;
}

/* rt: the restorer runs with the pretcode popped; legacy: with sig popped too */
static uint64_t key_32(struct vs_exec *x, int rt)
{
	uint64_t sp = reg(x, UC_X86_REG_ESP) & 0xffffffffu;
	return rt == 1 ? sp - 4 + RT_UC : sp - 8 + L_SC;
}

static int restore_32(struct vs_exec *x, int rt, uint64_t at, uint64_t *mask)
{
	uint8_t sc[88], m[8];
	uint64_t mp = rt == 1 ? at + (RT_MASK - RT_UC) : at - L_SC + L_EXTRA;
	if (uc_mem_read(x->uc, rt == 1 ? at + 20 : at, sc, sizeof sc) != UC_ERR_OK ||
	    uc_mem_read(x->uc, mp, m, rt == 1 ? 8 : 4) != UC_ERR_OK)
		return -1;
	for (size_t i = 4; i < N32 - 2; i++) /* the general registers and eip (the segments stay) */
		if (sc32[i] >= 0 && sc32[i] != UC_X86_REG_CS && sc32[i] != UC_X86_REG_EFLAGS)
			vs_x_set_reg(x, sc32[i], vs_get(sc + 4 * i, 4, 0));
	uint64_t fl = reg(x, UC_X86_REG_EFLAGS);
	vs_x_set_reg(x, UC_X86_REG_EFLAGS, (fl & ~(uint64_t)FIX_EFLAGS) | (vs_get(sc + 64, 4, 0) & FIX_EFLAGS));
	*mask = rt == 1 ? vs_get(m, 8, 0) : vs_get(sc + 80, 4, 0) | vs_get(m, 4, 0) << 32;
	return 0;
}

const struct vs_frame_ops vs_frame_i386 = { .tramp_rt = "__kernel_rt_sigreturn", .tramp = "__kernel_sigreturn",
					    .setup = setup_32, .key = key_32, .restore = restore_32 };
