/* The process and its threads: ids, the end (exit, a fatal signal), TLS set-up per ABI, limits;
 * clone, execve and wait are refused (threads come with the scheduler). */
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

int64_t vs_sys_exit(struct vs_exec *x, struct vs_sc *c)
{
	c->ended = 1;
	vs_x_exit(x, (int)(c->a[0] & 0xff));
	return 0;
}

int64_t vs_sys_kill(struct vs_exec *x, struct vs_sc *c)
{
	uint64_t sig = c->s->op == X_TGKILL ? c->a[2] : c->a[1];
	if (sig == 0 || sig == 19) /* probe; SIGSTOP: no debugger here */
		return 0;
	c->ended = 1;
	x->raised = c->s->op;
	vs_x_die(x, (int)sig, "killed by signal %llu (raised by the program)", (unsigned long long)sig);
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
	snprintf(u[4], 65, "%s", x->abi->platform ? x->abi->platform : "riscv64");
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

/* i386: a TLS descriptor into the GDT entries 12-14 that start_i386 laid out */
int64_t vs_sys_set_thread_area(struct vs_exec *x, struct vs_sc *c)
{
	uint32_t d[4];
	uint64_t uinfo = c->a[0];
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
	d[0] = entry;
	uc_mem_write(x->uc, uinfo, d, 4);
	return 0;
}

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

int64_t vs_sys_clone(struct vs_exec *x, struct vs_sc *c)
{
	x->res->needs_threads = 1;
	c->unsupported = 1;
	return -LX_ENOSYS;
}

int64_t vs_sys_execve(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ENOENT; }
int64_t vs_sys_wait(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ECHILD; }
int64_t vs_sys_eperm(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_EPERM; }
int64_t vs_sys_prctl(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_EINVAL; }
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
