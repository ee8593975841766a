#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: vdsosim survey IMAGE [--json|--markdown] [state options]\n\n"
	       "Runs every exported time function x clock id (0..11 and the invalid id -1) x clock mode\n"
	       "(tsc, none, pvclock, hvclock) and reports the path taken (vdso or syscall), the syscalls,\n"
	       "instructions, stack bytes and vvar fields read, and whether the answer equals the model's.\n"
	       "Exits 1 if any row disagrees with the model.\n\n" STATE_HELP);
}

static const char *path_s(const struct vdsosim_survey_row *r)
{
	return r->path == VDSOSIM_PATH_VDSO ? "vdso" : "syscall";
}

int cmd_survey(int argc, char **argv)
{
	static const struct option lo[] = { STATE_LONGOPTS, CPU_LONGOPTS,
					    { "json", no_argument, 0, 'j' },
					    { "markdown", no_argument, 0, 'm' },
					    { "help", no_argument, 0, 'h' },
					    { 0 } };
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	int fmt = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jmh", lo, NULL)) != -1) {
		int s = state_opt(c, optarg, &st);
		if (!s)
			s = cpu_opt(c, optarg);
		if (s < 0)
			return EXIT_USAGE;
		if (s)
			continue;
		if (c == 'j')
			fmt = 1;
		else if (c == 'm')
			fmt = 2;
		else if (c == 'h')
			return help(), 0;
		else
			bad_option("survey", argv);
	}
	if (optind != argc - 1)
		die_usage("survey", "expected one IMAGE");
	vdsosim_image *img;
	vdsosim_profile *prof;
	if (open_profile(argv[optind], &img, &prof))
		return EXIT_USAGE;
	struct vdsosim_survey_row *rows;
	size_t n;
	if (vdsosim_survey(prof, &st, &rows, &n)) {
		fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
		close_profile(img, prof);
		return EXIT_USAGE;
	}
	size_t bad = 0;
	char cb[24];
	json_t *jrows = json_array();
	if (fmt == 2)
		printf("| function | clock | clock_mode | path | syscalls | ret | instructions | stack_bytes | matches model |\n"
		       "|---|---|---|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < n; i++) {
		const struct vdsosim_survey_row *r = &rows[i];
		const char *clk = r->has_clock ? vdsosim_clock_name(r->clock, cb) : NULL;
		bad += !r->match;
		char sys[128] = "";
		for (size_t k = 0; k < r->n_syscalls; k++)
			snprintf(sys + strlen(sys), sizeof sys - strlen(sys), "%s%s", k ? "," : "", r->syscalls[k]);
		if (fmt == 1) {
			json_t *o = json_object(), *js = json_array(), *jf = json_array();
			json_object_set_new(o, "function", json_string(vdsosim_func_name(r->func)));
			json_object_set_new(o, "clock", clk ? json_string(clk) : json_null());
			json_object_set_new(o, "clock_mode", json_string(r->mode_name));
			json_object_set_new(o, "path", json_string(path_s(r)));
			for (size_t k = 0; k < r->n_syscalls; k++)
				json_array_append_new(js, json_string(r->syscalls[k]));
			json_object_set_new(o, "syscalls", js);
			json_object_set_new(o, "ret", json_integer(r->ret));
			json_object_set_new(o, "instructions", json_integer((json_int_t)r->insns));
			json_object_set_new(o, "stack_bytes", json_integer((json_int_t)r->stack_bytes));
			for (size_t k = 0; k < r->n_fields; k++)
				json_array_append_new(jf, json_string(r->fields[k]));
			json_object_set_new(o, "vvar_fields", jf);
			json_object_set_new(o, "matches_model", json_boolean(r->match));
			if (!r->match) {
				json_object_set_new(o, "mismatch", json_string(vdsosim_reason_name(r->reason)));
				json_object_set_new(o, "expected", json_pack("{s:I,s:I,s:I,s:s}", "ret", (json_int_t)r->want.ret,
									     "sec", (json_int_t)r->want.sec, "sub",
									     (json_int_t)r->want.sub, "path",
									     r->want.vdso ? "vdso" : "syscall"));
				if (r->status)
					json_object_set_new(o, "error", json_string(r->message));
			}
			json_array_append_new(jrows, o);
		} else if (fmt == 2) {
			printf("| %s | %s | %s | %s | %s | %lld | %llu | %llu | %s |\n", vdsosim_func_name(r->func),
			       clk ? clk : "-", r->mode_name, path_s(r), sys[0] ? sys : "-", (long long)r->ret,
			       (unsigned long long)r->insns, (unsigned long long)r->stack_bytes, r->match ? "yes" : "NO");
		} else {
			printf("%-13s %-26s %-8s %-8s %-14s ret %-4lld %4llu insns %4llu stack  %s\n",
			       vdsosim_func_name(r->func), clk ? clk : "-", r->mode_name, path_s(r),
			       sys[0] ? sys : "-", (long long)r->ret, (unsigned long long)r->insns,
			       (unsigned long long)r->stack_bytes, r->match ? "" : r->status ? r->message : vdsosim_reason_text(r->reason));
			if (r->n_fields) {
				printf("    reads:");
				for (size_t k = 0; k < r->n_fields; k++)
					printf(" %s", r->fields[k]);
				printf("\n");
			}
		}
	}
	if (fmt == 1) {
		json_t *o = json_object();
		json_object_set_new(o, "image", json_string(vdsosim_image_info(img)->path));
		json_object_set_new(o, "rows", jrows);
		json_object_set_new(o, "mismatches", json_integer((json_int_t)bad));
		j_print(o);
	} else {
		json_decref(jrows);
		if (fmt == 0)
			printf("%zu rows, %zu disagree with the model\n", n, bad);
	}
	free(rows);
	close_profile(img, prof);
	return bad ? EXIT_FINDING : 0;
}
