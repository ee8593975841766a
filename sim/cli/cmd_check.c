#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: vdsosim check IMAGE [--cases N] [--seed S] [--json]\n\n"
	       "Differential check: draws N random but valid timekeeper states and counter values\n"
	       "(counters just behind cycle_last, deltas beyond max_cycles, second rollovers, times near\n"
	       "2038 and 2^63 ns) and compares every vDSO result, and the path it took, with the model's\n"
	       "answer for the same instant. Prints each mismatch with its state; exits 1 if any.\n\n"
	       "  --cases N   number of states (default 10000)\n"
	       "  --seed S    PRNG seed (default 1)\n"
	       "  --max-report N  print at most N mismatches (default 20)\n"
	       "  -j N        threads, one engine each (the output does not depend on N)\n"
	       "  --shard I/N run the I-th of N slices of the cases (together: one whole run)\n"
	       "  --json      {\"cases\":N,\"mismatches\":M,...}\n");
}

struct sink { int json; uint64_t printed, max; json_t *list; };

static void on_finding(void *ud, const vdsosim_profile *p, const struct vdsosim_finding *f)
{
	struct sink *s = ud;
	if (s->printed++ >= s->max)
		return;
	if (s->json)
		json_array_append_new(s->list, finding_json(p, f));
	else
		finding_text(stdout, p, f, 0);
}

int cmd_check(int argc, char **argv)
{
	static const struct option lo[] = { { "cases", required_argument, 0, 'n' }, { "seed", required_argument, 0, 's' },
					    { "max-report", required_argument, 0, 'r' }, { "json", no_argument, 0, 'J' }, { "jobs", required_argument, 0, 'j' },
					    { "shard", required_argument, 0, 'S' },
					    { "help", no_argument, 0, 'h' }, { 0 } };
	struct vdsosim_check_opts o = { .cases = 10000, .seed = 1 };
	struct sink sink = { .max = 20 };
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:h", lo, NULL)) != -1) {
		switch (c) {
		case 'n':
			if (parse_u64(optarg, &o.cases))
				die_usage("check", "--cases takes a number");
			break;
		case 's':
			if (parse_u64(optarg, &o.seed))
				die_usage("check", "--seed takes a number");
			break;
		case 'r':
			if (parse_u64(optarg, &sink.max))
				die_usage("check", "--max-report takes a number");
			break;
		case 'J': sink.json = 1; break;
		case 'j':
			if (parse_jobs(optarg, &o.jobs))
				die_usage("check", "-j takes a number of threads from 1 to 256");
			break;
		case 'S':
			if (parse_shard(optarg, &o.shard, &o.shards))
				die_usage("check", "--shard takes I/N with 1 <= I <= N");
			break;
		case 'h': help(); return 0;
		default: bad_option("check", argv);
		}
	}
	if (optind != argc - 1)
		die_usage("check", "expected one IMAGE");
	vdsosim_image *img;
	vdsosim_profile *prof;
	if (open_profile(argv[optind], &img, &prof))
		return EXIT_USAGE;
	sink.list = json_array();
	o.on_finding = on_finding;
	o.ud = &sink;
	struct vdsosim_check_stats st;
	int err = vdsosim_check(prof, &o, &st);
	if (err) {
		fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
		json_decref(sink.list);
		close_profile(img, prof);
		return EXIT_USAGE;
	}
	if (sink.json) {
		json_t *j = json_object();
		json_object_set_new(j, "image", json_string(vdsosim_image_info(img)->path));
		json_object_set_new(j, "seed", json_integer((json_int_t)o.seed));
		json_object_set_new(j, "cases", json_integer((json_int_t)st.cases));
		json_object_set_new(j, "calls", json_integer((json_int_t)st.calls));
		json_object_set_new(j, "mismatches", json_integer((json_int_t)st.mismatches));
		json_object_set_new(j, "errors", json_integer((json_int_t)st.errors));
		json_object_set_new(j, "reports", sink.list);
		j_print(j);
	} else {
		json_decref(sink.list);
		printf("%s: %llu cases, %llu calls, %llu mismatches, %llu emulation errors\n", vdsosim_image_info(img)->path,
		       (unsigned long long)st.cases, (unsigned long long)st.calls, (unsigned long long)st.mismatches,
		       (unsigned long long)st.errors);
	}
	close_profile(img, prof);
	return st.mismatches ? EXIT_FINDING : 0;
}
