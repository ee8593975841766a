#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: vdsosim check IMAGE... [--cases N] [--seed S] [--json] [--quiet]\n\n"
	       "Differential check: draws N random but valid timekeeper states and counter values\n"
	       "(counters just behind cycle_last, deltas beyond max_cycles, second rollovers, times near\n"
	       "2038 and 2^63 ns) and compares every vDSO result, and the path it took, with the model's\n"
	       "answer for the same instant. Prints each mismatch with its state; exits 1 if any.\n\n"
	       "  --cases N   number of states (default 10000)\n"
	       "  --seed S    PRNG seed (default 1)\n"
	       "  --max-report N  print at most N mismatches (default 20)\n"
	       "  -j N        threads, one engine each (the output does not depend on N)\n"
	       "  --shard I/N run the I-th of N slices of the cases (together: one whole run)\n"
	       "  --json      {\"cases\":N,\"mismatches\":M,...}; for several images {\"images\":[...],...}\n"
	       "  --quiet     no progress on stderr (shown only when stderr is a terminal)\n");
}

struct sink { int json; uint64_t printed, max; json_t *list; struct progress *pg; };

static void on_finding(void *ud, const vdsosim_profile *p, const struct vdsosim_finding *f)
{
	struct sink *s = ud;
	if (s->printed++ >= s->max)
		return;
	if (s->json)
		json_array_append_new(s->list, finding_json(p, f));
	else {
		progress_clear(s->pg);
		finding_text(stdout, p, f, 0);
	}
}

struct check_ctx { struct vdsosim_check_opts *o; struct sink *sink; };

static int check_one(void *ud, vdsosim_image *img, vdsosim_profile *prof, struct progress *pg, json_t *all, uint64_t *bad)
{
	struct check_ctx *c = ud;
	struct vdsosim_check_opts *o = c->o;
	struct sink *sink = c->sink;
	const char *path = vdsosim_image_info(img)->path;
	sink->printed = 0;
	sink->pg = pg;
	sink->list = json_array();
	o->on_finding = on_finding;
	o->ud = sink;
	o->on_progress = progress_update;
	o->progress_ud = pg;
	struct vdsosim_check_stats st;
	if (vdsosim_check(prof, o, &st)) {
		progress_clear(pg);
		fprintf(stderr, "vdsosim: %s: %s\n", path, vdsosim_last_error());
		json_decref(sink->list);
		return EXIT_USAGE;
	}
	*bad += st.mismatches;
	if (all) {
		json_t *j = json_object();
		json_object_set_new(j, "image", json_string(path));
		json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
		json_object_set_new(j, "cases", json_integer((json_int_t)st.cases));
		json_object_set_new(j, "calls", json_integer((json_int_t)st.calls));
		json_object_set_new(j, "mismatches", json_integer((json_int_t)st.mismatches));
		json_object_set_new(j, "errors", json_integer((json_int_t)st.errors));
		json_object_set_new(j, "reports", sink->list);
		json_array_append_new(all, j);
		return 0;
	}
	json_decref(sink->list);
	progress_clear(pg);
	printf("%s: %llu cases, %llu calls, %llu mismatches, %llu emulation errors\n", path, (unsigned long long)st.cases,
	       (unsigned long long)st.calls, (unsigned long long)st.mismatches, (unsigned long long)st.errors);
	fflush(stdout);
	return 0;
}

int cmd_check(int argc, char **argv)
{
	static const struct option lo[] = { CPU_LONGOPTS, { "cpu", required_argument, 0, 1009 }, { "cases", required_argument, 0, 'n' }, { "seed", required_argument, 0, 's' },
					    { "max-report", required_argument, 0, 'r' }, { "json", no_argument, 0, 'J' }, { "jobs", required_argument, 0, 'j' },
					    { "shard", required_argument, 0, 'S' },
					    { "quiet", no_argument, 0, 'q' },
					    { "help", no_argument, 0, 'h' }, { 0 } };
	struct vdsosim_check_opts o = { .cases = 10000, .seed = 1 };
	struct sink sink = { .max = 20 };
	int c, quiet = 0;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:h", lo, NULL)) != -1) {
		int k = cpu_opt(c, optarg);
		if (k < 0)
			return EXIT_USAGE;
		if (k)
			continue;
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
		case 'q': quiet = 1; break;
		case 'h': help(); return 0;
		default: bad_option("check", argv);
		}
	}
	int n_img = argc - optind;
	if (n_img < 1)
		die_usage("check", "expected IMAGE...");
	struct multi m = { "check", quiet, sink.json, "mismatches" };
	struct check_ctx ctx = { &o, &sink };
	return multi_image(argv + optind, n_img, &m, check_one, &ctx);
}
