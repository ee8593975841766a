/* futex(2): waiters kept on their threads (the address and bitset they wait on), woken in the
 * order they came; timeouts are deadlines on the model's clocks. */
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

enum { FUTEX_WAIT_ = 0, FUTEX_WAKE_ = 1, FUTEX_REQUEUE_ = 3, FUTEX_CMP_REQUEUE_ = 4, FUTEX_WAKE_OP_ = 5,
       FUTEX_WAIT_BITSET_ = 9, FUTEX_WAKE_BITSET_ = 10 };
#define FUTEX_CLOCK_REALTIME_ 256

static int read_u32(struct vs_exec *x, uint64_t addr, uint32_t *v)
{
	uint8_t b[4];
	if ((addr & 3) || uc_mem_read(x->uc, addr, b, 4) != UC_ERR_OK)
		return -1;
	*v = (uint32_t)vs_get(b, 4, x->abi->big_endian);
	return 0;
}

/* a timespec at addr: struct timespec of the ABI (klong), or the time64 one */
int vs_x_read_timespec(struct vs_exec *x, uint64_t addr, int t64, int64_t *sec, int64_t *nsec)
{
	uint8_t b[16];
	int w = t64 || x->abi->klong == 8 ? 8 : 4;
	if (uc_mem_read(x->uc, addr, b, 2 * (size_t)w) != UC_ERR_OK)
		return -LX_EFAULT;
	uint64_t s = vs_get(b, w, x->abi->big_endian), n = vs_get(b + w, w, x->abi->big_endian);
	*sec = w == 4 ? (int32_t)s : (int64_t)s;
	*nsec = w == 4 ? (int32_t)n : (int64_t)n;
	return *sec < 0 || *nsec < 0 || *nsec >= 1000000000LL ? -LX_EINVAL : 0;
}

/* wake up to n waiters on addr whose bitset meets mask; the rest (up to n2) move to addr2 */
static int64_t wake(struct vs_exec *x, uint64_t addr, uint32_t mask, uint64_t n, uint64_t addr2, uint64_t n2)
{
	int64_t woken = 0;
	for (;;) {
		struct vs_thread *first = NULL;
		for (size_t i = 0; i < x->proc.n_threads; i++) {
			struct vs_thread *t = x->proc.threads[i];
			if (!t->exited && t->wait == W_FUTEX && t->wake == WAKE_NONE && t->futex_addr == addr &&
			    (t->futex_bitset & mask) && (!first || t->wait_seq < first->wait_seq))
				first = t;
		}
		if (!first)
			return woken;
		if ((uint64_t)woken < n) {
			vs_x_wake(x, first, WAKE_RET, 0);
			woken++;
		} else if (n2) {
			first->futex_addr = addr2;
			first->wait_seq = ++x->wait_seq;
			n2--;
		} else {
			return woken;
		}
	}
}

/* FUTEX_WAKE_OP: *addr2 = op(*addr2, oparg), wake on addr, and on addr2 if cmp(old, cmparg) */
static int64_t wake_op(struct vs_exec *x, struct vs_sc *c, uint64_t addr, uint64_t addr2)
{
	uint32_t e = (uint32_t)c->a[5], old;
	uint32_t op = (e >> 28) & 7, cmp = (e >> 24) & 15, oparg = (e >> 12) & 0xfff, cmparg = e & 0xfff;
	if (e & (8u << 28))
		oparg = 1u << (oparg & 31);
	if (read_u32(x, addr2, &old))
		return -LX_EFAULT;
	uint32_t v = op == 0 ? oparg : op == 1 ? old + oparg : op == 2 ? old | oparg : op == 3 ? old & ~oparg :
		     op == 4 ? old ^ oparg : old;
	if (op > 4)
		return -LX_ENOSYS;
	uint8_t b[4];
	vs_put(b, v, 4, x->abi->big_endian);
	if (vs_x_put_user(x, addr2, b, 4))
		return -LX_EFAULT;
	int hit = cmp == 0 ? old == cmparg : cmp == 1 ? old != cmparg : cmp == 2 ? (int32_t)old < (int32_t)cmparg :
		  cmp == 3 ? (int32_t)old <= (int32_t)cmparg : cmp == 4 ? (int32_t)old > (int32_t)cmparg :
		  cmp == 5 ? (int32_t)old >= (int32_t)cmparg : 0;
	int64_t n = wake(x, addr, ~0u, c->a[2], 0, 0);
	if (hit)
		n += wake(x, addr2, ~0u, c->a[3], 0, 0);
	return n;
}

int64_t vs_sys_futex(struct vs_exec *x, struct vs_sc *c)
{
	uint64_t addr = c->a[0], op = c->a[1] & 127;
	uint32_t val = (uint32_t)c->a[2], cur;
	int t64 = x->abi->klong == 8 || (c->s && strstr(c->s->name, "time64"));
	int rt = (c->a[1] & FUTEX_CLOCK_REALTIME_) != 0;
	switch (op) {
	case FUTEX_WAIT_:
	case FUTEX_WAIT_BITSET_: {
		uint32_t mask = op == FUTEX_WAIT_ ? ~0u : (uint32_t)c->a[5];
		if (!mask)
			return -LX_EINVAL;
		if (read_u32(x, addr, &cur))
			return -LX_EFAULT;
		if (cur != val)
			return -LX_EAGAIN;
		if (c->a[3]) {
			int64_t s, ns;
			int r = vs_x_read_timespec(x, c->a[3], t64, &s, &ns);
			if (r)
				return r;
			/* FUTEX_WAIT: relative on CLOCK_MONOTONIC; the bitset form: absolute */
			vs_x_block_until(x, c, W_FUTEX, rt ? 0 : 1, s, ns, op == FUTEX_WAIT_BITSET_, -LX_ETIMEDOUT);
		} else {
			vs_x_block(x, c, W_FUTEX, UINT64_MAX, -LX_ETIMEDOUT);
		}
		x->proc.cur->futex_addr = addr;
		x->proc.cur->futex_bitset = mask;
		return 0;
	}
	case FUTEX_WAKE_: return wake(x, addr, ~0u, val, 0, 0);
	case FUTEX_WAKE_BITSET_: return c->a[5] ? wake(x, addr, (uint32_t)c->a[5], val, 0, 0) : -LX_EINVAL;
	case FUTEX_CMP_REQUEUE_:
		if (read_u32(x, addr, &cur))
			return -LX_EFAULT;
		if (cur != (uint32_t)c->a[5])
			return -LX_EAGAIN;
		/* fall through */
	case FUTEX_REQUEUE_: return wake(x, addr, ~0u, val, c->a[4], c->a[3]);
	case FUTEX_WAKE_OP_: return wake_op(x, c, addr, c->a[4]);
	default: return vs_sys_unsupported(x, c);
	}
}

/* CLONE_CHILD_CLEARTID at a thread's end: zero the word and wake one waiter (pthread_join) */
void vs_x_futex_clear(struct vs_exec *x, uint64_t addr)
{
	uint8_t z[4] = { 0 };
	if (addr && !vs_x_put_user(x, addr, z, (size_t)(x->abi->word < 4 ? x->abi->word : 4)))
		wake(x, addr, ~0u, 1, 0, 0);
}
