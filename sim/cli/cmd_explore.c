#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static void help(void)
{
	printf("usage: vdsosim explore IMAGE... [FUNCTION [CLOCK]] [--event E ...] [--json] [--quiet]\n\n"
	       "Injects a timekeeper or hypervisor update before every instruction and every data-page load of\n"
	       "every function and clock (and two updates at every pair of instruction boundaries), and checks\n"
	       "each run: the result equals the model's answer for the state before or after the update at the\n"
	       "counter value read (never a mix); an update inside the read section causes a retry; the call\n"
	       "falls back exactly when the state requires it; monotonic clocks never go backwards.\n"
	       "Prints a trace for each violation; exits 1 if there is any.\n\n"
	       "  --event E        only this event (repeatable): tick, ntp, settimeofday, adjtime, suspend, leap,\n"
	       "                   tsc-to-hpet, hpet-to-tsc, tsc-to-pvclock, pvclock-update, pvclock-unstable,\n"
	       "                   pvclock-stable, hvclock-invalid, timens, stalled-writer (and rng-reseed,\n"
	       "                   for getrandom only: vdsosim call IMAGE getrandom --inject rng-reseed@load:N)\n"
	       "  --no-pairs       skip the two-update runs\n"
	       "  --counter-step N counter advance per read   --counter-per-insn N  per instruction\n"
	       "  --stall-spins K  spins before a stalled writer completes (default 3)\n"
	       "  --max-report N   violation traces to print (default 20)\n"
	       "  -j N             threads, one engine each (the output does not depend on N)\n"
	       "  --shard I/N      run the I-th of N slices of the work (together: one whole run)\n"
	       "  --json           {\"points\":N,\"violations\":V,\"retries\":R,...}; for several images\n"
	       "                   {\"images\":[...],\"violations\":V}\n"
	       "  --quiet          no progress on stderr (shown only when stderr is a terminal)\n");
}

struct sink { int json; json_t *list; struct progress *pg; };

static void on_finding(void *ud, const vdsosim_profile *p, const struct vdsosim_finding *f)
{
	struct sink *s = ud;
	if (s->json)
		json_array_append_new(s->list, finding_json(p, f));
	else {
		progress_clear(s->pg);
		finding_text(stdout, p, f, 1);
	}
}

struct explore_ctx { struct vdsosim_explore_opts *o; struct sink *sink; };

static int explore_one_image(void *ud, vdsosim_image *img, vdsosim_profile *prof, struct progress *pg, json_t *all,
			     uint64_t *bad)
{
	struct explore_ctx *c = ud;
	struct sink *sink = c->sink;
	sink->pg = pg;
	sink->list = json_array();
	c->o->on_finding = on_finding;
	c->o->ud = sink;
	c->o->on_progress = progress_update;
	c->o->progress_ud = pg;
	struct vdsosim_explore_stats st;
	if (vdsosim_explore(prof, c->o, &st)) {
		progress_clear(pg);
		fprintf(stderr, "vdsosim: %s: %s\n", vdsosim_image_info(img)->path, vdsosim_last_error());
		json_decref(sink->list);
		return EXIT_USAGE;
	}
	*bad += st.violations;
	if (all) {
		json_t *j = json_object(), *ev = json_object();
		json_object_set_new(j, "image", json_string(vdsosim_image_info(img)->path));
		json_object_set_new(j, "points", json_integer((json_int_t)st.points));
		json_object_set_new(j, "violations", json_integer((json_int_t)st.violations));
		json_object_set_new(j, "retries", json_integer((json_int_t)st.retries));
		json_object_set_new(j, "retry_runs", json_integer((json_int_t)st.retry_runs));
		json_object_set_new(j, "fallbacks", json_integer((json_int_t)st.fallbacks));
		json_object_set_new(j, "stalls_handled", json_integer((json_int_t)st.stalls_handled));
		json_object_set_new(j, "errors", json_integer((json_int_t)st.errors));
		for (int e = 0; e < VDSOSIM_NEVENTS; e++)
			if (st.per_event_points[e])
				json_object_set_new(ev, vdsosim_event_name((enum vdsosim_event)e),
						    json_pack("{s:I,s:I}", "points", (json_int_t)st.per_event_points[e],
							      "violations", (json_int_t)st.per_event_violations[e]));
		json_object_set_new(j, "events", ev);
		json_object_set_new(j, "reports", sink->list);
		json_array_append_new(all, j);
		return 0;
	}
	json_decref(sink->list);
	progress_clear(pg);
	for (int e = 0; e < VDSOSIM_NEVENTS; e++)
		if (st.per_event_points[e])
			printf("  %-18s %8llu points %6llu violations\n", vdsosim_event_name((enum vdsosim_event)e),
			       (unsigned long long)st.per_event_points[e], (unsigned long long)st.per_event_violations[e]);
	printf("%s: %llu points, %llu retries (in %llu runs), %llu fallbacks, %llu stalled writers handled, "
	       "%llu violations, %llu errors\n",
	       vdsosim_image_info(img)->path, (unsigned long long)st.points, (unsigned long long)st.retries,
	       (unsigned long long)st.retry_runs, (unsigned long long)st.fallbacks, (unsigned long long)st.stalls_handled,
	       (unsigned long long)st.violations, (unsigned long long)st.errors);
	fflush(stdout);
	return 0;
}

int cmd_explore(int argc, char **argv)
{
	static const struct option lo[] = { CPU_LONGOPTS, { "cpu", required_argument, 0, 1009 }, { "event", required_argument, 0, 'e' },
					    { "no-pairs", no_argument, 0, 'p' },
					    { "counter-step", required_argument, 0, 's' },
					    { "counter-per-insn", required_argument, 0, 'i' },
					    { "stall-spins", required_argument, 0, 'k' },
					    { "max-report", required_argument, 0, 'r' },
					    { "json", no_argument, 0, 'J' }, { "jobs", required_argument, 0, 'j' },
					    { "shard", required_argument, 0, 'S' },
					    { "quiet", no_argument, 0, 'q' },
					    { "help", no_argument, 0, 'h' },
					    { 0 } };
	struct vdsosim_explore_opts o = { .func = -1 };
	struct sink sink = { 0 };
	int c, quiet = 0;
	uint64_t u;
	int64_t i64;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:h", lo, NULL)) != -1) {
		int k = cpu_opt(c, optarg);
		if (k < 0)
			return EXIT_USAGE;
		if (k)
			continue;
		switch (c) {
		case 'e': {
			enum vdsosim_event ev;
			if (vdsosim_event_parse(optarg, &ev)) {
				fprintf(stderr, "vdsosim explore: %s\n", vdsosim_last_error());
				return EXIT_USAGE;
			}
			o.events |= 1u << ev;
			break;
		}
		case 'p': o.no_pairs = 1; break;
		case 's':
			if (parse_i64(optarg, &i64))
				die_usage("explore", "--counter-step takes a number");
			o.counter_step = i64;
			break;
		case 'i':
			if (parse_i64(optarg, &i64))
				die_usage("explore", "--counter-per-insn takes a number");
			o.counter_per_insn = i64;
			break;
		case 'k':
			if (parse_u64(optarg, &u) || !u || u > 100000)
				die_usage("explore", "--stall-spins takes a number from 1 to 100000");
			o.stall_spins = (uint32_t)u;
			break;
		case 'r':
			if (parse_u64(optarg, &u))
				die_usage("explore", "--max-report takes a number");
			o.max_reports = u ? u : 1;
			break;
		case 'J': sink.json = 1; break;
		case 'j':
			if (parse_jobs(optarg, &o.jobs))
				die_usage("explore", "-j takes a number of threads from 1 to 256");
			break;
		case 'S':
			if (parse_shard(optarg, &o.shard, &o.shards))
				die_usage("explore", "--shard takes I/N with 1 <= I <= N");
			break;
		case 'q': quiet = 1; break;
		case 'h': help(); return 0;
		default: bad_option("explore", argv);
		}
	}
	/* IMAGE... then FUNCTION [CLOCK]: a word that names no file and parses as a function ends the images */
	int n_img = 0;
	while (optind + n_img < argc) {
		const char *a = argv[optind + n_img];
		enum vdsosim_func f;
		if (n_img && access(a, F_OK)) {
			if (!vdsosim_func_parse(a, &f))
				break;
			fprintf(stderr, "vdsosim explore: %s: no such image, and not a function name\n", a);
			return EXIT_USAGE;
		}
		n_img++;
	}
	int rest = argc - optind - n_img;
	if (n_img < 1 || rest > 2)
		die_usage("explore", "expected IMAGE... [FUNCTION [CLOCK]]");
	if (rest >= 1) {
		enum vdsosim_func f;
		vdsosim_func_parse(argv[optind + n_img], &f);
		o.func = f;
	}
	if (rest == 2) {
		if (vdsosim_clock_parse(argv[optind + n_img + 1], &o.clock)) {
			fprintf(stderr, "vdsosim explore: %s\n", vdsosim_last_error());
			return EXIT_USAGE;
		}
		o.has_clock = 1;
	}
	struct multi m = { "explore", quiet, sink.json, "violations" };
	struct explore_ctx ctx = { &o, &sink };
	return multi_image(argv + optind, n_img, &m, explore_one_image, &ctx);
}
