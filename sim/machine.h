/* sim internals: the image profile, and the machine core that the engine and an attachment share
 * (the hooks over the image, counter and syscall answers, update landing, records). Drivers never
 * include this: they see include/vdsosim.h only. */
#ifndef VDSOSIM_MACHINE_H
#define VDSOSIM_MACHINE_H
#include "../loader/loader.h"
#include "backend.h"

/* layout_debug.c: a layout made from debug info, with the storage its pointers point into */
struct vs_layout_own {
	struct vs_layout l;
	struct vs_clock_fields clk;
	struct vs_arch_field arch[17];
	char name[32];
};
/* row: the table row whose semantics it keeps; -1 with why when the debug info can't give one
 * for this page size */
int vs_layout_from_debug(const struct vs_debug *d, const struct vs_layout *row, uint32_t ps, struct vs_layout_own *o,
			 char *why, size_t len);

enum { VS_MAX_DIFFS = 32 };

struct vdsosim_profile {
	const vdsosim_image *img;
	const struct vs_arch_ops *ops;
	struct vs_layout lay;          /* the row chosen (or made from debug info), with the image's page size */
	struct vs_layout_own own;      /* what lay points into when made from debug info */
	struct vs_debug *debug;        /* the image's debug info, when it is used */
	const struct vs_layout *row;   /* the table row for the image's version, NULL beyond the table */
	const struct vs_layout *sem;   /* the row whose semantics a debug-info layout keeps */
	char debug_refused[320];       /* why the image's debug info is not used, "" if it is or has none */
	char diffs[VS_MAX_DIFFS][96];  /* where debug info and the table row disagree */
	size_t n_diffs;
	struct vs_model_config cfg;    /* what a model of this image is told (cfg.era == &lay) */
	uc_mode uc_mode;               /* the ops' mode, or what ops->modes chose for this image */
	cs_mode cs_mode;
	int64_t lo_ref;                /* lowest pc-relative data reference below the image (0: none) */
	struct vs_site *sites;
	struct vdsosim_site *pub_sites;
	size_t n_sites;
	struct vdsosim_page_desc pages[8];
	uint64_t entry[VDSOSIM_NFUNCS]; /* image offset of each function, 0 if not exported */
	int each_insn;  /* count per instruction (backend's count_each_insn), not per block */
	uint32_t modes_absent; /* modes of the family this build cannot read at all (MIPS GIC on Loongson-3) */
	uint32_t *cum;  /* cum[off]: decoded instruction starts below off, over the load range */
	uint8_t *start; /* start[off]: an instruction starts at off */
};

/* decode.c */
int vs_decode_sites(struct vdsosim_profile *p);

/* One site hook's user data: the site (shared, in the profile) and this machine. */
struct vs_core;
struct vs_site_hook { struct vs_core *c; const struct vs_site *s; };

/* The machine core: a backend's struct vs_machine plus what the hooks need. */
struct vs_core;
struct vs_data_page { struct vs_core *c; uint32_t page; }; /* an MMIO data page's callback data */

struct vs_core {
	struct vs_machine m;
	const vdsosim_profile *prof;
	vdsosim_model *model;
	uint8_t *data;              /* the data pages (host memory, mapped read-only into the guest) */
	uint64_t data_base;
	size_t data_len;
	struct vs_data_page *pages; /* VS_CORE_MMIO_DATA */
	unsigned trace;
	uint64_t budget;            /* per call (0: none, when attached) */
	int own_instance;           /* the engine's own uc: every CPU exception is ours */
	uint32_t spin_limit;
	struct vs_site_hook *site_hooks;
	uc_hook hooks[64];
	size_t n_hooks;
	/* the current call: the engine's, or the attachment's running record */
	struct vdsosim_result *res;
	const struct vdsosim_call *call;
	uint64_t blk_start, blk_end, entry_sp, low_sp;
	uint64_t n_exec, n_loads;   /* instructions and data-page loads so far (with TRACE_INJECT) */
	int stop;
	/* the call's updates: the states the engine computed, and where the stalled writer stops */
	vdsosim_model states[1 + VDSOSIM_MAX_UPDATES];
	struct vdsosim_point at[VDSOSIM_MAX_UPDATES + 1]; /* the last: a stalled writer's completion */
	int stall_update;           /* which update is a stalled writer (-1: none) */
	int stall_stores;
	int fired_stall_end;
	/* counters when attached: a callback, or a running value */
	uint64_t (*counter_cb)(void *ud, uint64_t off);
	int (*syscall_cb)(void *ud, uint64_t nr, const uint64_t args[6], int64_t *ret);
	void *cb_ud;
	uint64_t running, running_step;
	/* getrandom's draws since the opaque state was fresh */
	uint64_t random_draws;
};

#define VS_CORE(mp) ((struct vs_core *)(void *)(mp))

/* machine.c: map the image and its data pages at base, add the hooks; free what it allocated.
 * VS_CORE_OWN: the engine's own uc (every CPU exception is ours); VS_CORE_FORWARD_BLOCKS: no block
 * hook of the core's own: the owner's calls vs_core_block for the image's blocks (Unicorn 2.1 inlines
 * a block hook that is the only one into the translated code); VS_CORE_MMIO_DATA: the data pages
 * are devices, not hooked memory, so that the owner's other code keeps Unicorn's fast path. */
enum { VS_CORE_OWN = 1, VS_CORE_FORWARD_BLOCKS = 2, VS_CORE_MMIO_DATA = 4 };
int vs_core_init(struct vs_core *c, uc_engine *uc, const vdsosim_profile *p, vdsosim_model *model, uint64_t base,
		 unsigned trace, unsigned flags);
void vs_core_block(struct vs_core *c, uint64_t addr, uint32_t size);
void vs_core_fini(struct vs_core *c, int unmap);
void vs_core_sync(struct vs_core *c);
/* the call's instruction count before pc (exact within the current block) */
uint64_t vs_core_insns_before(const struct vs_core *c, uint64_t pc);
void vs_result_reset(struct vdsosim_result *r);

/* The states after each of the call's updates, computed before it runs, and where they land. */
int vs_core_plan(struct vs_core *c, const struct vdsosim_call *call, struct vdsosim_result *r, unsigned trace);
/* A syscall's answer from the model at a counter value (time, getcpu, getrandom). */
int64_t vs_core_model_syscall(struct vs_core *c, enum vs_sysop op, const uint64_t a[6], uint64_t now, int word);
uint64_t vs_core_count_retries(const struct vdsosim_result *r);

/* attach.c, for exec: an attachment with core flags of its own, and its machine */
int vs_attach(vdsosim_attachment **out, struct uc_struct *uc, const vdsosim_profile *p, vdsosim_model *model,
	      uint64_t base, const struct vdsosim_attach_opts *o, unsigned core_flags);
struct vs_core *vs_attachment_core(vdsosim_attachment *a);

/* engine.c, for the profile's probes */
int vs_engine_create(vdsosim_engine **out, const vdsosim_profile *p, vdsosim_model *model,
		     const struct vdsosim_engine_opts *opts);
struct vs_machine *vs_engine_machine(vdsosim_engine *e);

#endif
