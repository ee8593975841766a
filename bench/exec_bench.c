/* vdsosim-bench --exec DIR: whole programs natively, under Debian's qemu-user (the same TCG
 * engine, on the host's clock) and under vdsosim exec, wall time of each process as a shell sees
 * it, taken in turn (native, qemu, vdsosim; three rounds) so that a drifting machine hits all
 * three alike; ratios are medians of the per-round ratios. DIR comes from
 * tools/exec-bench-programs.sh. */
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "exec_bench.h"

extern char **environ;

enum { ROUNDS = 3 };

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static int dcmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double med(double *v, int n)
{
	double c[16];
	memcpy(c, v, (size_t)n * sizeof *v);
	qsort(c, (size_t)n, sizeof *c, dcmp);
	return c[n / 2];
}

/* wall seconds of one run, output thrown away; negative when it could not start or failed */
static double timed(char *const *argv)
{
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	pid_t pid;
	double t0 = now_s();
	int e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e)
		return -1;
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	double t = now_s() - t0;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? t : -1;
}

static int on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];
	for (const char *p = path ? path : ""; *p;) {
		const char *c = strchr(p, ':');
		size_t n = c ? (size_t)(c - p) : strlen(p);
		snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, prog);
		if (access(buf, X_OK) == 0)
			return 1;
		p += n + (c != NULL);
	}
	return 0;
}

struct prog { const char *name, *file; const char *args[6]; uint64_t calls; int optional, dynamic; };

/* sysroot: a dynamic program's / (qemu's -L, vdsosim's --sysroot) */
static const struct target {
	const char *arch, *qemu, *image, *sysroot;
	int native;
} targets[] = {
#if defined(__x86_64__)
	{ "x86_64", "qemu-x86_64-static", "vdso_images/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so", "/", 1 },
#else
	{ "x86_64", "qemu-x86_64-static", "vdso_images/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so", "/", 0 },
#endif
	{ "arm64", "qemu-aarch64-static", "vdso_images/arm64/7.3-cloud-arm64-vdso.so", "/usr/aarch64-linux-gnu", 0 },
};

#define LOOP "i=0; while [ $i -lt 30000 ]; do i=$((i+1)); done; echo $i"
static const struct prog progs[] = {
	{ "busybox sh, a 30000-step loop", "busybox", { "sh", "-c", LOOP }, 0 },
	{ "clock_gettime loop, 200000 calls", "clock_loop", { "200000" }, 200000, 0 },
	/* Go's time.Now (built when Go is there): one thread, then four locked to threads of their own */
	{ "Go time.Now loop, 1 thread", "go_clock", { "single" }, 100000, 1 },
	{ "Go time.Now, 4 locked threads", "go_clock", { "threads" }, 100000, 1 },
	/* start-up: one call, static, then dynamic (ld.so, libc from the sysroot) */
	{ "start-up, static (1 call)", "clock_loop", { "1" }, 1, 0 },
	{ "start-up, dynamic (1 call)", "clock_loop_dyn", { "1" }, 1, 1, 1 },
};

/* the vdsosim exec command line, optionally with --report FILE */
static int exec_argv(char **v, const char *vdsosim, const struct target *tg, const char *file, const struct prog *p,
		     const char *report)
{
	int n = 0;
	const char *image = tg->image;
	v[n++] = (char *)vdsosim;
	v[n++] = "exec";
	v[n++] = "--budget";
	v[n++] = "100000000000";
	if (p->dynamic) {
		v[n++] = "--sysroot";
		v[n++] = (char *)tg->sysroot;
	}
	if (report) {
		v[n++] = "--report";
		v[n++] = (char *)report;
	}
	v[n++] = (char *)image;
	v[n++] = (char *)file;
	for (int i = 0; p->args[i]; i++)
		v[n++] = (char *)p->args[i];
	v[n] = NULL;
	return n;
}

int exec_table(const char *dir, const char *vdsosim, int json, double engine_call_ns)
{
	json_t *rows = json_array();
	if (!json)
		printf("vdsosim-bench --exec: wall time of the whole process, median of %d rounds taken in turn\n"
		       "%-8s %-34s %9s %9s %9s %9s %12s %14s %9s\n", ROUNDS, "arch", "program", "native", "qemu-user",
		       "vdsosim", "vs qemu", "insns/s", "vDSO calls/s", "switches");
	for (size_t t = 0; t < sizeof targets / sizeof *targets; t++) {
		const struct target *tg = &targets[t];
		int qemu = on_path(tg->qemu);
		for (size_t k = 0; k < sizeof progs / sizeof *progs; k++) {
			const struct prog *p = &progs[k];
			char file[4096], report[4096];
			snprintf(file, sizeof file, "%s/%s-%s", dir, p->file, tg->arch);
			if (access(file, X_OK) && p->optional)
				continue;
			if (access(file, X_OK)) {
				fprintf(stderr, "vdsosim-bench: %s: not there (sh tools/exec-bench-programs.sh %s)\n", file, dir);
				json_decref(rows);
				return 2;
			}
			if (p->dynamic && access(tg->sysroot, R_OK))
				continue;
			char *nat[8] = { file }, *qu[12] = { (char *)tg->qemu }, *vx[20];
			int nq = 1;
			if (p->dynamic) {
				qu[nq++] = "-L";
				qu[nq++] = (char *)tg->sysroot;
			}
			qu[nq++] = file;
			for (int i = 0; p->args[i]; i++)
				nat[i + 1] = qu[nq + i] = (char *)p->args[i];
			exec_argv(vx, vdsosim, tg, file, p, NULL);
			double tn[ROUNDS], tq[ROUNDS], tv[ROUNDS], r[ROUNDS];
			for (int i = 0; i < ROUNDS; i++) {
				tn[i] = tg->native ? timed(nat) : 0;
				tq[i] = qemu ? timed(qu) : 0;
				tv[i] = timed(vx);
				r[i] = tq[i] > 0 && tv[i] > 0 ? tv[i] / tq[i] : 0;
			}
			/* the instructions and vDSO calls, from the run's own report */
			snprintf(report, sizeof report, "%s/.bench-report.json", dir);
			exec_argv(vx, vdsosim, tg, file, p, report);
			uint64_t insns = 0, calls = 0, switches = 0;
			if (timed(vx) > 0) {
				json_t *j = json_load_file(report, 0, NULL);
				insns = (uint64_t)json_integer_value(json_object_get(j, "instructions"));
				calls = json_array_size(json_object_get(j, "vdso_calls"));
				switches = (uint64_t)json_integer_value(json_object_get(json_object_get(j, "schedule"), "switches"));
				json_decref(j);
			}
			remove(report);
			double n = med(tn, ROUNDS), q = med(tq, ROUNDS), v = med(tv, ROUNDS), ratio = med(r, ROUNDS);
			if (json) {
				json_array_append_new(rows, json_pack("{s:s,s:s,s:f,s:f,s:f,s:f,s:I,s:f,s:I,s:I}", "arch", tg->arch,
								      "program", p->name, "native_s", n, "qemu_s", q, "vdsosim_s", v,
								      "vs_qemu", ratio, "instructions", (json_int_t)insns,
								      "insns_per_s", v > 0 ? insns / v : 0, "vdso_calls",
								      (json_int_t)calls, "switches", (json_int_t)switches));
				continue;
			}
			char ns[16] = "n/a", qs[16] = "n/a", rs[16] = "n/a", cs[24] = "";
			if (tg->native && n > 0)
				snprintf(ns, sizeof ns, "%.3f s", n);
			if (q > 0)
				snprintf(qs, sizeof qs, "%.3f s", q);
			if (ratio > 0)
				snprintf(rs, sizeof rs, "%.2fx", ratio);
			if (p->calls > 1)
				snprintf(cs, sizeof cs, "%.0f", calls / v);
			else if (p->calls)
				snprintf(cs, sizeof cs, "%llu insns", (unsigned long long)insns);
			printf("%-8s %-34s %9s %9s %7.3f s %9s %12.0f %14s %9llu\n", tg->arch, p->name, ns, qs, v, rs,
			       v > 0 ? insns / v : 0, cs, (unsigned long long)switches);
		}
	}
	if (json) {
		json_t *o = json_pack("{s:o,s:f}", "exec", rows, "engine_call_ns", engine_call_ns);
		char *s = json_dumps(o, JSON_COMPACT);
		printf("%s\n", s);
		free(s);
		json_decref(o);
	} else {
		json_decref(rows);
		printf("the engine's own per-call figure (x86_64 6.18): %.1f ns, %.0f calls/s\n", engine_call_ns,
		       1e9 / engine_call_ns);
	}
	return 0;
}
