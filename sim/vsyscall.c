/* The legacy x86-64 vsyscall page at 0xffffffffff600000 in the kernel's three vsyscall= modes:
 * emulate maps it readable (with the kernel's stubs: mov $nr, %rax; syscall; ret), xonly
 * execute-only, none not at all. Execution never reaches the stubs: as the kernel's
 * emulate_vsyscall() (arch/x86/entry/vsyscall/vsyscall_64.c), a call at one of the three entries
 * is answered (gettimeofday, time, getcpu) and returns to its caller; anything else is SIGSEGV. */
#include <string.h>

#include "machine.h"
#include "vsyscall.h"

static const struct { enum vdsosim_func func; uint64_t nr; int ptrs; unsigned size[2]; } entries[3] = {
	{ VDSOSIM_GETTIMEOFDAY, 96, 2, { 16, 8 } }, /* gettimeofday(tv, tz) at +0x000 */
	{ VDSOSIM_TIME, 201, 1, { 8, 0 } },          /* time(tloc) at +0x400 */
	{ VDSOSIM_GETCPU, 309, 2, { 4, 4 } },        /* getcpu(cpu, node, cache) at +0x800 */
};

uint64_t vs_vsyscall_entry(enum vdsosim_func f)
{
	for (uint64_t i = 0; i < 3; i++)
		if (entries[i].func == f)
			return VS_VSYSCALL_ADDR + 0x400 * i;
	return 0;
}

int vdsosim_vsyscall_parse(const char *s, enum vdsosim_vsyscall_mode *m)
{
	static const char *const names[] = { "xonly", "emulate", "none" };
	for (int i = 0; i < 3; i++)
		if (!strcmp(s, names[i])) {
			*m = (enum vdsosim_vsyscall_mode)i;
			return 0;
		}
	return vs_err(VDSOSIM_EARG, "vsyscall mode '%s': emulate, xonly or none", s);
}

static void segv(struct vs_machine *m, const char *why, uint64_t addr)
{
	vs_stop(m, VDSOSIM_EFAULT, "SIGSEGV: vsyscall: %s (0x%llx)", why, (unsigned long long)addr);
}

static void hook_vsyscall(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct vs_machine *m = ud;
	(void)uc, (void)size;
	uint64_t nr = (addr & 0xc00) >> 10;
	if ((addr & ~0xc00ull) != VS_VSYSCALL_ADDR || nr >= 3)
		return segv(m, "a call that is not at an entry point (misaligned vsyscall)", addr);
	uint64_t sp = vs_reg(m, UC_X86_REG_RSP), caller;
	uint8_t b[8];
	if (uc_mem_read(m->uc, sp, b, 8))
		return segv(m, "the return address cannot be read", sp);
	caller = (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24 | (uint64_t)b[4] << 32 |
		 (uint64_t)b[5] << 40 | (uint64_t)b[6] << 48 | (uint64_t)b[7] << 56;
	uint64_t a[6] = { vs_reg(m, UC_X86_REG_RDI), vs_reg(m, UC_X86_REG_RSI), vs_reg(m, UC_X86_REG_RDX), 0, 0, 0 };
	for (int k = 0; k < entries[nr].ptrs; k++) /* write_ok_or_segv: a user address */
		if (a[k] && a[k] + entries[nr].size[k] > 0x00007ffffffff000ull)
			return segv(m, "a pointer argument outside user space", a[k]);
	int64_t ret = vs_syscall(m, entries[nr].nr, a);
	if (ret == -14) /* -EFAULT: "vsyscall fault (exploit attempt?)" */
		return segv(m, "a pointer argument the kernel could not write", a[0]);
	vs_set_reg(m, UC_X86_REG_RAX, (uint64_t)ret);
	vs_set_reg(m, UC_X86_REG_RSP, sp + 8);
	vs_set_reg(m, UC_X86_REG_RIP, caller); /* the pc alone: Unicorn 2.1 leaves the hook's block for it */
}

int vs_vsyscall_map(struct vs_machine *m, enum vdsosim_vsyscall_mode mode, uc_hook *h)
{
	if (mode == VDSOSIM_VSYSCALL_NONE || strcmp(m->ops->arch, "x86_64"))
		return 0;
	uint8_t page[4096];
	memset(page, 0xcc, sizeof page); /* int3 between the stubs */
	for (int i = 0; i < 3; i++) {
		uint8_t stub[10] = { 0x48, 0xc7, 0xc0, (uint8_t)entries[i].nr, (uint8_t)(entries[i].nr >> 8), 0, 0, 0x0f, 0x05, 0xc3 };
		memcpy(page + 0x400 * i, stub, sizeof stub);
	}
	/* Unicorn 2.1 cuts guest addresses to 52 physical bits (the pc stays whole): the page is
	 * mapped at both, the same bytes and rights */
	static const uint64_t at[2] = { VS_VSYSCALL_ADDR, VS_VSYSCALL_ADDR & ((1ull << 52) - 1) };
	uc_err err = UC_ERR_OK;
	for (int i = 0; i < 2 && !err; i++) {
		err = uc_mem_map(m->uc, at[i], 4096, (mode == VDSOSIM_VSYSCALL_EMULATE ? UC_PROT_READ : 0) | UC_PROT_EXEC);
		if (!err)
			err = uc_mem_write(m->uc, at[i], page, sizeof page);
	}
	if (!err)
		err = uc_hook_add(m->uc, h, UC_HOOK_CODE, (void *)hook_vsyscall, m, VS_VSYSCALL_ADDR, VS_VSYSCALL_ADDR + 4095);
	return err ? vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: the vsyscall page: %s", uc_strerror(err)) : 0;
}
