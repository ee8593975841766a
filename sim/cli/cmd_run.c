#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/parallel.h"
#include "../scenario/scenario.h"
#include "cli.h"
#include "timeline.h"

/* kselftest exit codes */
enum { KSFT_PASS = 0, KSFT_FAIL = 1, KSFT_SKIP = 4 };

static void help(void)
{
	printf("usage: vdsosim run SCENARIO.yaml... [--tap | --json] [--junit FILE] [-j N] [--shard I/N]\n\n"
	       "Runs YAML scenarios: an image (or a dump directory), a starting state, a timeline of steps\n"
	       "(tick, ntp, settimeofday, event) and calls with injections and expectations. See the README.\n\n"
	       "  --tap         kselftest-style TAP: plan, ok / not ok, '# SKIP reason'; exit 0 pass, 1 fail,\n"
	       "                4 when everything was skipped\n"
	       "  --json        one object: {\"scenarios\":[...],\"passed\",\"failed\",\"skipped\"}\n"
	       "  --junit FILE  also write a JUnit XML report\n"
	       "  -j N          threads (the output does not depend on N)\n"
	       "  --shard I/N   run the I-th of N slices of the scenarios\n"
	       "  --html FILE   also draw each scenario's timeline into one page: every clock's value\n"
	       "                (from the image's own code) across the counter, with the ticks, NTP changes,\n"
	       "                clock changes and injections marked\n"
	       "  --quiet       no progress on stderr (shown only when stderr is a terminal)\n"
	       "A malformed scenario stops everything with file:line:column and exit 2.\n");
}

static const char *const features[] = {
#ifdef VDSOSIM_HAVE_DUMP
	"dump",
#endif
	NULL
};

struct run_ctx { struct scenario **sc; struct sc_outcome *out; struct sc_trace *tr; struct progress *pg; };

static int run_unit(void *ctx, int t, size_t u)
{
	struct run_ctx *c = ctx;
	(void)t;
	return sc_run_traced(c->sc[u], features, &c->out[u], c->tr ? &c->tr[u] : NULL) == VDSOSIM_EIO ? VDSOSIM_EIO : 0;
}

static void run_progress(void *ud, size_t u, uint64_t done, uint64_t total)
{
	struct run_ctx *c = ud;
	progress_item(c->pg, 0, c->sc[u]->file);
	progress_update(c->pg, done, total);
}

/* TAP: '#' starts a directive, so a name's own '#' is escaped */
static void tap_name(const char *s)
{
	for (; *s; s++)
		printf(*s == '#' ? "\\#" : "%c", *s);
}

static const char *status_name(enum sc_status s) { return s == SC_PASS ? "pass" : s == SC_FAIL ? "fail" : "skip"; }

static int write_junit(const char *path, struct scenario **sc, struct sc_outcome *out, size_t n, const int *mine)
{
	xmlTextWriterPtr w = xmlNewTextWriterFilename(path, 0);
	if (!w)
		return -1;
	size_t fails = 0, skips = 0, total = 0;
	for (size_t i = 0; i < n; i++)
		if (mine[i]) {
			total++;
			fails += out[i].status == SC_FAIL;
			skips += out[i].status == SC_SKIP;
		}
	char num[32];
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	xmlTextWriterStartElement(w, BAD_CAST "testsuites");
	xmlTextWriterStartElement(w, BAD_CAST "testsuite");
	xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST "vdsosim");
	snprintf(num, sizeof num, "%zu", total);
	xmlTextWriterWriteAttribute(w, BAD_CAST "tests", BAD_CAST num);
	snprintf(num, sizeof num, "%zu", fails);
	xmlTextWriterWriteAttribute(w, BAD_CAST "failures", BAD_CAST num);
	snprintf(num, sizeof num, "%zu", skips);
	xmlTextWriterWriteAttribute(w, BAD_CAST "skipped", BAD_CAST num);
	for (size_t i = 0; i < n; i++) {
		if (!mine[i])
			continue;
		xmlTextWriterStartElement(w, BAD_CAST "testcase");
		xmlTextWriterWriteAttribute(w, BAD_CAST "name", BAD_CAST sc[i]->name);
		xmlTextWriterWriteAttribute(w, BAD_CAST "classname", BAD_CAST sc[i]->file);
		if (out[i].status != SC_PASS) {
			xmlTextWriterStartElement(w, BAD_CAST(out[i].status == SC_FAIL ? "failure" : "skipped"));
			xmlTextWriterWriteAttribute(w, BAD_CAST "message",
						    BAD_CAST(out[i].n_messages ? out[i].messages[0] : "failed"));
			for (size_t k = 0; k < out[i].n_messages; k++) {
				xmlTextWriterWriteString(w, BAD_CAST out[i].messages[k]);
				xmlTextWriterWriteString(w, BAD_CAST "\n");
			}
			xmlTextWriterEndElement(w);
		}
		xmlTextWriterEndElement(w);
	}
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	return 0;
}

static void free_run(struct scenario **sc, struct sc_outcome *out, int *mine, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sc_outcome_free(&out[i]);
		sc_free(sc[i]);
	}
	free(sc);
	free(out);
	free(mine);
}

int cmd_run(int argc, char **argv)
{
	static const struct option lo[] = { { "tap", no_argument, 0, 't' },	      { "json", no_argument, 0, 'J' },
					    { "junit", required_argument, 0, 'U' }, { "jobs", required_argument, 0, 'j' },
					    { "shard", required_argument, 0, 'S' }, { "help", no_argument, 0, 'h' },
					    { "html", required_argument, 0, 'H' }, { "quiet", no_argument, 0, 'q' },
					    { 0 } };
	int tap = 0, json = 0, jobs = 1, quiet = 0, c;
	const char *html = NULL;
	uint32_t shard = 0, shards = 1;
	const char *junit = NULL;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "j:h", lo, NULL)) != -1) {
		switch (c) {
		case 't': tap = 1; break;
		case 'J': json = 1; break;
		case 'U': junit = optarg; break;
		case 'H': html = optarg; break;
		case 'q': quiet = 1; break;
		case 'j':
			if (parse_jobs(optarg, &jobs))
				die_usage("run", "-j takes a number of threads from 1 to 256");
			break;
		case 'S':
			if (parse_shard(optarg, &shard, &shards))
				die_usage("run", "--shard takes I/N with 1 <= I <= N");
			break;
		case 'h': help(); return 0;
		default: bad_option("run", argv);
		}
	}
	size_t n = (size_t)(argc - optind);
	if (!n)
		die_usage("run", "expected at least one SCENARIO file");
	struct scenario **sc = calloc(n, sizeof *sc);
	struct sc_outcome *out = calloc(n, sizeof *out);
	int *mine = calloc(n, sizeof *mine);
	if (!sc || !out || !mine) {
		fprintf(stderr, "vdsosim: out of memory\n");
		return EXIT_USAGE;
	}
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		if (sc_parse_file(argv[optind + (int)i], &sc[i])) {
			fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
			rc = EXIT_USAGE;
		}
	struct sc_trace *tr = html ? calloc(n, sizeof *tr) : NULL;
	if (!rc) {
		struct run_ctx ctx = { sc, out, tr, progress_new("run", 1, quiet) };
		struct vs_par p = { n, jobs, shard, shards, &ctx, NULL, run_unit, NULL, run_progress, &ctx };
		int err = vs_par_run(&p);
		progress_end(ctx.pg);
		if (err) {
			/* a scenario whose image is missing or unreadable: the first one, by position */
			for (size_t i = 0; i < n; i++)
				if (out[i].status == SC_FAIL && out[i].n_messages && strstr(out[i].messages[0], sc[i]->image)) {
					fprintf(stderr, "vdsosim: %s\n", out[i].messages[0]);
					break;
				}
			rc = EXIT_USAGE;
		}
	}
	if (rc) {
		for (size_t i = 0; tr && i < n; i++)
			sc_trace_free(&tr[i]);
		free(tr);
		free_run(sc, out, mine, n);
		return rc;
	}
	size_t pass = 0, fail = 0, skip = 0, total = 0;
	for (size_t i = shard; i < n; i += shards) {
		mine[i] = 1;
		total++;
		pass += out[i].status == SC_PASS;
		fail += out[i].status == SC_FAIL;
		skip += out[i].status == SC_SKIP;
	}
	if (json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			if (!mine[i])
				continue;
			json_t *m = json_array();
			for (size_t k = 0; k < out[i].n_messages; k++)
				json_array_append_new(m, json_string(out[i].messages[k]));
			json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:I,s:o}", "name", sc[i]->name, "file", sc[i]->file,
							     "status", status_name(out[i].status), "calls",
							     (json_int_t)out[i].calls, "messages", m));
		}
		json_object_set_new(o, "scenarios", arr);
		json_object_set_new(o, "passed", json_integer((json_int_t)pass));
		json_object_set_new(o, "failed", json_integer((json_int_t)fail));
		json_object_set_new(o, "skipped", json_integer((json_int_t)skip));
		j_print(o);
	} else if (tap) {
		printf("TAP version 13\n1..%zu\n", total);
		size_t k = 0;
		for (size_t i = 0; i < n; i++) {
			if (!mine[i])
				continue;
			k++;
			printf("%s %zu - ", out[i].status == SC_FAIL ? "not ok" : "ok", k);
			tap_name(sc[i]->name);
			if (out[i].status == SC_SKIP) {
				printf(" # SKIP %s\n", out[i].n_messages ? out[i].messages[0] : "");
				continue;
			}
			printf("\n");
			for (size_t m = 0; out[i].status == SC_FAIL && m < out[i].n_messages; m++)
				printf("# %s\n", out[i].messages[m]);
		}
		printf("# Totals: pass:%zu fail:%zu xfail:0 xpass:0 skip:%zu error:0\n", pass, fail, skip);
	} else {
		for (size_t i = 0; i < n; i++) {
			if (!mine[i])
				continue;
			printf("%-4s %s (%s)\n", out[i].status == SC_PASS ? "PASS" : out[i].status == SC_FAIL ? "FAIL" : "SKIP",
			       sc[i]->name, sc[i]->file);
			for (size_t m = 0; out[i].status != SC_PASS && m < out[i].n_messages; m++)
				printf("     %s\n", out[i].messages[m]);
		}
	}
	if (!json)
		printf("%zu passed, %zu failed, %zu skipped\n", pass, fail, skip);
	if (junit && write_junit(junit, sc, out, n, mine))
		fprintf(stderr, "vdsosim: %s: cannot write the JUnit report\n", junit);
	int bad_html = html && timeline_html(html, sc, out, tr, mine, n);
	for (size_t i = 0; tr && i < n; i++)
		sc_trace_free(&tr[i]);
	free(tr);
	free_run(sc, out, mine, n);
	if (bad_html)
		return EXIT_USAGE;
	return fail ? KSFT_FAIL : (!pass && skip) ? KSFT_SKIP : KSFT_PASS;
}
