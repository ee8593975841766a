#include <stdlib.h>
#include <string.h>

#include "../../common/grow.h"
#include "report.h"

static void help(void)
{
	printf("usage: vdsosim report IMAGE... [-o report.html] [--markdown] [-j N] [--quiet]\n\n"
	       "One self-contained HTML page (inline SVG and CSS, nothing fetched) of what the images do:\n"
	       "  - the matrix: function x clock rows, one column per image grouped by architecture and\n"
	       "    kernel, each cell coloured by the path taken (vDSO or syscall) in every clock mode,\n"
	       "    instructions and stack bytes on hover (survey under the default state);\n"
	       "  - explore heatmaps per image and function: the instructions of the read section against\n"
	       "    the events injected before them, coloured by verdict (linearizable, retry, fallback,\n"
	       "    violation) with the run counts, the disassembly alongside;\n"
	       "  - the images vdsosim cannot emulate here, with the reason.\n\n"
	       "  -o FILE      write the page there (default report.html; - for stdout)\n"
	       "  --markdown   print the matrix as Markdown instead (no explore)\n"
	       "  -j N         explore threads (the page does not depend on N)\n"
	       "  --quiet      no progress on stderr (shown only when stderr is a terminal)\n"
	       "Exits 1 if a survey row disagrees with the model or explore finds a violation.\n");
}

static const char *const arch_order[] = { "x86_64", "i386", "x32", "arm64", "arm", "riscv64", "s390x",
					  "mips64", "mipsn32", "mips", "ppc64le", "loongarch64" };

static int arch_rank(const char *a)
{
	for (size_t i = 0; i < sizeof arch_order / sizeof *arch_order; i++)
		if (!strcmp(a, arch_order[i]))
			return (int)i;
	return 99;
}

static int cmp_img(const void *a, const void *b)
{
	const struct rimg *x = a, *y = b;
	int d = arch_rank(x->info->arch) - arch_rank(y->info->arch);
	if (d)
		return d;
	if (x->info->kernel_version != y->info->kernel_version)
		return x->info->kernel_version < y->info->kernel_version ? -1 : 1;
	return strcmp(x->path, y->path);
}

int rslot_clock(int slot) { return slot - 1; }

static int slot_of(const struct vdsosim_survey_row *r) { return r->has_clock ? r->clock + 1 : RSLOTS - 1; }

size_t report_cell(const struct report *r, size_t i, int func, int slot, const struct vdsosim_survey_row **out, size_t max)
{
	const struct rimg *m = &r->im[i];
	size_t n = 0;
	for (size_t k = 0; k < m->n_rows && n < max; k++)
		if ((int)m->rows[k].func == func && slot_of(&m->rows[k]) == slot)
			out[n++] = &m->rows[k];
	return n;
}

static void on_point(void *ud, const vdsosim_profile *p, const struct vdsosim_explore_point *pt)
{
	struct rimg *m = ud;
	(void)p;
	if (pt->pair || !pt->fired)
		return;
	if (!VS_GROW(m->cells, m->cap_cells, m->n_cells))
		return;
	struct hm_cell *c = &m->cells[m->n_cells++];
	memset(c, 0, sizeof *c);
	c->func = (uint16_t)vdsosim_func_base(pt->func);
	c->event = (uint16_t)pt->event;
	c->in_section = (uint8_t)pt->in_read_section;
	c->pc = pt->in_read_section ? pt->pc : 0; /* outside the section: one row per function */
	c->n[pt->verdict] = 1;
}

static int cmp_cell(const void *a, const void *b)
{
	const struct hm_cell *x = a, *y = b;
	if (x->func != y->func)
		return x->func < y->func ? -1 : 1;
	if (x->in_section != y->in_section)
		return x->in_section > y->in_section ? -1 : 1; /* the read section first */
	if (x->pc != y->pc)
		return x->pc < y->pc ? -1 : 1;
	return x->event < y->event ? -1 : x->event > y->event;
}

/* one cell per function x pc x event, the verdicts counted */
static void fold_cells(struct rimg *m)
{
	if (!m->n_cells)
		return;
	qsort(m->cells, m->n_cells, sizeof *m->cells, cmp_cell);
	size_t w = 0;
	for (size_t i = 1; i < m->n_cells; i++) {
		struct hm_cell *a = &m->cells[w], *b = &m->cells[i];
		if (!cmp_cell(a, b))
			for (int v = 0; v < VDSOSIM_NVERDICTS; v++)
				a->n[v] += b->n[v];
		else
			m->cells[++w] = *b;
	}
	m->n_cells = w + 1;
}

/* Survey and explore one image; 0, 1 for a finding, -1 for an error (message printed) */
static int gather(struct rimg *m, int explore, int jobs, struct progress *pg)
{
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	int err = vdsosim_profile_new(&m->prof, m->img);
	if (!err)
		err = vdsosim_survey(m->prof, &st, &m->rows, &m->n_rows);
	if (err == VDSOSIM_EUNSUPPORTED) {
		snprintf(m->why, sizeof m->why, "%s", vdsosim_last_error());
		return 0;
	}
	if (err) {
		progress_clear(pg);
		fprintf(stderr, "vdsosim report: %s: %s\n", m->path, vdsosim_last_error());
		return -1;
	}
	m->emulated = 1;
	int finding = 0;
	for (size_t k = 0; k < m->n_rows; k++) {
		finding |= !m->rows[k].match;
		int seen = 0;
		for (int i = 0; i < m->n_modes; i++)
			seen |= !strcmp(m->modes[i], m->rows[k].mode_name);
		if (!seen && m->n_modes < 4 && m->rows[k].has_clock)
			snprintf(m->modes[m->n_modes++], sizeof m->modes[0], "%s", m->rows[k].mode_name);
	}
	if (!explore)
		return finding;
	struct vdsosim_explore_opts o = { .func = -1, .no_pairs = 1, .jobs = jobs, .on_point = on_point, .point_ud = m,
					  .on_progress = progress_update, .progress_ud = pg };
	if (vdsosim_explore(m->prof, &o, &m->ex)) {
		progress_clear(pg);
		fprintf(stderr, "vdsosim report: %s: %s\n", m->path, vdsosim_last_error());
		return -1;
	}
	fold_cells(m);
	return finding || m->ex.violations;
}

static char mode_letter(const struct vdsosim_survey_row *r)
{
	return !r->match ? '!' : r->path == VDSOSIM_PATH_VDSO ? 'v' : 's';
}

static void markdown(const struct report *r)
{
	char cb[24];
	printf("| function | clock |");
	for (size_t i = 0; i < r->n; i++)
		printf(" %s %s |", r->im[i].info->arch, strrchr(r->im[i].path, '/') ? strrchr(r->im[i].path, '/') + 1 : r->im[i].path);
	printf("\n|---|---|");
	for (size_t i = 0; i < r->n; i++)
		printf("---|");
	printf("\n");
	for (int f = 0; f < VDSOSIM_NFUNCS; f++)
		for (int s = 0; s < RSLOTS; s++) {
			if (!r->present[f][s])
				continue;
			printf("| %s | %s |", vdsosim_func_name((enum vdsosim_func)f),
			       s == RSLOTS - 1 ? "-" : vdsosim_clock_name(rslot_clock(s), cb));
			for (size_t i = 0; i < r->n; i++) {
				const struct vdsosim_survey_row *row[4];
				size_t n = report_cell(r, i, f, s, row, 4);
				if (!r->im[i].emulated)
					printf(" ? |");
				else if (!n)
					printf(" - |");
				else {
					putchar(' ');
					for (size_t k = 0; k < n; k++)
						printf("%s%c", k ? "/" : "", mode_letter(row[k]));
					printf(" |");
				}
			}
			printf("\n");
		}
	printf("\nv: served in the vDSO; s: syscall fallback; !: disagrees with the model; -: not exported; "
	       "?: not emulated here. Letters per clock mode, in this order:\n\n");
	const char *seen[16];
	size_t n_seen = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct rimg *m = &r->im[i];
		size_t k;
		for (k = 0; k < n_seen && strcmp(seen[k], m->info->arch); k++)
			;
		if (k < n_seen || !m->emulated || n_seen == 16)
			continue;
		seen[n_seen++] = m->info->arch;
		printf("- %s:", m->info->arch);
		for (int j = 0; j < m->n_modes; j++)
			printf("%s %s", j ? "," : "", m->modes[j]);
		printf("\n");
	}
}

int cmd_report(int argc, char **argv)
{
	static const struct option lo[] = { CPU_LONGOPTS, { "cpu", required_argument, 0, 1009 }, { "output", required_argument, 0, 'o' }, { "markdown", no_argument, 0, 'm' },
					    { "jobs", required_argument, 0, 'j' }, { "quiet", no_argument, 0, 'q' },
					    { "help", no_argument, 0, 'h' }, { 0 } };
	const char *out = "report.html";
	int md = 0, jobs = 1, quiet = 0, c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:j:h", lo, NULL)) != -1) {
		int k = cpu_opt(c, optarg);
		if (k < 0)
			return EXIT_USAGE;
		if (k)
			continue;
		switch (c) {
		case 'o': out = optarg; break;
		case 'm': md = 1; break;
		case 'j':
			if (parse_jobs(optarg, &jobs))
				die_usage("report", "-j takes a number of threads from 1 to 256");
			break;
		case 'q': quiet = 1; break;
		case 'h': help(); return 0;
		default: bad_option("report", argv);
		}
	}
	if (optind >= argc)
		die_usage("report", "expected IMAGE...");
	struct report r = { .n = (size_t)(argc - optind) };
	r.im = calloc(r.n, sizeof *r.im);
	int rc = 0;
	/* every image opens before any work: a missing or corrupt one is an input error at once */
	for (size_t i = 0; i < r.n && !rc; i++) {
		r.im[i].path = argv[optind + (int)i];
		if (vdsosim_image_open(&r.im[i].img, r.im[i].path)) {
			fprintf(stderr, "vdsosim report: %s\n", vdsosim_last_error());
			rc = EXIT_USAGE;
		} else if (cpu_patch_image(&r.im[i].img)) {
			rc = EXIT_USAGE;
		} else {
			r.im[i].info = vdsosim_image_info(r.im[i].img);
		}
	}
	if (!rc)
		qsort(r.im, r.n, sizeof *r.im, cmp_img);
	struct progress *pg = rc ? NULL : progress_new("report", r.n, quiet);
	int finding = 0;
	for (size_t i = 0; i < r.n && !rc; i++) {
		progress_item(pg, i, r.im[i].path);
		int g = gather(&r.im[i], !md, jobs, pg);
		if (g < 0)
			rc = EXIT_USAGE;
		finding |= g > 0;
		for (size_t k = 0; k < r.im[i].n_rows; k++)
			r.present[r.im[i].rows[k].func][slot_of(&r.im[i].rows[k])] = 1;
	}
	progress_end(pg);
	if (!rc) {
		if (md)
			markdown(&r);
		else if (report_html(&r, out))
			rc = EXIT_USAGE;
	}
	for (size_t i = 0; i < r.n; i++) {
		free(r.im[i].rows);
		free(r.im[i].cells);
		vdsosim_profile_free(r.im[i].prof);
		vdsosim_image_free(r.im[i].img);
	}
	free(r.im);
	return rc ? rc : finding ? EXIT_FINDING : 0;
}
