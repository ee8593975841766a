/* A scenario's timeline as inline SVG: the counter across, one panel per clock with the value the
 * image's own clock_gettime returned, the state changes as vertical lines, the scenario's calls
 * as dots. A step backwards is drawn red, a forward jump purple. */
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "report_css.h"
#include "timeline.h"

enum { W = 960, LEFT = 150, RIGHT = 16, TOP = 28, PANEL = 96, GAP = 14 };

static const int32_t clocks[] = { 0, 1, 4, 5, 6, 7, 11 };
enum { NCLK = sizeof clocks / sizeof *clocks };

struct frame { uint64_t c0, c1; double x_per; };

static double xof(const struct frame *f, uint64_t c) { return LEFT + (double)(c - f->c0) * f->x_per; }

static const char *mark_colour(const char *kind)
{
	static const struct { const char *k, *c; } t[] = { { "tick", "#90a4ae" }, { "ntp", "#1e88e5" },
							    { "settime", "#8e24aa" }, { "event", "#ef6c00" },
							    { "inject", "#d81b60" }, { "exec", "#43a047" } };
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (!strcmp(kind, t[i].k))
			return t[i].c;
	return "#555";
}

static void fmt_ns(char *b, size_t n, int64_t v)
{
	int64_t s = v / 1000000000LL, ns = v % 1000000000LL;
	if (ns < 0) {
		ns += 1000000000LL;
		s--;
	}
	snprintf(b, n, "%lld.%09lld", (long long)s, (long long)ns);
}

static void num(char *b, size_t n, double v) { snprintf(b, n, "%.1f", v); }

static void panel(struct html *h, const struct sc_trace *t, const struct frame *f, int p, int32_t clk)
{
	char cb[24], a[32], b[32], c[32], d[32], tip[200], v0[32], v1[32];
	double top = TOP + p * (PANEL + GAP), bottom = top + PANEL;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	for (size_t i = 0; i < t->n_samples; i++)
		if (t->samples[i].clock == clk && t->samples[i].ok) {
			lo = t->samples[i].ns < lo ? t->samples[i].ns : lo;
			hi = t->samples[i].ns > hi ? t->samples[i].ns : hi;
		}
	num(a, sizeof a, LEFT);
	num(b, sizeof b, top);
	num(c, sizeof c, W - LEFT - RIGHT);
	num(d, sizeof d, PANEL);
	h_empty(h, "rect", "x", a, "y", b, "width", c, "height", d, "fill", "#fafafa", "stroke", "#ddd", NULL);
	num(a, sizeof a, top + 16);
	h_elem(h, "text", vdsosim_clock_name(clk, cb), "x", "6", "y", a, "font-size", "12", "font-weight", "bold", NULL);
	if (lo > hi) {
		num(a, sizeof a, top + 34);
		h_elem(h, "text", "no answer", "x", "6", "y", a, "font-size", "11", "fill", "#777", NULL);
		return;
	}
	fmt_ns(v0, sizeof v0, lo);
	fmt_ns(v1, sizeof v1, hi);
	num(a, sizeof a, bottom - 4);
	h_elem(h, "text", v0, "x", "6", "y", a, "font-size", "10", "fill", "#555", NULL);
	num(a, sizeof a, top + 30);
	h_elem(h, "text", v1, "x", "6", "y", a, "font-size", "10", "fill", "#555", NULL);
	double span = hi > lo ? (double)(hi - lo) : 1;
#define YOF(v) (hi > lo ? bottom - 6 - ((double)((v) - lo) / span) * (PANEL - 12) : top + PANEL / 2.0)
	/* the samples in run order; each step to the next is one segment */
	const struct sc_sample *prev = NULL;
	for (size_t i = 0; i < t->n_samples; i++) {
		const struct sc_sample *s = &t->samples[i];
		if (s->clock != clk || !s->ok)
			continue;
		if (prev) {
			int back = s->ns < prev->ns && s->counter >= prev->counter;
			/* a jump: the value moved more than twice the counter's time (and over 1 ms) */
			double dt = (double)(s->counter - prev->counter) * 1e9 / (double)t->freq_hz;
			double dv = (double)(s->ns - prev->ns);
			int jump = !back && s->counter >= prev->counter && dv > 2 * dt + 1e6;
			const char *col = back ? "#d50000" : jump ? "#8e24aa" : "#1565c0";
			num(a, sizeof a, xof(f, prev->counter));
			num(b, sizeof b, YOF(prev->ns));
			num(c, sizeof c, xof(f, s->counter));
			num(d, sizeof d, YOF(s->ns));
			if (back || jump) {
				fmt_ns(v0, sizeof v0, prev->ns);
				fmt_ns(v1, sizeof v1, s->ns);
				snprintf(tip, sizeof tip, "%s %s: %s -> %s at counter %llu", vdsosim_clock_name(clk, cb),
					 back ? "went backwards" : "jumped", v0, v1, (unsigned long long)s->counter);
				h_open(h, "line", "x1", a, "y1", b, "x2", c, "y2", d, "stroke", col, "stroke-width", "3",
				       "class", back ? "back" : "jump", NULL);
				h_elem(h, "title", tip, NULL);
				h_close(h);
			} else {
				h_empty(h, "line", "x1", a, "y1", b, "x2", c, "y2", d, "stroke", col, "stroke-width", "1.5", NULL);
			}
		}
		prev = s;
	}
	for (size_t i = 0; i < t->n_calls; i++) {
		const struct sc_tcall *k = &t->calls[i];
		int32_t kc = k->has_clock ? k->clock : 0; /* gettimeofday and time read CLOCK_REALTIME */
		if (kc != clk || !k->ok || k->ns < lo - (hi - lo) || k->ns > hi + (hi - lo))
			continue;
		double y = YOF(k->ns < lo ? lo : k->ns > hi ? hi : k->ns);
		num(a, sizeof a, xof(f, k->counter));
		num(b, sizeof b, y);
		fmt_ns(v0, sizeof v0, k->ns);
		snprintf(tip, sizeof tip, "%s: %s (%s path, %llu retries) at counter %llu", k->name, v0,
			 k->vdso ? "vdso" : "syscall", (unsigned long long)k->retries, (unsigned long long)k->counter);
		h_open(h, "circle", "cx", a, "cy", b, "r", "4", "fill", "#fff", "stroke", "#000", "stroke-width", "1.5",
		       "class", "call", NULL);
		h_elem(h, "title", tip, NULL);
		h_close(h);
	}
#undef YOF
}

static void one(struct html *h, const struct scenario *s, const struct sc_outcome *o, const struct sc_trace *t, size_t idx)
{
	char id[32], a[32], b[32], c[32], d[32], tip[200];
	snprintf(id, sizeof id, "s%zu", idx);
	h_open(h, "section", "class", "tl", "id", id, NULL);
	h_open(h, "h2", NULL);
	h_text(h, "%s", s->name);
	h_close(h);
	h_open(h, "p", NULL);
	h_text(h, "%s, image %s: %s, %zu calls.", s->file, s->image,
	       o->status == SC_PASS ? "passed" : o->status == SC_FAIL ? "failed" : "skipped", o->calls);
	h_close(h);
	if (!t->n_samples && !t->n_calls) {
		h_elem(h, "p", o->status == SC_SKIP && o->n_messages ? o->messages[0] : "nothing to draw", NULL);
		h_close(h);
		return;
	}
	struct frame f = { UINT64_MAX, 0, 0 };
	for (size_t i = 0; i < t->n_samples; i++) {
		f.c0 = t->samples[i].counter < f.c0 ? t->samples[i].counter : f.c0;
		f.c1 = t->samples[i].counter > f.c1 ? t->samples[i].counter : f.c1;
	}
	for (size_t i = 0; i < t->n_marks; i++) {
		f.c0 = t->marks[i].counter < f.c0 ? t->marks[i].counter : f.c0;
		f.c1 = t->marks[i].counter > f.c1 ? t->marks[i].counter : f.c1;
	}
	for (size_t i = 0; i < t->n_calls; i++) {
		f.c0 = t->calls[i].counter < f.c0 ? t->calls[i].counter : f.c0;
		f.c1 = t->calls[i].counter > f.c1 ? t->calls[i].counter : f.c1;
	}
	if (f.c1 == f.c0)
		f.c1 = f.c0 + 1;
	f.x_per = (double)(W - LEFT - RIGHT) / (double)(f.c1 - f.c0);
	int height = TOP + NCLK * (PANEL + GAP) + 24;
	snprintf(a, sizeof a, "0 0 %d %d", W, height);
	snprintf(b, sizeof b, "%d", W);
	snprintf(c, sizeof c, "%d", height);
	h_open(h, "svg", "xmlns", "http://www.w3.org/2000/svg", "viewBox", a, "width", b, "height", c, "role", "img",
	       "aria-label", s->name, NULL);
	for (int p = 0; p < NCLK; p++)
		panel(h, t, &f, p, clocks[p]);
	for (size_t i = 0; i < t->n_marks; i++) {
		const struct sc_mark *m = &t->marks[i];
		num(a, sizeof a, xof(&f, m->counter));
		num(b, sizeof b, TOP - 6);
		num(c, sizeof c, TOP + NCLK * (PANEL + GAP) - GAP);
		snprintf(tip, sizeof tip, "%zu. %s at counter %llu", i + 1, m->label, (unsigned long long)m->counter);
		h_open(h, "line", "x1", a, "y1", b, "x2", a, "y2", c, "stroke", mark_colour(m->kind), "stroke-dasharray", "4 3",
		       "stroke-width", "1.2", "class", "mark", NULL);
		h_elem(h, "title", tip, NULL);
		h_close(h);
		snprintf(d, sizeof d, "%zu", i + 1);
		num(c, sizeof c, TOP - 10);
		h_elem(h, "text", d, "x", a, "y", c, "font-size", "10", "text-anchor", "middle", "fill", mark_colour(m->kind), NULL);
	}
	/* the x axis: counter values, and the time they stand for */
	num(a, sizeof a, (double)height - 8);
	snprintf(tip, sizeof tip, "counter %llu", (unsigned long long)f.c0);
	snprintf(b, sizeof b, "%d", LEFT);
	h_elem(h, "text", tip, "x", b, "y", a, "font-size", "10", NULL);
	snprintf(tip, sizeof tip, "%llu (+%.6f s at %llu Hz)", (unsigned long long)f.c1,
		 (double)(f.c1 - f.c0) / (double)(t->freq_hz ? t->freq_hz : 1), (unsigned long long)t->freq_hz);
	snprintf(b, sizeof b, "%d", W - RIGHT);
	h_elem(h, "text", tip, "x", b, "y", a, "font-size", "10", "text-anchor", "end", NULL);
	h_close(h); /* svg */
	if (t->n_marks) {
		h_open(h, "ul", "class", "ev", NULL);
		for (size_t i = 0; i < t->n_marks; i++) {
			h_open(h, "li", NULL);
			h_text(h, "%zu. %s at counter %llu", i + 1, t->marks[i].label, (unsigned long long)t->marks[i].counter);
			h_close(h);
		}
		h_close(h);
	}
	for (size_t m = 0; o->status == SC_FAIL && m < o->n_messages; m++)
		h_elem(h, "p", o->messages[m], "class", "fail", NULL);
	h_close(h);
}

int timeline_html(const char *path, struct scenario **sc, const struct sc_outcome *out, const struct sc_trace *tr,
		  const int *mine, size_t n)
{
	struct html h;
	if (html_begin(&h, path, "vdsosim timeline", REPORT_CSS))
		return -1;
	h_elem(&h, "h1", "vdsosim timeline", NULL);
	h_elem(&h, "p", "Each scenario: the counter across; one panel per clock with the value the image's own "
			"clock_gettime returned, sampled at both ends of every stretch of constant state and evenly "
			"between (blue; a step backwards red, a jump purple); the scenario's own calls as dots; the "
			"ticks, NTP changes, clock set, events and injections as numbered dashed lines.", NULL);
	for (size_t i = 0; i < n; i++)
		if (mine[i])
			one(&h, sc[i], &out[i], &tr[i], i);
	return html_end(&h);
}
