/* libFuzzer: the ELF loader on arbitrary bytes (seeds: vdso_images/, the .dbg builds among them).
 * It must accept or reject with a message, never crash; on acceptance every query the CLI's
 * `info` makes must work, the alternatives patcher must decode and apply or refuse with a
 * message, and the DWARF reader and the layout made from it must read or refuse likewise. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "vdsosim.h"

/* the image's debug info, and a layout from it with every row of its arch as the semantics */
static void debug_layouts(const vdsosim_image *img)
{
	struct vs_debug *d;
	if (vs_debug_open(img, &d)) {
		if (!*vdsosim_last_error())
			__builtin_trap();
		return;
	}
	const struct vs_layout *rows[8];
	size_t n = d ? vs_layout_nearest(img->info.arch, img->info.kernel_version, rows, 8) : 0;
	for (size_t i = 0; i < n; i++)
		for (uint32_t ps = 4096; ps <= 65536; ps *= 4) {
			struct vs_layout_own o;
			char why[256] = "";
			if (vs_layout_from_debug(d, rows[i], ps, &o, why, sizeof why) ? !why[0]
			    : o.l.n_pages > 8 || o.l.page_size != ps || !o.l.clk)
				__builtin_trap();
		}
	vs_debug_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	vdsosim_image *img;
	if (vdsosim_image_open_memory(&img, data, len, "fuzz.so")) {
		if (!*vdsosim_last_error())
			__builtin_trap(); /* a rejection must say why */
		return 0;
	}
	const struct vdsosim_image_info *in = vdsosim_image_info(img);
	volatile size_t sink = strlen(in->arch) + strlen(in->build_id) + strlen(in->kernel_version_str);
	for (size_t i = 0; i < in->n_symbols; i++)
		sink += strlen(in->symbols[i].name) + strlen(in->symbols[i].version);
	for (int f = 0; f < VDSOSIM_NFUNCS; f++)
		sink += vdsosim_image_find(img, vdsosim_func_name((enum vdsosim_func)f)) != NULL;
	struct vdsosim_site *sites; /* every backend's decoder, the static ones (ppc64le, loongarch64) too */
	size_t n;
	if (!vdsosim_image_sites(img, &sites, &n)) {
		for (size_t i = 0; i < n; i++)
			sink += strlen(sites[i].text);
		free(sites);
	}
	/* the alternatives: decoded, and applied for a CPU with every feature and for one with none */
	struct vdsosim_alt *alts;
	if (!vdsosim_image_alternatives(img, &alts, &n)) {
		free(alts);
		struct vdsosim_cpu all, none;
		vdsosim_cpu_init(&none);
		vdsosim_cpu_init(&all);
		all.vendor = VDSOSIM_VENDOR_INTEL;
		vdsosim_cpu_add_flags(&all, "sse2 rdtscp rdpid sep");
		for (int k = 0; k < 2; k++) {
			uint8_t *out;
			size_t ol;
			if (!vdsosim_image_patch(img, k ? &all : &none, &out, &ol, NULL)) {
				if (ol != len)
					__builtin_trap(); /* the same size as the image */
				free(out);
			} else if (!*vdsosim_last_error()) {
				__builtin_trap();
			}
		}
	} else if (!*vdsosim_last_error()) {
		__builtin_trap();
	}
	debug_layouts(img);
	(void)sink;
	vdsosim_image_free(img);
	return 0;
}
