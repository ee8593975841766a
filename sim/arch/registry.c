/* The one list of backends. Adding an architecture adds a line here and a file beside it. */
#include <string.h>

#include "../backend.h"

extern const struct vs_arch_ops vs_arch_x86_64, vs_arch_x32, vs_arch_i386, vs_arch_arm64, vs_arch_arm,
	vs_arch_riscv64, vs_arch_s390x, vs_arch_mips, vs_arch_mipsn32, vs_arch_mips64, vs_arch_ppc64le, vs_arch_loongarch64;

static const struct vs_arch_ops *const backends[] = { &vs_arch_x86_64, &vs_arch_x32, &vs_arch_i386, &vs_arch_arm64,
							&vs_arch_arm, &vs_arch_riscv64, &vs_arch_s390x,
							&vs_arch_mips, &vs_arch_mipsn32, &vs_arch_mips64,
							&vs_arch_ppc64le, &vs_arch_loongarch64 };

const struct vs_arch_ops *vs_arch_find(const char *arch)
{
	for (size_t i = 0; i < sizeof backends / sizeof *backends; i++)
		if (!strcmp(backends[i]->arch, arch))
			return backends[i];
	return NULL;
}
