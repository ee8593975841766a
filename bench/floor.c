#include <stdlib.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include "floor.h"

struct floor { uc_engine *uc; uint64_t entry, value; };
#define F_BASE 0x40000000ULL
#define F_STACK 0x20000000ULL
#define F_OUT 0x21000000ULL
#define F_RET 0x22000000ULL

static void floor_tsc(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct floor *f = ud;
	uint64_t r[2] = { (uint32_t)f->value, f->value >> 32 }, next = addr + size;
	int id[2] = { UC_X86_REG_RAX, UC_X86_REG_RDX };
	void *p[2] = { &r[0], &r[1] };
	uc_reg_write_batch(uc, id, p, 2);
	uc_reg_write(uc, UC_X86_REG_RIP, &next); /* alone: Unicorn 2.1 honours a pc only this way */
}

struct floor *floor_open(const vdsosim_profile *prof, uint8_t *pages, size_t npages)
{
	const vdsosim_image *img = vdsosim_profile_image(prof);
	size_t len;
	const uint8_t *bytes = vdsosim_image_bytes(img, &len);
	const struct vdsosim_image_info *in = vdsosim_image_info(img);
	static uint8_t stack[0x10000] __attribute__((aligned(4096)));
	static uint8_t out[0x1000] __attribute__((aligned(4096)));
	struct floor *f = calloc(1, sizeof *f);
	if (!f || uc_open(UC_ARCH_X86, UC_MODE_64, &f->uc)) {
		free(f);
		return NULL;
	}
	uc_mem_map(f->uc, F_BASE, in->load_size, UC_PROT_READ | UC_PROT_EXEC);
	for (size_t i = 0; i < in->n_segments; i++)
		uc_mem_write(f->uc, F_BASE + in->segments[i].vaddr, bytes + in->segments[i].offset, in->segments[i].filesz);
	uc_mem_map_ptr(f->uc, F_BASE - npages * 4096, npages * 4096, UC_PROT_READ, pages);
	uc_mem_map_ptr(f->uc, F_STACK, sizeof stack, UC_PROT_READ | UC_PROT_WRITE, stack);
	uc_mem_map_ptr(f->uc, F_OUT, sizeof out, UC_PROT_READ | UC_PROT_WRITE, out);
	uc_mem_map(f->uc, F_RET, 0x1000, UC_PROT_READ | UC_PROT_EXEC);
	uint64_t ret = F_RET;
	memcpy(stack + sizeof stack - 0x108, &ret, 8);
	const struct vdsosim_site *s;
	size_t n = vdsosim_profile_sites(prof, &s);
	for (size_t i = 0; i < n; i++)
		if (s[i].kind == VDSOSIM_SITE_COUNTER) {
			uc_hook h;
			uc_hook_add(f->uc, &h, UC_HOOK_CODE, (void *)floor_tsc, f, F_BASE + s[i].addr, F_BASE + s[i].addr);
		}
	f->entry = F_BASE + vdsosim_image_find(img, "clock_gettime")->value;
	return f;
}

void floor_call(struct floor *f, uint64_t counter)
{
	static const int ids[3] = { UC_X86_REG_RSP, UC_X86_REG_RDI, UC_X86_REG_RSI };
	uint64_t v[3] = { F_STACK + 0x10000 - 0x108, 1, F_OUT };
	void *p[3] = { &v[0], &v[1], &v[2] };
	f->value = counter;
	uc_reg_write_batch(f->uc, (int *)ids, p, 3);
	uc_emu_start(f->uc, f->entry, F_RET, 0, 0);
}

void floor_close(struct floor *f)
{
	if (f)
		uc_close(f->uc);
	free(f);
}
