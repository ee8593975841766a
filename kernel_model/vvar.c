/* update_vsyscall() (kernel/time/vsyscall.c) serialised through a layout row, and its inverse
 * for raw snapshots. Byte order is the image's, never the host's. */
#include <string.h>

#include "bytes.h"
#include "err.h"
#include "model.h"

#define put vs_put
#define get vs_get

/* The writer performs its stores in the kernel's order; `limit` stops it part-way, which is what
 * a reader sees while a writer is stalled inside its critical section. */
struct writer {
	int be, step, limit;
};

static void w(struct writer *wr, uint8_t *p, uint64_t v, int n)
{
	if (wr->step++ < wr->limit)
		put(p, v, n, wr->be);
}

struct clk_ptr {
	uint8_t *p;
	const struct vs_clock_fields *f;
};

static void w_bt(struct writer *wr, struct clk_ptr c, int clk, uint64_t sec, uint64_t nsec)
{
	w(wr, c.p + c.f->basetime + 16 * clk, sec, 8);
	w(wr, c.p + c.f->basetime + 16 * clk + 8, nsec, 8);
}

static void w_params(struct writer *wr, struct clk_ptr c, uint64_t cycle_last, uint64_t max_cycles, uint64_t mask,
		     uint32_t mult, uint32_t shift)
{
	w(wr, c.p + c.f->cycle_last, cycle_last, 8);
	if (c.f->max_cycles >= 0)
		w(wr, c.p + c.f->max_cycles, max_cycles, 8);
	w(wr, c.p + c.f->mask, mask, 8);
	w(wr, c.p + c.f->mult, mult, 4);
	w(wr, c.p + c.f->shift, shift, 4);
}

static uint8_t *time_data(const struct vs_layout *l, uint8_t *pages, enum vs_page_role role)
{
	int i = vs_layout_page(l, role);
	return i < 0 ? NULL : pages + (size_t)i * l->page_size + l->data_off;
}

/* update_vsyscall(): vdso_write_begin, the fields, vdso_write_end */
static void write_time(struct writer *wr, const vdsosim_model *m, const struct vs_layout *l, uint8_t *base)
{
	struct clk_ptr c0 = { base + l->clock0_off, l->clk }, c1 = { c0.p + l->clock_stride, l->clk };
	uint32_t sh = m->shift;
	w(wr, c0.p + l->clk->seq, m->seq - 1, 4);
	w(wr, c1.p + l->clk->seq, m->seq - 1, 4);
	int32_t mode = l->mode_val[m->cs.mode];
	w(wr, c0.p + l->clk->clock_mode, (uint32_t)mode, 4);
	w(wr, c1.p + l->clk->clock_mode, (uint32_t)mode, 4);
	w_bt(wr, c0, 0, m->xtime_sec, m->xtime_nsec);
	w_bt(wr, c0, 5, m->xtime_sec, m->xtime_nsec >> sh);
	struct vdsosim_timespec mc = { (int64_t)m->xtime_sec + m->wtm_sec, (int64_t)(m->xtime_nsec >> sh) + m->wtm_nsec };
	vs_ts_norm(&mc);
	w_bt(wr, c0, 6, (uint64_t)mc.sec, (uint64_t)mc.nsec);
	uint32_t res = m->st.highres ? 1 : (uint32_t)((NSEC_PER_SEC + m->st.hz / 2) / m->st.hz);
	w(wr, base + l->hrtimer_res_off, res, 4);
	if (m->cs.mode != VDSOSIM_MODE_NONE) {
		/* update_vdso_data() */
		w_params(wr, c0, m->cycle_last, m->cs.max_cycles, m->cs.mask, m->mult, sh);
		w_params(wr, c1, m->cycle_last, m->cs.max_cycles, m->cs.mask, m->cs.mult, m->cs.shift);
		uint64_t lim = NSEC_PER_SEC << sh;
		uint64_t sec = m->xtime_sec + (uint64_t)m->wtm_sec, nsec = m->xtime_nsec + ((uint64_t)m->wtm_nsec << sh);
		while (nsec >= lim) {
			nsec -= lim;
			sec++;
		}
		w_bt(wr, c0, 1, sec, nsec);
		struct vdsosim_timespec boot = { 0, m->boot_ns };
		vs_ts_norm(&boot);
		sec += (uint64_t)boot.sec;
		nsec += (uint64_t)boot.nsec << sh;
		while (nsec >= lim) {
			nsec -= lim;
			sec++;
		}
		w_bt(wr, c0, 7, sec, nsec);
		w_bt(wr, c1, 4, m->raw_sec, m->raw_nsec);
		w_bt(wr, c0, 11, m->xtime_sec + (uint64_t)(int64_t)m->tai, m->xtime_nsec);
	}
	w(wr, c0.p + l->clk->seq, m->seq, 4);
	w(wr, c1.p + l->clk->seq, m->seq, 4);
	/* update_vsyscall_tz(): outside the seqcount */
	w(wr, base + l->tz_off, (uint32_t)m->st.tz_minuteswest, 4);
	w(wr, base + l->tz_off + 4, (uint32_t)m->st.tz_dsttime, 4);
}

/* timens_setup_vdso_clock_data(): seq 1 forever, clock_mode TIMENS, the namespace's offsets */
static void write_ns_clock(struct writer *wr, const vdsosim_model *m, const struct vs_layout *l, struct clk_ptr c)
{
	struct vdsosim_timespec mo = { 0, m->ns.mono_ns }, bo = { 0, m->ns.boot_ns };
	vs_ts_norm(&mo);
	vs_ts_norm(&bo);
	w(wr, c.p + l->clk->seq, 1, 4);
	w(wr, c.p + l->clk->clock_mode, (uint32_t)l->mode_timens, 4);
	w_params(wr, c, 0, 0, 0, 0, 0); /* a fresh page: everything else zero */
	for (int k = 0; k < 12; k++) {
		int mono = k == 1 || k == 4 || k == 6, boot = k == 7 || k == 9;
		w_bt(wr, c, k, mono ? (uint64_t)mo.sec : boot ? (uint64_t)bo.sec : 0,
		     mono ? (uint64_t)mo.nsec : boot ? (uint64_t)bo.nsec : 0);
	}
}

int vs_vvar_write_steps(const vdsosim_model *m, const struct vs_layout *l, uint8_t *pages, int be, int limit)
{
	struct writer wr = { be, 0, limit };
	int in_ns = m->ns.active && l->mode_timens && vs_layout_page(l, VS_PAGE_TIMENS) >= 0;
	uint8_t *base = time_data(l, pages, in_ns ? VS_PAGE_TIMENS : VS_PAGE_TIME);
	write_time(&wr, m, l, base);
	if (in_ns) {
		uint8_t *nsb = time_data(l, pages, VS_PAGE_TIME);
		for (int k = 0; k < 2 + l->n_aux; k++) {
			struct clk_ptr c = { nsb + (k < 2 ? l->clock0_off + k * l->clock_stride
							  : l->aux_off + (k - 2) * l->clock_stride), l->clk };
			write_ns_clock(&wr, m, l, c);
		}
	}
	int rp = l->rng_off >= 0 ? vs_layout_page(l, l->rng_role) : -1;
	if (rp >= 0) {
		uint8_t *rng = pages + (size_t)rp * l->page_size + l->rng_off;
		if (in_ns && l->rng_role == VS_PAGE_TIME) /* the rng data lives in the real page */
			rng = pages + (size_t)vs_layout_page(l, VS_PAGE_TIMENS) * l->page_size + l->rng_off;
		w(&wr, rng, m->rng_generation, 8); /* non-zero = valid */
		w(&wr, rng + 8, 1, 1); /* is_ready */
	}
	int pp = vs_layout_page(l, VS_PAGE_PVCLOCK);
	if (pp >= 0 && m->cs.mode == VDSOSIM_MODE_PVCLOCK) {
		/* the hypervisor's own protocol: version odd while it writes */
		uint8_t *pv = pages + (size_t)pp * l->page_size;
		w(&wr, pv, m->pv.version - 1, 4);
		w(&wr, pv + 8, m->pv.tsc_timestamp, 8);
		w(&wr, pv + 16, m->pv.system_time, 8);
		w(&wr, pv + 24, m->pv.mul, 4);
		w(&wr, pv + 28, (uint8_t)m->pv.shift, 1);
		w(&wr, pv + 29, m->pv.flags, 1);
		w(&wr, pv, m->pv.version, 4);
	}
	int hp = vs_layout_page(l, VS_PAGE_HVCLOCK);
	if (hp >= 0 && m->cs.mode == VDSOSIM_MODE_HVCLOCK) {
		uint8_t *hv = pages + (size_t)hp * l->page_size;
		w(&wr, hv + 8, m->hv.scale, 8);
		w(&wr, hv + 16, (uint64_t)m->hv.offset, 8);
		w(&wr, hv, m->hv.sequence, 4);
	}
	return wr.step;
}

void vs_vvar_write(const vdsosim_model *m, const struct vs_layout *l, uint8_t *pages, int be)
{
	vs_vvar_write_steps(m, l, pages, be, 1 << 30);
}

/* Shifted-ns difference a - b of two basetime entries, as a normalised timespec in ns. */
static struct vdsosim_timespec bt_diff(const uint8_t *a, const uint8_t *b, uint32_t sh, int be)
{
	int64_t ds = (int64_t)(get(a, 8, be) - get(b, 8, be));
	int64_t dn = (int64_t)(get(a + 8, 8, be) - get(b + 8, 8, be));
	struct vdsosim_timespec t = { ds, dn >> sh }; /* arithmetic shift: exact for multiples of 2^sh */
	vs_ts_norm(&t);
	return t;
}

int vs_vvar_read(vdsosim_model *m, const struct vs_layout *l, const uint8_t *pages, int be)
{
	const uint8_t *base = time_data(l, (uint8_t *)pages, VS_PAGE_TIME);
	const struct vs_clock_fields *f = l->clk;
	int32_t mode = (int32_t)get(base + l->clock0_off + f->clock_mode, 4, be);
	if (mode == l->mode_timens && l->mode_timens) {
		const uint8_t *real = time_data(l, (uint8_t *)pages, VS_PAGE_TIMENS);
		if (!real)
			return vs_err(VDSOSIM_EFORMAT, "snapshot is a time-namespace page but the layout has no real page");
		base = real;
		mode = (int32_t)get(base + l->clock0_off + f->clock_mode, 4, be);
	}
	int mi = -1;
	for (int i = 0; i < VDSOSIM_NMODES; i++)
		if (l->mode_name[i] && l->mode_val[i] == mode)
			mi = i;
	if (mi < 0)
		return vs_err(VDSOSIM_EFORMAT, "snapshot has clock_mode %d, unknown to layout %s", mode, l->name);
	const uint8_t *c0 = base + l->clock0_off, *c1 = c0 + l->clock_stride;
	m->era = l;
	m->cs.mode = (enum vdsosim_clock_mode)mi;
	m->seq = (uint32_t)get(c0 + f->seq, 4, be);
	m->cycle_last = get(c0 + f->cycle_last, 8, be);
	m->mult = (uint32_t)get(c0 + f->mult, 4, be);
	m->shift = (uint32_t)get(c0 + f->shift, 4, be);
	m->cs.mask = get(c0 + f->mask, 8, be);
	m->cs.mult = (uint32_t)get(c1 + f->mult, 4, be);
	m->cs.shift = (uint32_t)get(c1 + f->shift, 4, be);
	if (mi == VDSOSIM_MODE_NONE || !m->cs.mult || m->shift > 32 || m->cs.shift > 32) {
		/* hres fields are stale in mode NONE: keep the timekeeper on the coarse values */
		m->cs.mult = m->mult = 1u << 8;
		m->cs.shift = m->shift = 8;
		m->cs.mask = m->cs.mask ? m->cs.mask : 0xffffffffULL;
		mi = VDSOSIM_MODE_NONE;
		m->cs.mode = VDSOSIM_MODE_NONE;
	}
	m->cs.maxadj = (uint32_t)((uint64_t)m->cs.mult * 11 / 100);
	m->cs.max_cycles = f->max_cycles >= 0 ? get(c0 + f->max_cycles, 8, be)
					      : vs_calc_max_cycles(m->cs.mult, m->cs.maxadj, m->cs.mask);
	m->cs.freq_hz = (NSEC_PER_SEC << m->cs.shift) / m->cs.mult;
	const uint8_t *bt = c0 + f->basetime;
	if (mi == VDSOSIM_MODE_NONE) {
		m->xtime_sec = get(bt + 16 * 5, 8, be);
		m->xtime_nsec = get(bt + 16 * 5 + 8, 8, be) << m->shift;
		struct vdsosim_timespec w = bt_diff(bt + 16 * 6, bt + 16 * 5, 0, be);
		m->wtm_sec = w.sec;
		m->wtm_nsec = w.nsec;
		m->raw_sec = m->xtime_sec + (uint64_t)w.sec;
		m->raw_nsec = 0;
		m->boot_ns = 0;
		m->tai = 0;
	} else {
		m->xtime_sec = get(bt, 8, be);
		m->xtime_nsec = get(bt + 8, 8, be);
		struct vdsosim_timespec w = bt_diff(bt + 16 * 1, bt, m->shift, be);
		m->wtm_sec = w.sec;
		m->wtm_nsec = w.nsec;
		struct vdsosim_timespec b = bt_diff(bt + 16 * 7, bt + 16 * 1, m->shift, be);
		m->boot_ns = (int64_t)((uint64_t)b.sec * NSEC_PER_SEC + (uint64_t)b.nsec); /* wraps on a hostile snapshot */
		m->tai = (int32_t)(get(bt + 16 * 11, 8, be) - m->xtime_sec);
		m->raw_sec = get(c1 + f->basetime + 16 * 4, 8, be);
		m->raw_nsec = get(c1 + f->basetime + 16 * 4 + 8, 8, be);
	}
	uint32_t res = (uint32_t)get(base + l->hrtimer_res_off, 4, be);
	m->st.highres = res == 1;
	m->st.tz_minuteswest = (int32_t)get(base + l->tz_off, 4, be);
	m->st.tz_dsttime = (int32_t)get(base + l->tz_off + 4, 4, be);
	m->st.mode = m->cs.mode;
	if (mi == VDSOSIM_MODE_TSC) { /* otherwise the TSC timeline keeps the model's own frequency */
		m->st.freq_hz = m->cs.freq_hz;
		m->st.counter = m->cycle_last;
	}
	m->st.realtime_sec = (int64_t)m->xtime_sec;
	m->st.realtime_nsec = (uint32_t)(m->xtime_nsec >> m->shift);
	int pp = vs_layout_page(l, VS_PAGE_PVCLOCK);
	if (pp >= 0) {
		const uint8_t *pv = pages + (size_t)pp * l->page_size;
		m->pv.version = (uint32_t)get(pv, 4, be);
		m->pv.tsc_timestamp = get(pv + 8, 8, be);
		m->pv.system_time = get(pv + 16, 8, be);
		m->pv.mul = (uint32_t)get(pv + 24, 4, be);
		m->pv.shift = (int8_t)pv[28];
		m->pv.flags = pv[29];
	}
	int hp = vs_layout_page(l, VS_PAGE_HVCLOCK);
	if (hp >= 0) {
		const uint8_t *hv = pages + (size_t)hp * l->page_size;
		m->hv.sequence = (uint32_t)get(hv, 4, be);
		m->hv.scale = get(hv + 8, 8, be);
		m->hv.offset = (int64_t)get(hv + 16, 8, be);
	}
	return 0;
}
