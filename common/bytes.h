/* Guest byte order, one place: values move through host integers byte by byte, so the same
 * bytes come out on any host, whatever its own byte order. */
#ifndef VDSOSIM_BYTES_H
#define VDSOSIM_BYTES_H
#include <stdint.h>

/* n bytes (1..8) at p, little- or big-endian */
static inline uint64_t vs_get(const uint8_t *p, int n, int be)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v |= (uint64_t)p[be ? n - 1 - i : i] << (8 * i);
	return v;
}

static inline void vs_put(uint8_t *p, uint64_t v, int n, int be)
{
	for (int i = 0; i < n; i++)
		p[be ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

static inline uint32_t vs_le16(const uint8_t *b) { return (uint32_t)vs_get(b, 2, 0); }
static inline uint32_t vs_le32(const uint8_t *b) { return (uint32_t)vs_get(b, 4, 0); }

#endif
