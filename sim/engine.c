/* The engine: the machine core in a Unicorn instance of its own, with a stack, a scratch page
 * for outputs and a return page, running one call at a time and landing the call's updates.
 * Per-architecture knowledge stays in the backend (sim/arch/); per-era knowledge in the layout
 * table; what is learnt about the image once, in its profile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/bytes.h"
#include "abi.h"
#include "machine.h"
#include "vsyscall.h"

#define PAGE 0x1000ULL
/* Fixed guest addresses: below 4 GiB so 32-bit backends can share them. */
#define IMAGE_BASE 0x40000000ULL
#define STACK_BASE 0x20000000ULL
#define STACK_SIZE 0x10000ULL
#define SCRATCH 0x21000000ULL
#define RET_PAGE 0x22000000ULL /* its own page: unicorn re-translates the TB before `until` */
#define BAD_PTR 0x10ULL         /* never mapped */
#define DRIVER_PAGE 0x23000000ULL /* the batch loop, written once before anything runs */
#define BATCH_BUF 0x24000000ULL
#define BATCH_MAX 4096ULL        /* timespecs per emulation */

struct vdsosim_engine {
	struct vs_core core; /* first: the backend's machine is the engine's */
	const vdsosim_profile *prof;
	struct vdsosim_engine_opts opts;
	uc_engine *uc;
	uc_context *ctx;
	uint64_t scratch, driver, batch_buf;
	uint8_t *scratch_mem, *batch_mem;
	uint32_t opaque_size; /* learnt from the image's params query (0: not yet) */
	int dirty;            /* the last run did not return cleanly: restore the saved CPU first */
	/* VDSOSIM_TRACE_AUDIT: the ABI, the FP/SIMD registers each instruction names, the lowest
	 * stack pointer and stack byte seen, and the registers at entry */
	const struct vs_abi *abi;
	uint64_t *fp_at;
	uint64_t min_sp, red;
	uint64_t pending;    /* the lowest store of the instruction running: judged at the next one */
	uint64_t regs_in[VS_ABI_MAX_REGS];
};

struct vs_machine *vs_engine_machine(vdsosim_engine *e) { return &e->core.m; }

const char *vdsosim_unicorn_version(void)
{
	static char v[32];
	unsigned major, minor;
	unsigned int packed = uc_version(&major, &minor);
	snprintf(v, sizeof v, "%u.%u.%u", major, minor, (packed >> 8) & 0xff);
	return v;
}

static int uc_fail(uc_err err, const char *what)
{
	return vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: %s: %s", what, uc_strerror(err));
}

static void *page_alloc(size_t n)
{
	void *p = NULL;
	if (posix_memalign(&p, PAGE, n))
		return NULL;
	memset(p, 0, n);
	return p;
}

static void hook_stack(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	struct vs_core *c = ud;
	(void)uc;
	(void)type;
	(void)size;
	(void)value;
	if (addr < c->low_sp)
		c->low_sp = addr;
}

/* the stack limit: an access below entry_sp - limit is a fault that names it */
static void over_limit(struct vdsosim_engine *e, uint64_t addr)
{
	struct vs_core *c = &e->core;
	if (!e->opts.stack_limit || addr + e->opts.stack_limit >= c->entry_sp || c->stop)
		return;
	vs_stop(&c->m, VDSOSIM_EFAULT, "stack limit of %llu bytes exceeded: an access %llu bytes below the entry stack pointer",
		(unsigned long long)e->opts.stack_limit, (unsigned long long)(c->entry_sp - addr));
}

static void hook_audit_stack(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	struct vdsosim_engine *e = ud;
	(void)uc, (void)size, (void)value;
	if (type == UC_MEM_WRITE && addr < e->core.low_sp) /* hook_stack's record: it is not installed too */
		e->core.low_sp = addr;
	if (type == UC_MEM_WRITE && addr < e->pending)
		e->pending = addr;
	over_limit(e, addr);
}

/* A store below the stack pointer the instruction leaves (a push or call leaves it at the store)
 * uses the red zone: how far below is the red zone's use. */
static void settle(struct vdsosim_engine *e, uint64_t sp)
{
	if (e->pending < sp && sp - e->pending > e->red)
		e->red = sp - e->pending;
	e->pending = UINT64_MAX;
}

/* every store: the stack and the output buffers are the call's; anything else is reported */
static void hook_audit_write(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	struct vdsosim_engine *e = ud;
	(void)uc, (void)type, (void)value;
	if ((addr >= STACK_BASE && addr < STACK_BASE + STACK_SIZE) || (addr >= SCRATCH && addr + (uint64_t)size <= SCRATCH + PAGE) ||
	    (e->batch_mem && addr >= BATCH_BUF && addr < BATCH_BUF + BATCH_MAX * 16))
		return;
	struct vdsosim_result *r = e->core.res;
	if (r && !r->audit.writes_outside++)
		r->audit.first_outside = addr;
}

static void hook_audit_code(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vdsosim_engine *e = ud;
	(void)uc, (void)size;
	uint64_t sp = vs_reg(&e->core.m, e->prof->ops->sp_reg);
	if (sp < e->min_sp)
		e->min_sp = sp;
	settle(e, sp);
	uint64_t off = addr - e->core.m.base;
	if (e->core.res && off < e->prof->img->info.load_size)
		e->core.res->audit.fp_simd |= e->fp_at[off];
}

/* the FP/SIMD registers each instruction of the image names (once per engine) */
static int fp_table(struct vdsosim_engine *e)
{
	size_t n = e->prof->img->info.load_size;
	e->fp_at = calloc(n ? n : 1, sizeof *e->fp_at);
	if (!e->fp_at)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	char text[128];
	for (size_t off = 0; off < n; off++)
		if (e->prof->start[off] && vdsosim_profile_disasm(e->prof, off, text, sizeof text))
			e->fp_at[off] = vs_abi_fp_mask(e->abi, text);
	return 0;
}

static bool hook_fault(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	struct vs_core *c = ud;
	(void)uc;
	(void)size;
	(void)value;
	static const char *const what[] = { [UC_MEM_READ_UNMAPPED] = "read of unmapped",
					    [UC_MEM_WRITE_UNMAPPED] = "write to unmapped",
					    [UC_MEM_FETCH_UNMAPPED] = "fetch from unmapped",
					    [UC_MEM_WRITE_PROT] = "write to read-only",
					    [UC_MEM_READ_PROT] = "read of unreadable",
					    [UC_MEM_FETCH_PROT] = "fetch from non-executable" };
	const char *w = type < sizeof what / sizeof *what && what[type] ? what[type] : "bad access to";
	c->res->fault_addr = addr;
	if (!c->stop) {
		c->stop = VDSOSIM_EFAULT;
		snprintf(c->res->message, sizeof c->res->message, "%s address 0x%llx", w, (unsigned long long)addr);
	}
	return false;
}

static int build(struct vdsosim_engine *e)
{
	const struct vs_arch_ops *ops = e->prof->ops;
	struct vs_core *c = &e->core;
	uc_err err;
	uc_hook h;
	int r;
	c->m.stack = page_alloc(STACK_SIZE);
	e->scratch_mem = page_alloc(PAGE);
	if (!c->m.stack || !e->scratch_mem)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	if ((err = uc_open(ops->uc_arch, e->prof->uc_mode, &e->uc)))
		return uc_fail(err, "open");
	int model = ops->cpu_model ? ops->cpu_model(e->prof->img) : -1;
	if (model >= 0 && (err = uc_ctl_set_cpu_model(e->uc, model)))
		return uc_fail(err, "set the CPU model");
	if ((err = uc_mem_map_ptr(e->uc, STACK_BASE, STACK_SIZE, UC_PROT_READ | UC_PROT_WRITE, c->m.stack)) ||
	    (err = uc_mem_map_ptr(e->uc, SCRATCH, PAGE, UC_PROT_READ | UC_PROT_WRITE, e->scratch_mem)) ||
	    (err = uc_mem_map(e->uc, RET_PAGE, PAGE, UC_PROT_READ | UC_PROT_EXEC)))
		return uc_fail(err, "map");
	if (ops->batch_code) {
		e->batch_mem = page_alloc(BATCH_MAX * 16);
		if (!e->batch_mem)
			return vs_err(VDSOSIM_ENOMEM, "out of memory");
		if ((err = uc_mem_map(e->uc, DRIVER_PAGE, PAGE, UC_PROT_READ | UC_PROT_EXEC)) ||
		    (err = uc_mem_write(e->uc, DRIVER_PAGE, ops->batch_code, ops->batch_len)) ||
		    (err = uc_mem_map_ptr(e->uc, BATCH_BUF, BATCH_MAX * 16, UC_PROT_READ | UC_PROT_WRITE, e->batch_mem)))
			return uc_fail(err, "map batch driver");
		e->driver = DRIVER_PAGE;
		e->batch_buf = BATCH_BUF;
	}
	if ((r = vs_core_init(c, e->uc, e->prof, c->model, IMAGE_BASE, e->opts.trace, VS_CORE_OWN)))
		return r;
	c->m.stack_base = STACK_BASE;
	c->m.stack_top = STACK_BASE + STACK_SIZE - 0x100;
	c->m.ret_addr = RET_PAGE;
	c->budget = e->opts.insn_budget;
	c->spin_limit = e->opts.spin_limit;
	e->scratch = SCRATCH;
	int audit = (e->opts.trace & VDSOSIM_TRACE_AUDIT) || e->opts.stack_limit;
	if ((e->opts.trace & VDSOSIM_TRACE_STACK) && !audit &&
	    (err = uc_hook_add(e->uc, &h, UC_HOOK_MEM_WRITE, (void *)hook_stack, c, STACK_BASE, STACK_BASE + STACK_SIZE - 1)))
		return uc_fail(err, "hook");
	if (audit) {
		uint64_t img_lo = c->m.base, img_hi = c->m.base + e->prof->img->info.load_size - 1;
		e->abi = vs_abi_of(e->prof->img->info.arch);
		if (!e->abi)
			return vs_err(VDSOSIM_EUNSUPPORTED, "no calling-convention table for %s", e->prof->img->info.arch);
		if ((r = fp_table(e)))
			return r;
		/* stores always; loads only for a stack limit: a stack read hook makes Unicorn 2.1 resume
		 * 64-bit MIPS wrongly after a syscall (a reserved-instruction exception, or the syscall
		 * served twice) */
		int kinds = UC_HOOK_MEM_WRITE | (e->opts.stack_limit ? UC_HOOK_MEM_READ : 0);
		if ((err = uc_hook_add(e->uc, &h, kinds, (void *)hook_audit_stack, e, STACK_BASE, STACK_BASE + STACK_SIZE - 1)) ||
		    (err = uc_hook_add(e->uc, &h, UC_HOOK_MEM_WRITE, (void *)hook_audit_write, e, 1, 0)) ||
		    (err = uc_hook_add(e->uc, &h, UC_HOOK_CODE, (void *)hook_audit_code, e, img_lo, img_hi)))
			return uc_fail(err, "hook");
	}
	if ((err = uc_hook_add(e->uc, &h, UC_HOOK_MEM_INVALID, (void *)hook_fault, c, 1, 0)))
		return uc_fail(err, "hook");
	if ((r = vs_vsyscall_map(&c->m, e->opts.vsyscall, &h)))
		return r;
	if ((err = uc_context_alloc(e->uc, &e->ctx)) || (err = uc_context_save(e->uc, e->ctx)))
		return uc_fail(err, "context");
	e->dirty = 0; /* the CPU is the saved one */
	return 0;
}

int vs_engine_create(vdsosim_engine **out, const vdsosim_profile *p, vdsosim_model *model,
		     const struct vdsosim_engine_opts *opts)
{
	*out = NULL;
	if (opts && (opts->insn_budget > VDSOSIM_MAX_BUDGET || opts->spin_limit > VDSOSIM_MAX_SPINS))
		return vs_err(VDSOSIM_EARG, "instruction budget at most %d and spin limit at most %d per call",
			      VDSOSIM_MAX_BUDGET, VDSOSIM_MAX_SPINS);
	struct vdsosim_engine *e = calloc(1, sizeof *e);
	if (!e)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	e->prof = p;
	e->core.model = model;
	if (opts)
		e->opts = *opts;
	if (!e->opts.insn_budget)
		e->opts.insn_budget = 100000;
	if (!e->opts.spin_limit)
		e->opts.spin_limit = 1000;
	int r = build(e);
	if (r) {
		vdsosim_engine_free(e);
		return r;
	}
	*out = e;
	return 0;
}

int vdsosim_engine_new(vdsosim_engine **out, const vdsosim_profile *p, vdsosim_model *model,
		       const struct vdsosim_engine_opts *opts)
{
	*out = NULL;
	if (!p || !model)
		return vs_err(VDSOSIM_EARG, "an engine needs a profile and a model");
	if (model->era != &p->lay)
		return vs_err(VDSOSIM_EARG, "%s: the model was not made for this profile (vdsosim_model_new with it)",
			      p->img->info.path);
	return vs_engine_create(out, p, model, opts);
}

void vdsosim_engine_free(vdsosim_engine *e)
{
	if (!e)
		return;
	if (e->ctx)
		uc_context_free(e->ctx);
	vs_core_fini(&e->core, 0);
	if (e->uc)
		uc_close(e->uc);
	free(e->core.m.stack);
	free(e->scratch_mem);
	free(e->batch_mem);
	free(e->fp_at);
	free(e);
}

void vdsosim_engine_sync(vdsosim_engine *e) { vs_core_sync(&e->core); }

uint8_t *vdsosim_engine_data_pages(vdsosim_engine *e, size_t *len)
{
	*len = e->core.data_len;
	return e->core.data;
}

static int load_mapping(vdsosim_engine *e, enum vs_mapping m, const char *what, const void *pages, size_t len)
{
	const struct vs_layout *l = &e->prof->lay;
	size_t n = vs_layout_mapping_pages(l, m), ps = l->page_size;
	if (!n)
		return vs_err(VDSOSIM_EARG, "layout %s has no %s mapping", l->name, what);
	if (!len || len % ps || len > n * ps)
		return vs_err(VDSOSIM_EARG, "%s snapshot is %zu bytes; expected 1 to %zu whole pages of %zu bytes", what,
			      len, n, ps);
	const uint8_t *src = pages;
	for (int i = 0, k = 0; i < l->n_pages; i++) {
		if (l->page[i].mapping != m)
			continue;
		uint8_t *dst = e->core.data + (size_t)i * ps;
		if ((size_t)k * ps < len)
			memcpy(dst, src + (size_t)k * ps, ps);
		else
			memset(dst, 0, ps);
		k++;
	}
	return vs_vvar_read(e->core.model, l, e->core.data, e->prof->img->info.big_endian);
}

int vdsosim_engine_load_vvar(vdsosim_engine *e, const void *pages, size_t len)
{
	return load_mapping(e, VS_MAP_VVAR, "[vvar]", pages, len);
}

int vdsosim_engine_load_vclock(vdsosim_engine *e, const void *pages, size_t len)
{
	return load_mapping(e, VS_MAP_VCLOCK, "[vvar_vclock]", pages, len);
}

vdsosim_model *vdsosim_engine_model(vdsosim_engine *e) { return e->core.model; }

const vdsosim_profile *vdsosim_engine_profile(const vdsosim_engine *e) { return e->prof; }

int vs_probe_syscalls(struct vs_machine *m, int32_t raw_clock_mode)
{
	struct vdsosim_engine *e = (struct vdsosim_engine *)(void *)m; /* probes run on engines only */
	const struct vs_layout *l = &e->prof->lay;
	if (!e->prof->entry[VDSOSIM_CLOCK_GETTIME])
		return -1;
	uint8_t *mode = e->core.data + (size_t)vs_layout_page(l, VS_PAGE_TIME) * l->page_size + l->data_off +
			l->clock0_off + l->clk->clock_mode;
	uint8_t saved[4];
	memcpy(saved, mode, 4);
	vs_put(mode, (uint32_t)raw_clock_mode, 4, e->prof->img->info.big_endian);
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, e->core.model->st.counter };
	vdsosim_engine_call(e, &c, &r); /* an error after no syscall still says "served here" */
	int n = (int)r.n_syscalls;
	vdsosim_result_clear(&r);
	memcpy(mode, saved, 4);
	return n;
}

/* ---- one call ------------------------------------------------------------------------------ */

static void grow_counter(struct vdsosim_result *r)
{
	if (r->n_counter < r->cap_counter)
		return;
	size_t nc = r->cap_counter ? 2 * r->cap_counter : 16;
	void *p = realloc(r->counter_reads, nc * sizeof *r->counter_reads);
	if (p) {
		r->counter_reads = p;
		r->cap_counter = nc;
	}
}

static uint64_t rd(const uint8_t *p, int n, int be) { return vs_get(p, n, be); }
static int64_t sext(uint64_t v, int w) { return w == 8 ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v; }

static int time_bytes(const struct vdsosim_engine *e, enum vdsosim_func f)
{
	return f == VDSOSIM_CLOCK_GETTIME64 || f == VDSOSIM_CLOCK_GETRES_TIME64 ? 8 : e->prof->ops->word;
}

/* Scratch page: outputs at 0 (getrandom's buffer too), the opaque state at STATE_OFF (it must
 * not straddle a page), the params query's answer at PARAMS_OFF. */
enum { STATE_OFF = 2048, PARAMS_OFF = 3072 };
#define NO_STATE UINT32_MAX

static void read_outputs(struct vdsosim_engine *e, const struct vdsosim_call *c, struct vdsosim_result *r)
{
	int w = time_bytes(e, c->func), be = e->prof->img->info.big_endian;
	const uint8_t *s = e->scratch_mem;
	r->time_bytes = w;
	r->ret = sext(e->prof->ops->retval(&e->core.m), vdsosim_func_base(c->func) == VDSOSIM_TIME ? w : e->prof->ops->reg_bytes);
	if (c->flags & VDSOSIM_CALL_BAD_PTR)
		return;
	switch (vdsosim_func_base(c->func)) {
	case VDSOSIM_CLOCK_GETTIME:
	case VDSOSIM_CLOCK_GETRES:
		if (r->ret == 0 && !(c->flags & VDSOSIM_CALL_NULL_ARG2)) {
			r->has_ts = 1;
			r->tv_sec = sext(rd(s, w, be), w);
			r->tv_nsec = sext(rd(s + w, w, be), w);
		}
		break;
	case VDSOSIM_GETTIMEOFDAY:
		if (r->ret == 0 && !(c->flags & VDSOSIM_CALL_NULL_ARG1)) {
			r->has_tv = 1;
			r->tv_sec = sext(rd(s, w, be), w);
			r->tv_usec = sext(rd(s + w, w, be), w);
		}
		if (r->ret == 0 && !(c->flags & VDSOSIM_CALL_NULL_ARG2)) {
			r->has_tz = 1;
			r->tz_minuteswest = (int32_t)rd(s + 64, 4, be);
			r->tz_dsttime = (int32_t)rd(s + 68, 4, be);
		}
		break;
	case VDSOSIM_TIME:
		if (!(c->flags & VDSOSIM_CALL_NULL_ARG1)) {
			r->has_ts = 1;
			r->tv_sec = sext(rd(s, w, be), w);
		}
		break;
	case VDSOSIM_GETRANDOM:
		if (c->flags & VDSOSIM_CALL_RANDOM_PARAMS) {
			const uint8_t *p = s + PARAMS_OFF;
			r->opaque_size = (uint32_t)rd(p, 4, be);
			r->mmap_prot = (uint32_t)rd(p + 4, 4, be);
			r->mmap_flags = (uint32_t)rd(p + 8, 4, be);
		} else if (r->ret > 0 && !(c->flags & VDSOSIM_CALL_NULL_ARG1)) {
			r->n_random = (size_t)r->ret < c->random_len ? (size_t)r->ret : c->random_len;
			memcpy(r->random, s, r->n_random);
		}
		break;
	case VDSOSIM_GETCPU:
		if (r->ret == 0) {
			r->has_cpu = !(c->flags & VDSOSIM_CALL_NULL_ARG1);
			r->has_node = !(c->flags & VDSOSIM_CALL_NULL_ARG2);
			r->cpu = (uint32_t)rd(s, 4, be);
			r->node = (uint32_t)rd(s + 64, 4, be);
		}
		break;
	default: break;
	}
}

/* The image's own params query tells the size its opaque state must have. */
static int opaque_size(struct vdsosim_engine *e)
{
	if (e->opaque_size)
		return 0;
	struct vdsosim_call q = { .func = VDSOSIM_GETRANDOM, .flags = VDSOSIM_CALL_RANDOM_PARAMS };
	struct vdsosim_result *r = malloc(sizeof *r);
	if (!r)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	vdsosim_result_init(r);
	int err = vdsosim_engine_call(e, &q, r);
	if (!err && r->ret == 0 && (!r->opaque_size || r->opaque_size > PARAMS_OFF - STATE_OFF))
		err = vs_err(VDSOSIM_EUNSUPPORTED, "%s: getrandom params query gave a state of %u bytes",
			     e->prof->img->info.path, r->opaque_size);
	/* -ENOSYS (arm64 without FPSIMD patched in): no state; every call is the syscall */
	if (!err)
		e->opaque_size = r->ret ? NO_STATE : r->opaque_size;
	vdsosim_result_clear(r);
	free(r);
	return err;
}

static void random_args(struct vdsosim_engine *e, const struct vdsosim_call *c, uint64_t *args)
{
	if (c->flags & VDSOSIM_CALL_RANDOM_PARAMS) {
		uint64_t q[5] = { 0, 0, 0, e->scratch + PARAMS_OFF, ~0ULL };
		memset(e->scratch_mem + PARAMS_OFF, 0, 64);
		memcpy(args, q, sizeof q);
		return;
	}
	if (c->flags & VDSOSIM_CALL_FRESH_STATE) {
		memset(e->scratch_mem + STATE_OFF, 0, PARAMS_OFF - STATE_OFF);
		e->core.random_draws = 0;
	}
	uint64_t buf = c->flags & VDSOSIM_CALL_BAD_PTR ? BAD_PTR : c->flags & VDSOSIM_CALL_NULL_ARG1 ? 0 : e->scratch;
	uint64_t v[5] = { buf, c->random_len, c->random_flags, e->scratch + STATE_OFF,
			  e->opaque_size == NO_STATE ? 0 : e->opaque_size };
	memcpy(args, v, sizeof v);
}

static int fail(struct vdsosim_result *r, int err)
{
	snprintf(r->message, sizeof r->message, "%s", vdsosim_last_error());
	return r->status = err;
}

int vdsosim_engine_call(vdsosim_engine *e, const struct vdsosim_call *c, struct vdsosim_result *r)
{
	struct vs_core *core = &e->core;
	const struct vs_arch_ops *ops = e->prof->ops;
	vs_result_reset(r);
	if (c->func >= VDSOSIM_NFUNCS)
		return fail(r, vs_err(VDSOSIM_EARG, "unknown function %d", (int)c->func));
	int vsys = (c->flags & VDSOSIM_CALL_VSYSCALL) != 0;
	if (vsys && (strcmp(ops->arch, "x86_64") || !vs_vsyscall_entry(c->func)))
		return fail(r, vs_err(VDSOSIM_EARG, "the vsyscall page serves gettimeofday, time and getcpu on x86_64 only"));
	if (!vsys && !e->prof->entry[c->func])
		return fail(r, vs_err(VDSOSIM_ENOTFOUND, "%s does not export %s", e->prof->img->info.path,
				      vdsosim_func_name(c->func)));
	if (c->func == VDSOSIM_GETRANDOM && !(c->flags & VDSOSIM_CALL_RANDOM_PARAMS)) {
		/* before this call's own set-up: the query is a call of its own */
		int err = c->random_len > VDSOSIM_RANDOM_MAX
				  ? vs_err(VDSOSIM_EARG, "getrandom: at most %d bytes per call", VDSOSIM_RANDOM_MAX)
				  : opaque_size(e);
		if (err)
			return fail(r, err);
		vs_result_reset(r);
	}
	int err = vs_core_plan(core, c, r, e->opts.trace);
	if (err)
		return fail(r, err);
	core->res = r;
	core->call = c;
	core->stop = 0;
	core->n_exec = core->n_loads = 0;
	core->m.n_shadow = 0;
	r->now = c->counter;
	memset(e->scratch_mem, 0xa5, 128);
	uint64_t p1 = c->flags & VDSOSIM_CALL_BAD_PTR ? BAD_PTR : c->flags & VDSOSIM_CALL_NULL_ARG1 ? 0 : e->scratch;
	uint64_t p2 = c->flags & VDSOSIM_CALL_NULL_ARG2 ? 0 : e->scratch + 64;
	uint64_t args[5];
	int n = 2;
	switch (vdsosim_func_base(c->func)) {
	case VDSOSIM_CLOCK_GETTIME:
	case VDSOSIM_CLOCK_GETRES:
		args[0] = (uint64_t)(int64_t)c->clock;
		args[1] = c->flags & VDSOSIM_CALL_BAD_PTR ? BAD_PTR : c->flags & VDSOSIM_CALL_NULL_ARG2 ? 0 : e->scratch;
		break;
	case VDSOSIM_TIME: args[0] = p1; n = 1; break;
	case VDSOSIM_GETCPU:
	case VDSOSIM_FLUSH_ICACHE: args[0] = p1; args[1] = p2; args[2] = 0; n = 3; break;
	case VDSOSIM_GETRANDOM: random_args(e, c, args); n = 5; break;
	default: args[0] = p1; args[1] = p2; break;
	}
	/* A call that returned leaves the CPU as the ABI promises (the arguments, stack pointer and
	 * return address are written below; what else it holds the vDSO never reads, as with the stack
	 * memory below the stack pointer): a full restore (~75 ns) only after a stop. */
	if (e->dirty)
		uc_context_restore(e->uc, e->ctx);
	e->dirty = 1;
	uint64_t entry = vsys ? vs_vsyscall_entry(c->func) : core->m.base + e->prof->entry[c->func];
	int audit = e->abi && (e->opts.trace & VDSOSIM_TRACE_AUDIT);
	if (audit) /* a value of its own in every register, then the arguments over them */
		for (size_t i = 0; i < e->abi->n; i++)
			vs_set_reg(&core->m, e->abi->regs[i].uc, 0x5a5a5a5a00000000ull | (0x1111u * (unsigned)(i + 1)));
	ops->prepare(&core->m, args, n);
	core->entry_sp = core->low_sp = vs_reg(&core->m, ops->sp_reg);
	e->min_sp = core->entry_sp;
	e->red = 0;
	e->pending = UINT64_MAX;
	if (audit)
		for (size_t i = 0; i < e->abi->n; i++)
			e->regs_in[i] = vs_reg(&core->m, e->abi->regs[i].uc);
	core->blk_start = core->blk_end = 0;
	r->time_bytes = time_bytes(e, c->func);
	uc_err uerr = uc_emu_start(e->uc, entry, core->m.ret_addr, 0, 0);
	uint64_t pc = vs_reg(&core->m, ops->pc_reg);
	if (core->stop == VDSOSIM_EFAULT || (uerr && !core->stop)) {
		r->fault_pc = pc - core->m.base;
		vdsosim_profile_disasm(e->prof, r->fault_pc, r->fault_insn, sizeof r->fault_insn);
		if (!core->stop)
			snprintf(r->message, sizeof r->message, "%s", uc_strerror(uerr));
		char msg[sizeof r->message];
		if (vs_in_image(&core->m, pc))
			snprintf(msg, sizeof msg, "%.150s at pc image+0x%llx (%.60s)", r->message,
				 (unsigned long long)r->fault_pc, r->fault_insn);
		else
			snprintf(msg, sizeof msg, "%.150s at pc 0x%llx, outside the image", r->message,
				 (unsigned long long)pc);
		memcpy(r->message, msg, sizeof msg);
		core->stop = VDSOSIM_EFAULT;
	} else if (!core->stop && pc != core->m.ret_addr) {
		vs_stop(&core->m, VDSOSIM_EFAULT, "emulation stopped at 0x%llx before returning", (unsigned long long)pc);
	}
	core->call = NULL;
	e->dirty = core->stop != 0;
	r->path = r->n_syscalls ? VDSOSIM_PATH_SYSCALL : VDSOSIM_PATH_VDSO;
	r->stack_bytes = e->opts.trace & (VDSOSIM_TRACE_STACK | VDSOSIM_TRACE_AUDIT) ? core->entry_sp - core->low_sp : 0;
	r->retries = vs_core_count_retries(r);
	if (audit) {
		settle(e, vs_reg(&core->m, ops->sp_reg));
		uint64_t low = core->low_sp < e->min_sp ? core->low_sp : e->min_sp;
		r->audit.stack_bytes = core->entry_sp - low;
		r->audit.red_zone_bytes = e->red;
		for (size_t i = 0; !core->stop && i < e->abi->n; i++)
			if (vs_reg(&core->m, e->abi->regs[i].uc) != e->regs_in[i])
				r->audit.regs_changed |= 1ull << i;
	}
	if (core->stop) {
		r->status = core->stop;
		return vs_err(core->stop, "%s: %s: %s", e->prof->img->info.path, vdsosim_func_name(c->func), r->message);
	}
	read_outputs(e, c, r);
	return 0;
}

int vdsosim_engine_batch(vdsosim_engine *e, const struct vdsosim_call *c, size_t n, struct vdsosim_timespec *out,
			 struct vdsosim_result *r)
{
	struct vs_core *core = &e->core;
	const struct vs_arch_ops *ops = e->prof->ops;
	if (vdsosim_func_base(c->func) != VDSOSIM_CLOCK_GETTIME || time_bytes(e, c->func) != 8 ||
	    !e->prof->entry[c->func] || c->n_updates)
		return vs_err(VDSOSIM_EARG, "the batch API runs clock_gettime with a 64-bit timespec and no updates");
	vs_result_reset(r);
	if (!e->driver) { /* no guest loop for this arch: one call at a time, counters continuing */
		struct vdsosim_call one = *c;
		struct vdsosim_result tmp;
		vdsosim_result_init(&tmp);
		int err = 0;
		for (size_t i = 0; i < n && !err; i++) {
			if ((err = vdsosim_engine_call(e, &one, &tmp))) {
				r->status = tmp.status;
				memcpy(r->message, tmp.message, sizeof r->message);
				break;
			}
			out[i] = (struct vdsosim_timespec){ tmp.tv_sec, tmp.tv_nsec };
			one.counter += (uint64_t)c->counter_step * (tmp.n_counter ? tmp.n_counter : 1);
			r->insns += tmp.insns;
			for (size_t k = 0; k < tmp.n_counter; k++) {
				grow_counter(r);
				if (r->n_counter < r->cap_counter)
					r->counter_reads[r->n_counter++] = tmp.counter_reads[k];
			}
		}
		vdsosim_result_clear(&tmp);
		return err;
	}
	struct vdsosim_call plan = *c;
	core->res = r;
	core->call = &plan;
	core->stall_update = -1;
	uint64_t budget = e->opts.insn_budget;
	int err = 0;
	for (size_t done = 0; done < n;) {
		size_t k = n - done < BATCH_MAX ? n - done : BATCH_MAX;
		core->stop = 0;
		core->n_exec = core->n_loads = 0;
		core->blk_start = core->blk_end = 0;
		core->budget = r->insns + budget * k;
		uc_context_restore(e->uc, e->ctx);
		e->dirty = 1;
		ops->prepare(&core->m, NULL, 0); /* stack and return address */
		ops->batch_prepare(&core->m, core->m.base + e->prof->entry[c->func], c->clock, e->batch_buf, k);
		uc_err uerr = uc_emu_start(e->uc, e->driver, core->m.ret_addr, 0, 0);
		if (uerr || core->stop || vs_reg(&core->m, ops->pc_reg) != core->m.ret_addr) {
			r->status = core->stop ? core->stop : VDSOSIM_EFAULT;
			if (!core->stop)
				snprintf(r->message, sizeof r->message, "batch: %s", uc_strerror(uerr));
			err = vs_err(r->status, "%s: batch: %s", e->prof->img->info.path, r->message);
			break;
		}
		for (size_t i = 0; i < k; i++)
			out[done + i] = (struct vdsosim_timespec){ (int64_t)vs_get(e->batch_mem + 16 * i, 8, 0),
								   (int64_t)vs_get(e->batch_mem + 16 * i + 8, 8, 0) };
		done += k;
	}
	core->budget = budget;
	core->call = NULL;
	return err;
}
