#include <string.h>

#include "cli.h"

static const struct { const char *name; int (*fn)(int, char **); const char *what; } cmds[] = {
	{ "info", cmd_info, "describe an image: arch, kernel, layout, symbols, sites" },
	{ "call", cmd_call, "run one vDSO function under a chosen state and counter" },
	{ "survey", cmd_survey, "every function x clock x clock mode: path, cost, fields read" },
	{ "check", cmd_check, "differential check against the model on random states" },
	{ "explore", cmd_explore, "inject updates at every instruction and load; prove every read consistent" },
	{ "run", cmd_run, "run YAML scenarios (TAP, JUnit, JSON)" },
	{ "report", cmd_report, "an HTML page of many images: the call matrix and explore heatmaps" },
	{ "audit", cmd_audit, "what each function asks of its caller: stack, red zone, registers, FP/SIMD" },
	{ "patch", cmd_patch, "the image as the kernel patches it at boot for a CPU (alternatives)" },
	{ "exec", cmd_exec, "run a program (static, or dynamic with --sysroot) against the vDSO" },
#ifdef VDSOSIM_HAVE_DUMP
	{ "dump", cmd_dump, "dump this host's vDSO, data pages and real-CPU answers, with a replay (Linux)" },
#endif
};

static void usage(FILE *f)
{
	fprintf(f, "usage: vdsosim COMMAND [options]   (vdsosim COMMAND --help)\n\ncommands:\n");
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		fprintf(f, "  %-8s %s\n", cmds[i].name, cmds[i].what);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vdsosim %s (Unicorn %s)\n", vdsosim_version(), vdsosim_unicorn_version());
		return 0;
	}
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].fn(argc - 1, argv + 1);
#ifndef VDSOSIM_HAVE_DUMP
	if (!strcmp(argv[1], "dump")) { /* a replay works anywhere; only dumping needs the live host */
		fprintf(stderr, "vdsosim: dump is not in this build: it needs Linux on x86_64 and VDSOSIM_LINUX_TOOLS=ON\n");
		return EXIT_USAGE;
	}
#endif
	fprintf(stderr, "vdsosim: unknown command '%s' (see 'vdsosim --help')\n", argv[1]);
	return EXIT_USAGE;
}
