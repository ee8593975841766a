/* loader: every image in vdso_images/ against manifest.tsv, and every kind of bad input. */
#include "t.h"
#include "../loader/loader.h"

static int machine_of(const char *m)
{
	static const struct { const char *name; int em; } t[] = {
		{ "x86-64", 62 }, { "i386", 3 }, { "AArch64", 183 }, { "ARM", 40 }, { "RISC-V", 243 },
		{ "S/390", 22 }, { "PowerPC64", 21 }, { "MIPS", 8 }, { "LoongArch", 258 } };
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(t[i].name, m))
			return t[i].em;
	return -1;
}

static void test_manifest(void)
{
	size_t len;
	char *tsv = t_read(IMG("manifest.tsv"), &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(tsv);
	tsv = realloc(tsv, len + 1);
	tsv[len] = 0;
	int rows = 0;
	char *save = NULL;
	for (char *line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "rel\t", 4))
			continue;
		char *f[10], *s2 = NULL;
		int n = 0;
		for (char *c = strtok_r(line, "\t", &s2); c && n < 10; c = strtok_r(NULL, "\t", &s2))
			f[n++] = c;
		CU_ASSERT_EQUAL_FATAL(n, 10);
		char path[512];
		snprintf(path, sizeof path, "%s/vdso_images/%s", VDSOSIM_SRC_DIR, f[0]);
		vdsosim_image *img;
		int r = vdsosim_image_open(&img, path);
		CU_ASSERT_EQUAL(r, 0);
		if (r) {
			fprintf(stderr, "%s\n", vdsosim_last_error());
			continue;
		}
		const struct vdsosim_image_info *in = vdsosim_image_info(img);
		CU_ASSERT_EQUAL(in->machine, machine_of(f[1]));
		CU_ASSERT_EQUAL(in->elf_class, !strcmp(f[2], "ELF64") ? 64 : 32);
		CU_ASSERT_EQUAL(in->big_endian, !strcmp(f[3], "BE"));
		CU_ASSERT_STRING_EQUAL(in->kernel_version_str, f[4]);
		CU_ASSERT(in->file_size <= (size_t)atol(f[5]));
		CU_ASSERT(in->text_start > 0 && in->text_end > in->text_start);
		/* "LINUX_2.6: a b c; LINUX_2.5: d e" */
		char *s3 = NULL;
		for (char *grp = strtok_r(f[9], ";", &s3); grp; grp = strtok_r(NULL, ";", &s3)) {
			while (*grp == ' ')
				grp++;
			char *colon = strchr(grp, ':');
			CU_ASSERT_PTR_NOT_NULL_FATAL(colon);
			*colon = 0;
			char *s4 = NULL;
			for (char *sym = strtok_r(colon + 1, " ", &s4); sym; sym = strtok_r(NULL, " ", &s4)) {
				int found = 0;
				for (size_t i = 0; i < in->n_symbols; i++)
					if (!strcmp(in->symbols[i].name, sym) && !strcmp(in->symbols[i].version, grp))
						found = 1;
				if (!found)
					fprintf(stderr, "%s: missing %s@%s\n", f[0], sym, grp);
				CU_ASSERT(found);
			}
		}
		vdsosim_image_free(img);
		rows++;
	}
	CU_ASSERT_EQUAL(rows, 120); /* every row of the manifest */
	free(tsv);
}

static void test_live_details(void)
{
	vdsosim_image *img;
	CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, LIVE64), 0);
	const struct vdsosim_image_info *in = vdsosim_image_info(img);
	CU_ASSERT_STRING_EQUAL(in->arch, "x86_64");
	CU_ASSERT_EQUAL(in->kernel_version, 0x0006122c); /* Linux/0 note, not the build salt */
	CU_ASSERT_STRING_EQUAL(in->build_id, "e95baaeaec8534edc5df3654182ddf12b19d9b23");
	CU_ASSERT_EQUAL(in->text_start, 0x780);
	CU_ASSERT_EQUAL(in->text_end, 0x145c);
	CU_ASSERT_EQUAL(in->file_size, 6688); /* the [vdso] dump is 8192 bytes: trailing bytes ignored */
	const struct vdsosim_symbol *s = vdsosim_image_find(img, "clock_gettime");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(s->name, "__vdso_clock_gettime");
	CU_ASSERT_EQUAL(s->value, 0xaf0);
	CU_ASSERT_PTR_NULL(vdsosim_image_find(img, "no_such_function"));
	vdsosim_image_free(img);

	/* a note section that mixes 8-byte aligned notes (build-id, GNU property) with 4-byte aligned
	 * Linux notes: riscv 7.2's CFI build (binutils 2.40 misreads it too) */
	CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, IMG("riscv64/7.2.13+deb14-riscv64-vdso-cfi.so")), 0);
	in = vdsosim_image_info(img);
	CU_ASSERT_EQUAL(in->kernel_version, 0x0007020d);
	CU_ASSERT_STRING_EQUAL(in->build_id, "56bed1785065b5d33b28143ff8e259dc8483e1eb");
	vdsosim_image_free(img);
	/* the s390 31-bit compat vdso32 (EM_S390, ELFCLASS32): only signal trampolines */
	CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, IMG("s390x/6.1.0-50-s390x-vdso32.so")), 0);
	in = vdsosim_image_info(img);
	CU_ASSERT_STRING_EQUAL(in->arch, "s390");
	CU_ASSERT_EQUAL(in->elf_class, 32);
	CU_ASSERT(in->big_endian);
	CU_ASSERT_EQUAL(in->n_symbols, 3);
	CU_ASSERT_PTR_NULL(vdsosim_image_find(img, "clock_gettime"));
	vdsosim_image_free(img);
	/* MIPS: the ABI is in the class and e_flags (EF_MIPS_ABI2: n32) */
	static const char *const mips[][2] = { { IMG("mips64el/6.1.0-50-mips64r2el-vdso-n32.so"), "mipsn32" },
					       { IMG("mips64el/6.1.0-50-mips64r2el-vdso-o32.so"), "mips" },
					       { IMG("mips64el/6.1.0-50-mips64r2el-vdso-n64.so"), "mips64" } };
	for (size_t i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, mips[i][0]), 0);
		CU_ASSERT_STRING_EQUAL(vdsosim_image_info(img)->arch, mips[i][1]);
		vdsosim_image_free(img);
	}

	/* every naming scheme: arm64 exports __kernel_* */
	CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, IMG("arm64/6.12.95+deb12-cloud-arm64-vdso.so")), 0);
	s = vdsosim_image_find(img, "clock_gettime");
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	CU_ASSERT_STRING_EQUAL(s->name, "__kernel_clock_gettime");
	CU_ASSERT_STRING_EQUAL(s->version, "LINUX_2.6.39");
	vdsosim_image_free(img);
}

static int open_bytes(const void *b, size_t n)
{
	vdsosim_image *img = NULL;
	int r = vdsosim_image_open_memory(&img, b, n, "t.so");
	vdsosim_image_free(img);
	return r;
}

static void test_bad_input(void)
{
	size_t len;
	uint8_t *b = t_read(X86_61, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_EQUAL(open_bytes(b, len), 0);
	/* trailing bytes after the ELF, as in a whole-mapping dump */
	uint8_t *big = calloc(1, len + 8192);
	memcpy(big, b, len);
	CU_ASSERT_EQUAL(open_bytes(big, len + 8192), 0);
	free(big);
	/* truncated at every interesting point: never a crash, always EFORMAT */
	for (size_t cut = 0; cut < len; cut += 7)
		CU_ASSERT_EQUAL(open_bytes(b, cut), VDSOSIM_EFORMAT);
	CU_ASSERT_EQUAL(open_bytes(b, 100), VDSOSIM_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(vdsosim_last_error(), "truncated"));
	/* not ELF */
	CU_ASSERT_EQUAL(open_bytes("hello world, not an elf", 23), VDSOSIM_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(vdsosim_last_error(), "not an ELF"));
	/* ELF but not a shared object */
	uint8_t *c = malloc(len);
	memcpy(c, b, len);
	c[16] = 2; /* ET_EXEC */
	CU_ASSERT_EQUAL(open_bytes(c, len), VDSOSIM_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(vdsosim_last_error(), "ET_DYN"));
	/* a shared object that exports no vDSO symbol */
	memcpy(c, b, len);
	for (size_t i = 0; i + 7 < len; i++)
		if (!memcmp(c + i, "__vdso_", 7))
			memcpy(c + i, "__xxxx_", 7);
	CU_ASSERT_EQUAL(open_bytes(c, len), VDSOSIM_EFORMAT);
	CU_ASSERT_PTR_NOT_NULL(strstr(vdsosim_last_error(), "not a vDSO"));
	/* unknown machine */
	memcpy(c, b, len);
	c[18] = 0x99;
	c[19] = 0x12;
	CU_ASSERT_EQUAL(open_bytes(c, len), VDSOSIM_EUNSUPPORTED);
	CU_ASSERT_PTR_NOT_NULL(strstr(vdsosim_last_error(), "unknown architecture"));
	/* a PT_LOAD pointing past the end of the file */
	memcpy(c, b, len);
	c[64 + 32] = 0xff; /* phdr[0].p_filesz low byte of a 64-bit phdr */
	c[64 + 33] = 0xff;
	CU_ASSERT_EQUAL(open_bytes(c, len), VDSOSIM_EFORMAT);
	free(c);
	free(b);
	vdsosim_image *img;
	CU_ASSERT_EQUAL(vdsosim_image_open(&img, "/nonexistent/vdso.so"), VDSOSIM_EIO);
	CU_ASSERT_PTR_NOT_NULL(strstr(vdsosim_last_error(), "/nonexistent/vdso.so"));
}

/* The DWARF reader against what the kernel's sources declare: include/vdso/datapage.h's struct
 * vdso_clock on x86 7.2 (CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT: max_cycles), struct vdso_time_data
 * with its 8 aux clocks, the data symbols of the generic store, enum vdso_clock_mode. */
static void test_debug_info(void)
{
	vdsosim_image *img;
	struct vs_debug *d = NULL;
	CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, IMG("x86_64/7.2.13+deb14-cloud-amd64-vdso64.so")), 0);
	CU_ASSERT_EQUAL(vs_debug_open(img, &d), 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	CU_ASSERT_PTR_NOT_NULL(strstr(d->source, "7.2.13+deb14-cloud-amd64-vdso64.so.dbg"));
	const struct vs_dw_struct *c = vs_debug_struct(d, "vdso_clock"), *t = vs_debug_struct(d, "vdso_time_data");
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(c->size, 232);
	static const struct { const char *name; uint32_t off, size; } f[] = {
		{ "seq", 0, 4 }, { "clock_mode", 4, 4 }, { "cycle_last", 8, 8 }, { "max_cycles", 16, 8 },
		{ "mask", 24, 8 }, { "mult", 32, 4 }, { "shift", 36, 4 }, { "basetime", 40, 192 }, { "offset", 40, 192 } };
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		const struct vs_dw_member *m = vs_debug_member(c, f[i].name);
		CU_ASSERT_PTR_NOT_NULL_FATAL(m);
		CU_ASSERT_EQUAL(m->off, f[i].off);
		CU_ASSERT_EQUAL(m->size, f[i].size);
	}
	CU_ASSERT_EQUAL(vs_debug_member(c, "basetime")->elem, 16);
	CU_ASSERT_EQUAL(vs_debug_member(c, "basetime")->count, 12);
	const struct vs_dw_member *aux = vs_debug_member(t, "aux_clock_data");
	CU_ASSERT_PTR_NOT_NULL_FATAL(aux);
	CU_ASSERT_EQUAL(aux->off, 464);
	CU_ASSERT_EQUAL(aux->count, 8);
	CU_ASSERT_EQUAL(vs_debug_member(t, "tz_minuteswest")->off, 2320);
	CU_ASSERT_EQUAL(vs_debug_member(t, "hrtimer_res")->off, 2328);
	int64_t v;
	CU_ASSERT(vs_debug_sym(d, "vdso_u_time_data", &v) && v == -0x6000);
	CU_ASSERT(vs_debug_sym(d, "vdso_u_rng_data", &v) && v == -0x4000);
	CU_ASSERT(vs_debug_sym(d, "vclock_pages", &v) && v == -0x2000);
	CU_ASSERT(vs_debug_enum(d, "VDSO_CLOCKMODE_TSC", &v) && v == 1);
	CU_ASSERT(vs_debug_enum(d, "VDSO_CLOCKMODE_HVCLOCK", &v) && v == 3);
	CU_ASSERT(vs_debug_enum(d, "VDSO_CLOCKMODE_TIMENS", &v) && v == 0x7fffffff);
	vs_debug_free(d);
	vdsosim_image_free(img);
	/* the same bytes from memory: no path, so no twin is looked for */
	size_t len;
	uint8_t *b = t_read(IMG("x86_64/7.2.13+deb14-cloud-amd64-vdso64.so"), &len);
	CU_ASSERT_EQUAL_FATAL(vdsosim_image_open_memory(&img, b, len, IMG("x86_64/7.2.13+deb14-cloud-amd64-vdso64.so")), 0);
	CU_ASSERT_EQUAL(vs_debug_open(img, &d), 0);
	CU_ASSERT_PTR_NULL(d);
	vdsosim_image_free(img);
	free(b);
}

int main(void)
{
	static const struct t_case cases[] = { { "manifest: every image", test_manifest },
					       { "debug info: struct layouts, symbols, enumerators", test_debug_info },
					       { "live image details", test_live_details },
					       { "bad input", test_bad_input },
					       { 0 } };
	return t_run("loader", cases);
}
