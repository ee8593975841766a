/* kernel_model: time, not CPUs. Pure C, deterministic, no Unicorn, no host clock. */
#ifndef VDSOSIM_MODEL_H
#define VDSOSIM_MODEL_H
#include <stdint.h>

#include "vdsosim.h"

#define NSEC_PER_SEC 1000000000ULL
#define KV(a, b, c) (((uint32_t)(a) << 16) | ((b) << 8) | (c))

/* Linux errno values: the guest ABI, never the host's. */
enum { LX_EFAULT = 14, LX_ENODEV = 19, LX_EINVAL = 22 };

/* ---- math64.c: portable 128-bit helpers (no __int128: results must not depend on host) ---- */
uint64_t vs_mul_u64_u32_add_u64_shr(uint64_t a, uint32_t mul, uint64_t b, unsigned shift);
uint64_t vs_mul_u64_u64_shr64(uint64_t a, uint64_t b);

/* ---- clocksource.c ---- */
struct vs_clocksource {
	enum vdsosim_clock_mode mode;
	const char *name;
	uint64_t freq_hz, mask, max_cycles;
	uint32_t mult, shift, maxadj;
};
void vs_calc_mult_shift(uint32_t *mult, uint32_t *shift, uint32_t from, uint32_t to, uint32_t maxsec);
/* __clocksource_update_freq_scale(): khz registers in whole kHz (the x86 TSC), else in Hz. */
void vs_clocksource_init(struct vs_clocksource *cs, enum vdsosim_clock_mode mode, uint64_t freq_hz, uint64_t mask,
			 int khz);
uint64_t vs_calc_max_cycles(uint32_t mult, uint32_t maxadj, uint64_t mask);

/* ---- layout.c: where each era keeps what (data, one row per era) ---- */
/* VS_PAGE_GIC: a device page whose reads are the counter (MIPS GIC user page), not data */
enum vs_page_role { VS_PAGE_TIME, VS_PAGE_TIMENS, VS_PAGE_PVCLOCK, VS_PAGE_HVCLOCK, VS_PAGE_RNG, VS_PAGE_ARCH, VS_PAGE_GIC };
enum vs_mapping { VS_MAP_VVAR, VS_MAP_VCLOCK };
/* How the era turns a counter delta into shifted ns (lib/vdso/gettimeofday.c and arch overrides). */
enum vs_math {
	VS_MATH_X86_CLAMP, /* 5.3-6.4: cycles > last ? (cycles - last) * mult : 0 */
	VS_MATH_X86_S64,   /* 6.5-6.9: delta & S64_MAX, bit 62 => 0 */
	VS_MATH_X86_OVF,   /* 6.10+: > max_cycles => bit 62 ? base : 128-bit */
	VS_MATH_GENERIC,   /* ((cycles - last) & mask) * mult, 64-bit: every arch but x86 */
};

struct vs_clock_fields {
	int16_t seq, clock_mode, cycle_last, max_cycles, mask, mult, shift, basetime;
	uint16_t size;
};

/* An arch-specific field of a data page, named in vvar_reads; the model leaves it 0 (s390: no TOD
 * steering in progress, a tod_delta of 0). */
struct vs_arch_field { uint8_t role; uint16_t off; uint8_t size; const char *name; };

struct vs_layout {
	const char *name;
	const char *family; /* "x86" serves x86_64, x32 and i386 images */
	uint32_t ver_min, ver_max;
	uint8_t n_pages;
	struct { uint8_t role, mapping; } page[8]; /* lowest address first, directly below the image */
	uint16_t data_off;    /* struct vdso_data[0] / vdso_time_data within the time page */
	uint16_t clock0_off;  /* clock_data[0] relative to data_off */
	uint16_t clock_stride;
	const struct vs_clock_fields *clk;
	uint16_t tz_off, hrtimer_res_off; /* relative to data_off */
	uint8_t n_aux;
	uint16_t aux_off;
	int16_t rng_off;      /* -1: none */
	uint8_t rng_role;     /* page that holds it */
	int32_t mode_val[VDSOSIM_NMODES];
	int32_t mode_timens;
	uint8_t math;
	uint64_t counter_mask; /* applied to the raw counter read (6.5+: S64_MAX) */
	uint8_t aux_clock_ids; /* clock ids 16..23 exist (6.17+) */
	uint32_t page_size;    /* the engine sets the image's own (arm64: 4K, 16K or 64K) */
	uint8_t counter_bits;  /* the counter clocksource's mask width (x86 TSC 64, arm arch timer 56) */
	uint8_t counter_khz;   /* the counter registers in kHz (x86 tsc_khz), else in Hz */
	const char *mode_name[VDSOSIM_NMODES]; /* the kernel's names; NULL: no such mode in this family */
	const struct vs_arch_field *arch_fields; /* ends with a NULL name */
	/* a counter registered with a fixed rate, mult and shift (the s390 TOD clock), else 0 */
	uint64_t counter_hz;
	uint32_t counter_mult;
	uint8_t counter_shift;
	uint8_t no_numa; /* getcpu's node is always 0 (s390) */
};

const struct vs_layout *vs_layout_find(const char *arch, uint32_t version);
/* Every row that may describe an image of this arch and version (an AArch32 image may be a
 * native arm vDSO or an arm64 kernel's compat vdso32); returns how many. */
size_t vs_layout_candidates(const char *arch, uint32_t version, const struct vs_layout **out, size_t max);
/* The row whose semantics (clock modes, math) a newer or older kernel of this arch most likely keeps. */
size_t vs_layout_nearest(const char *arch, uint32_t version, const struct vs_layout **out, size_t max);
/* Report each field where a differs from b (the table's), one line each; returns how many. */
typedef void (*vs_layout_diff_fn)(void *arg, const char *line);
int vs_layout_diff(const struct vs_layout *a, const struct vs_layout *b, vs_layout_diff_fn fn, void *arg);
int vs_layout_page(const struct vs_layout *l, enum vs_page_role role); /* index or -1 */
size_t vs_layout_mapping_pages(const struct vs_layout *l, enum vs_mapping m);
const char *vs_page_role_name(enum vs_page_role r);
int vs_layout_is_seq(const struct vs_layout *l, uint32_t page, uint32_t off);
/* What the page slot holds: inside a time namespace the time and timens pages trade places. */
enum vs_page_role vs_layout_content(const struct vs_layout *l, uint32_t page, int in_ns);
/* Name the field at (page, offset) by the page's content; "" when the byte belongs to nothing known. */
const char *vs_layout_field_name(const struct vs_layout *l, uint32_t page, uint32_t off, int in_ns, char *buf,
				 size_t len);

/* ---- timekeeper.c ---- */
struct vdsosim_model {
	struct vdsosim_state st;
	const struct vs_layout *era; /* semantics; may be NULL for a bare model (tests) */
	uint32_t kernel_version;
	struct vs_clocksource cs;
	uint64_t cycle_last, cycle_interval, xtime_interval, raw_interval;
	uint32_t mult, shift;
	uint64_t xtime_sec, xtime_nsec; /* xtime_nsec << shift */
	uint64_t raw_sec, raw_nsec;
	int64_t wtm_sec, wtm_nsec;       /* wall_to_monotonic, nsec in [0, 1e9) */
	int64_t boot_ns;
	int32_t tai;
	uint32_t seq;
	uint32_t modes_unbuilt; /* clock modes the image's vDSO was built without (bit per mode) */
	uint32_t funcs_syscall; /* functions this ABI's vDSO only wraps a syscall for (bit per func) */
	/* paravirt pages: what the hypervisor publishes */
	struct { uint32_t version; uint64_t tsc_timestamp, system_time; uint32_t mul; int8_t shift; uint8_t flags; } pv;
	struct { uint32_t sequence; uint64_t scale; int64_t offset; } hv;
	uint64_t hpet_scale; /* hpet cycles = tsc * hpet_scale >> 64: the TSC is the one timeline */
	struct { int active; int64_t mono_ns, boot_ns; } ns; /* the task's time namespace */
	uint64_t rng_generation; /* base_crng.generation + 1: never 0 (0 = never valid) */
};

/* What a model is told about the image whose kernel it stands for, once, at creation (the sim
 * learns it from the image's own code: see vdsosim_profile). The model never changes it. */
struct vs_model_config {
	const struct vs_layout *era; /* NULL: generic semantics */
	uint32_t kernel_version;
	uint32_t modes_unbuilt; /* clock modes the image's vDSO was built without (bit per mode) */
	uint32_t funcs_syscall; /* functions the image's vDSO only wraps a syscall for (bit per func) */
};
int vs_model_init(vdsosim_model *m, const struct vs_model_config *cfg, const struct vdsosim_state *st);
int vs_model_create(vdsosim_model **out, const struct vs_model_config *cfg, const struct vdsosim_state *st);
void vs_model_clocksource(const vdsosim_model *m, enum vdsosim_clock_mode mode, struct vs_clocksource *cs);
void vs_model_forward_now(vdsosim_model *m, uint64_t counter);
int vs_model_change_clocksource(vdsosim_model *m, uint64_t counter, enum vdsosim_clock_mode mode);
/* counter (what the CPU instruction returns) -> clocksource cycles */
uint64_t vs_model_cycles(const vdsosim_model *m, uint64_t counter);
/* shifted-ns delta since cycle_last, by the era's math */
uint64_t vs_model_delta_ns(const vdsosim_model *m, uint64_t cycles, uint64_t cycle_last, uint32_t mult,
			   uint32_t shift, uint64_t max_cycles, uint64_t base);
void vs_ts_norm(struct vdsosim_timespec *ts);
/* the CPU getcpu answers from now on (exec: the running thread's) */
void vs_model_set_cpu(vdsosim_model *m, uint32_t cpu);

/* ---- vvar.c: update_vsyscall() through the layout, and its inverse ---- */
/* pages: n_pages * page_size bytes, the image's data pages in address order. */
void vs_vvar_write(const vdsosim_model *m, const struct vs_layout *l, uint8_t *pages, int big_endian);
/* The same, stopping after `limit` stores; returns how many stores a whole update makes. */
int vs_vvar_write_steps(const vdsosim_model *m, const struct vs_layout *l, uint8_t *pages, int big_endian, int limit);
int vs_vvar_read(vdsosim_model *m, const struct vs_layout *l, const uint8_t *pages, int big_endian);

#endif
