/* vdsosim-bench: every performance figure of the project from one run (a table, or --json).
 * Not a test: timing belongs in benchmarks.
 * Usage: vdsosim-bench [--json] [--quick] [--arches] [--exec DIR [--json]]
 * Run from the source tree (it reads vdso_images/). */
#define _GNU_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include <jansson.h>

#include "exec_bench.h"
#include "floor.h"
#include "vdsosim.h"

#define IMAGE "vdso_images/x86_64/6.18.44-fc-v669-live-vdso64.so"
#define VVAR "vdso_images/x86_64/6.18.44-fc-v669-live-vvar.bin"

static double now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e9 + t.tv_nsec;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return v[n / 2];
}

struct rig { vdsosim_image *img; vdsosim_profile *p; vdsosim_model *m; vdsosim_engine *e; struct vdsosim_state st; };

static int rig_open(struct rig *g, const char *path)
{
	vdsosim_state_default(&g->st);
	memset(g, 0, offsetof(struct rig, st));
	if (vdsosim_image_open(&g->img, path) || vdsosim_profile_new(&g->p, g->img) ||
	    vdsosim_model_new(&g->m, g->p, &g->st) || vdsosim_engine_new(&g->e, g->p, g->m, NULL)) {
		fprintf(stderr, "vdsosim-bench: %s\n", vdsosim_last_error());
		return -1;
	}
	return 0;
}

static void rig_close(struct rig *g)
{
	vdsosim_engine_free(g->e);
	vdsosim_model_free(g->m);
	vdsosim_profile_free(g->p);
	vdsosim_image_free(g->img);
}

/* exec: one whole program under vdsosim exec (built by ctest's selftests_build), wall time per
 * run (median of 5) and instructions per second; 0 when the program is not built */
static void discard(void *ud, int fd, const void *b, size_t n) { (void)ud, (void)fd, (void)b, (void)n; }

static double exec_run(struct rig *g, const char *path, uint64_t *insns)
{
	vdsosim_program *p;
	if (vdsosim_program_open(&p, path))
		return 0;
	double t[5];
	for (int i = 0; i < 5; i++) {
		vdsosim_model *m;
		struct vdsosim_exec_result r;
		const char *argv[] = { path };
		struct vdsosim_exec_opts o = { .argv = argv, .argc = 1, .counter_per_insn = 1, .output = discard };
		vdsosim_model_new(&m, g->p, &g->st);
		double t0 = now_ns();
		vdsosim_exec(g->p, m, p, &o, &r);
		t[i] = (now_ns() - t0) / 1e6;
		*insns = r.instructions;
		vdsosim_exec_result_clear(&r);
		vdsosim_model_free(m);
	}
	vdsosim_program_free(p);
	return median(t, 5);
}

/* ns per clock_gettime(CLOCK_MONOTONIC) through the per-call API */
static double per_call(struct rig *g, int n)
{
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	double t0 = now_ns();
	for (int i = 0; i < n; i++) {
		struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, g->st.counter + (uint64_t)i, 0, 0 };
		vdsosim_engine_call(g->e, &c, &r);
	}
	double t = (now_ns() - t0) / n;
	vdsosim_result_clear(&r);
	return t;
}

static double batch(struct rig *g, int n)
{
	static struct vdsosim_timespec out[100000];
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, g->st.counter, 1, 0 };
	double t0 = now_ns();
	vdsosim_engine_batch(g->e, &c, (size_t)n, out, &r);
	double t = (now_ns() - t0) / n;
	vdsosim_result_clear(&r);
	return t;
}

struct thr { const char *path; int n; double ns; pthread_t th; };

static void *thread_calls(void *arg)
{
	struct thr *t = arg;
	struct rig g;
	if (rig_open(&g, t->path))
		return NULL;
	per_call(&g, 1000); /* warm the translation cache */
	t->ns = per_call(&g, t->n);
	rig_close(&g);
	return NULL;
}

/* calls per second with k threads, one engine each */
static double throughput(int k, int n)
{
	struct thr t[8];
	double t0 = now_ns();
	for (int i = 0; i < k; i++) {
		t[i] = (struct thr){ IMAGE, n, 0, 0 };
		pthread_create(&t[i].th, NULL, thread_calls, &t[i]);
	}
	for (int i = 0; i < k; i++)
		pthread_join(t[i].th, NULL);
	return k * (double)n / ((now_ns() - t0) / 1e9);
}

static long max_rss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
#ifdef __APPLE__
	return ru.ru_maxrss / 1024;
#else
	return ru.ru_maxrss;
#endif
}

/* ---- ns per call for each architecture, against x86_64, in one run ---- */
static const struct { const char *arch, *path; } arch_images[] = {
	{ "x86_64", IMAGE },
	{ "i386", "vdso_images/x86_64/6.18.44-fc-v669-live-vdso32.so" },
	{ "x32", "vdso_images/x86_64/7.2.13+deb14-amd64-vdsox32.so" },
	{ "arm64", "vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso.so" },
	{ "arm64 compat", "vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso32.so" },
	{ "armhf", "vdso_images/armhf/7.2.13+deb14-armmp-vdso.so" },
	{ "riscv64", "vdso_images/riscv64/7.2.13+deb14-riscv64-vdso.so" },
	{ "s390x", "vdso_images/s390x/7.2.13+deb14-s390x-vdso64.so" },
	{ "mips o32", "vdso_images/mips64el/6.12.95+deb12-mips64r2el-vdso-o32.so" },
	{ "mips n64", "vdso_images/mips64el/6.12.95+deb12-mips64r2el-vdso-n64.so" },
	{ "mips R6 o32", "vdso_images/mips64el/6.12.95+deb12-mips64r6el-vdso-o32.so" }, /* lapc computed */
	{ "mips R6 n64", "vdso_images/mips64el/6.12.95+deb12-mips64r6el-vdso-n64.so" },
	{ "Loongson-3 n64", "vdso_images/mips64el/6.12.95+deb12-loongson-3-vdso-n64.so" }, /* gsdmultu */
	{ "ppc64le", "vdso_images/ppc64le/7.2.13+deb14-powerpc64le-vdso64.so" }, /* patched Unicorn only */
	{ "ppc64le 64K", "vdso_images/ppc64le/7.2.13+deb14-powerpc64le-64k-vdso64.so" },
};

static int arches(int json)
{
	enum { N = 20000, REPS = 7 };
	size_t n = sizeof arch_images / sizeof *arch_images;
	double ns[sizeof arch_images / sizeof *arch_images];
	for (size_t i = 0; i < n; i++) {
		struct rig g;
		double t[REPS];
		if (rig_open(&g, arch_images[i].path)) { /* not on this Unicorn (64-bit MIPS on 2.0.1, ppc64le) */
			ns[i] = -1;
			fprintf(stderr, "  %-14s skipped: %s\n", arch_images[i].arch, vdsosim_last_error());
			continue;
		}
		for (int rep = 0; rep < REPS; rep++)
			t[rep] = per_call(&g, N);
		ns[i] = median(t, REPS);
		rig_close(&g);
	}
	if (json) {
		printf("{\"arches\":[");
		for (size_t i = 0, k = 0; i < n; i++)
			if (ns[i] >= 0)
				printf("%s{\"arch\":\"%s\",\"image\":\"%s\",\"ns_per_call\":%.1f,\"vs_x86_64\":%.3f}",
				       k++ ? "," : "", arch_images[i].arch, arch_images[i].path, ns[i], ns[i] / ns[0]);
		printf("]}\n");
	} else {
		printf("clock_gettime(CLOCK_MONOTONIC) per call, median of %d runs of %d, one run for all:\n", REPS, N);
		for (size_t i = 0; i < n; i++)
			if (ns[i] >= 0)
				printf("  %-14s %8.1f ns  %5.2fx x86_64   %s\n", arch_images[i].arch, ns[i], ns[i] / ns[0],
				       arch_images[i].path);
	}
	return 0;
}

/* check of every image in the manifest (10000 cases, -j 2): seconds */
static double check_all(int *n_images)
{
	FILE *f = fopen("vdso_images/manifest.tsv", "r");
	char line[4096];
	double t0 = now_ns();
	*n_images = 0;
	while (f && fgets(line, sizeof line, f)) {
		char rel[512], path[600];
		if (sscanf(line, "%511[^\t]", rel) != 1 || !strcmp(rel, "rel") || strstr(rel, ".dbg"))
			continue;
		snprintf(path, sizeof path, "vdso_images/%s", rel);
		vdsosim_image *img;
		vdsosim_profile *p;
		if (vdsosim_image_open(&img, path))
			continue;
		if (vdsosim_profile_new(&p, img)) {
			vdsosim_image_free(img);
			continue;
		}
		struct vdsosim_check_opts o = { 10000, 1 };
		o.jobs = 2;
		struct vdsosim_check_stats st;
		if (!vdsosim_check(p, &o, &st))
			(*n_images)++;
		vdsosim_profile_free(p);
		vdsosim_image_free(img);
	}
	if (f)
		fclose(f);
	return (now_ns() - t0) / 1e9;
}

/* --compare BUILD: the other build's figures (another Unicorn) from its own bench, in this run */
struct other { int ok; char unicorn[32]; double floor, call, batch; };

static struct other compare_with(const char *build)
{
	struct other o = { 0 };
	char cmd[4200];
	snprintf(cmd, sizeof cmd, "'%s/vdsosim-bench' --quick --json", build);
	FILE *f = popen(cmd, "r");
	if (!f)
		return o;
	json_error_t err;
	json_t *j = json_loadf(f, 0, &err);
	pclose(f);
	if (j) {
		snprintf(o.unicorn, sizeof o.unicorn, "%s", json_string_value(json_object_get(j, "unicorn")) ?: "?");
		o.floor = json_number_value(json_object_get(j, "unicorn_floor_ns"));
		o.call = json_number_value(json_object_get(j, "call_ns"));
		o.batch = json_number_value(json_object_get(j, "batch_ns"));
		o.ok = o.floor > 0;
		json_decref(j);
	}
	return o;
}

/* --exec DIR: the vdsosim beside this program, and the engine's per-call figure to set beside it */
static int exec_bench(const char *self, const char *dir, int json)
{
	char vdsosim[4096];
	const char *slash = strrchr(self, '/');
	snprintf(vdsosim, sizeof vdsosim, "%.*s%svdsosim", slash ? (int)(slash - self) : 0, self, slash ? "/" : "");
	struct rig g;
	if (rig_open(&g, IMAGE))
		return 2;
	double t[5];
	for (int i = 0; i < 5; i++)
		t[i] = per_call(&g, 20000);
	rig_close(&g);
	return exec_table(dir, slash ? vdsosim : "vdsosim", json, median(t, 5));
}

int main(int argc, char **argv)
{
	int json = 0, quick = 0;
	const char *compare = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--quick"))
			quick = 1;
		else if (!strcmp(argv[i], "--compare") && i + 1 < argc)
			compare = argv[++i];
		else if (!strcmp(argv[i], "--arches"))
			return arches(i + 1 < argc && !strcmp(argv[i + 1], "--json"));
		else if (!strcmp(argv[i], "--exec") && i + 1 < argc)
			return exec_bench(argv[0], argv[i + 1], i + 2 < argc && !strcmp(argv[i + 2], "--json"));
		else {
			fprintf(stderr, "usage: vdsosim-bench [--json] [--quick] [--compare BUILD_DIR] [--arches [--json]] "
					"[--exec DIR [--json]]\n");
			return 2;
		}
	}
	enum { N = 20000, REPS = 7 };
	long rss0 = max_rss_kb();
	struct rig g;
	if (rig_open(&g, IMAGE))
		return 2;

	/* per call: native, syscall, floor, API, batch; interleaved, medians of REPS */
	const struct vdsosim_page_desc *pd;
	size_t np = vdsosim_profile_pages(g.p, &pd);
	uint8_t *pages = aligned_alloc(4096, np * 4096);
	memset(pages, 0, np * 4096);
	FILE *vf = fopen(VVAR, "rb");
	if (vf) {
		if (fread(pages, 1, 4096, vf) != 4096)
			memset(pages, 0, 4096);
		fclose(vf);
	}
	struct floor *fl = floor_open(g.p, pages, np);
	if (!fl)
		return 2;
	double t_nat[REPS], t_sys[REPS], t_floor[REPS], t_call[REPS], t_batch[REPS];
	struct timespec ts;
	for (int rep = 0; rep < REPS; rep++) {
		double t0 = now_ns();
		for (int i = 0; i < N; i++)
			clock_gettime(CLOCK_MONOTONIC, &ts);
		double t1 = now_ns();
#ifdef __linux__
		for (int i = 0; i < N / 10; i++)
			syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
#endif
		double t2 = now_ns();
		for (int i = 0; i < N; i++)
			floor_call(fl, 1000000000000ULL + (uint64_t)i);
		double t3 = now_ns();
		t_nat[rep] = (t1 - t0) / N;
		t_sys[rep] = (t2 - t1) / (N / 10);
		t_floor[rep] = (t3 - t2) / N;
		t_call[rep] = per_call(&g, N);
		t_batch[rep] = batch(&g, N);
	}
	double nat = median(t_nat, REPS), sys = median(t_sys, REPS), flo = median(t_floor, REPS);
	double call = median(t_call, REPS), bat = median(t_batch, REPS);
	floor_close(fl);
	free(pages);

	/* start-up: image loaded, model made, engine ready */
	double t_start[21];
	for (int i = 0; i < 21; i++) {
		double t0 = now_ns();
		struct rig s;
		if (rig_open(&s, IMAGE))
			return 2;
		t_start[i] = (now_ns() - t0) / 1e6;
		rig_close(&s);
	}
	double startup = median(t_start, 21);

	/* check cases per second, and the 10000-case wall time */
	struct vdsosim_check_opts co = { 10000, 1 };
	struct vdsosim_check_stats cst;
	double t0 = now_ns();
	vdsosim_check(g.p, &co, &cst);
	double check_s = (now_ns() - t0) / 1e9;

	/* one function and clock, exhaustively; and the whole image */
	struct vdsosim_explore_opts eo = { .func = VDSOSIM_CLOCK_GETTIME, .clock = 1, .has_clock = 1 };
	struct vdsosim_explore_stats est;
	t0 = now_ns();
	vdsosim_explore(g.p, &eo, &est);
	double explore_one_s = (now_ns() - t0) / 1e9;
	uint64_t explore_one_points = est.points;
	struct vdsosim_explore_opts ea = { .func = -1 };
	t0 = now_ns();
	vdsosim_explore(g.p, &ea, &est);
	double explore_all_s = (now_ns() - t0) / 1e9;

	/* peak RSS per engine: 8 more engines alive at once */
	long rss1 = max_rss_kb();
	struct rig many[8];
	for (int i = 0; i < 8; i++)
		rig_open(&many[i], IMAGE);
	for (int i = 0; i < 8; i++)
		per_call(&many[i], 100);
	long rss2 = max_rss_kb();
	for (int i = 0; i < 8; i++)
		rig_close(&many[i]);
	double rss_per_engine_mb = (double)(rss2 - rss1) / 8 / 1024;

	/* throughput: 1 thread and 2 threads, one engine each */
	double r1[5], r2[5];
	for (int i = 0; i < 5; i++) { /* alternating, medians: a busy neighbour should not decide it */
		r1[i] = throughput(1, N * 10);
		r2[i] = throughput(2, N * 10);
	}
	double thr1 = median(r1, 5), thr2 = median(r2, 5);

	int n_images = 0;
	double all_s = quick ? 0 : check_all(&n_images);
	/* the same image runs the kernel's selftest and a long program (12M instructions) */
	struct rig g7;
	uint64_t abi_insns = 0, rnd_insns = 0;
	double abi_ms = 0, rnd_ms = 0;
	if (!rig_open(&g7, "vdso_images/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so")) {
		abi_ms = exec_run(&g7, "build/tests/selftests/x86_64/vdso_test_abi", &abi_insns);
		rnd_ms = exec_run(&g7, "build/tests/selftests/x86_64/vdso_test_getrandom", &rnd_insns);
		rig_close(&g7);
	}
	rig_close(&g);
	struct other oth = compare ? compare_with(compare) : (struct other){ 0 };

	if (json) {
		printf("{\"unicorn\":\"%s\",", vdsosim_unicorn_version());
		if (oth.ok)
			printf("\"compare\":{\"unicorn\":\"%s\",\"unicorn_floor_ns\":%.1f,\"call_ns\":%.1f,\"call_vs_floor\":%.3f,"
			       "\"batch_ns\":%.1f,\"batch_vs_floor\":%.3f},",
			       oth.unicorn, oth.floor, oth.call, oth.call / oth.floor, oth.batch, oth.batch / oth.floor);
		printf("\"image\":\"%s\",\"native_ns\":%.1f,\"syscall_ns\":%.1f,\"unicorn_floor_ns\":%.1f,"
		       "\"call_ns\":%.1f,\"call_vs_floor\":%.3f,\"batch_ns\":%.1f,\"batch_vs_floor\":%.3f,"
		       "\"check_cases_per_s\":%.0f,\"check_10000_s\":%.3f,\"explore_points_per_s\":%.0f,"
		       "\"explore_one_clock_s\":%.3f,\"explore_one_clock_points\":%llu,\"explore_image_s\":%.3f,"
		       "\"startup_ms\":%.3f,\"rss_per_engine_mb\":%.2f,\"process_max_rss_mb\":%.1f,"
		       "\"calls_per_s_1_thread\":%.0f,\"calls_per_s_2_threads\":%.0f,\"threads_2_vs_1\":%.3f,"
		       "\"check_all_images_s\":%.2f,\"check_all_images\":%d,\"exec_selftest_ms\":%.2f,"
		       "\"exec_selftest_insns\":%llu,\"exec_insns_per_s\":%.0f}\n",
		       IMAGE, nat, sys, flo, call, call / flo, bat, bat / flo, 10000 / check_s, check_s,
		       explore_one_points / explore_one_s, explore_one_s, (unsigned long long)explore_one_points,
		       explore_all_s, startup, rss_per_engine_mb, rss2 / 1024.0, thr1, thr2, thr2 / thr1, all_s, n_images,
		       abi_ms, (unsigned long long)abi_insns, rnd_ms ? rnd_insns / (rnd_ms / 1e3) : 0);
	} else {
		printf("vdsosim-bench, %s (medians of %d x %d calls), Unicorn %s\n", IMAGE, REPS, N, vdsosim_unicorn_version());
		printf("  native vDSO clock_gettime       %9.1f ns\n", nat);
		printf("  native syscall                  %9.1f ns\n", sys);
		printf("  bare Unicorn floor              %9.1f ns\n", flo);
		printf("  vdsosim per call                %9.1f ns   %.2fx the floor (target <= 1.25)\n", call, call / flo);
		printf("  vdsosim batch, per call         %9.1f ns   %.2fx the floor (target <= 1.10)\n", bat, bat / flo);
		printf("  start-up (image + model + engine) %7.3f ms  (target <= 10)\n", startup);
		printf("  check, 10000 cases              %9.3f s    %.0f cases/s (target <= 2 s)\n", check_s, 10000 / check_s);
		printf("  explore one function and clock  %9.3f s    %llu points, %.0f points/s (target <= 0.1 s)\n",
		       explore_one_s, (unsigned long long)explore_one_points, explore_one_points / explore_one_s);
		printf("  explore the whole image         %9.3f s\n", explore_all_s);
		printf("  peak RSS per engine             %9.2f MB   (target <= 64)\n", rss_per_engine_mb);
		printf("  calls/s, 1 thread / 2 threads   %9.0f / %.0f  = %.2fx (target >= 1.8)\n", thr1, thr2, thr2 / thr1);
		if (!quick)
			printf("  check of all %d images (-j 2)   %9.2f s    (target < 60)\n", n_images, all_s);
		if (oth.ok)
			printf("  Unicorn %-6s floor / per call / batch  %.1f / %.1f (%.2fx) / %.1f ns (%.2fx)   (this: %s %.1f / %.1f (%.2fx) / %.1f (%.2fx))\n",
			       oth.unicorn, oth.floor, oth.call, oth.call / oth.floor, oth.batch, oth.batch / oth.floor,
			       vdsosim_unicorn_version(), flo, call, call / flo, bat, bat / flo);
		else if (compare)
			printf("  --compare %s: no figures from its vdsosim-bench\n", compare);
		if (abi_ms)
			printf("  exec vdso_test_abi (x86_64 7.2) %9.2f ms   %llu instructions (a QEMU boot: ~2900 ms; target < 50)\n",
			       abi_ms, (unsigned long long)abi_insns);
		else
			printf("  exec vdso_test_abi              n/a (ctest builds it: build/tests/selftests)\n");
		if (rnd_ms)
			printf("  exec, a whole program           %9.0f instructions/s (vdso_test_getrandom, %llu)\n",
			       rnd_insns / (rnd_ms / 1e3), (unsigned long long)rnd_insns);
	}
	(void)rss0;
	return 0;
}
