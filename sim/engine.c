/* The generic machine: maps, hooks, runs one call, records what happened. Per-architecture
 * knowledge stays in the backend (sim/arch/); per-era knowledge in the layout table. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"

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

static void grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return;
	size_t nc = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, nc * elem);
	if (p) {
		*arr = p;
		*cap = nc;
	}
}
#define PUSH(r, arr, n, cap) (grow((void **)&(r)->arr, &(r)->cap, (r)->n, sizeof *(r)->arr), (r)->n < (r)->cap)

void vdsosim_result_init(struct vdsosim_result *r) { memset(r, 0, sizeof *r); }

void vdsosim_result_clear(struct vdsosim_result *r)
{
	free(r->syscalls);
	free(r->counter_reads);
	free(r->vvar_reads);
	free(r->trace);
	memset(r, 0, sizeof *r);
}

/* Every call: clears the scalars, keeps the record arrays; the getrandom bytes are valid only up
 * to n_random, so they are left alone. */
static void result_reset(struct vdsosim_result *r)
{
	struct vdsosim_syscall_rec *sc = r->syscalls;
	struct vdsosim_counter_rec *cr = r->counter_reads;
	struct vdsosim_vvar_rec *vr = r->vvar_reads;
	uint64_t *tr = r->trace;
	size_t caps[4] = { r->cap_syscalls, r->cap_counter, r->cap_vvar, r->cap_trace };
	memset(r, 0, offsetof(struct vdsosim_result, random));
	r->syscalls = sc, r->counter_reads = cr, r->vvar_reads = vr, r->trace = tr;
	r->cap_syscalls = caps[0], r->cap_counter = caps[1], r->cap_vvar = caps[2], r->cap_trace = caps[3];
}

/* Registers through host integers of the register's own width: right on any host byte order. */
uint64_t vs_reg(struct vdsosim_engine *e, int id)
{
	if (e->ops->reg_bytes == 4) {
		uint32_t v = 0;
		uc_reg_read(e->uc, id, &v);
		return v;
	}
	uint64_t v = 0;
	uc_reg_read(e->uc, id, &v);
	return v;
}

void vs_set_reg(struct vdsosim_engine *e, int id, uint64_t v)
{
	if (e->ops->reg_bytes == 4) {
		uint32_t w = (uint32_t)v;
		uc_reg_write(e->uc, id, &w);
	} else {
		uc_reg_write(e->uc, id, &v);
	}
}

void vs_engine_stop(struct vdsosim_engine *e, int status, const char *fmt, ...)
{
	if (e->stop)
		return;
	e->stop = status;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->res->message, sizeof e->res->message, fmt, ap);
	va_end(ap);
	uc_emu_stop(e->uc);
}

static uint64_t ninsns(const struct vdsosim_engine *e, uint64_t a, uint64_t b)
{
	return e->cum[b - e->base] - e->cum[a - e->base];
}

/* Instructions executed before `pc` (exact: the block hook counted the whole current block). */
static uint64_t insns_before(const struct vdsosim_engine *e, uint64_t pc)
{
	uint64_t rest = pc >= e->blk_start && pc < e->blk_end ? ninsns(e, pc, e->blk_end) : 0;
	return e->res->insns - rest;
}

/* The counter as the call's plan has it at this moment: per read and per instruction. */
static uint64_t counter_now(struct vdsosim_engine *e, uint64_t pc)
{
	const struct vdsosim_call *c = e->call;
	uint64_t v = c->counter + (uint64_t)c->counter_step * e->res->n_counter;
	if (c->counter_per_insn && pc)
		v += (uint64_t)c->counter_per_insn * insns_before(e, pc);
	return v;
}

static void maybe_inject(struct vdsosim_engine *e, enum vdsosim_point_kind kind, uint64_t n, uint64_t pc)
{
	const struct vdsosim_call *c = e->call;
	for (int i = 0; i < 2; i++)
		if (c->at[i].kind == kind && c->at[i].n == n && !e->res->fired[i] && c->inject) {
			e->res->fired[i] = 1;
			e->res->fired_pc[i] = pc - e->base;
			c->inject(e, i, c->inject_ud);
		}
}

/* ---- hooks ------------------------------------------------------------------------------- */

static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vdsosim_engine *e = ud;
	(void)uc;
	uint64_t off = addr - e->base, span = e->img->info.load_size;
	if (size > span - off) { /* the hook range checks a block's start only */
		vs_engine_stop(e, VDSOSIM_EFAULT, "execution ran past the end of the image from image+0x%llx",
			       (unsigned long long)off);
		return;
	}
	if (!e->start[off]) {
		vs_engine_stop(e, VDSOSIM_ECOUNTER,
			       "execution reached image+0x%llx, which decoding did not see as an instruction start: "
			       "a counter read there could not be intercepted",
			       (unsigned long long)off);
		return;
	}
	e->blk_start = addr;
	e->blk_end = addr + size;
	e->res->insns += ninsns(e, addr, addr + size);
	if (e->res->insns > e->opts.insn_budget)
		vs_engine_stop(e, VDSOSIM_EBUDGET, "instruction budget of %llu exceeded at image+0x%llx",
			       (unsigned long long)e->opts.insn_budget, (unsigned long long)off);
}

/* The site is emulated and skipped: the rest of its block will run as a new block. */
static void uncount_rest(struct vdsosim_engine *e, const struct vs_site *s)
{
	uint64_t next = e->base + s->pub.addr + s->pub.size;
	if (next <= e->blk_end)
		e->res->insns -= ninsns(e, next, e->blk_end);
}

/* One turn of a reader waiting for an odd seq: a stalled writer may finish here; a writer that
 * never does ends the call with a report. Returns 1 when the call is stopped. */
static int count_spin(struct vdsosim_engine *e, uint64_t pc)
{
	struct vdsosim_result *r = e->res;
	maybe_inject(e, VDSOSIM_AT_SPIN, r->spins, pc);
	if (++r->spins <= e->opts.spin_limit)
		return 0;
	vs_engine_stop(e, VDSOSIM_ESPIN, "seq never settled: %u spins at image+0x%llx (a stalled writer?)",
		       r->spins - 1, (unsigned long long)(pc - e->base));
	return 1;
}

static void hook_site(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vs_site *s = ud;
	struct vdsosim_engine *e = s->e;
	struct vdsosim_result *r = e->res;
	(void)uc;
	(void)size;
	if (s->unknown) {
		vs_engine_stop(e, VDSOSIM_ECOUNTER, "%s at image+0x%llx reads a counter the %s backend does not emulate",
			       s->pub.text, (unsigned long long)(addr - e->base), e->ops->arch);
		return;
	}
	switch (s->pub.kind) {
	case VDSOSIM_SITE_COUNTER: {
		maybe_inject(e, VDSOSIM_AT_READ, r->n_counter, addr);
		uint64_t v = counter_now(e, addr);
		r->now = v;
		if (PUSH(r, counter_reads, n_counter, cap_counter))
			r->counter_reads[r->n_counter] = (struct vdsosim_counter_rec){ addr - e->base, v };
		r->n_counter++;
		e->ops->emulate(e, s, v);
		uncount_rest(e, s);
		break;
	}
	case VDSOSIM_SITE_CPU:
		e->ops->emulate(e, s, ((uint64_t)e->model->st.node << 12) | (e->model->st.cpu & 0xfff));
		uncount_rest(e, s);
		break;
	case VDSOSIM_SITE_SHADOW:
		e->ops->emulate(e, s, 0);
		uncount_rest(e, s);
		break;
	case VDSOSIM_SITE_SPIN:
		if (e->ops->no_spin_insn)
			e->ops->emulate(e, s, 0); /* counted at the odd seq load; unicorn cannot run it */
		else
			count_spin(e, addr);
		break;
	default: break;
	}
}

static void hook_insn(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vdsosim_engine *e = ud;
	struct vdsosim_result *r = e->res;
	(void)uc;
	(void)size;
	if (e->opts.trace & VDSOSIM_TRACE_INJECT) {
		maybe_inject(e, VDSOSIM_AT_INSN, e->n_exec, addr);
		maybe_inject(e, VDSOSIM_AT_PC, addr - e->base, addr);
		e->n_exec++;
	}
	if ((e->opts.trace & VDSOSIM_TRACE_INSNS) && PUSH(r, trace, n_trace, cap_trace))
		r->trace[r->n_trace++] = addr - e->base;
}

static uint64_t get_le_be(const uint8_t *p, int n, int be)
{
	uint64_t v = 0;
	for (int i = 0; i < n; i++)
		v |= (uint64_t)p[be ? n - 1 - i : i] << (8 * i);
	return v;
}

static void hook_vvar(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	struct vdsosim_engine *e = ud;
	struct vdsosim_result *r = e->res;
	(void)type;
	(void)value;
	(void)uc;
	uint64_t pc = vs_reg(e, e->ops->pc_reg);
	uint64_t off = addr - e->data_base;
	int n = size > 8 ? 8 : size;
	if (off + (uint64_t)n > e->data_len)
		return;
	maybe_inject(e, VDSOSIM_AT_LOAD, e->n_loads++, pc); /* before the load: it sees the update */
	if (e->ops->no_spin_insn && vs_layout_is_seq(e->layout, (uint32_t)(off / e->layout->page_size),
						     (uint32_t)(off % e->layout->page_size)) &&
	    (get_le_be(e->data + off, 4, e->img->info.big_endian) & 1) && count_spin(e, pc))
		return;
	if ((e->opts.trace & VDSOSIM_TRACE_VVAR) && PUSH(r, vvar_reads, n_vvar, cap_vvar))
		r->vvar_reads[r->n_vvar++] = (struct vdsosim_vvar_rec){
			pc - e->base, e->n_exec ? e->n_exec - 1 : 0, (uint32_t)(off / e->layout->page_size), (uint32_t)(off % e->layout->page_size),
			(uint32_t)size, get_le_be(e->data + off, n, e->img->info.big_endian) };
}

static void hook_stack(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	struct vdsosim_engine *e = ud;
	(void)uc;
	(void)type;
	(void)size;
	(void)value;
	if (addr < e->low_sp)
		e->low_sp = addr;
}

static bool hook_fault(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	struct vdsosim_engine *e = ud;
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
	e->res->fault_addr = addr;
	if (!e->stop) {
		e->stop = VDSOSIM_EFAULT;
		snprintf(e->res->message, sizeof e->res->message, "%s address 0x%llx", w, (unsigned long long)addr);
	}
	return false;
}

/* ---- syscalls: generic semantics, answered from the model -------------------------------- */

static void put(uint8_t *p, uint64_t v, int n, int be)
{
	for (int i = 0; i < n; i++)
		p[be ? n - 1 - i : i] = (uint8_t)(v >> (8 * i));
}

static int copy_out(struct vdsosim_engine *e, uint64_t addr, const uint64_t *v, int n, int width)
{
	uint8_t buf[64];
	for (int i = 0; i < n; i++)
		put(buf + i * width, v[i], width, e->img->info.big_endian);
	return uc_mem_write(e->uc, addr, buf, (size_t)(n * width)) == UC_ERR_OK ? 0 : -LX_EFAULT;
}

int64_t vs_engine_syscall(struct vdsosim_engine *e, uint64_t nr, const uint64_t a[6])
{
	struct vdsosim_result *r = e->res;
	const struct vs_sysno *sn = NULL;
	for (size_t i = 0; i < e->ops->n_sysnos; i++)
		if (e->ops->sysnos[i].nr == nr)
			sn = &e->ops->sysnos[i];
	if (PUSH(r, syscalls, n_syscalls, cap_syscalls)) {
		r->syscalls[r->n_syscalls] = (struct vdsosim_syscall_rec){ .nr = nr, .name = sn ? sn->name : "unknown" };
		memcpy(r->syscalls[r->n_syscalls].args, a, sizeof r->syscalls->args);
	}
	size_t idx = r->n_syscalls++;
	if (!sn) {
		vs_engine_stop(e, VDSOSIM_ESYSCALL, "unknown syscall %llu (%s ABI) from the vDSO", (unsigned long long)nr,
			       e->ops->arch);
		return -38; /* ENOSYS */
	}
	const vdsosim_model *m = e->model;
	uint64_t now = counter_now(e, 0);
	r->now = now;
	if (idx < r->cap_syscalls)
		r->syscalls[idx].counter = now;
	int w = e->ops->word;
	struct vdsosim_timespec ts;
	int64_t ret = 0;
	switch (sn->op) {
	case VS_SYS_CLOCK_GETTIME64:
	case VS_SYS_CLOCK_GETRES64: w = 8; /* struct __kernel_timespec */
		if (sn->op == VS_SYS_CLOCK_GETRES64)
			goto getres;
		/* fall through */
	case VS_SYS_CLOCK_GETTIME:
		ret = vdsosim_model_clock_gettime(m, now, (int32_t)a[0], &ts);
		if (!ret) {
			uint64_t v[2] = { (uint64_t)ts.sec, (uint64_t)ts.nsec };
			ret = copy_out(e, a[1], v, 2, w);
		}
		break;
	case VS_SYS_CLOCK_GETRES:
	getres:
		ret = vdsosim_model_clock_getres(m, (int32_t)a[0], &ts);
		if (!ret && a[1]) {
			uint64_t v[2] = { (uint64_t)ts.sec, (uint64_t)ts.nsec };
			ret = copy_out(e, a[1], v, 2, w);
		}
		break;
	case VS_SYS_GETTIMEOFDAY:
		if (a[0]) {
			vdsosim_model_clock_gettime(m, now, 0, &ts);
			uint64_t v[2] = { (uint64_t)ts.sec, (uint64_t)(ts.nsec / 1000) };
			ret = copy_out(e, a[0], v, 2, w);
		}
		if (!ret && a[1]) {
			uint64_t v[2] = { (uint32_t)m->st.tz_minuteswest, (uint32_t)m->st.tz_dsttime };
			ret = copy_out(e, a[1], v, 2, 4);
		}
		break;
	case VS_SYS_TIME:
		ret = vdsosim_model_time(m);
		if (a[0]) {
			uint64_t v = (uint64_t)ret;
			if (copy_out(e, a[0], &v, 1, w))
				ret = -LX_EFAULT;
		}
		break;
	case VS_SYS_FLUSH_ICACHE: ret = 0; break; /* nothing to flush in the model */
	case VS_SYS_GETRANDOM: { /* the model's entropy: a fixed stream per draw, never the host's */
		uint8_t buf[4096];
		size_t n = a[1] < sizeof buf ? (size_t)a[1] : sizeof buf;
		vdsosim_model_random(e->random_draws++, buf, n);
		ret = uc_mem_write(e->uc, a[0], buf, n) == UC_ERR_OK ? (int64_t)n : -LX_EFAULT;
		break;
	}
	case VS_SYS_GETCPU: {
		uint64_t cpu = m->st.cpu, node = m->st.node;
		if (a[0])
			ret = copy_out(e, a[0], &cpu, 1, 4);
		if (!ret && a[1])
			ret = copy_out(e, a[1], &node, 1, 4);
		break;
	}
	}
	if (idx < r->cap_syscalls)
		r->syscalls[idx].ret = ret;
	return ret;
}

/* ---- life cycle -------------------------------------------------------------------------- */

/* svc/ecall: the backend's ABI, declared in its ops table */
static void hook_trap(uc_engine *uc, uint32_t intno, void *ud)
{
	struct vdsosim_engine *e = ud;
	const struct vs_arch_ops *o = e->ops;
	(void)uc;
	if (o->trap_abi.intno && intno == o->trap_abi.intno) {
		uint64_t a[6];
		for (int i = 0; i < 6; i++)
			a[i] = vs_reg(e, o->trap_abi.arg[i]);
		vs_set_reg(e, o->trap_abi.ret, (uint64_t)vs_engine_syscall(e, vs_reg(e, o->trap_abi.nr), a));
	} else if (o->trap) {
		o->trap(e, intno);
	} else {
		vs_engine_stop(e, VDSOSIM_EFAULT, "CPU exception %u at pc image+0x%llx", intno,
			       (unsigned long long)(vs_reg(e, o->pc_reg) - e->base));
	}
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

static int map_image(struct vdsosim_engine *e)
{
	const struct vdsosim_image_info *in = &e->img->info;
	uc_err err = uc_mem_map(e->uc, e->base, in->load_size, UC_PROT_READ | UC_PROT_EXEC);
	if (err)
		return uc_fail(err, "map image");
	for (size_t i = 0; i < in->n_segments; i++) {
		const struct vdsosim_segment *s = &in->segments[i];
		if ((err = uc_mem_write(e->uc, e->base + s->vaddr, e->img->bytes + s->offset, s->filesz)))
			return uc_fail(err, "write image");
	}
	return 0;
}

static const struct { enum vs_page_role role; enum vdsosim_clock_mode mode; } vclocks[] = {
	{ VS_PAGE_PVCLOCK, VDSOSIM_MODE_PVCLOCK }, { VS_PAGE_HVCLOCK, VDSOSIM_MODE_HVCLOCK } };

static int add_hooks(struct vdsosim_engine *e)
{
	uc_hook h;
	uint64_t lo = e->base, hi = e->base + e->img->info.load_size - 1;
	uc_err err = uc_hook_add(e->uc, &h, UC_HOOK_BLOCK, (void *)hook_block, e, lo, hi);
	for (size_t i = 0; !err && i < e->n_sites; i++) {
		uint64_t a = e->base + e->sites[i].pub.addr;
		if (e->sites[i].pub.kind != VDSOSIM_SITE_SYSCALL)
			err = uc_hook_add(e->uc, &h, UC_HOOK_CODE, (void *)hook_site, &e->sites[i], a, a);
	}
	if (!err && (e->opts.trace & (VDSOSIM_TRACE_INSNS | VDSOSIM_TRACE_INJECT)))
		err = uc_hook_add(e->uc, &h, UC_HOOK_CODE, (void *)hook_insn, e, lo, hi);
	if (!err && ((e->opts.trace & (VDSOSIM_TRACE_VVAR | VDSOSIM_TRACE_INJECT)) || e->ops->no_spin_insn))
		err = uc_hook_add(e->uc, &h, UC_HOOK_MEM_READ, (void *)hook_vvar, e, e->data_base,
				  e->data_base + e->data_len - 1);
	if (!err && (e->opts.trace & VDSOSIM_TRACE_STACK))
		err = uc_hook_add(e->uc, &h, UC_HOOK_MEM_WRITE, (void *)hook_stack, e, STACK_BASE,
				  STACK_BASE + STACK_SIZE - 1);
	if (!err)
		err = uc_hook_add(e->uc, &h, UC_HOOK_MEM_INVALID, (void *)hook_fault, e, 1, 0);
	return err ? uc_fail(err, "hook") : 0;
}

static int probe_vclocks(struct vdsosim_engine *e);

/* The code's own view of where its data lives picks the row and the page size: the lowest
 * pc-relative data reference falls in the first data page (a native arm vDSO has one page below
 * it, an arm64 kernel's compat vdso32 two; an arm64 kernel may use 4K, 16K or 64K pages). */
static int choose_layout(struct vdsosim_engine *e, const struct vs_layout **cand, size_t nc, int skip)
{
	static const uint32_t sizes[] = { 4096, 16384, 65536 };
	int64_t ref = e->lo_ref;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nc; i++)
			for (size_t k = 0; k < 3; k++) {
				uint32_t ps = cand[i]->page_size ? cand[i]->page_size : sizes[k];
				int64_t span = (int64_t)cand[i]->n_pages * ps;
				int fits = ref == 0 || ref >= -span;
				int first = ref == 0 || (ref >= -span && ref < -span + ps);
				if (((pass == 0 && first) || (pass == 1 && fits)) && skip-- <= 0) {
					e->lay = *cand[i];
					e->lay.page_size = ps;
					e->layout = &e->lay;
					return 0;
				}
				if (cand[i]->page_size)
					break;
			}
	return vs_err(VDSOSIM_EUNSUPPORTED, "%s: code references data at image-0x%llx, below the data pages of %s",
		      e->img->info.path, (unsigned long long)-ref, cand[0]->name);
}

static int build(struct vdsosim_engine *e)
{
	const struct vdsosim_image_info *in = &e->img->info;
	uc_err err;
	int r;
	e->data_len = (size_t)e->layout->n_pages * e->layout->page_size;
	e->data_base = e->base - e->data_len;
	e->data = page_alloc(e->data_len);
	e->stack = page_alloc(STACK_SIZE);
	e->scratch_mem = page_alloc(PAGE);
	if (!e->data || !e->stack || !e->scratch_mem)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	if ((err = uc_open(e->ops->uc_arch, e->uc_mode, &e->uc)))
		return uc_fail(err, "open");
	if ((r = map_image(e)))
		return r;
	/* host-backed: the model writes the pages directly, and reads cost nothing extra */
	if ((err = uc_mem_map_ptr(e->uc, e->data_base, e->data_len, UC_PROT_READ, e->data)) ||
	    (err = uc_mem_map_ptr(e->uc, STACK_BASE, STACK_SIZE, UC_PROT_READ | UC_PROT_WRITE, e->stack)) ||
	    (err = uc_mem_map_ptr(e->uc, SCRATCH, PAGE, UC_PROT_READ | UC_PROT_WRITE, e->scratch_mem)) ||
	    (err = uc_mem_map(e->uc, RET_PAGE, PAGE, UC_PROT_READ | UC_PROT_EXEC)))
		return uc_fail(err, "map");
	if (e->ops->batch_code) {
		e->batch_mem = page_alloc(BATCH_MAX * 16);
		if (!e->batch_mem)
			return vs_err(VDSOSIM_ENOMEM, "out of memory");
		if ((err = uc_mem_map(e->uc, DRIVER_PAGE, PAGE, UC_PROT_READ | UC_PROT_EXEC)) ||
		    (err = uc_mem_write(e->uc, DRIVER_PAGE, e->ops->batch_code, e->ops->batch_len)) ||
		    (err = uc_mem_map_ptr(e->uc, BATCH_BUF, BATCH_MAX * 16, UC_PROT_READ | UC_PROT_WRITE, e->batch_mem)))
			return uc_fail(err, "map batch driver");
		e->driver = DRIVER_PAGE;
		e->batch_buf = BATCH_BUF;
	}
	e->stack_base = STACK_BASE;
	e->stack_top = STACK_BASE + STACK_SIZE - 0x100;
	e->scratch = SCRATCH;
	e->ret_addr = RET_PAGE;
	for (int i = 0; i < e->layout->n_pages; i++) {
		int64_t rel = -(int64_t)((e->layout->n_pages - i) * e->layout->page_size);
		e->pages[i] = (struct vdsosim_page_desc){ e->layout->page[i].mapping == VS_MAP_VVAR ? "[vvar]" : "[vvar_vclock]",
							  vs_page_role_name(e->layout->page[i].role), rel };
	}
	if (e->ops->trap_abi.intno || e->ops->trap) {
		uc_hook h;
		if ((err = uc_hook_add(e->uc, &h, UC_HOOK_INTR, (void *)hook_trap, e, 1, 0)))
			return uc_fail(err, "trap hook");
	}
	if ((e->ops->setup && (r = e->ops->setup(e))) || (r = add_hooks(e)))
		return r;
	for (int f = 0; f < VDSOSIM_NFUNCS; f++) {
		const struct vdsosim_symbol *s = vdsosim_image_find(e->img, vdsosim_func_name((enum vdsosim_func)f));
		e->entry[f] = s ? s->value : 0;
	}
	e->model->era = e->layout;
	vs_vvar_write(e->model, e->layout, e->data, in->big_endian);
	if ((err = uc_context_alloc(e->uc, &e->ctx)) || (err = uc_context_save(e->uc, e->ctx)))
		return uc_fail(err, "context");
	probe_vclocks(e);
	vs_engine_bind_model(e);
	return 0;
}

void vs_engine_bind_model(struct vdsosim_engine *e)
{
	e->model->era = e->layout;
	e->model->modes_unbuilt = e->modes_unbuilt | e->ops->fallback_modes;
	e->model->funcs_syscall = e->ops->syscall_funcs;
}

/* A build without CONFIG_PARAVIRT_CLOCK / CONFIG_HYPERV_TIMER returns U64_MAX for that mode without
 * reading the TSC; with it, the pvclock/Hyper-V reader reads the TSC. Ask the image's own
 * clock_gettime once per paravirt mode (no memory hook: any read hook slows every load). */
static int probe_vclocks(struct vdsosim_engine *e)
{
	vdsosim_model saved = *e->model;
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	e->modes_unbuilt = 0;
	for (size_t i = 0; i < 2; i++) {
		int p = vs_layout_page(e->layout, vclocks[i].role);
		if (p < 0 || !e->entry[VDSOSIM_CLOCK_GETTIME]) {
			e->modes_unbuilt |= 1u << vclocks[i].mode;
			continue;
		}
		vs_model_change_clocksource(e->model, e->model->st.counter, vclocks[i].mode);
		vdsosim_engine_sync(e);
		struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, e->model->st.counter };
		vdsosim_engine_call(e, &c, &r);
		if (!r.n_counter)
			e->modes_unbuilt |= 1u << vclocks[i].mode;
		*e->model = saved;
	}
	vdsosim_result_clear(&r);
	vdsosim_engine_sync(e);
	return 0;
}

int vdsosim_engine_new(vdsosim_engine **out, const vdsosim_image *img, vdsosim_model *model,
		       const struct vdsosim_engine_opts *opts)
{
	*out = NULL;
	if (!img || !model)
		return vs_err(VDSOSIM_EARG, "engine needs an image and a model");
	if (opts && (opts->insn_budget > VDSOSIM_MAX_BUDGET || opts->spin_limit > VDSOSIM_MAX_SPINS))
		return vs_err(VDSOSIM_EARG, "instruction budget at most %d and spin limit at most %d per call",
			      VDSOSIM_MAX_BUDGET, VDSOSIM_MAX_SPINS);
	const struct vdsosim_image_info *in = &img->info;
	const struct vs_arch_ops *ops = vs_arch_find(in->arch);
	if (!ops)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: architecture %s cannot be emulated yet", in->path, in->arch);
	const struct vs_layout *cand[8];
	size_t nc = vs_layout_candidates(in->arch, in->kernel_version, cand, 8);
	if (!nc)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: no data-page layout for %s kernel %s", in->path, in->arch,
			      in->kernel_version ? in->kernel_version_str : "(no Linux version note)");
	for (int skip = 0;; skip++) {
		struct vdsosim_engine *e = calloc(1, sizeof *e);
		if (!e)
			return vs_err(VDSOSIM_ENOMEM, "out of memory");
		e->img = img;
		e->model = model;
		e->ops = ops;
		e->base = IMAGE_BASE;
		if (opts)
			e->opts = *opts;
		if (!e->opts.insn_budget)
			e->opts.insn_budget = 100000;
		if (!e->opts.spin_limit)
			e->opts.spin_limit = 1000;
		int r = vs_decode_sites(e);
		if (!r)
			r = choose_layout(e, cand, nc, skip);
		if (!r)
			r = build(e);
		if (!r && ops->confirm && !ops->confirm(e) && skip + 1 < (int)nc) {
			vdsosim_engine_free(e); /* the image behaves as another family's: try that */
			continue;
		}
		if (r) {
			vdsosim_engine_free(e);
			return r;
		}
		*out = e;
		return 0;
	}
}

void vdsosim_engine_free(vdsosim_engine *e)
{
	if (!e)
		return;
	if (e->ctx)
		uc_context_free(e->ctx);
	if (e->uc)
		uc_close(e->uc);
	free(e->data);
	free(e->stack);
	free(e->scratch_mem);
	free(e->batch_mem);
	free(e->sites);
	free(e->pub_sites);
	free(e->cum);
	free(e->start);
	if (e->cs)
		cs_close(&e->cs);
	free(e);
}

int vdsosim_engine_sync(vdsosim_engine *e)
{
	memset(e->data, 0, e->data_len); /* the model is the whole truth: no stale bytes from before */
	vs_vvar_write(e->model, e->layout, e->data, e->img->info.big_endian);
	return 0;
}

static int load_mapping(vdsosim_engine *e, enum vs_mapping m, const char *what, const void *pages, size_t len)
{
	const struct vs_layout *l = e->layout;
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
		uint8_t *dst = e->data + (size_t)i * ps;
		if ((size_t)k * ps < len)
			memcpy(dst, src + (size_t)k * ps, ps);
		else
			memset(dst, 0, ps);
		k++;
	}
	return vs_vvar_read(e->model, l, e->data, e->img->info.big_endian);
}

int vdsosim_engine_load_vvar(vdsosim_engine *e, const void *pages, size_t len)
{
	return load_mapping(e, VS_MAP_VVAR, "[vvar]", pages, len);
}

int vdsosim_engine_load_vclock(vdsosim_engine *e, const void *pages, size_t len)
{
	return load_mapping(e, VS_MAP_VCLOCK, "[vvar_vclock]", pages, len);
}

const char *vdsosim_engine_layout_name(const vdsosim_engine *e) { return e->layout->name; }

vdsosim_model *vdsosim_engine_model(vdsosim_engine *e) { return e->model; }

const char *vdsosim_engine_mode_name(const vdsosim_engine *e, enum vdsosim_clock_mode m)
{
	return m < VDSOSIM_NMODES ? e->layout->mode_name[m] : NULL;
}

int vdsosim_engine_write(vdsosim_engine *e, int stores)
{
	return vs_vvar_write_steps(e->model, e->layout, e->data, e->img->info.big_endian, stores < 0 ? 1 << 30 : stores);
}

const char *vdsosim_engine_field_name(const vdsosim_engine *e, uint32_t page, uint32_t offset, char *buf,
				      size_t len)
{
	int in_ns = e->model->ns.active && vs_layout_page(e->layout, VS_PAGE_TIMENS) >= 0;
	return vs_layout_field_name(e->layout, page, offset, in_ns, buf, len);
}

size_t vdsosim_engine_sites(const vdsosim_engine *e, const struct vdsosim_site **sites)
{
	*sites = e->pub_sites;
	return e->n_sites;
}

size_t vdsosim_engine_pages(const vdsosim_engine *e, const struct vdsosim_page_desc **pages)
{
	*pages = e->pages;
	return e->layout->n_pages;
}

/* ---- one call ------------------------------------------------------------------------------ */

static uint64_t rd(const uint8_t *p, int n, int be) { return get_le_be(p, n, be); }

static int64_t sext(uint64_t v, int w) { return w == 8 ? (int64_t)v : (int64_t)(int32_t)(uint32_t)v; }

static int time_bytes(const struct vdsosim_engine *e, enum vdsosim_func f)
{
	return f == VDSOSIM_CLOCK_GETTIME64 || f == VDSOSIM_CLOCK_GETRES_TIME64 ? 8 : e->ops->word;
}

/* Scratch page: outputs at 0 (getrandom's buffer too), the opaque state at STATE_OFF (it must
 * not straddle a page), the params query's answer at PARAMS_OFF. */
enum { STATE_OFF = 2048, PARAMS_OFF = 3072 };
#define NO_STATE UINT32_MAX

static void read_outputs(struct vdsosim_engine *e, const struct vdsosim_call *c, struct vdsosim_result *r)
{
	int w = time_bytes(e, c->func), be = e->img->info.big_endian;
	const uint8_t *s = e->scratch_mem;
	r->time_bytes = w;
	r->ret = sext(e->ops->retval(e), vdsosim_func_base(c->func) == VDSOSIM_TIME ? w : e->ops->reg_bytes);
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
			     e->img->info.path, r->opaque_size);
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
		e->random_draws = 0;
	}
	uint64_t buf = c->flags & VDSOSIM_CALL_BAD_PTR ? BAD_PTR : c->flags & VDSOSIM_CALL_NULL_ARG1 ? 0 : e->scratch;
	uint64_t v[5] = { buf, c->random_len, c->random_flags, e->scratch + STATE_OFF,
			  e->opaque_size == NO_STATE ? 0 : e->opaque_size };
	memcpy(args, v, sizeof v);
}

int vdsosim_engine_call(vdsosim_engine *e, const struct vdsosim_call *c, struct vdsosim_result *r)
{
	result_reset(r);
	if (c->func >= VDSOSIM_NFUNCS)
		return r->status = vs_err(VDSOSIM_EARG, "unknown function %d", (int)c->func);
	if (!e->entry[c->func]) {
		snprintf(r->message, sizeof r->message, "%s does not export %s", e->img->info.path,
			 vdsosim_func_name(c->func));
		return r->status = vs_err(VDSOSIM_ENOTFOUND, "%s", r->message);
	}
	if (c->func == VDSOSIM_GETRANDOM && !(c->flags & VDSOSIM_CALL_RANDOM_PARAMS)) {
		/* before this call's own set-up: the query is a call of its own */
		int err = c->random_len > VDSOSIM_RANDOM_MAX
				  ? vs_err(VDSOSIM_EARG, "getrandom: at most %d bytes per call", VDSOSIM_RANDOM_MAX)
				  : opaque_size(e);
		if (err) {
			snprintf(r->message, sizeof r->message, "%s", vdsosim_last_error());
			return r->status = err;
		}
	}
	e->res = r;
	e->call = c;
	e->stop = 0;
	e->n_exec = e->n_loads = 0;
	e->n_shadow = 0;
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
	uc_context_restore(e->uc, e->ctx);
	uint64_t entry = e->base + e->entry[c->func];
	e->ops->prepare(e, entry, args, n);
	e->entry_sp = e->low_sp = vs_reg(e, e->ops->sp_reg);
	e->blk_start = e->blk_end = 0;
	r->time_bytes = time_bytes(e, c->func);
	uc_err err = uc_emu_start(e->uc, entry, e->ret_addr, 0, 0);
	uint64_t pc = vs_reg(e, e->ops->pc_reg);
	if (e->stop == VDSOSIM_EFAULT || (err && !e->stop)) {
		r->fault_pc = pc - e->base;
		vs_disasm_at(e, pc, r->fault_insn, sizeof r->fault_insn);
		if (!e->stop)
			snprintf(r->message, sizeof r->message, "%s", uc_strerror(err));
		char msg[sizeof r->message];
		snprintf(msg, sizeof msg, "%.150s at pc image+0x%llx (%.60s)", r->message, (unsigned long long)r->fault_pc,
			 r->fault_insn);
		memcpy(r->message, msg, sizeof msg);
		e->stop = VDSOSIM_EFAULT;
	} else if (!e->stop && pc != e->ret_addr) {
		vs_engine_stop(e, VDSOSIM_EFAULT, "emulation stopped at 0x%llx before returning", (unsigned long long)pc);
	}
	r->path = r->n_syscalls ? VDSOSIM_PATH_SYSCALL : VDSOSIM_PATH_VDSO;
	r->stack_bytes = e->opts.trace & VDSOSIM_TRACE_STACK ? e->entry_sp - e->low_sp : 0;
	if (e->stop) {
		r->status = e->stop;
		return vs_err(e->stop, "%s: %s: %s", e->img->info.path, vdsosim_func_name(c->func), r->message);
	}
	read_outputs(e, c, r);
	return 0;
}

int vdsosim_engine_batch(vdsosim_engine *e, const struct vdsosim_call *c, size_t n, struct vdsosim_timespec *out,
			 struct vdsosim_result *r)
{
	if (vdsosim_func_base(c->func) != VDSOSIM_CLOCK_GETTIME || time_bytes(e, c->func) != 8 ||
	    !e->entry[c->func])
		return vs_err(VDSOSIM_EARG, "the batch API runs clock_gettime with a 64-bit timespec");
	result_reset(r);
	if (!e->driver) { /* no guest loop for this arch: one call at a time, counters continuing */
		struct vdsosim_call one = *c;
		struct vdsosim_result tmp;
		vdsosim_result_init(&tmp);
		for (size_t i = 0; i < n; i++) {
			int err = vdsosim_engine_call(e, &one, &tmp);
			if (err) {
				*r = tmp;
				return err;
			}
			out[i] = (struct vdsosim_timespec){ tmp.tv_sec, tmp.tv_nsec };
			one.counter += (uint64_t)c->counter_step * (tmp.n_counter ? tmp.n_counter : 1);
			r->insns += tmp.insns;
			for (size_t k = 0; k < tmp.n_counter; k++)
				if (PUSH(r, counter_reads, n_counter, cap_counter))
					r->counter_reads[r->n_counter++] = tmp.counter_reads[k];
		}
		vdsosim_result_clear(&tmp);
		return 0;
	}
	struct vdsosim_call plan = *c;
	e->res = r;
	e->call = &plan;
	uint64_t budget = e->opts.insn_budget;
	for (size_t done = 0; done < n;) {
		size_t k = n - done < BATCH_MAX ? n - done : BATCH_MAX;
		e->stop = 0;
		e->n_exec = e->n_loads = 0;
		e->blk_start = e->blk_end = 0;
		e->opts.insn_budget = r->insns + budget * k;
		uc_context_restore(e->uc, e->ctx);
		e->ops->prepare(e, e->driver, NULL, 0); /* stack and return address */
		e->ops->batch_prepare(e, e->base + e->entry[c->func], c->clock, e->batch_buf, k);
		uc_err err = uc_emu_start(e->uc, e->driver, e->ret_addr, 0, 0);
		if (err || e->stop || vs_reg(e, e->ops->pc_reg) != e->ret_addr) {
			e->opts.insn_budget = budget;
			r->status = e->stop ? e->stop : VDSOSIM_EFAULT;
			if (!e->stop)
				snprintf(r->message, sizeof r->message, "batch: %s", uc_strerror(err));
			return vs_err(r->status, "%s: batch: %s", e->img->info.path, r->message);
		}
		for (size_t i = 0; i < k; i++)
			out[done + i] = (struct vdsosim_timespec){ (int64_t)get_le_be(e->batch_mem + 16 * i, 8, 0),
								   (int64_t)get_le_be(e->batch_mem + 16 * i + 8, 8, 0) };
		done += k;
	}
	e->opts.insn_budget = budget;
	return 0;
}
