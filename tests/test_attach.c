/* vdsosim_attach: a real vDSO in a Unicorn instance the test owns, found and called by guest code
 * (examples/guest/find_vdso.c), with the counter and the syscalls under the host's control. */
#include <unicorn/unicorn.h>

#include "../examples/attach_guest.h"
#include "t.h"

enum { CODE = 0x100000, DATA = 0x200000, STACK = 0x300000, DONE = 0x400000 };
#define VDSO 0x7fff0000ULL
#define C0 1000000000000ULL

static uint64_t counter(void *ud, uint64_t off) { return (void)off, *(uint64_t *)ud; }

static int einval(void *ud, uint64_t nr, const uint64_t args[6], int64_t *ret)
{
	(void)args;
	*(uint64_t *)ud = nr;
	*ret = -22;
	return 1;
}

/* guest: find_and_call(VDSO, "__vdso_clock_gettime", clk, &ts, &found); returns rax */
static int64_t guest_call(uc_engine *uc, int64_t clk, uint64_t ts[2])
{
	uint64_t sp = STACK + 0xff00, ret = DONE, args[6] = { VDSO, DATA, (uint64_t)clk, DATA + 0x100, DATA + 0x200, sp };
	int regs[6] = { UC_X86_REG_RDI, UC_X86_REG_RSI, UC_X86_REG_RDX, UC_X86_REG_RCX, UC_X86_REG_R8, UC_X86_REG_RSP };
	uc_mem_write(uc, sp, &ret, 8);
	for (int i = 0; i < 6; i++)
		uc_reg_write(uc, regs[i], &args[i]);
	CU_ASSERT_EQUAL(uc_emu_start(uc, CODE + GUEST_ENTRY, DONE, 0, 1000000), UC_ERR_OK);
	int64_t rax = 0;
	uc_reg_read(uc, UC_X86_REG_RAX, &rax);
	uc_mem_read(uc, DATA + 0x100, ts, 16);
	return rax;
}

static void test_attach_x86_64(void)
{
	static const enum vdsosim_clock_mode modes[] = { VDSOSIM_MODE_TSC, VDSOSIM_MODE_NONE };
	for (size_t k = 0; k < 2; k++) {
		vdsosim_image *img;
		vdsosim_profile *p;
		vdsosim_model *m;
		vdsosim_attachment *a;
		uc_engine *uc;
		struct vdsosim_state st;
		vdsosim_state_default(&st);
		st.mode = modes[k];
		uint64_t tsc = C0 + 2600000, nr = 0, ts[2];
		struct vdsosim_attach_opts o = { .counter = counter, .ud = &tsc };
		CU_ASSERT_EQUAL_FATAL(t_profile(X86_612, &img, &p), 0);
		CU_ASSERT_EQUAL_FATAL(vdsosim_model_new(&m, p, &st), 0);
		CU_ASSERT_EQUAL_FATAL(uc_open(UC_ARCH_X86, UC_MODE_64, &uc), UC_ERR_OK);
		/* the data pages need room below the base */
		CU_ASSERT_EQUAL(vdsosim_attach(&a, uc, p, m, 0x1000, &o), VDSOSIM_EARG);
		CU_ASSERT_EQUAL_FATAL(vdsosim_attach(&a, uc, p, m, VDSO, &o), 0);
		uc_mem_map(uc, CODE, 0x1000, UC_PROT_READ | UC_PROT_EXEC);
		uc_mem_map(uc, DATA, 0x1000, UC_PROT_READ | UC_PROT_WRITE);
		uc_mem_map(uc, STACK, 0x10000, UC_PROT_READ | UC_PROT_WRITE);
		uc_mem_map(uc, DONE, 0x1000, UC_PROT_READ | UC_PROT_EXEC);
		uc_mem_write(uc, CODE, guest_code, sizeof guest_code);
		uc_mem_write(uc, DATA, "__vdso_clock_gettime", 21);
		CU_ASSERT_EQUAL(guest_call(uc, 1, ts), 0);
		struct vdsosim_timespec want;
		CU_ASSERT_EQUAL(vdsosim_model_clock_gettime(m, tsc, 1, &want), 0);
		CU_ASSERT_EQUAL(ts[0], 1000);
		CU_ASSERT_EQUAL(ts[1], want.nsec);
		if (k == 0)
			CU_ASSERT_EQUAL(ts[1], 999999); /* 2.6e6 * 6452775 >> 24 */
		struct vdsosim_attach_stats s;
		vdsosim_attachment_stats(a, &s);
		CU_ASSERT_EQUAL(s.status, 0);
		CU_ASSERT_EQUAL(s.counter_reads, k == 0 ? 1 : 0); /* hpet: the vDSO falls back */
		CU_ASSERT_EQUAL(s.syscalls, k == 0 ? 0 : 1);
		CU_ASSERT_EQUAL(vdsosim_detach(a), 0);
		/* detached: the image and its pages are gone from the caller's instance */
		uint8_t b;
		CU_ASSERT_NOT_EQUAL(uc_mem_read(uc, VDSO, &b, 1), UC_ERR_OK);
		CU_ASSERT_NOT_EQUAL(uc_mem_read(uc, VDSO - 0x1000, &b, 1), UC_ERR_OK);
		if (k == 1) { /* attached again, the caller answers the vDSO's syscalls itself */
			struct vdsosim_attach_opts o2 = { .syscall = einval, .ud = &nr };
			CU_ASSERT_EQUAL_FATAL(vdsosim_attach(&a, uc, p, m, VDSO, &o2), 0);
			CU_ASSERT_EQUAL(guest_call(uc, 1, ts), -22);
			CU_ASSERT_EQUAL(nr, 228); /* clock_gettime */
			vdsosim_detach(a);
		}
		uc_close(uc);
		vdsosim_model_free(m);
		t_profile_free(img, p);
	}
}

int main(void)
{
	static const struct t_case cases[] = { { "attach to a caller's Unicorn, detach", test_attach_x86_64 }, { 0 } };
	return t_run("attach", cases);
}
