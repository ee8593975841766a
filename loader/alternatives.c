/* x86 boot-time alternatives: the .altinstructions entries of an image, and the image as the
 * kernel's apply_alternatives() leaves it for a CPU. What changed across kernel eras (the entry
 * format, feature numbers, the NOPs used for padding) is data below, checked against images the
 * kernels patched at boot under QEMU (tests/data/boot/). */
#include <capstone/capstone.h>
#include <stdlib.h>
#include <string.h>

#include "../common/bytes.h"
#include "../common/err.h"
#include "loader.h"

#define KV(a, b, c) (((uint32_t)(a) << 16) | ((b) << 8) | (c))

/* feature numbers (word * 32 + bit of arch/x86/include/asm/cpufeatures.h) the vDSO tests, with
 * the kernels where that number means that feature */
static const struct feat { uint16_t nr; uint32_t from, to; const char *name; } feats[] = {
	{ 0 * 32 + 11, 0, UINT32_MAX, "sep" },
	{ 1 * 32 + 27, 0, UINT32_MAX, "rdtscp" },
	{ 3 * 32 + 14, 0, UINT32_MAX, "syscall32" },  /* the replacement: movl %ecx, %ebp; syscall */
	{ 3 * 32 + 15, 0, UINT32_MAX, "sysenter32" }, /* movl %esp, %ebp; sysenter */
	{ 3 * 32 + 18, 0, KV(6, 3, 0), "lfence_rdtsc" },          /* 6.3 moved it to its CPUID leaf */
	{ 20 * 32 + 2, KV(6, 3, 0), UINT32_MAX, "lfence_rdtsc" },
	{ 16 * 32 + 22, 0, UINT32_MAX, "rdpid" },
};

/* The NOPs of each length (1..8): the 64-bit GAS/P6 ones (x86_nops of 64-bit kernels from 5.13,
 * p6_nops before), AMD K8's, and the 32-bit GAS ones (x86_nops of 32-bit kernels from 5.13). */
static const uint8_t nops_p6[9][8] = { {0}, { 0x90 }, { 0x66, 0x90 }, { 0x0f, 0x1f, 0x00 }, { 0x0f, 0x1f, 0x40, 0 },
				       { 0x0f, 0x1f, 0x44, 0, 0 }, { 0x66, 0x0f, 0x1f, 0x44, 0, 0 },
				       { 0x0f, 0x1f, 0x80, 0, 0, 0, 0 }, { 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0 } };
static const uint8_t nops_k8[9][8] = { {0}, { 0x90 }, { 0x66, 0x90 }, { 0x66, 0x66, 0x90 }, { 0x66, 0x66, 0x66, 0x90 },
				       { 0x66, 0x66, 0x90, 0x66, 0x90 }, { 0x66, 0x66, 0x90, 0x66, 0x66, 0x90 },
				       { 0x66, 0x66, 0x66, 0x90, 0x66, 0x66, 0x90 },
				       { 0x66, 0x66, 0x66, 0x90, 0x66, 0x66, 0x66, 0x90 } };
static const uint8_t nops_gas32[9][8] = { {0}, { 0x90 }, { 0x89, 0xf6 }, { 0x8d, 0x76, 0x00 }, { 0x8d, 0x74, 0x26, 0x00 },
					  { 0x3e, 0x8d, 0x74, 0x26, 0x00 }, { 0x8d, 0xb6, 0, 0, 0, 0 },
					  { 0x8d, 0xb4, 0x26, 0, 0, 0, 0 }, { 0x3e, 0x8d, 0xb4, 0x26, 0, 0, 0, 0 } };

/* Eras: the alt_instr size (12: s32, s32, u16 cpuid, u8, u8; 14: the u16 became u32 ft_flags
 * with ALT_FLAG_* above bit 16) and whether the NOPs depend on the CPU (ideal_nops, before 5.13). */
static const struct era { uint32_t from; unsigned entry; int ideal_nops; } eras[] = {
	{ 0, 12, 1 },
	{ KV(5, 13, 0), 12, 0 },
	{ KV(6, 3, 0), 14, 0 },
};

static const struct era *era_of(uint32_t kv)
{
	const struct era *e = &eras[0];
	for (size_t i = 0; i < sizeof eras / sizeof *eras; i++)
		if (kv >= eras[i].from)
			e = &eras[i];
	return e;
}

static const char *feature_name(uint32_t nr, uint32_t kv)
{
	for (size_t i = 0; i < sizeof feats / sizeof *feats; i++)
		if (feats[i].nr == nr && kv >= feats[i].from && kv < feats[i].to)
			return feats[i].name;
	return NULL;
}

static int is_x86(const vdsosim_image *img)
{
	return img->info.machine == 62 /* EM_X86_64 */ || img->info.machine == 3 /* EM_386 */;
}

/* file offset of an image address, within one PT_LOAD's file bytes */
static int file_off(const vdsosim_image *img, uint64_t addr, uint64_t len, uint64_t *off)
{
	for (size_t i = 0; i < img->info.n_segments; i++) {
		const struct vdsosim_segment *s = &img->info.segments[i];
		if (addr >= s->vaddr && addr + len <= s->vaddr + s->filesz && addr + len >= addr) {
			*off = s->offset + (addr - s->vaddr);
			return *off + len <= img->len ? 0 : -1;
		}
	}
	return -1;
}

static int32_t rd32(const uint8_t *p) { return (int32_t)vs_le32(p); } /* the entries' signed offsets */

/* the section as whole entries inside the image, and room for them */
static int alloc_entries(const vdsosim_image *img, unsigned entry, uint64_t *base, size_t *cnt, struct vdsosim_alt **a)
{
	if (img->alt.size % entry || file_off(img, img->alt.addr, img->alt.size, base))
		return vs_err(VDSOSIM_EFORMAT, "%s: .altinstructions of %llu bytes is not a whole number of %u-byte entries "
					       "(Linux %s) or lies outside the image",
			      img->info.path, (unsigned long long)img->alt.size, entry, img->info.kernel_version_str);
	*cnt = (size_t)(img->alt.size / entry);
	*a = calloc(*cnt ? *cnt : 1, sizeof **a);
	return *a ? 0 : vs_err(VDSOSIM_ENOMEM, "out of memory");
}

/* ---- arm64: struct alt_instr { s32 orig_offset, alt_offset; u16 cpucap; u8 orig_len, alt_len; }.
 * The cpucap numbers come from the generated list of each kernel (arch/arm64/tools/cpucaps), so
 * they are rows per release, read off the corpus's images; a release without a row is decoded by
 * what its replacements are. */
static const struct arm64_caps { uint32_t from, to; uint16_t ecv, fp; } arm64_caps[] = {
	{ KV(6, 1, 0), KV(6, 2, 0), 18, 0 },
	{ KV(6, 12, 0), KV(6, 13, 0), 19, 25 },
	{ KV(7, 2, 0), KV(7, 3, 0), 19, 26 },
	{ KV(7, 3, 0), KV(7, 4, 0), 20, 27 },
};


/* by content: "nop; mrs xN, cntvctss_el0" for isb; mrs cntvct_el0 is ECV; a nop over the branch
 * of __kernel_getrandom's alternative_has_cap_likely(ARM64_HAS_FPSIMD) is FPSIMD */
static const char *arm64_by_content(const uint8_t *site, unsigned slen, const uint8_t *repl, unsigned rlen)
{
	if (rlen == 8 && slen == 8 && vs_le32(repl) == 0xd503201f && (vs_le32(repl + 4) & 0xffffffe0) == 0xd53be0c0)
		return "ecv";
	if (rlen == 4 && slen == 4 && vs_le32(repl) == 0xd503201f && (vs_le32(site) & 0xfc000000) == 0x14000000)
		return "fp";
	return NULL;
}

static int arm64_alternatives(const vdsosim_image *img, struct vdsosim_alt **alts, size_t *n)
{
	const char *path = img->info.path;
	uint64_t base;
	size_t cnt;
	struct vdsosim_alt *a;
	int r = alloc_entries(img, 12, &base, &cnt, &a);
	if (r)
		return r;
	const struct arm64_caps *row = NULL;
	for (size_t i = 0; i < sizeof arm64_caps / sizeof *arm64_caps; i++)
		if (img->info.kernel_version >= arm64_caps[i].from && img->info.kernel_version < arm64_caps[i].to)
			row = &arm64_caps[i];
	for (size_t i = 0; i < cnt; i++) {
		const uint8_t *e = img->bytes + base + i * 12;
		uint64_t at = img->alt.addr + i * 12, so, ro;
		a[i] = (struct vdsosim_alt){ at + (uint64_t)(int64_t)rd32(e), at + 4 + (uint64_t)(int64_t)rd32(e + 4), e[10], e[11],
					     (uint32_t)(e[8] | e[9] << 8), 0, "" };
		const char *why = NULL, *name = NULL;
		if (a[i].feature & 0x8000)
			why = "it is a callback alternative, which no vDSO has";
		else if (file_off(img, a[i].site, a[i].site_len, &so))
			why = "its site lies outside the image";
		else if (file_off(img, a[i].repl, a[i].repl_len, &ro))
			why = "its replacement lies outside the image";
		else if (a[i].repl_len != a[i].site_len || a[i].site_len % 4)
			why = "its replacement and its site differ in length or are not whole instructions";
		else {
			name = arm64_by_content(img->bytes + so, a[i].site_len, img->bytes + ro, a[i].repl_len);
			if (row) {
				const char *by_nr = a[i].feature == row->ecv ? "ecv" : row->fp && a[i].feature == row->fp ? "fp" : NULL;
				if (!by_nr)
					why = "its cpucap number is not one the vDSO tests";
				else if (name && strcmp(name, by_nr))
					why = "its replacement is not what that cpucap's alternative holds";
				name = by_nr;
			} else if (!name) {
				why = "no cpucap table for this release, and its replacement is not one the vDSO has";
			}
		}
		if (why) {
			vs_err(VDSOSIM_EFORMAT, "%s: alternative %zu (site 0x%llx, cpucap %u, Linux %s): %s", path, i,
			       (unsigned long long)a[i].site, a[i].feature, img->info.kernel_version_str, why);
			free(a);
			return VDSOSIM_EFORMAT;
		}
		snprintf(a[i].feature_name, sizeof a[i].feature_name, "%s", name);
	}
	*alts = a;
	*n = cnt;
	return 0;
}

/* ---- s390x: struct alt_instr { s32 instr_offset, repl_offset; u32 ctx:4, type:8, data:20;
 * u8 instrlen; } (big-endian, 6.10 on); the vDSO's are facility tests (type 0), applied in every
 * context: the replacement copied over the site when the CPU has facility `data`. */
static uint32_t be32(const uint8_t *p) { return (uint32_t)vs_get(p, 4, 1); }

static int s390x_alternatives(const vdsosim_image *img, struct vdsosim_alt **alts, size_t *n)
{
	const char *path = img->info.path;
	uint64_t base;
	size_t cnt;
	struct vdsosim_alt *a;
	int r = alloc_entries(img, 13, &base, &cnt, &a);
	if (r)
		return r;
	for (size_t i = 0; i < cnt; i++) {
		const uint8_t *e = img->bytes + base + i * 13;
		uint64_t at = img->alt.addr + i * 13, so;
		uint32_t ft = be32(e + 8);
		a[i] = (struct vdsosim_alt){ at + (uint64_t)(int64_t)(int32_t)be32(e), at + 4 + (uint64_t)(int64_t)(int32_t)be32(e + 4),
					     e[12], e[12], ft & 0xfffff, 0, "" };
		const char *why = NULL;
		if ((ft >> 20 & 0xff) != 0)
			why = "it is not a facility test (ALT_TYPE_SPEC or LOWCORE), which no vDSO has";
		else if (file_off(img, a[i].site, a[i].site_len, &so))
			why = "its site lies outside the image";
		else if (a[i].repl < img->alt_repl.addr || a[i].repl + a[i].repl_len > img->alt_repl.addr + img->alt_repl.size)
			why = "its replacement lies outside .altinstr_replacement";
		if (why) {
			vs_err(VDSOSIM_EFORMAT, "%s: alternative %zu (site 0x%llx, facility %u, Linux %s): %s", path, i,
			       (unsigned long long)a[i].site, a[i].feature, img->info.kernel_version_str, why);
			free(a);
			return VDSOSIM_EFORMAT;
		}
		snprintf(a[i].feature_name, sizeof a[i].feature_name, "fac%u", a[i].feature);
	}
	*alts = a;
	*n = cnt;
	return 0;
}

static int x86_alternatives(const vdsosim_image *img, struct vdsosim_alt **alts, size_t *n);

int vdsosim_image_alternatives(const vdsosim_image *img, struct vdsosim_alt **alts, size_t *n)
{
	*alts = NULL;
	*n = 0;
	if (!img->alt.present)
		return 0;
	if (img->info.machine == 183 /* EM_AARCH64 */)
		return arm64_alternatives(img, alts, n);
	if (is_x86(img))
		return x86_alternatives(img, alts, n);
	if (img->info.machine == 22 /* EM_S390 */ && img->alt_repl.present)
		return s390x_alternatives(img, alts, n);
	return 0;
}

static int x86_alternatives(const vdsosim_image *img, struct vdsosim_alt **alts, size_t *n)
{
	const char *path = img->info.path;
	if (!img->alt_repl.present && img->alt.size)
		return vs_err(VDSOSIM_EFORMAT, "%s: .altinstructions without .altinstr_replacement", path);
	const struct era *era = era_of(img->info.kernel_version);
	uint64_t base;
	size_t cnt;
	struct vdsosim_alt *a;
	int r = alloc_entries(img, era->entry, &base, &cnt, &a);
	if (r)
		return r;
	for (size_t i = 0; i < cnt; i++) {
		const uint8_t *e = img->bytes + base + i * era->entry;
		uint64_t at = img->alt.addr + i * era->entry;
		uint32_t ft = era->entry == 14 ? (uint32_t)rd32(e + 8) : (uint32_t)(e[8] | e[9] << 8);
		unsigned lens = era->entry == 14 ? 12 : 10;
		a[i].site = at + (uint64_t)(int64_t)rd32(e);
		a[i].repl = at + 4 + (uint64_t)(int64_t)rd32(e + 4);
		a[i].site_len = e[lens];
		a[i].repl_len = e[lens + 1];
		a[i].feature = ft & 0xffff;
		a[i].flags = ft >> 16;
		uint64_t off;
		const char *why = NULL;
		const char *name = feature_name(a[i].feature, img->info.kernel_version);
		if (file_off(img, a[i].site, a[i].site_len, &off))
			why = "its site lies outside the image";
		else if (a[i].repl_len && (a[i].repl < img->alt_repl.addr ||
					   a[i].repl + a[i].repl_len > img->alt_repl.addr + img->alt_repl.size))
			why = "its replacement lies outside .altinstr_replacement";
		else if (a[i].repl_len > a[i].site_len)
			why = "its replacement is longer than its site";
		else if (a[i].flags & ~1u)
			why = "it asks for a direct call (ALT_FLAG_DIRECT_CALL), which no vDSO has";
		else if (!name)
			why = "its feature number is not one the vDSO tests";
		if (why) {
			vs_err(VDSOSIM_EFORMAT, "%s: alternative %zu (site 0x%llx, feature %u = word %u bit %u, Linux %s): %s", path, i,
			       (unsigned long long)a[i].site, a[i].feature, a[i].feature / 32, a[i].feature % 32,
			       img->info.kernel_version_str, why);
			free(a);
			return VDSOSIM_EFORMAT;
		}
		snprintf(a[i].feature_name, sizeof a[i].feature_name, "%s", name);
	}
	*alts = a;
	*n = cnt;
	return 0;
}

/* ---- applying them ---- */
struct patcher {
	csh cs;
	const uint8_t (*nops)[8];
};

static void add_nops(const struct patcher *p, uint8_t *at, unsigned n)
{
	while (n) {
		unsigned k = n > 8 ? 8 : n;
		memcpy(at, p->nops[k], k);
		at += k;
		n -= k;
	}
}

/* optimize_nops(): runs of single-byte NOPs at instruction boundaries become the era's long NOPs;
 * the kernel decodes with its own (64- or 32-bit) decoder and stops where it cannot decode */
static void optimize_nops(const struct patcher *p, uint8_t *site, unsigned len, size_t avail)
{
	cs_insn *insn;
	for (unsigned i = 0; i < len;) {
		size_t got = cs_disasm(p->cs, site + i, avail - i, 0, 1, &insn);
		if (!got)
			return;
		unsigned sz = insn[0].size;
		cs_free(insn, got);
		if (sz == 1 && site[i] == 0x90) {
			unsigned k = i;
			while (k < len && site[k] == 0x90)
				k++;
			if (k - i > 1)
				add_nops(p, site + i, k - i);
			i = k;
		} else {
			i += sz;
		}
	}
}

/* Relative branches and RIP-relative operands of a replacement that reach outside it keep
 * their target from the site (the kernel's apply_relocation; before 6.2 a first-instruction
 * jmp or call only). */
static int relocate(const struct patcher *p, uint8_t *buf, unsigned len, uint64_t site, uint64_t repl, unsigned repl_len)
{
	cs_insn *insn;
	for (unsigned o = 0; o < repl_len;) {
		size_t got = cs_disasm(p->cs, buf + o, len - o, repl + o, 1, &insn);
		if (!got)
			return 0;
		const cs_x86 *x = &insn[0].detail->x86;
		unsigned sz = insn[0].size;
		int64_t delta = (int64_t)(repl - site);
		for (uint8_t k = 0; k < x->op_count; k++) {
			int rel = (cs_insn_group(p->cs, &insn[0], CS_GRP_JUMP) || cs_insn_group(p->cs, &insn[0], CS_GRP_CALL)) &&
				  x->operands[k].type == X86_OP_IMM && x->encoding.imm_size;
			int rip = x->operands[k].type == X86_OP_MEM && x->operands[k].mem.base == X86_REG_RIP;
			if (!rel && !rip)
				continue;
			uint64_t target = rel ? (uint64_t)x->operands[k].imm : repl + o + sz + (uint64_t)x->disp;
			if (target >= repl && target < repl + repl_len)
				continue;
			unsigned at = rel ? x->encoding.imm_offset : x->encoding.disp_offset;
			unsigned w = rel ? x->encoding.imm_size : x->encoding.disp_size;
			int64_t v = (rel ? (int64_t)(target - (repl + o + sz)) : x->disp) + delta;
			if ((w == 1 && (v < -128 || v > 127)) || (w == 4 && (v < INT32_MIN || v > INT32_MAX)) || (w != 1 && w != 4)) {
				cs_free(insn, got);
				return vs_err(VDSOSIM_EUNSUPPORTED, "a replacement's branch at 0x%llx cannot reach its target from the site",
					      (unsigned long long)(repl + o));
			}
			for (unsigned b = 0; b < w; b++)
				buf[o + at + b] = (uint8_t)((uint64_t)v >> (8 * b));
		}
		cs_free(insn, got);
		o += sz;
	}
	return 0;
}

/* ideal_nops before 5.13 (arch_init_ideal_nops, 64-bit kernels) */
static const uint8_t (*ideal_nops(const struct vdsosim_cpu *c))[8]
{
	switch (c->vendor) {
	case VDSOSIM_VENDOR_INTEL:
		if (c->family == 6 && c->model >= 0x0f && c->model != 0x1c && c->model != 0x26 && c->model != 0x27 &&
		    c->model < 0x30)
			return nops_k8; /* a decoder quirk of those models */
		return nops_p6; /* 64-bit kernels always have NOPL */
	case VDSOSIM_VENDOR_HYGON: return nops_p6;
	case VDSOSIM_VENDOR_AMD: return c->family > 0xf ? nops_p6 : nops_k8;
	default: return nops_k8;
	}
}

/* arm64: the replacement's instructions copied in; a B or BL reaching outside the replacement
 * keeps its target (the kernel's get_alt_insn); other PC-relative ones are refused */
static int arm64_apply(const vdsosim_image *img, const struct vdsosim_alt *a, uint8_t *buf)
{
	uint64_t so, ro;
	if (file_off(img, a->site, a->site_len, &so) || file_off(img, a->repl, a->repl_len, &ro))
		return vs_err(VDSOSIM_EFORMAT, "%s: an alternative lies outside the image", img->info.path);
	for (unsigned k = 0; k < a->repl_len; k += 4) {
		uint32_t insn = vs_le32(img->bytes + ro + k);
		if ((insn & 0x7c000000) == 0x14000000) { /* B, BL: imm26 */
			int64_t off = (int64_t)((int32_t)(insn << 6) >> 6) * 4;
			uint64_t target = a->repl + k + (uint64_t)off;
			if (target < a->repl || target >= a->repl + a->repl_len) {
				off = (int64_t)(target - (a->site + k));
				insn = (insn & 0xfc000000) | ((uint32_t)(off / 4) & 0x03ffffff);
			}
		} else if ((insn & 0x1f000000) == 0x10000000 || (insn & 0x3b000000) == 0x18000000 ||
			   (insn & 0xff000010) == 0x54000000 || (insn & 0x7e000000) == 0x34000000 ||
			   (insn & 0x7e000000) == 0x36000000) {
			return vs_err(VDSOSIM_EUNSUPPORTED, "%s: the replacement at 0x%llx is PC-relative (adr, literal or "
							    "conditional branch), which is not modelled",
				      img->info.path, (unsigned long long)(a->repl + k));
		}
		for (int b = 0; b < 4; b++)
			buf[so + k + (unsigned)b] = (uint8_t)(insn >> (8 * b));
	}
	return 0;
}

static int arm64_patch(const vdsosim_image *img, const struct vdsosim_cpu *cpu, const struct vdsosim_alt *a, size_t n,
		       uint8_t *buf, int *applied)
{
	int r = 0;
	for (size_t i = 0; !r && i < n; i++) {
		int want = vdsosim_cpu_has(cpu, a[i].feature_name);
		if (applied)
			applied[i] = want;
		if (want)
			r = arm64_apply(img, &a[i], buf);
	}
	return r;
}

static int s390x_patch(const vdsosim_image *img, const struct vdsosim_cpu *cpu, const struct vdsosim_alt *a, size_t n,
		       uint8_t *buf, int *applied)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t so, ro;
		int want = vdsosim_cpu_has(cpu, a[i].feature_name);
		if (applied)
			applied[i] = want;
		if (!want)
			continue;
		if (file_off(img, a[i].site, a[i].site_len, &so) || file_off(img, a[i].repl, a[i].repl_len, &ro))
			return vs_err(VDSOSIM_EFORMAT, "%s: an alternative lies outside the image", img->info.path);
		memcpy(buf + so, img->bytes + ro, a[i].site_len);
	}
	return 0;
}

static int x86_patch(const vdsosim_image *img, const struct vdsosim_cpu *cpu, const struct vdsosim_alt *a, size_t n,
		     uint8_t *buf, int *applied)
{
	int r = 0;
	/* vdso32 of a 32-bit kernel tests SEP; of a 64-bit kernel SYSENTER32/SYSCALL32 */
	int kernel32 = 0;
	for (size_t i = 0; i < n; i++)
		kernel32 |= !strcmp(a[i].feature_name, "sep");
	const struct era *era = era_of(img->info.kernel_version);
	struct patcher p = { 0, kernel32 ? nops_gas32 : era->ideal_nops ? ideal_nops(cpu) : nops_p6 };
	if (n && kernel32 && era->ideal_nops)
		r = vs_err(VDSOSIM_EUNSUPPORTED, "%s: a 32-bit kernel before 5.13 chose its NOPs by CPU in ways not modelled",
			   img->info.path);
	if (!r && n && cs_open(CS_ARCH_X86, kernel32 ? CS_MODE_32 : CS_MODE_64, &p.cs) != CS_ERR_OK)
		r = vs_err(VDSOSIM_EUNSUPPORTED, "capstone cannot decode x86");
	if (!r && n)
		cs_option(p.cs, CS_OPT_DETAIL, CS_OPT_ON);
	for (size_t i = 0; !r && i < n; i++) {
		/* nested ALTERNATIVE_2 entries of one site share the longest length */
		unsigned slen = a[i].site_len;
		for (size_t k = i + 1; k < n && a[k].site == a[i].site; k++)
			slen = a[k].site_len > slen ? a[k].site_len : slen;
		for (size_t k = i; k-- > 0 && a[k].site == a[i].site;)
			slen = a[k].site_len > slen ? a[k].site_len : slen;
		uint64_t so, ro = 0;
		if (file_off(img, a[i].site, slen, &so) || (a[i].repl_len && file_off(img, a[i].repl, a[i].repl_len, &ro))) {
			r = vs_err(VDSOSIM_EFORMAT, "%s: alternative %zu lies outside the image", img->info.path, i);
			break;
		}
		int want = vdsosim_cpu_has(cpu, a[i].feature_name) != !!(a[i].flags & 1);
		if (applied)
			applied[i] = want;
		if (!want) {
			optimize_nops(&p, buf + so, slen, img->len - so);
			continue;
		}
		uint8_t tmp[256 + 16];
		memcpy(tmp, img->bytes + ro, a[i].repl_len);
		memset(tmp + a[i].repl_len, 0x90, slen - a[i].repl_len);
		memset(tmp + slen, 0, 16);
		if ((r = relocate(&p, tmp, slen, a[i].site, a[i].repl, a[i].repl_len)))
			break;
		memcpy(buf + so, tmp, slen);
		optimize_nops(&p, buf + so, slen, img->len - so);
	}
	if (n)
		cs_close(&p.cs);
	return r;
}

int vdsosim_image_patch(const vdsosim_image *img, const struct vdsosim_cpu *cpu, uint8_t **out, size_t *len, int *applied)
{
	struct vdsosim_alt *a;
	size_t n;
	*out = NULL;
	*len = 0;
	int r = vdsosim_image_alternatives(img, &a, &n);
	if (r)
		return r;
	uint8_t *buf = malloc(img->len ? img->len : 1);
	if (!buf) {
		free(a);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	memcpy(buf, img->bytes, img->len);
	r = img->info.machine == 183 ? arm64_patch(img, cpu, a, n, buf, applied)
	    : img->info.machine == 22 ? s390x_patch(img, cpu, a, n, buf, applied)
				       : x86_patch(img, cpu, a, n, buf, applied);
	free(a);
	if (r) {
		free(buf);
		return r;
	}
	*out = buf;
	*len = img->len;
	return 0;
}
