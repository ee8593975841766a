#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int parse_u64(const char *s, uint64_t *v)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == '-')
		return -1;
	unsigned long long x = strtoull(s, &end, 0);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

int parse_i64(const char *s, int64_t *v)
{
	char *end;
	errno = 0;
	if (!s || !*s)
		return -1;
	long long x = strtoll(s, &end, 0);
	if (errno || *end)
		return -1;
	*v = x;
	return 0;
}

static int parse_secns(const char *s, int64_t *sec, uint32_t *nsec)
{
	char buf[64];
	snprintf(buf, sizeof buf, "@%s", s);
	return vdsosim_parse_date(buf, sec, nsec);
}

int state_opt(int opt, const char *arg, struct vdsosim_state *st)
{
	uint64_t u;
	int64_t i, sec;
	uint32_t ns;
	switch (opt) {
	case 1000:
		if (vdsosim_mode_parse(arg, &st->mode))
			goto bad_lib;
		return 1;
	case 1001:
		if (vdsosim_parse_freq(arg, &st->freq_hz))
			goto bad;
		return 1;
	case 1002:
		if (vdsosim_parse_date(arg, &st->realtime_sec, &st->realtime_nsec))
			goto bad_lib;
		return 1;
	case 1003:
		if (parse_secns(arg, &st->monotonic_sec, &st->monotonic_nsec) || st->monotonic_sec < 0)
			goto bad;
		return 1;
	case 1004:
		if (parse_secns(arg, &sec, &ns) || sec < 0)
			goto bad;
		st->boot_offset_ns = sec * 1000000000LL + ns;
		return 1;
	case 1005:
		if (parse_i64(arg, &i) || i < -100000 || i > 100000)
			goto bad;
		st->tai_offset = (int32_t)i;
		return 1;
	case 1006:
		if (parse_u64(arg, &u) || !u || u > 10000)
			goto bad;
		st->hz = (uint32_t)u;
		return 1;
	case 1007: st->highres = 0; return 1;
	case 1008: {
		int m, d = 0;
		char extra;
		int n = sscanf(arg, "%d,%d%c", &m, &d, &extra);
		if (n != 1 && n != 2)
			goto bad;
		st->tz_minuteswest = m;
		st->tz_dsttime = d;
		return 1;
	}
	case 1009:
		if (parse_u64(arg, &u) || u > 4095) {
			int c = cpu_opt(opt, arg); /* a name: a CPU profile */
			if (c)
				return c;
			goto bad;
		}
		st->cpu = (uint32_t)u;
		return 1;
	case 1010:
		if (parse_u64(arg, &u) || u > 0xfffff)
			goto bad;
		st->node = (uint32_t)u;
		return 1;
	case 1011:
		if (parse_u64(arg, &st->counter))
			goto bad;
		return 1;
	default: return 0;
	}
bad:
	fprintf(stderr, "vdsosim: bad value '%s' for a state option\n", arg);
	return -1;
bad_lib:
	fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
	return -1;
}

int open_image(const char *path, vdsosim_image **img)
{
	if (vdsosim_image_open(img, path)) {
		fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
		return -1;
	}
	if (cpu_patch_image(img)) {
		vdsosim_image_free(*img);
		*img = NULL;
		return -1;
	}
	return 0;
}

int open_profile(const char *path, vdsosim_image **img, vdsosim_profile **p)
{
	*p = NULL;
	if (open_image(path, img))
		return -1;
	if (vdsosim_profile_new(p, *img)) {
		fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
		vdsosim_image_free(*img);
		*img = NULL;
		return -1;
	}
	return 0;
}

void close_profile(vdsosim_image *img, vdsosim_profile *p)
{
	vdsosim_profile_free(p);
	vdsosim_image_free(img);
}

int imgset_open(struct imgset *s, char **paths, int n)
{
	s->n = n;
	s->img = calloc((size_t)n, sizeof *s->img);
	s->prof = calloc((size_t)n, sizeof *s->prof);
	if (!s->img || !s->prof) {
		fprintf(stderr, "vdsosim: out of memory\n");
		return EXIT_USAGE;
	}
	for (int k = 0; k < n; k++)
		if (open_profile(paths[k], &s->img[k], &s->prof[k]))
			return EXIT_USAGE;
	return 0;
}

void imgset_close(struct imgset *s)
{
	for (int k = 0; s->img && s->prof && k < s->n; k++)
		close_profile(s->img[k], s->prof[k]);
	free(s->img);
	free(s->prof);
}

int read_file(const char *path, void **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "vdsosim: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 1 << 16, n = 0;
	char *b = malloc(cap);
	while (b) {
		n += fread(b + n, 1, cap - n, f);
		if (n < cap || cap >= (64u << 20))
			break;
		char *nb = realloc(b, cap * 2);
		if (!nb) {
			free(b);
			b = NULL;
			break;
		}
		b = nb;
		cap *= 2;
	}
	int err = ferror(f);
	fclose(f);
	if (!b || err) {
		free(b);
		fprintf(stderr, "vdsosim: %s: read error\n", path);
		return -1;
	}
	*buf = b;
	*len = n;
	return 0;
}

void die_usage(const char *cmd, const char *msg)
{
	fprintf(stderr, "vdsosim %s: %s (see 'vdsosim %s --help')\n", cmd, msg, cmd);
	exit(EXIT_USAGE);
}

void bad_option(const char *cmd, char **argv)
{
	fprintf(stderr, "vdsosim %s: unknown option or missing value '%s' (see 'vdsosim %s --help')\n", cmd,
		argv[optind - 1], cmd);
	exit(EXIT_USAGE);
}

int parse_shard(const char *s, uint32_t *shard, uint32_t *shards)
{
	unsigned i, n;
	char extra;
	if (sscanf(s, "%u/%u%c", &i, &n, &extra) != 2 || !n || !i || i > n || n > 100000)
		return -1;
	*shard = i - 1;
	*shards = n;
	return 0;
}

int parse_jobs(const char *s, int *jobs)
{
	uint64_t v;
	if (parse_u64(s, &v) || !v || v > 256)
		return -1;
	*jobs = (int)v;
	return 0;
}
