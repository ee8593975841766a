/* Replay what a production host computed: its [vdso] and a [vvar] page it read, dumped by
 * `vdsosim dump`, run again at the TSC value the real CPU read.
 * usage: replay DUMP_DIR   (e.g. tests/data/live-6.18.44)
 * prints: CLOCK_MONOTONIC at TSC 9643330914544 = 3708.883410996 s (the real CPU: 3708.883410996) */
#include <stdio.h>
#include <stdlib.h>

#include <vdsosim.h>

static void *slurp(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	void *buf = f ? malloc(1 << 16) : NULL;
	*len = buf ? fread(buf, 1, 1 << 16, f) : 0;
	if (f)
		fclose(f);
	return buf;
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return fprintf(stderr, "usage: %s DUMP_DIR\n", argv[0]), 2;
	size_t ilen, vlen;
	void *image = slurp(argv[1], "vdso.so", &ilen), *vvar = slurp(argv[1], "vvar-1.bin", &vlen);
	vdsosim_image *img = NULL;
	vdsosim_profile *prof = NULL;
	vdsosim_model *model = NULL;
	vdsosim_engine *eng = NULL;
	struct vdsosim_state st;
	struct vdsosim_result r;
	vdsosim_state_default(&st);
	vdsosim_result_init(&r);
	/* the page's own values replace the model's state: fallbacks answer from them too */
	struct vdsosim_call c = { .func = VDSOSIM_CLOCK_GETTIME, .clock = 1, .counter = 9643330914544ULL };
	int err = !image || !vvar || vdsosim_image_open_memory(&img, image, ilen, "vdso.so") ||
		  vdsosim_profile_new(&prof, img) || vdsosim_model_new(&model, prof, &st) ||
		  vdsosim_engine_new(&eng, prof, model, NULL) || vdsosim_engine_load_vvar(eng, vvar, vlen) ||
		  vdsosim_engine_call(eng, &c, &r);
	if (err)
		fprintf(stderr, "%s\n", image && vvar ? vdsosim_last_error() : "cannot read the dump");
	else
		printf("CLOCK_MONOTONIC at TSC %llu = %lld.%09lld s (the real CPU: 3708.883410996)\n",
		       (unsigned long long)c.counter, (long long)r.tv_sec, (long long)r.tv_nsec);
	vdsosim_result_clear(&r);
	vdsosim_engine_free(eng);
	vdsosim_model_free(model);
	vdsosim_profile_free(prof);
	vdsosim_image_free(img);
	free(image);
	free(vvar);
	return err ? 1 : 0;
}
