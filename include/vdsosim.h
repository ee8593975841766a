/* vdsosim: run real Linux vDSO images against a simulated, exactly controlled clock.
 *
 * Conventions (after libgit2): every function is prefixed vdsosim_, handles are opaque and
 * come in _new/_free pairs, and every fallible call returns 0 or a negative VDSOSIM_E* code
 * with a readable message in vdsosim_last_error() (thread-local).
 */
#ifndef VDSOSIM_H
#define VDSOSIM_H

#include <stddef.h>
#include <stdint.h>

#include "vdsosim_version.h"

/* Every function of the library is marked so: a shared build exports these and nothing else. */
#if defined(__GNUC__) && !defined(VDSOSIM_STATIC_ONLY)
#define VDSOSIM_API __attribute__((visibility("default")))
#else
#define VDSOSIM_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ---------------------------------------------------------------------------- */
enum {
	VDSOSIM_OK = 0,
	VDSOSIM_EARG = -1,         /* bad argument from the caller */
	VDSOSIM_EIO = -2,          /* file could not be read */
	VDSOSIM_EFORMAT = -3,      /* not a valid ELF / not a vDSO / corrupt */
	VDSOSIM_EUNSUPPORTED = -4, /* valid, but an arch or kernel era we cannot emulate */
	VDSOSIM_ENOMEM = -5,
	VDSOSIM_EFAULT = -6,       /* emulated code faulted (pc, insn, address in the result) */
	VDSOSIM_EBUDGET = -7,      /* instruction budget exceeded */
	VDSOSIM_ESPIN = -8,        /* seq never settled: spin limit reached */
	VDSOSIM_ESYSCALL = -9,     /* syscall the model does not know */
	VDSOSIM_ECOUNTER = -10,    /* counter read the simulator did not intercept */
	VDSOSIM_ENOTFOUND = -11,   /* function not exported by the image */
};

/* The message of the last failed call on this thread ("no error" when none), and a way to clear it. */
VDSOSIM_API const char *vdsosim_last_error(void);
VDSOSIM_API void vdsosim_clear_error(void);
VDSOSIM_API const char *vdsosim_strerror(int code);
/* The library's version, "MAJOR.MINOR.PATCH" (the headers' is VDSOSIM_VERSION below). */
VDSOSIM_API const char *vdsosim_version(void);
/* The Unicorn the library runs on, as the linked library reports it ("2.0.1", "2.1.4"). */
VDSOSIM_API const char *vdsosim_unicorn_version(void);

/* ---- images (loader) ------------------------------------------------------------------- */
typedef struct vdsosim_image vdsosim_image;

struct vdsosim_symbol {
	const char *name;
	const char *version; /* e.g. "LINUX_2.6", or "" */
	uint64_t value, size;
	int weak;
};

struct vdsosim_segment {
	uint64_t vaddr, memsz, offset, filesz;
	uint32_t flags; /* PF_R|PF_W|PF_X */
};

struct vdsosim_image_info {
	const char *path;
	const char *arch;       /* "x86_64", "i386", "x32", "arm64", "arm", "riscv64", ... */
	uint16_t machine;       /* e_machine */
	int elf_class;          /* 32 or 64 */
	int big_endian;
	uint32_t kernel_version; /* LINUX_VERSION_CODE from the Linux/0 note, 0 if absent */
	char kernel_version_str[24];
	char build_id[65];      /* hex, "" if none */
	uint64_t text_start, text_end;
	uint64_t load_size;     /* bytes mapped (page-aligned end of the last PT_LOAD) */
	size_t file_size;       /* bytes of the ELF proper; a [vdso] dump may carry more */
	size_t n_symbols;
	const struct vdsosim_symbol *symbols;
	size_t n_segments;
	const struct vdsosim_segment *segments;
	uint32_t e_flags;       /* MIPS: the ABI (n32) and the ISA level (R2, R6) */
};

VDSOSIM_API int vdsosim_image_open(vdsosim_image **out, const char *path);
VDSOSIM_API int vdsosim_image_open_memory(vdsosim_image **out, const void *data, size_t len, const char *name);
VDSOSIM_API void vdsosim_image_free(vdsosim_image *img);
VDSOSIM_API const struct vdsosim_image_info *vdsosim_image_info(const vdsosim_image *img);
VDSOSIM_API const uint8_t *vdsosim_image_bytes(const vdsosim_image *img, size_t *len);
/* Resolve a function under any naming scheme (__vdso_X, __kernel_X, X). */
VDSOSIM_API const struct vdsosim_symbol *vdsosim_image_find(const vdsosim_image *img, const char *func);

/* ---- boot-time alternatives ------------------------------------------------------------ */
/* The kernel patches its vDSO at boot for the CPU it finds (x86 .altinstructions: rdtsc, lfence;
 * rdtsc or rdtscp; lsl or rdpid; int $0x80, sysenter or syscall). Images cut from packages are
 * unpatched; vdsosim_image_patch gives the bytes that CPU runs. */
enum vdsosim_cpu_vendor { VDSOSIM_VENDOR_UNKNOWN, VDSOSIM_VENDOR_INTEL, VDSOSIM_VENDOR_AMD, VDSOSIM_VENDOR_HYGON,
			  VDSOSIM_VENDOR_CENTAUR, VDSOSIM_VENDOR_ZHAOXIN };
enum { VDSOSIM_CPU_MAX_FLAGS = 256 };
/* A CPU as /proc/cpuinfo describes it: vendor_id, cpu family, model and the flags. */
struct vdsosim_cpu {
	enum vdsosim_cpu_vendor vendor;
	uint32_t family, model;
	size_t n_flags;
	char flags[VDSOSIM_CPU_MAX_FLAGS][24];
};
VDSOSIM_API void vdsosim_cpu_init(struct vdsosim_cpu *cpu); /* no vendor, no flags */
/* vendor_id, cpu family, model and flags of the first processor of a saved /proc/cpuinfo */
VDSOSIM_API int vdsosim_cpu_from_cpuinfo(struct vdsosim_cpu *cpu, const char *text, size_t len);
/* "GenuineIntel" or "intel", "AuthenticAMD" or "amd", ... */
VDSOSIM_API int vdsosim_cpu_vendor_parse(const char *s, enum vdsosim_cpu_vendor *v);
VDSOSIM_API const char *vdsosim_cpu_vendor_name(enum vdsosim_cpu_vendor v); /* "GenuineIntel", ... */
/* Adds flags from a list separated by spaces or commas ("rdtscp rdpid"); "-name" removes one. */
VDSOSIM_API int vdsosim_cpu_add_flags(struct vdsosim_cpu *cpu, const char *list);
/* A named profile (README: "CPU profiles", each with its source); NULL-terminated names. */
VDSOSIM_API int vdsosim_cpu_profile(struct vdsosim_cpu *cpu, const char *name);
VDSOSIM_API const char *const *vdsosim_cpu_profile_names(void);
/* Does the CPU have the feature (a cpuinfo flag name, or one the kernel derives: lfence_rdtsc,
 * sysenter32, syscall32)? */
VDSOSIM_API int vdsosim_cpu_has(const struct vdsosim_cpu *cpu, const char *feature);

struct vdsosim_alt {
	uint64_t site, repl;       /* image offsets of the patched bytes and of the replacement */
	uint32_t site_len, repl_len;
	uint32_t feature;          /* the kernel's number (word * 32 + bit) in the image's era */
	uint32_t flags;            /* 1: patch when the feature is absent (ALT_FLAG_NOT) */
	char feature_name[24];     /* lfence_rdtsc, rdtscp, rdpid, sep, sysenter32, syscall32 */
};
/* The alternative sites of an image, in section order (0 of them when it has none). *alts is
 * the caller's to free(). A malformed section is VDSOSIM_EFORMAT with what is wrong. */
VDSOSIM_API int vdsosim_image_alternatives(const vdsosim_image *img, struct vdsosim_alt **alts, size_t *n);
/* The image's bytes as the kernel's apply_alternatives() leaves them for this CPU: replacements
 * copied in, padding NOPs of the era's kind, relative branches fixed. Same length as the image;
 * *out is the caller's to free(). applied (optional) gets which sites took their replacement. */
VDSOSIM_API int vdsosim_image_patch(const vdsosim_image *img, const struct vdsosim_cpu *cpu, uint8_t **out, size_t *len,
				    int *applied);

/* ---- clocks and functions -------------------------------------------------------------- */
enum { VDSOSIM_NCLOCKS = 12 };
enum vdsosim_func {
	VDSOSIM_CLOCK_GETTIME,
	VDSOSIM_GETTIMEOFDAY,
	VDSOSIM_TIME,
	VDSOSIM_CLOCK_GETRES,
	VDSOSIM_GETCPU,
	VDSOSIM_CLOCK_GETTIME64,     /* 32-bit ABIs: struct __kernel_timespec (64-bit time) */
	VDSOSIM_CLOCK_GETRES_TIME64,
	VDSOSIM_FLUSH_ICACHE,        /* riscv: a syscall wrapper (start, end, flags) */
	VDSOSIM_GETRANDOM,           /* 6.11+: vgetrandom (buffer, len, flags, opaque state, state size) */
	VDSOSIM_NFUNCS
};
VDSOSIM_API const char *vdsosim_func_name(enum vdsosim_func f);
VDSOSIM_API int vdsosim_func_takes_clock(enum vdsosim_func f);
/* clock_gettime64 -> clock_gettime, clock_getres_time64 -> clock_getres: same semantics */
VDSOSIM_API enum vdsosim_func vdsosim_func_base(enum vdsosim_func f);
VDSOSIM_API int vdsosim_func_parse(const char *s, enum vdsosim_func *out);
/* "CLOCK_MONOTONIC", "MONOTONIC", "monotonic" or a number. */
VDSOSIM_API int vdsosim_clock_parse(const char *s, int32_t *out);
/* "CLOCK_MONOTONIC" or the number as text (buf holds >= 24 bytes). */
VDSOSIM_API const char *vdsosim_clock_name(int32_t clk, char *buf);

/* ---- the kernel model ------------------------------------------------------------------ */
enum vdsosim_clock_mode {
	VDSOSIM_MODE_NONE,     /* hpet, xen, acpi_pm: not readable from user space */
	VDSOSIM_MODE_TSC,      /* the CPU's own counter: x86 TSC, arm/arm64 arch timer, riscv time */
	VDSOSIM_MODE_PVCLOCK,  /* kvm-clock through the pvclock page */
	VDSOSIM_MODE_HVCLOCK,  /* Hyper-V reference TSC page */
	VDSOSIM_MODE_NOCOMPAT, /* arm64 ARCHTIMER_NOCOMPAT: the counter, but not for compat vdso32 */
	VDSOSIM_MODE_GIC,      /* MIPS GIC: a 64-bit counter read from the GIC user page */
	VDSOSIM_NMODES
};
VDSOSIM_API const char *vdsosim_mode_name(enum vdsosim_clock_mode m);
VDSOSIM_API int vdsosim_mode_parse(const char *s, enum vdsosim_clock_mode *out);

/* Initial state of the simulated kernel.  vdsosim_state_default() gives a sane machine. */
struct vdsosim_state {
	enum vdsosim_clock_mode mode;
	uint64_t freq_hz;           /* TSC frequency */
	uint64_t counter;           /* TSC value at which the state was taken. The TSC is the one
				     * timeline: hpet, kvm-clock and Hyper-V counts derive from it. */
	int64_t realtime_sec;       /* CLOCK_REALTIME at that instant */
	uint32_t realtime_nsec;
	int64_t monotonic_sec;      /* CLOCK_MONOTONIC at that instant */
	uint32_t monotonic_nsec;
	int64_t boot_offset_ns;     /* BOOTTIME - MONOTONIC (time spent suspended) */
	int64_t raw_offset_ns;      /* MONOTONIC_RAW - MONOTONIC */
	int32_t tai_offset;         /* TAI - REALTIME, seconds */
	uint32_t hz;                /* CONFIG_HZ: tick length and coarse resolution */
	int highres;                /* hrtimer resolution 1 ns (else one tick) */
	int32_t tz_minuteswest, tz_dsttime;
	uint32_t cpu, node;         /* what getcpu answers */
	uint64_t process_cputime_ns, thread_cputime_ns;
};
VDSOSIM_API void vdsosim_state_default(struct vdsosim_state *st);
/* Parse "2026-01-01T00:00:00[.nnnnnnnnn]Z" or "@SECONDS[.nnnnnnnnn]". */
VDSOSIM_API int vdsosim_parse_date(const char *s, int64_t *sec, uint32_t *nsec);
/* "2600000000", "2.6G", "14.31818M", "100k" (Hz) */
VDSOSIM_API int vdsosim_parse_freq(const char *s, uint64_t *hz);

typedef struct vdsosim_model vdsosim_model;
typedef struct vdsosim_profile vdsosim_profile;
struct vdsosim_timespec { int64_t sec; int64_t nsec; };

/* The kernel that built an image, as its profile describes it (math era, data-page layout,
 * clock ids served, what the build left out): the model to hand to an engine of that profile.
 * The profile must outlive the model. */
VDSOSIM_API int vdsosim_model_new(vdsosim_model **out, const vdsosim_profile *p, const struct vdsosim_state *st);
/* A model with no image: arch and kernel_version select the semantics (arch NULL: the newest
 * generic ones). For the kernel's math alone; an engine needs a model of its own profile. */
VDSOSIM_API int vdsosim_model_new_generic(vdsosim_model **out, const char *arch, uint32_t kernel_version,
			      const struct vdsosim_state *st);
/* Start over from another state, keeping what the model knows of its kernel. */
VDSOSIM_API int vdsosim_model_reset(vdsosim_model *m, const struct vdsosim_state *st);
VDSOSIM_API void vdsosim_model_free(vdsosim_model *m);
VDSOSIM_API int vdsosim_model_dup(vdsosim_model **out, const vdsosim_model *src);
VDSOSIM_API void vdsosim_model_assign(vdsosim_model *dst, const vdsosim_model *src);
VDSOSIM_API int vdsosim_model_tick(vdsosim_model *m, uint64_t counter);
VDSOSIM_API int vdsosim_model_ntp_adjust(vdsosim_model *m, uint64_t counter, int32_t mult_adj);
VDSOSIM_API int vdsosim_model_settimeofday(vdsosim_model *m, uint64_t counter, int64_t sec, uint32_t nsec);
/* The syscall's answer at a counter value: 0 or -errno (as the kernel returns it). */
VDSOSIM_API int vdsosim_model_clock_gettime(const vdsosim_model *m, uint64_t counter, int32_t clk,
				struct vdsosim_timespec *ts);
VDSOSIM_API int vdsosim_model_clock_getres(const vdsosim_model *m, int32_t clk, struct vdsosim_timespec *ts);
/* time(2): the seconds of the last timekeeper update (it never reads the counter). */
VDSOSIM_API int64_t vdsosim_model_time(const vdsosim_model *m);
/* Does this kernel's vDSO answer the call itself (1), or make exactly one syscall (0)? */
VDSOSIM_API int vdsosim_model_serves(const vdsosim_model *m, enum vdsosim_func f, int32_t clk, uint64_t counter);
/* The model's entropy, for the getrandom syscall: n bytes of a fixed SplitMix64 stream, one
 * stream per draw (the k-th getrandom syscall since the opaque state was fresh). */
VDSOSIM_API void vdsosim_model_random(uint64_t draw, void *out, size_t n);
VDSOSIM_API const struct vdsosim_state *vdsosim_model_state(const vdsosim_model *m);
/* Timekeeper internals, for reports and tests. */
struct vdsosim_tk_view {
	uint64_t cycle_last, mask, max_cycles, raw_max_cycles;
	uint32_t mult, shift, raw_mult, raw_shift;
	uint64_t xtime_sec, xtime_nsec, raw_sec, raw_nsec; /* nsec fields are << shift */
	int64_t wtm_sec, wtm_nsec, boot_offset_ns;
	int32_t tai_offset;
	uint32_t maxadj;            /* the clocksource's largest NTP mult adjustment */
	enum vdsosim_clock_mode mode;
	uint64_t freq_hz;           /* of the current clocksource */
	int in_timens;              /* the task is in a time namespace */
	int counter_lags;           /* the era clamps a counter behind cycle_last (x86) */
	int max_cycles_checked;     /* the era's math has the max_cycles overflow path (x86 6.10+) */
};
VDSOSIM_API void vdsosim_model_view(const vdsosim_model *m, struct vdsosim_tk_view *v);

/* Events the timekeeper (or the hypervisor) can go through, each written to the data pages with
 * its seqcount (or pvclock version) protocol. */
enum vdsosim_event {
	VDSOSIM_EV_TICK,        /* update_wall_time(): accumulate whole ticks */
	VDSOSIM_EV_NTP,         /* NTP frequency change: mult up */
	VDSOSIM_EV_SETTIME,     /* settimeofday(): REALTIME steps +1.5 s */
	VDSOSIM_EV_SLEW,        /* adjtime slew: mult down 500 ppm */
	VDSOSIM_EV_SUSPEND,     /* resume after 1 h asleep: REALTIME and BOOTTIME jump, MONOTONIC not */
	VDSOSIM_EV_LEAP,        /* leap second inserted: REALTIME -1 s, TAI offset +1 */
	VDSOSIM_EV_TO_HPET,     /* clocksource switch tsc -> hpet (mode NONE) */
	VDSOSIM_EV_TO_TSC,      /* clocksource switch hpet -> tsc */
	VDSOSIM_EV_TO_PVCLOCK,  /* clocksource switch tsc -> kvm-clock */
	VDSOSIM_EV_PV_UPDATE,   /* hypervisor republishes the pvclock page (version odd, then even) */
	VDSOSIM_EV_PV_UNSTABLE, /* PVCLOCK_TSC_STABLE_BIT cleared */
	VDSOSIM_EV_PV_STABLE,   /* PVCLOCK_TSC_STABLE_BIT set again */
	VDSOSIM_EV_HV_INVALID,  /* Hyper-V TSC page sequence set to 0 */
	VDSOSIM_EV_TIMENS,      /* the task enters a time namespace (+100000 s monotonic, +200000 s boot) */
	VDSOSIM_EV_STALL,       /* a tick whose writer stalls with seq odd, half written, then completes */
	VDSOSIM_EV_RESEED,      /* the CRNG reseeds: rng generation + 1 (only getrandom reads it) */
	VDSOSIM_NEVENTS
};
VDSOSIM_API const char *vdsosim_event_name(enum vdsosim_event ev);
VDSOSIM_API int vdsosim_event_parse(const char *s, enum vdsosim_event *out);
/* The clock mode an event starts from (a switch to the TSC starts on the hpet, ...). */
VDSOSIM_API enum vdsosim_clock_mode vdsosim_event_base_mode(enum vdsosim_event ev);
/* Does the event change anything a time function reads? (explore covers only those) */
VDSOSIM_API int vdsosim_event_touches_time(enum vdsosim_event ev);
/* Apply the event to the model as of the counter value (the TSC). */
VDSOSIM_API int vdsosim_model_apply(vdsosim_model *m, enum vdsosim_event ev, uint64_t counter);
/* Put a fresh model in the state the event starts from, beyond its clock mode (pvclock-stable
 * starts unstable; timens enters the namespace). */
VDSOSIM_API int vdsosim_event_prepare(vdsosim_model *m, enum vdsosim_event ev, uint64_t counter);
/* The update that lands inside a read for this event: the event itself, but a tick for timens
 * (a task's vvar mapping never changes under it: the namespace is a state the whole call runs in). */
VDSOSIM_API enum vdsosim_event vdsosim_event_landing(enum vdsosim_event ev);

/* ---- image profiles --------------------------------------------------------------------- */
/* What is learnt about an image once, by decoding and asking its own code: the data-page layout
 * and page size, the counter/cpu/syscall/spin sites, which paravirt clock modes the build has,
 * which functions only wrap a syscall. Read-only once made: one profile serves any number of
 * models and engines, on any thread. The image must outlive it. */
VDSOSIM_API int vdsosim_profile_new(vdsosim_profile **out, const vdsosim_image *img);
VDSOSIM_API void vdsosim_profile_free(vdsosim_profile *p);
VDSOSIM_API const vdsosim_image *vdsosim_profile_image(const vdsosim_profile *p);
VDSOSIM_API const char *vdsosim_profile_layout_name(const vdsosim_profile *p);
/* Layouts from debug info: an image that carries DWARF (a .dbg build), or PATH.dbg beside it with
 * the same build-id and code, gives its own layout; the table row then only checks it.
 * debug_info: the file it came from, NULL when the layout is the table row's. table_row: the row
 * for the image's version, NULL beyond the table. semantics_row: the row whose clock modes and
 * delta math a debug-info layout keeps. debug_refused: why the image's debug info was not used
 * ("" if it was or there is none). layout_diff(i): the i-th field where debug info and table
 * row disagree, NULL past the last. */
VDSOSIM_API const char *vdsosim_profile_debug_info(const vdsosim_profile *p);
VDSOSIM_API const char *vdsosim_profile_table_row(const vdsosim_profile *p);
VDSOSIM_API const char *vdsosim_profile_semantics_row(const vdsosim_profile *p);
VDSOSIM_API const char *vdsosim_profile_debug_refused(const vdsosim_profile *p);
VDSOSIM_API const char *vdsosim_profile_layout_diff(const vdsosim_profile *p, size_t i);
/* The kernel's name for a clock mode in this image's family ("tsc", "archtimer", ...), or NULL
 * if the family has no such mode. */
VDSOSIM_API const char *vdsosim_profile_mode_name(const vdsosim_profile *p, enum vdsosim_clock_mode m);
/* Does the image export the function (under any naming scheme)? */
VDSOSIM_API int vdsosim_profile_exports(const vdsosim_profile *p, enum vdsosim_func f);
/* Does the layout have a time-namespace page? */
VDSOSIM_API int vdsosim_profile_has_timens(const vdsosim_profile *p);
VDSOSIM_API uint32_t vdsosim_profile_page_size(const vdsosim_profile *p);
/* Name of the data-page field at (page, offset) by the page's content, e.g. "clock[0].seq";
 * in_ns: the task is in a time namespace (the time and timens pages trade places). "" if unknown. */
VDSOSIM_API const char *vdsosim_profile_field_name(const vdsosim_profile *p, uint32_t page, uint32_t offset, int in_ns,
				       char *buf, size_t len);
/* The instruction at an image offset, as text ("rdtscp", "mov qword ptr [rsi], rdx"). */
VDSOSIM_API const char *vdsosim_profile_disasm(const vdsosim_profile *p, uint64_t offset, char *buf, size_t len);

/* The calling convention of the image's ABI (vdsosim audit): its name, and its registers in the
 * order of vdsosim_audit.regs_changed's bits. Returns how many (at most max are written). */
enum vdsosim_reg_role { VDSOSIM_REG_CALLEE_SAVED, VDSOSIM_REG_CALLER_SAVED, VDSOSIM_REG_PLATFORM };
struct vdsosim_abi_reg { const char *name; enum vdsosim_reg_role role; };
VDSOSIM_API size_t vdsosim_profile_abi(const vdsosim_profile *p, const char **abi, struct vdsosim_abi_reg *regs, size_t max);
VDSOSIM_API unsigned vdsosim_profile_red_zone(const vdsosim_profile *p); /* bytes (x86-64: 128) */
VDSOSIM_API const char *vdsosim_profile_fp_name(const vdsosim_profile *p, unsigned n, char *buf, size_t len);

/* Sites found by decoding the image's code. */
enum vdsosim_site_kind { VDSOSIM_SITE_COUNTER, VDSOSIM_SITE_CPU, VDSOSIM_SITE_SYSCALL, VDSOSIM_SITE_SPIN,
			 VDSOSIM_SITE_SHADOW /* shadow-stack push or pop-and-check (riscv Zicfiss) */,
			 VDSOSIM_SITE_INSN /* an instruction the linked Unicorn cannot run, computed by the backend
					      (MIPS R6 lapc: Unicorn raises reserved-instruction for every PC-relative one) */ };
struct vdsosim_site {
	enum vdsosim_site_kind kind;
	uint64_t addr;
	uint32_t size;
	char text[48];       /* "rdtscp", "lsl eax, eax", ... */
	const char *section; /* ".text", ".altinstr_replacement", ... */
};
VDSOSIM_API size_t vdsosim_profile_sites(const vdsosim_profile *p, const struct vdsosim_site **sites);
/* The sites of any image whose code vdsosim can decode, emulated or not (ppc64le, loongarch64):
 * a static survey. *sites is the caller's to free(). */
VDSOSIM_API int vdsosim_image_sites(const vdsosim_image *img, struct vdsosim_site **sites, size_t *n);
/* Where the data pages sit relative to the image start. */
struct vdsosim_page_desc { const char *mapping; const char *role; int64_t rel; };
VDSOSIM_API size_t vdsosim_profile_pages(const vdsosim_profile *p, const struct vdsosim_page_desc **pages);

/* ---- the simulator --------------------------------------------------------------------- */
typedef struct vdsosim_engine vdsosim_engine;

enum {
	VDSOSIM_TRACE_VVAR = 1 << 0,  /* record every load from the data pages */
	VDSOSIM_TRACE_INSNS = 1 << 1, /* record the pc of every instruction */
	VDSOSIM_TRACE_STACK = 1 << 2, /* measure the deepest stack byte touched */
	VDSOSIM_TRACE_INJECT = 1 << 3, /* allow injection points of every kind (count insns and loads) */
	VDSOSIM_TRACE_AUDIT = 1 << 4,  /* what the call asks of its caller (result.audit; slower) */
};

/* Hard limits: no call may run long enough to look like a hang. */
enum { VDSOSIM_MAX_BUDGET = 100000000, VDSOSIM_MAX_SPINS = 1000000 };

/* The legacy vsyscall page, as the kernel's vsyscall= modes (x86-64 only): emulate maps it
 * readable, xonly execute-only (the upstream default), none not at all (Debian's kernels). A
 * call at an entry is served as emulate_vsyscall() does; a call elsewhere in the page, a bad
 * pointer argument, or any access under none is a SIGSEGV: status VDSOSIM_EFAULT. */
enum vdsosim_vsyscall_mode { VDSOSIM_VSYSCALL_XONLY, VDSOSIM_VSYSCALL_EMULATE, VDSOSIM_VSYSCALL_NONE };
VDSOSIM_API int vdsosim_vsyscall_parse(const char *s, enum vdsosim_vsyscall_mode *m);

struct vdsosim_engine_opts {
	unsigned trace;         /* VDSOSIM_TRACE_* (fixed at creation: hooks go in before code runs) */
	uint64_t insn_budget;   /* per call; 0 = default (100000), at most VDSOSIM_MAX_BUDGET */
	uint32_t spin_limit;    /* reader spins/retries on an odd seq per call; 0 = default (1000),
				 * at most VDSOSIM_MAX_SPINS */
	uint64_t stack_limit;   /* bytes of stack below the entry stack pointer the call may touch;
				 * beyond: a fault naming the access (0: the engine's whole stack) */
	enum vdsosim_vsyscall_mode vsyscall; /* x86-64: the legacy page's mode (default xonly) */
};

/* An engine runs the profile's image in a Unicorn instance of its own, against the model's data
 * pages. The model must be one made for the same profile; the engine borrows it (and applies a
 * call's updates to it). */
VDSOSIM_API int vdsosim_engine_new(vdsosim_engine **out, const vdsosim_profile *p, vdsosim_model *model,
		       const struct vdsosim_engine_opts *opts);
VDSOSIM_API void vdsosim_engine_free(vdsosim_engine *e);
/* Replace the model's data pages with raw pages as dumped from [vvar] / [vvar_vclock].
 * len must be a whole number of pages, at most the mapping's size; missing pages read as 0.
 * The model is re-derived from the snapshot so that fallbacks answer consistently. */
VDSOSIM_API int vdsosim_engine_load_vvar(vdsosim_engine *e, const void *pages, size_t len);
VDSOSIM_API int vdsosim_engine_load_vclock(vdsosim_engine *e, const void *pages, size_t len);
/* Re-serialise the model into the data pages (after changing the model). */
VDSOSIM_API void vdsosim_engine_sync(vdsosim_engine *e);
/* The data pages as the guest sees them, lowest first, in the image's byte order. Writable, for
 * tests that hand-craft or corrupt them; the next sync or snapshot load rewrites them. */
VDSOSIM_API uint8_t *vdsosim_engine_data_pages(vdsosim_engine *e, size_t *len);
VDSOSIM_API vdsosim_model *vdsosim_engine_model(vdsosim_engine *e);
VDSOSIM_API const vdsosim_profile *vdsosim_engine_profile(const vdsosim_engine *e);

enum {
	VDSOSIM_CALL_NULL_ARG1 = 1 << 0, /* pass NULL as the first pointer argument */
	VDSOSIM_CALL_NULL_ARG2 = 1 << 1, /* pass NULL as the second pointer argument */
	VDSOSIM_CALL_BAD_PTR = 1 << 2,   /* pass an unmapped address as the first pointer */
	VDSOSIM_CALL_FRESH_STATE = 1 << 3, /* getrandom: zero the engine's opaque state first */
	VDSOSIM_CALL_RANDOM_PARAMS = 1 << 4, /* getrandom: the (NULL, 0, 0, state, ~0UL) params query */
	VDSOSIM_CALL_VSYSCALL = 1 << 5,  /* x86-64: gettimeofday, time or getcpu through the legacy
					  * vsyscall page (0xffffffffff600000, +0x400, +0x800) */
};
/* getrandom fills at most this many bytes per call. The opaque state lives in the engine and
 * persists across calls (as a thread's would) until a call asks for a fresh one. */
enum { VDSOSIM_RANDOM_MAX = 1024 };

/* Where an update lands: before the n-th instruction of the call, before the n-th load from the
 * data pages, before the instruction at image offset n, before the n-th counter read, or at the
 * n-th spin (pause). n counts from 0. */
enum vdsosim_point_kind { VDSOSIM_AT_NONE, VDSOSIM_AT_INSN, VDSOSIM_AT_LOAD, VDSOSIM_AT_PC, VDSOSIM_AT_READ,
			  VDSOSIM_AT_SPIN };
struct vdsosim_point { enum vdsosim_point_kind kind; uint64_t n; };
VDSOSIM_API const char *vdsosim_point_kind_name(enum vdsosim_point_kind k); /* "insn", "load", ... */
/* "insn:K", "load:N", "pc:0xOFF", "read:K" or "spin:K" */
VDSOSIM_API int vdsosim_point_parse(const char *s, struct vdsosim_point *out);

/* A timekeeper or hypervisor update landing inside a call. The engine computes the state after
 * it (vdsosim_model_apply at `counter`, or at the call's counter when 0) before the call runs,
 * and writes it into the pages, with the writer's seqcount protocol, where the point is reached.
 * A stalled-writer update leaves seq odd with half the stores done and completes after the
 * call's stall_spins reader spins. */
struct vdsosim_update {
	enum vdsosim_event event;
	struct vdsosim_point at;
	uint64_t counter;
};
enum { VDSOSIM_MAX_UPDATES = 2 };

struct vdsosim_call {
	enum vdsosim_func func;
	int32_t clock;
	uint64_t counter;       /* value of the first counter read */
	int64_t counter_step;   /* added for every further read */
	unsigned flags;
	int64_t counter_per_insn; /* added per instruction executed before the read */
	struct vdsosim_update updates[VDSOSIM_MAX_UPDATES];
	unsigned n_updates;
	uint32_t stall_spins;   /* a stalled writer completes after this many spins (0: 3) */
	uint32_t random_len;    /* getrandom: bytes asked for */
	uint32_t random_flags;  /* getrandom: GRND_* */
};

enum vdsosim_path { VDSOSIM_PATH_VDSO, VDSOSIM_PATH_SYSCALL };

struct vdsosim_syscall_rec {
	uint64_t nr;
	uint64_t counter;    /* the counter value the model answered at */
	const char *name;
	uint64_t args[6];
	int64_t ret;
};
struct vdsosim_counter_rec { uint64_t pc, value; };
struct vdsosim_vvar_rec {
	uint64_t pc;
	uint64_t insn;         /* instructions executed before it (with VDSOSIM_TRACE_INJECT) */
	uint32_t page;         /* index among the image's data pages (lowest address = 0) */
	uint32_t offset;       /* offset within that page */
	uint32_t size;
	uint32_t is_seq;       /* a load of a seqcount (reader begin, retry check or spin) */
	uint64_t value;
};

/* With VDSOSIM_TRACE_AUDIT: what a call asked of its caller. Register bits index the profile's
 * ABI table (vdsosim_profile_abi); FP/SIMD bits are register numbers (vdsosim_profile_fp_name). */
struct vdsosim_audit {
	uint64_t stack_bytes;    /* deepest stack byte used below the entry stack pointer, red zone included */
	uint64_t red_zone_bytes; /* the deepest store below the stack pointer of its moment */
	uint64_t regs_changed;   /* ABI registers whose value differs at the return */
	uint64_t fp_simd;        /* FP/SIMD registers named by an instruction that ran */
	uint64_t writes_outside; /* stores outside the stack and the call's output buffers */
	uint64_t first_outside;  /* the address of the first of them */
};

struct vdsosim_result {
	int status;            /* VDSOSIM_OK or a VDSOSIM_E* code; message below */
	char message[256];
	int64_t ret;
	/* outputs, as the function wrote them */
	int has_ts, has_tv, has_tz, has_cpu, has_node;
	int64_t tv_sec, tv_nsec, tv_usec;
	int32_t tz_minuteswest, tz_dsttime;
	uint32_t cpu, node;
	enum vdsosim_path path;
	int time_bytes;         /* width of time_t in the outputs (4 for the legacy 32-bit entry points) */
	uint64_t insns;
	uint64_t stack_bytes;  /* deepest byte touched below the caller's stack pointer */
	uint32_t spins;
	uint64_t retries;      /* seqcount read-section restarts (with VDSOSIM_TRACE_VVAR) */
	uint64_t fault_pc, fault_addr;
	char fault_insn[64];
	int fired[VDSOSIM_MAX_UPDATES];         /* updates that landed */
	uint64_t fired_pc[VDSOSIM_MAX_UPDATES]; /* image offset of the instruction they landed before */
	int stall_completed;    /* a stalled writer finished its update during the call */
	/* the model before the call and after each update (owned by the engine, valid until its
	 * next call): states[0] before, states[n_states - 1] after the last update */
	const vdsosim_model *states[1 + VDSOSIM_MAX_UPDATES];
	unsigned n_states;
	uint64_t now;           /* counter value of the last read (or what a syscall saw) */
	/* getrandom: with VDSOSIM_CALL_RANDOM_PARAMS the params struct's fields; n_random bytes
	 * of `random` (last in the struct: a call clears only what comes before it) */
	uint32_t opaque_size, mmap_prot, mmap_flags;
	size_t n_random;
	/* records (arrays grow as needed; reuse one result across calls) */
	size_t n_syscalls, n_counter, n_vvar, n_trace;
	struct vdsosim_syscall_rec *syscalls;
	struct vdsosim_counter_rec *counter_reads;
	struct vdsosim_vvar_rec *vvar_reads;
	uint64_t *trace;
	size_t cap_syscalls, cap_counter, cap_vvar, cap_trace;
	uint8_t random[VDSOSIM_RANDOM_MAX];
	struct vdsosim_audit audit;
};
VDSOSIM_API void vdsosim_result_init(struct vdsosim_result *r);
VDSOSIM_API void vdsosim_result_clear(struct vdsosim_result *r);

VDSOSIM_API int vdsosim_engine_call(vdsosim_engine *e, const struct vdsosim_call *call, struct vdsosim_result *res);
/* clock_gettime(call->clock) n times inside one emulation (x86_64 runs a guest loop; other
 * architectures one call at a time). The counter advances by counter_step per read across the
 * batch. out[i] gets each result; res accumulates the records. */
VDSOSIM_API int vdsosim_engine_batch(vdsosim_engine *e, const struct vdsosim_call *call, size_t n, struct vdsosim_timespec *out,
			 struct vdsosim_result *res);

/* ---- attaching to a Unicorn instance of your own ----------------------------------------- */
/* Unicorn's uc_engine (declared here so that this header needs no Unicorn headers). */
struct uc_struct;
typedef struct vdsosim_attachment vdsosim_attachment;

struct vdsosim_attach_opts {
	/* The value of each counter read; NULL: the attachment's running counter (starting at the
	 * model's state counter, advanced by vdsosim_attachment_set_counter or counter_step). */
	uint64_t (*counter)(void *ud, uint64_t image_offset);
	int64_t counter_step;
	/* A syscall made by the vDSO: return 1 and set *ret to answer it yourself, 0 to let the
	 * model answer it. NULL: the model answers every one. */
	int (*syscall)(void *ud, uint64_t nr, const uint64_t args[6], int64_t *ret);
	void *ud;
	unsigned trace;          /* VDSOSIM_TRACE_VVAR: record data-page loads of the last call */
};

/* Map the profile's image at `base` (page aligned, with room for the data pages below it) in a
 * uc_engine the caller owns and runs, write the model's data pages there, and hook every counter
 * read and syscall of the image's code. The caller's guest code finds and calls the vDSO itself.
 * The caller keeps the uc_engine, the profile and the model alive until vdsosim_detach. */
VDSOSIM_API int vdsosim_attach(vdsosim_attachment **out, struct uc_struct *uc, const vdsosim_profile *p, vdsosim_model *model,
		   uint64_t base, const struct vdsosim_attach_opts *opts);
/* Remove the hooks and unmap the image and its data pages. */
VDSOSIM_API int vdsosim_detach(vdsosim_attachment *a);
VDSOSIM_API void vdsosim_attachment_set_counter(vdsosim_attachment *a, uint64_t counter);
VDSOSIM_API uint64_t vdsosim_attachment_counter(const vdsosim_attachment *a);
/* Re-serialise the model into the data pages (after changing the model). */
VDSOSIM_API void vdsosim_attachment_sync(vdsosim_attachment *a);
/* Counter reads and syscalls the image made since attach or the last reset; 0 or the first
 * error the vDSO code met (a counter read that could not be intercepted, an unknown syscall),
 * whose message vdsosim_last_error() also gives. */
struct vdsosim_attach_stats { uint64_t counter_reads, syscalls; int status; char message[256]; };
VDSOSIM_API void vdsosim_attachment_stats(const vdsosim_attachment *a, struct vdsosim_attach_stats *st);
VDSOSIM_API void vdsosim_attachment_reset_stats(vdsosim_attachment *a);

/* ---- running a program beside the vDSO (vdsosim exec) -------------------------------- */
/* A program (ET_EXEC or ET_DYN; static, or with an interpreter that exec loads from its sysroot),
 * validated. */
typedef struct vdsosim_program vdsosim_program;
struct vdsosim_program_info {
	const char *path;
	const char *arch;         /* as for images: "x86_64", "i386", "x32", "arm64", "arm", "riscv64", ... */
	uint16_t machine;
	int elf_class, big_endian;
	int pie;                  /* ET_DYN: loaded at a base of the loader's choice */
	uint32_t e_flags;
	uint64_t entry, phdr_vaddr;
	uint16_t phnum, phent;
	uint64_t lo, hi;          /* the span of its PT_LOAD segments */
	size_t n_segments;        /* PT_LOAD */
	const struct vdsosim_segment *segments;
	int has_tls;
	uint64_t tls_vaddr, tls_filesz, tls_memsz, tls_align;
	const char *interp;       /* PT_INTERP's path (NULL: a static program) */
};
/* VDSOSIM_ENOTFOUND: no such file; VDSOSIM_EUNSUPPORTED: another kind; VDSOSIM_EFORMAT: corrupt. */
VDSOSIM_API int vdsosim_program_open(vdsosim_program **out, const char *path);
VDSOSIM_API int vdsosim_program_open_memory(vdsosim_program **out, const void *data, size_t len, const char *name);
VDSOSIM_API void vdsosim_program_free(vdsosim_program *p);
VDSOSIM_API const struct vdsosim_program_info *vdsosim_program_info(const vdsosim_program *p);

/* An update landed inside the program's k-th vDSO call (0-based). */
struct vdsosim_exec_inject { uint64_t call; struct vdsosim_update update; };

struct vdsosim_exec_opts {
	const char *const *argv;   /* argv[0] first (NULL: the program's path alone) */
	size_t argc;
	const char *const *envp;   /* "K=V" (none by default) */
	size_t envc;
	uint64_t counter_per_insn; /* counter advance per instruction (default 1: a 1-IPC CPU) */
	uint64_t counter_step;     /* with counter_per_insn 0: advance per counter read */
	uint64_t budget;           /* instructions for the whole program (default 10^9) */
	uint64_t mem_cap;          /* bytes of brk and anonymous mappings (default 256 MiB) */
	int strict;                /* stop at the first syscall outside the process surface */
	struct vdsosim_exec_inject inject[VDSOSIM_MAX_UPDATES];
	unsigned n_inject;
	uint32_t stall_spins;
	/* the program's writes to fds 1 and 2 (NULL: the host's stdout and stderr) */
	void (*output)(void *ud, int fd, const void *buf, size_t len);
	void *ud;
	enum vdsosim_vsyscall_mode vsyscall; /* x86_64: the legacy vsyscall page (default xonly) */
	/* A trace as `strace -f` prints it, one line per syscall as it returns (VDSOSIM_STRACE_SYSCALLS),
	 * the vDSO's calls too (VDSOSIM_STRACE_VDSO), the signals and the end; each line without its
	 * newline. Read from the same records as the result; off (0), it costs nothing. */
	unsigned strace;
	void (*strace_line)(void *ud, const char *line);
	void *strace_ud;
	/* Threads: the CPUs the process may run on (getcpu and sched_getaffinity; default 1), the
	 * most threads alive at once (default 256: clone answers EAGAIN past it), and the schedule:
	 * round robin with a slice of `slice` instructions (default 100000), or, with sched_seeded,
	 * another interleaving drawn from sched_seed. */
	uint32_t cpus;
	size_t max_threads;
	uint64_t slice;
	int sched_seeded;
	uint64_t sched_seed;
	/* x86: the CPU CPUID and AT_HWCAP describe (NULL: a plain x86-64; README "The CPU a program
	 * sees"), the same one that patched the image's alternatives */
	const struct vdsosim_cpu *cpu;
	/* Files (README "The sysroot"): the guest's / is this directory, read-only: paths resolve
	 * inside it and never outside; a program with an interpreter loads it from there. NULL: no
	 * file exists. */
	const char *sysroot;
};
enum { VDSOSIM_STRACE_SYSCALLS = 1, VDSOSIM_STRACE_VDSO = 2 };

struct vdsosim_exec_vdso_call {
	enum vdsosim_func func;
	int32_t clock;            /* for functions that take one */
	enum vdsosim_path path;
	uint32_t syscalls;        /* the vDSO's own fallbacks */
	uint64_t retries;
	int64_t ret;
	uint64_t counter;         /* the counter at its entry */
	uint64_t counter_read;    /* what its first counter read returned (0: none): `vdsosim call
				   * --counter` with it gives the same answer */
	uint32_t counter_reads;
	int updates_landed;
	uint32_t tid;             /* the thread that made it */
	uint64_t args[3];         /* its first three arguments, as passed */
	size_t first_syscall;     /* its fallbacks are syscalls[first_syscall .. first_syscall+syscalls) */
	uint64_t instructions;    /* the vDSO's own, for this call */
	int has_answer;           /* sec, sub hold what it wrote back (ret 0, a pointer given) */
	int64_t sec, sub;         /* tv_sec and tv_nsec (gettimeofday: tv_usec); getcpu: cpu and node */
};
struct vdsosim_exec_syscall {
	uint64_t nr;
	const char *name;         /* "unknown" outside the process surface */
	int from_vdso;
	int64_t ret;
	uint64_t args[6];         /* as the ABI passed them */
	uint32_t tid;
};
struct vdsosim_exec_result {
	int exit_status;          /* as a shell sees it: the status, 128+signal, 124 out of budget */
	int signal;               /* 0, or what killed it (SIGSEGV on a fault, SIGILL, SIGABRT ...) */
	char message[256];        /* why it died: pc, instruction and address on a fault */
	uint64_t instructions;
	uint64_t counter;         /* where the counter ended */
	size_t n_vdso_calls, n_syscalls, n_unsupported;
	struct vdsosim_exec_vdso_call *vdso_calls;
	struct vdsosim_exec_syscall *syscalls;
	struct vdsosim_exec_syscall *unsupported;
	int needs_threads;        /* it asked for fork (or a clone that is not a thread): not served here */
	uint64_t program_counter_reads; /* the program's own (rdtsc, mrs cntvct_el0, ...), served by the model */
	/* the threads, in creation order (the first is the process's own) */
	struct vdsosim_exec_thread { uint32_t tid; int exited, exit_code; uint64_t instructions, vdso_calls; } *threads;
	size_t n_threads;
	uint64_t switches;        /* context switches the scheduler made */
	/* signals delivered to handlers, in order (at most 100000 kept; n_signals counts them all) */
	struct vdsosim_exec_signal {
		int signo, code;          /* the siginfo's */
		const char *name;         /* "SIGALRM" (NULL: a real-time signal) */
		uint32_t tid;
		uint64_t counter, pc;     /* when, and where the thread was */
		int in_vdso;              /* inside a vDSO call: vdso_call is its record */
		size_t vdso_call;
	} *signals;
	size_t n_signals, n_signals_kept;
	uint64_t signals_pending; /* sent, never delivered: blocked to the end, or the run ended first */
	/* the paths it opened (open, openat; the first 10000), as it named them, with what the open
	 * returned (an fd or -errno); and the files mapped from their start (the program, its
	 * interpreter, each library the interpreter mapped), at their base: the link map's l_addr
	 * plus the first segment's vaddr */
	struct vdsosim_exec_file { char *path; int64_t ret; } *files;
	size_t n_files;
	struct vdsosim_exec_map { char *path; uint64_t base; } *maps;
	size_t n_maps;
};
/* Load the program beside the profile's image in one Unicorn machine (vdsosim_attach), build its
 * process start (argv, envp, auxv with AT_SYSINFO_EHDR), and run it to its exit, serving its
 * syscalls from the model: time runs per instruction and the model's ticks land as it runs.
 * Returns 0 when the program ran (whatever its exit status), or an error before it could. */
VDSOSIM_API int vdsosim_exec(const vdsosim_profile *p, vdsosim_model *model, const vdsosim_program *prog,
			     const struct vdsosim_exec_opts *o, struct vdsosim_exec_result *res);
VDSOSIM_API void vdsosim_exec_result_clear(struct vdsosim_exec_result *res);

/* ---- drivers ---------------------------------------------------------------------------- */
/* Answers as comparable values: ret, and seconds with nanoseconds (microseconds for
 * gettimeofday; cpu and node for getcpu); vdso: the vDSO answers it itself. */
struct vdsosim_answer { int64_t ret, sec, sub; int vdso; };

/* Why a result is wrong. */
enum vdsosim_reason {
	VDSOSIM_WHY_NONE,
	VDSOSIM_WHY_ERROR,          /* the emulation did not finish (status, message) */
	VDSOSIM_WHY_VALUE,          /* the value differs from the model's */
	VDSOSIM_WHY_SYSCALL_MADE,   /* made a syscall where the vDSO must answer */
	VDSOSIM_WHY_NO_SYSCALL,     /* answered in the vDSO where exactly one syscall is due */
	VDSOSIM_WHY_SYSCALL_COUNT,  /* not exactly one syscall of the function's kind */
	VDSOSIM_WHY_TORN,           /* the result matches no state: a torn read */
	VDSOSIM_WHY_NO_RETRY,       /* the seq changed inside the read section, no retry followed */
	VDSOSIM_WHY_MONOTONIC,      /* a monotonic clock read outside [before, after] */
	VDSOSIM_NREASONS
};
VDSOSIM_API const char *vdsosim_reason_name(enum vdsosim_reason r); /* "torn-read", ... (stable, for JSON) */
VDSOSIM_API const char *vdsosim_reason_text(enum vdsosim_reason r); /* a sentence, for people */

/* The model's answer to a call at a counter value, and what a result gave. */
VDSOSIM_API struct vdsosim_answer vdsosim_answer_model(const vdsosim_model *m, const struct vdsosim_call *c, uint64_t counter,
					   int time_bytes);
VDSOSIM_API struct vdsosim_answer vdsosim_answer_result(const struct vdsosim_call *c, const struct vdsosim_result *r);
/* Compare one result with the model's own answer (the syscall's) at the counter it read, and with
 * the path the era's vDSO must take: VDSOSIM_WHY_NONE when equal. want gets the model's answer. */
VDSOSIM_API enum vdsosim_reason vdsosim_result_verdict(const vdsosim_model *m, const struct vdsosim_call *c,
					   const struct vdsosim_result *r, struct vdsosim_answer *want);

/* A finding of check or explore, as values. */
struct vdsosim_finding {
	enum vdsosim_reason reason;
	uint64_t index;                  /* check: the case; explore: the run within its event */
	struct vdsosim_call call;        /* function, clock, counter and updates */
	int has_event;                   /* explore: the event that landed */
	enum vdsosim_event event;
	struct vdsosim_tk_view state;    /* the timekeeper before the call */
	uint32_t hz;
	uint64_t counter;                /* the counter the call read */
	struct vdsosim_answer got, want[1 + VDSOSIM_MAX_UPDATES]; /* want: before, (mid,) after */
	unsigned n_want;
	const struct vdsosim_result *result; /* status, path, syscalls, counter and vvar reads, trace */
};
typedef void (*vdsosim_finding_fn)(void *ud, const vdsosim_profile *p, const struct vdsosim_finding *f);

struct vdsosim_survey_row {
	enum vdsosim_func func;
	int has_clock;
	int32_t clock;
	enum vdsosim_clock_mode mode;
	char mode_name[24];  /* the kernel's name in this family: tsc, archtimer, ... */
	enum vdsosim_path path;
	int status;
	int match;          /* equals the model's answer and the expected path */
	enum vdsosim_reason reason;
	struct vdsosim_answer got, want;
	int64_t ret;
	uint64_t insns, stack_bytes;
	size_t n_syscalls, n_fields;
	char syscalls[4][24];
	char fields[40][48]; /* vvar fields read, first read first */
	char message[256];   /* the emulation's message when status != 0 */
};
/* Every exported time function x clock id (0..11 and -1) x clock mode. */
VDSOSIM_API int vdsosim_survey(const vdsosim_profile *p, const struct vdsosim_state *st, struct vdsosim_survey_row **rows,
		   size_t *n);

/* Work done so far of a long run (units of work: check's cases, explore's plans), for a progress
 * display. Called after each unit, one call at a time, from whichever worker thread finished it. */
typedef void (*vdsosim_progress_fn)(void *ud, uint64_t done, uint64_t total);

struct vdsosim_check_opts {
	uint64_t cases;
	uint64_t seed;
	vdsosim_finding_fn on_finding; /* each mismatch, in case order, from this thread */
	void *ud;
	int jobs;                 /* threads, one engine each (0 or 1: this thread) */
	uint32_t shard, shards;   /* run only cases i with i % shards == shard (shards 0: all) */
	vdsosim_progress_fn on_progress;
	void *progress_ud;
};
struct vdsosim_check_stats { uint64_t cases, mismatches, errors, calls; };
VDSOSIM_API int vdsosim_check(const vdsosim_profile *p, const struct vdsosim_check_opts *o, struct vdsosim_check_stats *st);

/* explore: every injection point x event x function x clock; a verdict for each run. */
enum vdsosim_verdict {
	VDSOSIM_V_LINEARIZABLE, /* served in the vDSO, equal to the state before or after the update */
	VDSOSIM_V_RETRY,        /* as above, after at least one read-section retry */
	VDSOSIM_V_FALLBACK,     /* answered by the syscall, as the state required */
	VDSOSIM_V_VIOLATION,    /* a finding (reason says which) */
	VDSOSIM_NVERDICTS
};
VDSOSIM_API const char *vdsosim_verdict_name(enum vdsosim_verdict v); /* "linearizable", ... */

/* One injected run, as values: what the heatmaps of `vdsosim report` are drawn from. */
struct vdsosim_explore_point {
	enum vdsosim_func func;
	int32_t clock;
	enum vdsosim_event event;
	int pair;                     /* 0: one update; 1: the event twice; 2: the event and back */
	struct vdsosim_point at;      /* the (first) update's point: instruction or load index */
	int fired;                    /* the update landed (a point past the end does not) */
	uint64_t pc;                  /* image offset of the instruction it landed before */
	int in_read_section;          /* between the seq begin load and its retry check (probe run) */
	enum vdsosim_verdict verdict;
	enum vdsosim_reason reason;   /* with VDSOSIM_V_VIOLATION */
	uint64_t insns;               /* instructions the injected run executed */
	struct vdsosim_audit audit;   /* with opts.audit */
};
typedef void (*vdsosim_point_fn)(void *ud, const vdsosim_profile *p, const struct vdsosim_explore_point *pt);

struct vdsosim_explore_opts {
	uint32_t events;          /* bit per enum vdsosim_event; 0 = every event */
	int func;                 /* enum vdsosim_func, or -1 for every function */
	int32_t clock;            /* with has_clock: only this clock id */
	int has_clock;
	int no_pairs;             /* skip the two-update runs over pairs of points */
	int64_t counter_step;     /* counter advance per read */
	int64_t counter_per_insn; /* counter advance per instruction */
	uint32_t stall_spins;     /* reader spins before a stalled writer completes (default 3) */
	size_t max_reports;       /* findings to pass on (default 20) */
	vdsosim_finding_fn on_finding; /* each violation, in plan order, from this thread */
	void *ud;
	int jobs;                 /* threads, one engine each */
	uint32_t shard, shards;   /* run only work units u with u % shards == shard */
	vdsosim_progress_fn on_progress;
	void *progress_ud;
	/* every run, in plan order, from this thread after the work is done (all runs are kept
	 * until then: about 60 bytes each) */
	vdsosim_point_fn on_point;
	void *point_ud;
	int audit;                /* measure every run (the points' audit, and slower) */
	uint64_t stack_limit;     /* with audit: only this many stack bytes (a run beyond faults) */
};
struct vdsosim_explore_stats {
	uint64_t points, retries, retry_runs, fallbacks, violations, errors, stalls_handled;
	uint64_t per_event_points[VDSOSIM_NEVENTS], per_event_violations[VDSOSIM_NEVENTS];
};
VDSOSIM_API int vdsosim_explore(const vdsosim_profile *p, const struct vdsosim_explore_opts *o, struct vdsosim_explore_stats *st);

#ifdef __cplusplus
}
#endif
#endif
