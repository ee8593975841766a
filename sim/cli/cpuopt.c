/* The CPU a command runs the image for: --cpu PROFILE, --cpu-flags LIST|@CPUINFO, --cpu-vendor,
 * --cpu-family, --cpu-model. Without any, the image runs as shipped (unpatched). With one,
 * every image a command opens is first patched as the kernel would for that CPU. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct cpu_choice cpu_choice;

static int numeric(const char *s)
{
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int cpu_opt(int opt, const char *arg)
{
	struct cpu_choice *c = &cpu_choice;
	if (!c->set)
		vdsosim_cpu_init(&c->cpu);
	uint64_t u;
	switch (opt) {
	case 1009: /* --cpu: a number is getcpu's answer (state options), a name a profile */
		if (numeric(arg))
			return 0;
		if (vdsosim_cpu_profile(&c->cpu, arg))
			goto bad_lib;
		snprintf(c->what, sizeof c->what, "profile %s", arg);
		break;
	case 1100:
		if (arg[0] == '@') {
			void *buf;
			size_t len;
			if (read_file(arg + 1, &buf, &len)) {
				return -1;
			}
			int r = vdsosim_cpu_from_cpuinfo(&c->cpu, buf, len);
			free(buf);
			if (r) {
				fprintf(stderr, "vdsosim: %s: %s\n", arg + 1, vdsosim_last_error());
				return -1;
			}
			snprintf(c->what, sizeof c->what, "cpuinfo %s", arg + 1);
		} else if (vdsosim_cpu_add_flags(&c->cpu, arg)) {
			goto bad_lib;
		} else if (!c->what[0]) {
			snprintf(c->what, sizeof c->what, "flags");
		}
		break;
	case 1101:
		vdsosim_cpu_vendor_parse(arg, &c->cpu.vendor);
		break;
	case 1102:
	case 1103:
		if (parse_u64(arg, &u) || u > 0xffff) {
			fprintf(stderr, "vdsosim: --cpu-%s takes a number\n", opt == 1102 ? "family" : "model");
			return -1;
		}
		*(opt == 1102 ? &c->cpu.family : &c->cpu.model) = (uint32_t)u;
		break;
	default:
		return 0;
	}
	c->set = 1;
	return 1;
bad_lib:
	fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
	return -1;
}

/* the image as the chosen CPU's kernel would have patched it */
int cpu_patch_image(vdsosim_image **img)
{
	if (!cpu_choice.set)
		return 0;
	uint8_t *bytes;
	size_t len;
	const struct vdsosim_image_info *in = vdsosim_image_info(*img);
	if (vdsosim_image_patch(*img, &cpu_choice.cpu, &bytes, &len, NULL)) {
		fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
		return -1;
	}
	vdsosim_image *p;
	int r = vdsosim_image_open_memory(&p, bytes, len, in->path);
	free(bytes);
	if (r) {
		fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
		return -1;
	}
	vdsosim_image_free(*img);
	*img = p;
	return 0;
}
