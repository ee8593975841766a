/* Timekeeper and hypervisor events: what each does to the model (the kernel function it mirrors
 * in the comment), and the clock mode it starts from. One table. */
#include <string.h>

#include "err.h"
#include "model.h"

static int ev_tick(vdsosim_model *m, uint64_t c) { return vdsosim_model_tick(m, c); }
static int ev_ntp(vdsosim_model *m, uint64_t c) { return vdsosim_model_ntp_adjust(m, c, (int32_t)(m->cs.maxadj / 4)); }
static int ev_slew(vdsosim_model *m, uint64_t c) { return vdsosim_model_ntp_adjust(m, c, -(int32_t)(m->cs.mult / 2000)); }

static int ev_settime(vdsosim_model *m, uint64_t c)
{
	struct vdsosim_timespec t;
	vdsosim_model_clock_gettime(m, c, 0, &t);
	t.nsec += 500000000;
	vs_ts_norm(&t);
	return vdsosim_model_settimeofday(m, c, t.sec + 1, (uint32_t)t.nsec);
}

/* __timekeeping_inject_sleeptime(): xtime and offs_boot move, monotonic does not */
static int ev_suspend(vdsosim_model *m, uint64_t c)
{
	vs_model_forward_now(m, c);
	m->xtime_sec += 3600;
	m->wtm_sec -= 3600;
	m->boot_ns += 3600LL * 1000000000LL;
	m->seq += 2;
	return 0;
}

/* accumulate_nsecs_to_secs() inserting a leap second: xtime_sec--, wall_to_monotonic++, TAI++ */
static int ev_leap(vdsosim_model *m, uint64_t c)
{
	vs_model_forward_now(m, c);
	m->xtime_sec -= 1;
	m->wtm_sec += 1;
	m->tai += 1;
	m->seq += 2;
	return 0;
}

static int ev_to_hpet(vdsosim_model *m, uint64_t c) { return vs_model_change_clocksource(m, c, VDSOSIM_MODE_NONE); }
static int ev_to_tsc(vdsosim_model *m, uint64_t c) { return vs_model_change_clocksource(m, c, VDSOSIM_MODE_TSC); }
static int ev_to_pv(vdsosim_model *m, uint64_t c) { return vs_model_change_clocksource(m, c, VDSOSIM_MODE_PVCLOCK); }

/* kvm_guest_time_update(): a new (tsc_timestamp, system_time) pair, continuous at the counter */
static int ev_pv_update(vdsosim_model *m, uint64_t c)
{
	m->pv.system_time = vs_model_cycles(m, c);
	m->pv.tsc_timestamp = c;
	m->pv.version += 2;
	return 0;
}

static int ev_pv_flags(vdsosim_model *m, uint8_t flags)
{
	m->pv.flags = flags;
	m->pv.version += 2;
	return 0;
}
static int ev_pv_unstable(vdsosim_model *m, uint64_t c) { return (void)c, ev_pv_flags(m, 0); }
static int ev_pv_stable(vdsosim_model *m, uint64_t c) { return (void)c, ev_pv_flags(m, 1); }

static int ev_hv_invalid(vdsosim_model *m, uint64_t c)
{
	(void)c;
	m->hv.sequence = 0;
	return 0;
}

static int ev_timens(vdsosim_model *m, uint64_t c)
{
	(void)c;
	m->ns.active = 1;
	m->ns.mono_ns = 100000LL * 1000000000LL;
	m->ns.boot_ns = 200000LL * 1000000000LL;
	return 0;
}

/* crng_reseed(): vdso_k_rng_data->generation = base_crng.generation + 1, outside the seqcount */
static int ev_reseed(vdsosim_model *m, uint64_t c)
{
	(void)c;
	m->rng_generation++;
	return 0;
}

static const struct {
	const char *name;
	enum vdsosim_clock_mode base;
	int (*prep)(vdsosim_model *, uint64_t);    /* explore: puts the base state in place */
	int (*apply)(vdsosim_model *, uint64_t);
	enum vdsosim_event landing;                 /* what lands inside a read: the event itself but timens */
	int rng_only;                               /* changes nothing a time function reads */
} events[VDSOSIM_NEVENTS] = {
	[VDSOSIM_EV_TICK] = { "tick", VDSOSIM_MODE_TSC, NULL, ev_tick, VDSOSIM_EV_TICK },
	[VDSOSIM_EV_NTP] = { "ntp", VDSOSIM_MODE_TSC, NULL, ev_ntp, VDSOSIM_EV_NTP },
	[VDSOSIM_EV_SETTIME] = { "settimeofday", VDSOSIM_MODE_TSC, NULL, ev_settime, VDSOSIM_EV_SETTIME },
	[VDSOSIM_EV_SLEW] = { "adjtime", VDSOSIM_MODE_TSC, NULL, ev_slew, VDSOSIM_EV_SLEW },
	[VDSOSIM_EV_SUSPEND] = { "suspend", VDSOSIM_MODE_TSC, NULL, ev_suspend, VDSOSIM_EV_SUSPEND },
	[VDSOSIM_EV_LEAP] = { "leap", VDSOSIM_MODE_TSC, NULL, ev_leap, VDSOSIM_EV_LEAP },
	[VDSOSIM_EV_TO_HPET] = { "tsc-to-hpet", VDSOSIM_MODE_TSC, NULL, ev_to_hpet, VDSOSIM_EV_TO_HPET },
	[VDSOSIM_EV_TO_TSC] = { "hpet-to-tsc", VDSOSIM_MODE_NONE, NULL, ev_to_tsc, VDSOSIM_EV_TO_TSC },
	[VDSOSIM_EV_TO_PVCLOCK] = { "tsc-to-pvclock", VDSOSIM_MODE_TSC, NULL, ev_to_pv, VDSOSIM_EV_TO_PVCLOCK },
	[VDSOSIM_EV_PV_UPDATE] = { "pvclock-update", VDSOSIM_MODE_PVCLOCK, NULL, ev_pv_update, VDSOSIM_EV_PV_UPDATE },
	[VDSOSIM_EV_PV_UNSTABLE] = { "pvclock-unstable", VDSOSIM_MODE_PVCLOCK, NULL, ev_pv_unstable, VDSOSIM_EV_PV_UNSTABLE },
	[VDSOSIM_EV_PV_STABLE] = { "pvclock-stable", VDSOSIM_MODE_PVCLOCK, ev_pv_unstable, ev_pv_stable, VDSOSIM_EV_PV_STABLE },
	[VDSOSIM_EV_HV_INVALID] = { "hvclock-invalid", VDSOSIM_MODE_HVCLOCK, NULL, ev_hv_invalid, VDSOSIM_EV_HV_INVALID },
	/* A task's vvar mapping never changes under it: entering a namespace is a state the whole
	 * call runs in, and what lands mid-read is a tick on the real page. */
	[VDSOSIM_EV_TIMENS] = { "timens", VDSOSIM_MODE_TSC, ev_timens, ev_timens, VDSOSIM_EV_TICK },
	[VDSOSIM_EV_STALL] = { "stalled-writer", VDSOSIM_MODE_TSC, NULL, ev_tick, VDSOSIM_EV_STALL },
	[VDSOSIM_EV_RESEED] = { "rng-reseed", VDSOSIM_MODE_TSC, NULL, ev_reseed, VDSOSIM_EV_RESEED, 1 },
};

const char *vdsosim_event_name(enum vdsosim_event ev) { return ev < VDSOSIM_NEVENTS ? events[ev].name : "?"; }

int vdsosim_event_parse(const char *s, enum vdsosim_event *out)
{
	for (int i = 0; i < VDSOSIM_NEVENTS; i++)
		if (s && !strcmp(s, events[i].name)) {
			*out = (enum vdsosim_event)i;
			return 0;
		}
	return vs_err(VDSOSIM_EARG, "unknown event '%s' (tick, ntp, settimeofday, adjtime, suspend, leap, tsc-to-hpet, "
				    "hpet-to-tsc, tsc-to-pvclock, pvclock-update, pvclock-unstable, pvclock-stable, "
				    "hvclock-invalid, timens, stalled-writer, rng-reseed)", s ? s : "");
}

enum vdsosim_clock_mode vdsosim_event_base_mode(enum vdsosim_event ev)
{
	return ev < VDSOSIM_NEVENTS ? events[ev].base : VDSOSIM_MODE_TSC;
}

int vdsosim_event_touches_time(enum vdsosim_event ev) { return ev < VDSOSIM_NEVENTS && !events[ev].rng_only; }

int vdsosim_event_prepare(vdsosim_model *m, enum vdsosim_event ev, uint64_t counter)
{
	return ev < VDSOSIM_NEVENTS && events[ev].prep ? events[ev].prep(m, counter) : 0;
}

enum vdsosim_event vdsosim_event_landing(enum vdsosim_event ev)
{
	return ev < VDSOSIM_NEVENTS ? events[ev].landing : ev;
}

int vdsosim_model_apply(vdsosim_model *m, enum vdsosim_event ev, uint64_t counter)
{
	if (ev >= VDSOSIM_NEVENTS)
		return vs_err(VDSOSIM_EARG, "unknown event %d", (int)ev);
	return events[ev].apply(m, counter);
}
