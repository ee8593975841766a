/* Call a real vDSO's clock_gettime once, with the counter under control.
 * usage: call IMAGE        (e.g. vdso_images/x86_64/6.1.0-50-cloud-amd64-vdso64.so)
 * prints: clock_gettime(CLOCK_MONOTONIC) = 1000.999999940 s, path vdso, 1 counter read */
#include <stdio.h>

#include <vdsosim.h>

int main(int argc, char **argv)
{
	vdsosim_image *img = NULL;
	vdsosim_profile *prof = NULL;
	vdsosim_model *model = NULL;
	vdsosim_engine *eng = NULL;
	struct vdsosim_state st;
	struct vdsosim_result r;
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s IMAGE\n", argv[0]);
		return 2;
	}
	vdsosim_state_default(&st); /* a 2.6 GHz TSC; MONOTONIC is 1000 s at counter 10^12 */
	vdsosim_result_init(&r);
	if (vdsosim_image_open(&img, argv[1]) || vdsosim_profile_new(&prof, img) ||
	    vdsosim_model_new(&model, prof, &st) || vdsosim_engine_new(&eng, prof, model, NULL)) {
		fprintf(stderr, "%s\n", vdsosim_last_error());
		goto out;
	}
	/* one second of counter past the state: 2.6e9 cycles */
	struct vdsosim_call c = { .func = VDSOSIM_CLOCK_GETTIME, .clock = 1 /* MONOTONIC */, .counter = st.counter + st.freq_hz };
	if (vdsosim_engine_call(eng, &c, &r)) {
		fprintf(stderr, "%s\n", vdsosim_last_error());
		goto out;
	}
	printf("clock_gettime(CLOCK_MONOTONIC) = %lld.%09lld s, path %s, %zu counter read\n", (long long)r.tv_sec,
	       (long long)r.tv_nsec, r.path == VDSOSIM_PATH_VDSO ? "vdso" : "syscall", r.n_counter);
	rc = 0;
out:
	vdsosim_result_clear(&r);
	vdsosim_engine_free(eng);
	vdsosim_model_free(model);
	vdsosim_profile_free(prof);
	vdsosim_image_free(img);
	return rc;
}
