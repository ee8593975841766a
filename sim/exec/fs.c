/* Files: writes to fds 1 and 2 pass to the caller (or the host's stdout and stderr), stdin is
 * empty, and no file exists. */
#include <stdio.h>

#include "../../common/bytes.h"
#include "kernel.h"

static int64_t do_write(struct vs_exec *x, uint64_t fd, uint64_t buf, uint64_t len)
{
	if (fd != 1 && fd != 2)
		return -LX_EBADF;
	uint8_t tmp[4096];
	uint64_t done = 0;
	while (done < len) {
		size_t n = len - done < sizeof tmp ? (size_t)(len - done) : sizeof tmp;
		if (uc_mem_read(x->uc, buf + done, tmp, n) != UC_ERR_OK)
			return done ? (int64_t)done : -LX_EFAULT;
		if (x->o->output)
			x->o->output(x->o->ud, (int)fd, tmp, n);
		else
			fwrite(tmp, 1, n, fd == 1 ? stdout : stderr);
		done += n;
	}
	if (!x->o->output)
		fflush(fd == 1 ? stdout : stderr);
	return (int64_t)done;
}

int64_t vs_sys_write(struct vs_exec *x, struct vs_sc *c) { return do_write(x, c->a[0], c->a[1], c->a[2]); }

int64_t vs_sys_writev(struct vs_exec *x, struct vs_sc *c)
{
	int64_t ret = 0;
	int w = x->abi->word;
	for (uint64_t i = 0; i < c->a[2] && i < 1024; i++) {
		uint8_t iov[16];
		if (uc_mem_read(x->uc, c->a[1] + i * 2 * (uint64_t)w, iov, 2 * (size_t)w) != UC_ERR_OK)
			return -LX_EFAULT;
		int64_t n = do_write(x, c->a[0], vs_get(iov, w, x->abi->big_endian), vs_get(iov + w, w, x->abi->big_endian));
		if (n < 0)
			return n;
		ret += n;
	}
	return ret;
}

int64_t vs_sys_read(struct vs_exec *x, struct vs_sc *c) { (void)x; return c->a[0] == 0 ? 0 : -LX_EBADF; }
/* open, stat, access, readlink: no host filesystem */
int64_t vs_sys_open(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ENOENT; }
int64_t vs_sys_close(struct vs_exec *x, struct vs_sc *c) { (void)x; return c->a[0] <= 2 ? 0 : -LX_EBADF; }
int64_t vs_sys_fcntl(struct vs_exec *x, struct vs_sc *c) { (void)x; return c->a[0] <= 2 ? 0 : -LX_EBADF; }
int64_t vs_sys_fstat(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ENOSYS; }
int64_t vs_sys_ioctl(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ENOTTY; }
int64_t vs_sys_lseek(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_ESPIPE; }
int64_t vs_sys_getcwd(struct vs_exec *x, struct vs_sc *c) { return vs_x_put_user(x, c->a[0], "/", 2) ? -LX_EFAULT : 2; }
