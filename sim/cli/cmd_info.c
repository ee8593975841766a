#include <string.h>

#include "cli.h"

static const char *site_kind[] = { "counter", "cpu", "syscall", "spin", "shadow", "insn" };

static void help(void)
{
	printf("usage: vdsosim info IMAGE [--json]\n\n"
	       "Arch, ELF class, byte order, kernel version (Linux note), build-id, text range, the data-page\n"
	       "layout era and where the pages sit, exported functions with versions, and the counter-read,\n"
	       "getcpu, syscall and spin sites found by decoding the code.\n");
}

int cmd_info(int argc, char **argv)
{
	static const struct option lo[] = { CPU_LONGOPTS, { "cpu", required_argument, 0, 1009 }, { "json", no_argument, 0, 'j' }, { "help", no_argument, 0, 'h' }, { 0 } };
	int json = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jh", lo, NULL)) != -1) {
		int k = cpu_opt(c, optarg);
		if (k < 0)
			return EXIT_USAGE;
		if (k)
			continue;
		if (c == 'j')
			json = 1;
		else if (c == 'h')
			return help(), 0;
		else
			bad_option("info", argv);
	}
	if (optind != argc - 1)
		die_usage("info", "expected one IMAGE");
	vdsosim_image *img;
	if (open_image(argv[optind], &img))
		return EXIT_USAGE;
	const struct vdsosim_image_info *in = vdsosim_image_info(img);

	/* sites and pages come from the profile when this arch/era can be emulated */
	vdsosim_profile *e = NULL;
	const char *why_not = NULL;
	if (vdsosim_profile_new(&e, img))
		why_not = vdsosim_last_error();
	const struct vdsosim_site *sites = NULL;
	const struct vdsosim_page_desc *pages = NULL;
	struct vdsosim_site *own = NULL; /* no profile: the code alone still shows its sites */
	size_t ns = e ? vdsosim_profile_sites(e, &sites) : 0, np = e ? vdsosim_profile_pages(e, &pages) : 0;
	if (!e && !vdsosim_image_sites(img, &own, &ns))
		sites = own;
	/* boot-time alternatives, and which apply for the chosen CPU (the image as shipped: none) */
	struct vdsosim_alt *alts = NULL;
	size_t na = 0;
	int *applied = NULL;
	const char *alt_err = NULL;
	if (vdsosim_image_alternatives(img, &alts, &na))
		alt_err = vdsosim_last_error();
	applied = calloc(na + 1, sizeof *applied);
	uint8_t *tmp = NULL;
	size_t tl;
	if (cpu_choice.set && na && applied && !vdsosim_image_patch(img, &cpu_choice.cpu, &tmp, &tl, applied))
		free(tmp);
	const char *cpu_what = cpu_choice.set ? cpu_choice.what : "none: the image as shipped (unpatched)";

	if (json) {
		json_t *o = json_object(), *syms = json_array(), *js = json_array(), *jp = json_array();
		json_object_set_new(o, "image", json_string(in->path));
		json_object_set_new(o, "arch", json_string(in->arch));
		json_object_set_new(o, "machine", json_integer(in->machine));
		json_object_set_new(o, "class", json_integer(in->elf_class));
		json_object_set_new(o, "byte_order", json_string(in->big_endian ? "big" : "little"));
		json_object_set_new(o, "kernel_version", in->kernel_version ? json_string(in->kernel_version_str) : json_null());
		json_object_set_new(o, "kernel_version_code", json_integer(in->kernel_version));
		json_object_set_new(o, "build_id", in->build_id[0] ? json_string(in->build_id) : json_null());
		json_object_set_new(o, "text", json_pack("{s:o,s:o}", "start", j_hex(in->text_start), "end", j_hex(in->text_end)));
		json_object_set_new(o, "elf_size", json_integer((json_int_t)in->file_size));
		json_object_set_new(o, "layout", e ? json_string(vdsosim_profile_layout_name(e)) : json_null());
		if (e) {
			const char *dbg = vdsosim_profile_debug_info(e), *row = vdsosim_profile_table_row(e);
			const char *refused = vdsosim_profile_debug_refused(e);
			json_t *jd = json_array();
			for (size_t i = 0; vdsosim_profile_layout_diff(e, i); i++)
				json_array_append_new(jd, json_string(vdsosim_profile_layout_diff(e, i)));
			json_object_set_new(o, "layout_source", json_pack("{s:o,s:o,s:s,s:o,s:o}", "debug_info",
				dbg ? json_string(dbg) : json_null(), "table_row", row ? json_string(row) : json_null(),
				"semantics", vdsosim_profile_semantics_row(e), "debug_refused",
				refused[0] ? json_string(refused) : json_null(), "differences", jd));
		}
		if (why_not)
			json_object_set_new(o, "emulation", json_string(why_not));
		for (size_t i = 0; i < np; i++)
			json_array_append_new(jp, json_pack("{s:s,s:s,s:I}", "mapping", pages[i].mapping, "role", pages[i].role,
							    "offset", (json_int_t)pages[i].rel));
		json_object_set_new(o, "data_pages", jp);
		for (size_t i = 0; i < in->n_symbols; i++)
			json_array_append_new(syms, json_pack("{s:s,s:s,s:o,s:I,s:s}", "name", in->symbols[i].name, "version",
							      in->symbols[i].version, "value", j_hex(in->symbols[i].value),
							      "size", (json_int_t)in->symbols[i].size, "bind",
							      in->symbols[i].weak ? "weak" : "global"));
		json_object_set_new(o, "symbols", syms);
		for (size_t i = 0; i < ns; i++)
			json_array_append_new(js, json_pack("{s:s,s:o,s:s,s:s}", "kind", site_kind[sites[i].kind], "addr",
							    j_hex(sites[i].addr), "insn", sites[i].text, "section",
							    sites[i].section));
		json_object_set_new(o, "sites", js);
		json_t *ja = json_array();
		for (size_t i = 0; i < na; i++)
			json_array_append_new(ja, json_pack("{s:o,s:i,s:o,s:i,s:s,s:i,s:b}", "site", j_hex(alts[i].site), "length",
							    (int)alts[i].site_len, "replacement", j_hex(alts[i].repl),
							    "replacement_length", (int)alts[i].repl_len, "feature",
							    alts[i].feature_name, "number", (int)alts[i].feature, "applied",
							    applied && applied[i]));
		json_object_set_new(o, "alternatives", ja);
		json_object_set_new(o, "cpu", json_string(cpu_what));
		if (alt_err)
			json_object_set_new(o, "alternatives_error", json_string(alt_err));
		j_print(o);
	} else {
		printf("image:        %s\n", in->path);
		printf("arch:         %s (e_machine %u, ELF%d, %s-endian)\n", in->arch, in->machine, in->elf_class,
		       in->big_endian ? "big" : "little");
		printf("kernel:       %s\n", in->kernel_version ? in->kernel_version_str : "unknown (no Linux note)");
		printf("build-id:     %s\n", in->build_id[0] ? in->build_id : "none");
		printf("text:         0x%llx-0x%llx, ELF size %zu bytes\n", (unsigned long long)in->text_start,
		       (unsigned long long)in->text_end, in->file_size);
		const char *dbg = e ? vdsosim_profile_debug_info(e) : NULL;
		if (dbg) {
			const char *row = vdsosim_profile_table_row(e);
			printf("layout:       from debug info (%s)\n", dbg);
			if (!row)
				printf("table row:    none for %s; clock modes and delta math from %s\n", in->kernel_version_str,
				       vdsosim_profile_semantics_row(e));
			else if (!vdsosim_profile_layout_diff(e, 0))
				printf("table row:    %s (the same layout)\n", row);
			else
				printf("table row:    %s, which differs:\n", row);
			for (size_t i = 0; vdsosim_profile_layout_diff(e, i); i++)
				printf("  %s\n", vdsosim_profile_layout_diff(e, i));
		} else {
			printf("layout:       %s\n", e ? vdsosim_profile_layout_name(e) : "-");
		}
		if (e && vdsosim_profile_debug_refused(e)[0])
			printf("debug info:   not used: %s\n", vdsosim_profile_debug_refused(e));
		if (why_not)
			printf("emulation:    not available: %s\n", why_not);
		for (size_t i = 0; i < np; i++)
			printf("data page %zu:  image%+lld  %-13s %s\n", i, (long long)pages[i].rel, pages[i].mapping,
			       pages[i].role);
		printf("symbols:\n");
		for (size_t i = 0; i < in->n_symbols; i++)
			printf("  0x%-6llx %-28s %-14s %s\n", (unsigned long long)in->symbols[i].value, in->symbols[i].name,
			       in->symbols[i].version, in->symbols[i].weak ? "weak" : "");
		if (e || own) {
			printf("sites:%s\n", e ? "" : " (from the code alone)");
			for (size_t i = 0; i < ns; i++)
				printf("  0x%-6llx %-8s %-22s %s\n", (unsigned long long)sites[i].addr, site_kind[sites[i].kind],
				       sites[i].text, sites[i].section);
		}
		if (na || alt_err) {
			printf("alternatives: %zu; CPU: %s\n", na, cpu_what);
			if (alt_err)
				printf("  not decoded: %s\n", alt_err);
			for (size_t i = 0; i < na; i++) {
				char nr[32];
				if (in->machine == 183) /* arm64: a cpucap number */
					snprintf(nr, sizeof nr, "cpucap %u", alts[i].feature);
				else if (in->machine == 22) /* s390x: a facility */
					snprintf(nr, sizeof nr, "facility %u", alts[i].feature);
				else
					snprintf(nr, sizeof nr, "word %u bit %u", alts[i].feature / 32, alts[i].feature % 32);
				printf("  0x%-6llx %2u bytes  %-13s (%s)  replacement 0x%llx, %u bytes%s\n",
				       (unsigned long long)alts[i].site, alts[i].site_len, alts[i].feature_name, nr,
				       (unsigned long long)alts[i].repl, alts[i].repl_len, applied && applied[i] ? "  applied" : "");
			}
		}
	}
	vdsosim_profile_free(e);
	free(own);
	free(alts);
	free(applied);
	vdsosim_image_free(img);
	return 0;
}
