/* The report page: the matrix, the explore heatmaps and the images not emulated. Everything on
 * it comes from the gathered values; no date or host detail, so the same inputs give the same
 * bytes. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "report.h"
#include "report_css.h"

/* a column's label: the file name without ".so" */
static const char *label(const char *p, char *buf, size_t len)
{
	const char *s = strrchr(p, '/');
	snprintf(buf, len, "%s", s ? s + 1 : p);
	size_t n = strlen(buf);
	if (n > 3 && !strcmp(buf + n - 3, ".so"))
		buf[n - 3] = 0;
	return buf;
}

static void modes_of(const struct rimg *m, char *buf, size_t len)
{
	buf[0] = 0;
	for (int j = 0; j < m->n_modes; j++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", j ? "," : "", m->modes[j]);
}

struct swatch { const char *fill, *label; };

static const struct swatch matrix_key[] = { { "#2e7d32", "v: served in the vDSO" },
					    { "#ef6c00", "s: syscall fallback" },
					    { "#b71c1c", "!: disagrees with the model" },
					    { "#f3f3f3", "not exported" },
					    { "#d8d8d8", "not emulated here (hatched)" },
					    { 0 } };
static const struct swatch verdict_key[] = { { "#c8e6c9", "linearizable" }, { "#fff176", "retry" },
					     { "#ffb74d", "fallback" }, { "#e53935", "violation" }, { 0 } };

/* a section's heading, what it shows, and its colour key */
static void intro(struct html *h, const char *id, const char *title, const char *what, const struct swatch *key)
{
	h_elem(h, "h2", title, "id", id, NULL);
	h_elem(h, "p", what, NULL);
	h_open(h, "div", "class", "key", NULL);
	for (; key->fill; key++) {
		h_open(h, "span", NULL);
		h_open(h, "svg", "width", "14", "height", "14", "viewBox", "0 0 14 14", "aria-hidden", "true", NULL);
		h_empty(h, "rect", "width", "14", "height", "14", "rx", "2", "fill", key->fill, NULL);
		h_close(h);
		h_text(h, "%s", key->label);
		h_close(h);
	}
	h_close(h);
}

static void matrix(struct html *h, const struct report *r)
{
	char cb[24], buf[256];
	intro(h, "matrix", "Which calls the vDSO serves",
	      "Each row is a function and clock; each column an image, grouped by architecture and kernel. A "
	      "cell has one square per clock mode of the image's family (their order heads each architecture): "
	      "the path the image's own code took under the default state. Hover a square for the "
	      "instructions and stack bytes.",
	      matrix_key);
	h_open(h, "div", "class", "scroll", NULL);
	h_open(h, "table", "class", "mx", NULL);
	h_open(h, "thead", NULL);
	h_open(h, "tr", NULL);
	h_elem(h, "th", "", "rowspan", "2", NULL);
	for (size_t i = 0; i < r->n;) {
		size_t k = i;
		char m0[128] = "", mk[128], head[200];
		int alike = 1;
		for (; k < r->n && !strcmp(r->im[k].info->arch, r->im[i].info->arch); k++) {
			modes_of(&r->im[k], mk, sizeof mk);
			if (!m0[0])
				snprintf(m0, sizeof m0, "%s", mk);
			alike &= !mk[0] || !strcmp(mk, m0);
		}
		/* the squares' order, said once per architecture where its images agree */
		snprintf(head, sizeof head, alike && m0[0] ? "%s: %s" : "%s", r->im[i].info->arch, m0);
		snprintf(buf, sizeof buf, "%zu", k - i);
		h_elem(h, "th", head, "class", "a", "colspan", buf, NULL);
		i = k;
	}
	h_close(h);
	h_open(h, "tr", NULL);
	for (size_t i = 0; i < r->n; i++) {
		const struct rimg *m = &r->im[i];
		char modes[128], tip[1400], lb[128];
		modes_of(m, modes, sizeof modes);
		if (m->emulated)
			snprintf(tip, sizeof tip, "%s\nLinux %s, %s\nclock modes: %s", m->path, m->info->kernel_version_str,
				 vdsosim_profile_layout_name(m->prof), modes);
		else
			snprintf(tip, sizeof tip, "%s\nLinux %s\nnot emulated: %s", m->path, m->info->kernel_version_str, m->why);
		h_elem(h, "th", label(m->path, lb, sizeof lb), "class", "i", "data-image", m->path, "data-modes", modes, "title", tip, NULL);
	}
	h_close(h);
	h_close(h);
	h_open(h, "tbody", NULL);
	for (int f = 0; f < VDSOSIM_NFUNCS; f++)
		for (int s = 0; s < RSLOTS; s++) {
			if (!r->present[f][s])
				continue;
			const char *fn = vdsosim_func_name((enum vdsosim_func)f);
			const char *cn = s == RSLOTS - 1 ? "" : vdsosim_clock_name(rslot_clock(s), cb);
			snprintf(buf, sizeof buf, "r-%s%s%s", fn, *cn ? "-" : "", cn);
			h_open(h, "tr", "id", buf, NULL);
			h_open(h, "th", NULL);
			h_text(h, "%s ", fn);
			h_elem(h, "span", cn, NULL);
			h_close(h);
			for (size_t i = 0; i < r->n; i++) {
				const struct vdsosim_survey_row *row[4];
				size_t n = report_cell(r, i, f, s, row, 4);
				if (!r->im[i].emulated) {
					h_elem(h, "td", "", "class", "u", NULL);
					continue;
				}
				if (!n) {
					h_elem(h, "td", "", "class", "n", NULL);
					continue;
				}
				h_open(h, "td", NULL);
				for (size_t k = 0; k < n; k++) {
					const struct vdsosim_survey_row *w = row[k];
					char tip[200], sys[64] = "";
					if (w->n_syscalls)
						snprintf(sys, sizeof sys, " (%s)", w->syscalls[0]);
					snprintf(tip, sizeof tip, "%s: %s%s, %llu insns, %llu B stack%s", w->mode_name,
						 w->path == VDSOSIM_PATH_VDSO ? "vdso" : "syscall", sys,
						 (unsigned long long)w->insns, (unsigned long long)w->stack_bytes,
						 w->match ? "" : ", disagrees with the model");
					const char *cls = !w->match ? "x" : w->path == VDSOSIM_PATH_VDSO ? "v" : "s";
					h_elem(h, "b", !w->match ? "!" : w->path == VDSOSIM_PATH_VDSO ? "v" : "s", "class", cls,
					       "title", tip, NULL);
				}
				h_close(h);
			}
			h_close(h);
		}
	h_close(h);
	h_close(h);
	h_close(h);
}

static const char cls_of[VDSOSIM_NVERDICTS] = { 'l', 'r', 'f', 'x' };

static int worst(const uint64_t *n)
{
	int w = -1;
	for (int v = 0; v < VDSOSIM_NVERDICTS; v++)
		if (n[v])
			w = v;
	return w;
}

/* a cell: its runs, coloured by the worst verdict; a tooltip only where verdicts mix */
static void heat_cell(struct html *h, const uint64_t *n)
{
	int w = worst(n);
	if (w < 0) {
		h_elem(h, "td", "", "class", "z", NULL);
		return;
	}
	uint64_t total = 0;
	int kinds = 0;
	char tip[160] = "", num[24], cls[2] = { cls_of[w], 0 };
	for (int v = 0; v < VDSOSIM_NVERDICTS; v++)
		if (n[v]) {
			total += n[v];
			kinds++;
			snprintf(tip + strlen(tip), sizeof tip - strlen(tip), "%s%llu %s", tip[0] ? ", " : "",
				 (unsigned long long)n[v], vdsosim_verdict_name((enum vdsosim_verdict)v));
		}
	snprintf(num, sizeof num, "%llu", (unsigned long long)total);
	h_elem(h, "td", num, "class", cls, "title", kinds > 1 ? tip : NULL, NULL);
}

/* one instruction (or the points outside the section): its counts per event column */
struct hrow { uint64_t pc; int in_section; uint64_t (*n)[VDSOSIM_NVERDICTS]; };

static int same_colours(const struct hrow *a, const struct hrow *b, int n_ev)
{
	for (int j = 0; j < n_ev; j++)
		if (worst(a->n[j]) != worst(b->n[j]))
			return 0;
	return 1;
}

/* Rows are runs of consecutive read-section instructions whose cells have the same colours (a
 * read section is mostly runs of alike instructions; one row each would make the corpus's page
 * ten times larger), the disassembly of every instruction alongside. */
static void heatmap(struct html *h, const struct rimg *m, int f, const struct hm_cell *c0, size_t n)
{
	int evs[VDSOSIM_NEVENTS], col[VDSOSIM_NEVENTS], n_ev = 0;
	for (int e = 0; e < VDSOSIM_NEVENTS; e++) {
		col[e] = -1;
		for (size_t k = 0; k < n; k++)
			if (c0[k].event == e) {
				col[e] = n_ev;
				evs[n_ev++] = e;
				break;
			}
	}
	struct hrow *rows = calloc(n, sizeof *rows);
	uint64_t(*counts)[VDSOSIM_NVERDICTS] = calloc(n * (size_t)n_ev, sizeof *counts);
	size_t nr = 0;
	for (size_t k = 0; rows && counts && k < n; k++) {
		if (!nr || rows[nr - 1].pc != c0[k].pc || rows[nr - 1].in_section != c0[k].in_section) {
			rows[nr] = (struct hrow){ c0[k].pc, c0[k].in_section, &counts[nr * (size_t)n_ev] };
			nr++;
		}
		memcpy(rows[nr - 1].n[col[c0[k].event]], c0[k].n, sizeof c0[k].n);
	}
	h_elem(h, "h3", vdsosim_func_name((enum vdsosim_func)f), NULL);
	h_open(h, "div", "class", "scroll", NULL);
	h_open(h, "table", "class", "hm", NULL);
	h_open(h, "thead", NULL);
	h_open(h, "tr", NULL);
	h_elem(h, "th", "offset", NULL);
	h_elem(h, "th", "instructions", NULL);
	for (int j = 0; j < n_ev; j++)
		h_elem(h, "th", vdsosim_event_name((enum vdsosim_event)evs[j]), NULL);
	h_close(h);
	h_close(h);
	h_open(h, "tbody", NULL);
	for (size_t k = 0; k < nr;) {
		size_t e = k + 1;
		while (rows[k].in_section && e < nr && rows[e].in_section && same_colours(&rows[k], &rows[e], n_ev))
			e++;
		h_open(h, "tr", NULL);
		char off[48], dis[96];
		if (rows[k].in_section) {
			snprintf(off, sizeof off, e - k > 1 ? "%#llx-%#llx" : "%#llx", (unsigned long long)rows[k].pc,
				 (unsigned long long)rows[e - 1].pc);
			h_elem(h, "td", off, "class", "o", NULL);
			h_open(h, "td", "class", "d", NULL);
			for (size_t q = k; q < e; q++) {
				if (q > k)
					h_empty(h, "br", NULL);
				h_text(h, "%s", vdsosim_profile_disasm(m->prof, rows[q].pc, dis, sizeof dis));
			}
			h_close(h);
		} else {
			h_elem(h, "td", "", "class", "o", NULL);
			h_elem(h, "td", "(every point outside the read section)", "class", "d", NULL);
		}
		for (int j = 0; j < n_ev; j++) {
			uint64_t sum[VDSOSIM_NVERDICTS] = { 0 };
			for (size_t q = k; q < e; q++)
				for (int v = 0; v < VDSOSIM_NVERDICTS; v++)
					sum[v] += rows[q].n[j][v];
			heat_cell(h, sum);
		}
		h_close(h);
		k = e;
	}
	h_close(h);
	h_close(h);
	h_close(h);
	free(rows);
	free(counts);
}

static void heatmaps(struct html *h, const struct report *r)
{
	intro(h, "heatmaps", "Where an update lands in a read",
	      "For each image and function: explore injects every event before every instruction and data-page "
	      "load of every clock's read (single updates). Rows are the instructions of the read section "
	      "(between the seqcount's begin and its retry check), with their disassembly, and one row for "
	      "every point outside it; columns are the events. A cell counts the runs and is coloured by its "
	      "worst verdict; hover for the counts per verdict.",
	      verdict_key);
	for (size_t i = 0; i < r->n; i++) {
		const struct rimg *m = &r->im[i];
		if (!m->emulated || !m->n_cells)
			continue;
		h_open(h, "details", "data-image", m->path, NULL);
		h_open(h, "summary", NULL);
		h_text(h, "%s %s: %llu points, %llu retries, %llu fallbacks, %llu violations", m->info->arch, m->path,
		       (unsigned long long)m->ex.points, (unsigned long long)m->ex.retries,
		       (unsigned long long)m->ex.fallbacks, (unsigned long long)m->ex.violations);
		h_close(h);
		for (size_t k = 0; k < m->n_cells;) {
			size_t e = k;
			while (e < m->n_cells && m->cells[e].func == m->cells[k].func)
				e++;
			int any_section = 0;
			for (size_t q = k; q < e; q++)
				any_section |= m->cells[q].in_section;
			if (any_section) /* getcpu and getres read no seqcount: nothing to draw */
				heatmap(h, m, m->cells[k].func, &m->cells[k], e - k);
			k = e;
		}
		h_close(h);
	}
}

static void not_emulated(struct html *h, const struct report *r)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += !r->im[i].emulated;
	if (!n)
		return;
	h_elem(h, "h2", "Not emulated here", "id", "unemulated", NULL);
	h_open(h, "ul", NULL);
	for (size_t i = 0; i < r->n; i++)
		if (!r->im[i].emulated) {
			h_open(h, "li", NULL);
			h_elem(h, "code", r->im[i].path, NULL);
			h_text(h, ": %s", r->im[i].why);
			h_close(h);
		}
	h_close(h);
}

int report_html(const struct report *r, const char *path)
{
	struct html h;
	if (html_begin(&h, path, "vdsosim report", REPORT_CSS))
		return -1;
	size_t emu = 0;
	for (size_t i = 0; i < r->n; i++)
		emu += r->im[i].emulated;
	h_elem(&h, "h1", "vdsosim report", NULL);
	h_open(&h, "p", NULL);
	h_text(&h, "%zu images, %zu emulated; vdsosim %s on Unicorn %s. Every figure comes from running the "
		   "image's own code against the kernel model (default state: the family's counter at 2.6 GHz, "
		   "CLOCK_MONOTONIC 1000 s, HZ 250).", r->n, emu, vdsosim_version(), vdsosim_unicorn_version());
	h_close(&h);
	matrix(&h, r);
	heatmaps(&h, r);
	not_emulated(&h, r);
	return html_end(&h);
}
