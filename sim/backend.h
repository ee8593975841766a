/* All that an architecture backend (sim/arch/) and the decoder see: the ops table, the part of
 * the machine a backend may touch, register access, and the syscall and stop helpers. The engine,
 * the attachment and the drivers stay out of sight. */
#ifndef VDSOSIM_BACKEND_H
#define VDSOSIM_BACKEND_H
#include <capstone/capstone.h>
#include <unicorn/unicorn.h>

#include "../common/err.h"
#include "../kernel_model/model.h"
#include "vdsosim.h"

struct vs_machine;

struct vs_site {
	struct vdsosim_site pub;
	int reg;     /* unicorn register the site writes (lsl/rdpid destination) */
	int variant; /* backend's own tag (e.g. rdtscp also sets TSC_AUX) */
	int unknown; /* reads a clock/counter register the backend does not emulate: an error */
	int at_site; /* a syscall served by the site's code hook and emulate(), not an insn hook */
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
	int (*setup)(struct vs_machine *m);           /* the syscall hooks (vs_hook_insn / vs_hook_intr) */
	void (*prepare)(struct vs_machine *m, const uint64_t *args, int n); /* arguments, stack, return */
	uint64_t (*retval)(struct vs_machine *m);
	void (*emulate)(struct vs_machine *m, const struct vs_site *s, uint64_t value); /* a site */
	const struct vs_sysno *sysnos;
	size_t n_sysnos;
	/* Syscalls that arrive as a CPU exception (svc, ecall): its number and the registers of the
	 * ABI. The machine installs the hook; setup() may then be NULL. */
	struct { uint32_t intno; int nr, ret, arg[6]; } trap_abi;
	/* optional: a constant guest loop that calls `entry` n times (the batch API), and how to
	 * start it: registers for entry, clock, output array and count */
	const uint8_t *batch_code;
	size_t batch_len;
	void (*batch_prepare)(struct vs_machine *m, uint64_t entry, int32_t clock, uint64_t array, uint64_t n);
	/* optional: any other CPU exception (riscv: rdtime is illegal in unicorn) */
	void (*trap)(struct vs_machine *m, uint32_t intno);
	uint32_t fallback_modes; /* clock modes whose counter this ABI's vDSO may not use */
	uint32_t syscall_funcs;  /* functions this ABI's vDSO only wraps a syscall for */
	/* no capstone for this arch: instruction length at b (decode by length and fixed encodings) */
	int (*insn_len)(const uint8_t *b, size_t avail);
	/* optional: for code with data in it (AArch32 literal pools) decode by following the control
	 * flow from the entry points instead of sweeping; returns VS_FLOW_* bits */
	int (*flow)(const cs_insn *in, uint64_t *target);
	int exec_needs_write; /* Unicorn runs this arch's code only from writable memory (s390x) */
	int no_spin_insn; /* cpu_relax() is a bare barrier: count odd seq loads as spins instead */
	/* Unicorn 2.1 breaks a branch whose delay slot loads under a memory hook (MIPS: the branch
	 * goes to 0): the data pages are devices there instead, whose reads cost no hook */
	int mmio_data_21;
	/* optional: block hooks cannot be trusted for this image (Unicorn 2.0.1 runs none for a riscv
	 * block that starts with a landing pad, `auipc zero, imm`): count every instruction instead */
	int (*count_each_insn)(const vdsosim_image *img);
	/* optional: does the image behave as the chosen layout's family says? (0: try the next) */
	int (*confirm)(struct vs_machine *m);
	/* optional: why this image cannot be emulated with the linked Unicorn (writes why, returns 1);
	 * the sites of a refused image are still decoded (`info`: ppc64le, loongarch64) */
	int (*refuse)(const vdsosim_image *img, char *why, size_t len);
	/* optional: the Unicorn CPU model the image needs (MIPS R6), or -1 for Unicorn's default */
	int (*cpu_model)(const vdsosim_image *img);
	/* optional: pick the decoder/CPU mode from the image (AArch32: Thumb or ARM) */
	void (*modes)(const vdsosim_image *img, cs_mode *csm, uc_mode *ucm, int *thumb);
	/* optional: may a counter or CPU-number read start at b (avail bytes there)? A cheap byte test
	 * that exec scans a program's text with at every site_align bytes, before decoding and
	 * classify(): false only where no such instruction can start */
	int (*maybe_site)(const uint8_t *b, size_t avail);
	uint32_t site_align;
};

enum { VS_FLOW_TARGET = 1, VS_FLOW_END = 2 };

const struct vs_arch_ops *vs_arch_find(const char *arch);

/* The machine as a backend sees it. */
struct vs_machine {
	uc_engine *uc;
	const struct vs_arch_ops *ops;
	const vdsosim_image *img;
	const struct vs_layout *layout; /* the profile's row, at the image's page size */
	uint64_t base;                  /* where the image is mapped */
	/* the engine's own call frame (0 when attached to a caller's instance) */
	uint64_t ret_addr, stack_base, stack_top;
	uint8_t *stack;
	uint64_t shadow[16];            /* the call's shadow stack (riscv Zicfiss) */
	unsigned n_shadow;
};

uint64_t vs_reg(struct vs_machine *m, int id);
void vs_set_reg(struct vs_machine *m, int id, uint64_t v);
/* A syscall made by the image's code: the caller's callback or the model answers it. */
int64_t vs_syscall(struct vs_machine *m, uint64_t nr, const uint64_t args[6]);
/* Stop the emulation with a status and a message (the first stop wins). */
void vs_stop(struct vs_machine *m, int status, const char *fmt, ...) VS_PRINTF(3, 4);
/* Stop on a CPU exception nothing handles, at the current pc (the engine's report adds where and
 * the instruction; an attached caller's message says where). */
void vs_stop_exception(struct vs_machine *m, uint32_t intno);
/* What getcpu's instructions give: node << 12 | cpu (rdtscp's TSC_AUX, rdpid, lsl). */
uint64_t vs_cpu_word(struct vs_machine *m);
/* Is this pc inside the image? (hooks that see every instruction of a caller's code) */
int vs_in_image(const struct vs_machine *m, uint64_t pc);
/* Hooks a backend adds through these are removed on detach. */
int vs_hook_insn(struct vs_machine *m, void *cb, int insn);
int vs_hook_intr(struct vs_machine *m, void *cb);
/* confirm(): run clock_gettime(CLOCK_MONOTONIC) with the time page's clock_mode field holding a
 * raw value; how many syscalls it made, until it returned or stopped (-1: no clock_gettime). */
int vs_probe_syscalls(struct vs_machine *m, int32_t raw_clock_mode);

#endif
