#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: vdsosim patch IMAGE [cpu options] -o OUT [--json]\n\n"
	       "Writes IMAGE as the kernel patches it at boot for the CPU described (x86 .altinstructions:\n"
	       "rdtsc, lfence;rdtsc or rdtscp; lsl or rdpid; int $0x80, sysenter or syscall), the same size\n"
	       "as IMAGE, and lists each alternative site with its feature and whether it applied.\n\n" CPU_HELP
	       "  -o FILE              where to write the patched image (required)\n"
	       "  --json               the sites as {\"image\",\"cpu\",\"alternatives\":[{\"site\",\"length\",\"feature\",\n"
	       "                       \"number\",\"applied\"}],\"bytes_changed\"}\n");
}

int cmd_patch(int argc, char **argv)
{
	static const struct option lo[] = { CPU_LONGOPTS, { "cpu", required_argument, 0, 1009 },
					    { "output", required_argument, 0, 'o' }, { "json", no_argument, 0, 'j' },
					    { "help", no_argument, 0, 'h' }, { 0 } };
	const char *out = NULL;
	int json = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:h", lo, NULL)) != -1) {
		int k = cpu_opt(c, optarg);
		if (k < 0)
			return EXIT_USAGE;
		if (k)
			continue;
		if (c == 'o')
			out = optarg;
		else if (c == 'j')
			json = 1;
		else if (c == 'h')
			return help(), 0;
		else
			bad_option("patch", argv);
	}
	if (optind != argc - 1)
		die_usage("patch", "expected one IMAGE");
	if (!out)
		die_usage("patch", "-o OUT is required");
	if (!cpu_choice.set)
		die_usage("patch", "describe the CPU: --cpu PROFILE, --cpu-flags LIST|@CPUINFO, --cpu-vendor");
	vdsosim_image *img;
	if (vdsosim_image_open(&img, argv[optind])) {
		fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
		return EXIT_USAGE;
	}
	struct vdsosim_alt *a = NULL;
	size_t n = 0, len = 0;
	uint8_t *bytes = NULL;
	int *applied = NULL, rc = 0;
	if (vdsosim_image_alternatives(img, &a, &n) || !(applied = calloc(n + 1, sizeof *applied)) ||
	    vdsosim_image_patch(img, &cpu_choice.cpu, &bytes, &len, applied)) {
		fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
		rc = EXIT_USAGE;
		goto done;
	}
	size_t orig_len;
	const uint8_t *orig = vdsosim_image_bytes(img, &orig_len);
	size_t changed = 0;
	for (size_t i = 0; i < len && i < orig_len; i++)
		changed += orig[i] != bytes[i];
	FILE *f = fopen(out, "wb");
	int bad = !f || fwrite(bytes, 1, len, f) != len;
	if (f && fclose(f))
		bad = 1;
	if (bad) {
		fprintf(stderr, "vdsosim: %s: cannot write the patched image\n", out);
		remove(out);
		rc = EXIT_USAGE;
		goto done;
	}
	if (json) {
		json_t *o = json_object(), *arr = json_array();
		json_object_set_new(o, "image", json_string(vdsosim_image_info(img)->path));
		json_object_set_new(o, "cpu", json_string(cpu_choice.what[0] ? cpu_choice.what : "options"));
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:o,s:i,s:s,s:i,s:b}", "site", j_hex(a[i].site), "length",
							     (int)a[i].site_len, "feature", a[i].feature_name, "number",
							     (int)a[i].feature, "applied", applied[i]));
		json_object_set_new(o, "alternatives", arr);
		json_object_set_new(o, "bytes_changed", json_integer((json_int_t)changed));
		j_print(o);
	} else {
		for (size_t i = 0; i < n; i++)
			printf("  0x%-6llx %2u bytes  %-13s %s\n", (unsigned long long)a[i].site, a[i].site_len, a[i].feature_name,
			       applied[i] ? "applied" : "-");
		size_t used = 0;
		for (size_t i = 0; i < n; i++)
			used += applied[i] != 0;
		printf("%s: %zu alternatives, %zu applied, %zu bytes changed -> %s\n", vdsosim_image_info(img)->path, n, used,
		       changed, out);
	}
done:
	free(a);
	free(applied);
	free(bytes);
	vdsosim_image_free(img);
	return rc;
}
