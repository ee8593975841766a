/* Your own Unicorn instance, a real vDSO attached to it, and guest code that finds
 * __vdso_clock_gettime through the image's ELF tables (as a libc does) and calls it. Every counter
 * read is answered by the callback below: the host holds the clock.
 * usage: attach IMAGE      (an x86_64 vdso64, e.g. vdso_images/x86_64/6.12.95+deb12-cloud-amd64-vdso64.so)
 * prints: the guest found __vdso_clock_gettime at vDSO+0x..., CLOCK_MONOTONIC = 1000.000999999 s, ... */
#include <stdio.h>
#include <string.h>
#include <unicorn/unicorn.h>

#include <vdsosim.h>

#include "attach_guest.h"

enum { CODE = 0x100000, DATA = 0x200000, STACK = 0x300000, DONE = 0x400000 };
#define VDSO 0x7fff0000ULL /* the data pages go in the pages just below */

static uint64_t counter(void *ud, uint64_t pc) { return (void)pc, *(uint64_t *)ud; }

int main(int argc, char **argv)
{
	if (argc != 2)
		return fprintf(stderr, "usage: %s IMAGE\n", argv[0]), 2;
	vdsosim_image *img = NULL;
	vdsosim_profile *prof = NULL;
	vdsosim_model *model = NULL;
	vdsosim_attachment *a = NULL;
	uc_engine *uc = NULL;
	struct vdsosim_state st;
	vdsosim_state_default(&st); /* MONOTONIC is 1000 s at counter 10^12, 2.6 GHz */
	uint64_t tsc = st.counter + 2600000; /* 1 ms later */
	struct vdsosim_attach_opts o = { .counter = counter, .ud = &tsc };
	int err = vdsosim_image_open(&img, argv[1]) || vdsosim_profile_new(&prof, img) ||
		  vdsosim_model_new(&model, prof, &st);
	if (!err && uc_open(UC_ARCH_X86, UC_MODE_64, &uc) != UC_ERR_OK)
		err = fprintf(stderr, "no x86_64 in this Unicorn\n");
	if (!err && (err = vdsosim_attach(&a, uc, prof, model, VDSO, &o)))
		fprintf(stderr, "%s\n", vdsosim_last_error());
	if (err)
		goto out;
	uc_mem_map(uc, CODE, 0x1000, UC_PROT_READ | UC_PROT_EXEC);
	uc_mem_map(uc, DATA, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
	uc_mem_map(uc, STACK, 0x10000, UC_PROT_READ | UC_PROT_WRITE);
	uc_mem_map(uc, DONE, 0x1000, UC_PROT_READ | UC_PROT_EXEC);
	uc_mem_write(uc, CODE, guest_code, sizeof guest_code);
	uc_mem_write(uc, DATA, "__vdso_clock_gettime", 21);
	/* find_and_call(base, name, CLOCK_MONOTONIC, &ts, &found), returning to DONE */
	uint64_t sp = STACK + 0xff00, ret = DONE, args[6] = { VDSO, DATA, 1, DATA + 0x100, DATA + 0x200, sp };
	int regs[6] = { UC_X86_REG_RDI, UC_X86_REG_RSI, UC_X86_REG_RDX, UC_X86_REG_RCX, UC_X86_REG_R8, UC_X86_REG_RSP };
	uc_mem_write(uc, sp, &ret, 8); /* little-endian guest and host alike: x86 only */
	for (int i = 0; i < 6; i++)
		uc_reg_write(uc, regs[i], &args[i]);
	uc_err uerr = uc_emu_start(uc, CODE + GUEST_ENTRY, DONE, 0, 1000000);
	uint64_t rax = 0, ts[2] = { 0, 0 }, found = 0;
	struct vdsosim_attach_stats s;
	uc_reg_read(uc, UC_X86_REG_RAX, &rax);
	uc_mem_read(uc, DATA + 0x100, ts, sizeof ts);
	uc_mem_read(uc, DATA + 0x200, &found, sizeof found);
	vdsosim_attachment_stats(a, &s);
	if (uerr || s.status || rax)
		err = fprintf(stderr, "guest: %s %s ret %lld\n", uc_strerror(uerr), s.message, (long long)rax);
	else
		printf("the guest found __vdso_clock_gettime at vDSO+0x%llx, CLOCK_MONOTONIC = %llu.%09llu s, "
		       "%llu counter read, %llu syscalls\n", (unsigned long long)found, (unsigned long long)ts[0],
		       (unsigned long long)ts[1], (unsigned long long)s.counter_reads, (unsigned long long)s.syscalls);
out:
	vdsosim_detach(a);
	if (uc)
		uc_close(uc);
	vdsosim_model_free(model);
	vdsosim_profile_free(prof);
	vdsosim_image_free(img);
	return err ? 1 : 0;
}
