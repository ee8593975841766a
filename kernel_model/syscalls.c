/* What the kernel's syscalls answer at a given counter value (kernel/time/posix-timers.c,
 * posix-cpu-timers.c, alarmtimer.c, timekeeping.c). Return 0 or -errno, Linux numbering. */
#include "model.h"

#define S64_MAX 0x7fffffffffffffffULL
#define BIT62 (1ULL << 62)

uint64_t vs_model_delta_ns(const vdsosim_model *m, uint64_t cycles, uint64_t last, uint32_t mult, uint32_t shift,
			   uint64_t max_cycles, uint64_t base)
{
	int math = m->era ? m->era->math : VS_MATH_X86_OVF;
	uint64_t delta = cycles - last;
	switch (math) {
	case VS_MATH_X86_CLAMP:
		return cycles > last ? (delta * mult + base) >> shift : base >> shift;
	case VS_MATH_X86_S64:
		delta &= S64_MAX;
		return delta & BIT62 ? base >> shift : (delta * mult + base) >> shift;
	case VS_MATH_GENERIC:
		return (((delta & m->cs.mask) * mult) + base) >> shift;
	default:
		if (delta > max_cycles) {
			if (delta & BIT62)
				return base >> shift;
			return vs_mul_u64_u32_add_u64_shr(delta & S64_MAX, mult, base, shift);
		}
		return (delta * mult + base) >> shift;
	}
}

static uint64_t cycles_now(const vdsosim_model *m, uint64_t counter)
{
	uint64_t c = vs_model_cycles(m, counter);
	return m->era ? c & m->era->counter_mask : c;
}

static struct vdsosim_timespec realtime(const vdsosim_model *m, uint64_t counter)
{
	uint64_t ns = vs_model_delta_ns(m, cycles_now(m, counter), m->cycle_last, m->mult, m->shift, m->cs.max_cycles,
				       m->xtime_nsec);
	struct vdsosim_timespec t = { (int64_t)(m->xtime_sec + ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
	return t;
}

static struct vdsosim_timespec add(struct vdsosim_timespec t, int64_t sec, int64_t nsec)
{
	t.sec += sec;
	t.nsec += nsec;
	vs_ts_norm(&t);
	return t;
}

enum { CLK_RT, CLK_MONO, CLK_PCPU, CLK_TCPU, CLK_RAW, CLK_RT_COARSE, CLK_MONO_COARSE, CLK_BOOT, CLK_RT_ALARM,
       CLK_BOOT_ALARM, CLK_SGI, CLK_TAI, CLK_AUX = 16, CLK_AUX_LAST = 23 };

/* Negative ids are CPU clocks: pid/tid in the high bits, clock kind in the low three. Only the
 * calling process and thread (pid 0) exist in the model. */
static int cpu_clock(const vdsosim_model *m, int32_t clk, struct vdsosim_timespec *ts, int res)
{
	uint32_t which = (uint32_t)clk & 3, pid = ~(uint32_t)clk >> 3;
	if (which == 3 || ((uint32_t)clk & 7) == 3 || pid != 0)
		return -LX_EINVAL;
	int thread = (uint32_t)clk & 4;
	if (res) {
		*ts = (struct vdsosim_timespec){ 0, which == 2 ? 1 : (int64_t)((NSEC_PER_SEC + m->st.hz - 1) / m->st.hz) };
		return 0;
	}
	uint64_t ns = thread ? m->st.thread_cputime_ns : m->st.process_cputime_ns;
	*ts = (struct vdsosim_timespec){ (int64_t)(ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
	return 0;
}

static int clock_gettime_root(const vdsosim_model *m, uint64_t counter, int32_t clk, struct vdsosim_timespec *ts);

/* Inside a time namespace the syscall adds the namespace's offsets (timens_add_monotonic/boottime). */
int vdsosim_model_clock_gettime(const vdsosim_model *m, uint64_t counter, int32_t clk, struct vdsosim_timespec *ts)
{
	int r = clock_gettime_root(m, counter, clk, ts);
	if (r || !m->ns.active)
		return r;
	if (clk == CLK_MONO || clk == CLK_RAW || clk == CLK_MONO_COARSE)
		*ts = add(*ts, 0, m->ns.mono_ns);
	else if (clk == CLK_BOOT || clk == CLK_BOOT_ALARM)
		*ts = add(*ts, 0, m->ns.boot_ns);
	return 0;
}

static int clock_gettime_root(const vdsosim_model *m, uint64_t counter, int32_t clk, struct vdsosim_timespec *ts)
{
	struct vdsosim_timespec rt;
	if (clk < 0)
		return cpu_clock(m, clk, ts, 0);
	switch (clk) {
	case CLK_RT:
	case CLK_RT_ALARM: *ts = realtime(m, counter); return 0;
	case CLK_MONO: *ts = add(realtime(m, counter), m->wtm_sec, m->wtm_nsec); return 0;
	case CLK_BOOT:
	case CLK_BOOT_ALARM:
		*ts = add(add(realtime(m, counter), m->wtm_sec, m->wtm_nsec), 0, m->boot_ns);
		return 0;
	case CLK_TAI: *ts = add(realtime(m, counter), m->tai, 0); return 0;
	case CLK_RAW: {
		uint64_t ns = vs_model_delta_ns(m, cycles_now(m, counter), m->cycle_last, m->cs.mult, m->cs.shift,
					       m->cs.max_cycles, m->raw_nsec);
		*ts = (struct vdsosim_timespec){ (int64_t)(m->raw_sec + ns / NSEC_PER_SEC), (int64_t)(ns % NSEC_PER_SEC) };
		return 0;
	}
	case CLK_RT_COARSE:
	case CLK_MONO_COARSE:
		rt = (struct vdsosim_timespec){ (int64_t)m->xtime_sec, (int64_t)(m->xtime_nsec >> m->shift) };
		*ts = clk == CLK_RT_COARSE ? rt : add(rt, m->wtm_sec, m->wtm_nsec);
		return 0;
	case CLK_PCPU: return cpu_clock(m, -6, ts, 0); /* MAKE_PROCESS_CPUCLOCK(0, CPUCLOCK_SCHED) */
	case CLK_TCPU: return cpu_clock(m, -2, ts, 0); /* MAKE_THREAD_CPUCLOCK(0, CPUCLOCK_SCHED) */
	default:
		if (clk >= CLK_AUX && clk <= CLK_AUX_LAST && m->era && m->era->aux_clock_ids)
			return -LX_ENODEV; /* aux clocks exist but none is enabled */
		return -LX_EINVAL;
	}
}

int vdsosim_model_clock_getres(const vdsosim_model *m, int32_t clk, struct vdsosim_timespec *ts)
{
	int64_t tick = (int64_t)((NSEC_PER_SEC + m->st.hz / 2) / m->st.hz);
	int64_t hres = m->st.highres ? 1 : tick;
	if (clk < 0)
		return cpu_clock(m, clk, ts, 1);
	switch (clk) {
	case CLK_RT:
	case CLK_MONO:
	case CLK_RAW:
	case CLK_BOOT:
	case CLK_TAI:
	case CLK_RT_ALARM:
	case CLK_BOOT_ALARM: *ts = (struct vdsosim_timespec){ 0, hres }; return 0;
	case CLK_RT_COARSE:
	case CLK_MONO_COARSE: *ts = (struct vdsosim_timespec){ 0, tick }; return 0;
	case CLK_PCPU:
	case CLK_TCPU: *ts = (struct vdsosim_timespec){ 0, 1 }; return 0;
	default:
		if (clk >= CLK_AUX && clk <= CLK_AUX_LAST && m->era && m->era->aux_clock_ids) {
			*ts = (struct vdsosim_timespec){ 0, 1 }; /* aux_get_res(): valid even when disabled */
			return 0;
		}
		return -LX_EINVAL;
	}
}

/* time(2) is ktime_get_real_seconds(): xtime_sec as of the last update, no counter delta. */
int64_t vdsosim_model_time(const vdsosim_model *m) { return (int64_t)m->xtime_sec; }

#define BIT(n) (1u << (n))
#define HRES (BIT(CLK_RT) | BIT(CLK_MONO) | BIT(CLK_BOOT) | BIT(CLK_TAI))
#define COARSE (BIT(CLK_RT_COARSE) | BIT(CLK_MONO_COARSE))
#define RAW BIT(CLK_RAW)

/* lib/vdso/gettimeofday.c: which calls the generic vDSO (5.3+) answers without a syscall */
int vdsosim_model_serves(const vdsosim_model *m, enum vdsosim_func f, int32_t clk, uint64_t counter)
{
	/* x86 vdso_cycles_ok(): a counter value with bit 63 set means "use the syscall" */
	int x86 = !m->era || m->era->math != VS_MATH_GENERIC;
	int counter_ok = (m->cs.mode == VDSOSIM_MODE_TSC || m->cs.mode == VDSOSIM_MODE_NOCOMPAT ||
			  m->cs.mode == VDSOSIM_MODE_GIC ||
			  (m->cs.mode == VDSOSIM_MODE_PVCLOCK && (m->pv.flags & 1)) ||
			  (m->cs.mode == VDSOSIM_MODE_HVCLOCK && m->hv.sequence != 0)) &&
			 !(m->modes_unbuilt & (1u << m->cs.mode)) && (!x86 || (int64_t)cycles_now(m, counter) >= 0);
	uint32_t bit = clk >= 0 && clk < 32 ? BIT(clk) : 0;
	uint32_t aux = m->era && m->era->aux_clock_ids ? 0xffu << CLK_AUX : 0;
	if (m->funcs_syscall & (1u << f))
		return 0;
	switch (vdsosim_func_base(f)) {
	case VDSOSIM_CLOCK_GETTIME:
	case VDSOSIM_CLOCK_GETTIME64: return (bit & COARSE) || ((bit & (HRES | RAW)) && counter_ok);
	case VDSOSIM_CLOCK_GETRES:
	case VDSOSIM_CLOCK_GETRES_TIME64: return (bit & (HRES | COARSE | RAW | aux)) != 0;
	case VDSOSIM_GETTIMEOFDAY: return counter_ok;
	default: return 1;
	}
}

void vdsosim_model_random(uint64_t draw, void *out, size_t n)
{
	uint64_t x = 0x7664736f73696d00ULL ^ draw; /* "vdsosim\0" */
	uint8_t *p = out;
	for (size_t i = 0; i < n; i += 8) {
		uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
		z ^= z >> 31;
		for (size_t k = 0; k < 8 && i + k < n; k++)
			p[i + k] = (uint8_t)(z >> (8 * k));
	}
}
