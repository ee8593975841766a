/* The data-page layout of every supported (arch family, kernel era): one table row each.
 * Source: shared/docs/vvar-layouts.md sections 1.2, 2.3-2.5, 3.1, 4.1, 5. */
#include <stdio.h>
#include <string.h>

#include "model.h"

#define S64_MAX 0x7fffffffffffffffULL
#define NOPE (-1)

/* struct vdso_data (5.3-6.9) / without CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT */
static const struct vs_clock_fields vdso_data_v1 = { 0, 4, 8, NOPE, 16, 24, 28, 32, 224 };
/* with max_cycles (x86 6.10+) */
static const struct vs_clock_fields vdso_data_v2 = { 0, 4, 8, 16, 24, 32, 36, 40, 232 };

#define X86_MODES { 0, 1, 2, 3 }
#define P(r, m) { VS_PAGE_##r, VS_MAP_##m }

static const struct vs_layout layouts[] = {
	{ "x86 5.3-5.5 (vdso_data at vvar+128, 3 pages)", "x86", KV(5, 3, 0), KV(5, 5, 255), 3,
	  { P(TIME, VVAR), P(PVCLOCK, VVAR), P(HVCLOCK, VVAR) }, 128, 0, 240, &vdso_data_v1, 224, 232, 0, 0,
	  NOPE, 0, X86_MODES, 0, VS_MATH_X86_CLAMP, UINT64_MAX, 0, 4096 },
	{ "x86 5.6 (vvar+128, 4 pages, VCLOCK_TIMENS)", "x86", KV(5, 6, 0), KV(5, 6, 255), 4,
	  { P(TIME, VVAR), P(PVCLOCK, VVAR), P(HVCLOCK, VVAR), P(TIMENS, VVAR) }, 128, 0, 240, &vdso_data_v1, 224,
	  232, 0, 0, NOPE, 0, X86_MODES, -1, VS_MATH_X86_CLAMP, UINT64_MAX, 0, 4096 },
	{ "x86 5.7-6.4 (vvar+128, 4 pages)", "x86", KV(5, 7, 0), KV(6, 4, 255), 4,
	  { P(TIME, VVAR), P(PVCLOCK, VVAR), P(HVCLOCK, VVAR), P(TIMENS, VVAR) }, 128, 0, 240, &vdso_data_v1, 224,
	  232, 0, 0, NOPE, 0, X86_MODES, 0x7fffffff, VS_MATH_X86_CLAMP, UINT64_MAX, 0, 4096 },
	{ "x86 6.5-6.9 (vvar+128, S64_MAX counter mask)", "x86", KV(6, 5, 0), KV(6, 9, 255), 4,
	  { P(TIME, VVAR), P(PVCLOCK, VVAR), P(HVCLOCK, VVAR), P(TIMENS, VVAR) }, 128, 0, 240, &vdso_data_v1, 224,
	  232, 0, 0, NOPE, 0, X86_MODES, 0x7fffffff, VS_MATH_X86_S64, S64_MAX, 0, 4096 },
	{ "x86 6.10 (vvar+128, max_cycles)", "x86", KV(6, 10, 0), KV(6, 10, 255), 4,
	  { P(TIME, VVAR), P(PVCLOCK, VVAR), P(HVCLOCK, VVAR), P(TIMENS, VVAR) }, 128, 0, 248, &vdso_data_v2, 232,
	  240, 0, 0, NOPE, 0, X86_MODES, 0x7fffffff, VS_MATH_X86_OVF, S64_MAX, 0, 4096 },
	{ "x86 6.11-6.12 (vvar+128, max_cycles, rng at +640)", "x86", KV(6, 11, 0), KV(6, 12, 255), 4,
	  { P(TIME, VVAR), P(PVCLOCK, VVAR), P(HVCLOCK, VVAR), P(TIMENS, VVAR) }, 128, 0, 248, &vdso_data_v2, 232,
	  240, 0, 0, 640, VS_PAGE_TIME, X86_MODES, 0x7fffffff, VS_MATH_X86_OVF, S64_MAX, 0, 4096 },
	{ "x86 6.13-6.14 ([vvar] 2 pages + [vvar_vclock] 2 pages)", "x86", KV(6, 13, 0), KV(6, 14, 255), 4,
	  { P(TIME, VVAR), P(TIMENS, VVAR), P(PVCLOCK, VCLOCK), P(HVCLOCK, VCLOCK) }, 0, 0, 248, &vdso_data_v2, 232,
	  240, 0, 0, 640, VS_PAGE_TIME, X86_MODES, 0x7fffffff, VS_MATH_X86_OVF, S64_MAX, 0, 4096 },
	{ "x86 6.15-6.16 (generic store: vdso_time_data, 6 pages)", "x86", KV(6, 15, 0), KV(6, 16, 255), 6,
	  { P(TIME, VVAR), P(TIMENS, VVAR), P(RNG, VVAR), P(ARCH, VVAR), P(PVCLOCK, VCLOCK), P(HVCLOCK, VCLOCK) }, 0, 0,
	  232, &vdso_data_v2, 464, 472, 0, 0, 0, VS_PAGE_RNG, X86_MODES, 0x7fffffff, VS_MATH_X86_OVF, S64_MAX, 0,
	  4096 },
	{ "x86 6.17-7.3 (generic store with aux clocks, 6 pages)", "x86", KV(6, 17, 0), KV(7, 3, 255), 6,
	  { P(TIME, VVAR), P(TIMENS, VVAR), P(RNG, VVAR), P(ARCH, VVAR), P(PVCLOCK, VCLOCK), P(HVCLOCK, VCLOCK) }, 0, 0,
	  232, &vdso_data_v2, 2320, 2328, 8, 464, 0, VS_PAGE_RNG, X86_MODES, 0x7fffffff, VS_MATH_X86_OVF, S64_MAX, 1,
	  4096 },
};

static const char *family_of(const char *arch)
{
	static const struct { const char *arch, *family; } fam[] = {
		{ "x86_64", "x86" }, { "x32", "x86" }, { "i386", "x86" },
	};
	for (size_t i = 0; i < sizeof fam / sizeof *fam; i++)
		if (!strcmp(fam[i].arch, arch))
			return fam[i].family;
	return arch;
}

const struct vs_layout *vs_layout_find(const char *arch, uint32_t version)
{
	const char *family = family_of(arch);
	for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++)
		if (!strcmp(layouts[i].family, family) && version >= layouts[i].ver_min && version <= layouts[i].ver_max)
			return &layouts[i];
	return NULL;
}

int vs_layout_page(const struct vs_layout *l, enum vs_page_role role)
{
	for (int i = 0; i < l->n_pages; i++)
		if (l->page[i].role == role)
			return i;
	return -1;
}

size_t vs_layout_mapping_pages(const struct vs_layout *l, enum vs_mapping m)
{
	size_t n = 0;
	for (int i = 0; i < l->n_pages; i++)
		n += l->page[i].mapping == m;
	return n;
}

const char *vs_page_role_name(enum vs_page_role r)
{
	static const char *const n[] = { "time", "timens", "pvclock", "hvclock", "rng", "arch" };
	return r <= VS_PAGE_ARCH ? n[r] : "?";
}

static const char *const clock_slot[] = { "REALTIME", "MONOTONIC", "2", "3", "MONOTONIC_RAW", "REALTIME_COARSE",
					  "MONOTONIC_COARSE", "BOOTTIME", "8", "9", "10", "TAI" };

static int clock_field(const struct vs_clock_fields *c, uint32_t off, const char *pfx, int ns, char *buf, size_t len)
{
	static const char *const names[] = { "seq", "clock_mode", "cycle_last", "max_cycles", "mask", "mult", "shift" };
	const int16_t o[] = { c->seq, c->clock_mode, c->cycle_last, c->max_cycles, c->mask, c->mult, c->shift };
	const int sz[] = { 4, 4, 8, 8, 8, 4, 4 };
	for (int i = 0; i < 7; i++)
		if (o[i] >= 0 && off >= (uint32_t)o[i] && off < (uint32_t)(o[i] + sz[i])) {
			snprintf(buf, len, "%s.%s", pfx, names[i]);
			return 1;
		}
	if (off >= (uint32_t)c->basetime && off < (uint32_t)c->basetime + 16 * 12) {
		uint32_t k = (off - c->basetime) / 16, hi = (off - c->basetime) % 16 >= 8;
		snprintf(buf, len, "%s.%s[%s].%s", pfx, ns ? "offset" : "basetime", clock_slot[k], hi ? "nsec" : "sec");
		return 1;
	}
	return 0;
}

static const char *time_page_field(const struct vs_layout *l, uint32_t off, int ns, char *buf, size_t len)
{
	const char *pre = ns ? "timens." : "";
	char pfx[32];
	if (off < l->data_off)
		return "";
	uint32_t rel = off - l->data_off;
	if (rel >= l->tz_off && rel < l->tz_off + 4u)
		return snprintf(buf, len, "%stz_minuteswest", pre), buf;
	if (rel >= l->tz_off + 4u && rel < l->tz_off + 8u)
		return snprintf(buf, len, "%stz_dsttime", pre), buf;
	if (rel >= l->hrtimer_res_off && rel < l->hrtimer_res_off + 4u)
		return snprintf(buf, len, "%shrtimer_res", pre), buf;
	for (int k = 0; k < 2; k++) {
		uint32_t base = l->clock0_off + k * l->clock_stride;
		snprintf(pfx, sizeof pfx, "%sclock[%d]", pre, k);
		if (rel >= base && rel < base + l->clk->size && clock_field(l->clk, rel - base, pfx, ns, buf, len))
			return buf;
	}
	for (int k = 0; k < l->n_aux; k++) {
		uint32_t base = l->aux_off + k * l->clock_stride;
		snprintf(pfx, sizeof pfx, "%saux[%d]", pre, k);
		if (rel >= base && rel < base + l->clk->size && clock_field(l->clk, rel - base, pfx, ns, buf, len))
			return buf;
	}
	return "";
}

const char *vs_layout_field_name(const struct vs_layout *l, uint32_t page, uint32_t off, char *buf, size_t len)
{
	buf[0] = 0;
	if (page >= l->n_pages)
		return buf;
	enum vs_page_role role = l->page[page].role;
	if (l->rng_off >= 0 && role == l->rng_role && off >= (uint32_t)l->rng_off && off < (uint32_t)l->rng_off + 16u) {
		snprintf(buf, len, "rng.%s", off - l->rng_off < 8 ? "generation" : "is_ready");
		return buf;
	}
	switch (role) {
	case VS_PAGE_TIME: return time_page_field(l, off, 0, buf, len);
	case VS_PAGE_TIMENS: return time_page_field(l, off, 1, buf, len);
	case VS_PAGE_PVCLOCK: {
		static const struct { uint32_t o, n; const char *name; } f[] = {
			{ 0, 4, "version" }, { 8, 8, "tsc_timestamp" }, { 16, 8, "system_time" },
			{ 24, 4, "tsc_to_system_mul" }, { 28, 1, "tsc_shift" }, { 29, 1, "flags" } };
		for (size_t i = 0; i < 6; i++)
			if (off >= f[i].o && off < f[i].o + f[i].n)
				snprintf(buf, len, "pvclock.%s", f[i].name);
		return buf;
	}
	case VS_PAGE_HVCLOCK: {
		static const struct { uint32_t o, n; const char *name; } f[] = {
			{ 0, 4, "tsc_sequence" }, { 8, 8, "tsc_scale" }, { 16, 8, "tsc_offset" } };
		for (size_t i = 0; i < 3; i++)
			if (off >= f[i].o && off < f[i].o + f[i].n)
				snprintf(buf, len, "hvclock.%s", f[i].name);
		return buf;
	}
	default: return buf;
	}
}

int vs_layout_is_seq(const struct vs_layout *l, uint32_t page, uint32_t off)
{
	if (page >= l->n_pages || (l->page[page].role != VS_PAGE_TIME && l->page[page].role != VS_PAGE_TIMENS))
		return 0;
	for (int k = 0; k < 2 + l->n_aux; k++) {
		uint32_t base = l->data_off + (k < 2 ? l->clock0_off + k * l->clock_stride : l->aux_off + (k - 2) * l->clock_stride);
		if (off == base + (uint32_t)l->clk->seq)
			return 1;
	}
	return 0;
}
