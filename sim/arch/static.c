/* An architecture vdsosim decodes but cannot run: its sites are surveyed from the code alone, and
 * emulation says in one line why not. loongarch64: capstone 4 has no LoongArch, so fixed-width
 * words are matched by their encodings (`rdtime.d`, `rdtimel.w`, `rdtimeh.w`, `syscall`) and
 * pcaddu12i/pcalau12i give the data references. */
#include <stdio.h>

#include "../../common/bytes.h"
#include "../backend.h"

static int64_t sext(uint64_t v, int bits) { return (int64_t)(v << (64 - bits)) >> (64 - bits); }

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

static int la_refuse(const vdsosim_image *img, char *why, size_t len)
{
	(void)img;
	snprintf(why, len, "loongarch64 cannot be emulated: Unicorn has no LoongArch target: `vdsosim info` "
			   "surveys its sites");
	return 1;
}

const struct vs_arch_ops vs_arch_loongarch64 = {
	.arch = "loongarch64", .cs_arch = CS_ARCH_MAX, .word = 8, .reg_bytes = 8, .classify = la_classify,
	.insn_len = la_len, .refuse = la_refuse,
};
