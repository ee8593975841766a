/* sim internals: one Unicorn instance + one arch backend. */
#ifndef VDSOSIM_ENGINE_H
#define VDSOSIM_ENGINE_H
#include <capstone/capstone.h>
#include <unicorn/unicorn.h>

#include "../common/err.h"
#include "../kernel_model/model.h"
#include "../loader/loader.h"
#include "vdsosim.h"

struct vdsosim_engine;

struct vs_site {
	struct vdsosim_site pub;
	struct vdsosim_engine *e;
	int reg;     /* unicorn register the site writes (lsl/rdpid destination) */
	int variant; /* backend's own tag (e.g. rdtscp also sets TSC_AUX) */
	int unknown; /* reads a clock/counter register the backend does not emulate: an error */
};

/* What a backend may remember while decoding one section in address order (e.g. the GOT base
 * that 32-bit x86 PIC code computes with __x86.get_pc_thunk). */
struct vs_decode {
	const uint8_t *img;
	size_t len;
	int64_t val[32], lit[32]; /* known values; literal-pool loads waiting for their `add rX, pc` */
	uint32_t known, pending;
	int thumb;
};

/* Generic operations the syscall ABI table maps its numbers to. */
enum vs_sysop { VS_SYS_CLOCK_GETTIME, VS_SYS_GETTIMEOFDAY, VS_SYS_TIME, VS_SYS_CLOCK_GETRES, VS_SYS_GETCPU,
	       VS_SYS_CLOCK_GETTIME64, VS_SYS_CLOCK_GETRES64, VS_SYS_FLUSH_ICACHE, VS_SYS_GETRANDOM };
struct vs_sysno { uint64_t nr; enum vs_sysop op; const char *name; };

struct vs_arch_ops {
	const char *arch; /* image arch name this backend serves */
	uc_arch uc_arch;
	uc_mode uc_mode;
	cs_arch cs_arch;
	cs_mode cs_mode;
	int word;         /* sizeof(__kernel_long_t): legacy timespec/timeval/time_t fields */
	int reg_bytes;    /* general register width */
	int pc_reg, sp_reg;
	/* Classify one decoded instruction; fills site (kind, reg) and returns 1 for a site.
	 * *data_ref gets a pc-relative data address it references (or stays 0). */
	int (*classify)(const cs_insn *in, struct vs_site *site, uint64_t *data_ref, struct vs_decode *d);
	int (*setup)(struct vdsosim_engine *e);           /* CPU state and the syscall hook */
	int (*prepare)(struct vdsosim_engine *e, uint64_t entry, const uint64_t *args, int n);
	uint64_t (*retval)(struct vdsosim_engine *e);
	void (*emulate)(struct vdsosim_engine *e, const struct vs_site *s, uint64_t value); /* counter/cpu site */
	const struct vs_sysno *sysnos;
	size_t n_sysnos;
	/* Syscalls that arrive as a CPU exception (svc, ecall): its number and the registers of the
	 * ABI. The engine installs the hook; setup() may then be NULL. */
	struct { uint32_t intno; int nr, ret, arg[6]; } trap_abi;
	/* optional: a constant guest loop that calls `entry` n times (the batch API), and how to
	 * start it: registers for entry, clock, output array and count */
	const uint8_t *batch_code;
	size_t batch_len;
	void (*batch_prepare)(struct vdsosim_engine *e, uint64_t entry, int32_t clock, uint64_t array, uint64_t n);
	/* optional: any other CPU exception (riscv: rdtime is illegal in unicorn) */
	void (*trap)(struct vdsosim_engine *e, uint32_t intno);
	uint32_t fallback_modes; /* clock modes whose counter this ABI's vDSO may not use */
	uint32_t syscall_funcs;  /* functions this ABI's vDSO only wraps a syscall for */
	/* no capstone for this arch: instruction length at b (decode by length and fixed encodings) */
	int (*insn_len)(const uint8_t *b, size_t avail);
	/* optional: for code with data in it (AArch32 literal pools) decode by following the control
	 * flow from the entry points instead of sweeping; returns VS_FLOW_* bits */
	int (*flow)(const cs_insn *in, uint64_t *target);
	int no_spin_insn; /* cpu_relax() is a bare barrier: count odd seq loads as spins instead */
	/* optional: does the image behave as the chosen layout's family says? (0: try the next) */
	int (*confirm)(struct vdsosim_engine *e);
	/* optional: pick the decoder/CPU mode from the image (AArch32: Thumb or ARM) */
	void (*modes)(const vdsosim_image *img, cs_mode *csm, uc_mode *ucm, int *thumb);
};

enum { VS_FLOW_TARGET = 1, VS_FLOW_END = 2 };

const struct vs_arch_ops *vs_arch_find(const char *arch);

struct vdsosim_engine {
	uc_engine *uc;
	const struct vs_arch_ops *ops;
	const vdsosim_image *img;
	vdsosim_model *model;
	const struct vs_layout *layout; /* == &lay: the row chosen, with the image's page size */
	struct vs_layout lay;
	uc_mode uc_mode;                /* the ops' mode, or what ops->modes chose for this image */
	int64_t lo_ref;                 /* lowest pc-relative data reference below the image (0: none) */
	struct vdsosim_engine_opts opts;
	uc_context *ctx;
	uint64_t base, data_base, stack_base, stack_top, scratch, ret_addr, driver, batch_buf;
	uint8_t *data, *stack, *scratch_mem, *batch_mem;
	uint64_t random_draws;   /* getrandom syscalls answered since the opaque state was fresh */
	uint32_t opaque_size;    /* learnt from the image's params query (0: not yet) */
	size_t data_len;
	struct vs_site *sites;
	struct vdsosim_site *pub_sites;
	size_t n_sites;
	struct vdsosim_page_desc pages[8];
	uint64_t entry[VDSOSIM_NFUNCS]; /* image offset of each function, 0 if not exported */
	uint32_t modes_unbuilt;    /* clock modes this build's vDSO cannot read (learnt at load) */
	csh cs;        /* for naming instructions in reports */
	uint32_t *cum; /* cum[off]: decoded instruction starts below off, over the load range */
	uint8_t *start; /* start[off]: an instruction starts at off */
	/* per call */
	struct vdsosim_result *res;
	const struct vdsosim_call *call;
	uint64_t blk_start, blk_end, entry_sp, low_sp;
	uint64_t n_exec, n_loads; /* instructions and data-page loads so far (with TRACE_INJECT) */
	uint64_t shadow[16];      /* the call's shadow stack (riscv Zicfiss) */
	unsigned n_shadow;
	int stop;
};

/* engine.c, for backends */
uint64_t vs_reg(struct vdsosim_engine *e, int id);
void vs_set_reg(struct vdsosim_engine *e, int id, uint64_t v);
int64_t vs_engine_syscall(struct vdsosim_engine *e, uint64_t nr, const uint64_t args[6]);
void vs_engine_stop(struct vdsosim_engine *e, int status, const char *fmt, ...) VS_PRINTF(3, 4);
/* Tie a (re-)initialised model to this image: era and what the build supports. */
void vs_engine_bind_model(struct vdsosim_engine *e);
/* decode.c */
int vs_decode_sites(struct vdsosim_engine *e);
void vs_disasm_at(const struct vdsosim_engine *e, uint64_t pc, char *buf, size_t len);

#endif
