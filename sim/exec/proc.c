/* The process and its threads: ids, thread creation (clone, clone3) and ends (exit of a thread,
 * exit_group, a fatal signal), TLS set-up per ABI, limits; fork, execve and wait are refused. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

void vs_x_die(struct vs_exec *x, int sig, const char *fmt, ...)
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

void vs_x_exit(struct vs_exec *x, int status)
{
	x->res->exit_status = status;
	x->done = 1;
	uc_emu_stop(x->uc);
}

int64_t vs_sys_exit_group(struct vs_exec *x, struct vs_sc *c)
{
	c->ended = 1;
	x->proc.cur->exited = 1;
	x->proc.cur->exit_code = (int)(c->a[0] & 0xff);
	vs_x_exit(x, (int)(c->a[0] & 0xff));
	return 0;
}

/* one thread ends: CLONE_CHILD_CLEARTID's word cleared and woken; the last one ends the process */
int64_t vs_sys_exit(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_thread *t = x->proc.cur;
	if (x->proc.live <= 1)
		return vs_sys_exit_group(x, c);
	c->ended = 1;
	t->exited = 1;
	t->exit_code = (int)(c->a[0] & 0xff);
	x->proc.live--;
	vs_x_futex_clear(x, t->clear_child_tid);
	x->resched = 1;
	return 0;
}

int64_t vs_sys_getpid(struct vs_exec *x, struct vs_sc *c) { (void)c; return x->proc.pid; }
int64_t vs_sys_gettid(struct vs_exec *x, struct vs_sc *c) { (void)c; return x->proc.cur->tid; }
int64_t vs_sys_getppid(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return 1; }
int64_t vs_sys_getuid(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return 1000; }

int64_t vs_sys_set_tid_address(struct vs_exec *x, struct vs_sc *c)
{
	x->proc.cur->clear_child_tid = c->a[0];
	return x->proc.cur->tid;
}

int64_t vs_sys_uname(struct vs_exec *x, struct vs_sc *c)
{
	char u[6][65];
	memset(u, 0, sizeof u);
	const struct vdsosim_image_info *in = vdsosim_image_info(x->prof->img);
	snprintf(u[0], 65, "Linux");
	snprintf(u[1], 65, "vdsosim");
	snprintf(u[2], 65, "%s", in->kernel_version ? in->kernel_version_str : "0.0.0");
	snprintf(u[3], 65, "#1 SMP vdsosim");
	snprintf(u[4], 65, "%s", x->abi->machine);
	snprintf(u[5], 65, "(none)");
	return vs_x_put_user(x, c->a[0], u, sizeof u);
}

int64_t vs_sys_prlimit(struct vs_exec *x, struct vs_sc *c)
{
	const struct vs_exec_abi *abi = x->abi;
	int pr = c->s->op == X_PRLIMIT;
	uint64_t out = pr ? c->a[3] : c->a[1], res = pr ? c->a[1] : c->a[0];
	uint8_t b[16];
	uint64_t cur = res == 3 ? STACK_SIZE : ~0ULL; /* RLIMIT_STACK */
	vs_put(b, abi->word == 4 && cur == ~0ULL ? 0xffffffffULL : cur, abi->word, abi->big_endian);
	vs_put(b + abi->word, abi->word == 4 ? 0xffffffffULL : ~0ULL, abi->word, abi->big_endian);
	return out ? vs_x_put_user(x, out, b, 2 * (size_t)abi->word) : 0;
}

int64_t vs_sys_arch_prctl(struct vs_exec *x, struct vs_sc *c)
{
	if (c->a[0] == 0x1002) /* ARCH_SET_FS */
		return uc_reg_write(x->uc, UC_X86_REG_FS_BASE, &c->a[1]), 0;
	if (c->a[0] == 0x1001) /* ARCH_SET_GS */
		return uc_reg_write(x->uc, UC_X86_REG_GS_BASE, &c->a[1]), 0;
	return -LX_EINVAL;
}

/* i386: a TLS descriptor into the GDT entries 12-14 that start_i386 laid out (the thread keeps
 * its own three: sched.c writes them back when it runs) */
int64_t vs_x_set_thread_area(struct vs_exec *x, uint64_t uinfo)
{
	uint32_t d[4];
	if (uc_mem_read(x->uc, uinfo, d, sizeof d) != UC_ERR_OK)
		return -LX_EFAULT;
	uint32_t entry = d[0] == 0xffffffffu ? 12 : d[0];
	if (entry < 12 || entry > 14)
		return -LX_EINVAL;
	uint32_t base = d[1], limit = d[2], flags = d[3];
	uint64_t desc = (limit & 0xffffULL) | ((uint64_t)(base & 0xffffff) << 16) | (0xf2ULL << 40) /* P, DPL3, data RW */ |
			((uint64_t)((limit >> 16) & 0xf) << 48) | ((uint64_t)((flags & 1) ? 1 : 0) << 54) /* D/B */ |
			((uint64_t)((flags >> 4) & 1) << 55) /* G: limit in pages */ | ((uint64_t)(base >> 24) << 56);
	uint8_t b[8];
	vs_put(b, desc, 8, 0);
	uc_mem_write(x->uc, VS_EXEC_GDT + entry * 8, b, 8);
	x->proc.cur->tls_desc[entry - 12] = desc;
	d[0] = entry;
	uc_mem_write(x->uc, uinfo, d, 4);
	return 0;
}

int64_t vs_sys_set_thread_area(struct vs_exec *x, struct vs_sc *c) { return vs_x_set_thread_area(x, c->a[0]); }

int64_t vs_sys_arm_set_tls(struct vs_exec *x, struct vs_sc *c)
{
	uint32_t v = (uint32_t)c->a[0];
	uc_reg_write(x->uc, UC_ARM_REG_C13_C0_3, &v);
	return 0;
}

/* what rdhwr $29 reads */
int64_t vs_sys_mips_set_tls(struct vs_exec *x, struct vs_sc *c)
{
	uc_reg_write(x->uc, UC_MIPS_REG_CP0_USERLOCAL, &c->a[0]);
	return 0;
}

enum { CLONE_VM_ = 0x100, CLONE_FS_ = 0x200, CLONE_FILES_ = 0x400, CLONE_SIGHAND_ = 0x800, CLONE_VFORK_ = 0x4000,
       CLONE_THREAD_ = 0x10000, CLONE_SYSVSEM_ = 0x40000, CLONE_SETTLS_ = 0x80000, CLONE_PARENT_SETTID_ = 0x100000,
       CLONE_CHILD_CLEARTID_ = 0x200000, CLONE_DETACHED_ = 0x400000, CLONE_CHILD_SETTID_ = 0x1000000 };
#define CLONE_THREAD_SET (CLONE_VM_ | CLONE_FS_ | CLONE_FILES_ | CLONE_SIGHAND_ | CLONE_THREAD_)
#define CLONE_SURFACE (CLONE_THREAD_SET | CLONE_SYSVSEM_ | CLONE_SETTLS_ | CLONE_PARENT_SETTID_ | \
		       CLONE_CHILD_CLEARTID_ | CLONE_DETACHED_ | CLONE_CHILD_SETTID_ | 0xff /* exit signal */)

static int put_tid(struct vs_exec *x, uint64_t addr, uint32_t tid)
{
	uint8_t b[4];
	vs_put(b, tid, 4, x->abi->big_endian);
	return addr ? (int)vs_x_put_user(x, addr, b, 4) : 0;
}

/* A thread of this process: it starts where its parent returns from the call, with 0 in the
 * result register, its own stack and TLS (sched.c sets them when it first runs). */
static int64_t new_thread(struct vs_exec *x, struct vs_sc *c, uint64_t flags, uint64_t stack, uint64_t ptid,
			  uint64_t ctid, uint64_t tls)
{
	if ((flags & CLONE_THREAD_SET) != CLONE_THREAD_SET || (flags & ~(uint64_t)CLONE_SURFACE)) {
		/* fork, vfork and the rest: a process of its own is not served here */
		x->res->needs_threads = 1;
		c->unsupported = 1;
		return -LX_ENOSYS;
	}
	if (x->proc.live >= x->max_threads)
		return -LX_EAGAIN; /* RLIMIT_NPROC's answer */
	struct vs_thread *parent = x->proc.cur, *t = vs_x_thread_new(x);
	if (!t)
		return -LX_ENOMEM;
	t->fresh = 1;
	t->new_sp = stack;
	t->new_tls = tls;
	t->set_tls = (flags & CLONE_SETTLS_) != 0;
	t->in_vdso = x->in_vdso;
	t->vsyscall = x->vsyscall;
	memcpy(t->tls_desc, parent->tls_desc, sizeof t->tls_desc);
	memcpy(t->comm, parent->comm, sizeof t->comm);
	t->sigmask = parent->sigmask; /* (its altstack starts disabled, as for any CLONE_VM child) */
	if (flags & CLONE_CHILD_CLEARTID_)
		t->clear_child_tid = ctid;
	if (((flags & CLONE_PARENT_SETTID_) && put_tid(x, ptid, t->tid)) ||
	    ((flags & CLONE_CHILD_SETTID_) && put_tid(x, ctid, t->tid))) {
		t->exited = 1; /* never ran: it stays out of the schedule */
		x->proc.live--;
		return -LX_EFAULT;
	}
	x->resched = 1; /* the child's registers are the parent's after the call returns */
	x->spawned = t;
	return t->tid;
}

int64_t vs_sys_clone(struct vs_exec *x, struct vs_sc *c)
{
	const uint8_t *ca = x->abi->clone_args;
	if (!strcmp(c->s->name, "fork") || !strcmp(c->s->name, "vfork")) {
		x->res->needs_threads = 1;
		c->unsupported = 1;
		return -LX_ENOSYS;
	}
	return new_thread(x, c, c->a[ca[CL_FLAGS]], c->a[ca[CL_STACK]], c->a[ca[CL_PTID]], c->a[ca[CL_CTID]],
			  c->a[ca[CL_TLS]]);
}

/* clone3(args, size): struct clone_args, u64 fields in the program's byte order */
int64_t vs_sys_clone3(struct vs_exec *x, struct vs_sc *c)
{
	uint8_t b[88] = { 0 };
	uint64_t size = c->a[1], v[11] = { 0 };
	if (size < 64 || size > 4096)
		return -LX_EINVAL;
	if (uc_mem_read(x->uc, c->a[0], b, size < sizeof b ? (size_t)size : sizeof b) != UC_ERR_OK)
		return -LX_EFAULT;
	for (int i = 0; i < 11; i++)
		v[i] = vs_get(b + 8 * i, 8, x->abi->big_endian);
	/* flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid... */
	if (v[9] || (v[0] & 0x200000000ULL /* CLONE_INTO_CGROUP */))
		return -LX_EINVAL;
	return new_thread(x, c, v[0], v[5] ? v[5] + v[6] : 0, v[3], v[2], v[7]);
}

int64_t vs_sys_execve(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ENOENT; }
int64_t vs_sys_wait(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ECHILD; }
int64_t vs_sys_eperm(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_EPERM; }
/* PR_SET_NAME, PR_GET_NAME: the thread's name; the rest are refused */
int64_t vs_sys_prctl(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_thread *t = x->proc.cur;
	if (c->a[0] == 15) {
		char name[16] = { 0 };
		for (size_t i = 0; i < 15; i++)
			if (uc_mem_read(x->uc, c->a[1] + i, &name[i], 1) != UC_ERR_OK)
				return -LX_EFAULT;
			else if (!name[i])
				break;
		memcpy(t->comm, name, sizeof name);
		return 0;
	}
	if (c->a[0] == 16)
		return vs_x_put_user(x, c->a[1], t->comm, sizeof t->comm);
	return -LX_EINVAL;
}

/* sysinfo: the model's uptime, --mem-cap as the RAM, the threads as the processes */
int64_t vs_sys_sysinfo(struct vs_exec *x, struct vs_sc *c)
{
	const struct vs_exec_abi *abi = x->abi;
	int w = abi->klong;
	uint8_t b[128] = { 0 };
	struct vdsosim_timespec ts = { 0, 0 };
	vdsosim_model_clock_gettime(x->m, vs_x_counter(x, 0), 7 /* CLOCK_BOOTTIME */, &ts);
	struct vs_proc *p = &x->proc;
	uint64_t f[8] = { (uint64_t)ts.sec, 0, 0, 0, p->mem_cap, p->mem_cap - p->mem_used, 0, 0 };
	for (int i = 0; i < 8; i++) /* uptime, loads[3], totalram, freeram, sharedram, bufferram */
		vs_put(b + i * w, f[i], w, abi->big_endian);
	/* totalswap, freeswap, then procs (u16) and its pad, totalhigh, freehigh, mem_unit (u32) */
	vs_put(b + 10 * w, p->live, 2, abi->big_endian);
	vs_put(b + 13 * w, 1, 4, abi->big_endian);
	return vs_x_put_user(x, c->a[0], b, w == 8 ? 112 : 64);
}

/* getrusage: the instructions run, at 1 IPC on the counter's clock, as user time */
int64_t vs_sys_getrusage(struct vs_exec *x, struct vs_sc *c)
{
	const struct vs_exec_abi *abi = x->abi;
	int w = abi->klong;
	uint8_t b[256] = { 0 };
	uint64_t f = vdsosim_model_state(x->m)->freq_hz, n = vs_x_insns(x, 0);
	uint64_t us = f ? n / f * 1000000 + n % f * 1000000 / f : 0;
	vs_put(b, us / 1000000, w, abi->big_endian);
	vs_put(b + w, us % 1000000, w, abi->big_endian);
	vs_put(b + 4 * w, x->proc.mem_used / 1024, w, abi->big_endian); /* ru_maxrss */
	return vs_x_put_user(x, c->a[1], b, 18 * (size_t)w);
}
int64_t vs_sys_zero(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return 0; }
/* a known call this surface answers ENOSYS, as an older kernel would (rseq, statx, hwprobe) */
int64_t vs_sys_enosys(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ENOSYS; }

/* outside the process surface: ENOSYS, and recorded as unsupported (--strict stops on it) */
int64_t vs_sys_unsupported(struct vs_exec *x, struct vs_sc *c)
{
	(void)x;
	c->unsupported = 1;
	return -LX_ENOSYS;
}
