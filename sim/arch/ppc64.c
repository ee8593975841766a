/* ppc64 backend (ELFv2, little-endian): r3-r8 and LR, r1 the stack pointer with a 32-byte frame
 * header above it; the timebase (`mftb`, `mfspr rD, 268`) as the counter site; `sc` with the
 * number in r0 and an error as a positive errno in r3 with CR0.SO set. Unicorn runs 64-bit PowerPC
 * only with tools/unicorn-ppc64.patch (no release up to 2.1.4 does): a probe run once decides. */
#include <pthread.h>
#include <stdio.h>

#include "../../common/bytes.h"
#include "../backend.h"
#include "ppc64.h"

#define GPR(n) (UC_PPC_REG_0 + (n))
#define MSR_USER VS_PPC64_MSR_USER
#define SC 0x44000002u
enum { TBL = 1, TBU };

static int64_t sext(uint64_t v, int bits) { return (int64_t)(v << (64 - bits)) >> (64 - bits); }

/* get_datapage: `bcl 20,31,$+4; mflr rX; addis rX, rX, hi; addi rX, rX, lo`, instruction after
 * instruction; anything else in between ends what is known */
static void track(const cs_insn *in, uint32_t w, uint64_t *ref, struct vs_decode *d)
{
	unsigned op = w >> 26, rt = (w >> 21) & 31, ra = (w >> 16) & 31;
	if (w == 0x429f0005) { /* bcl 20,31,$+4 */
		d->lit[0] = (int64_t)in->address + 4;
		d->pending = 1;
		d->known = 0;
		return;
	}
	if ((w & 0xfc1fffff) == 0x7c0802a6 && d->pending) { /* mflr rt */
		d->val[rt] = d->lit[0];
		d->known = 1u << rt;
	} else if ((op == 15 || op == 14) && ra && (d->known & (1u << ra))) { /* addis, addi */
		d->val[rt] = d->val[ra] + (op == 15 ? sext(w & 0xffff, 16) * 65536 : sext(w & 0xffff, 16));
		d->known = 1u << rt;
		if (op == 14)
			*ref = (uint64_t)d->val[rt];
	} else {
		d->known = 0;
	}
	d->pending = 0;
}

/* mftb, mfspr: the counter and CPU-number reads a program's text is scanned for */
static int maybe_site(const uint8_t *b, size_t n)
{
	uint32_t w = n >= 4 ? vs_le32(b) : 0;
	return (w & 0xfc0007fe) == 0x7c0002e6 || (w & 0xfc0007fe) == 0x7c0002a6;
}

static int classify(const cs_insn *in, struct vs_site *s, uint64_t *ref, struct vs_decode *d)
{
	uint32_t w = vs_le32(in->bytes);
	unsigned rt = (w >> 21) & 31;
	track(in, w, ref, d);
	if ((w & 0xfc0007fe) == 0x7c0002e6 || (w & 0xfc0007fe) == 0x7c0002a6) { /* mftb, mfspr */
		unsigned spr = ((w >> 16) & 31) | ((w >> 11) & 31) << 5;
		if (spr == 268 || spr == 269) {
			s->pub.kind = VDSOSIM_SITE_COUNTER;
			s->reg = (int)rt;
			s->variant = spr == 268 ? TBL : TBU;
			snprintf(s->pub.text, sizeof s->pub.text, "%s r%u", spr == 268 ? "mftb" : "mftbu", rt);
			return 1;
		}
		if (spr == 259) { /* USPRG3: the kernel keeps node << 16 | cpu there for getcpu */
			s->pub.kind = VDSOSIM_SITE_CPU;
			s->reg = (int)rt;
			snprintf(s->pub.text, sizeof s->pub.text, "mfusprg3 r%u", rt);
			return 1;
		}
	} else if (w == SC) {
		s->pub.kind = VDSOSIM_SITE_SYSCALL;
		snprintf(s->pub.text, sizeof s->pub.text, "sc");
		return 1;
	} else if (w == 0x7c210b78 || w == 0x7c40003c) { /* cpu_relax: HMT_low (or 1,1,1), or pause_short */
		s->pub.kind = VDSOSIM_SITE_SPIN;
		return 1;
	}
	return 0;
}

static void emulate(struct vs_machine *e, const struct vs_site *s, uint64_t value)
{
	if (s->pub.kind == VDSOSIM_SITE_CPU) /* node << 12 | cpu, as SPRG_VDSO holds it */
		value = (value >> 12) << 16 | (value & 0xfff);
	else if (s->variant == TBU)
		value >>= 32;
	vs_set_reg(e, GPR(s->reg), value);
	vs_set_reg(e, UC_PPC_REG_PC, e->base + s->pub.addr + s->pub.size);
}

static void serve_sc(struct vs_machine *e)
{
	uint64_t a[6];
	for (int i = 0; i < 6; i++)
		a[i] = vs_reg(e, GPR(3 + i));
	vs_ppc64_sc_result(e->uc, vs_syscall(e, vs_reg(e, GPR(0)), a));
}

/* POWERPC_EXCP_SYSCALL (Unicorn reports `sc` with the pc past it), or an exception named */
static void trap(struct vs_machine *e, uint32_t intno)
{
	uint64_t pc = vs_reg(e, UC_PPC_REG_PC);
	uint8_t b[4] = { 0 };
	if (intno == 8 && uc_mem_read(e->uc, pc - 4, b, 4) == UC_ERR_OK && vs_le32(b) == SC)
		return serve_sc(e);
	static const struct { uint32_t no; const char *what; } named[] = {
		{ 6, "a program interrupt (an instruction Unicorn's POWER9 cannot run, or a trap)" },
		{ 7, "floating point unavailable" }, { 73, "vector (VMX) unavailable" }, { 94, "VSX unavailable" },
		{ 95, "facility unavailable" }, { 96, "hypervisor emulation assistance (an instruction Unicorn cannot run)" } };
	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (named[i].no == intno) { /* each the instruction's own, with the pc past it: back onto it */
			vs_set_reg(e, UC_PPC_REG_PC, pc - 4);
			return vs_stop(e, VDSOSIM_EFAULT, "CPU exception %u: %s", intno, named[i].what);
		}
	vs_stop_exception(e, intno);
}

static void prepare(struct vs_machine *e, const uint64_t *args, int n)
{
	for (int i = 0; i < 5; i++)
		vs_set_reg(e, GPR(3 + i), i < n ? args[i] : 0);
	vs_set_reg(e, UC_PPC_REG_LR, e->ret_addr);
	vs_set_reg(e, GPR(1), (e->stack_top - 64) & ~15ULL);
}

/* the vDSO's functions return as a syscall does: a positive errno with CR0.SO set */
static uint64_t retval(struct vs_machine *e)
{
	uint32_t cr0 = 0;
	uc_reg_read(e->uc, UC_PPC_REG_CR0, &cr0);
	return cr0 & 1 ? (uint64_t) - (int64_t)vs_reg(e, GPR(3)) : vs_reg(e, GPR(3));
}

static int setup(struct vs_machine *e)
{
	vs_set_reg(e, UC_PPC_REG_MSR, vs_reg(e, UC_PPC_REG_MSR) | MSR_USER);
	if ((vs_reg(e, UC_PPC_REG_MSR) & MSR_USER) != MSR_USER)
		return vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: the MSR keeps no little-endian 64-bit user state");
	return 0;
}

static pthread_once_t probed = PTHREAD_ONCE_INIT;
static int runs_ppc64;
static void probe(void) { runs_ppc64 = vs_ppc64_probe(); }

static int refuse(const vdsosim_image *img, char *why, size_t len)
{
	(void)img;
	pthread_once(&probed, probe);
	if (runs_ppc64)
		return 0;
	unsigned major, minor;
	uc_version(&major, &minor);
	snprintf(why, len, "the linked Unicorn %u.%u cannot run 64-bit PowerPC (no release up to 2.1.4 can): build "
			   "it with tools/unicorn-ppc64.sh and configure with -DCMAKE_PREFIX_PATH; `vdsosim info` "
			   "surveys its sites", major, minor);
	return 1;
}

static int cpu_model(const vdsosim_image *img)
{
	(void)img;
	return UC_CPU_PPC64_POWER9_V2_0;
}

/* arch/powerpc/kernel/syscalls/syscall.tbl */
static const struct vs_sysno sysnos[] = {
	{ 246, VS_SYS_CLOCK_GETTIME, "clock_gettime" }, { 247, VS_SYS_CLOCK_GETRES, "clock_getres" },
	{ 78, VS_SYS_GETTIMEOFDAY, "gettimeofday" },    { 13, VS_SYS_TIME, "time" },
	{ 302, VS_SYS_GETCPU, "getcpu" },               { 359, VS_SYS_GETRANDOM, "getrandom" },
};

const struct vs_arch_ops vs_arch_ppc64le = {
	.arch = "ppc64le", .uc_arch = UC_ARCH_PPC, .uc_mode = UC_MODE_PPC64 | UC_MODE_BIG_ENDIAN, .cs_arch = CS_ARCH_PPC,
	.cs_mode = CS_MODE_64 | CS_MODE_LITTLE_ENDIAN, .word = 8, .reg_bytes = 8, .pc_reg = UC_PPC_REG_PC,
	.sp_reg = UC_PPC_REG_1, .classify = classify, .maybe_site = maybe_site, .site_align = 4, .prepare = prepare,
	.retval = retval, .emulate = emulate, .trap = trap, .setup = setup, .refuse = refuse, .cpu_model = cpu_model,
	.sysnos = sysnos, .n_sysnos = sizeof sysnos / sizeof *sysnos,
};
