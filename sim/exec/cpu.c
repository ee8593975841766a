/* The CPU a program sees: its own counter reads (x86 rdtsc/rdtscp, arm64 mrs cntvct_el0, s390x
 * stck, MIPS rdhwr) and CPU-number reads (rdpid) are served by the model at the exact instruction
 * count, as the vDSO's are, never by the host. The program's executable segments are scanned once
 * at load time with the image's backend (its maybe_site() and classify() know the architecture's
 * counter instructions); every site found gets a code hook that calls the backend's emulate().
 * Code mapped later from a file (a shared library) is scanned when it is mapped, and its sites go
 * when it is unmapped.
 * riscv's reads (no RISC-V in Debian's capstone 4) are taken by their fixed encoding; arm (no
 * byte test yet) has none. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/grow.h"
#include "kernel.h"

struct psite {
	struct vs_exec *x;
	struct vs_site s;
	uint64_t addr;
	uc_hook h;                  /* 0: not hooked (or no longer) */
};

/* (each site on its own: its hook holds its address) */
struct vs_psites {
	struct psite **v;
	size_t n, cap;
	csh cs;
	int cs_open;
};

static void hook_psite(uc_engine *uc, uint64_t addr, uint32_t size, void *ud)
{
	struct psite *p = ud;
	struct vs_exec *x = p->x;
	(void)uc, (void)size;
	if (x->done || x->in_vdso)
		return;
	if (p->s.unknown) {
		vs_x_die(x, 4, "%s at pc 0x%llx reads a counter the %s backend does not emulate", p->s.pub.text,
			 (unsigned long long)addr, x->prof->ops->arch);
		return;
	}
	/* the block was counted whole at its start: the counter sees only the instructions before
	 * this one, and the rest are counted again in the block the pc jump below starts */
	uint64_t before = addr > x->blk_start ? vs_x_block_insns(x, x->blk_start, (uint32_t)(addr - x->blk_start)) : 0;
	uint64_t next = addr + p->s.pub.size, rest = next < x->blk_end ? vs_x_block_insns(x, next, (uint32_t)(x->blk_end - next)) : 0;
	uint64_t saved = x->prog_insns;
	x->prog_insns = x->prog_insns - x->blk_n + before;
	uint64_t value = vs_x_counter(x, 0);
	x->prog_insns = saved - rest;
	if (p->s.pub.kind == VDSOSIM_SITE_COUNTER) {
		x->reads++;
		x->res->program_counter_reads++;
	}
	x->prof->ops->emulate(&x->core->m, &p->s, p->s.pub.kind == VDSOSIM_SITE_COUNTER ? value : vs_cpu_word(&x->core->m));
}

/* one instruction decoded at addr: a site of the program's if the backend says it reads the
 * counter or the CPU number */
static int consider(struct vs_exec *x, const cs_insn *in)
{
	struct vs_site site = { 0 };
	uint64_t ref = 0;
	struct vs_decode d = { .img = NULL, .len = 0 };
	struct vs_psites *ps = x->psites;
	if (!x->prof->ops->classify(in, &site, &ref, &d) ||
	    (site.pub.kind != VDSOSIM_SITE_COUNTER && site.pub.kind != VDSOSIM_SITE_CPU))
		return 0;
	struct psite *p = calloc(1, sizeof *p);
	if (!p || !VS_GROW(ps->v, ps->cap, ps->n)) {
		free(p);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	site.pub.addr = in->address - x->core->m.base; /* emulate() places the pc from the base */
	site.pub.size = in->size;
	if (!site.pub.text[0])
		snprintf(site.pub.text, sizeof site.pub.text, "%.15s %.30s", in->mnemonic, in->op_str);
	*p = (struct psite){ x, site, in->address, 0 };
	ps->v[ps->n++] = p;
	return 0;
}

/* every place in [addr, addr+len) where the backend's byte test says a read may start is decoded
 * and classified: a hook there fires only if an instruction starts there, and from a start the
 * bytes decode one way, so a place that is not an instruction costs nothing and none is missed */
static int scan(struct vs_exec *x, csh cs, const uint8_t *code, size_t len, uint64_t addr)
{
	const struct vs_arch_ops *ops = x->prof->ops;
	cs_insn *in = cs ? cs_malloc(cs) : calloc(1, sizeof *in);
	if (!in)
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	int r = 0;
	for (size_t i = 0; i < len && !r; i += ops->site_align) {
		if (!ops->maybe_site(code + i, len - i))
			continue;
		const uint8_t *c = code + i;
		size_t l = len - i;
		uint64_t a = addr + i;
		if (!cs) { /* riscv: a 32-bit word, as its classify() reads one */
			in->address = a;
			in->size = 4;
			memcpy(in->bytes, c, 4);
			snprintf(in->mnemonic, sizeof in->mnemonic, "csr");
			r = consider(x, in);
		} else if (cs_disasm_iter(cs, &c, &l, &a, in)) {
			r = consider(x, in);
		}
	}
	if (cs)
		cs_free(in, 1);
	else
		free(in);
	return r;
}

/* the sites of [addr, addr+len), code now at those addresses, hooked */
int vs_x_scan_code(struct vs_exec *x, const uint8_t *code, size_t len, uint64_t addr)
{
	struct vs_psites *ps = x->psites;
	if (!ps)
		return 0;
	size_t n0 = ps->n;
	int r = scan(x, ps->cs, code, len, addr);
	for (size_t i = n0; i < ps->n && !r; i++) {
		struct psite *p = ps->v[i];
		if (uc_hook_add(x->uc, &p->h, UC_HOOK_CODE, (void *)hook_psite, p, p->addr, p->addr) != UC_ERR_OK)
			r = vs_err(VDSOSIM_EUNSUPPORTED, "unicorn: hook at a counter read of the program");
	}
	if (ps->n > n0 && len) /* code translated before its hooks were there would miss them */
		uc_ctl_remove_cache(x->uc, addr, addr + len);
	return r;
}

/* [lo, hi) no longer holds the code its sites were found in */
void vs_x_drop_sites(struct vs_exec *x, uint64_t lo, uint64_t hi)
{
	struct vs_psites *ps = x->psites;
	for (size_t i = 0; ps && i < ps->n; i++)
		if (ps->v[i]->h && ps->v[i]->addr >= lo && ps->v[i]->addr < hi) {
			uc_hook_del(x->uc, ps->v[i]->h);
			ps->v[i]->h = 0;
		}
}

int vs_x_program_sites(struct vs_exec *x)
{
	const struct vs_exec_abi *abi = x->abi;
	/* riscv64: Debian's capstone 4 has no RISC-V; arm: ARM and Thumb code mix in one segment */
	const struct vs_arch_ops *ops = x->prof->ops;
	if (!ops->maybe_site || !ops->site_align || !ops->classify || !ops->emulate)
		return 0;
	if (!(x->psites = calloc(1, sizeof *x->psites)))
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	if (abi->cs_arch != CS_ARCH_MAX) {
		if (cs_open(abi->cs_arch, abi->cs_mode, &x->psites->cs) != CS_ERR_OK) {
			free(x->psites);
			x->psites = NULL;
			return 0;
		}
		x->psites->cs_open = 1;
		cs_option(x->psites->cs, CS_OPT_DETAIL, CS_OPT_ON);
	}
	int r = 0;
	for (int k = 0; k < 2 && !r; k++) { /* the program, its interpreter */
		const struct vdsosim_program_info *pi = k ? (x->interp ? vdsosim_program_info(x->interp) : NULL) : x->pi;
		size_t len;
		const uint8_t *b = k ? (pi ? vdsosim_program_bytes(x->interp, &len) : NULL) : x->pbytes;
		uint64_t bias = k ? x->ibias : x->bias;
		for (size_t i = 0; pi && i < pi->n_segments && !r; i++) {
			const struct vdsosim_segment *s = &pi->segments[i];
			if (s->flags & PF_X)
				r = vs_x_scan_code(x, b + s->offset, (size_t)s->filesz, bias + s->vaddr);
		}
	}
	return r;
}

void vs_x_program_sites_free(struct vs_exec *x)
{
	struct vs_psites *ps = x->psites;
	if (!ps)
		return;
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i]);
	free(ps->v);
	if (ps->cs_open)
		cs_close(&ps->cs);
	free(ps);
}
