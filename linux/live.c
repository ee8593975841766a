#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <ucontext.h>
#include <unistd.h>

#include "live.h"
#include "vdsosim.h"

static sigjmp_buf probe_env;
static void on_probe_fault(int sig) { siglongjmp(probe_env, sig); }

/* Special mappings (VM_PFNMAP) cannot be read through /proc/self/mem: touch them directly and
 * catch the SIGBUS of pages the kernel does not back. */
static int copy_page(void *dst, const void *src)
{
	struct sigaction sa = { 0 }, ob, os;
	sa.sa_handler = on_probe_fault;
	sigaction(SIGBUS, &sa, &ob);
	sigaction(SIGSEGV, &sa, &os);
	int ok = 0;
	if (!sigsetjmp(probe_env, 1)) {
		memcpy(dst, src, 4096);
		ok = 1;
	}
	sigaction(SIGBUS, &ob, NULL);
	sigaction(SIGSEGV, &os, NULL);
	return ok;
}

static int read_mapping(const char *name, struct vs_live_mapping *m)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	memset(m, 0, sizeof *m);
	while (f && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		char path[256] = "";
		if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %255s", &lo, &hi, path) >= 2 && !strcmp(path, name)) {
			m->addr = lo;
			m->len = hi - lo;
		}
	}
	if (f)
		fclose(f);
	if (!m->len)
		return 0; /* mapping absent (older kernels have no [vvar_vclock]) */
	m->bytes = calloc(1, m->len);
	if (!m->bytes)
		return -1;
	m->unreadable = 0;
	for (size_t off = 0; off < m->len; off += 4096)
		if (!copy_page(m->bytes + off, (const void *)(uintptr_t)(m->addr + off))) {
			memset(m->bytes + off, 0, 4096);
			m->unreadable |= 1u << (off / 4096);
		}
	return 0;
}

int vs_live_open(struct vs_live *lv)
{
	memset(lv, 0, sizeof *lv);
	return vs_live_refresh(lv);
}

int vs_live_refresh(struct vs_live *lv)
{
	vs_live_close(lv);
	int r = read_mapping("[vdso]", &lv->vdso) || read_mapping("[vvar]", &lv->vvar) ||
		read_mapping("[vvar_vclock]", &lv->vclock);
	return r || !lv->vdso.len || !lv->vvar.len ? -1 : 0;
}

void vs_live_close(struct vs_live *lv)
{
	free(lv->vdso.bytes);
	free(lv->vvar.bytes);
	free(lv->vclock.bytes);
	memset(lv, 0, sizeof *lv);
}

static volatile uint64_t trap_value;
static volatile unsigned trap_count;

/* rdtsc (0f 31) or rdtscp (0f 01 f9) raised SIGSEGV under PR_TSC_SIGSEGV: answer and skip it. */
static void on_segv(int sig, siginfo_t *si, void *uc_)
{
	ucontext_t *uc = uc_;
	const uint8_t *ip = (const uint8_t *)uc->uc_mcontext.gregs[REG_RIP];
	int len = ip[0] == 0x0f && ip[1] == 0x31 ? 2 : ip[0] == 0x0f && ip[1] == 0x01 && ip[2] == 0xf9 ? 3 : 0;
	(void)si;
	if (!len) {
		signal(sig, SIG_DFL);
		return; /* a real fault: re-executes and dies */
	}
	uc->uc_mcontext.gregs[REG_RAX] = (uint32_t)trap_value;
	uc->uc_mcontext.gregs[REG_RDX] = (uint32_t)(trap_value >> 32);
	if (len == 3)
		uc->uc_mcontext.gregs[REG_RCX] = 0;
	uc->uc_mcontext.gregs[REG_RIP] += len;
	trap_count++;
}

struct ts64 { int64_t sec, nsec; };

int vs_live_call(struct vs_live *lv, struct vs_live_call *c)
{
	vdsosim_image *img;
	uintptr_t base = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
	if (!base || base != lv->vdso.addr || vdsosim_image_open_memory(&img, lv->vdso.bytes, lv->vdso.len, "[vdso]"))
		return -1;
	const struct vdsosim_symbol *s = vdsosim_image_find(img, c->func);
	uintptr_t fn = s ? base + (uintptr_t)s->value : 0;
	vdsosim_image_free(img);
	if (!fn)
		return -1;
	uint8_t *before = malloc(4096);
	if (!before)
		return -1;
	memcpy(before, (const void *)(uintptr_t)lv->vvar.addr, 4096);
	struct sigaction sa = { 0 }, old;
	sa.sa_sigaction = on_segv;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGSEGV, &sa, &old);
	trap_value = c->counter;
	trap_count = 0;
	struct ts64 ts = { -1, -1 };
	prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0);
	if (!strcmp(c->func, "clock_gettime"))
		c->ret = ((long (*)(int, struct ts64 *))fn)(c->clock, &ts);
	else if (!strcmp(c->func, "gettimeofday"))
		c->ret = ((long (*)(struct ts64 *, void *))fn)(&ts, NULL);
	else
		c->ret = ((long (*)(void *))fn)(NULL);
	prctl(PR_SET_TSC, PR_TSC_ENABLE, 0, 0, 0);
	sigaction(SIGSEGV, &old, NULL);
	c->sec = ts.sec;
	c->nsec = ts.nsec;
	c->counter_reads = trap_count;
	/* the vDSO read exactly `before` only if the page did not move during the call */
	int stable = !memcmp(before, (const void *)(uintptr_t)lv->vvar.addr, 4096) && !(*(uint32_t *)before & 1);
	if (stable)
		memcpy(lv->vvar.bytes, before, 4096);
	free(before);
	return stable ? 0 : -1;
}
