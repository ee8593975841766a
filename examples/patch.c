/* The image as the kernel patches it at boot for a CPU (a saved /proc/cpuinfo), then one
 * clock_gettime on it, audited: which instruction read the counter, the stack it used, and
 * whether the callee-saved registers came back intact.
 * usage: patch IMAGE CPUINFO  (e.g. the 6.1 image and tests/data/boot/x86_64-6.1.0-50-max/cpuinfo.txt)
 * prints: patched: lfence_rdtsc rdtscp, 9 bytes; CLOCK_MONOTONIC = 1000.999999940 s, counter read by
 *         rdtscp, 40 stack bytes, callee-saved registers intact */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vdsosim.h>

int main(int argc, char **argv)
{
	static char text[65536];
	static struct vdsosim_cpu cpu;
	vdsosim_image *img = NULL, *patched = NULL;
	vdsosim_profile *prof = NULL;
	vdsosim_model *model = NULL;
	vdsosim_engine *eng = NULL;
	struct vdsosim_alt *alts = NULL;
	struct vdsosim_abi_reg regs[64];
	struct vdsosim_result r;
	struct vdsosim_state st;
	uint8_t *bytes = NULL;
	size_t n = 0, len = 0, nt = 0, changed = 0, nregs;
	int applied[64] = { 0 }, rc = 1;
	FILE *f;

	if (argc != 3 || !(f = fopen(argv[2], "r"))) {
		fprintf(stderr, "usage: %s IMAGE CPUINFO\n", argv[0]);
		return 2;
	}
	nt = fread(text, 1, sizeof text, f);
	fclose(f);
	vdsosim_state_default(&st);
	vdsosim_result_init(&r);
	struct vdsosim_engine_opts eo = { .trace = VDSOSIM_TRACE_AUDIT | VDSOSIM_TRACE_STACK };
	if (vdsosim_image_open(&img, argv[1]) || vdsosim_cpu_from_cpuinfo(&cpu, text, nt) ||
	    vdsosim_image_alternatives(img, &alts, &n) || n > 64 || vdsosim_image_patch(img, &cpu, &bytes, &len, applied) ||
	    vdsosim_image_open_memory(&patched, bytes, len, argv[1]) || vdsosim_profile_new(&prof, patched) ||
	    vdsosim_model_new(&model, prof, &st) || vdsosim_engine_new(&eng, prof, model, &eo)) {
		fprintf(stderr, "%s\n", vdsosim_last_error());
		goto out;
	}
	const uint8_t *orig = vdsosim_image_bytes(img, &len);
	for (size_t i = 0; i < len; i++)
		changed += orig[i] != bytes[i];
	printf("patched:");
	for (size_t i = 0; i < n; i++) { /* each feature once */
		int first = applied[i];
		for (size_t k = 0; k < i && first; k++)
			first = !(applied[k] && !strcmp(alts[k].feature_name, alts[i].feature_name));
		if (first)
			printf(" %s", alts[i].feature_name);
	}
	struct vdsosim_call c = { .func = VDSOSIM_CLOCK_GETTIME, .clock = 1, .counter = st.counter + st.freq_hz };
	if (vdsosim_engine_call(eng, &c, &r) || !r.n_counter) {
		fprintf(stderr, "%s\n", vdsosim_last_error());
		goto out;
	}
	char insn[64];
	vdsosim_profile_disasm(prof, r.counter_reads[0].pc, insn, sizeof insn);
	insn[strcspn(insn, " ")] = 0; /* the mnemonic */
	nregs = vdsosim_profile_abi(prof, NULL, regs, 64);
	int intact = 1;
	for (size_t i = 0; i < nregs; i++)
		intact &= !(r.audit.regs_changed >> i & 1) || regs[i].role != VDSOSIM_REG_CALLEE_SAVED;
	printf(", %zu bytes; CLOCK_MONOTONIC = %lld.%09lld s, counter read by %s, %llu stack bytes, callee-saved registers %s\n",
	       changed, (long long)r.tv_sec, (long long)r.tv_nsec,
	       insn,
	       (unsigned long long)r.audit.stack_bytes, intact ? "intact" : "CHANGED");
	rc = 0;
out:
	vdsosim_result_clear(&r);
	vdsosim_engine_free(eng);
	vdsosim_model_free(model);
	vdsosim_profile_free(prof);
	vdsosim_image_free(patched);
	vdsosim_image_free(img);
	free(bytes);
	free(alts);
	return rc;
}
