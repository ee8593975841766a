/* The data-page layout of every supported (arch family, kernel era): one table row each.
 * Sources: include/vdso/datapage.h and the arch linker scripts of each era (doc/data-pages.md). */
#include <stdio.h>
#include <string.h>

#include "model.h"

#define S64_MAX 0x7fffffffffffffffULL
#define NOPE (-1)

/* struct vdso_data (5.3-6.9) / without CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT */
static const struct vs_clock_fields vdso_data_v1 = { 0, 4, 8, NOPE, 16, 24, 28, 32, 224 };
/* with max_cycles (x86 6.10+) */
static const struct vs_clock_fields vdso_data_v2 = { 0, 4, 8, 16, 24, 32, 36, 40, 232 };

#define ABSENT INT32_MIN
#define P(r, m) { VS_PAGE_##r, VS_MAP_##m }
#define X86 .family = "x86", .page_size = 4096, .counter_bits = 64, .counter_khz = 1, .mode_val = { 0, 1, 2, 3, ABSENT, ABSENT },                \
	    .mode_name = { "none", "tsc", "pvclock", "hvclock", NULL }
#define X86_VVAR4 .n_pages = 4, .page = { P(TIME, VVAR), P(PVCLOCK, VVAR), P(HVCLOCK, VVAR), P(TIMENS, VVAR) }
#define GEN6 .n_pages = 6, .page = { P(TIME, VVAR), P(TIMENS, VVAR), P(RNG, VVAR), P(ARCH, VVAR), P(PVCLOCK, VCLOCK), P(HVCLOCK, VCLOCK) }
#define GEN4 .n_pages = 4, .page = { P(TIME, VVAR), P(TIMENS, VVAR), P(RNG, VVAR), P(ARCH, VVAR) }
/* page_size 0: the image says (arm64 kernels use 4K, 16K or 64K pages) */
#define ARM64_COMMON .family = "arm64", .page_size = 0, .counter_bits = 56, .math = VS_MATH_GENERIC,              \
		     .counter_mask = UINT64_MAX
#define ARM64 ARM64_COMMON, .mode_val = { 0, 1, ABSENT, ABSENT, 2, ABSENT },                                               \
	      .mode_name = { "none", "archtimer", NULL, NULL, "archtimer_nocompat" }
#define ARM .family = "arm", .page_size = 4096, .counter_bits = 56, .math = VS_MATH_GENERIC,                        \
	    .counter_mask = UINT64_MAX, .mode_val = { 0, 1, ABSENT, ABSENT, ABSENT, ABSENT },                                  \
	    .mode_name = { "none", "archtimer", NULL, NULL, NULL }
#define RISCV .family = "riscv64", .page_size = 4096, .counter_bits = 64, .math = VS_MATH_GENERIC,                 \
	      .counter_mask = UINT64_MAX, .mode_val = { 0, 1, ABSENT, ABSENT, ABSENT, ABSENT },                                  \
	      .mode_name = { "none", "archtimer", NULL, NULL, NULL }
#define V1(doff) .data_off = doff, .clock_stride = 240, .clk = &vdso_data_v1, .tz_off = 224, .hrtimer_res_off = 232
#define V2(doff) .data_off = doff, .clock_stride = 248, .clk = &vdso_data_v2, .tz_off = 232, .hrtimer_res_off = 240
#define TD1 .clock_stride = 224, .clk = &vdso_data_v1, .tz_off = 448, .hrtimer_res_off = 456
#define TD1_AUX .clock_stride = 224, .clk = &vdso_data_v1, .tz_off = 2240, .hrtimer_res_off = 2248, .n_aux = 8,  \
		.aux_off = 448, .aux_clock_ids = 1
#define NO_RNG .rng_off = NOPE
#define TIMENS .mode_timens = 0x7fffffff

/* s390: the TOD clock (bit 51 = 1 us: 4.096 GHz), registered with a fixed mult and shift: 1000
 * and 12 in 6.1, 4096000 and 24 (the same rate, 12 more fractional bits) in 6.12, 7.2 and 7.3, as
 * read off their data pages booted under QEMU (the change lies between 6.1 and 6.12) */
#define S390 .family = "s390x", .page_size = 4096, .counter_bits = 64, .math = VS_MATH_GENERIC,                    \
	     .counter_mask = UINT64_MAX, .mode_val = { 0, 1, ABSENT, ABSENT, ABSENT, ABSENT },                      \
	     .mode_name = { "none", "tod", NULL, NULL, NULL }, .counter_hz = 4096000000ULL, .no_numa = 1
#define TOD_12 .counter_mult = 1000, .counter_shift = 12
#define TOD_24 .counter_mult = 4096000, .counter_shift = 24
/* struct arch_vdso_data at the end of each vdso_data (stride 256), then arch_vdso_time_data first */
static const struct vs_arch_field s390_steering[] = { { VS_PAGE_TIME, 240, 8, "tod_steering_delta" },
						      { VS_PAGE_TIME, 248, 8, "tod_steering_end" },
						      { 0, 0, 0, NULL } };
static const struct vs_arch_field s390_tod_delta[] = { { VS_PAGE_TIME, 0, 8, "tod_delta" }, { 0, 0, 0, NULL } };

/* powerpc: the timebase (mftb), VDSO_DELTA_NOMASK; 5.11-6.14 embed vdso_data[2] in struct
 * vdso_arch_data after the syscall maps, so its offset follows NR_syscalls (SYSCALL_MAP_SIZE =
 * (NR_syscalls + 31) / 32 words per map): 14 up to 5.14, 15 from 5.15 (doc/data-pages.md).
 * The timebase is always there: vdso_clocksource_ok() is true and clock_mode is never NONE.
 * Kernels use 4K or 64K pages: the code says. */
#define PPC .family = "ppc64", .page_size = 0, .counter_bits = 64, .math = VS_MATH_GENERIC,                        \
	    .counter_mask = UINT64_MAX, .mode_val = { ABSENT, 1, ABSENT, ABSENT, ABSENT, ABSENT },                  \
	    .mode_name = { NULL, "archtimer", NULL, NULL, NULL }
#define PPC_DATA(map) ((0x80 + 8 * (map) + 7) & ~7)
static const struct vs_arch_field ppc_systemcfg[] = { { VS_PAGE_TIME, 0x38, 8, "tb_ticks_per_sec" },
						      { VS_PAGE_TIME, 0x80, 4, "syscall_map" },
						      { 0, 0, 0, NULL } };
static const struct vs_arch_field ppc_arch_613[] = { { VS_PAGE_TIME, 0, 8, "tb_ticks_per_sec" },
						     { VS_PAGE_TIME, 24, 4, "syscall_map" },
						     { 0, 0, 0, NULL } };
static const struct vs_arch_field ppc_arch_page[] = { { VS_PAGE_ARCH, 0, 8, "tb_ticks_per_sec" },
						      { 0, 0, 0, NULL } };

static const struct vs_layout layouts[] = {
	/* x86: arch/x86/entry/vdso/vdso-layout.lds.S per era (doc/data-pages.md) */
	{ .name = "x86 5.3-5.5 (vdso_data at vvar+128, 3 pages)", X86, .ver_min = KV(5, 3, 0), .ver_max = KV(5, 5, 255),
	  .n_pages = 3, .page = { P(TIME, VVAR), P(PVCLOCK, VVAR), P(HVCLOCK, VVAR) }, V1(128), NO_RNG,
	  .math = VS_MATH_X86_CLAMP, .counter_mask = UINT64_MAX },
	{ .name = "x86 5.6 (vvar+128, 4 pages, VCLOCK_TIMENS)", X86, .ver_min = KV(5, 6, 0), .ver_max = KV(5, 6, 255),
	  X86_VVAR4, V1(128), NO_RNG, .mode_timens = -1, .math = VS_MATH_X86_CLAMP, .counter_mask = UINT64_MAX },
	{ .name = "x86 5.7-6.4 (vvar+128, 4 pages)", X86, .ver_min = KV(5, 7, 0), .ver_max = KV(6, 4, 255), X86_VVAR4,
	  V1(128), NO_RNG, TIMENS, .math = VS_MATH_X86_CLAMP, .counter_mask = UINT64_MAX },
	{ .name = "x86 6.5-6.9 (vvar+128, S64_MAX counter mask)", X86, .ver_min = KV(6, 5, 0), .ver_max = KV(6, 9, 255),
	  X86_VVAR4, V1(128), NO_RNG, TIMENS, .math = VS_MATH_X86_S64, .counter_mask = S64_MAX },
	{ .name = "x86 6.10 (vvar+128, max_cycles)", X86, .ver_min = KV(6, 10, 0), .ver_max = KV(6, 10, 255), X86_VVAR4,
	  V2(128), NO_RNG, TIMENS, .math = VS_MATH_X86_OVF, .counter_mask = S64_MAX },
	{ .name = "x86 6.11-6.12 (vvar+128, max_cycles, rng at +640)", X86, .ver_min = KV(6, 11, 0),
	  .ver_max = KV(6, 12, 255), X86_VVAR4, V2(128), .rng_off = 640, .rng_role = VS_PAGE_TIME, TIMENS,
	  .math = VS_MATH_X86_OVF, .counter_mask = S64_MAX },
	{ .name = "x86 6.13-6.14 ([vvar] 2 pages + [vvar_vclock] 2 pages)", X86, .ver_min = KV(6, 13, 0),
	  .ver_max = KV(6, 14, 255), .n_pages = 4,
	  .page = { P(TIME, VVAR), P(TIMENS, VVAR), P(PVCLOCK, VCLOCK), P(HVCLOCK, VCLOCK) }, V2(0), .rng_off = 640,
	  .rng_role = VS_PAGE_TIME, TIMENS, .math = VS_MATH_X86_OVF, .counter_mask = S64_MAX },
	{ .name = "x86 6.15-6.16 (generic store: vdso_time_data, 6 pages)", X86, .ver_min = KV(6, 15, 0),
	  .ver_max = KV(6, 16, 255), GEN6, .clock_stride = 232, .clk = &vdso_data_v2, .tz_off = 464,
	  .hrtimer_res_off = 472, .rng_off = 0, .rng_role = VS_PAGE_RNG, TIMENS, .math = VS_MATH_X86_OVF,
	  .counter_mask = S64_MAX },
	{ .name = "x86 6.17-7.3 (generic store with aux clocks, 6 pages)", X86, .ver_min = KV(6, 17, 0),
	  .ver_max = KV(7, 3, 255), GEN6, .clock_stride = 232, .clk = &vdso_data_v2, .tz_off = 2320,
	  .hrtimer_res_off = 2328, .n_aux = 8, .aux_off = 464, .aux_clock_ids = 1, .rng_off = 0, .rng_role = VS_PAGE_RNG,
	  TIMENS, .math = VS_MATH_X86_OVF, .counter_mask = S64_MAX },

	/* arm64 (and its compat vdso32): 1.3, 3.3, 4.1 (5.3-5.6 stores use_syscall: 0 = the counter) */
	{ .name = "arm64 5.3-5.6 (1 page, inverted clock_mode)", ARM64_COMMON, .ver_min = KV(5, 3, 0), .ver_max = KV(5, 6, 255),
	  .n_pages = 1, .page = { P(TIME, VVAR) }, V1(0), NO_RNG, .mode_val = { 1, 0, ABSENT, ABSENT, ABSENT, ABSENT },
	  .mode_name = { "none", "archtimer", NULL, NULL, NULL } },
	{ .name = "arm64 5.7-5.8 (1 page)", ARM64, .ver_min = KV(5, 7, 0), .ver_max = KV(5, 8, 255), .n_pages = 1,
	  .page = { P(TIME, VVAR) }, V1(0), NO_RNG },
	{ .name = "arm64 5.9-6.11 (data, timens)", ARM64, .ver_min = KV(5, 9, 0), .ver_max = KV(6, 11, 255),
	  .n_pages = 2, .page = { P(TIME, VVAR), P(TIMENS, VVAR) }, V1(0), NO_RNG, TIMENS },
	{ .name = "arm64 6.12-6.14 (data, timens; rng at +480)", ARM64, .ver_min = KV(6, 12, 0), .ver_max = KV(6, 14, 255),
	  .n_pages = 2, .page = { P(TIME, VVAR), P(TIMENS, VVAR) }, V1(0), .rng_off = 480, .rng_role = VS_PAGE_TIME,
	  TIMENS },
	{ .name = "arm64 6.15-6.16 (generic store, 4 pages)", ARM64, .ver_min = KV(6, 15, 0), .ver_max = KV(6, 16, 255),
	  GEN4, TD1, .rng_off = 0, .rng_role = VS_PAGE_RNG, TIMENS },
	{ .name = "arm64 6.17-7.3 (generic store with aux clocks, 4 pages)", ARM64, .ver_min = KV(6, 17, 0),
	  .ver_max = KV(7, 3, 255), GEN4, TD1_AUX, .rng_off = 0, .rng_role = VS_PAGE_RNG, TIMENS },

	/* riscv64: 1.3, 2.3 (6.4-6.14 arch_data carries hwprobe values: vdso_data grows with
	 * RISCV_HWPROBE_MAX_KEY; only 6.12's 9 is known), 3.4 */
	{ .name = "riscv64 5.15 (1 page)", RISCV, .ver_min = KV(5, 15, 0), .ver_max = KV(5, 15, 255), .n_pages = 1,
	  .page = { P(TIME, VVAR) }, V1(0), NO_RNG },
	{ .name = "riscv64 5.16-6.3 (data, timens)", RISCV, .ver_min = KV(5, 16, 0), .ver_max = KV(6, 3, 255),
	  .n_pages = 2, .page = { P(TIME, VVAR), P(TIMENS, VVAR) }, V1(0), NO_RNG, TIMENS },
	{ .name = "riscv64 6.12 (data, timens; hwprobe MAX_KEY 9)", RISCV, .ver_min = KV(6, 12, 0),
	  .ver_max = KV(6, 12, 255), .n_pages = 2, .page = { P(TIME, VVAR), P(TIMENS, VVAR) }, .data_off = 0,
	  .clock_stride = 240 + 8 * (9 + 2), .clk = &vdso_data_v1, .tz_off = 224, .hrtimer_res_off = 232, NO_RNG,
	  TIMENS },
	{ .name = "riscv64 6.15-6.16 (generic store, 4 pages)", RISCV, .ver_min = KV(6, 15, 0), .ver_max = KV(6, 16, 255),
	  GEN4, TD1, .rng_off = 0, .rng_role = VS_PAGE_RNG, TIMENS },
	{ .name = "riscv64 6.17-7.3 (generic store with aux clocks, 4 pages)", RISCV, .ver_min = KV(6, 17, 0),
	  .ver_max = KV(7, 3, 255), GEN4, TD1_AUX, .rng_off = 0, .rng_role = VS_PAGE_RNG, TIMENS },

	/* s390x: 1.3, 3.4; big-endian pages */
	{ .name = "s390x 5.12-6.11 (data, timens; TOD steering in vdso_data)", S390, .ver_min = KV(5, 12, 0),
	  .ver_max = KV(6, 11, 255), .n_pages = 2, .page = { P(TIME, VVAR), P(TIMENS, VVAR) }, .clock_stride = 256,
	  .clk = &vdso_data_v1, .tz_off = 224, .hrtimer_res_off = 232, NO_RNG, TIMENS, .arch_fields = s390_steering, TOD_12 },
	{ .name = "s390x 6.12-6.14 (data, timens; rng at +768)", S390, .ver_min = KV(6, 12, 0), .ver_max = KV(6, 14, 255),
	  .n_pages = 2, .page = { P(TIME, VVAR), P(TIMENS, VVAR) }, .clock_stride = 256, .clk = &vdso_data_v1,
	  .tz_off = 224, .hrtimer_res_off = 232, .rng_off = 768, .rng_role = VS_PAGE_TIME, TIMENS,
	  .arch_fields = s390_steering, TOD_24 },
	{ .name = "s390x 6.17-7.3 (generic store with aux clocks, tod_delta first, 4 pages)", S390,
	  .ver_min = KV(6, 17, 0), .ver_max = KV(7, 3, 255), GEN4, .clock0_off = 8, .clock_stride = 224,
	  .clk = &vdso_data_v1, .tz_off = 2248, .hrtimer_res_off = 2256, .n_aux = 8, .aux_off = 456, .aux_clock_ids = 1,
	  .rng_off = 0, .rng_role = VS_PAGE_RNG, TIMENS, .arch_fields = s390_tod_delta, TOD_24 },

	/* MIPS (o32, n32, n64 alike): arch/mips/kernel/vdso.c maps the GIC user page, then one data
	 * page, then the text; the vDSO finds the data at _start - PAGE_SIZE and the GIC a page lower.
	 * No time namespaces, no getrandom. Kernels use 4K or 16K (Loongson-3) pages: the code says. */
	{ .name = "mips 5.4-6.14 (GIC user page, data page)", .family = "mips", .page_size = 0, .counter_bits = 32,
	  .math = VS_MATH_GENERIC, .counter_mask = UINT64_MAX, .mode_val = { 0, 1, ABSENT, ABSENT, ABSENT, 2 },
	  .mode_name = { "none", "r4k", NULL, NULL, NULL, "gic" }, .ver_min = KV(5, 4, 0), .ver_max = KV(6, 14, 255),
	  .n_pages = 2, .page = { P(GIC, VVAR), P(TIME, VVAR) }, V1(0), NO_RNG },

	/* ppc64 (little- and big-endian alike): 1.3, 3.4, 3.5 */
	{ .name = "ppc64 5.11-5.12 (1 page; vdso_data at +240 in vdso_arch_data)", PPC, .ver_min = KV(5, 11, 0),
	  .ver_max = KV(5, 12, 255), .n_pages = 1, .page = { P(TIME, VVAR) }, V1(PPC_DATA(14)), NO_RNG,
	  .arch_fields = ppc_systemcfg },
	{ .name = "ppc64 5.13-5.14 (data, timens; vdso_data at +240)", PPC, .ver_min = KV(5, 13, 0),
	  .ver_max = KV(5, 14, 255), .n_pages = 2, .page = { P(TIME, VVAR), P(TIMENS, VVAR) }, V1(PPC_DATA(14)),
	  NO_RNG, TIMENS, .arch_fields = ppc_systemcfg },
	{ .name = "ppc64 5.15-6.11 (data, timens; vdso_data at +248)", PPC, .ver_min = KV(5, 15, 0),
	  .ver_max = KV(6, 11, 255), .n_pages = 2, .page = { P(TIME, VVAR), P(TIMENS, VVAR) }, V1(PPC_DATA(15)),
	  NO_RNG, TIMENS, .arch_fields = ppc_systemcfg },
	{ .name = "ppc64 6.12 (data, timens; vdso_data at +248, rng at +728)", PPC, .ver_min = KV(6, 12, 0),
	  .ver_max = KV(6, 12, 255), .n_pages = 2, .page = { P(TIME, VVAR), P(TIMENS, VVAR) }, V1(PPC_DATA(15)),
	  .rng_off = 248 + 480, .rng_role = VS_PAGE_TIME, TIMENS, .arch_fields = ppc_systemcfg },
	{ .name = "ppc64 6.13-6.14 (data, timens; systemcfg split out: vdso_data at +144, rng at +624)", PPC,
	  .ver_min = KV(6, 13, 0), .ver_max = KV(6, 14, 255), .n_pages = 2, .page = { P(TIME, VVAR), P(TIMENS, VVAR) },
	  V1(144), .rng_off = 144 + 480, .rng_role = VS_PAGE_TIME, TIMENS, .arch_fields = ppc_arch_613 },
	{ .name = "ppc64 6.15-6.16 (generic store, 4 pages)", PPC, .ver_min = KV(6, 15, 0), .ver_max = KV(6, 16, 255),
	  GEN4, TD1, .rng_off = 0, .rng_role = VS_PAGE_RNG, TIMENS, .arch_fields = ppc_arch_page },
	{ .name = "ppc64 6.17-7.3 (generic store with aux clocks, 4 pages)", PPC, .ver_min = KV(6, 17, 0),
	  .ver_max = KV(7, 3, 255), GEN4, TD1_AUX, .rng_off = 0, .rng_role = VS_PAGE_RNG, TIMENS,
	  .arch_fields = ppc_arch_page },

	/* 32-bit arm: 1.3, 3.4 (no time namespaces, no getrandom) */
	{ .name = "arm 5.5-6.14 (1 page)", ARM, .ver_min = KV(5, 5, 0), .ver_max = KV(6, 14, 255), .n_pages = 1,
	  .page = { P(TIME, VVAR) }, V1(0), NO_RNG },
	{ .name = "arm 6.15-6.16 (generic store, 4 pages)", ARM, .ver_min = KV(6, 15, 0), .ver_max = KV(6, 16, 255), GEN4,
	  TD1, NO_RNG },
	{ .name = "arm 6.17-7.3 (generic store with aux clocks, 4 pages)", ARM, .ver_min = KV(6, 17, 0),
	  .ver_max = KV(7, 3, 255), GEN4, TD1_AUX, NO_RNG },
};

/* The layout families an image of this arch may belong to, most likely first. */
static const struct { const char *arch, *family[2]; } families[] = {
	{ "x86_64", { "x86" } }, { "x32", { "x86" } },	      { "i386", { "x86" } },
	{ "arm64", { "arm64" } }, { "arm", { "arm", "arm64" } }, { "riscv64", { "riscv64" } },
	{ "s390x", { "s390x" } },      { "mips", { "mips" } },     { "mipsn32", { "mips" } },
	{ "mips64", { "mips" } }, { "ppc64le", { "ppc64" } }, { "ppc64", { "ppc64" } },
};

size_t vs_layout_candidates(const char *arch, uint32_t version, const struct vs_layout **out, size_t max)
{
	size_t n = 0;
	for (size_t f = 0; f < sizeof families / sizeof *families; f++) {
		if (strcmp(families[f].arch, arch))
			continue;
		for (int k = 0; k < 2 && families[f].family[k]; k++)
			for (size_t i = 0; i < sizeof layouts / sizeof *layouts && n < max; i++)
				if (!strcmp(layouts[i].family, families[f].family[k]) && version >= layouts[i].ver_min &&
				    version <= layouts[i].ver_max)
					out[n++] = &layouts[i];
	}
	return n;
}

const struct vs_layout *vs_layout_find(const char *arch, uint32_t version)
{
	const struct vs_layout *l = NULL;
	return vs_layout_candidates(arch, version, &l, 1) ? l : NULL;
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
	static const char *const n[] = { "time", "timens", "pvclock", "hvclock", "rng", "arch", "gic" };
	return r <= VS_PAGE_GIC ? n[r] : "?";
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

enum vs_page_role vs_layout_content(const struct vs_layout *l, uint32_t page, int in_ns)
{
	enum vs_page_role role = l->page[page].role;
	/* a task in a time namespace has the timens page where the time page was, and the reverse */
	if (in_ns && l->mode_timens && role == VS_PAGE_TIME)
		return VS_PAGE_TIMENS;
	if (in_ns && l->mode_timens && role == VS_PAGE_TIMENS)
		return VS_PAGE_TIME;
	return role;
}

const char *vs_layout_field_name(const struct vs_layout *l, uint32_t page, uint32_t off, int in_ns, char *buf,
				 size_t len)
{
	buf[0] = 0;
	if (page >= l->n_pages)
		return buf;
	enum vs_page_role role = vs_layout_content(l, page, in_ns);
	if (l->rng_off >= 0 && role == l->rng_role && off >= (uint32_t)l->rng_off && off < (uint32_t)l->rng_off + 16u) {
		snprintf(buf, len, "rng.%s", off - l->rng_off < 8 ? "generation" : "is_ready");
		return buf;
	}
	for (const struct vs_arch_field *f = l->arch_fields; f && f->name; f++)
		if (role == f->role && off >= f->off && off < (uint32_t)f->off + f->size)
			return snprintf(buf, len, "arch.%s", f->name), buf;
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

size_t vs_layout_nearest(const char *arch, uint32_t version, const struct vs_layout **out, size_t max)
{
	size_t n = 0;
	for (size_t f = 0; f < sizeof families / sizeof *families; f++) {
		if (strcmp(families[f].arch, arch))
			continue;
		for (int k = 0; k < 2 && families[f].family[k] && n < max; k++) {
			/* the newest row that starts at or below the version, else the oldest */
			const struct vs_layout *below = NULL, *lowest = NULL;
			for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
				const struct vs_layout *l = &layouts[i];
				if (strcmp(l->family, families[f].family[k]))
					continue;
				if (l->ver_min <= version && (!below || l->ver_min > below->ver_min))
					below = l;
				if (!lowest || l->ver_min < lowest->ver_min)
					lowest = l;
			}
			if (below || lowest)
				out[n++] = below ? below : lowest;
		}
	}
	return n;
}

static void diff_int(const char *what, long a, long b, vs_layout_diff_fn fn, void *arg, int *n)
{
	char buf[160];
	if (a == b)
		return;
	snprintf(buf, sizeof buf, "%s: %ld, the table's %ld", what, a, b);
	fn(arg, buf);
	++*n;
}

int vs_layout_diff(const struct vs_layout *a, const struct vs_layout *b, vs_layout_diff_fn fn, void *arg)
{
	int n = 0;
	char what[64];
	diff_int("pages", a->n_pages, b->n_pages, fn, arg, &n);
	for (int i = 0; i < a->n_pages && i < b->n_pages; i++) {
		snprintf(what, sizeof what, "page %d (%s, the table's %s)", i, vs_page_role_name(a->page[i].role),
			 vs_page_role_name(b->page[i].role));
		diff_int(what, a->page[i].role * 10 + a->page[i].mapping, b->page[i].role * 10 + b->page[i].mapping, fn,
			 arg, &n);
	}
	diff_int("page size", a->page_size, b->page_size, fn, arg, &n);
	diff_int("time data offset", a->data_off, b->data_off, fn, arg, &n);
	diff_int("clock_data[0] offset", a->clock0_off, b->clock0_off, fn, arg, &n);
	diff_int("clock stride", a->clock_stride, b->clock_stride, fn, arg, &n);
	static const char *const f[] = { "seq", "clock_mode", "cycle_last", "max_cycles", "mask", "mult", "shift", "basetime",
					 "clock fields' size" };
	const struct vs_clock_fields *x = a->clk, *y = b->clk;
	const int16_t ca[] = { x->seq, x->clock_mode, x->cycle_last, x->max_cycles, x->mask, x->mult, x->shift, x->basetime };
	const int16_t cb[] = { y->seq, y->clock_mode, y->cycle_last, y->max_cycles, y->mask, y->mult, y->shift, y->basetime };
	for (int i = 0; i < 8; i++)
		diff_int(f[i], ca[i], cb[i], fn, arg, &n);
	diff_int(f[8], a->clk->size, b->clk->size, fn, arg, &n);
	diff_int("tz_minuteswest", a->tz_off, b->tz_off, fn, arg, &n);
	diff_int("hrtimer_res", a->hrtimer_res_off, b->hrtimer_res_off, fn, arg, &n);
	diff_int("aux clocks", a->n_aux, b->n_aux, fn, arg, &n);
	diff_int("aux_clock_data offset", a->n_aux ? a->aux_off : 0, b->n_aux ? b->aux_off : 0, fn, arg, &n);
	diff_int("rng offset", a->rng_off, b->rng_off, fn, arg, &n);
	diff_int("rng page", a->rng_off < 0 ? -1 : a->rng_role, b->rng_off < 0 ? -1 : b->rng_role, fn, arg, &n);
	for (int m = 0; m < VDSOSIM_NMODES; m++) {
		snprintf(what, sizeof what, "clock mode %s", a->mode_name[m] ? a->mode_name[m] : "?");
		if (a->mode_name[m] || b->mode_name[m])
			diff_int(what, a->mode_val[m], b->mode_val[m], fn, arg, &n);
	}
	diff_int("clock mode timens", a->mode_timens, b->mode_timens, fn, arg, &n);
	/* every field the table names must be where it says; debug info may name more */
	for (const struct vs_arch_field *t = b->arch_fields; t && t->name; t++) {
		const struct vs_arch_field *d = a->arch_fields;
		while (d && d->name && strcmp(d->name, t->name))
			d++;
		snprintf(what, sizeof what, "arch field %s", t->name);
		diff_int(what, d && d->name ? d->off * 1000 + d->size : -1, t->off * 1000 + t->size, fn, arg, &n);
	}
	return n;
}
