/* Built only with the Linux-only tools (VDSOSIM_LINUX_TOOLS). */
#include <stdlib.h>

#include "../../linux/dump.h"
#include "cli.h"

static void help(void)
{
	printf("usage: vdsosim dump -o DIR [--pid PID]   (Linux x86_64)\n\n"
	       "Writes this host's [vdso] image (vdso.so), its [vvar] and [vvar_vclock] pages (unreadable pages\n"
	       "as zeros, listed in meta.txt), the kernel version, the clocksource and the TSC frequency, and the\n"
	       "answers the real CPU computes at chosen TSC values (before cycle_last, ordinary, beyond\n"
	       "max_cycles), with replay.yaml: `vdsosim run DIR/replay.yaml` reproduces them on any host.\n"
	       "With --pid, the [vdso] of that process (its data pages are the kernel's shared ones).\n");
}

int cmd_dump(int argc, char **argv)
{
	static const struct option lo[] = { { "output", required_argument, 0, 'o' }, { "pid", required_argument, 0, 'p' },
					    { "help", no_argument, 0, 'h' }, { 0 } };
	const char *dir = NULL;
	int64_t pid = 0;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		switch (c) {
		case 'o': dir = optarg; break;
		case 'p':
			if (parse_i64(optarg, &pid) || pid <= 0)
				die_usage("dump", "--pid takes a process id");
			break;
		case 'h': help(); return 0;
		default: bad_option("dump", argv);
		}
	}
	if (!dir || optind != argc)
		die_usage("dump", "expected -o DIR");
	if (vs_dump(dir, (int)pid, stdout)) {
		fprintf(stderr, "vdsosim dump: %s\n", vs_dump_error());
		return EXIT_USAGE;
	}
	return 0;
}
