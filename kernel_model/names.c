/* Names of clocks, functions and clock modes, and date parsing: one table each. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "err.h"
#include "model.h"

static const char *const clock_names[VDSOSIM_NCLOCKS] = {
	"CLOCK_REALTIME",	 "CLOCK_MONOTONIC",	   "CLOCK_PROCESS_CPUTIME_ID", "CLOCK_THREAD_CPUTIME_ID",
	"CLOCK_MONOTONIC_RAW",	 "CLOCK_REALTIME_COARSE", "CLOCK_MONOTONIC_COARSE",   "CLOCK_BOOTTIME",
	"CLOCK_REALTIME_ALARM", "CLOCK_BOOTTIME_ALARM",  "CLOCK_SGI_CYCLE",	      "CLOCK_TAI",
};

const char *vdsosim_clock_name(int32_t clk, char *buf)
{
	if (clk >= 0 && clk < VDSOSIM_NCLOCKS)
		return clock_names[clk];
	snprintf(buf, 24, "%d", clk);
	return buf;
}

int vdsosim_clock_parse(const char *s, int32_t *out)
{
	char *end;
	if (!s || !*s)
		return vs_err(VDSOSIM_EARG, "empty clock name");
	errno = 0;
	long long v = strtoll(s, &end, 0); /* long is 32 bits on a 32-bit host: it would saturate */
	if (!*end && end != s) {
		if (errno == ERANGE || v < INT32_MIN || v > INT32_MAX)
			return vs_err(VDSOSIM_EARG, "clock id %s out of range", s);
		*out = (int32_t)v;
		return 0;
	}
	for (int i = 0; i < VDSOSIM_NCLOCKS; i++)
		if (!strcasecmp(s, clock_names[i]) || !strcasecmp(s, clock_names[i] + 6)) {
			*out = i;
			return 0;
		}
	return vs_err(VDSOSIM_EARG, "unknown clock '%s' (try CLOCK_MONOTONIC, monotonic or a number)", s);
}

static const char *const func_names[VDSOSIM_NFUNCS] = { "clock_gettime", "gettimeofday", "time", "clock_getres",
							 "getcpu", "clock_gettime64", "clock_getres_time64",
							 "flush_icache", "getrandom" };

const char *vdsosim_func_name(enum vdsosim_func f) { return f < VDSOSIM_NFUNCS ? func_names[f] : "?"; }

enum vdsosim_func vdsosim_func_base(enum vdsosim_func f)
{
	return f == VDSOSIM_CLOCK_GETTIME64 ? VDSOSIM_CLOCK_GETTIME : f == VDSOSIM_CLOCK_GETRES_TIME64 ? VDSOSIM_CLOCK_GETRES : f;
}

int vdsosim_func_takes_clock(enum vdsosim_func f)
{
	f = vdsosim_func_base(f);
	return f == VDSOSIM_CLOCK_GETTIME || f == VDSOSIM_CLOCK_GETRES;
}

int vdsosim_func_parse(const char *s, enum vdsosim_func *out)
{
	for (int i = 0; i < VDSOSIM_NFUNCS; i++)
		if (s && !strcmp(s, func_names[i])) {
			*out = (enum vdsosim_func)i;
			return 0;
		}
	return vs_err(VDSOSIM_EARG,
		      "unknown function '%s' (clock_gettime, gettimeofday, time, clock_getres, getcpu, clock_gettime64, "
		      "clock_getres_time64, flush_icache, getrandom)",
		      s ? s : "");
}

static const char *const mode_names[VDSOSIM_NMODES] = { "none", "tsc", "pvclock", "hvclock", "archtimer_nocompat", "gic" };

const char *vdsosim_mode_name(enum vdsosim_clock_mode m) { return m < VDSOSIM_NMODES ? mode_names[m] : "?"; }

int vdsosim_mode_parse(const char *s, enum vdsosim_clock_mode *out)
{
	static const struct { const char *alias; enum vdsosim_clock_mode m; } alias[] = {
		{ "hpet", VDSOSIM_MODE_NONE }, { "xen", VDSOSIM_MODE_NONE }, { "acpi_pm", VDSOSIM_MODE_NONE },
		{ "kvm-clock", VDSOSIM_MODE_PVCLOCK }, { "hyperv", VDSOSIM_MODE_HVCLOCK },
		{ "archtimer", VDSOSIM_MODE_TSC },     { "arch_sys_counter", VDSOSIM_MODE_TSC },
		{ "riscv_clocksource", VDSOSIM_MODE_TSC }, { "nocompat", VDSOSIM_MODE_NOCOMPAT },
		{ "r4k", VDSOSIM_MODE_TSC }, { "tod", VDSOSIM_MODE_TSC } };
	for (int i = 0; i < VDSOSIM_NMODES; i++)
		if (s && !strcasecmp(s, mode_names[i])) {
			*out = (enum vdsosim_clock_mode)i;
			return 0;
		}
	for (size_t i = 0; s && i < sizeof alias / sizeof *alias; i++)
		if (!strcasecmp(s, alias[i].alias)) {
			*out = alias[i].m;
			return 0;
		}
	return vs_err(VDSOSIM_EARG,
		      "unknown clocksource or clock mode '%s' (tsc/archtimer/r4k/tod, none/hpet/xen, pvclock, "
		      "hvclock, archtimer_nocompat, gic)",
		      s ? s : "");
}

/* days_from_civil (Howard Hinnant): proleptic Gregorian, no host time functions */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int frac_ns(const char *p, uint32_t *nsec, const char **end)
{
	uint32_t v = 0;
	int n = 0;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++, n++)
			if (n < 9)
				v = v * 10 + (uint32_t)(*p - '0');
	for (; n < 9; n++)
		v *= 10;
	*nsec = v;
	*end = p;
	return 0;
}

int vdsosim_parse_date(const char *s, int64_t *sec, uint32_t *nsec)
{
	const char *p;
	if (s && s[0] == '@') {
		char *e;
		long long v = strtoll(s + 1, &e, 10);
		frac_ns(e, nsec, &p);
		if (e == s + 1 || *p)
			return vs_err(VDSOSIM_EARG, "bad time '%s' (expected @SECONDS[.NANOS])", s);
		*sec = v;
		return 0;
	}
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0;
	if (!s || sscanf(s, "%d-%d-%dT%d:%d:%d%n", &y, &mo, &d, &h, &mi, &se, &n) != 6 || mo < 1 || mo > 12 ||
	    d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || h < 0 || mi < 0 || se < 0)
		return vs_err(VDSOSIM_EARG, "bad date '%s' (expected YYYY-MM-DDTHH:MM:SS[.nnnnnnnnn]Z or @SECONDS)",
			      s ? s : "");
	frac_ns(s + n, nsec, &p);
	if (strcmp(p, "Z") && *p)
		return vs_err(VDSOSIM_EARG, "bad date '%s': only UTC (Z) is accepted", s);
	*sec = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + se;
	return 0;
}

/* 2600000000, 2.6G, 14.31818M, 100k */
int vdsosim_parse_freq(const char *s, uint64_t *hz)
{
	uint64_t whole = 0, frac = 0, div = 1, mul = 1;
	const char *p = s;
	if (!*p)
		return vs_err(VDSOSIM_EARG, "empty frequency");
	for (; *p >= '0' && *p <= '9'; p++)
		whole = whole * 10 + (uint64_t)(*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && div < 1000000000ULL; p++, div *= 10)
			frac = frac * 10 + (uint64_t)(*p - '0');
	if (*p == 'k' || *p == 'K')
		mul = 1000, p++;
	else if (*p == 'M')
		mul = 1000000, p++;
	else if (*p == 'G')
		mul = 1000000000ULL, p++;
	if (*p == 'H' && p[1] == 'z')
		p += 2;
	if (*p || p == s)
		return vs_err(VDSOSIM_EARG, "bad frequency '%s' (e.g. 2600000000, 2.6G, 14.31818M)", s);
	*hz = whole * mul + frac * mul / div;
	return 0;
}


static const char *const point_names[] = { "none", "insn", "load", "pc", "read", "spin" };

const char *vdsosim_point_kind_name(enum vdsosim_point_kind k)
{
	return (unsigned)k < sizeof point_names / sizeof *point_names ? point_names[k] : "?";
}

int vdsosim_point_parse(const char *s, struct vdsosim_point *out)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	for (size_t i = 1; colon && i < sizeof point_names / sizeof *point_names; i++)
		if (strlen(point_names[i]) == (size_t)(colon - s) && !strncmp(s, point_names[i], (size_t)(colon - s))) {
			char *end;
			errno = 0;
			unsigned long long v = strtoull(colon + 1, &end, 0);
			if (end == colon + 1 || *end || errno || colon[1] == '-')
				break;
			out->kind = (enum vdsosim_point_kind)i;
			out->n = v;
			return 0;
		}
	return vs_err(VDSOSIM_EARG, "point '%s' is not insn:K, load:N, pc:0xOFF, read:K or spin:K", s ? s : "");
}
