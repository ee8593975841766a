/* Land a timekeeper tick inside a read: after the reader's first look at seq. The reader sees the
 * seq change and retries; the result is the new state's answer, never a mix of the two.
 * usage: inject IMAGE
 * prints: retries 1, landed before image+0x..., result 1000.009999999 s = the state after the tick */
#include <stdio.h>

#include <vdsosim.h>

int main(int argc, char **argv)
{
	if (argc != 2)
		return fprintf(stderr, "usage: %s IMAGE\n", argv[0]), 2;
	vdsosim_image *img = NULL;
	vdsosim_profile *prof = NULL;
	vdsosim_model *model = NULL;
	vdsosim_engine *eng = NULL;
	struct vdsosim_state st;
	struct vdsosim_result r;
	vdsosim_state_default(&st);
	vdsosim_result_init(&r);
	/* updates land at instructions and loads only with these hooks; retries count seq loads */
	struct vdsosim_engine_opts o = { .trace = VDSOSIM_TRACE_INJECT | VDSOSIM_TRACE_VVAR };
	/* 2.5 ticks of a 250 Hz 2.6 GHz TSC past the state: the tick accumulates two intervals */
	struct vdsosim_call c = { .func = VDSOSIM_CLOCK_GETTIME, .clock = 1, .counter = st.counter + 26000000 };
	c.updates[0] = (struct vdsosim_update){ VDSOSIM_EV_TICK, { VDSOSIM_AT_LOAD, 1 }, 0 };
	c.n_updates = 1;
	int err = vdsosim_image_open(&img, argv[1]) || vdsosim_profile_new(&prof, img) ||
		  vdsosim_model_new(&model, prof, &st) || vdsosim_engine_new(&eng, prof, model, &o) ||
		  vdsosim_engine_call(eng, &c, &r);
	if (err) {
		fprintf(stderr, "%s\n", vdsosim_last_error());
	} else {
		struct vdsosim_answer after = vdsosim_answer_model(r.states[1], &c, r.now, r.time_bytes);
		printf("retries %llu, landed before image+0x%llx, result %lld.%09lld s %s the state after the tick\n",
		       (unsigned long long)r.retries, (unsigned long long)r.fired_pc[0], (long long)r.tv_sec,
		       (long long)r.tv_nsec, after.sec == r.tv_sec && after.sub == r.tv_nsec ? "=" : "!=");
	}
	vdsosim_result_clear(&r);
	vdsosim_engine_free(eng);
	vdsosim_model_free(model);
	vdsosim_profile_free(prof);
	vdsosim_image_free(img);
	return err ? 1 : 0;
}
