/* A CPU as /proc/cpuinfo describes it, and the features the kernel derives from vendor and
 * family rather than reads from CPUID (what the x86 vDSO's alternatives test). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/err.h"
#include "loader.h"

static const struct { enum vdsosim_cpu_vendor v; const char *id, *alias; } vendors[] = {
	{ VDSOSIM_VENDOR_INTEL, "GenuineIntel", "intel" },   { VDSOSIM_VENDOR_AMD, "AuthenticAMD", "amd" },
	{ VDSOSIM_VENDOR_HYGON, "HygonGenuine", "hygon" },   { VDSOSIM_VENDOR_CENTAUR, "CentaurHauls", "centaur" },
	{ VDSOSIM_VENDOR_ZHAOXIN, "  Shanghai  ", "zhaoxin" },
};

void vdsosim_cpu_init(struct vdsosim_cpu *cpu) { memset(cpu, 0, sizeof *cpu); }

int vdsosim_cpu_vendor_parse(const char *s, enum vdsosim_cpu_vendor *v)
{
	for (size_t i = 0; i < sizeof vendors / sizeof *vendors; i++)
		if (!strcmp(s, vendors[i].id) || !strcasecmp(s, vendors[i].alias)) {
			*v = vendors[i].v;
			return 0;
		}
	*v = VDSOSIM_VENDOR_UNKNOWN; /* another vendor_id: the kernel derives nothing from it */
	return 0;
}

const char *vdsosim_cpu_vendor_name(enum vdsosim_cpu_vendor v)
{
	for (size_t i = 0; i < sizeof vendors / sizeof *vendors; i++)
		if (vendors[i].v == v)
			return vendors[i].id;
	return "unknown";
}

static int set_flag(struct vdsosim_cpu *cpu, const char *name, size_t len)
{
	int off = name[0] == '-';
	char f[24];
	if (len - (size_t)off == 0 || len >= sizeof f)
		return vs_err(VDSOSIM_EARG, "'%.*s' is not a CPU flag name", (int)len, name);
	memcpy(f, name, len);
	f[len] = 0;
	for (size_t i = 0; i < cpu->n_flags; i++) /* a later mention replaces an earlier one */
		if (!strcmp(cpu->flags[i] + (cpu->flags[i][0] == '-'), f + off)) {
			memcpy(cpu->flags[i], f, len + 1);
			return 0;
		}
	if (cpu->n_flags == VDSOSIM_CPU_MAX_FLAGS)
		return vs_err(VDSOSIM_EARG, "more than %d CPU flags", VDSOSIM_CPU_MAX_FLAGS);
	memcpy(cpu->flags[cpu->n_flags++], f, len + 1);
	return 0;
}

int vdsosim_cpu_add_flags(struct vdsosim_cpu *cpu, const char *list)
{
	for (const char *p = list; *p;) {
		while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n')
			p++;
		size_t n = strcspn(p, " ,\t\n");
		if (n && set_flag(cpu, p, n))
			return VDSOSIM_EARG;
		p += n;
	}
	return 0;
}

/* "key\t: value" of the first processor */
static const char *field(const char *text, size_t len, const char *key, char *out, size_t cap)
{
	size_t kl = strlen(key);
	for (const char *l = text; l && l < text + len;) {
		const char *e = memchr(l, '\n', (size_t)(text + len - l));
		size_t ll = e ? (size_t)(e - l) : (size_t)(text + len - l);
		if (ll == 0 && l != text)
			break; /* a blank line ends the first processor */
		if (ll > kl && !strncmp(l, key, kl) && (l[kl] == ' ' || l[kl] == '\t' || l[kl] == ':')) {
			const char *c = memchr(l, ':', ll);
			if (c) {
				c++;
				while (c < l + ll && *c == ' ')
					c++;
				size_t n = (size_t)(l + ll - c) < cap - 1 ? (size_t)(l + ll - c) : cap - 1;
				memcpy(out, c, n);
				out[n] = 0;
				return out;
			}
		}
		l = e ? e + 1 : NULL;
	}
	return NULL;
}

int vdsosim_cpu_from_cpuinfo(struct vdsosim_cpu *cpu, const char *text, size_t len)
{
	char v[64], num[32], *buf = malloc(16384);
	vdsosim_cpu_init(cpu);
	if (!buf)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	if (field(text, len, "facilities", buf, 16384)) { /* s390x: facility numbers, as fac<N> */
		int r = 0;
		for (char *p = buf; *p && !r;) {
			while (*p == ' ')
				p++;
			char f[24];
			size_t k = 0;
			while (*p >= '0' && *p <= '9' && k < 8)
				f[k++] = *p++;
			if (!k)
				break;
			char name[24];
			snprintf(name, sizeof name, "fac%.*s", (int)k, f);
			r = vdsosim_cpu_add_flags(cpu, name);
		}
		free(buf);
		return r;
	}
	if (field(text, len, "Features", buf, 16384)) { /* arm64: the hwcaps (fp, asimd, ecv, ...) */
		int r = vdsosim_cpu_add_flags(cpu, buf);
		free(buf);
		return r;
	}
	if (!field(text, len, "vendor_id", v, sizeof v) || !field(text, len, "flags", buf, 16384)) {
		free(buf);
		return vs_err(VDSOSIM_EFORMAT, "not a /proc/cpuinfo: no vendor_id and flags lines (x86), no Features "
					       "line (arm64)");
	}
	vdsosim_cpu_vendor_parse(v, &cpu->vendor);
	if (field(text, len, "cpu family", num, sizeof num))
		cpu->family = (uint32_t)strtoul(num, NULL, 10);
	if (field(text, len, "model", num, sizeof num))
		cpu->model = (uint32_t)strtoul(num, NULL, 10);
	int r = vdsosim_cpu_add_flags(cpu, buf);
	free(buf);
	return r;
}

static int listed(const struct vdsosim_cpu *cpu, const char *name)
{
	for (size_t i = 0; i < cpu->n_flags; i++) {
		const char *f = cpu->flags[i];
		if (!strcmp(f + (f[0] == '-'), name))
			return f[0] == '-' ? -1 : 1;
	}
	return 0;
}

/* What the kernel sets itself (arch/x86/kernel/cpu/{intel,amd,hygon,centaur,zhaoxin}.c):
 *  lfence_rdtsc  Intel, AMD, Hygon with SSE2 (LFENCE serializes RDTSC; AMD sets the MSR bit)
 *  sysenter32    Intel, Centaur, Zhaoxin (a 64-bit kernel's compat fast syscall)
 *  syscall32     AMD, Hygon
 * A flag given as "-name" says the feature is absent; "name" says it is present. */
int vdsosim_cpu_has(const struct vdsosim_cpu *cpu, const char *name)
{
	int l = listed(cpu, name);
	if (l)
		return l > 0;
	enum vdsosim_cpu_vendor v = cpu->vendor;
	if (!strcmp(name, "lfence_rdtsc"))
		return listed(cpu, "sse2") > 0 &&
		       (v == VDSOSIM_VENDOR_INTEL || v == VDSOSIM_VENDOR_AMD || v == VDSOSIM_VENDOR_HYGON);
	if (!strcmp(name, "sysenter32"))
		return v == VDSOSIM_VENDOR_INTEL || v == VDSOSIM_VENDOR_CENTAUR || v == VDSOSIM_VENDOR_ZHAOXIN;
	if (!strcmp(name, "syscall32"))
		return v == VDSOSIM_VENDOR_AMD || v == VDSOSIM_VENDOR_HYGON;
	return 0;
}

/* Named CPUs: vendor, family, model and the flags that matter to the vDSO (README: "CPU
 * profiles" gives each one's source). */
static const struct profile {
	const char *name;
	enum vdsosim_cpu_vendor v;
	uint32_t family, model;
	const char *flags;
} profiles[] = {
	{ "qemu64", VDSOSIM_VENDOR_AMD, 15, 107,
	  "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 syscall nx "
	  "lm rep_good nopl cpuid extd_apicid pni cx16 hypervisor lahf_lm svm 3dnowprefetch vmmcall" },
	{ "qemu-max", VDSOSIM_VENDOR_AMD, 15, 107,
	  "fpu de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush acpi mmx fxsr sse sse2 ss "
	  "syscall nx mmxext pdpe1gb rdtscp lm 3dnowext 3dnow rep_good nopl xtopology cpuid extd_apicid pni "
	  "pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm "
	  "svm cr8_legacy abm sse4a 3dnowprefetch vmmcall fsgsbase bmi1 avx2 smep bmi2 erms mpx adx smap clflushopt "
	  "clwb xsaveopt xgetbv1 arat npt vgif umip pku ospke vaes la57" },
	{ "skylake", VDSOSIM_VENDOR_INTEL, 6, 94, "tsc sep cmov sse sse2 syscall nx rdtscp lm constant_tsc nopl "
						  "nonstop_tsc cpuid pni ssse3 sse4_1 sse4_2 popcnt avx avx2 erms" },
	{ "icelake-server", VDSOSIM_VENDOR_INTEL, 6, 106,
	  "tsc sep cmov sse sse2 syscall nx rdtscp lm constant_tsc nopl nonstop_tsc cpuid pni ssse3 sse4_1 sse4_2 "
	  "popcnt avx avx2 erms avx512f rdpid" },
	{ "zen2", VDSOSIM_VENDOR_AMD, 23, 49, "tsc sep cmov sse sse2 syscall nx rdtscp lm constant_tsc nopl nonstop_tsc "
					      "cpuid pni ssse3 sse4_1 sse4_2 popcnt avx avx2 rdpid" },
	{ "generic", VDSOSIM_VENDOR_UNKNOWN, 0, 0, "tsc sep cmov sse sse2 syscall nx lm" },
};

int vdsosim_cpu_profile(struct vdsosim_cpu *cpu, const char *name)
{
	for (size_t i = 0; i < sizeof profiles / sizeof *profiles; i++)
		if (!strcmp(name, profiles[i].name)) {
			vdsosim_cpu_init(cpu);
			cpu->vendor = profiles[i].v;
			cpu->family = profiles[i].family;
			cpu->model = profiles[i].model;
			return vdsosim_cpu_add_flags(cpu, profiles[i].flags);
		}
	char known[256] = "";
	for (size_t i = 0; i < sizeof profiles / sizeof *profiles; i++)
		snprintf(known + strlen(known), sizeof known - strlen(known), "%s%s", i ? ", " : "", profiles[i].name);
	return vs_err(VDSOSIM_EARG, "unknown CPU profile '%s' (known: %s)", name, known);
}

const char *const *vdsosim_cpu_profile_names(void)
{
	static const char *names[sizeof profiles / sizeof *profiles + 1];
	for (size_t i = 0; i < sizeof profiles / sizeof *profiles; i++)
		names[i] = profiles[i].name;
	return names;
}
