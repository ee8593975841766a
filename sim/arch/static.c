/* Architectures vdsosim decodes but cannot run: their sites are surveyed from the code alone, and
 * emulation says in one line why not. ppc64le: the timebase (`mftb`, or `mfspr rD, 268`) and `sc`
 * through capstone. loongarch64: capstone 4 has no LoongArch, so fixed-width words are matched by
 * their encodings (`rdtime.d`, `rdtimel.w`, `rdtimeh.w`, `syscall`) and pcaddu12i/pcalau12i give
 * the data references. */
#include <stdio.h>

#include "../../common/bytes.h"
#include "../backend.h"

static int64_t sext(uint64_t v, int bits) { return (int64_t)(v << (64 - bits)) >> (64 - bits); }

/* ppc64: `bcl 20,31,$+4; mflr rX` gives the pc; `addis rY, rX, hi; addi rZ, rY, lo` the data */
static int ppc_classify(const cs_insn *in, struct vs_site *s, uint64_t *ref, struct vs_decode *d)
{
	uint32_t w = vs_le32(in->bytes);
	unsigned op = w >> 26, rt = (w >> 21) & 31, ra = (w >> 16) & 31;
	if (w == 0x429f0005) { /* bcl 20,31,$+4 */
		d->lit[0] = (int64_t)in->address + 4;
		d->pending = 1;
	} else if ((w & 0xfc1fffff) == 0x7c0802a6 && d->pending) { /* mflr rt */
		d->val[rt] = d->lit[0];
		d->known |= 1u << rt;
	} else if ((op == 15 || op == 14) && ra && (d->known & (1u << ra))) { /* addis, addi */
		d->val[rt] = d->val[ra] + (op == 15 ? sext(w & 0xffff, 16) * 65536 : sext(w & 0xffff, 16));
		d->known |= 1u << rt;
		if (op == 14)
			*ref = (uint64_t)d->val[rt];
	} else if ((w & 0xfc0007fe) == 0x7c0002e6 || (w & 0xfc0007fe) == 0x7c0002a6) { /* mftb, mfspr */
		unsigned spr = ((w >> 16) & 31) | ((w >> 11) & 31) << 5;
		if (spr == 268 || spr == 269) {
			s->pub.kind = VDSOSIM_SITE_COUNTER;
			snprintf(s->pub.text, sizeof s->pub.text, "%s r%u", spr == 268 ? "mftb" : "mftbu", rt);
			return 1;
		}
	} else if (w == 0x44000002) {
		s->pub.kind = VDSOSIM_SITE_SYSCALL;
		snprintf(s->pub.text, sizeof s->pub.text, "sc");
		return 1;
	}
	return 0;
}

static int la_len(const uint8_t *b, size_t avail)
{
	(void)b;
	return avail >= 4 ? 4 : 0;
}

static int la_classify(const cs_insn *in, struct vs_site *s, uint64_t *ref, struct vs_decode *d)
{
	uint32_t w = vs_le32(in->bytes);
	unsigned rd = w & 31, rj = (w >> 5) & 31;
	if ((w & 0xfe000000) == 0x1c000000 || (w & 0xfe000000) == 0x1a000000) { /* pcaddu12i, pcalau12i */
		int64_t hi = sext((w >> 5) & 0xfffff, 20) * 4096;
		d->val[rd] = (w & 0xfe000000) == 0x1c000000 ? (int64_t)in->address + hi : (int64_t)(in->address & ~0xfffULL) + hi;
		d->known |= 1u << rd;
		return 0;
	}
	if (((w & 0xffc00000) == 0x02c00000 || (w >> 24) == 0x28) && (d->known & (1u << rj))) { /* addi.d, ld.* */
		*ref = (uint64_t)(d->val[rj] + sext((w >> 10) & 0xfff, 12));
		if ((w & 0xffc00000) == 0x02c00000) {
			d->val[rd] = (int64_t)*ref;
			return 0;
		}
	}
	d->known &= ~(1u << rd);
	if ((w & 0xfffff800) == 0x00006000 || (w & 0xfffffc00) == 0x00006400 || (w & 0xfffffc00) == 0x00006800) {
		static const char *const n[] = { "rdtimel.w", "rdtimeh.w", "rdtime.d" };
		/* rj gets the counter id, which Linux sets to the CPU number: getcpu reads only that */
		s->pub.kind = rd == 0 && rj != 0 ? VDSOSIM_SITE_CPU : VDSOSIM_SITE_COUNTER;
		snprintf(s->pub.text, sizeof s->pub.text, "%s $r%u, $r%u", n[((w >> 10) & 3)], rd, rj);
		return 1;
	}
	if ((w & 0xffff8000) == 0x002b0000) {
		s->pub.kind = VDSOSIM_SITE_SYSCALL;
		snprintf(s->pub.text, sizeof s->pub.text, "syscall %u", w & 0x7fff);
		return 1;
	}
	return 0;
}

static int ppc_refuse(const vdsosim_image *img, char *why, size_t len)
{
	(void)img;
	snprintf(why, len, "ppc64le cannot be emulated: Unicorn cannot run 64-bit PowerPC in any release up to "
			   "2.1.4 (uc_ctl_set_cpu_model indexes the 32-bit CPU table, `ld` raises HV_EMU, MSR[HV] is "
			   "dropped at reset; fixed on Unicorn's development branch in 2026): `vdsosim info` surveys "
			   "its sites");
	return 1;
}

static int la_refuse(const vdsosim_image *img, char *why, size_t len)
{
	(void)img;
	snprintf(why, len, "loongarch64 cannot be emulated: Unicorn has no LoongArch target: `vdsosim info` "
			   "surveys its sites");
	return 1;
}

const struct vs_arch_ops vs_arch_ppc64le = {
	.arch = "ppc64le", .cs_arch = CS_ARCH_PPC, .cs_mode = CS_MODE_64 | CS_MODE_LITTLE_ENDIAN, .word = 8,
	.reg_bytes = 8, .classify = ppc_classify, .refuse = ppc_refuse,
};

const struct vs_arch_ops vs_arch_loongarch64 = {
	.arch = "loongarch64", .cs_arch = CS_ARCH_MAX, .word = 8, .reg_bytes = 8, .classify = la_classify,
	.insn_len = la_len, .refuse = la_refuse,
};
