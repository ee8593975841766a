/* kernel/time/timekeeping.c, reduced to what the vDSO can observe. */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "model.h"

static const uint64_t hpet_freq = 14318180;

void vdsosim_state_default(struct vdsosim_state *st)
{
	memset(st, 0, sizeof *st);
	st->mode = VDSOSIM_MODE_TSC;
	st->freq_hz = 2600000000ULL;
	st->counter = 1000000000000ULL;
	st->realtime_sec = 1767225600; /* 2026-01-01T00:00:00Z */
	st->monotonic_sec = 1000;
	st->tai_offset = 37;
	st->hz = 250;
	st->highres = 1;
	st->process_cputime_ns = 1234567;
	st->thread_cputime_ns = 234567;
}

void vs_ts_norm(struct vdsosim_timespec *ts)
{
	int64_t q = ts->nsec / (int64_t)NSEC_PER_SEC, r = ts->nsec % (int64_t)NSEC_PER_SEC;
	if (r < 0) {
		r += NSEC_PER_SEC;
		q--;
	}
	ts->sec += q;
	ts->nsec = r;
}

static void norm_xtime(uint64_t *sec, uint64_t *nsec, uint32_t shift)
{
	uint64_t lim = NSEC_PER_SEC << shift;
	*sec += *nsec / lim;
	*nsec %= lim;
}

/* tk_setup_internals(): the tick length in cycles and in shifted ns */
static void setup_internals(vdsosim_model *m)
{
	uint64_t ntpinterval = (NSEC_PER_SEC / m->st.hz) << m->cs.shift;
	uint64_t interval = (ntpinterval + m->cs.mult / 2) / m->cs.mult;
	m->cycle_interval = interval ? interval : 1;
	m->xtime_interval = m->cycle_interval * m->cs.mult;
	m->raw_interval = m->cycle_interval * m->cs.mult;
}

/* The clocksource each mode stands for, as the kernel registers it. */
void vs_model_clocksource(const vdsosim_model *m, enum vdsosim_clock_mode mode, struct vs_clocksource *cs)
{
	uint64_t counter_mask = m->era && m->era->counter_bits < 64 ? (1ULL << m->era->counter_bits) - 1 : UINT64_MAX;
	switch (mode) {
	case VDSOSIM_MODE_TSC:
	case VDSOSIM_MODE_NOCOMPAT:
		if (m->era && m->era->counter_mult) { /* clocksource_register() with its own mult/shift */
			vs_clocksource_init(cs, mode, m->era->counter_hz, counter_mask, 1);
			cs->mult = m->era->counter_mult;
			cs->shift = m->era->counter_shift;
			cs->maxadj = (uint32_t)((uint64_t)cs->mult * 11 / 100);
			cs->max_cycles = vs_calc_max_cycles(cs->mult, cs->maxadj, counter_mask);
			break;
		}
		vs_clocksource_init(cs, mode, m->st.freq_hz, counter_mask, !m->era || m->era->counter_khz);
		break;
	case VDSOSIM_MODE_GIC: vs_clocksource_init(cs, mode, m->st.freq_hz, UINT64_MAX, 0); break;
	case VDSOSIM_MODE_PVCLOCK: vs_clocksource_init(cs, mode, NSEC_PER_SEC, UINT64_MAX, 0); break;
	case VDSOSIM_MODE_HVCLOCK: vs_clocksource_init(cs, mode, 10000000, UINT64_MAX, 0); break;
	default: vs_clocksource_init(cs, VDSOSIM_MODE_NONE, hpet_freq, 0xffffffffULL, 0); break;
	}
}

/* floor(num * 2^64 / den) for num < den, by long division (no floating point: exact everywhere) */
static uint64_t frac64(uint64_t num, uint64_t den)
{
	uint64_t q = 0, r = num;
	for (int i = 0; i < 64; i++) {
		int carry = (int)(r >> 63);
		r <<= 1;
		q <<= 1;
		if (carry || r >= den) {
			r -= den;
			q |= 1;
		}
	}
	return q;
}

/* arch/x86/kvm/x86.c kvm_get_time_scale(): TSC -> ns as 32.32 fixed point with a shift */
static void kvm_time_scale(uint64_t scaled_hz, uint64_t base_hz, int8_t *pshift, uint32_t *pmul)
{
	uint64_t scaled64 = scaled_hz, tps64 = base_hz;
	int32_t shift = 0;
	while (tps64 > scaled64 * 2 || tps64 & 0xffffffff00000000ULL) {
		tps64 >>= 1;
		shift--;
	}
	uint32_t tps32 = (uint32_t)tps64;
	while (tps32 <= scaled64 || scaled64 & 0xffffffff00000000ULL) {
		if (scaled64 & 0xffffffff00000000ULL || tps32 & 0x80000000)
			scaled64 >>= 1;
		else
			tps32 <<= 1;
		shift++;
	}
	*pshift = (int8_t)shift;
	*pmul = (uint32_t)((scaled64 << 32) / tps32);
}

static void pv_defaults(vdsosim_model *m)
{
	/* kvm-clock published at the state's counter with system_time = CLOCK_MONOTONIC */
	uint64_t f = m->st.freq_hz >= 1000000 ? m->st.freq_hz : 2600000000ULL;
	kvm_time_scale(NSEC_PER_SEC, f, &m->pv.shift, &m->pv.mul);
	m->pv.version = 2;
	m->pv.flags = 1; /* PVCLOCK_TSC_STABLE_BIT */
	m->pv.tsc_timestamp = m->st.counter;
	m->pv.system_time = (uint64_t)m->st.monotonic_sec * NSEC_PER_SEC + m->st.monotonic_nsec;
	/* Hyper-V reference page: 100 ns units = (tsc * scale >> 64) + offset */
	m->hv.sequence = 1;
	m->rng_generation = 1;
	m->hv.scale = f > 10000000 ? frac64(10000000, f) : UINT64_MAX;
	m->hv.offset = (int64_t)(m->pv.system_time / 100) - (int64_t)vs_mul_u64_u64_shr64(m->st.counter, m->hv.scale);
	m->hpet_scale = f > hpet_freq ? frac64(hpet_freq, f) : UINT64_MAX; /* slower counters: ~1:1 */
}

uint64_t vs_model_cycles(const vdsosim_model *m, uint64_t counter)
{
	switch (m->cs.mode) {
	case VDSOSIM_MODE_PVCLOCK: {
		uint64_t d = counter - m->pv.tsc_timestamp;
		d = m->pv.shift < 0 ? d >> -m->pv.shift : d << m->pv.shift;
		return m->pv.system_time + vs_mul_u64_u32_add_u64_shr(d, m->pv.mul, 0, 32);
	}
	case VDSOSIM_MODE_HVCLOCK:
		return vs_mul_u64_u64_shr64(counter, m->hv.scale) + (uint64_t)m->hv.offset;
	case VDSOSIM_MODE_NONE:
		return vs_mul_u64_u64_shr64(counter, m->hpet_scale) & m->cs.mask;
	default:
		return counter & m->cs.mask;
	}
}

int vs_model_init(vdsosim_model *m, const struct vs_model_config *cfg, const struct vdsosim_state *st)
{
	if (!st->hz || st->hz > 10000)
		return vs_err(VDSOSIM_EARG, "HZ must be between 1 and 10000 (got %u)", st->hz);
	if (st->mode >= VDSOSIM_NMODES)
		return vs_err(VDSOSIM_EARG, "unknown clock mode %d", (int)st->mode);
	if (st->freq_hz < 1000000 || st->freq_hz > 100000000000ULL)
		return vs_err(VDSOSIM_EARG, "counter frequency %llu Hz out of range (1 MHz to 100 GHz)",
			      (unsigned long long)st->freq_hz);
	if (st->realtime_nsec >= NSEC_PER_SEC || st->monotonic_nsec >= NSEC_PER_SEC)
		return vs_err(VDSOSIM_EARG, "nanoseconds must be below 1000000000");
	memset(m, 0, sizeof *m);
	m->st = *st;
	if (cfg->era && cfg->era->counter_hz) /* the architecture fixes the rate (s390 TOD) */
		m->st.freq_hz = cfg->era->counter_hz;
	if (cfg->era && cfg->era->no_numa)
		m->st.node = 0;
	m->kernel_version = cfg->kernel_version;
	m->era = cfg->era;
	m->modes_unbuilt = cfg->modes_unbuilt;
	m->funcs_syscall = cfg->funcs_syscall;
	vs_model_clocksource(m, st->mode, &m->cs);
	pv_defaults(m);
	m->mult = m->cs.mult;
	m->shift = m->cs.shift;
	setup_internals(m);
	m->cycle_last = vs_model_cycles(m, st->counter);
	m->xtime_sec = (uint64_t)st->realtime_sec;
	m->xtime_nsec = (uint64_t)st->realtime_nsec << m->shift;
	struct vdsosim_timespec w = { st->monotonic_sec - st->realtime_sec,
				      (int64_t)st->monotonic_nsec - (int64_t)st->realtime_nsec };
	vs_ts_norm(&w);
	m->wtm_sec = w.sec;
	m->wtm_nsec = w.nsec;
	struct vdsosim_timespec raw = { st->monotonic_sec, (int64_t)st->monotonic_nsec + st->raw_offset_ns };
	vs_ts_norm(&raw);
	m->raw_sec = (uint64_t)raw.sec;
	m->raw_nsec = (uint64_t)raw.nsec << m->cs.shift;
	m->boot_ns = st->boot_offset_ns;
	m->tai = st->tai_offset;
	m->seq = 2;
	return 0;
}

int vs_model_create(vdsosim_model **out, const struct vs_model_config *cfg, const struct vdsosim_state *st)
{
	*out = NULL;
	if (!st)
		return vs_err(VDSOSIM_EARG, "a model needs a state");
	vdsosim_model *m = calloc(1, sizeof *m);
	if (!m)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	int r = vs_model_init(m, cfg, st);
	if (r) {
		free(m);
		return r;
	}
	*out = m;
	return 0;
}

int vdsosim_model_new_generic(vdsosim_model **out, const char *arch, uint32_t kernel_version,
			      const struct vdsosim_state *st)
{
	struct vs_model_config cfg = { arch ? vs_layout_find(arch, kernel_version) : NULL, kernel_version, 0, 0 };
	return vs_model_create(out, &cfg, st);
}

int vdsosim_model_reset(vdsosim_model *m, const struct vdsosim_state *st)
{
	struct vs_model_config cfg = { m->era, m->kernel_version, m->modes_unbuilt, m->funcs_syscall };
	vdsosim_model tmp;
	int r = vs_model_init(&tmp, &cfg, st); /* a bad state leaves the model as it was */
	if (!r)
		*m = tmp;
	return r;
}

void vdsosim_model_free(vdsosim_model *m) { free(m); }

int vdsosim_model_dup(vdsosim_model **out, const vdsosim_model *src)
{
	*out = malloc(sizeof **out);
	if (!*out)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	**out = *src;
	return 0;
}

void vdsosim_model_assign(vdsosim_model *dst, const vdsosim_model *src) { *dst = *src; }

const struct vdsosim_state *vdsosim_model_state(const vdsosim_model *m) { return &m->st; }
void vs_model_set_cpu(vdsosim_model *m, uint32_t cpu) { m->st.cpu = cpu; }

/* timekeeping_advance(): accumulate whole tick intervals, keep the remainder in the counter */
int vdsosim_model_tick(vdsosim_model *m, uint64_t counter)
{
	uint64_t offset = (vs_model_cycles(m, counter) - m->cycle_last) & m->cs.mask;
	if (offset < m->cycle_interval)
		return 0;
	uint64_t n = offset / m->cycle_interval;
	/* chunks small enough that n * interval << shift cannot overflow */
	uint64_t chunk_max = (UINT64_MAX >> 2) / (m->xtime_interval > m->raw_interval ? m->xtime_interval : m->raw_interval);
	if (!chunk_max)
		chunk_max = 1;
	while (n) {
		uint64_t k = n < chunk_max ? n : chunk_max;
		m->cycle_last += k * m->cycle_interval;
		m->xtime_nsec += k * m->xtime_interval;
		m->raw_nsec += k * m->raw_interval;
		norm_xtime(&m->xtime_sec, &m->xtime_nsec, m->shift);
		norm_xtime(&m->raw_sec, &m->raw_nsec, m->cs.shift);
		n -= k;
	}
	m->cycle_last &= m->cs.mask;
	m->seq += 2;
	return 0;
}

/* timekeeping_forward_now(): accumulate everything up to the counter */
void vs_model_forward_now(vdsosim_model *m, uint64_t counter)
{
	uint64_t cycles = vs_model_cycles(m, counter), delta = (cycles - m->cycle_last) & m->cs.mask;
	m->cycle_last = cycles;
	m->xtime_nsec += delta * m->mult;
	m->raw_nsec += delta * m->cs.mult;
	norm_xtime(&m->xtime_sec, &m->xtime_nsec, m->shift);
	norm_xtime(&m->raw_sec, &m->raw_nsec, m->cs.shift);
}

/* timekeeping_apply_adjustment(): mult changes, time stays continuous at the counter */
int vdsosim_model_ntp_adjust(vdsosim_model *m, uint64_t counter, int32_t mult_adj)
{
	int64_t nm = (int64_t)m->mult + mult_adj;
	if (nm <= 0 || nm > UINT32_MAX || (uint64_t)nm > (uint64_t)m->cs.mult + m->cs.maxadj ||
	    (uint64_t)nm < (uint64_t)m->cs.mult - m->cs.maxadj)
		return vs_err(VDSOSIM_EARG, "NTP adjustment %d takes mult outside the clocksource's +-11%%", mult_adj);
	vdsosim_model_tick(m, counter);
	uint64_t offset = (vs_model_cycles(m, counter) - m->cycle_last) & m->cs.mask;
	m->mult = (uint32_t)nm;
	m->xtime_interval += m->cycle_interval * (uint64_t)(int64_t)mult_adj;
	m->xtime_nsec -= offset * (uint64_t)(int64_t)mult_adj;
	/* timekeeping_adjust(): a speed-up right after a second boundary borrows a second */
	if ((int64_t)m->xtime_nsec < 0) {
		m->xtime_nsec += NSEC_PER_SEC << m->shift;
		m->xtime_sec--;
	}
	m->seq += 2;
	return 0;
}

int vdsosim_model_settimeofday(vdsosim_model *m, uint64_t counter, int64_t sec, uint32_t nsec)
{
	if (nsec >= NSEC_PER_SEC || sec < 0)
		return vs_err(VDSOSIM_EARG, "settimeofday: invalid time %lld.%09u", (long long)sec, nsec);
	vs_model_forward_now(m, counter);
	struct vdsosim_timespec d = { sec - (int64_t)m->xtime_sec,
				      (int64_t)nsec - (int64_t)(m->xtime_nsec >> m->shift) };
	vs_ts_norm(&d);
	struct vdsosim_timespec w = { m->wtm_sec - d.sec, m->wtm_nsec - d.nsec };
	vs_ts_norm(&w);
	m->wtm_sec = w.sec;
	m->wtm_nsec = w.nsec;
	m->xtime_sec = (uint64_t)sec;
	m->xtime_nsec = (uint64_t)nsec << m->shift;
	m->seq += 2;
	return 0;
}

/* change_clocksource() + tk_setup_internals(): continuous at the counter */
int vs_model_change_clocksource(vdsosim_model *m, uint64_t counter, enum vdsosim_clock_mode mode)
{
	vs_model_forward_now(m, counter);
	uint32_t old_shift = m->cs.shift;
	vs_model_clocksource(m, mode, &m->cs);
	m->cycle_last = vs_model_cycles(m, counter);
	if (m->cs.shift >= old_shift) {
		m->xtime_nsec <<= m->cs.shift - old_shift;
		m->raw_nsec <<= m->cs.shift - old_shift;
	} else {
		m->xtime_nsec >>= old_shift - m->cs.shift;
		m->raw_nsec >>= old_shift - m->cs.shift;
	}
	m->shift = m->cs.shift;
	m->mult = m->cs.mult;
	setup_internals(m);
	m->st.mode = mode;
	m->seq += 2;
	return 0;
}

void vdsosim_model_view(const vdsosim_model *m, struct vdsosim_tk_view *v)
{
	*v = (struct vdsosim_tk_view){ m->cycle_last, m->cs.mask, m->cs.max_cycles, m->cs.max_cycles, m->mult,
				       m->shift, m->cs.mult, m->cs.shift, m->xtime_sec, m->xtime_nsec,
				       m->raw_sec, m->raw_nsec, m->wtm_sec, m->wtm_nsec, m->boot_ns, m->tai };
	v->maxadj = m->cs.maxadj;
	v->mode = m->cs.mode;
	v->freq_hz = m->cs.freq_hz;
	v->in_timens = m->ns.active;
	v->counter_lags = !m->era || m->era->math != VS_MATH_GENERIC;
	v->max_cycles_checked = m->era && m->era->math == VS_MATH_X86_OVF;
}
