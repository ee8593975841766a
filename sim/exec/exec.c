/* vdsosim exec: a static program and a real vDSO in one Unicorn machine. The vDSO is attached
 * (vdsosim_attach); the program gets the process start the kernel builds (argv, envp, auxv with
 * AT_SYSINFO_EHDR) and a small process surface served here, never by the host. Time runs per
 * instruction, and the model's ticks land at their counter values while the program runs. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/bytes.h"
#include "exec.h"
#include "../vsyscall.h"

#define PAGE 0x1000ULL
#define STACK_SIZE (8ULL << 20)
#define PAGE_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))
#define PAGE_DOWN(x) ((x) & ~(PAGE - 1))

struct bcache { uint64_t addr; uint32_t size, n; };

struct vs_exec {
	uc_engine *uc;
	const struct vs_exec_abi *abi;
	const vdsosim_profile *prof;
	vdsosim_model *m;
	vdsosim_attachment *att;
	struct vs_core *core;
	const struct vdsosim_program_info *pi;
	const uint8_t *pbytes;
	const struct vdsosim_exec_opts *o;
	struct vdsosim_exec_result *res;
	csh cs;
	uint64_t bias, vdso_lo, vdso_hi;
	/* time */
	uint64_t prog_insns, vdso_insns, reads, slept, counter0, next_tick, tick_len, budget, per_insn;
	/* memory */
	uint64_t brk_lo, brk_cur, brk_mapped, mmap_next, mem_used, mem_cap;
	/* the vDSO call in progress */
	int in_vdso, vsyscall;
	struct vdsosim_call inj;
	struct vdsosim_result inj_res;
	/* the end */
	int done, parked;
	uint64_t fault_addr;
	int fault_type;
	struct bcache *bc;
	size_t bc_cap;
	size_t cap_calls, cap_sys, cap_uns;
};

static const uint64_t LX_ENOENT = 2, LX_EBADF = 9, LX_ENOMEM = 12, LX_EINVAL_ = 22, LX_ENOTTY = 25, LX_ENOSYS = 38,
		      LX_ENODEV_ = 19, LX_EPERM = 1, LX_ECHILD = 10, LX_ESPIPE = 29;

/* ---- counting and time ------------------------------------------------------------------- */

static uint64_t insn_len(struct vs_exec *x, const uint8_t *b, size_t avail, int thumb)
{
	switch (x->abi->len) {
	case XLEN_FIXED4: return 4;
	case XLEN_RISCV: return (b[0] & 3) == 3 ? 4 : 2;
	case XLEN_ARM:
		if (!thumb)
			return 4;
		return avail >= 2 && (vs_le16(b) & 0xe000) == 0xe000 && (vs_le16(b) & 0x1800) ? 4 : 2;
	default: break;
	}
	cs_insn *in;
	size_t n = cs_disasm(x->cs, b, avail < 16 ? avail : 16, 0, 1, &in);
	uint64_t l = n ? in->size : 1;
	if (n)
		cs_free(in, n);
	return l;
}

/* Instructions in a translated block, decoded once per block. */
static uint32_t block_insns(struct vs_exec *x, uint64_t addr, uint32_t size)
{
	if (x->bc_cap) {
		size_t h = (size_t)((addr * 0x9e3779b97f4a7c15ULL) >> 40) % x->bc_cap;
		for (size_t k = 0; k < x->bc_cap; k++, h = (h + 1) % x->bc_cap) {
			if (x->bc[h].addr == addr && x->bc[h].size == size)
				return x->bc[h].n;
			if (!x->bc[h].size)
				break;
		}
	}
	uint8_t buf[4096];
	uint32_t n = 0, len = size < sizeof buf ? size : (uint32_t)sizeof buf;
	int thumb = 0;
	if (x->abi->len == XLEN_ARM) {
		uint32_t cpsr = 0;
		uc_reg_read(x->uc, UC_ARM_REG_CPSR, &cpsr);
		thumb = (cpsr >> 5) & 1;
	}
	if (uc_mem_read(x->uc, addr, buf, len) == UC_ERR_OK)
		for (uint32_t off = 0; off < len; n++)
			off += (uint32_t)insn_len(x, buf + off, len - off, thumb);
	if (!x->bc) {
		/* first use: 64K blocks are plenty for a test program (past that, blocks are decoded again) */
		x->bc = calloc(1 << 16, sizeof *x->bc);
		x->bc_cap = x->bc ? 1 << 16 : 0;
	}
	if (x->bc_cap) {
		size_t h = (size_t)((addr * 0x9e3779b97f4a7c15ULL) >> 40) % x->bc_cap;
		for (size_t k = 0; k < x->bc_cap; k++, h = (h + 1) % x->bc_cap)
			if (!x->bc[h].size) {
				x->bc[h] = (struct bcache){ addr, size, n };
				break;
			}
	}
	return n;
}

static uint64_t insns_now(struct vs_exec *x, uint64_t pc)
{
	uint64_t v = x->prog_insns + x->vdso_insns;
	if (x->in_vdso)
		v += pc && vs_in_image(&x->core->m, pc) ? vs_core_insns_before(x->core, pc) : x->core->res->insns;
	return v;
}

static uint64_t counter_at(struct vs_exec *x, uint64_t pc)
{
	return x->counter0 + x->slept + x->per_insn * insns_now(x, pc) + (x->per_insn ? 0 : x->o->counter_step * x->reads);
}

/* the attachment asks: the counter the vDSO's read returns */
static uint64_t on_counter(void *ud, uint64_t off)
{
	struct vs_exec *x = ud;
	uint64_t v = counter_at(x, x->core->m.base + off);
	x->reads++;
	return v;
}

/* A tick injected into a later call is the timeline's next tick: the ticks wait for it. */
static int ticks_held(struct vs_exec *x)
{
	for (unsigned i = 0; i < x->o->n_inject; i++) {
		enum vdsosim_event ev = x->o->inject[i].update.event;
		if ((ev == VDSOSIM_EV_TICK || ev == VDSOSIM_EV_STALL) &&
		    x->o->inject[i].call + (uint64_t)x->in_vdso >= x->res->n_vdso_calls)
			return 1;
	}
	return 0;
}

/* The kernel's tick: update_wall_time() at each tick boundary the counter has passed. */
static void ticks(struct vs_exec *x, uint64_t now)
{
	int any = 0;
	if (ticks_held(x))
		return;
	while (now >= x->next_tick) {
		vdsosim_model_tick(x->m, x->next_tick);
		x->next_tick += x->tick_len;
		any = 1;
	}
	if (any)
		vdsosim_attachment_sync(x->att);
}

static void die(struct vs_exec *x, int sig, const char *fmt, ...) VS_PRINTF(3, 4);
static void die(struct vs_exec *x, int sig, const char *fmt, ...)
{
	if (x->done)
		return;
	x->done = 1;
	x->res->signal = sig;
	x->res->exit_status = sig ? 128 + sig : x->res->exit_status;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(x->res->message, sizeof x->res->message, fmt, ap);
	va_end(ap);
	uc_emu_stop(x->uc);
}

static void *grow(void *arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return arr;
	size_t nc = *cap ? *cap * 2 : 16;
	void *p = realloc(arr, nc * elem);
	if (p)
		*cap = nc;
	return p ? p : arr;
}

/* ---- the vDSO calls --------------------------------------------------------------------- */

static int func_at(struct vs_exec *x, uint64_t off)
{
	for (int f = 0; f < VDSOSIM_NFUNCS; f++)
		if (vdsosim_profile_exports(x->prof, (enum vdsosim_func)f) && x->prof->entry[f] == off)
			return f;
	return -1;
}

/* registers as the machine core reads them: its backend knows their width (x32: 8 bytes) */
static uint64_t reg(struct vs_exec *x, int id) { return vs_reg(&x->core->m, id); }
static void set_reg(struct vs_exec *x, int id, uint64_t v) { vs_set_reg(&x->core->m, id, v); }

static void vdso_enter(struct vs_exec *x, uint64_t addr)
{
	struct vs_core *c = x->core;
	struct vdsosim_exec_result *r = x->res;
	int f = func_at(x, addr - c->m.base);
	x->in_vdso = 1;
	x->vsyscall = f < 0; /* __kernel_vsyscall and the signal trampolines: the program's own syscalls */
	vs_result_reset(c->res);
	c->stop = 0;
	c->n_exec = c->n_loads = 0;
	c->call = NULL; /* (the shadow stack is the process's: it persists across calls) */
	if (f < 0)
		return;
	r->vdso_calls = grow(r->vdso_calls, &x->cap_calls, r->n_vdso_calls, sizeof *r->vdso_calls);
	if (r->n_vdso_calls >= x->cap_calls)
		return;
	uint64_t k = r->n_vdso_calls++;
	struct vdsosim_exec_vdso_call *vc = &r->vdso_calls[k];
	uint64_t clk = 0;
	uint8_t b[8] = { 0 };
	if (x->abi->args_on_stack) { /* the first word above the return address */
		uc_mem_read(x->uc, reg(x, x->abi->sp_reg) + (uint64_t)x->abi->word, b, (size_t)x->abi->word);
		clk = vs_get(b, x->abi->word, x->abi->big_endian);
	} else
		clk = reg(x, x->abi->arg[0]);
	*vc = (struct vdsosim_exec_vdso_call){ .func = (enum vdsosim_func)f,
					       .clock = vdsosim_func_takes_clock((enum vdsosim_func)f) ? (int32_t)clk : 0,
					       .counter = counter_at(x, addr) };
	/* updates asked for this call land through the machine core, as in the engine */
	struct vdsosim_call *ic = &x->inj;
	memset(ic, 0, sizeof *ic);
	for (unsigned i = 0; i < x->o->n_inject; i++)
		if (x->o->inject[i].call == k)
			ic->updates[ic->n_updates++] = x->o->inject[i].update;
	if (ic->n_updates) {
		ic->func = (enum vdsosim_func)f;
		ic->counter = vc->counter;
		ic->stall_spins = x->o->stall_spins;
		if (vs_core_plan(c, ic, c->res, VDSOSIM_TRACE_INJECT | VDSOSIM_TRACE_VVAR))
			die(x, 0, "--inject into vDSO call %llu: %s", (unsigned long long)k, vdsosim_last_error());
		else
			c->call = ic;
	}
}

static void vdso_leave(struct vs_exec *x)
{
	struct vs_core *c = x->core;
	struct vdsosim_exec_result *r = x->res;
	x->in_vdso = 0;
	x->vdso_insns += c->res->insns;
	c->call = NULL;
	if (x->vsyscall || !r->n_vdso_calls) {
		x->inj.n_updates = 0;
		return;
	}
	struct vdsosim_exec_vdso_call *vc = &r->vdso_calls[r->n_vdso_calls - 1];
	uint64_t ret = reg(x, x->abi->ret_reg);
	/* an int, but time() gives a time_t (x32: 8 bytes in a 4-byte-pointer ABI) */
	vc->ret = vdsosim_func_base(vc->func) == VDSOSIM_TIME && x->abi->klong == 8 ? (int64_t)ret : (int32_t)ret;
	vc->syscalls = (uint32_t)c->res->n_syscalls;
	vc->path = c->res->n_syscalls ? VDSOSIM_PATH_SYSCALL : VDSOSIM_PATH_VDSO;
	vc->retries = vs_core_count_retries(c->res);
	vc->counter_reads = (uint32_t)c->res->n_counter;
	vc->counter_read = c->res->n_counter && c->res->cap_counter ? c->res->counter_reads[0].value : 0;
	vc->updates_landed = c->res->fired[0] + c->res->fired[1];
	/* a tick that landed here was the timeline's next: the following ones come after it */
	for (unsigned i = 0; i < x->inj.n_updates; i++) {
		enum vdsosim_event ev = x->inj.updates[i].event;
		if (c->res->fired[i] && (ev == VDSOSIM_EV_TICK || ev == VDSOSIM_EV_STALL))
			while (x->next_tick <= x->inj.counter)
				x->next_tick += x->tick_len;
	}
	x->inj.n_updates = 0;
}

/* Entries are seen by a code hook on each exported symbol: a block hook alone misses the first
 * block of a function that starts with a riscv landing pad (`auipc zero, 0` emits no code, and
 * Unicorn 2.0.1 then runs that block's hooks late). */
static void hook_entry(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vs_exec *x = ud;
	(void)uc, (void)size;
	if (!x->in_vdso)
		vdso_enter(x, addr);
}

static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vs_exec *x = ud;
	if (x->done) { /* see park() */
		uc_emu_stop(uc);
		return;
	}
	int inside = addr >= x->vdso_lo && addr < x->vdso_hi;
	if (inside && !x->in_vdso)
		vdso_enter(x, addr);
	else if (!inside && x->in_vdso)
		vdso_leave(x);
	if (!inside)
		x->prog_insns += block_insns(x, addr, size);
	uint64_t total = insns_now(x, inside ? addr : 0);
	if (total > x->budget) {
		x->res->exit_status = 124;
		die(x, 0, "instruction budget of %llu exceeded at pc 0x%llx", (unsigned long long)x->budget,
		    (unsigned long long)addr);
		return;
	}
	ticks(x, counter_at(x, inside ? addr : 0));
}

/* ---- memory ----------------------------------------------------------------------------- */

static int prot_of(uint32_t pf)
{
	return (pf & PF_R ? UC_PROT_READ : 0) | (pf & PF_W ? UC_PROT_WRITE : 0) | (pf & PF_X ? UC_PROT_EXEC : 0);
}

/* map [lo, hi) page by page where nothing is mapped yet, and OR the protection in elsewhere */
static int map_range(struct vs_exec *x, uint64_t lo, uint64_t hi, int prot)
{
	for (uint64_t a = PAGE_DOWN(lo); a < PAGE_UP(hi); a += PAGE) {
		uint8_t b;
		if (uc_mem_read(x->uc, a, &b, 1) == UC_ERR_OK) {
			uc_mem_region *rg;
			uint32_t n;
			int old = 0;
			if (uc_mem_regions(x->uc, &rg, &n) == UC_ERR_OK) {
				for (uint32_t i = 0; i < n; i++)
					if (a >= rg[i].begin && a <= rg[i].end)
						old = (int)rg[i].perms;
				uc_free(rg);
			}
			uc_mem_protect(x->uc, a, PAGE, (uint32_t)(old | prot));
			continue;
		}
		uint64_t run = a;
		while (run < PAGE_UP(hi) && uc_mem_read(x->uc, run, &b, 1) != UC_ERR_OK)
			run += PAGE;
		if (uc_mem_map(x->uc, a, run - a, (uint32_t)prot) != UC_ERR_OK)
			return -1;
		a = run - PAGE;
	}
	return 0;
}

static int load_program(struct vs_exec *x)
{
	const struct vdsosim_program_info *pi = x->pi;
	if (x->abi->addr_limit && x->bias + pi->hi > x->abi->addr_limit)
		return vs_err(VDSOSIM_EUNSUPPORTED,
			      "%s: the program lies at 0x%llx-0x%llx, above 0x%llx, which Unicorn cannot map for %s (it "
			      "runs MIPS in kernel mode, where only the low 2 GB are unmapped); link it low, e.g. "
			      "-Wl,-Ttext-segment=0x10000000", pi->path, (unsigned long long)(x->bias + pi->lo),
			      (unsigned long long)(x->bias + pi->hi), (unsigned long long)x->abi->addr_limit, pi->arch);
	for (size_t i = 0; i < pi->n_segments; i++) {
		const struct vdsosim_segment *s = &pi->segments[i];
		uint64_t va = x->bias + s->vaddr;
		/* writable while loading; the segment's own protection afterwards */
		if (map_range(x, va, va + s->memsz, UC_PROT_ALL) ||
		    uc_mem_write(x->uc, va, x->pbytes + s->offset, s->filesz) != UC_ERR_OK)
			return vs_err(VDSOSIM_EFORMAT, "%s: cannot map segment %zu at 0x%llx", pi->path, i,
				      (unsigned long long)va);
	}
	for (size_t i = 0; i < pi->n_segments; i++) {
		const struct vdsosim_segment *s = &pi->segments[i];
		uint64_t va = x->bias + s->vaddr;
		uint32_t prot = (uint32_t)(prot_of(s->flags) | UC_PROT_READ);
		if (x->abi->text_writable && (prot & UC_PROT_EXEC))
			prot |= UC_PROT_WRITE;
		uc_mem_protect(x->uc, PAGE_DOWN(va), PAGE_UP(va + s->memsz) - PAGE_DOWN(va), prot);
	}
	x->brk_lo = x->brk_cur = x->brk_mapped = PAGE_UP(x->bias + pi->hi);
	return 0;
}

/* ---- the process start: the stack the kernel builds -------------------------------------- */

struct stk { struct vs_exec *x; uint64_t sp; };

static uint64_t push_bytes(struct stk *s, const void *p, size_t n)
{
	s->sp -= n;
	uc_mem_write(s->x->uc, s->sp, p, n);
	return s->sp;
}

enum { AT_NULL_ = 0, AT_PHDR_ = 3, AT_PHENT_ = 4, AT_PHNUM_ = 5, AT_PAGESZ_ = 6, AT_BASE_ = 7, AT_FLAGS_ = 8,
       AT_ENTRY_ = 9, AT_UID_ = 11, AT_EUID_ = 12, AT_GID_ = 13, AT_EGID_ = 14, AT_PLATFORM_ = 15, AT_HWCAP_ = 16,
       AT_CLKTCK_ = 17, AT_SECURE_ = 23, AT_RANDOM_ = 25, AT_HWCAP2_ = 26, AT_EXECFN_ = 31, AT_SYSINFO_ = 32,
       AT_SYSINFO_EHDR_ = 33 };

static uint64_t build_stack(struct vs_exec *x)
{
	const struct vs_exec_abi *a = x->abi;
	const struct vdsosim_exec_opts *o = x->o;
	struct stk s = { x, a->stack_top };
	int w = a->word;
	size_t argc = o->argc ? o->argc : 1;
	uint64_t *argp = calloc(argc + o->envc + 1, sizeof *argp), *envp = argp + argc;
	/* execve's filename as the caller spelled it (argv[0]): a program's start must not depend
	 * on where its file happens to live */
	const char *name = o->argc ? o->argv[0] : x->pi->path;
	uint64_t execfn = push_bytes(&s, name, strlen(name) + 1);
	for (size_t i = o->envc; i-- > 0;)
		envp[i] = push_bytes(&s, o->envp[i], strlen(o->envp[i]) + 1);
	for (size_t i = argc; i-- > 0;) {
		const char *v = o->argc ? o->argv[i] : name;
		argp[i] = push_bytes(&s, v, strlen(v) + 1);
	}
	uint64_t platform = a->platform ? push_bytes(&s, a->platform, strlen(a->platform) + 1) : 0;
	static const uint8_t random16[16] = { 0x76, 0x64, 0x73, 0x6f, 0x73, 0x69, 0x6d, 0x00,
					      0x41, 0x54, 0x5f, 0x52, 0x41, 0x4e, 0x44, 0x4f }; /* fixed */
	uint64_t rnd = push_bytes(&s, random16, sizeof random16);
	uint64_t aux[64];
	size_t n = 0;
#define AUX(k, v) (aux[n++] = (k), aux[n++] = (v))
	AUX(AT_SYSINFO_EHDR_, x->core->m.base);
	const struct vdsosim_symbol *vs = vdsosim_image_find(x->prof->img, "__kernel_vsyscall");
	if (vs) /* only i386 images have it; the kernel then names it */
		AUX(AT_SYSINFO_, x->core->m.base + vs->value);
	AUX(AT_HWCAP_, a->hwcap);
	AUX(AT_PAGESZ_, PAGE);
	AUX(AT_CLKTCK_, 100);
	AUX(AT_PHDR_, x->bias + x->pi->phdr_vaddr);
	AUX(AT_PHENT_, x->pi->phent);
	AUX(AT_PHNUM_, x->pi->phnum);
	AUX(AT_BASE_, 0);
	AUX(AT_FLAGS_, 0);
	AUX(AT_ENTRY_, x->bias + x->pi->entry);
	AUX(AT_UID_, 1000);
	AUX(AT_EUID_, 1000);
	AUX(AT_GID_, 1000);
	AUX(AT_EGID_, 1000);
	AUX(AT_SECURE_, 0);
	AUX(AT_RANDOM_, rnd);
	AUX(AT_HWCAP2_, a->hwcap2);
	AUX(AT_EXECFN_, execfn);
	if (platform)
		AUX(AT_PLATFORM_, platform);
	for (size_t i = 0; i + 1 < sizeof a->extra_aux / sizeof *a->extra_aux && a->extra_aux[i]; i += 2)
		AUX(a->extra_aux[i], a->extra_aux[i + 1]);
	AUX(AT_NULL_, 0);
#undef AUX
	size_t words = 1 + argc + 1 + o->envc + 1 + n;
	s.sp = (s.sp - words * (uint64_t)w) & ~15ULL; /* argc at a 16-byte aligned sp */
	uint8_t *blk = calloc(words, (size_t)w);
	size_t k = 0;
#define PUT(v) (vs_put(blk + (k++) * (size_t)w, (v), w, a->big_endian))
	PUT(argc);
	for (size_t i = 0; i < argc; i++)
		PUT(argp[i]);
	PUT(0);
	for (size_t i = 0; i < o->envc; i++)
		PUT(envp[i]);
	PUT(0);
	for (size_t i = 0; i < n; i++)
		PUT(aux[i]);
#undef PUT
	uc_mem_write(x->uc, s.sp, blk, words * (size_t)w);
	free(blk);
	free(argp);
	return s.sp;
}

/* ---- the process surface ---------------------------------------------------------------- */

static void record(struct vs_exec *x, uint64_t nr, const char *name, int from_vdso, int64_t ret, int unsupported)
{
	struct vdsosim_exec_result *r = x->res;
	r->syscalls = grow(r->syscalls, &x->cap_sys, r->n_syscalls, sizeof *r->syscalls);
	if (r->n_syscalls < x->cap_sys && r->n_syscalls < 100000)
		r->syscalls[r->n_syscalls++] = (struct vdsosim_exec_syscall){ nr, name, from_vdso, ret };
	if (!unsupported)
		return;
	for (size_t i = 0; i < r->n_unsupported; i++)
		if (r->unsupported[i].nr == nr)
			return;
	r->unsupported = grow(r->unsupported, &x->cap_uns, r->n_unsupported, sizeof *r->unsupported);
	if (r->n_unsupported < x->cap_uns)
		r->unsupported[r->n_unsupported++] = (struct vdsosim_exec_syscall){ nr, name, from_vdso, ret };
}

static int64_t do_brk(struct vs_exec *x, uint64_t want)
{
	if (!want || want < x->brk_lo)
		return (int64_t)x->brk_cur;
	uint64_t top = PAGE_UP(want);
	if (top > x->brk_mapped) {
		if (x->mem_used + (top - x->brk_mapped) > x->mem_cap || map_range(x, x->brk_mapped, top, UC_PROT_READ | UC_PROT_WRITE))
			return (int64_t)x->brk_cur; /* the kernel's answer to a refused brk: the old break */
		x->mem_used += top - x->brk_mapped;
		x->brk_mapped = top;
	}
	x->brk_cur = want;
	return (int64_t)want;
}

static int64_t do_mmap(struct vs_exec *x, const uint64_t *a, uint64_t off_units)
{
	uint64_t len = PAGE_UP(a[1]), flags = a[3];
	(void)off_units;
	if (!len)
		return -(int64_t)LX_EINVAL_;
	if (!(flags & 0x20)) /* MAP_ANONYMOUS: no files here */
		return -(int64_t)LX_ENODEV_;
	if (x->mem_used + len > x->mem_cap)
		return -(int64_t)LX_ENOMEM;
	uint64_t at = (flags & 0x10) && a[0] ? PAGE_DOWN(a[0]) : x->mmap_next; /* MAP_FIXED */
	if (at == x->mmap_next)
		x->mmap_next += len + PAGE; /* a guard page between mappings */
	if (flags & 0x10)
		uc_mem_unmap(x->uc, at, len);
	int prot = (a[2] & 1 ? UC_PROT_READ : 0) | (a[2] & 2 ? UC_PROT_WRITE : 0) | (a[2] & 4 ? UC_PROT_EXEC : 0);
	if (uc_mem_map(x->uc, at, len, (uint32_t)(prot ? prot : UC_PROT_NONE)) != UC_ERR_OK)
		return -(int64_t)LX_ENOMEM;
	x->mem_used += len;
	return (int64_t)at;
}

static int64_t put_user(struct vs_exec *x, uint64_t addr, const void *p, size_t n)
{
	return uc_mem_write(x->uc, addr, p, n) == UC_ERR_OK ? 0 : -14;
}

static int64_t do_write(struct vs_exec *x, uint64_t fd, uint64_t buf, uint64_t len)
{
	if (fd != 1 && fd != 2)
		return -(int64_t)LX_EBADF;
	uint8_t tmp[4096];
	uint64_t done = 0;
	while (done < len) {
		size_t n = len - done < sizeof tmp ? (size_t)(len - done) : sizeof tmp;
		if (uc_mem_read(x->uc, buf + done, tmp, n) != UC_ERR_OK)
			return done ? (int64_t)done : -14;
		if (x->o->output)
			x->o->output(x->o->ud, (int)fd, tmp, n);
		else
			fwrite(tmp, 1, n, fd == 1 ? stdout : stderr);
		done += n;
	}
	if (!x->o->output)
		fflush(fd == 1 ? stdout : stderr);
	return (int64_t)done;
}

static int64_t do_uname(struct vs_exec *x, uint64_t addr)
{
	char u[6][65];
	memset(u, 0, sizeof u);
	const struct vdsosim_image_info *in = vdsosim_image_info(x->prof->img);
	snprintf(u[0], 65, "Linux");
	snprintf(u[1], 65, "vdsosim");
	snprintf(u[2], 65, "%s", in->kernel_version ? in->kernel_version_str : "0.0.0");
	snprintf(u[3], 65, "#1 SMP vdsosim");
	snprintf(u[4], 65, "%s", x->abi->platform ? x->abi->platform : "riscv64");
	snprintf(u[5], 65, "(none)");
	return put_user(x, addr, u, sizeof u);
}

static void set_tls_x86_32(struct vs_exec *x, uint64_t uinfo, int64_t *ret)
{
	uint32_t d[4];
	if (uc_mem_read(x->uc, uinfo, d, sizeof d) != UC_ERR_OK) {
		*ret = -14;
		return;
	}
	uint32_t entry = d[0] == 0xffffffffu ? 12 : d[0];
	if (entry < 12 || entry > 14) {
		*ret = -(int64_t)LX_EINVAL_;
		return;
	}
	uint32_t base = d[1], limit = d[2], flags = d[3];
	uint64_t desc = (limit & 0xffffULL) | ((uint64_t)(base & 0xffffff) << 16) | (0xf2ULL << 40) /* P, DPL3, data RW */ |
			((uint64_t)((limit >> 16) & 0xf) << 48) | ((uint64_t)((flags & 1) ? 1 : 0) << 54) /* D/B */ |
			((uint64_t)((flags >> 4) & 1) << 55) /* G: limit in pages */ | ((uint64_t)(base >> 24) << 56);
	uint8_t b[8];
	vs_put(b, desc, 8, 0);
	uc_mem_write(x->uc, VS_EXEC_GDT + entry * 8, b, 8);
	d[0] = entry;
	uc_mem_write(x->uc, uinfo, d, 4);
	*ret = 0;
}

/* One syscall of the program (or made through the vDSO's __kernel_vsyscall); 1 if the program
 * goes on, 0 if it ended. */
static int64_t serve(struct vs_exec *x, uint64_t nr, const uint64_t a[6], int from_vdso)
{
	const struct vs_exec_abi *abi = x->abi;
	uint64_t key = nr & ~(uint64_t)abi->nr_mask;
	const struct xsys *s = NULL;
	for (size_t i = 0; i < abi->n_sys; i++)
		if (abi->sys[i].nr == key)
			s = &abi->sys[i];
	int64_t ret = 0;
	int unsupported = 0;
	uint64_t now = counter_at(x, 0);
	ticks(x, now);
	switch (s ? s->op : X_NONE) {
	case X_TIME:
		ret = vs_core_model_syscall(x->core, (enum vs_sysop)s->time_op, a, now, abi->klong);
		break;
	case X_WRITE: ret = do_write(x, a[0], a[1], a[2]); break;
	case X_WRITEV: {
		ret = 0;
		for (uint64_t i = 0; i < a[2] && i < 1024; i++) {
			uint8_t iov[16];
			int w = abi->word;
			if (uc_mem_read(x->uc, a[1] + i * 2 * (uint64_t)w, iov, 2 * (size_t)w) != UC_ERR_OK) {
				ret = -14;
				break;
			}
			int64_t n = do_write(x, a[0], vs_get(iov, w, abi->big_endian), vs_get(iov + w, w, abi->big_endian));
			if (n < 0) {
				ret = n;
				break;
			}
			ret += n;
		}
		break;
	}
	case X_READ: ret = a[0] == 0 ? 0 : -(int64_t)LX_EBADF; break; /* stdin is empty */
	case X_OPEN: ret = -(int64_t)LX_ENOENT; break;                  /* no host filesystem */
	case X_ACCESS: ret = -(int64_t)LX_ENOENT; break;
	case X_READLINK: ret = -(int64_t)LX_ENOENT; break;
	case X_CLOSE: ret = a[0] <= 2 ? 0 : -(int64_t)LX_EBADF; break;
	case X_FSTAT: case X_STATX: ret = -(int64_t)LX_ENOSYS; unsupported = 0; break;
	case X_IOCTL: ret = -(int64_t)LX_ENOTTY; break;
	case X_FCNTL: ret = a[0] <= 2 ? 0 : -(int64_t)LX_EBADF; break;
	case X_LSEEK: ret = -(int64_t)LX_ESPIPE; break;
	case X_GETCWD: ret = put_user(x, a[0], "/", 2) ? -14 : 2; break;
	case X_BRK: ret = do_brk(x, a[0]); break;
	case X_MMAP: ret = do_mmap(x, a, a[5]); break;
	case X_MMAP2: ret = do_mmap(x, a, a[5]); break;
	case X_OLD_MMAP: {
		uint8_t blk[48];
		uint64_t m[6];
		if (uc_mem_read(x->uc, a[0], blk, sizeof blk) != UC_ERR_OK) {
			ret = -14;
			break;
		}
		for (int i = 0; i < 6; i++)
			m[i] = vs_get(blk + 8 * i, 8, abi->big_endian);
		ret = do_mmap(x, m, m[5]);
		break;
	}
	case X_MUNMAP:
		uc_mem_unmap(x->uc, PAGE_DOWN(a[0]), PAGE_UP(a[1]));
		ret = 0;
		break;
	case X_MPROTECT: {
		int prot = (a[2] & 1 ? UC_PROT_READ : 0) | (a[2] & 2 ? UC_PROT_WRITE : 0) | (a[2] & 4 ? UC_PROT_EXEC : 0);
		ret = uc_mem_protect(x->uc, PAGE_DOWN(a[0]), PAGE_UP(a[1]), (uint32_t)prot) == UC_ERR_OK ? 0 : -(int64_t)LX_ENOMEM;
		break;
	}
	case X_MADVISE: ret = 0; break;
	case X_MREMAP: ret = -(int64_t)LX_ENOMEM; break;
	case X_EXIT:
	case X_EXIT_GROUP:
		record(x, nr, s->name, from_vdso, 0, 0);
		x->res->exit_status = (int)(a[0] & 0xff);
		x->done = 1;
		uc_emu_stop(x->uc);
		return 0;
	case X_KILL:
	case X_TKILL:
	case X_TGKILL: {
		uint64_t sig = s->op == X_TGKILL ? a[2] : a[1];
		record(x, nr, s->name, from_vdso, 0, 0);
		if (sig == 0)
			return 0;
		if (sig == 19) /* SIGSTOP: no debugger here */
			return 0;
		die(x, (int)sig, "killed by signal %llu (raised by the program)", (unsigned long long)sig);
		return 0;
	}
	case X_GETPID: case X_GETTID: ret = 1000; break;
	case X_GETPPID: ret = 1; break;
	case X_GETUID: ret = 1000; break;
	case X_UNAME: ret = do_uname(x, a[0]); break;
	case X_SET_TID_ADDRESS: ret = 1000; break;
	case X_SET_ROBUST_LIST: case X_RSEQ: case X_RT_SIGACTION: case X_RT_SIGPROCMASK: case X_SIGALTSTACK:
		ret = s->op == X_RSEQ ? -(int64_t)LX_ENOSYS : 0;
		break;
	case X_PRLIMIT: case X_GETRLIMIT: {
		uint64_t out = s->op == X_PRLIMIT ? a[3] : a[1];
		uint64_t res = s->op == X_PRLIMIT ? a[1] : a[0];
		uint8_t b[16];
		uint64_t cur = res == 3 ? STACK_SIZE : ~0ULL; /* RLIMIT_STACK */
		vs_put(b, abi->word == 4 && cur == ~0ULL ? 0xffffffffULL : cur, abi->word, abi->big_endian);
		vs_put(b + abi->word, abi->word == 4 ? 0xffffffffULL : ~0ULL, abi->word, abi->big_endian);
		ret = out ? put_user(x, out, b, 2 * (size_t)abi->word) : 0;
		break;
	}
	case X_ARCH_PRCTL:
		if (a[0] == 0x1002) { /* ARCH_SET_FS */
			uc_reg_write(x->uc, UC_X86_REG_FS_BASE, &a[1]);
			ret = 0;
		} else if (a[0] == 0x1001) {
			uc_reg_write(x->uc, UC_X86_REG_GS_BASE, &a[1]);
			ret = 0;
		} else {
			ret = -(int64_t)LX_EINVAL_;
		}
		break;
	case X_SET_THREAD_AREA: set_tls_x86_32(x, a[0], &ret); break;
	case X_ARM_SET_TLS: {
		uint32_t v = (uint32_t)a[0];
		uc_reg_write(x->uc, UC_ARM_REG_C13_C0_3, &v);
		ret = 0;
		break;
	}
	case X_MIPS_SET_TLS: { /* what rdhwr $29 reads */
		uint64_t v = a[0];
		uc_reg_write(x->uc, UC_MIPS_REG_CP0_USERLOCAL, &v);
		ret = 0;
		break;
	}
	case X_FLUSH_ICACHE: ret = 0; break;
	case X_CLONE:
		x->res->needs_threads = 1;
		ret = -(int64_t)LX_ENOSYS;
		unsupported = 1;
		break;
	case X_EXECVE: ret = -(int64_t)LX_ENOENT; break;
	case X_WAIT: ret = -(int64_t)LX_ECHILD; break;
	case X_UNSHARE: case X_PTRACE: ret = -(int64_t)LX_EPERM; break;
	case X_SCHED_YIELD: ret = 0; break;
	case X_SCHED_GETAFFINITY: {
		uint8_t mask[8] = { 0 };
		uint32_t cpu = vdsosim_model_state(x->m)->cpu;
		if (a[1] < sizeof mask || cpu >= 64) {
			ret = -(int64_t)LX_EINVAL_;
			break;
		}
		mask[cpu / 8] = (uint8_t)(1u << (cpu % 8));
		ret = put_user(x, a[2], mask, sizeof mask) ? -14 : (int64_t)sizeof mask;
		break;
	}
	case X_SCHED_SETAFFINITY: {
		/* one CPU, the model's: a mask without it is refused, as for an offline CPU */
		uint8_t mask[128] = { 0 };
		uint32_t cpu = vdsosim_model_state(x->m)->cpu;
		size_t n = a[1] < sizeof mask ? (size_t)a[1] : sizeof mask;
		uc_mem_read(x->uc, a[2], mask, n);
		ret = cpu / 8 < n && (mask[cpu / 8] >> (cpu % 8)) & 1 ? 0 : -(int64_t)LX_EINVAL_;
		break;
	}
	case X_NANOSLEEP: case X_CLOCK_NANOSLEEP: {
		/* the sleep passes on the counter: time runs, nothing waits */
		uint64_t req = s->op == X_NANOSLEEP ? a[0] : a[2];
		int t64 = abi->klong == 8 || strstr(s->name, "time64");
		uint8_t b[16];
		if (uc_mem_read(x->uc, req, b, t64 ? 16 : 8) != UC_ERR_OK) {
			ret = -14;
			break;
		}
		uint64_t sec = vs_get(b, t64 ? 8 : 4, abi->big_endian), nsec = vs_get(b + (t64 ? 8 : 4), t64 ? 8 : 4, abi->big_endian);
		if (s->op == X_CLOCK_NANOSLEEP && (a[1] & 1)) { /* TIMER_ABSTIME: no sleep into the past */
			ret = 0;
			break;
		}
		uint64_t freq = vdsosim_model_state(x->m)->freq_hz;
		if (sec < 100000)
			x->slept += sec * freq + nsec * (freq / 1000000) / 1000;
		ret = 0;
		break;
	}
	case X_FUTEX: ret = -(int64_t)LX_ENOSYS; unsupported = 1; break;
	case X_PRCTL: ret = -(int64_t)LX_EINVAL_; break;
	case X_SYSINFO: case X_GETRUSAGE: ret = -(int64_t)LX_ENOSYS; unsupported = 1; break;
	case X_HWPROBE: ret = -(int64_t)LX_ENOSYS; break;
	default: unsupported = 1; ret = -(int64_t)LX_ENOSYS; break;
	}
	record(x, nr, s ? s->name : "unknown", from_vdso, ret, unsupported);
	if (unsupported && x->o->strict) {
		x->res->exit_status = 126; /* it needs what this process surface does not give */
		die(x, 0, "syscall %llu (%s) is outside the process surface%s (--strict)", (unsigned long long)nr,
		    s ? s->name : "unknown", x->res->needs_threads ? ": threads and fork are not supported" : "");
	}
	return ret;
}

/* the vDSO's own syscalls (time fallbacks, and __kernel_vsyscall's) come through the attachment */
static int on_vdso_syscall(void *ud, uint64_t nr, const uint64_t a[6], int64_t *ret)
{
	struct vs_exec *x = ud;
	*ret = serve(x, nr, a, !x->vsyscall);
	return 1;
}

static void syscall_now(struct vs_exec *x)
{
	const struct vs_exec_abi *abi = x->abi;
	uint64_t a[6], pc = reg(x, abi->pc_reg);
	for (int i = 0; i < 6; i++)
		a[i] = abi->arg[i] ? reg(x, abi->arg[i]) : 0;
	for (int i = 4; abi->stack_args && i < 6; i++) {
		uint8_t w[8] = { 0 };
		uc_mem_read(x->uc, reg(x, abi->sp_reg) + (uint64_t)(abi->stack_args + (i - 4) * abi->word), w, (size_t)abi->word);
		a[i] = vs_get(w, abi->word, abi->big_endian);
	}
	uint64_t nr = abi->sysnr ? abi->sysnr(x->uc, pc) : reg(x, abi->nr_reg);
	int64_t ret = serve(x, nr, a, 0);
	if (x->done && x->res->signal != 0)
		return;
	if (abi->sysret)
		abi->sysret(x->uc, pc, ret);
	else
		set_reg(x, abi->ret_reg, (uint64_t)ret);
}

static void hook_syscall_insn(uc_engine *uc, void *ud)
{
	struct vs_exec *x = ud;
	(void)uc;
	uint64_t pc = reg(x, x->abi->pc_reg);
	if (pc >= x->vdso_lo && pc < x->vdso_hi)
		return; /* the vDSO's: the attachment serves it */
	syscall_now(x);
}

/* after the end, for an ABI whose Unicorn runs on past a stop asked for in an interrupt hook */
#define PARK_PAGE 0x1000ULL
static void park(struct vs_exec *x)
{
	if (!x->parked) {
		x->parked = 1;
		if (uc_mem_map(x->uc, PARK_PAGE, PAGE, UC_PROT_ALL) ||
		    uc_mem_write(x->uc, PARK_PAGE, x->abi->park, x->abi->park_len))
			return;
	}
	set_reg(x, x->abi->pc_reg, PARK_PAGE);
	uc_emu_stop(x->uc);
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *ud)
{
	struct vs_exec *x = ud;
	(void)uc;
	uint64_t pc = reg(x, x->abi->pc_reg);
	if (x->done) {
		if (x->abi->park)
			park(x);
		else
			uc_emu_stop(uc);
		return;
	}
	if (pc >= x->vdso_lo && pc < x->vdso_hi + 4)
		return;
	if (x->abi->intno && intno == x->abi->intno) {
		syscall_now(x);
		return;
	}
	die(x, 4, "illegal instruction (CPU exception %u) at pc 0x%llx", intno, (unsigned long long)pc);
}

static bool hook_invalid(uc_engine *uc, uc_mem_type type, uint64_t addr, int size, int64_t value, void *ud)
{
	struct vs_exec *x = ud;
	(void)uc, (void)size, (void)value;
	x->fault_addr = addr;
	x->fault_type = (int)type;
	return false;
}

/* ---- the run ---------------------------------------------------------------------------- */

void vdsosim_exec_result_clear(struct vdsosim_exec_result *r)
{
	free(r->vdso_calls);
	free(r->syscalls);
	free(r->unsupported);
	memset(r, 0, sizeof *r);
}

static void fault_message(struct vs_exec *x, uc_err err)
{
	uint64_t pc = reg(x, x->abi->pc_reg);
	char insn[80] = "?";
	uint8_t b[16];
	if (uc_mem_read(x->uc, pc, b, sizeof b) == UC_ERR_OK && x->cs) {
		cs_insn *in;
		size_t n = cs_disasm(x->cs, b, sizeof b, pc, 1, &in);
		if (n) {
			snprintf(insn, sizeof insn, "%.15s %.50s", in->mnemonic, in->op_str);
			cs_free(in, n);
		}
	}
	int ill = err == UC_ERR_INSN_INVALID || err == UC_ERR_EXCEPTION;
	const char *where = pc >= x->vdso_lo && pc < x->vdso_hi ? " (in the vDSO)" : "";
	if (ill)
		die(x, 4, "illegal instruction at pc 0x%llx%s (%s)", (unsigned long long)pc, where, insn);
	else
		die(x, 11, "%s at pc 0x%llx%s (%s), address 0x%llx", uc_strerror(err), (unsigned long long)pc, where, insn,
		    (unsigned long long)x->fault_addr);
}

int vdsosim_exec(const vdsosim_profile *p, vdsosim_model *m, const vdsosim_program *prog,
		 const struct vdsosim_exec_opts *o, struct vdsosim_exec_result *res)
{
	memset(res, 0, sizeof *res);
	const struct vdsosim_program_info *pi = vdsosim_program_info(prog);
	const struct vdsosim_image_info *ii = &p->img->info;
	const struct vs_exec_abi *abi = vs_exec_abi_for(pi->arch, ii->arch);
	if (!abi)
		return vs_err(VDSOSIM_EUNSUPPORTED, "%s: the program is %s, the vDSO is %s (%s)", pi->path, pi->arch,
			      ii->arch, ii->path);
	struct vs_exec *x = calloc(1, sizeof *x);
	if (!x)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	x->abi = abi;
	x->prof = p;
	x->m = m;
	x->pi = pi;
	size_t plen;
	x->pbytes = vdsosim_program_bytes(prog, &plen);
	x->o = o;
	x->res = res;
	x->budget = o->budget ? o->budget : 1000000000ULL;
	x->per_insn = o->counter_per_insn;
	x->mem_cap = o->mem_cap ? o->mem_cap : 256ULL << 20;
	const struct vdsosim_state *st = vdsosim_model_state(m);
	x->counter0 = st->counter;
	x->tick_len = st->freq_hz / st->hz;
	x->next_tick = st->counter + x->tick_len;
	x->bias = pi->pie ? abi->pie_base : 0;
	x->mmap_next = abi->mmap_base;
	int r = 0;
	uc_err err;
	uc_hook h;
	if ((err = uc_open(abi->uc_arch, abi->uc_mode | (abi->uc_arch == UC_ARCH_ARM && (pi->entry & 1) ? UC_MODE_THUMB : 0),
			   &x->uc))) {
		r = vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: %s", uc_strerror(err));
		goto out;
	}
	int model = p->ops->cpu_model ? p->ops->cpu_model(p->img) : -1; /* MIPS: R6 or R2, as the image is */
	if (model >= 0 && (err = uc_ctl_set_cpu_model(x->uc, model))) {
		r = vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: the CPU model: %s", uc_strerror(err));
		goto out;
	}
	if (abi->cs_arch != CS_ARCH_MAX && cs_open(abi->cs_arch, abi->cs_mode, &x->cs) != CS_ERR_OK)
		x->cs = 0;
	struct vdsosim_attach_opts ao = { .counter = on_counter, .syscall = on_vdso_syscall, .ud = x,
					  .trace = VDSOSIM_TRACE_VVAR | (o->n_inject ? VDSOSIM_TRACE_INJECT : 0) };
	if ((r = vdsosim_attach(&x->att, x->uc, p, m, abi->vdso_base, &ao)))
		goto out;
	x->core = vs_attachment_core(x->att);
	x->vdso_lo = x->core->m.base;
	x->vdso_hi = x->core->m.base + ii->load_size;
	if ((r = load_program(x)))
		goto out;
	if (uc_mem_map(x->uc, abi->stack_top - STACK_SIZE, STACK_SIZE, UC_PROT_READ | UC_PROT_WRITE)) {
		r = vs_err(VDSOSIM_ENOMEM, "cannot map the stack");
		goto out;
	}
	if ((r = vs_vsyscall_map(&x->core->m, o->vsyscall, &h))) /* old static programs call it */
		goto out;
	uint64_t sp = build_stack(x);
	uint64_t entry = x->bias + pi->entry;
	abi->start(x->uc, sp, entry);
	const struct vdsosim_image_info *in = vdsosim_image_info(p->img);
	for (size_t i = 0; i < in->n_symbols && !err; i++) {
		uint64_t a = x->vdso_lo + (in->symbols[i].value & ~1ULL);
		if (in->symbols[i].value && a < x->vdso_hi)
			err = uc_hook_add(x->uc, &h, UC_HOOK_CODE, (void *)hook_entry, x, a, a);
	}
	if (err || (err = uc_hook_add(x->uc, &h, UC_HOOK_BLOCK, (void *)hook_block, x, 1, 0)) ||
	    (err = uc_hook_add(x->uc, &h, UC_HOOK_MEM_INVALID, (void *)hook_invalid, x, 1, 0)) ||
	    (err = uc_hook_add(x->uc, &h, UC_HOOK_INTR, (void *)hook_intr, x, 1, 0)) ||
	    (!abi->intno &&
	     (err = uc_hook_add(x->uc, &h, UC_HOOK_INSN, (void *)hook_syscall_insn, x, 1, 0, UC_X86_INS_SYSCALL)))) {
		r = vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: hook: %s", uc_strerror(err));
		goto out;
	}
	/* one run to the end: exit, a fault, a stop in the vDSO or the budget stops Unicorn (an ARM
	 * entry with bit 0 set starts in Thumb, as Unicorn reads the address) */
	err = uc_emu_start(x->uc, entry, 0, 0, 0);
	if (!x->done && x->core->stop) /* the vsyscall page's SIGSEGV says so itself */
		die(x, 11, "%s%s", strncmp(x->core->res->message, "SIGSEGV", 7) ? "in the vDSO: " : "",
		    x->core->res->message);
	else if (!x->done && err)
		fault_message(x, err);
	else if (!x->done) {
		res->exit_status = 125;
		die(x, 0, "the program stopped without exiting at pc 0x%llx", (unsigned long long)reg(x, abi->pc_reg));
	}
	res->instructions = insns_now(x, 0);
	res->counter = counter_at(x, 0);
out:
	if (x->att)
		vdsosim_detach(x->att);
	if (x->uc)
		uc_close(x->uc);
	if (x->cs)
		cs_close(&x->cs);
	free(x->bc);
	free(x);
	return r;
}
