/* vdsosim exec: a program (and its interpreter) and a real vDSO in one Unicorn machine. The vDSO is attached
 * (vdsosim_attach); the program gets the process start the kernel builds and the small kernel's
 * syscall surface (kernel.h), never the host's. This file is the run loop and its hooks: time runs
 * per instruction, and the model's ticks land at their counter values while the program runs. */
#include <stdlib.h>
#include <string.h>

#include "../../common/bytes.h"
#include "../../kernel_model/model.h"
#include "kernel.h"
#include "../vsyscall.h"

/* Entries are seen by a code hook on each exported symbol: a block hook alone misses the first
 * block of a function that starts with a riscv landing pad (`auipc zero, 0` emits no code, and
 * Unicorn 2.0.1 then runs that block's hooks late). */
static void hook_entry(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vs_exec *x = ud;
	(void)uc, (void)size;
	if (!x->in_vdso && !x->in_stub)
		vs_x_vdso_enter(x, addr);
}

static void over_budget(struct vs_exec *x, uint64_t addr)
{
	x->res->exit_status = 124;
	vs_x_die(x, 0, "instruction budget of %llu exceeded at pc 0x%llx", (unsigned long long)x->budget,
		 (unsigned long long)addr);
}

/* The one block hook of the machine (Unicorn 2.1 inlines a lone block hook into the translated
 * code): the image's blocks go to the core first, as its own hook took them before. A block of the
 * program costs a table look-up and three compares; the rest waits for the counter to matter. */
static void hook_block(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vs_exec *x = ud;
	if (x->in_stub)
		return;
	if (x->done || x->resched || x->sigwork) { /* see park() and vs_x_stop() */
		x->stop_pc = addr;
		uc_emu_stop(uc);
		return;
	}
	if (addr - x->vdso_lo >= x->vdso_hi - x->vdso_lo) { /* the program */
		if (x->in_vdso)
			vs_x_vdso_leave(x);
		uint32_t n = vs_x_block_insns(x, addr, size);
		x->blk_n = n;
		x->blk_start = addr;
		x->blk_end = addr + size;
		uint64_t insns = (x->prog_insns += n) + x->vdso_insns;
		if (insns > x->budget) {
			over_budget(x, addr);
			return;
		}
		if (x->prog_insns >= x->slice_end && vs_x_slice_over(x)) {
			/* preempted before this block runs (a stop here runs none of it): it counts when
			 * the thread runs again */
			x->prog_insns -= n;
			x->resched = 1;
			x->stop_pc = addr;
			uc_emu_stop(uc);
			return;
		}
		/* (vs_x_counter out of the program, spelt out: this is the hot path) */
		uint64_t now = x->counter0 + x->slept + x->per_insn * insns + x->step * x->reads;
		if (now >= x->next_tick)
			vs_x_ticks(x, now);
		if (now >= x->proc.next_timer && (vs_x_timers_due(x, now), x->sigwork)) {
			x->prog_insns -= n; /* a signal first: this block runs after its handler */
			x->stop_pc = addr;
			uc_emu_stop(uc);
		}
		return;
	}
	/* a timer's signal may land inside a vDSO call: before this block, which then runs after it */
	if (vs_x_counter(x, 0) >= x->proc.next_timer && (vs_x_timers_due(x, vs_x_counter(x, 0)), x->sigwork)) {
		x->stop_pc = addr;
		uc_emu_stop(uc);
		return;
	}
	vs_core_block(x->core, addr, size);
	if (!x->in_vdso)
		vs_x_vdso_enter(x, addr);
	if (vs_x_insns(x, addr) > x->budget) {
		over_budget(x, addr);
		return;
	}
	vs_x_ticks(x, vs_x_counter(x, addr));
}

static void hook_syscall_insn(uc_engine *uc, void *ud)
{
	struct vs_exec *x = ud;
	(void)uc;
	uint64_t pc = vs_x_reg(x, x->abi->pc_reg);
	if (pc >= x->vdso_lo && pc < x->vdso_hi)
		return; /* the vDSO's: the attachment serves it */
	vs_x_syscall_now(x);
}

/* after the end, or to let the scheduler run, for an ABI whose Unicorn runs on past a stop asked
 * for in an interrupt hook: the pc is parked on an instruction whose block hook stops */
#define PARK_PAGE 0x1000ULL
static void park(struct vs_exec *x)
{
	if (!x->parked) {
		x->parked = 1;
		if (uc_mem_map(x->uc, PARK_PAGE, PAGE, UC_PROT_ALL) ||
		    uc_mem_write(x->uc, PARK_PAGE, x->abi->park, x->abi->park_len))
			return;
	}
	vs_x_set_reg(x, x->abi->pc_reg, PARK_PAGE);
	uc_emu_stop(x->uc);
}

void vs_x_stop(struct vs_exec *x)
{
	x->resched = 1;
	vs_x_halt(x);
}

/* stop the machine where the running thread goes on (the run loop then looks at x->resched and
 * x->sigwork) */
void vs_x_halt(struct vs_exec *x)
{
	if (x->abi->park) {
		x->park_pc = vs_x_reg(x, x->abi->pc_reg);
		park(x);
	} else {
		uc_emu_stop(x->uc);
	}
}

static void hook_intr(uc_engine *uc, uint32_t intno, void *ud)
{
	struct vs_exec *x = ud;
	(void)uc;
	uint64_t pc = vs_x_reg(x, x->abi->pc_reg);
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
		vs_x_syscall_now(x);
		return;
	}
	vs_x_die(x, 4, "illegal instruction (CPU exception %u) at pc 0x%llx", intno, (unsigned long long)pc);
}

/* ---- the run ---------------------------------------------------------------------------- */

void vdsosim_exec_result_clear(struct vdsosim_exec_result *r)
{
	free(r->vdso_calls);
	free(r->syscalls);
	free(r->unsupported);
	free(r->threads);
	free(r->signals);
	for (size_t i = 0; i < r->n_files; i++)
		free(r->files[i].path);
	for (size_t i = 0; i < r->n_maps; i++)
		free(r->maps[i].path);
	free(r->files);
	free(r->maps);
	memset(r, 0, sizeof *r);
}

static void fault_message(struct vs_exec *x, uc_err err)
{
	vs_x_fault_again(x, err);
	uint64_t pc = vs_x_reg(x, x->abi->pc_reg);
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
		vs_x_die(x, 4, "illegal instruction at pc 0x%llx%s (%s)", (unsigned long long)pc, where, insn);
	else if (vs_x_past_eof(x, x->fault_addr))
		vs_x_die(x, vs_x_signal_number(x, "SIGBUS"), "bus error at pc 0x%llx%s (%s): address 0x%llx lies past the end "
			 "of the file mapped there", (unsigned long long)pc, where, insn, (unsigned long long)x->fault_addr);
	else
		vs_x_die(x, 11, "%s at pc 0x%llx%s (%s), address 0x%llx", uc_strerror(err), (unsigned long long)pc, where, insn,
		    (unsigned long long)x->fault_addr);
}

/* where a stopped thread goes on (an ARM thread in Thumb state: with bit 0 set, as Unicorn reads it) */
static uint64_t resume_pc(struct vs_exec *x)
{
	uint64_t pc = vs_x_reg(x, x->abi->pc_reg);
	if (x->abi->uc_arch == UC_ARCH_ARM) {
		uint32_t cpsr = 0;
		uc_reg_read(x->uc, UC_ARM_REG_CPSR, &cpsr);
		pc |= (cpsr >> 5) & 1;
	}
	return pc;
}

static int save(struct vs_exec *x, struct vs_thread *t)
{
	if (!t->ctx && uc_context_alloc(x->uc, &t->ctx) != UC_ERR_OK)
		return -1;
	return uc_context_save(x->uc, t->ctx) == UC_ERR_OK ? 0 : -1;
}

/* s390x's TLS pointer is a0:a1. Unicorn 2.0.1 writes UC_S390X_REG_A* into the general registers,
 * so the access registers are set the way a program sets them: sar, run on a scratch page. */
#define STUB_PAGE 0x2000ULL
static void set_tls_pair(struct vs_exec *x, uint64_t tls)
{
	static const uint8_t sar[] = { 0xb2, 0x4e, 0x00, 0x00, 0xb2, 0x4e, 0x00, 0x11 }; /* sar %a0,%r0; sar %a1,%r1 */
	uint64_t r0 = vs_x_reg(x, UC_S390X_REG_R0), r1 = vs_x_reg(x, UC_S390X_REG_R1), pc = vs_x_reg(x, x->abi->pc_reg);
	if (uc_mem_map(x->uc, STUB_PAGE, PAGE, UC_PROT_ALL) != UC_ERR_OK && !x->stub_mapped)
		return;
	x->stub_mapped = 1;
	uc_mem_write(x->uc, STUB_PAGE, sar, sizeof sar);
	vs_x_set_reg(x, UC_S390X_REG_R0, tls >> 32);
	vs_x_set_reg(x, UC_S390X_REG_R1, tls & 0xffffffffULL);
	x->in_stub = 1;
	uc_emu_start(x->uc, STUB_PAGE, STUB_PAGE + sizeof sar, 0, 0);
	x->in_stub = 0;
	vs_x_set_reg(x, UC_S390X_REG_R0, r0);
	vs_x_set_reg(x, UC_S390X_REG_R1, r1);
	vs_x_set_reg(x, x->abi->pc_reg, pc);
}

/* A clone child's first run: its parent's registers with its own stack, TLS and 0 returned. */
static void first_run(struct vs_exec *x, struct vs_thread *t)
{
	const struct vs_exec_abi *abi = x->abi;
	t->fresh = 0;
	vs_x_set_reg(x, abi->ret_reg, 0);
	if (abi->sysret) /* MIPS: a3 = 0 too */
		abi->sysret(x->uc, 0, 0);
	if (t->new_sp)
		vs_x_set_reg(x, abi->sp_reg, t->new_sp);
	if (!t->set_tls)
		return;
	if (abi->tls_reg2) {
		set_tls_pair(x, t->new_tls);
	} else if (abi->tls_reg) {
		vs_x_set_reg(x, abi->tls_reg, t->new_tls);
	} else { /* i386: a user_desc, then %gs reloaded from the entry it names */
		uint32_t d[1] = { 0 };
		vs_x_set_thread_area(x, t->new_tls);
		if (uc_mem_read(x->uc, t->new_tls, d, 4) == UC_ERR_OK)
			vs_x_set_reg(x, UC_X86_REG_GS, d[0] * 8 + 3);
	}
}

/* Put thread t on the CPU: its registers, its CPU for getcpu, and (i386) its TLS entries. */
static int switch_to(struct vs_exec *x, struct vs_thread *t, struct vs_thread **on_cpu)
{
	struct vs_proc *p = &x->proc;
	if (t != *on_cpu) {
		if (uc_context_restore(x->uc, t->ctx) != UC_ERR_OK)
			return -1;
		*on_cpu = t;
	}
	if (t != p->cur)
		x->switches++;
	p->cur = t;
	x->in_vdso = t->in_vdso;
	x->vsyscall = t->vsyscall;
	vs_model_set_cpu(x->m, t->cpu);
	if (!x->abi->tls_reg && x->abi->uc_arch == UC_ARCH_X86) /* i386 */
		for (int i = 0; i < 3; i++) {
			uint8_t b[8];
			vs_put(b, t->tls_desc[i], 8, 0);
			uc_mem_write(x->uc, VS_EXEC_GDT + (uint64_t)(12 + i) * 8, b, 8);
		}
	if (t->fresh)
		first_run(x, t);
	else if (t->wait != W_NONE)
		vs_x_resume_syscall(x, t);
	return 0;
}

static void deadlock(struct vs_exec *x)
{
	if (x->done) /* (a timer's fatal signal while all waited) */
		return;
	char b[200];
	size_t n = 0;
	b[0] = 0;
	for (size_t i = 0; i < x->proc.n_threads && n + 40 < sizeof b; i++) {
		struct vs_thread *t = x->proc.threads[i];
		if (!t->exited)
			n += (size_t)snprintf(b + n, sizeof b - n, "%s%u in %s", n ? ", " : "", t->tid,
					      t->sc.s ? t->sc.s->name : "?");
	}
	x->res->exit_status = 122;
	vs_x_die(x, 0, "deadlock: every thread waits with no deadline (%s)", b);
}

/* The run loop: the scheduler's thread runs until the machine stops (it waits, yields, spawns,
 * exits, or spent its slice), then the scheduler picks the next; the run ends with the process. */
static void run(struct vs_exec *x, uint64_t entry)
{
	struct vs_proc *p = &x->proc;
	struct vs_thread *on_cpu = p->cur;
	uint64_t pc = entry;
	uc_err err = UC_ERR_OK;
	for (;;) {
		uint64_t before = vs_x_insns(x, 0);
		vs_x_new_slice(x);
		x->stop_pc = 0;
		err = uc_emu_start(x->uc, pc, 0, 0, 0);
		/* stopped before a block: that block is where it goes on (Unicorn 2.0.1's pc register
		 * there can still be an earlier block's, or a value a hook wrote) */
		if (x->stop_pc && !err) /* (ARM: bit 0 keeps the Thumb state, as Unicorn reads a pc) */
			vs_x_set_reg(x, x->abi->pc_reg,
				     x->stop_pc | (x->abi->uc_arch == UC_ARCH_ARM ? resume_pc(x) & 1 : 0));
		if (x->park_pc) {
			vs_x_set_reg(x, x->abi->pc_reg, x->park_pc);
			x->park_pc = 0;
		}
		p->cur->insns += vs_x_insns(x, 0) - before;
		if (x->done || err || x->core->stop)
			break;
		int sw = x->sigwork;
		if (sw && p->cur->wait == W_NONE)
			vs_x_signal_work(x);
		x->sigwork = 0;
		if (x->done)
			break;
		if (!x->resched) {
			if (!sw)
				break;
			pc = resume_pc(x);
			continue;
		}
		x->resched = 0;
		p->cur->in_vdso = x->in_vdso;
		p->cur->vsyscall = x->vsyscall;
		if (save(x, p->cur) || (x->spawned && save(x, x->spawned))) {
			x->res->exit_status = 125;
			vs_x_die(x, 0, "unicorn: cannot save a thread's registers");
			break;
		}
		x->spawned = NULL;
		struct vs_thread *t;
		do {
			if (!(t = vs_x_pick(x))) {
				deadlock(x);
				break;
			}
			if (switch_to(x, t, &on_cpu)) {
				x->res->exit_status = 125;
				vs_x_die(x, 0, "unicorn: cannot restore a thread's registers");
				break;
			}
		} while (t->wait != W_NONE && !x->done);
		if (!x->done && vs_x_signal_ready(x, p->cur))
			vs_x_signal_work(x);
		if (x->done)
			break;
		pc = resume_pc(x);
	}
	if (!x->done && x->core->stop) /* the vsyscall page's SIGSEGV says so itself */
		vs_x_die(x, 11, "%s%s", strncmp(x->core->res->message, "SIGSEGV", 7) ? "in the vDSO: " : "",
			 x->core->res->message);
	else if (!x->done && err)
		fault_message(x, err);
	else if (!x->done) {
		x->res->exit_status = 125;
		vs_x_die(x, 0, "the program stopped without exiting at pc 0x%llx",
			 (unsigned long long)vs_x_reg(x, x->abi->pc_reg));
	}
	x->res->instructions = vs_x_insns(x, 0);
	x->res->counter = vs_x_counter(x, 0);
	x->res->switches = x->switches;
	x->res->signals_pending = x->signals_dropped + (uint64_t)__builtin_popcountll(p->sig_shared);
	for (size_t i = 0; i < p->n_threads; i++)
		x->res->signals_pending += (uint64_t)__builtin_popcountll(p->threads[i]->sig_pending);
	if ((x->res->threads = calloc(p->n_threads, sizeof *x->res->threads)))
		for (size_t i = 0; i < p->n_threads; i++) {
			struct vs_thread *t = p->threads[i];
			x->res->threads[x->res->n_threads++] = (struct vdsosim_exec_thread){
				t->tid, t->exited, t->exited ? t->exit_code : 0, t->insns, t->vdso_calls };
		}
	if (x->strace)
		vs_strace_end(x->strace);
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
	x->step = x->per_insn ? 0 : o->counter_step;
	x->proc.mem_cap = o->mem_cap ? o->mem_cap : 256ULL << 20;
	const struct vdsosim_state *st = vdsosim_model_state(m);
	x->proc.pid = x->proc.next_tid = 1000;
	x->proc.cpus = o->cpus ? o->cpus : 1;
	x->proc.cpu0 = st->cpu;
	x->max_threads = o->max_threads ? o->max_threads : 256;
	x->slice = o->slice ? o->slice : 100000;
	x->seeded = o->sched_seeded;
	x->rng = o->sched_seed;
	int r = 0;
	if (!(x->proc.cur = vs_x_thread_new(x)) || vs_x_files_init(x)) {
		r = vs_err(VDSOSIM_ENOMEM, "out of memory");
		goto out;
	}
	x->counter0 = st->counter;
	x->tick_len = st->freq_hz / st->hz;
	x->next_tick = st->counter + x->tick_len;
	x->bias = pi->pie ? abi->pie_base : 0;
	x->proc.mmap_next = abi->mmap_base;
	strcpy(x->proc.cwd, "/");
	if ((o->sysroot && (r = vs_root_new(&x->proc.root, o->sysroot))) || (r = vs_x_find_interp(x)))
		goto out;
	x->proc.next_timer = UINT64_MAX;
	x->call_idx = -1;
	uc_err err;
	uc_hook h;
	int thumb = abi->uc_arch == UC_ARCH_ARM && (vs_x_entry(x) & 1);
	if ((err = uc_open(abi->uc_arch, abi->uc_mode | (thumb ? UC_MODE_THUMB : 0), &x->uc))) {
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
	struct vdsosim_attach_opts ao = { .counter = vs_x_on_counter, .syscall = vs_x_on_vdso_syscall, .ud = x,
					  .trace = VDSOSIM_TRACE_VVAR | (o->n_inject ? VDSOSIM_TRACE_INJECT : 0) };
	/* (an injection's points are counted per load, with the pc it lands at: those runs keep the
	 * exact memory hook) */
	unsigned cf = VS_CORE_FORWARD_BLOCKS | (o->n_inject ? 0 : VS_CORE_MMIO_DATA);
	if ((r = vs_attach(&x->att, x->uc, p, m, abi->vdso_base, &ao, cf)))
		goto out;
	x->core = vs_attachment_core(x->att);
	x->vdso_lo = x->core->m.base;
	x->vdso_hi = x->core->m.base + ii->load_size;
	if ((r = vs_x_load_program(x)))
		goto out;
	if (uc_mem_map(x->uc, abi->stack_top - STACK_SIZE, STACK_SIZE, UC_PROT_READ | UC_PROT_WRITE)) {
		r = vs_err(VDSOSIM_ENOMEM, "cannot map the stack");
		goto out;
	}
	if ((r = vs_vsyscall_map(&x->core->m, o->vsyscall, &h))) /* old static programs call it */
		goto out;
	if ((r = vs_x_program_sites(x)))
		goto out;
	if (vs_x_cpuid_hook(x)) {
		r = vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: no CPUID hook");
		goto out;
	}
	uint64_t sp = vs_x_build_stack(x);
	uint64_t entry = vs_x_entry(x);
	abi->start(x->uc, sp, entry);
	const struct vdsosim_image_info *in = vdsosim_image_info(p->img);
	for (size_t i = 0; i < in->n_symbols && !err; i++) {
		uint64_t a = x->vdso_lo + (in->symbols[i].value & ~1ULL);
		if (in->symbols[i].value && a < x->vdso_hi)
			err = uc_hook_add(x->uc, &h, UC_HOOK_CODE, (void *)hook_entry, x, a, a);
	}
	if (err || (err = uc_hook_add(x->uc, &h, UC_HOOK_BLOCK, (void *)hook_block, x, 1, 0)) ||
	    (!vs_x_fast_memory(x) && (err = vs_x_fault_hook(x))) ||
	    (err = uc_hook_add(x->uc, &h, UC_HOOK_INTR, (void *)hook_intr, x, 1, 0)) ||
	    (!abi->intno &&
	     (err = uc_hook_add(x->uc, &h, UC_HOOK_INSN, (void *)hook_syscall_insn, x, 1, 0, UC_X86_INS_SYSCALL)))) {
		r = vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: hook: %s", uc_strerror(err));
		goto out;
	}
	if (o->strace && o->strace_line && !(x->strace = vs_strace_new(x))) {
		r = vs_err(VDSOSIM_ENOMEM, "out of memory");
		goto out;
	}
	run(x, entry);
out:
	vs_model_set_cpu(m, x->proc.cpu0);
	vs_strace_free(x->strace);
	vs_x_files_free(x);
	vs_x_signals_free(x);
	vs_x_threads_free(x);
	vs_x_mm_free(x);
	vs_x_program_sites_free(x);
	vs_root_free(x->proc.root);
	vdsosim_program_free(x->interp);
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
