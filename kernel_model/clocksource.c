/* kernel/time/clocksource.c: mult/shift and max_cycles exactly as the kernel derives them. */
#include "model.h"

void vs_calc_mult_shift(uint32_t *mult, uint32_t *shift, uint32_t from, uint32_t to, uint32_t maxsec)
{
	uint64_t tmp;
	uint32_t sft, sftacc = 32;
	tmp = ((uint64_t)maxsec * from) >> 32;
	while (tmp) {
		tmp >>= 1;
		sftacc--;
	}
	for (sft = 32; sft > 0; sft--) {
		tmp = (uint64_t)to << sft;
		tmp += from / 2;
		tmp /= from;
		if ((tmp >> sftacc) == 0)
			break;
	}
	*mult = (uint32_t)tmp;
	*shift = sft;
}

uint64_t vs_calc_max_cycles(uint32_t mult, uint32_t maxadj, uint64_t mask)
{
	uint64_t max = UINT64_MAX / ((uint64_t)mult + maxadj);
	return max < mask ? max : mask;
}

static const char *const cs_names[VDSOSIM_NMODES] = { "hpet", "tsc", "kvm-clock", "hyperv_clocksource_tsc_page",
							"arch_sys_counter", "gic" };

void vs_clocksource_init(struct vs_clocksource *cs, enum vdsosim_clock_mode mode, uint64_t freq_hz, uint64_t mask,
			int khz)
{
	/* __clocksource_register_scale() takes a u32 rate: the x86 TSC registers tsc_khz
	 * (clocksource_register_khz), the rest Hz. No kernel registers 2^32 Hz or more in Hz, so
	 * such a rate is taken in kHz too rather than truncated to 32 bits. */
	uint32_t scale = khz || freq_hz > UINT32_MAX ? 1000 : 1;
	uint64_t freq = freq_hz / scale;
	if (!freq)
		freq = 1;
	uint64_t sec = mask / freq / scale;
	if (!sec)
		sec = 1;
	else if (sec > 600 && mask > UINT32_MAX)
		sec = 600;
	cs->mode = mode;
	cs->name = cs_names[mode];
	cs->freq_hz = freq_hz;
	cs->mask = mask;
	vs_calc_mult_shift(&cs->mult, &cs->shift, (uint32_t)freq, (uint32_t)(NSEC_PER_SEC / scale),
			   (uint32_t)(sec * scale));
	cs->maxadj = (uint32_t)((uint64_t)cs->mult * 11 / 100);
	while ((cs->mult + cs->maxadj < cs->mult) || (cs->mult - cs->maxadj > cs->mult)) {
		cs->mult >>= 1;
		cs->shift--;
		cs->maxadj = (uint32_t)((uint64_t)cs->mult * 11 / 100);
	}
	cs->max_cycles = vs_calc_max_cycles(cs->mult, cs->maxadj, mask);
}
