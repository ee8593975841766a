/* vdsosim audit: what each exported function asks of its caller over every path explore visits
 * (and getrandom's calls): stack, red zone, registers, FP/SIMD, stores outside its own memory. */
#include <stdlib.h>
#include <string.h>

#include "../../common/grow.h"
#include "cli.h"

static void help(void)
{
	printf("usage: vdsosim audit IMAGE... [--stack-limit N] [--json | --markdown] [-j N] [--quiet] [cpu options]\n\n"
	       "For each exported function, over every path explore visits (every clock, clock mode, event and\n"
	       "injection point; getrandom's params query and calls of 7 to 1024 bytes):\n"
	       "  - the deepest stack use below the entry stack pointer, red zone included, and the part of it\n"
	       "    below the lowest stack pointer the code set (x86-64 allows 128 bytes of red zone);\n"
	       "  - callee-saved (and platform: arm64 x18, riscv gp/tp) registers changed at the return: a\n"
	       "    violation; caller-saved ones, for information;\n"
	       "  - the FP/SIMD registers its instructions name; stores outside the stack and the call's own\n"
	       "    output buffers (a violation); the most instructions of a run.\n"
	       "Exits 1 on any violation.\n\n"
	       "  --stack-limit N  run every path with only N bytes of stack below the entry stack pointer, and\n"
	       "                   name the function and path that would fault\n"
	       "  --json           {\"image\",\"abi\",\"functions\":[{\"function\",\"stack_bytes\",\"red_zone_bytes\",\n"
	       "                   \"callee_saved_clobbered\",\"caller_saved_clobbered\",\"fp_simd\",\"writes_outside\",\n"
	       "                   \"max_instructions\"}]}; several images: {\"images\":[...]}\n"
	       "  --markdown       the matrix of stack bytes per function and image\n"
	       "  -j N             threads   --quiet  no progress\n\n" CPU_HELP);
}

struct fn_audit {
	int seen;
	uint64_t runs, stack, red, regs, fp, outside, first_outside, insns;
	char fault[300]; /* the first stack-limit fault: function, path and access */
};

struct image_audit {
	char path[512];           /* a copy: the markdown is printed after the images are closed */
	const char *abi;
	unsigned red_zone;
	struct vdsosim_abi_reg regs[64];
	size_t n_regs;
	struct fn_audit fn[VDSOSIM_NFUNCS];
	int violations;
};

struct ctx {
	struct vdsosim_explore_opts o;
	uint64_t stack_limit;
	int markdown, json;
	struct image_audit *im; /* one per image */
	size_t n, cap;
};

static void add_run(struct fn_audit *f, const struct vdsosim_audit *a, uint64_t insns)
{
	f->seen = 1;
	f->runs++;
	f->stack = a->stack_bytes > f->stack ? a->stack_bytes : f->stack;
	f->red = a->red_zone_bytes > f->red ? a->red_zone_bytes : f->red;
	f->regs |= a->regs_changed;
	f->fp |= a->fp_simd;
	if (a->writes_outside && !f->outside)
		f->first_outside = a->first_outside;
	f->outside += a->writes_outside;
	f->insns = insns > f->insns ? insns : f->insns;
}

static void on_point(void *ud, const vdsosim_profile *p, const struct vdsosim_explore_point *pt)
{
	struct image_audit *ia = ud;
	(void)p;
	add_run(&ia->fn[pt->func], &pt->audit, pt->insns);
}

static void on_finding(void *ud, const vdsosim_profile *p, const struct vdsosim_finding *f)
{
	struct image_audit *ia = ud;
	struct fn_audit *fa = &ia->fn[f->call.func];
	char cb[24];
	(void)p;
	if (f->reason != VDSOSIM_WHY_ERROR || fa->fault[0])
		return;
	fa->seen = 1;
	snprintf(fa->fault, sizeof fa->fault, "%s(%s)%s%s: %s", vdsosim_func_name(f->call.func),
		 vdsosim_func_takes_clock(f->call.func) ? vdsosim_clock_name(f->call.clock, cb) : "",
		 f->has_event ? " with " : "", f->has_event ? vdsosim_event_name(f->event) : "", f->result->message);
}

/* getrandom, which explore leaves out: the params query and calls of several lengths */
static int audit_getrandom(struct ctx *c, vdsosim_profile *prof, struct image_audit *ia)
{
	if (!vdsosim_profile_exports(prof, VDSOSIM_GETRANDOM))
		return 0;
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	vdsosim_model *m = NULL;
	vdsosim_engine *e = NULL;
	struct vdsosim_engine_opts eo = { .trace = VDSOSIM_TRACE_AUDIT | VDSOSIM_TRACE_STACK, .stack_limit = c->stack_limit };
	int err = vdsosim_model_new(&m, prof, &st);
	if (!err)
		err = vdsosim_engine_new(&e, prof, m, &eo);
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	static const uint32_t lens[] = { 0, 32, 7, 200, 1024 };
	for (size_t i = 0; !err && i < sizeof lens / sizeof *lens; i++) {
		struct vdsosim_call call = { .func = VDSOSIM_GETRANDOM, .random_len = lens[i],
					     .flags = i == 0 ? VDSOSIM_CALL_RANDOM_PARAMS : i == 1 ? VDSOSIM_CALL_FRESH_STATE : 0 };
		vdsosim_engine_call(e, &call, &r);
		struct fn_audit *fa = &ia->fn[VDSOSIM_GETRANDOM];
		if (r.status && !fa->fault[0]) {
			fa->seen = 1;
			snprintf(fa->fault, sizeof fa->fault, "getrandom(%u bytes): %s", lens[i], r.message);
		} else if (!r.status) {
			add_run(fa, &r.audit, r.insns);
		}
	}
	vdsosim_result_clear(&r);
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	if (err)
		fprintf(stderr, "vdsosim audit: %s\n", vdsosim_last_error());
	return err ? EXIT_USAGE : 0;
}

static json_t *names(const struct image_audit *ia, uint64_t mask, int role)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ia->n_regs && i < 64; i++)
		if ((mask >> i & 1) && (int)ia->regs[i].role == role)
			json_array_append_new(a, json_string(ia->regs[i].name));
	return a;
}

static void list(char *out, size_t n, const struct image_audit *ia, uint64_t mask, int role)
{
	out[0] = 0;
	for (size_t i = 0; i < ia->n_regs && i < 64; i++)
		if ((mask >> i & 1) && (int)ia->regs[i].role == role)
			snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "," : "", ia->regs[i].name);
	if (!out[0])
		snprintf(out, n, "-");
}

static void fp_list(char *out, size_t n, const vdsosim_profile *p, uint64_t mask)
{
	char b[16];
	out[0] = 0;
	for (unsigned i = 0; i < 64; i++)
		if (mask >> i & 1)
			snprintf(out + strlen(out), n - strlen(out), "%s%s", out[0] ? "," : "", vdsosim_profile_fp_name(p, i, b, sizeof b));
	if (!out[0])
		snprintf(out, n, "-");
}

static int audit_one(void *ud, vdsosim_image *img, vdsosim_profile *prof, struct progress *pg, json_t *all, uint64_t *bad)
{
	struct ctx *c = ud;
	if (!VS_GROW(c->im, c->cap, c->n)) {
		fprintf(stderr, "vdsosim audit: out of memory\n");
		return EXIT_USAGE;
	}
	struct image_audit *ia = &c->im[c->n++];
	memset(ia, 0, sizeof *ia);
	snprintf(ia->path, sizeof ia->path, "%s", vdsosim_image_info(img)->path);
	ia->n_regs = vdsosim_profile_abi(prof, &ia->abi, ia->regs, 64);
	ia->red_zone = vdsosim_profile_red_zone(prof);
	struct vdsosim_explore_opts o = c->o;
	o.on_point = on_point;
	o.point_ud = ia;
	o.on_finding = on_finding;
	o.ud = ia;
	o.max_reports = 100000;
	o.on_progress = progress_update;
	o.progress_ud = pg;
	struct vdsosim_explore_stats st;
	if (vdsosim_explore(prof, &o, &st)) {
		progress_clear(pg);
		fprintf(stderr, "vdsosim audit: %s: %s\n", ia->path, vdsosim_last_error());
		return EXIT_USAGE;
	}
	int rc = audit_getrandom(c, prof, ia);
	if (rc)
		return rc;
	json_t *fns = json_array();
	progress_clear(pg);
	if (!c->json && !c->markdown)
		printf("%s (%s, red zone %u bytes)\n  %-20s %6s %8s %7s  %-22s %-28s %-16s %s\n", ia->path, ia->abi, ia->red_zone,
		       "function", "stack", "red-zone", "insns", "callee-saved changed", "caller-saved changed", "fp/simd",
		       "outside");
	for (int f = 0; f < VDSOSIM_NFUNCS; f++) {
		struct fn_audit *fa = &ia->fn[f];
		if (!fa->seen)
			continue;
		uint64_t callee = 0, platform = 0;
		for (size_t i = 0; i < ia->n_regs && i < 64; i++) {
			if (ia->regs[i].role == VDSOSIM_REG_CALLEE_SAVED)
				callee |= fa->regs & (1ull << i);
			if (ia->regs[i].role == VDSOSIM_REG_PLATFORM)
				platform |= fa->regs & (1ull << i);
		}
		int v = callee || platform || fa->outside || fa->red > ia->red_zone || fa->fault[0];
		ia->violations += v;
		*bad += (uint64_t)v;
		if (c->json) {
			json_t *fp = json_array();
			char b[16];
			for (unsigned i = 0; i < 64; i++)
				if (fa->fp >> i & 1)
					json_array_append_new(fp, json_string(vdsosim_profile_fp_name(prof, i, b, sizeof b)));
			json_t *o2 = json_pack("{s:s,s:I,s:I,s:o,s:o,s:o,s:o,s:I,s:I,s:I}", "function", vdsosim_func_name((enum vdsosim_func)f),
					       "stack_bytes", (json_int_t)fa->stack, "red_zone_bytes", (json_int_t)fa->red,
					       "callee_saved_clobbered", names(ia, fa->regs, VDSOSIM_REG_CALLEE_SAVED),
					       "platform_clobbered", names(ia, fa->regs, VDSOSIM_REG_PLATFORM),
					       "caller_saved_clobbered", names(ia, fa->regs, VDSOSIM_REG_CALLER_SAVED), "fp_simd", fp,
					       "writes_outside", (json_int_t)fa->outside, "max_instructions", (json_int_t)fa->insns,
					       "runs", (json_int_t)fa->runs);
			if (fa->outside)
				json_object_set_new(o2, "first_write_outside", j_hex(fa->first_outside));
			if (fa->fault[0])
				json_object_set_new(o2, c->stack_limit ? "stack_limit_fault" : "stopped", json_string(fa->fault));
			json_array_append_new(fns, o2);
		} else if (!c->markdown) {
			char ce[256], ca[256], fpl[256];
			list(ce, sizeof ce, ia, fa->regs, VDSOSIM_REG_CALLEE_SAVED);
			if (platform) {
				char pl[128];
				list(pl, sizeof pl, ia, fa->regs, VDSOSIM_REG_PLATFORM);
				snprintf(ce + strlen(ce), sizeof ce - strlen(ce), " platform:%s", pl);
			}
			list(ca, sizeof ca, ia, fa->regs, VDSOSIM_REG_CALLER_SAVED);
			fp_list(fpl, sizeof fpl, prof, fa->fp);
			printf("  %-20s %6llu %8llu %7llu  %-22s %-28s %-16s %llu%s\n", vdsosim_func_name((enum vdsosim_func)f),
			       (unsigned long long)fa->stack, (unsigned long long)fa->red, (unsigned long long)fa->insns, ce, ca,
			       fpl, (unsigned long long)fa->outside, v ? "  VIOLATION" : "");
			if (fa->red > ia->red_zone)
				printf("    uses %llu bytes below its stack pointer, beyond the %u-byte red zone\n",
				       (unsigned long long)fa->red, ia->red_zone);
			if (fa->outside)
				printf("    %llu stores outside its memory, the first to 0x%llx\n", (unsigned long long)fa->outside,
				       (unsigned long long)fa->first_outside);
			if (fa->fault[0] && c->stack_limit)
				printf("    with %llu bytes of stack: %s\n", (unsigned long long)c->stack_limit, fa->fault);
			else if (fa->fault[0])
				printf("    a run stopped: %s\n", fa->fault);
		}
	}
	if (c->json) {
		json_t *j = json_object();
		json_object_set_new(j, "image", json_string(ia->path));
		json_object_set_new(j, "abi", json_string(ia->abi));
		json_object_set_new(j, "red_zone", json_integer(ia->red_zone));
		if (c->stack_limit)
			json_object_set_new(j, "stack_limit", j_u64(c->stack_limit));
		json_object_set_new(j, "functions", fns);
		json_object_set_new(j, "violations", json_integer(ia->violations));
		json_array_append_new(all, j);
	} else {
		json_decref(fns);
	}
	fflush(stdout);
	return 0;
}

/* the matrix a runtime sizes its stack from: an image a row, a function a column; stack bytes
 * (red zone included), "+simd" where the function touches FP/SIMD registers */
static void markdown(const struct ctx *c)
{
	int used[VDSOSIM_NFUNCS] = { 0 };
	for (size_t i = 0; i < c->n; i++)
		for (int f = 0; f < VDSOSIM_NFUNCS; f++)
			used[f] |= c->im[i].fn[f].seen;
	printf("| image |");
	for (int f = 0; f < VDSOSIM_NFUNCS; f++)
		if (used[f])
			printf(" %s |", vdsosim_func_name((enum vdsosim_func)f));
	printf("\n|---|");
	for (int f = 0; f < VDSOSIM_NFUNCS; f++)
		if (used[f])
			printf("---:|");
	printf("\n");
	for (size_t i = 0; i < c->n; i++) {
		const char *b = strstr(c->im[i].path, "vdso_images/");
		printf("| %s |", b ? b + 12 : c->im[i].path);
		for (int f = 0; f < VDSOSIM_NFUNCS; f++) {
			const struct fn_audit *fa = &c->im[i].fn[f];
			if (!used[f])
				continue;
			if (!fa->seen)
				printf(" - |");
			else
				printf(" %llu%s |", (unsigned long long)fa->stack, fa->fp ? "+simd" : "");
		}
		printf("\n");
	}
}

int cmd_audit(int argc, char **argv)
{
	static const struct option lo[] = { CPU_LONGOPTS, { "cpu", required_argument, 0, 1009 },
					    { "stack-limit", required_argument, 0, 's' }, { "json", no_argument, 0, 'J' },
					    { "markdown", no_argument, 0, 'm' }, { "jobs", required_argument, 0, 'j' },
					    { "quiet", no_argument, 0, 'q' }, { "help", no_argument, 0, 'h' }, { 0 } };
	struct ctx c = { .o = { .func = -1, .audit = 1 } };
	int quiet = 0, opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "j:h", lo, NULL)) != -1) {
		int k = cpu_opt(opt, optarg);
		if (k < 0)
			return EXIT_USAGE;
		if (k)
			continue;
		switch (opt) {
		case 's':
			if (parse_u64(optarg, &c.stack_limit) || !c.stack_limit || c.stack_limit > 0x8000)
				die_usage("audit", "--stack-limit takes a number of bytes from 1 to 32768");
			c.o.stack_limit = c.stack_limit;
			break;
		case 'J': c.json = 1; break;
		case 'm': c.markdown = 1; break;
		case 'j':
			if (parse_jobs(optarg, &c.o.jobs))
				die_usage("audit", "-j takes a number of threads from 1 to 256");
			break;
		case 'q': quiet = 1; break;
		case 'h': help(); return 0;
		default: bad_option("audit", argv);
		}
	}
	if (optind >= argc)
		die_usage("audit", "expected IMAGE...");
	if (c.json && c.markdown)
		die_usage("audit", "--json or --markdown, not both");
	struct multi m = { "audit", quiet, c.json, "violations" };
	int rc = multi_image(argv + optind, argc - optind, &m, audit_one, &c);
	if (rc != EXIT_USAGE && c.markdown)
		markdown(&c);
	free(c.im);
	return rc;
}
