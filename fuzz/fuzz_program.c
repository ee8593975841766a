/* libFuzzer: the program loader and `exec` on arbitrary bytes (seeds: small static x86_64
 * programs, tests/clients). A rejection must say why; an accepted x86_64 program runs against a
 * real vDSO under a small budget and memory cap and must end classified: an exit status, a
 * signal, or the budget; never a crash or a hang. The --strace decoders run on every call. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "vdsosim.h"

static void discard(void *ud, int fd, const void *buf, size_t len) { (void)ud, (void)fd, (void)buf, (void)len; }
static void discard_line(void *ud, const char *line) { (void)ud, (void)line; }

static vdsosim_image *img;
static vdsosim_profile *prof;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (!img && (vdsosim_image_open(&img, VDSOSIM_SRC_DIR "/vdso_images/x86_64/7.2.13+deb14-cloud-amd64-vdso64.so") ||
		     vdsosim_profile_new(&prof, img)))
		__builtin_trap();
	vdsosim_program *p;
	if (vdsosim_program_open_memory(&p, data, len, "fuzz-program")) {
		if (!*vdsosim_last_error())
			__builtin_trap(); /* a rejection must say why */
		return 0;
	}
	const struct vdsosim_program_info *in = vdsosim_program_info(p);
	if (!strcmp(in->arch, "x86_64")) {
		struct vdsosim_state st;
		vdsosim_state_default(&st);
		vdsosim_model *m;
		if (vdsosim_model_new(&m, prof, &st))
			__builtin_trap();
		static const char *const argv[] = { "fuzz" };
		struct vdsosim_exec_opts o = { .argv = argv, .argc = 1, .counter_per_insn = 1, .budget = 200000,
					       .mem_cap = 1 << 20, .output = discard,
					       /* the trace's decoders read guest memory at the program's pointers */
					       .strace = VDSOSIM_STRACE_SYSCALLS | VDSOSIM_STRACE_VDSO, .strace_line = discard_line };
		struct vdsosim_exec_result r;
		int err = vdsosim_exec(prof, m, p, &o, &r);
		if (!err && (r.exit_status < 0 || r.exit_status > 255))
			__builtin_trap();
		if (err && !*vdsosim_last_error())
			__builtin_trap();
		if (!err)
			vdsosim_exec_result_clear(&r);
		vdsosim_model_free(m);
	}
	vdsosim_program_free(p);
	return 0;
}
