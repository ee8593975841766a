/* The machine core over one mapped image: the hooks that count and check instructions, answer
 * counter reads and syscalls, land a call's updates and record what happened. The engine runs
 * calls on it in an instance of its own; an attachment puts it in a caller's instance. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/bytes.h"
#include "../common/grow.h"
#include "machine.h"

#define PUSH(r, arr, n, cap) VS_GROW((r)->arr, (r)->cap, (r)->n)

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
void vs_result_reset(struct vdsosim_result *r)
{
	struct vdsosim_syscall_rec *sc = r->syscalls;
	struct vdsosim_counter_rec *cr = r->counter_reads;
	struct vdsosim_vvar_rec *vr = r->vvar_reads;
	uint64_t *tr = r->trace;
	size_t caps[4] = { r->cap_syscalls, r->cap_counter, r->cap_vvar, r->cap_trace };
	memset(r, 0, offsetof(struct vdsosim_result, random));
	r->syscalls = sc, r->counter_reads = cr, r->vvar_reads = vr, r->trace = tr;
	r->cap_syscalls = caps[0], r->cap_counter = caps[1], r->cap_vvar = caps[2], r->cap_trace = caps[3];
	memset(&r->audit, 0, sizeof r->audit);
}

/* Registers through host integers of the register's own width: right on any host byte order. */
uint64_t vs_reg(struct vs_machine *m, int id)
{
	if (m->ops->reg_bytes == 4) {
		uint32_t v = 0;
		uc_reg_read(m->uc, id, &v);
		return v;
	}
	uint64_t v = 0;
	uc_reg_read(m->uc, id, &v);
	return v;
}

void vs_set_reg(struct vs_machine *m, int id, uint64_t v)
{
	if (m->ops->reg_bytes == 4) {
		uint32_t w = (uint32_t)v;
		uc_reg_write(m->uc, id, &w);
	} else {
		uc_reg_write(m->uc, id, &v);
	}
}

void vs_stop_exception(struct vs_machine *m, uint32_t intno)
{
	uint64_t pc = vs_reg(m, m->ops->pc_reg);
	if (VS_CORE(m)->call) /* the engine adds where, and the instruction */
		vs_stop(m, VDSOSIM_EFAULT, "CPU exception %u", intno);
	else
		vs_stop(m, VDSOSIM_EFAULT, "CPU exception %u at 0x%llx (image+0x%llx)", intno, (unsigned long long)pc,
			(unsigned long long)(pc - m->base));
}

void vs_stop(struct vs_machine *m, int status, const char *fmt, ...)
{
	struct vs_core *c = VS_CORE(m);
	if (c->stop)
		return;
	c->stop = status;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(c->res->message, sizeof c->res->message, fmt, ap);
	va_end(ap);
	c->res->status = status;
	if (!c->call) /* attached: the caller learns it from the last error */
		vs_err(status, "%s: %s", m->img->info.path, c->res->message);
	uc_emu_stop(m->uc);
}

uint64_t vs_cpu_word(struct vs_machine *m)
{
	const struct vdsosim_state *st = vdsosim_model_state(VS_CORE(m)->model);
	return ((uint64_t)st->node << 12) | (st->cpu & 0xfff);
}

int vs_in_image(const struct vs_machine *m, uint64_t pc)
{
	return pc >= m->base && pc - m->base <= m->img->info.load_size;
}

/* Every hook through here, so that detach can remove them. */
#define ADD_HOOK(c, ...) (h = 0, add_hook((c), uc_hook_add(__VA_ARGS__), &h))

static int add_hook(struct vs_core *c, uc_err err, const uc_hook *hp)
{
	uc_hook h = *hp;
	if (err)
		return vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: hook: %s", uc_strerror(err));
	if (c->n_hooks == sizeof c->hooks / sizeof *c->hooks)
		return vs_err(VDSOSIM_ENOMEM, "too many hooks");
	c->hooks[c->n_hooks++] = h;
	return 0;
}

int vs_hook_insn(struct vs_machine *m, void *cb, int insn)
{
	uc_hook h;
	return ADD_HOOK(VS_CORE(m), m->uc, &h, UC_HOOK_INSN, cb, m, 1, 0, insn);
}

int vs_hook_intr(struct vs_machine *m, void *cb)
{
	uc_hook h;
	return ADD_HOOK(VS_CORE(m), m->uc, &h, UC_HOOK_INTR, cb, m, 1, 0);
}

static uint64_t ninsns(const struct vs_core *c, uint64_t a, uint64_t b)
{
	return c->prof->cum[b - c->m.base] - c->prof->cum[a - c->m.base];
}

/* Instructions executed before `pc` (exact: the block hook counted the whole current block). */
uint64_t vs_core_insns_before(const struct vs_core *c, uint64_t pc)
{
	uint64_t rest = pc >= c->blk_start && pc < c->blk_end ? ninsns(c, pc, c->blk_end) : 0;
	return c->res->insns - rest;
}

/* The counter as the call's plan has it at this moment: per read and per instruction; when
 * attached, the caller's callback or the running value. */
static uint64_t counter_now(struct vs_core *c, uint64_t pc, int read)
{
	const struct vdsosim_call *k = c->call;
	if (c->counter_cb) /* attached: the caller's clock, inside an injected call too */
		return c->counter_cb(c->cb_ud, pc ? pc - c->m.base : 0);
	if (!k) {
		uint64_t v = c->running;
		if (read)
			c->running += c->running_step;
		return v;
	}
	uint64_t v = k->counter + (uint64_t)k->counter_step * c->res->n_counter;
	if (k->counter_per_insn && pc)
		v += (uint64_t)k->counter_per_insn * vs_core_insns_before(c, pc);
	return v;
}

/* An update lands: the model takes the state the engine computed for it, and the pages get the
 * writer's stores (a stalled writer only half of them, seq left odd). */
static void land(struct vs_core *c, int i, uint64_t pc)
{
	struct vdsosim_result *r = c->res;
	int stalled = i == c->stall_update;
	if (i < VDSOSIM_MAX_UPDATES) {
		r->fired[i] = 1;
		r->fired_pc[i] = pc - c->m.base;
	} else {
		c->fired_stall_end = 1;
		r->stall_completed = 1;
		i = c->stall_update; /* the stalled writer completes */
		stalled = 0;
	}
	vdsosim_model_assign(c->model, &c->states[i + 1]);
	vs_vvar_write_steps(c->model, &c->prof->lay, c->data, c->m.img->info.big_endian,
			    stalled ? c->stall_stores : 1 << 30);
}

static void maybe_land(struct vs_core *c, enum vdsosim_point_kind kind, uint64_t n, uint64_t pc)
{
	const struct vdsosim_call *k = c->call;
	if (!k || !k->n_updates)
		return;
	for (unsigned i = 0; i < k->n_updates; i++)
		if (c->at[i].kind == kind && c->at[i].n == n && !c->res->fired[i])
			land(c, (int)i, pc);
	if (c->stall_update >= 0 && c->at[VDSOSIM_MAX_UPDATES].kind == kind &&
	    c->at[VDSOSIM_MAX_UPDATES].n == n && !c->fired_stall_end && c->res->fired[c->stall_update])
		land(c, VDSOSIM_MAX_UPDATES, pc);
}

/* ---- hooks ------------------------------------------------------------------------------- */

static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	(void)uc;
	vs_core_block(ud, addr, size);
}

void vs_core_block(struct vs_core *c, uint64_t addr, uint32_t size)
{
	uint64_t off = addr - c->m.base, span = c->m.img->info.load_size;
	if (size > span - off) { /* the hook range checks a block's start only */
		vs_stop(&c->m, VDSOSIM_EFAULT, "execution ran past the end of the image from image+0x%llx",
			(unsigned long long)off);
		return;
	}
	if (!c->prof->start[off]) {
		vs_stop(&c->m, VDSOSIM_ECOUNTER,
			"execution reached image+0x%llx, which decoding did not see as an instruction start: "
			"a counter read there could not be intercepted",
			(unsigned long long)off);
		return;
	}
	if (c->prof->each_insn)
		return; /* hook_count counts */
	c->blk_start = addr;
	c->blk_end = addr + size;
	c->res->insns += ninsns(c, addr, addr + size);
	if (c->budget && c->res->insns > c->budget)
		vs_stop(&c->m, VDSOSIM_EBUDGET, "instruction budget of %llu exceeded at image+0x%llx",
			(unsigned long long)c->budget, (unsigned long long)off);
}

/* Counting per instruction: the "block" is the instruction itself, so insns_before() holds. */
static void hook_count(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vs_core *c = ud;
	(void)uc, (void)size; /* the size Unicorn passes here is not always patched: use the decode */
	uint64_t off = addr - c->m.base, end = off + 1, span = c->m.img->info.load_size;
	while (end < span && !c->prof->start[end])
		end++;
	c->blk_start = addr;
	c->blk_end = c->m.base + end;
	c->res->insns++;
	if (c->budget && c->res->insns > c->budget)
		vs_stop(&c->m, VDSOSIM_EBUDGET, "instruction budget of %llu exceeded at image+0x%llx",
			(unsigned long long)c->budget, (unsigned long long)(addr - c->m.base));
}

/* The site is emulated and skipped: the rest of its block will run as a new block. */
static void uncount_rest(struct vs_core *c, const struct vs_site *s)
{
	if (c->prof->each_insn)
		return;
	uint64_t next = c->m.base + s->pub.addr + s->pub.size;
	if (next <= c->blk_end)
		c->res->insns -= ninsns(c, next, c->blk_end);
}

/* One turn of a reader waiting for an odd seq: a stalled writer may finish here; a writer that
 * never does ends the call with a report. Returns 1 when the call is stopped. */
static int count_spin(struct vs_core *c, uint64_t pc)
{
	struct vdsosim_result *r = c->res;
	maybe_land(c, VDSOSIM_AT_SPIN, r->spins, pc);
	if (++r->spins <= c->spin_limit || !c->spin_limit)
		return 0;
	vs_stop(&c->m, VDSOSIM_ESPIN, "seq never settled: %u spins at image+0x%llx (a stalled writer?)", r->spins - 1,
		(unsigned long long)(pc - c->m.base));
	return 1;
}

/* One counter read at pc, instruction or device: injections due here land first. */
static uint64_t read_counter(struct vs_core *c, uint64_t pc)
{
	struct vdsosim_result *r = c->res;
	maybe_land(c, VDSOSIM_AT_READ, r->n_counter, pc);
	uint64_t v = counter_now(c, pc, 1);
	r->now = v;
	if (PUSH(r, counter_reads, n_counter, cap_counter))
		r->counter_reads[r->n_counter] = (struct vdsosim_counter_rec){ pc - c->m.base, v };
	r->n_counter++;
	return v;
}

static void hook_site(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	const struct vs_site_hook *h = ud;
	const struct vs_site *s = h->s;
	struct vs_core *c = h->c;
	(void)uc;
	(void)size;
	if (s->unknown) {
		vs_stop(&c->m, VDSOSIM_ECOUNTER, "%s at image+0x%llx reads a counter the %s backend does not emulate",
			s->pub.text, (unsigned long long)(addr - c->m.base), c->m.ops->arch);
		return;
	}
	switch (s->pub.kind) {
	case VDSOSIM_SITE_COUNTER:
		c->m.ops->emulate(&c->m, s, read_counter(c, addr));
		uncount_rest(c, s);
		break;
	case VDSOSIM_SITE_CPU:
		c->m.ops->emulate(&c->m, s, vs_cpu_word(&c->m));
		uncount_rest(c, s);
		break;
	case VDSOSIM_SITE_SHADOW:
	case VDSOSIM_SITE_INSN:
	case VDSOSIM_SITE_SYSCALL: /* only at_site ones have this hook */
		c->m.ops->emulate(&c->m, s, 0);
		uncount_rest(c, s);
		break;
	case VDSOSIM_SITE_SPIN:
		if (c->m.ops->no_spin_insn)
			c->m.ops->emulate(&c->m, s, 0); /* counted at the odd seq load; unicorn cannot run it */
		else
			count_spin(c, addr);
		break;
	default: break;
	}
}

static void hook_insn(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vs_core *c = ud;
	struct vdsosim_result *r = c->res;
	(void)uc;
	(void)size;
	if (c->trace & VDSOSIM_TRACE_INJECT) {
		maybe_land(c, VDSOSIM_AT_INSN, c->n_exec, addr);
		maybe_land(c, VDSOSIM_AT_PC, addr - c->m.base, addr);
		c->n_exec++;
	}
	if ((c->trace & VDSOSIM_TRACE_INSNS) && PUSH(r, trace, n_trace, cap_trace))
		r->trace[r->n_trace++] = addr - c->m.base;
}

/* One load of n bytes at off in the data pages: injections due here land first, then the read
 * is recorded (the seq's spins counted where the image has no spin instruction). */
static void vvar_load(struct vs_core *c, uint64_t off, int size)
{
	struct vdsosim_result *r = c->res;
	const struct vs_layout *l = &c->prof->lay;
	uint64_t pc = vs_reg(&c->m, c->m.ops->pc_reg);
	int n = size > 8 ? 8 : size;
	if (off + (uint64_t)n > c->data_len)
		return;
	maybe_land(c, VDSOSIM_AT_LOAD, c->n_loads++, pc); /* before the load: it sees the update */
	uint32_t page = (uint32_t)(off / l->page_size), poff = (uint32_t)(off % l->page_size);
	if (l->page[page].role == VS_PAGE_GIC) /* a device: its reads are the counter reads */
		return;
	int seq = vs_layout_is_seq(l, page, poff);
	if (c->m.ops->no_spin_insn && seq && (vs_get(c->data + off, 4, c->m.img->info.big_endian) & 1) &&
	    count_spin(c, pc))
		return;
	if ((c->trace & VDSOSIM_TRACE_VVAR) && PUSH(r, vvar_reads, n_vvar, cap_vvar))
		r->vvar_reads[r->n_vvar++] = (struct vdsosim_vvar_rec){
			pc - c->m.base, c->n_exec ? c->n_exec - 1 : 0, page, poff, (uint32_t)size, (uint32_t)seq,
			vs_get(c->data + off, n, c->m.img->info.big_endian) };
}

static void hook_vvar(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	(void)uc, (void)type, (void)value;
	vvar_load(ud, addr - ((struct vs_core *)ud)->data_base, size);
}

/* A data page as a device (VS_CORE_MMIO_DATA): a read costs a callback, and no other load or store
 * of the machine goes through Unicorn's slow path, as any memory hook would send them. Unicorn
 * splits a load wider than 4 bytes into 4-byte reads, and its pc here is the block's. */
static uint64_t data_read(uc_engine *uc, uint64_t offset, unsigned size, void *ud)
{
	struct vs_data_page *d = ud;
	struct vs_core *c = d->c;
	uint64_t off = (uint64_t)d->page * c->prof->lay.page_size + offset;
	(void)uc;
	if (size > 8 || off + size > c->data_len)
		return 0;
	if (c->res)
		vvar_load(c, off, (int)size);
	/* in the emulated CPU's own byte order: Unicorn's devices are target-endian, and a ppc64le
	 * load (MSR[LE] on a big-endian target) swaps what they give */
	return vs_get(c->data + off, (int)size, (c->prof->uc_mode & UC_MODE_BIG_ENDIAN) != 0);
}

/* The GIC user page (MIPS): the counter's low word at +0, its high word at +4, read as 32-bit
 * device registers. A low-word read is the counter read; the high words around it only peek. */
static uint64_t gic_read(uc_engine *uc, uint64_t offset, unsigned size, void *ud)
{
	struct vs_core *c = ud;
	(void)uc;
	if (!c->res || offset >= 8)
		return 0;
	uint64_t pc = vs_reg(&c->m, c->m.ops->pc_reg);
	if (offset == 4)
		return counter_now(c, pc, 0) >> 32;
	uint64_t v = read_counter(c, pc);
	return size >= 8 ? v : v & 0xffffffffu;
}

static int uc_fail(uc_err err, const char *what);

/* Host-backed pages: the model writes them directly, and reads cost nothing extra. A device page
 * (the GIC's) is Unicorn MMIO instead, so the pages are mapped one by one around it; with
 * VS_CORE_MMIO_DATA every page is. */
static int map_data(struct vs_core *c, uc_engine *uc, int mmio)
{
	const struct vs_layout *l = &c->prof->lay;
	uc_err err;
	if (!mmio && vs_layout_page(l, VS_PAGE_GIC) < 0) {
		if ((err = uc_mem_map_ptr(uc, c->data_base, c->data_len, UC_PROT_READ, c->data)))
			return uc_fail(err, "map data pages");
		return 0;
	}
	if (mmio && !(c->pages = calloc((size_t)l->n_pages, sizeof *c->pages)))
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	for (int i = 0; i < l->n_pages; i++) {
		uint64_t a = c->data_base + (uint64_t)i * l->page_size;
		if (mmio)
			c->pages[i] = (struct vs_data_page){ c, (uint32_t)i };
		err = l->page[i].role == VS_PAGE_GIC ? uc_mmio_map(uc, a, l->page_size, gic_read, c, NULL, NULL)
		      : mmio ? uc_mmio_map(uc, a, l->page_size, data_read, &c->pages[i], NULL, NULL)
			     : uc_mem_map_ptr(uc, a, l->page_size, UC_PROT_READ, c->data + (size_t)i * l->page_size);
		if (err)
			return uc_fail(err, "map data pages");
	}
	return 0;
}

static void hook_text_write(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	struct vs_core *c = ud;
	(void)uc;
	(void)type;
	(void)value;
	if (addr >= c->m.base && addr < c->m.base + c->m.img->info.load_size)
		vs_stop(&c->m, VDSOSIM_EFAULT, "a %d-byte store into the vDSO's own text at image+0x%llx", size,
			(unsigned long long)(addr - c->m.base));
}

/* ---- syscalls: generic semantics, answered from the model -------------------------------- */

static int copy_out(struct vs_core *c, uint64_t addr, const uint64_t *v, int n, int width)
{
	uint8_t buf[64];
	for (int i = 0; i < n; i++)
		vs_put(buf + i * width, v[i], width, c->m.img->info.big_endian);
	return uc_mem_write(c->m.uc, addr, buf, (size_t)(n * width)) == UC_ERR_OK ? 0 : -LX_EFAULT;
}

int64_t vs_core_model_syscall(struct vs_core *c, enum vs_sysop op, const uint64_t a[6], uint64_t now, int w)
{
	const vdsosim_model *m = c->model;
	const struct vdsosim_state *st = vdsosim_model_state(m);
	struct vdsosim_timespec ts;
	int64_t ret = 0;
	switch (op) {
	case VS_SYS_CLOCK_GETTIME64:
	case VS_SYS_CLOCK_GETRES64: w = 8; /* struct __kernel_timespec */
		if (op == VS_SYS_CLOCK_GETRES64)
			goto getres;
		/* fall through */
	case VS_SYS_CLOCK_GETTIME:
		ret = vdsosim_model_clock_gettime(m, now, (int32_t)a[0], &ts);
		if (!ret) {
			uint64_t v[2] = { (uint64_t)ts.sec, (uint64_t)ts.nsec };
			ret = copy_out(c, a[1], v, 2, w);
		}
		break;
	case VS_SYS_CLOCK_GETRES:
	getres:
		ret = vdsosim_model_clock_getres(m, (int32_t)a[0], &ts);
		if (!ret && a[1]) {
			uint64_t v[2] = { (uint64_t)ts.sec, (uint64_t)ts.nsec };
			ret = copy_out(c, a[1], v, 2, w);
		}
		break;
	case VS_SYS_GETTIMEOFDAY:
		if (a[0]) {
			vdsosim_model_clock_gettime(m, now, 0, &ts);
			uint64_t v[2] = { (uint64_t)ts.sec, (uint64_t)(ts.nsec / 1000) };
			ret = copy_out(c, a[0], v, 2, w);
		}
		if (!ret && a[1]) {
			uint64_t v[2] = { (uint32_t)st->tz_minuteswest, (uint32_t)st->tz_dsttime };
			ret = copy_out(c, a[1], v, 2, 4);
		}
		break;
	case VS_SYS_TIME:
		ret = vdsosim_model_time(m);
		if (a[0]) {
			uint64_t v = (uint64_t)ret;
			if (copy_out(c, a[0], &v, 1, w))
				ret = -LX_EFAULT;
		}
		break;
	case VS_SYS_FLUSH_ICACHE: ret = 0; break; /* nothing to flush in the model */
	case VS_SYS_GETRANDOM: { /* the model's entropy: a fixed stream per draw, never the host's */
		uint8_t buf[4096];
		size_t n = a[1] < sizeof buf ? (size_t)a[1] : sizeof buf;
		vdsosim_model_random(c->random_draws++, buf, n);
		ret = uc_mem_write(c->m.uc, a[0], buf, n) == UC_ERR_OK ? (int64_t)n : -LX_EFAULT;
		break;
	}
	case VS_SYS_GETCPU: {
		uint64_t cpu = st->cpu, node = st->node;
		if (a[0])
			ret = copy_out(c, a[0], &cpu, 1, 4);
		if (!ret && a[1])
			ret = copy_out(c, a[1], &node, 1, 4);
		break;
	}
	}
	return ret;
}

int64_t vs_syscall(struct vs_machine *mp, uint64_t nr, const uint64_t a[6])
{
	struct vs_core *c = VS_CORE(mp);
	struct vdsosim_result *r = c->res;
	const struct vs_sysno *sn = NULL;
	for (size_t i = 0; i < mp->ops->n_sysnos; i++)
		if (mp->ops->sysnos[i].nr == nr)
			sn = &mp->ops->sysnos[i];
	if (PUSH(r, syscalls, n_syscalls, cap_syscalls)) {
		r->syscalls[r->n_syscalls] = (struct vdsosim_syscall_rec){ .nr = nr, .name = sn ? sn->name : "unknown" };
		memcpy(r->syscalls[r->n_syscalls].args, a, sizeof r->syscalls->args);
	}
	size_t idx = r->n_syscalls++;
	uint64_t now = counter_now(c, 0, 0);
	r->now = now;
	if (idx < r->cap_syscalls)
		r->syscalls[idx].counter = now;
	int64_t ret;
	if (c->syscall_cb && c->syscall_cb(c->cb_ud, nr, a, &ret)) {
		/* the caller answered it */
	} else if (!sn) {
		vs_stop(mp, VDSOSIM_ESYSCALL, "unknown syscall %llu (%s ABI) from the vDSO", (unsigned long long)nr,
			mp->ops->arch);
		ret = -38; /* ENOSYS */
	} else {
		ret = vs_core_model_syscall(c, sn->op, a, now, mp->ops->word);
	}
	if (idx < r->cap_syscalls)
		r->syscalls[idx].ret = ret;
	return ret;
}

/* svc/ecall: the backend's ABI, declared in its ops table. The hook sees the caller's code too
 * when attached: only the image's own traps are ours. */
static void hook_trap(uc_engine *uc, uint32_t intno, void *ud)
{
	struct vs_core *c = ud;
	struct vs_machine *m = &c->m;
	const struct vs_arch_ops *o = m->ops;
	if (c->own_instance && m->ret_addr && vs_reg(m, o->pc_reg) == m->ret_addr) {
		/* Unicorn 2.0.1's s390x raises a program interruption on reaching the stop address
		 * in a page not yet translated: it is the return, stop there */
		uc_emu_stop(uc);
		return;
	}
	if (!vs_in_image(m, vs_reg(m, o->pc_reg))) {
		/* outside the image in our own instance: nothing else would ever handle it */
		if (c->own_instance)
			vs_stop_exception(m, intno);
		return;
	}
	if (o->trap_abi.intno && intno == o->trap_abi.intno) {
		uint64_t a[6];
		for (int i = 0; i < 6; i++)
			a[i] = vs_reg(m, o->trap_abi.arg[i]);
		vs_set_reg(m, o->trap_abi.ret, (uint64_t)vs_syscall(m, vs_reg(m, o->trap_abi.nr), a));
	} else if (o->trap) {
		o->trap(m, intno);
	} else {
		vs_stop_exception(m, intno);
	}
}

/* The states after each update, computed before the call runs (as the kernel's writer would have
 * them ready), and where each lands. */
int vs_core_plan(struct vs_core *core, const struct vdsosim_call *c, struct vdsosim_result *r, unsigned trace)
{
	vdsosim_model *states = core->states;
	core->stall_update = -1;
	core->fired_stall_end = 0;
	r->states[0] = core->model;
	r->n_states = 1;
	if (!c->n_updates)
		return 0;
	if (c->n_updates > VDSOSIM_MAX_UPDATES)
		return vs_err(VDSOSIM_EARG, "at most %d updates per call", VDSOSIM_MAX_UPDATES);
	states[0] = *core->model;
	r->states[0] = &states[0];
	for (unsigned i = 0; i < c->n_updates; i++) {
		const struct vdsosim_update *u = &c->updates[i];
		enum vdsosim_point_kind k = u->at.kind;
		if (k == VDSOSIM_AT_NONE || k > VDSOSIM_AT_SPIN)
			return vs_err(VDSOSIM_EARG, "update %u has no point to land at", i + 1);
		if ((k == VDSOSIM_AT_INSN || k == VDSOSIM_AT_PC || k == VDSOSIM_AT_LOAD) &&
		    !(trace & VDSOSIM_TRACE_INJECT))
			return vs_err(VDSOSIM_EARG, "%s points need an engine made with VDSOSIM_TRACE_INJECT",
				      vdsosim_point_kind_name(k));
		states[i + 1] = states[i];
		int err = vdsosim_model_apply(&states[i + 1], u->event, u->counter ? u->counter : c->counter);
		if (err)
			return err;
		core->at[i] = u->at;
		r->states[i + 1] = &states[i + 1];
		r->n_states++;
		if (u->event == VDSOSIM_EV_STALL) {
			if (core->stall_update >= 0)
				return vs_err(VDSOSIM_EARG, "one stalled writer per call");
			core->stall_update = (int)i;
			core->stall_stores =
				vs_vvar_write_steps(&states[i + 1], &core->prof->lay, core->data, core->m.img->info.big_endian, 0) / 2;
			core->at[VDSOSIM_MAX_UPDATES] = (struct vdsosim_point){ VDSOSIM_AT_SPIN, c->stall_spins ? c->stall_spins : 3 };
		}
	}
	return 0;
}

/* Reader loop iterations of the seq protocol: each makes a begin and a retry load; spins add
 * begins. */
uint64_t vs_core_count_retries(const struct vdsosim_result *r)
{
	uint64_t n = 0;
	for (size_t i = 0; i < r->n_vvar; i++)
		n += r->vvar_reads[i].is_seq;
	uint64_t loads = n > r->spins ? n - r->spins : 0;
	return loads >= 4 ? loads / 2 - 1 : 0;
}

/* ---- life cycle -------------------------------------------------------------------------- */

static int uc_fail(uc_err err, const char *what)
{
	return vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: %s: %s", what, uc_strerror(err));
}

static void *page_alloc(size_t n)
{
	void *p = NULL;
	if (posix_memalign(&p, 0x1000, n))
		return NULL;
	memset(p, 0, n);
	return p;
}

void vs_core_sync(struct vs_core *c)
{
	memset(c->data, 0, c->data_len); /* the model is the whole truth: no stale bytes from before */
	vs_vvar_write(c->model, &c->prof->lay, c->data, c->m.img->info.big_endian);
}

int vs_core_init(struct vs_core *c, uc_engine *uc, const vdsosim_profile *p, vdsosim_model *model, uint64_t base,
		 unsigned trace, unsigned flags)
{
	const struct vdsosim_image_info *in = &p->img->info;
	uc_err err;
	uc_hook h;
	int r = 0;
	c->m.uc = uc;
	c->m.ops = p->ops;
	c->m.img = p->img;
	c->m.layout = &p->lay;
	c->m.base = base;
	c->prof = p;
	c->model = model;
	c->trace = trace;
	c->stall_update = -1;
	c->data_len = (size_t)p->lay.n_pages * p->lay.page_size;
	c->data_base = base - c->data_len;
	c->data = page_alloc(c->data_len);
	c->site_hooks = calloc(p->n_sites ? p->n_sites : 1, sizeof *c->site_hooks);
	if (!c->data || !c->site_hooks)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	uint32_t prot = UC_PROT_READ | UC_PROT_EXEC | (p->ops->exec_needs_write ? UC_PROT_WRITE : 0);
	if ((err = uc_mem_map(uc, base, in->load_size, prot)))
		return uc_fail(err, "map image");
	for (size_t i = 0; i < in->n_segments; i++) {
		const struct vdsosim_segment *s = &in->segments[i];
		if ((err = uc_mem_write(uc, base + s->vaddr, p->img->bytes + s->offset, s->filesz)))
			return uc_fail(err, "write image");
	}
	unsigned major, minor;
	uc_version(&major, &minor);
	if (p->ops->mmio_data_21 && (major > 2 || (major == 2 && minor >= 1)))
		flags |= VS_CORE_MMIO_DATA; /* engine, attach and exec alike */
	/* (a 32-bit host's Unicorn maps MMIO at a host-word address: above 4 GiB it lands elsewhere) */
	int mmio = (flags & VS_CORE_MMIO_DATA) && (sizeof(uintptr_t) >= 8 || c->data_base + c->data_len <= 1ULL << 32);
	if ((r = map_data(c, uc, mmio)))
		return r;
	uint64_t lo = base, hi = base + in->load_size - 1;
	if (!(flags & VS_CORE_FORWARD_BLOCKS) && (r = ADD_HOOK(c, uc, &h, UC_HOOK_BLOCK, (void *)hook_block, c, lo, hi)))
		return r;
	/* first of the code hooks: a site's own instruction is counted before the site is served */
	if (p->each_insn && (r = ADD_HOOK(c, uc, &h, UC_HOOK_CODE, (void *)hook_count, c, lo, hi)))
		return r;
	for (size_t i = 0; i < p->n_sites; i++) {
		uint64_t a = base + p->sites[i].pub.addr;
		c->site_hooks[i] = (struct vs_site_hook){ c, &p->sites[i] };
		if ((p->sites[i].pub.kind != VDSOSIM_SITE_SYSCALL || p->sites[i].at_site) &&
		    (r = ADD_HOOK(c, uc, &h, UC_HOOK_CODE, (void *)hook_site, &c->site_hooks[i], a, a)))
			return r;
	}
	if ((trace & (VDSOSIM_TRACE_INSNS | VDSOSIM_TRACE_INJECT)) &&
	    (r = ADD_HOOK(c, uc, &h, UC_HOOK_CODE, (void *)hook_insn, c, lo, hi)))
		return r;
	/* (any memory hook sends every load and store of the instance through Unicorn's slow path; a
	 * protection hook instead sees only a page's first read, after which its TLB entry is readable) */
	if (!mmio && ((trace & (VDSOSIM_TRACE_VVAR | VDSOSIM_TRACE_INJECT)) || p->ops->no_spin_insn) &&
	    (r = ADD_HOOK(c, uc, &h, UC_HOOK_MEM_READ, (void *)hook_vvar, c, c->data_base,
					 c->data_base + c->data_len - 1)))
		return r;
	/* the text is writable only because Unicorn needs it to run there: a store into it is a fault */
	if (p->ops->exec_needs_write &&
	    (r = ADD_HOOK(c, uc, &h, UC_HOOK_MEM_WRITE, (void *)hook_text_write, c, base, base + in->load_size - 1)))
		return r;
	if ((p->ops->trap_abi.intno || p->ops->trap) &&
	    (r = ADD_HOOK(c, uc, &h, UC_HOOK_INTR, (void *)hook_trap, c, 1, 0)))
		return r;
	if (p->ops->setup && (r = p->ops->setup(&c->m)))
		return r;
	c->own_instance = flags & VS_CORE_OWN;
	vs_core_sync(c);
	return 0;
}

void vs_core_fini(struct vs_core *c, int unmap)
{
	if (c->m.uc && unmap) {
		for (size_t i = 0; i < c->n_hooks; i++)
			uc_hook_del(c->m.uc, c->hooks[i]);
		if (c->data)
			uc_mem_unmap(c->m.uc, c->data_base, c->data_len);
		uc_mem_unmap(c->m.uc, c->m.base, c->m.img->info.load_size);
	}
	free(c->data);
	free(c->site_hooks);
	free(c->pages);
	c->pages = NULL;
	c->data = NULL;
	c->site_hooks = NULL;
	c->n_hooks = 0;
}
