/* vdsosim-bench: ns per emulated clock_gettime(CLOCK_MONOTONIC) against the native vDSO and the
 * bare Unicorn floor, measured in one run. Not a test: timing belongs in benchmarks. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicorn/unicorn.h>
#ifdef __linux__
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "vdsosim.h"

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

/* ---- the floor: the notes' configuration (a), nothing else ---- */
struct floor {
	uc_engine *uc;
	uint64_t entry, value;
};
#define F_BASE 0x40000000ULL
#define F_STACK 0x20000000ULL
#define F_OUT 0x21000000ULL
#define F_RET 0x22000000ULL

static void floor_tsc(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct floor *f = ud;
	uint64_t r[3] = { (uint32_t)f->value, f->value >> 32, addr + size };
	int id[3] = { UC_X86_REG_RAX, UC_X86_REG_RDX, UC_X86_REG_RIP };
	void *p[3] = { &r[0], &r[1], &r[2] };
	uc_reg_write_batch(uc, id, p, 3);
}

static int floor_open(struct floor *f, const vdsosim_image *img, const vdsosim_engine *e, const uint8_t *pages,
		      size_t npages)
{
	size_t len;
	const uint8_t *bytes = vdsosim_image_bytes(img, &len);
	const struct vdsosim_image_info *in = vdsosim_image_info(img);
	static uint8_t stack[0x10000] __attribute__((aligned(4096)));
	static uint8_t out[0x1000] __attribute__((aligned(4096)));
	if (uc_open(UC_ARCH_X86, UC_MODE_64, &f->uc))
		return -1;
	uc_mem_map(f->uc, F_BASE, in->load_size, UC_PROT_READ | UC_PROT_EXEC);
	for (size_t i = 0; i < in->n_segments; i++)
		uc_mem_write(f->uc, F_BASE + in->segments[i].vaddr, bytes + in->segments[i].offset, in->segments[i].filesz);
	uc_mem_map_ptr(f->uc, F_BASE - npages * 4096, npages * 4096, UC_PROT_READ, (void *)pages);
	uc_mem_map_ptr(f->uc, F_STACK, sizeof stack, UC_PROT_READ | UC_PROT_WRITE, stack);
	uc_mem_map_ptr(f->uc, F_OUT, sizeof out, UC_PROT_READ | UC_PROT_WRITE, out);
	uc_mem_map(f->uc, F_RET, 0x1000, UC_PROT_READ | UC_PROT_EXEC);
	uint64_t ret = F_RET;
	memcpy(stack + sizeof stack - 0x108, &ret, 8);
	const struct vdsosim_site *s;
	size_t n = vdsosim_engine_sites(e, &s);
	for (size_t i = 0; i < n; i++)
		if (s[i].kind == VDSOSIM_SITE_COUNTER) {
			uc_hook h;
			uc_hook_add(f->uc, &h, UC_HOOK_CODE, (void *)floor_tsc, f, F_BASE + s[i].addr, F_BASE + s[i].addr);
		}
	f->entry = F_BASE + vdsosim_image_find(img, "clock_gettime")->value;
	return 0;
}

static void floor_call(struct floor *f, uint64_t counter)
{
	static const int ids[3] = { UC_X86_REG_RSP, UC_X86_REG_RDI, UC_X86_REG_RSI };
	uint64_t v[3] = { F_STACK + 0x10000 - 0x108, 1, F_OUT };
	void *p[3] = { &v[0], &v[1], &v[2] };
	f->value = counter;
	uc_reg_write_batch(f->uc, (int *)ids, p, 3);
	uc_emu_start(f->uc, f->entry, F_RET, 0, 0);
}

/* ns per clock_gettime(CLOCK_MONOTONIC) through the per-call API, median of reps */
static double per_call(const char *path, int n, int reps)
{
	vdsosim_image *img;
	vdsosim_model *m;
	vdsosim_engine *e;
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	if (vdsosim_image_open(&img, path))
		return -1;
	if (vdsosim_model_new(&m, vdsosim_image_info(img)->arch, vdsosim_image_info(img)->kernel_version, &st) ||
	    vdsosim_engine_new(&e, img, m, NULL)) {
		vdsosim_image_free(img);
		return -1;
	}
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	double t[16];
	for (int rep = 0; rep < reps; rep++) {
		double t0 = now_ns();
		for (int i = 0; i < n; i++) {
			struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, st.counter + (uint64_t)i, 0, 0 };
			vdsosim_engine_call(e, &c, &r);
		}
		t[rep] = (now_ns() - t0) / n;
	}
	qsort(t, (size_t)reps, sizeof(double), cmp);
	vdsosim_result_clear(&r);
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	vdsosim_image_free(img);
	return t[reps / 2];
}

static const struct { const char *arch, *path; } arch_images[] = {
	{ "x86_64", "vdso_images/x86_64/6.18.44-fc-v669-live-vdso64.so" },
	{ "i386", "vdso_images/x86_64/6.18.44-fc-v669-live-vdso32.so" },
	{ "x32", "vdso_images/x86_64/7.2.13+deb14-amd64-vdsox32.so" },
	{ "arm64", "vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso.so" },
	{ "arm64 compat", "vdso_images/arm64/7.2.13+deb14-cloud-arm64-vdso32.so" },
	{ "armhf", "vdso_images/armhf/7.2.13+deb14-armmp-vdso.so" },
	{ "riscv64", "vdso_images/riscv64/7.2.13+deb14-riscv64-vdso.so" },
};

static int arches(int json)
{
	enum { N = 20000, REPS = 7 };
	size_t n = sizeof arch_images / sizeof *arch_images;
	double ns[16];
	for (size_t i = 0; i < n; i++)
		ns[i] = per_call(arch_images[i].path, N, REPS);
	if (json) {
		printf("{\"arches\":[");
		for (size_t i = 0; i < n; i++)
			printf("%s{\"arch\":\"%s\",\"image\":\"%s\",\"ns_per_call\":%.1f,\"vs_x86_64\":%.3f}", i ? "," : "",
			       arch_images[i].arch, arch_images[i].path, ns[i], ns[i] / ns[0]);
		printf("]}\n");
	} else {
		printf("clock_gettime(CLOCK_MONOTONIC) per call, median of %d runs of %d, one run for all:\n", REPS, N);
		for (size_t i = 0; i < n; i++)
			printf("  %-13s %8.1f ns  %5.2fx x86_64   %s\n", arch_images[i].arch, ns[i], ns[i] / ns[0],
			       arch_images[i].path);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--arches"))
		return arches(argc > 2 && !strcmp(argv[2], "--json"));
	const char *path = argc > 1 ? argv[1] : "vdso_images/x86_64/6.18.44-fc-v669-live-vdso64.so";
	int json = argc > 2 && !strcmp(argv[2], "--json");
	enum { N = 20000, REPS = 7 };
	vdsosim_image *img;
	vdsosim_model *m;
	vdsosim_engine *e;
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	if (vdsosim_image_open(&img, path) ||
	    vdsosim_model_new(&m, vdsosim_image_info(img)->arch, vdsosim_image_info(img)->kernel_version, &st) ||
	    vdsosim_engine_new(&e, img, m, NULL)) {
		fprintf(stderr, "vdsosim-bench: %s\n", vdsosim_last_error());
		return 2;
	}
	/* the floor reads the model's own pages, written by a second engine's model into a buffer */
	const struct vdsosim_page_desc *pd;
	size_t np = vdsosim_engine_pages(e, &pd);
	uint8_t *pages = aligned_alloc(4096, np * 4096);
	memset(pages, 0, np * 4096);
	FILE *vf = fopen("vdso_images/x86_64/6.18.44-fc-v669-live-vvar.bin", "rb");
	if (vf) {
		if (fread(pages, 1, 4096, vf) != 4096)
			memset(pages, 0, 4096);
		fclose(vf);
	}
	struct floor fl;
	if (floor_open(&fl, img, e, pages, np))
		return 2;
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	double t_native[REPS], t_sys[REPS], t_floor[REPS], t_sim[REPS];
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
			floor_call(&fl, 1000000000000ULL + (uint64_t)i);
		double t3 = now_ns();
		for (int i = 0; i < N; i++) {
			struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, st.counter + (uint64_t)i, 0, 0 };
			vdsosim_engine_call(e, &c, &r);
		}
		double t4 = now_ns();
		t_native[rep] = (t1 - t0) / N;
		t_sys[rep] = (t2 - t1) / (N / 10);
		t_floor[rep] = (t3 - t2) / N;
		t_sim[rep] = (t4 - t3) / N;
	}
	qsort(t_native, REPS, sizeof(double), cmp);
	qsort(t_sys, REPS, sizeof(double), cmp);
	qsort(t_floor, REPS, sizeof(double), cmp);
	qsort(t_sim, REPS, sizeof(double), cmp);
	double nat = t_native[REPS / 2], sys = t_sys[REPS / 2], flo = t_floor[REPS / 2], sim = t_sim[REPS / 2];
	if (json)
		printf("{\"image\":\"%s\",\"native_ns\":%.1f,\"syscall_ns\":%.1f,\"unicorn_floor_ns\":%.1f,"
		       "\"vdsosim_call_ns\":%.1f,\"overhead_over_floor\":%.3f}\n",
		       path, nat, sys, flo, sim, sim / flo);
	else {
		printf("clock_gettime(CLOCK_MONOTONIC), median of %d runs of %d calls, %s\n", REPS, N, path);
		printf("  native (host vDSO)        %8.1f ns\n", nat);
		printf("  native syscall            %8.1f ns\n", sys);
		printf("  bare Unicorn floor        %8.1f ns\n", flo);
		printf("  vdsosim per-call API      %8.1f ns   (%.2fx the floor, %.0fx native)\n", sim, sim / flo, sim / nat);
	}
	vdsosim_result_clear(&r);
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	vdsosim_image_free(img);
	uc_close(fl.uc);
	free(pages);
	return 0;
}
