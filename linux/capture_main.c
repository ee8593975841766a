/* vdsosim-capture: dump this host's vDSO and data pages, and the real CPU's answers at chosen
 * counter values, for replay with `vdsosim call --vvar ... --counter N`. Linux x86_64 only. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "live.h"
#include "vdsosim.h"

static int write_file(const char *dir, const char *name, const void *b, size_t n)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(b, 1, n, f) != n || fclose(f)) {
		fprintf(stderr, "vdsosim-capture: %s: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 || strcmp(argv[1], "-o")) {
		fprintf(stderr, "usage: vdsosim-capture -o DIR\n");
		return 2;
	}
	const char *dir = argv[2];
	mkdir(dir, 0755);
	struct vs_live lv;
	if (vs_live_open(&lv)) {
		fprintf(stderr, "vdsosim-capture: cannot read this process's [vdso]/[vvar]\n");
		return 2;
	}
	static const struct { const char *func; int clock; const char *name; } calls[] = {
		{ "clock_gettime", 0, "CLOCK_REALTIME" },	  { "clock_gettime", 1, "CLOCK_MONOTONIC" },
		{ "clock_gettime", 4, "CLOCK_MONOTONIC_RAW" },	  { "clock_gettime", 5, "CLOCK_REALTIME_COARSE" },
		{ "clock_gettime", 6, "CLOCK_MONOTONIC_COARSE" }, { "clock_gettime", 7, "CLOCK_BOOTTIME" },
		{ "clock_gettime", 11, "CLOCK_TAI" },		  { "gettimeofday", 0, "-" },
		{ "time", 0, "-" },
	};
	FILE *out = NULL;
	char path[4096];
	snprintf(path, sizeof path, "%s/captured.tsv", dir);
	out = fopen(path, "w");
	if (!out)
		return 2;
	fprintf(out, "# vvar\tfunction\tclock\tcounter\tret\tsec\tnsec_or_usec\n");
	int set = 0;
	for (int kind = 0; kind < 3; kind++)
		for (size_t i = 0; i < sizeof calls / sizeof *calls; i++) {
			struct vs_live_call c = { calls[i].func, calls[i].clock };
			int ok = -1;
			for (int attempt = 0; attempt < 1000 && ok; attempt++) {
				vs_live_refresh(&lv);
				/* read cycle_last and max_cycles from the page through the model */
				vdsosim_image *img;
				vdsosim_model *m;
				vdsosim_engine *e;
				struct vdsosim_state st;
				vdsosim_state_default(&st);
				if (vdsosim_image_open_memory(&img, lv.vdso.bytes, lv.vdso.len, "[vdso]"))
					return 2;
				const struct vdsosim_image_info *in = vdsosim_image_info(img);
				if (vdsosim_model_new(&m, in->arch, in->kernel_version, &st) ||
				    vdsosim_engine_new(&e, img, m, NULL) ||
				    vdsosim_engine_load_vvar(e, lv.vvar.bytes, lv.vvar.len)) {
					fprintf(stderr, "vdsosim-capture: %s\n", vdsosim_last_error());
					return 2;
				}
				struct vdsosim_tk_view v;
				vdsosim_model_view(m, &v);
				vdsosim_engine_free(e);
				vdsosim_model_free(m);
				vdsosim_image_free(img);
				c.counter = kind == 0 ? v.cycle_last - 1000			 /* before cycle_last */
					    : kind == 1 ? v.cycle_last + 7777777		 /* ordinary */
							: v.cycle_last + v.max_cycles + 123456789; /* beyond max_cycles */
				ok = vs_live_call(&lv, &c);
			}
			if (ok) {
				fprintf(stderr, "vdsosim-capture: the timekeeper never held still\n");
				return 1;
			}
			char name[64];
			snprintf(name, sizeof name, "vvar-%d.bin", set);
			if (write_file(dir, name, lv.vvar.bytes, lv.vvar.len))
				return 2;
			fprintf(out, "%s\t%s\t%s\t%llu\t%lld\t%lld\t%lld\n", name, c.func, calls[i].name,
				(unsigned long long)c.counter, (long long)c.ret, (long long)c.sec, (long long)c.nsec);
			set++;
		}
	fclose(out);
	if (write_file(dir, "vdso.so", lv.vdso.bytes, lv.vdso.len) ||
	    (lv.vclock.len && write_file(dir, "vvar_vclock.bin", lv.vclock.bytes, lv.vclock.len)))
		return 2;
	printf("captured %d results in %s\n", set, dir);
	vs_live_close(&lv);
	return 0;
}
