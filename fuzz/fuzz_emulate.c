/* libFuzzer: real images with mutated code and mutated data pages, emulated. Every run must end
 * in a classified result (ok, fault at an address, budget, spin cap, unknown syscall, unhooked
 * counter read, function not exported), never a host crash or hang.
 *
 * Input: image selector, function, clock, counter (8 bytes), code-patch count, then 3-byte
 * records: (offset16, xor) into the text for the first `count`, into the data pages after.
 * Selector bits 0-6 pick the image, bit 7 the way the data pages are mutated. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vdsosim.h"


static const char *const images[] = {
	"x86_64/6.18.44-fc-v669-live-vdso64.so", "x86_64/5.10.0-32-cloud-amd64-vdso64.so",
	"x86_64/6.1.0-50-cloud-amd64-vdso32.so", "x86_64/7.3-cloud-amd64-vdso64.so",
	"arm64/6.12.95+deb12-cloud-arm64-vdso.so", "arm64/7.3-cloud-arm64-vdso32.so",
	"armhf/6.1.0-50-armmp-vdso.so", "riscv64/7.2.13+deb14-riscv64-vdso.so",
	"s390x/7.2.13+deb14-s390x-vdso64.so", "mipsel/6.1.0-50-mips32r2el-vdso-o32.so",
	"ppc64le/7.3-powerpc64le-vdso64.so", /* refused, with its reason, on an unpatched Unicorn */
};
enum { N_IMAGES = sizeof images / sizeof *images };
static uint8_t *bytes[N_IMAGES];
static size_t lens[N_IMAGES];

static void load_all(void)
{
	for (int i = 0; i < N_IMAGES; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/vdso_images/%s", VDSOSIM_SRC_DIR, images[i]);
		FILE *f = fopen(path, "rb");
		if (!f || fseek(f, 0, SEEK_END))
			abort();
		lens[i] = (size_t)ftell(f);
		rewind(f);
		bytes[i] = malloc(lens[i]);
		if (!bytes[i] || fread(bytes[i], 1, lens[i], f) != lens[i])
			abort();
		fclose(f);
	}
}

static int classified(int status)
{
	switch (status) {
	case VDSOSIM_OK: case VDSOSIM_EFAULT: case VDSOSIM_EBUDGET: case VDSOSIM_ESPIN:
	case VDSOSIM_ESYSCALL: case VDSOSIM_ECOUNTER: case VDSOSIM_ENOTFOUND: case VDSOSIM_EARG:
	case VDSOSIM_EUNSUPPORTED: /* getrandom whose params query makes no sense */
		return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	if (!bytes[0])
		load_all();
	if (n < 12)
		return 0;
	int which = (d[0] & 0x7f) % N_IMAGES;
	struct vdsosim_call call = { .func = (enum vdsosim_func)(d[1] % VDSOSIM_NFUNCS), .clock = (int8_t)d[2] };
	memcpy(&call.counter, d + 3, 8);
	call.random_len = d[2] * 4u; /* getrandom reads the clock byte as a length */
	size_t n_code = d[11], i = 12;
	uint8_t *copy = malloc(lens[which]);
	memcpy(copy, bytes[which], lens[which]);

	vdsosim_image *img = NULL;
	if (vdsosim_image_open_memory(&img, copy, lens[which], images[which])) /* an unpatched copy: must load */
		abort();
	const struct vdsosim_image_info *in = vdsosim_image_info(img);
	size_t tlen = in->text_end - in->text_start, toff = 0;
	for (size_t s = 0; s < in->n_segments; s++) /* file offset of the text */
		if (in->text_start >= in->segments[s].vaddr && in->text_start < in->segments[s].vaddr + in->segments[s].filesz)
			toff = in->segments[s].offset + (in->text_start - in->segments[s].vaddr);
	vdsosim_image_free(img);
	for (size_t k = 0; k < n_code && i + 3 <= n; k++, i += 3)
		copy[toff + (d[i] | d[i + 1] << 8) % tlen] ^= d[i + 2];

	struct vdsosim_state st;
	vdsosim_state_default(&st);
	vdsosim_profile *p = NULL;
	vdsosim_model *m = NULL;
	vdsosim_engine *e = NULL;
	struct vdsosim_engine_opts o = { .insn_budget = 20000, .spin_limit = 100 };
	if (!vdsosim_image_open_memory(&img, copy, lens[which], images[which]) && !vdsosim_profile_new(&p, img) &&
	    !vdsosim_model_new(&m, p, &st) && !vdsosim_engine_new(&e, p, m, &o)) {
		/* selector bit 7: the mutated first page goes through the snapshot reader (as --vvar
		 * does) instead of straight into guest memory */
		int snap = d[0] & 0x80;
		uint8_t page[4096];
		size_t data_len;
		uint8_t *data = vdsosim_engine_data_pages(e, &data_len);
		uint8_t *dst = snap ? memcpy(page, data, sizeof page) : data;
		size_t dlen = snap ? sizeof page : data_len;
		for (; i + 3 <= n; i += 3)
			dst[(d[i] | d[i + 1] << 8) % dlen] ^= d[i + 2];
		struct vdsosim_result r;
		vdsosim_result_init(&r);
		if (snap && vdsosim_engine_load_vvar(e, page, sizeof page)) {
			if (!*vdsosim_last_error())
				abort();
		} else {
			vdsosim_engine_call(e, &call, &r);
		}
		if (!classified(r.status) || (r.status && !r.message[0]))
			abort();
		if (r.insns > o.insn_budget + 256) { /* counted per translated block: a block's worth over */
			fprintf(stderr, "status %d insns %llu: %s\n", r.status, (unsigned long long)r.insns, r.message);
			abort();
		}
		vdsosim_result_clear(&r);
	} else if (!*vdsosim_last_error()) {
		abort(); /* a mutated image may be refused, but with a reason */
	}
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	vdsosim_profile_free(p);
	vdsosim_image_free(img);
	free(copy);
	return 0;
}
