/* Every emulated architecture besides x86_64: i386 (and the vdso32 of x86_64 kernels), x32,
 * arm64 (4K and 16K pages), its compat vdso32, armhf and riscv64. */
#include "t.h"
#include "bytes.h"

struct set { const char *machine, *cls; char paths[32][256]; size_t n; };
static struct set sets[] = { { "i386", "ELF32" }, { "x86-64", "ELF32" }, { "AArch64", "ELF64" },
			     { "ARM", "ELF32" },  { "RISC-V", "ELF64" } };
enum { N_SETS = sizeof sets / sizeof *sets };

static void each(void (*fn)(const char *path, const char *machine))
{
	for (size_t s = 0; s < N_SETS; s++)
		for (size_t i = 0; i < sets[s].n; i++)
			fn(sets[s].paths[i], sets[s].machine);
}

static void check_one(const char *path, const char *machine)
{
	vdsosim_image *img;
	vdsosim_profile *p;
	(void)machine;
	CU_ASSERT_EQUAL_FATAL(t_profile(path, &img, &p), 0);
	struct vdsosim_check_opts o = { 1500, 3 };
	struct vdsosim_check_stats st;
	CU_ASSERT_EQUAL(vdsosim_check(p, &o, &st), 0);
	CU_ASSERT_EQUAL(st.mismatches, 0);
	CU_ASSERT_EQUAL(st.errors, 0);
	CU_ASSERT(st.calls > 1500 * 20);
	struct vdsosim_explore_opts eo = { .func = VDSOSIM_CLOCK_GETTIME, .no_pairs = 1 };
	struct vdsosim_explore_stats es;
	CU_ASSERT_EQUAL(vdsosim_explore(p, &eo, &es), 0);
	if (es.violations || st.mismatches)
		fprintf(stderr, "%s: %llu mismatches, %llu violations\n", path, (unsigned long long)st.mismatches,
			(unsigned long long)es.violations);
	CU_ASSERT_EQUAL(es.violations, 0);
	CU_ASSERT(es.points > 1000);
	CU_ASSERT(es.retries > 100);
	CU_ASSERT(es.stalls_handled > 10);
	t_profile_free(img, p);
}

static void test_check_and_explore(void) { each(check_one); }

static const struct vdsosim_survey_row *row(const struct vdsosim_survey_row *rows, size_t n, enum vdsosim_func f,
					      int32_t clk, enum vdsosim_clock_mode m)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].func == f && (!rows[i].has_clock || rows[i].clock == clk) && rows[i].mode == m)
			return &rows[i];
	return NULL;
}

static void survey_one(const char *path, const char *machine)
{
	vdsosim_image *img;
	vdsosim_profile *p;
	CU_ASSERT_EQUAL_FATAL(t_profile(path, &img, &p), 0);
	const struct vdsosim_image_info *in = vdsosim_image_info(img);
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	struct vdsosim_survey_row *rows;
	size_t n;
	CU_ASSERT_EQUAL_FATAL(vdsosim_survey(p, &st, &rows, &n), 0);
	for (size_t i = 0; i < n; i++)
		CU_ASSERT(rows[i].match);
	const struct vdsosim_survey_row *r;
	if (!strcmp(machine, "RISC-V")) {
		/* getcpu and flush_icache only wrap their syscalls */
		CU_ASSERT_PTR_NOT_NULL_FATAL(r = row(rows, n, VDSOSIM_GETCPU, 0, VDSOSIM_MODE_TSC));
		CU_ASSERT_EQUAL(r->path, VDSOSIM_PATH_SYSCALL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(r = row(rows, n, VDSOSIM_FLUSH_ICACHE, 0, VDSOSIM_MODE_TSC));
		CU_ASSERT_EQUAL(r->path, VDSOSIM_PATH_SYSCALL);
	}
	if (!strcmp(machine, "AArch64")) {
		/* no vDSO time() or getcpu() on arm64; NOCOMPAT still serves the 64-bit vDSO */
		CU_ASSERT_PTR_NULL(vdsosim_image_find(img, "time"));
		CU_ASSERT_PTR_NULL(vdsosim_image_find(img, "getcpu"));
		CU_ASSERT_PTR_NULL(row(rows, n, VDSOSIM_TIME, 0, VDSOSIM_MODE_TSC));
		CU_ASSERT_PTR_NOT_NULL_FATAL(r = row(rows, n, VDSOSIM_CLOCK_GETTIME, 1, VDSOSIM_MODE_NOCOMPAT));
		CU_ASSERT_EQUAL(r->path, VDSOSIM_PATH_VDSO);
		CU_ASSERT_STRING_EQUAL(r->mode_name, "archtimer_nocompat");
	}
	if (!strcmp(machine, "ARM") && strstr(path, "/arm64/")) {
		/* the compat vdso32 falls back under ARCHTIMER_NOCOMPAT */
		CU_ASSERT_PTR_NOT_NULL_FATAL(r = row(rows, n, VDSOSIM_CLOCK_GETTIME, 1, VDSOSIM_MODE_NOCOMPAT));
		CU_ASSERT_EQUAL(r->path, VDSOSIM_PATH_SYSCALL);
		CU_ASSERT_PTR_NOT_NULL_FATAL(r = row(rows, n, VDSOSIM_CLOCK_GETTIME64, 1, VDSOSIM_MODE_TSC));
		CU_ASSERT_EQUAL(r->path, VDSOSIM_PATH_VDSO);
	}
	if (!strcmp(machine, "ARM") && strstr(path, "/armhf/"))
		CU_ASSERT_PTR_NULL(row(rows, n, VDSOSIM_CLOCK_GETTIME, 1, VDSOSIM_MODE_NOCOMPAT));
	if (!strcmp(machine, "i386")) {
		/* x86 32-bit: time() and gettimeofday() are served in the vDSO */
		CU_ASSERT_PTR_NOT_NULL_FATAL(r = row(rows, n, VDSOSIM_TIME, 0, VDSOSIM_MODE_TSC));
		CU_ASSERT_EQUAL(r->path, VDSOSIM_PATH_VDSO);
		CU_ASSERT_PTR_NOT_NULL_FATAL(r = row(rows, n, VDSOSIM_GETTIMEOFDAY, 0, VDSOSIM_MODE_TSC));
		CU_ASSERT_EQUAL(r->path, VDSOSIM_PATH_VDSO);
	}
	(void)in;
	free(rows);
	t_profile_free(img, p);
}

static void test_survey_facts(void) { each(survey_one); }

/* 16K pages: the data pages sit 16K apart below a 16K arm64 kernel's vDSO */
static void test_page_size(void)
{
	static const struct { const char *img; int64_t first; } want[] = {
		{ IMG("arm64/6.12.95+deb12-arm64-16k-vdso.so"), -32768 },
		{ IMG("arm64/6.12.95+deb12-arm64-16k-vdso32.so"), -32768 },
		{ IMG("arm64/7.2.13+deb14-arm64-16k-vdso.so"), -65536 },
		{ IMG("arm64/6.12.95+deb12-cloud-arm64-vdso.so"), -8192 } };
	for (size_t i = 0; i < 4; i++) {
		struct t_rig g;
		struct vdsosim_state st;
		vdsosim_state_default(&st);
		CU_ASSERT_EQUAL_FATAL(t_rig_open(&g, want[i].img, &st, 0), 0);
		const struct vdsosim_page_desc *pd;
		CU_ASSERT(vdsosim_profile_pages(g.p, &pd) >= 2);
		CU_ASSERT_EQUAL(pd[0].rel, want[i].first);
		t_rig_close(&g);
	}
}

/* Replace the first counter instruction clock_gettime runs with one the backend does not know:
 * the call must end in an error that names it, never in a time. */
static void unknown_counter(const char *path, const char *machine)
{
	size_t len;
	uint8_t *b = t_read(path, &len);
	vdsosim_image *img;
	vdsosim_profile *prof;
	vdsosim_model *m;
	vdsosim_engine *e;
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	CU_ASSERT_EQUAL_FATAL(vdsosim_image_open_memory(&img, b, len, path), 0);
	CU_ASSERT_EQUAL_FATAL(vdsosim_profile_new(&prof, img), 0);
	CU_ASSERT_EQUAL_FATAL(vdsosim_model_new(&m, prof, &st), 0);
	CU_ASSERT_EQUAL_FATAL(vdsosim_engine_new(&e, prof, m, NULL), 0);
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, st.counter + 1000 };
	CU_ASSERT_EQUAL(vdsosim_engine_call(e, &c, &r), 0);
	CU_ASSERT_FATAL(r.n_counter >= 1);
	uint64_t pc = r.counter_reads[0].pc;
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	vdsosim_profile_free(prof);
	vdsosim_image_free(img);
	uint8_t *p = b + pc;
	const char *name;
	if (!strcmp(machine, "i386") || !strcmp(machine, "x86-64")) {
		p[0] = 0x0f, p[1] = 0x33; /* rdpmc */
		if (p[2] == 0xf9)
			p[2] = 0x90;
		name = "rdpmc";
	} else if (!strcmp(machine, "AArch64")) {
		p[0] &= ~0xe0; /* op2 = 0: cntfrq_el0 */
		name = "cntfrq_el0";
	} else if (!strcmp(machine, "ARM")) {
		/* Thumb-2 stores hw1 = 0xec5x first; opc1 is bits 7:4 of the last halfword (ARM: of the word) */
		uint8_t *lo = p[1] == 0xec && (p[0] & 0xf0) == 0x50 ? p + 2 : p;
		lo[0] &= 0x0f; /* opc1 = 0: CNTPCT */
		name = "mrrc";
	} else {
		p[2] &= ~0x10; /* csr 0xc01 -> 0xc00: rdcycle */
		name = "0xc00";
	}
	CU_ASSERT_EQUAL_FATAL(vdsosim_image_open_memory(&img, b, len, path), 0);
	CU_ASSERT_EQUAL_FATAL(vdsosim_profile_new(&prof, img), 0);
	CU_ASSERT_EQUAL_FATAL(vdsosim_model_new(&m, prof, &st), 0);
	CU_ASSERT_EQUAL_FATAL(vdsosim_engine_new(&e, prof, m, NULL), 0);
	CU_ASSERT_EQUAL(vdsosim_engine_call(e, &c, &r), VDSOSIM_ECOUNTER);
	if (!strstr(r.message, name))
		fprintf(stderr, "%s: %s\n", path, r.message);
	CU_ASSERT_PTR_NOT_NULL(strstr(r.message, name));
	CU_ASSERT_PTR_NOT_NULL(strstr(r.message, "does not emulate"));
	vdsosim_result_clear(&r);
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	vdsosim_profile_free(prof);
	vdsosim_image_free(img);
	free(b);
}

static void test_unknown_counter(void) { each(unknown_counter); }

/* The CFI build of riscv 7.2 (Zicfiss): the backend keeps the shadow stack. The image as shipped
 * runs; a copy whose entry pushes t0 instead of ra fails its return check, as hardware would. */
static void test_shadow_stack(void)
{
	const char *path = IMG("riscv64/7.2.13+deb14-riscv64-vdso-cfi.so");
	size_t len;
	uint8_t *b = t_read(path, &len);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, st.counter + st.freq_hz };
	for (int mutated = 0; mutated < 2; mutated++) {
		vdsosim_image *img;
		vdsosim_profile *p;
		vdsosim_model *m;
		vdsosim_engine *e;
		if (mutated) {
			CU_ASSERT_EQUAL_FATAL(b[0x614] | b[0x615] << 8 | b[0x616] << 16 | (uint32_t)b[0x617] << 24, 0xce104073);
			b[0x616] = 0x50; /* sspush x1 -> sspush x5 */
		}
		CU_ASSERT_EQUAL_FATAL(vdsosim_image_open_memory(&img, b, len, path), 0);
		CU_ASSERT_STRING_EQUAL(vdsosim_image_info(img)->kernel_version_str, "7.2.13");
		CU_ASSERT_EQUAL_FATAL(vdsosim_profile_new(&p, img), 0);
		CU_ASSERT_EQUAL_FATAL(vdsosim_model_new(&m, p, &st), 0);
		CU_ASSERT_EQUAL_FATAL(vdsosim_engine_new(&e, p, m, NULL), 0);
		struct vdsosim_result r;
		vdsosim_result_init(&r);
		int err = vdsosim_engine_call(e, &c, &r);
		if (!mutated) {
			CU_ASSERT_EQUAL(err, 0);
			/* 2.6e9 cycles past the state's 1000 s: (2600000000 * 6452775) >> 24 = 999999940 ns */
			CU_ASSERT_EQUAL(r.tv_sec, 1000);
			CU_ASSERT_EQUAL(r.tv_nsec, 999999940);
			CU_ASSERT_EQUAL(r.n_syscalls, 0);
		} else {
			CU_ASSERT_EQUAL(err, VDSOSIM_EFAULT);
			CU_ASSERT_PTR_NOT_NULL(strstr(r.message, "shadow stack mismatch at image+0x6c2 (sspopchk x5"));
		}
		vdsosim_result_clear(&r);
		vdsosim_engine_free(e);
		vdsosim_model_free(m);
		vdsosim_profile_free(p);
		vdsosim_image_free(img);
	}
	free(b);
}

/* The legacy 32-bit entry points store a 32-bit time_t: one second after 2038-01-19T03:14:07Z they
 * wrap, as the kernel's own syscalls do (put_old_timespec32 truncates); the time64 ones do not. */
static void test_2038(void)
{
	static const char *const imgs[] = { IMG("x86_64/6.12.95+deb12-cloud-amd64-vdso32.so"),
					    IMG("i386/6.1.0-50-686-vdso32.so"), IMG("armhf/6.12.95+deb12-armmp-vdso.so"),
					    IMG("arm64/6.1.0-50-cloud-arm64-vdso32.so") };
	for (size_t i = 0; i < 4; i++) {
		struct t_rig g;
		struct vdsosim_state st;
		vdsosim_state_default(&st);
		st.realtime_sec = 2147483647;
		st.realtime_nsec = 999999000;
		CU_ASSERT_EQUAL_FATAL(t_rig_open(&g, imgs[i], &st, 0), 0);
		vdsosim_model *m = g.m;
		vdsosim_engine *e = g.e;
		struct vdsosim_result r;
		vdsosim_result_init(&r);
		for (int mode = 0; mode < 2; mode++) { /* served in the vDSO, and by the syscall */
			if (mode) {
				vdsosim_model_apply(m, VDSOSIM_EV_TO_HPET, st.counter);
				vdsosim_engine_sync(e);
			}
			struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 0, st.counter + 5200 }; /* +2 us */
			CU_ASSERT_EQUAL(vdsosim_engine_call(e, &c, &r), 0);
			CU_ASSERT_EQUAL(r.n_syscalls, mode);
			CU_ASSERT_EQUAL(r.time_bytes, 4);
			CU_ASSERT_EQUAL(r.tv_sec, INT32_MIN);
			c.func = VDSOSIM_CLOCK_GETTIME64;
			CU_ASSERT_EQUAL(vdsosim_engine_call(e, &c, &r), 0);
			CU_ASSERT_EQUAL(r.time_bytes, 8);
			CU_ASSERT_EQUAL(r.tv_sec, 2147483648LL);
			if (!mode) /* 5200 * 6452775 >> 24 = 1999 ns past 999999000 */
				CU_ASSERT_EQUAL(r.tv_nsec, 999);
		}
		vdsosim_result_clear(&r);
		t_rig_close(&g);
	}
}

/* s390x: check and explore on every vdso64; the TOD math (mult 1000, shift 12): 4096000 TOD units
 * are exactly 1 ms; the CPU number comes from stcke's programmable field, the node is always 0. */
static void test_s390x(void)
{
	static const char *const imgs[] = { IMG("s390x/6.1.0-50-s390x-vdso64.so"), IMG("s390x/6.12.95+deb12-s390x-vdso64.so"),
					    IMG("s390x/7.2.13+deb14-s390x-vdso64.so"), IMG("s390x/7.3-s390x-vdso64.so") };
	for (size_t i = 0; i < 4; i++) {
		check_one(imgs[i], "S/390");
		struct t_rig g;
		struct vdsosim_state st;
		vdsosim_state_default(&st);
		st.cpu = 5;
		st.node = 3;
		CU_ASSERT_EQUAL_FATAL(t_rig_open(&g, imgs[i], &st, VDSOSIM_TRACE_VVAR), 0);
		/* the model registers the TOD as the real kernel did: its time page booted under QEMU */
		static const char *const boot[] = { "6.1.0-50", "6.12.95+deb12", "7.2.13+deb14", "7.3" };
		char path[512];
		uint8_t page[64];
		snprintf(path, sizeof path, "%s/tests/data/s390x-boot/%s/page-1.bin", VDSOSIM_SRC_DIR, boot[i]);
		FILE *f = fopen(path, "rb");
		CU_ASSERT_FATAL(f && fread(page, 1, sizeof page, f) == sizeof page);
		fclose(f);
		const uint8_t *clk = page + (i < 2 ? 0 : 8); /* 7.x: tod_delta first */
		struct vdsosim_tk_view v;
		vdsosim_model_view(g.m, &v);
		CU_ASSERT_EQUAL(v.shift, (uint32_t)(clk[28] << 24 | clk[29] << 16 | clk[30] << 8 | clk[31]));
		CU_ASSERT_EQUAL(v.mult, (uint32_t)(clk[24] << 24 | clk[25] << 16 | clk[26] << 8 | clk[27]));
		struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, st.counter + 4096000 };
		CU_ASSERT_EQUAL(vdsosim_engine_call(g.e, &c, &g.r), 0);
		CU_ASSERT_EQUAL(g.r.path, VDSOSIM_PATH_VDSO);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
		CU_ASSERT_EQUAL(g.r.tv_nsec, 1000000);
		CU_ASSERT_EQUAL(g.r.n_counter, 1);
		c.func = VDSOSIM_GETCPU;
		CU_ASSERT_EQUAL(vdsosim_engine_call(g.e, &c, &g.r), 0);
		CU_ASSERT_EQUAL(g.r.cpu, 5);
		CU_ASSERT_EQUAL(g.r.node, 0);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 0);
		t_rig_close(&g);
	}
}

/* MIPS R2, R6 and Loongson-3: o32 on any Unicorn, n32 and n64 from 2.1 (2.0.1 starts 64-bit MIPS
 * at pc 0). R4K mode reads rdhwr $2 (32 bits), GIC mode the GIC page a page below the data. R6's
 * lapc and Loongson-3's gsdmultu, which Unicorn cannot run, are sites the backend computes; a
 * Loongson-3 build has no GIC reader, so GIC is not a mode of it. */
static void test_mips(void)
{
	static const struct { const char *img; int mips64, gic; size_t insn_sites; } imgs[] = {
		{ IMG("mipsel/6.1.0-50-mips32r2el-vdso-o32.so"), 0, 1, 0 },
		{ IMG("mips64el/6.1.0-50-mips64r2el-vdso-o32.so"), 0, 1, 0 },
		{ IMG("mips64el/6.12.95+deb12-mips64r2el-vdso-o32.so"), 0, 1, 0 },
		{ IMG("mips64el/6.12.95+deb12-mips64r6el-vdso-o32.so"), 0, 1, 4 },
		{ IMG("mips64el/6.1.0-50-loongson-3-vdso-o32.so"), 0, 0, 0 },
		{ IMG("mips64el/6.1.0-50-mips64r2el-vdso-n32.so"), 1, 1, 0 },
		{ IMG("mips64el/6.1.0-50-mips64r2el-vdso-n64.so"), 1, 1, 0 },
		{ IMG("mips64el/6.12.95+deb12-mips64r2el-vdso-n32.so"), 1, 1, 0 },
		{ IMG("mips64el/6.12.95+deb12-mips64r2el-vdso-n64.so"), 1, 1, 0 },
		{ IMG("mips64el/6.12.95+deb12-mips64r6el-vdso-n32.so"), 1, 1, 4 },
		{ IMG("mips64el/6.12.95+deb12-mips64r6el-vdso-n64.so"), 1, 1, 3 },
		{ IMG("mips64el/6.12.95+deb12-loongson-3-vdso-n32.so"), 1, 0, 3 },
		{ IMG("mips64el/6.1.0-50-loongson-3-vdso-n64.so"), 1, 0, 2 } };
	unsigned major = 0, minor = 0;
	sscanf(vdsosim_unicorn_version(), "%u.%u", &major, &minor);
	for (size_t i = 0; i < sizeof imgs / sizeof *imgs; i++) {
		vdsosim_image *img;
		vdsosim_profile *p;
		CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, imgs[i].img), 0);
		struct vdsosim_site *sites;
		size_t n_sites, n_insn = 0;
		CU_ASSERT_EQUAL_FATAL(vdsosim_image_sites(img, &sites, &n_sites), 0);
		for (size_t k = 0; k < n_sites; k++)
			n_insn += sites[k].kind == VDSOSIM_SITE_INSN;
		CU_ASSERT_EQUAL(n_insn, imgs[i].insn_sites);
		free(sites);
		if (imgs[i].mips64 && (major << 8 | minor) < 0x0201) {
			CU_ASSERT_EQUAL(vdsosim_profile_new(&p, img), VDSOSIM_EUNSUPPORTED);
			CU_ASSERT_PTR_NOT_NULL(strstr(vdsosim_last_error(), "starts 64-bit MIPS code at pc 0"));
			vdsosim_image_free(img);
			continue;
		}
		vdsosim_image_free(img);
		check_one(imgs[i].img, "MIPS");
		for (int gic = 0; gic < 2; gic++) {
			struct t_rig g;
			struct vdsosim_state st;
			vdsosim_state_default(&st);
			st.mode = gic ? VDSOSIM_MODE_GIC : VDSOSIM_MODE_TSC;
			if (gic && !imgs[i].gic) { /* Loongson-3: its kernel never selects GIC */
				CU_ASSERT_EQUAL(t_rig_open(&g, imgs[i].img, &st, 0), -1);
				CU_ASSERT_PTR_NOT_NULL(strstr(vdsosim_last_error(), "clock mode gic is not one a kernel of this build uses"));
				t_rig_close(&g);
				continue;
			}
			CU_ASSERT_EQUAL_FATAL(t_rig_open(&g, imgs[i].img, &st, 0), 0);
			const struct vdsosim_page_desc *pd;
			CU_ASSERT_EQUAL(vdsosim_profile_pages(g.p, &pd), 2);
			CU_ASSERT_STRING_EQUAL(pd[0].role, "gic");
			CU_ASSERT_EQUAL(pd[1].rel, -(int64_t)vdsosim_profile_page_size(g.p)); /* Loongson-3: 16K */
			CU_ASSERT_EQUAL(vdsosim_profile_page_size(g.p), strstr(imgs[i].img, "loongson") ? 16384u : 4096u);
			/* 2.6 GHz, a 32-bit R4K count: clocks_calc_mult_shift for 1 s of counter */
			struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, st.counter + 2600000 };
			CU_ASSERT_EQUAL(vdsosim_engine_call(g.e, &c, &g.r), 0);
			CU_ASSERT_EQUAL(g.r.path, VDSOSIM_PATH_VDSO);
			CU_ASSERT_EQUAL(g.r.n_counter, 1);
			CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
			CU_ASSERT_EQUAL(g.r.tv_nsec, 999999);
			t_rig_close(&g);
		}
	}
}

/* ppc64le: check and explore on every image; the model registers the timebase (512 MHz) with the
 * mult and shift the real kernel chose, as its booted data page says; one ms of timebase is that
 * math's answer; getcpu reads node << 16 | cpu from USPRG3. An unpatched Unicorn refuses it. */
static void test_ppc64(void)
{
	static const struct { const char *img, *boot; uint32_t data_off; } imgs[] = {
		{ IMG("ppc64le/6.1.0-50-powerpc64le-vdso64.so"), "6.1.0-50", 248 },
		{ IMG("ppc64le/6.12.95+deb12-powerpc64le-vdso64.so"), "6.12.95+deb12", 248 },
		{ IMG("ppc64le/6.12.95+deb12-powerpc64le-64k-vdso64.so"), "6.12.95+deb12-64k", 248 },
		{ IMG("ppc64le/7.2.13+deb14-powerpc64le-vdso64.so"), "7.2.13+deb14", 0 },
		{ IMG("ppc64le/7.2.13+deb14-powerpc64le-64k-vdso64.so"), "7.2.13+deb14-64k", 0 },
		{ IMG("ppc64le/7.3-powerpc64le-vdso64.so"), "7.3", 0 } };
	for (size_t i = 0; i < sizeof imgs / sizeof *imgs; i++) {
		if (!VDSOSIM_UNICORN_PPC64) {
			vdsosim_image *img;
			vdsosim_profile *p;
			CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, imgs[i].img), 0);
			CU_ASSERT_EQUAL(vdsosim_profile_new(&p, img), VDSOSIM_EUNSUPPORTED);
			CU_ASSERT_PTR_NOT_NULL(strstr(vdsosim_last_error(), "cannot run 64-bit PowerPC"));
			vdsosim_image_free(img);
			continue;
		}
		check_one(imgs[i].img, "PowerPC64");
		char path[512];
		uint8_t page[512];
		snprintf(path, sizeof path, "%s/tests/data/ppc64le-boot/%s/page-0.bin", VDSOSIM_SRC_DIR, imgs[i].boot);
		FILE *f = fopen(path, "rb");
		CU_ASSERT_FATAL(f && fread(page, 1, sizeof page, f) == sizeof page);
		fclose(f);
		const uint8_t *clk = page + imgs[i].data_off;
		uint32_t mult = (uint32_t)vs_get(clk + 24, 4, 0), shift = (uint32_t)vs_get(clk + 28, 4, 0);
		struct t_rig g;
		struct vdsosim_state st;
		vdsosim_state_default(&st);
		st.freq_hz = 512000000;
		st.cpu = 5;
		st.node = 3;
		CU_ASSERT_EQUAL_FATAL(t_rig_open(&g, imgs[i].img, &st, VDSOSIM_TRACE_VVAR), 0);
		struct vdsosim_tk_view v;
		vdsosim_model_view(g.m, &v);
		CU_ASSERT_EQUAL(v.mult, mult);
		CU_ASSERT_EQUAL(v.shift, shift);
		struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, st.counter + 512000 };
		CU_ASSERT_EQUAL(vdsosim_engine_call(g.e, &c, &g.r), 0);
		CU_ASSERT_EQUAL(g.r.path, VDSOSIM_PATH_VDSO);
		CU_ASSERT_EQUAL(g.r.tv_sec, 1000);
		CU_ASSERT_EQUAL(g.r.tv_nsec, (int64_t)((512000ULL * mult) >> shift));
		CU_ASSERT_EQUAL(g.r.n_counter, 1);
		c.clock = 42; /* EINVAL: a positive errno with CR0.SO, -EINVAL to the caller */
		CU_ASSERT_EQUAL(vdsosim_engine_call(g.e, &c, &g.r), 0);
		CU_ASSERT_EQUAL(g.r.ret, -22);
		c.func = VDSOSIM_GETCPU;
		CU_ASSERT_EQUAL(vdsosim_engine_call(g.e, &c, &g.r), 0);
		CU_ASSERT_EQUAL(g.r.cpu, 5);
		CU_ASSERT_EQUAL(g.r.node, 3);
		CU_ASSERT_EQUAL(g.r.n_syscalls, 0);
		t_rig_close(&g);
	}
	if (!VDSOSIM_UNICORN_PPC64)
		return;
	/* an instruction Unicorn cannot run is a named error at its own pc: word 0 at 6.1's
	 * __kernel_clock_gettime + 4 */
	FILE *f = fopen(imgs[0].img, "rb");
	static uint8_t b[65536];
	size_t n = f ? fread(b, 1, sizeof b, f) : 0;
	if (f)
		fclose(f);
	CU_ASSERT_FATAL(n == 28680);
	memset(b + 0x4d4, 0, 4);
	struct t_rig g;
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	CU_ASSERT_EQUAL_FATAL(t_rig_open_bytes(&g, "bad.so", b, n, &st, 0), 0);
	struct vdsosim_call c = { VDSOSIM_CLOCK_GETTIME, 1, st.counter };
	vdsosim_engine_call(g.e, &c, &g.r);
	CU_ASSERT_EQUAL(g.r.status, VDSOSIM_EFAULT);
	CU_ASSERT_EQUAL(g.r.fault_pc, 0x4d4);
	CU_ASSERT_PTR_NOT_NULL(strstr(g.r.message, "CPU exception 96: hypervisor emulation assistance"));
	t_rig_close(&g);
}

/* the sites of an image from its code alone, emulated or not (loongarch64 never is) */
static void test_static_sites(void)
{
	static const struct { const char *img; size_t counter, cpu, syscall; } want[] = {
		{ IMG("ppc64le/6.1.0-50-powerpc64le-vdso64.so"), 4, 1, 3 },
		{ IMG("loongarch64/7.2.13+deb14-loong64-vdso.so"), 4, 1, 6 } };
	for (size_t i = 0; i < 2; i++) {
		vdsosim_image *img;
		vdsosim_profile *p;
		struct vdsosim_site *s;
		size_t n, k[VDSOSIM_SITE_INSN + 1] = { 0 };
		CU_ASSERT_EQUAL_FATAL(vdsosim_image_open(&img, want[i].img), 0);
		if (i == 1) {
			CU_ASSERT_EQUAL(vdsosim_profile_new(&p, img), VDSOSIM_EUNSUPPORTED);
			CU_ASSERT_PTR_NOT_NULL(strstr(vdsosim_last_error(), "cannot be emulated"));
		}
		CU_ASSERT_EQUAL_FATAL(vdsosim_image_sites(img, &s, &n), 0);
		for (size_t j = 0; j < n; j++)
			k[s[j].kind]++;
		CU_ASSERT_EQUAL(k[VDSOSIM_SITE_COUNTER], want[i].counter);
		CU_ASSERT_EQUAL(k[VDSOSIM_SITE_CPU], want[i].cpu);
		CU_ASSERT_EQUAL(k[VDSOSIM_SITE_SYSCALL], want[i].syscall);
		free(s);
		vdsosim_image_free(img);
	}
}

int main(void)
{
	size_t total = 0;
	for (size_t s = 0; s < N_SETS; s++)
		total += sets[s].n = t_manifest(sets[s].machine, sets[s].cls, sets[s].paths, 32);
	if (total < 30) {
		fprintf(stderr, "expected at least 30 non-x86_64 images in the manifest, found %zu\n", total);
		return 1;
	}
	static const struct t_case cases[] = { { "check and explore on every image", test_check_and_explore },
					       { "survey facts per architecture", test_survey_facts },
					       { "page size from the image", test_page_size },
					       { "an unknown counter instruction is an error", test_unknown_counter },
					       { "riscv CFI build: shadow stack kept and checked", test_shadow_stack },
					       { "32-bit time_t at 2038", test_2038 },
					       { "s390x: TOD math, getcpu from stcke", test_s390x },
					       { "MIPS R2, R6 and Loongson-3: R4K and GIC, three ABIs", test_mips },
					       { "ppc64le: timebase math as booted, getcpu, the errno convention", test_ppc64 },
					       { "sites from the code alone (ppc64le, loongarch64)", test_static_sites },
					       { 0 } };
	return t_run("architectures", cases);
}
