/* include/vdso/math64.h without __int128, so 32-bit hosts compute the same bits. */
#include "model.h"

uint64_t vs_mul_u64_u32_add_u64_shr(uint64_t a, uint32_t mul, uint64_t b, unsigned shift)
{
	uint64_t lo = (a & 0xffffffffu) * mul, hi = (a >> 32) * mul;
	/* 128-bit value = hi * 2^32 + lo + b */
	uint64_t r_lo = lo + (hi << 32), r_hi = hi >> 32;
	r_hi += r_lo < lo;
	uint64_t t = r_lo + b;
	r_hi += t < r_lo;
	r_lo = t;
	if (shift == 0)
		return r_lo;
	if (shift >= 64)
		return r_hi >> (shift - 64);
	return (r_lo >> shift) | (r_hi << (64 - shift));
}

uint64_t vs_mul_u64_u64_shr64(uint64_t a, uint64_t b)
{
	uint64_t al = a & 0xffffffffu, ah = a >> 32, bl = b & 0xffffffffu, bh = b >> 32;
	uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	uint64_t mid = (ll >> 32) + (lh & 0xffffffffu) + (hl & 0xffffffffu);
	return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}
