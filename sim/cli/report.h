/* vdsosim report: what every image does, gathered once (survey rows, explore verdicts per
 * instruction) and drawn as a self-contained HTML page (report_html.c) or a Markdown matrix. */
#ifndef VDSOSIM_REPORT_H
#define VDSOSIM_REPORT_H
#include "cli.h"

/* explore verdicts aggregated per function x instruction x event */
struct hm_cell { uint16_t func, event; uint8_t in_section; uint64_t pc; uint64_t n[VDSOSIM_NVERDICTS]; };

struct rimg {
	const char *path;
	vdsosim_image *img;
	vdsosim_profile *prof;
	const struct vdsosim_image_info *info;
	int emulated;
	char why[1024];           /* why not emulated */
	struct vdsosim_survey_row *rows;
	size_t n_rows;
	struct hm_cell *cells;    /* sorted by func, pc, event */
	size_t n_cells, cap_cells;
	struct vdsosim_explore_stats ex;
	char modes[4][24];        /* the family's clock modes, in survey order */
	int n_modes;
};

/* matrix rows: function x clock slot (slot 0: the invalid id -1, 1..12: ids 0..11, 13: no clock) */
enum { RSLOTS = 14 };
struct report {
	struct rimg *im;
	size_t n;
	int present[VDSOSIM_NFUNCS][RSLOTS];
	size_t n_matrix_rows;
};
int rslot_clock(int slot); /* the clock id of a slot (-1 for slot 0) */
/* the survey rows of image i for a matrix row, in mode order; returns how many */
size_t report_cell(const struct report *r, size_t i, int func, int slot, const struct vdsosim_survey_row **out, size_t max);

int report_html(const struct report *r, const char *path);

#endif
