/* Files: a table of open files per process. fds 0-2 are the standard streams (writes to 1 and 2
 * pass to the caller or the host's stdout and stderr, stdin is empty); pipes, eventfds and epoll
 * sets live in guest-invisible buffers; the sysroot's files and directories (path.c opens them)
 * are copies read at their open. A read that must wait, and poll and epoll_wait, block their
 * thread until something changes or their deadline passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/bytes.h"
#include "../../common/grow.h"
#include "kernel.h"

enum { EV_IN = 1, EV_OUT = 4, EV_ERR = 8, EV_HUP = 16, EV_NVAL = 32 };
#define PIPE_MAX (1u << 20)

static struct vs_file *file(struct vs_exec *x, uint64_t fd)
{
	return fd < VS_MAX_FDS ? x->proc.fds[fd] : NULL;
}
struct vs_file *vs_x_file(struct vs_exec *x, uint64_t fd) { return file(x, fd); }

static int64_t install(struct vs_exec *x, struct vs_file *f, uint64_t from)
{
	for (uint64_t fd = from; fd < VS_MAX_FDS; fd++)
		if (!x->proc.fds[fd]) {
			x->proc.fds[fd] = f;
			x->proc.cloexec[fd] = 0;
			f->refs++;
			return (int64_t)fd;
		}
	return -LX_EMFILE;
}
int64_t vs_x_install(struct vs_exec *x, struct vs_file *f, uint64_t from) { return install(x, f, from); }

static struct vs_file *new_file(enum vs_fkind k)
{
	struct vs_file *f = calloc(1, sizeof *f);
	if (f)
		f->kind = k;
	return f;
}
struct vs_file *vs_x_new_file(enum vs_fkind k) { return new_file(k); }

static void unref(struct vs_exec *x, struct vs_file *f)
{
	if (--f->refs)
		return;
	free(f->path);
	free(f->data);
	vs_dirents_free(f->ents, f->n_ents);
	if (f->pipe) {
		if (f->kind == F_PIPE_R)
			f->pipe->readers--;
		else
			f->pipe->writers--;
		if (!f->pipe->readers && !f->pipe->writers) {
			free(f->pipe->buf);
			free(f->pipe);
		}
		vs_x_wake_fd_waiters(x);
	}
	free(f->items);
	free(f);
}
void vs_x_unref(struct vs_exec *x, struct vs_file *f) { unref(x, f); }

int vs_x_files_init(struct vs_exec *x)
{
	for (int fd = 0; fd < 3; fd++) {
		struct vs_file *f = new_file(F_STDIO);
		if (!f)
			return -1;
		f->stdfd = fd;
		install(x, f, (uint64_t)fd);
	}
	return 0;
}

void vs_x_files_free(struct vs_exec *x)
{
	for (int fd = 0; fd < VS_MAX_FDS; fd++)
		if (x->proc.fds[fd]) {
			unref(x, x->proc.fds[fd]);
			x->proc.fds[fd] = NULL;
		}
}

/* an O_ flag as the ABI numbers it (MIPS's O_NONBLOCK: 0x80) */
uint64_t vs_x_oflag(struct vs_exec *x, const char *name)
{
	for (const struct vs_flag *f = x->abi->o_flags ? x->abi->o_flags : vs_o_flags_generic; f->name; f++)
		if (!strcmp(f->name, name))
			return f->v;
	return 0;
}
static uint64_t nonblock_flag(struct vs_exec *x) { return vs_x_oflag(x, "O_NONBLOCK"); }

static int64_t do_write(struct vs_exec *x, uint64_t fd, uint64_t buf, uint64_t len)
{
	struct vs_file *f = file(x, fd);
	if (!f || f->kind == F_EPOLL || (f->kind == F_STDIO && f->stdfd == 0) || f->kind == F_PIPE_R ||
	    f->kind == F_REG || f->kind == F_DIR)
		return -LX_EBADF; /* (the sysroot's are opened read-only) */
	if (f->kind == F_EVENTFD) {
		uint8_t b[8];
		if (len < 8)
			return -LX_EINVAL;
		if (uc_mem_read(x->uc, buf, b, 8) != UC_ERR_OK)
			return -LX_EFAULT;
		uint64_t v = vs_get(b, 8, x->abi->big_endian);
		if (v == UINT64_MAX || f->count + v < f->count || f->count + v == UINT64_MAX)
			return f->nonblock ? -LX_EAGAIN : -LX_EINVAL;
		f->count += v;
		vs_x_wake_fd_waiters(x);
		return 8;
	}
	if (f->kind == F_PIPE_W) {
		struct vs_pipe *p = f->pipe;
		if (!p->readers)
			return -LX_EPIPE;
		if (p->len + len > PIPE_MAX)
			return -LX_EAGAIN; /* (no writer waits: a pipe holds a MiB here) */
		if (p->len + len > p->cap) {
			size_t cap = p->cap ? p->cap : 4096;
			while (cap < p->len + len)
				cap *= 2;
			uint8_t *nb = realloc(p->buf, cap);
			if (!nb)
				return -LX_ENOMEM;
			p->buf = nb;
			p->cap = cap;
		}
		if (len && uc_mem_read(x->uc, buf, p->buf + p->len, (size_t)len) != UC_ERR_OK)
			return -LX_EFAULT;
		p->len += (size_t)len;
		vs_x_wake_fd_waiters(x);
		return (int64_t)len;
	}
	int out = f->stdfd;
	uint8_t tmp[4096];
	uint64_t done = 0;
	while (done < len) {
		size_t n = len - done < sizeof tmp ? (size_t)(len - done) : sizeof tmp;
		if (uc_mem_read(x->uc, buf + done, tmp, n) != UC_ERR_OK)
			return done ? (int64_t)done : -LX_EFAULT;
		if (x->o->output)
			x->o->output(x->o->ud, out, tmp, n);
		else
			fwrite(tmp, 1, n, out == 1 ? stdout : stderr);
		done += n;
	}
	if (!x->o->output)
		fflush(out == 1 ? stdout : stderr);
	return (int64_t)done;
}

int64_t vs_sys_write(struct vs_exec *x, struct vs_sc *c) { return do_write(x, c->a[0], c->a[1], c->a[2]); }

/* the i-th struct iovec of the array at arr: 0, or -1 where it cannot be read */
static int iov_at(struct vs_exec *x, uint64_t arr, uint64_t i, uint64_t *base, uint64_t *len)
{
	int w = x->abi->word;
	uint8_t iov[16];
	if (uc_mem_read(x->uc, arr + i * 2 * (uint64_t)w, iov, 2 * (size_t)w) != UC_ERR_OK)
		return -1;
	*base = vs_get(iov, w, x->abi->big_endian);
	*len = vs_get(iov + w, w, x->abi->big_endian);
	return 0;
}

int64_t vs_sys_writev(struct vs_exec *x, struct vs_sc *c)
{
	int64_t ret = 0;
	for (uint64_t i = 0; i < c->a[2] && i < 1024; i++) {
		uint64_t base, len;
		if (iov_at(x, c->a[1], i, &base, &len))
			return -LX_EFAULT;
		int64_t n = do_write(x, c->a[0], base, len);
		if (n < 0)
			return ret ? ret : n;
		ret += n;
	}
	return ret;
}

/* a file of the sysroot's bytes from pos: what a read there returns */
static int64_t read_at(struct vs_exec *x, struct vs_file *f, uint64_t pos, uint64_t buf, uint64_t len)
{
	if (f->kind == F_DIR)
		return -LX_EISDIR;
	if (pos >= f->size)
		return 0;
	size_t n = len < f->size - pos ? (size_t)len : (size_t)(f->size - pos);
	if (n > 0x7ffff000)
		n = 0x7ffff000; /* MAX_RW_COUNT */
	return vs_x_put_user(x, buf, f->data + pos, n) ? -LX_EFAULT : (int64_t)n;
}

static int64_t do_read(struct vs_exec *x, struct vs_sc *c, uint64_t fd, uint64_t buf, uint64_t len)
{
	struct vs_file *f = file(x, fd);
	if (!f || f->kind == F_EPOLL || f->kind == F_PIPE_W)
		return f && f->kind == F_EPOLL ? -LX_EINVAL : -LX_EBADF;
	if (f->kind == F_REG || f->kind == F_DIR) {
		int64_t n = read_at(x, f, f->pos, buf, len);
		if (n > 0)
			f->pos += (uint64_t)n;
		return n;
	}
	if (f->kind == F_STDIO)
		return f->stdfd == 0 ? 0 : -LX_EBADF;
	if (f->kind == F_EVENTFD) {
		if (len < 8)
			return -LX_EINVAL;
		if (!f->count) {
			if (f->nonblock)
				return -LX_EAGAIN;
			vs_x_block(x, c, W_FD, UINT64_MAX, 0);
			return 0;
		}
		uint64_t v = f->semaphore ? 1 : f->count;
		uint8_t b[8];
		vs_put(b, v, 8, x->abi->big_endian);
		if (vs_x_put_user(x, buf, b, 8))
			return -LX_EFAULT;
		f->count -= v;
		return 8;
	}
	struct vs_pipe *p = f->pipe;
	if (!p->len) {
		if (!p->writers)
			return 0;
		if (f->nonblock)
			return -LX_EAGAIN;
		vs_x_block(x, c, W_FD, UINT64_MAX, 0);
		return 0;
	}
	size_t n = len < p->len ? (size_t)len : p->len;
	if (vs_x_put_user(x, buf, p->buf, n))
		return -LX_EFAULT;
	memmove(p->buf, p->buf + n, p->len - n);
	p->len -= n;
	return (int64_t)n;
}

int64_t vs_sys_read(struct vs_exec *x, struct vs_sc *c) { return do_read(x, c, c->a[0], c->a[1], c->a[2]); }

/* readv: each buffer in turn, to the first short read (only the first may wait) */
int64_t vs_sys_readv(struct vs_exec *x, struct vs_sc *c)
{
	int64_t ret = 0;
	for (uint64_t i = 0; i < c->a[2] && i < 1024; i++) {
		uint64_t base, len;
		if (iov_at(x, c->a[1], i, &base, &len))
			return ret ? ret : -LX_EFAULT;
		int64_t n = do_read(x, c, c->a[0], base, len);
		if (c->blocked)
			return ret;
		if (n < 0)
			return ret ? ret : n;
		ret += n;
		if ((uint64_t)n < len)
			break;
		struct vs_file *f = file(x, c->a[0]);
		if (f && f->kind != F_REG)
			break; /* one wait's worth from a pipe or an eventfd */
	}
	return ret;
}

/* a 64-bit offset: one register, or a pair from the ABI's argument (low word first) */
static uint64_t off64(struct vs_exec *x, const struct vs_sc *c, int i)
{
	int k = x->abi->off64_arg;
	return k ? (c->a[k] & 0xffffffffULL) | c->a[k + 1] << 32 : c->a[i];
}

int64_t vs_sys_pread(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_file *f = file(x, c->a[0]);
	uint64_t pos = off64(x, c, 3);
	if (!f)
		return -LX_EBADF;
	if (f->kind != F_REG && f->kind != F_DIR)
		return f->kind == F_PIPE_W || (f->kind == F_STDIO && f->stdfd) ? -LX_EBADF : -LX_ESPIPE;
	if ((int64_t)pos < 0)
		return -LX_EINVAL;
	return read_at(x, f, pos, c->a[1], c->a[2]);
}

int64_t vs_sys_close(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_file *f = file(x, c->a[0]);
	if (!f)
		return -LX_EBADF;
	x->proc.fds[c->a[0]] = NULL;
	x->proc.cloexec[c->a[0]] = 0;
	unref(x, f);
	return 0;
}

/* dup(old), dup2(old, new), dup3(old, new, flags) */
int64_t vs_sys_dup(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_file *f = file(x, c->a[0]);
	if (!f)
		return -LX_EBADF;
	if (!strcmp(c->s->name, "dup"))
		return install(x, f, 0);
	uint64_t to = c->a[1];
	if (to >= VS_MAX_FDS)
		return -LX_EBADF;
	if (to == c->a[0])
		return strcmp(c->s->name, "dup3") ? (int64_t)to : -LX_EINVAL;
	if (x->proc.fds[to])
		unref(x, x->proc.fds[to]);
	x->proc.fds[to] = NULL;
	int64_t fd = install(x, f, to);
	x->proc.cloexec[to] = !strcmp(c->s->name, "dup3") && (c->a[2] & vs_x_oflag(x, "O_CLOEXEC"));
	return fd;
}

enum { F_DUPFD_ = 0, F_GETFD_ = 1, F_SETFD_ = 2, F_GETFL_ = 3, F_SETFL_ = 4, F_DUPFD_CLOEXEC_ = 1030 };

int64_t vs_sys_fcntl(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_file *f = file(x, c->a[0]);
	if (!f)
		return -LX_EBADF;
	uint64_t nb = nonblock_flag(x);
	int64_t fd;
	switch (c->a[1]) {
	case F_DUPFD_: case F_DUPFD_CLOEXEC_:
		if (c->a[2] >= VS_MAX_FDS)
			return -LX_EINVAL;
		if ((fd = install(x, f, c->a[2])) >= 0)
			x->proc.cloexec[fd] = c->a[1] == F_DUPFD_CLOEXEC_;
		return fd;
	case F_GETFD_: return x->proc.cloexec[c->a[0]];
	case F_SETFD_: x->proc.cloexec[c->a[0]] = c->a[2] & 1; return 0;
	case F_GETFL_:
		return (int64_t)((f->kind == F_PIPE_W || (f->kind == F_STDIO && f->stdfd) ? 1 :
				  f->kind == F_PIPE_R || f->kind == F_REG || f->kind == F_DIR ? 0 : 2) |
				 (f->nonblock ? nb : 0));
	case F_SETFL_: f->nonblock = (c->a[2] & nb) != 0; return 0;
	default: return -LX_EINVAL;
	}
}

/* pipe2(fds, flags), pipe(fds) */
int64_t vs_sys_pipe(struct vs_exec *x, struct vs_sc *c)
{
	uint64_t flags = c->s->op == X_PIPE2 ? c->a[1] : 0;
	struct vs_pipe *p = calloc(1, sizeof *p);
	struct vs_file *r = new_file(F_PIPE_R), *w = new_file(F_PIPE_W);
	if (!p || !r || !w) {
		free(p), free(r), free(w);
		return -LX_ENOMEM;
	}
	r->pipe = w->pipe = p;
	p->readers = p->writers = 1;
	r->nonblock = w->nonblock = (flags & nonblock_flag(x)) != 0;
	r->refs = w->refs = 1; /* held here until installed */
	int64_t fr = install(x, r, 0), fw = fr < 0 ? fr : install(x, w, 0);
	uint8_t b[8];
	vs_put(b, (uint64_t)fr, 4, x->abi->big_endian);
	vs_put(b + 4, (uint64_t)fw, 4, x->abi->big_endian);
	int64_t ret = fr < 0 || fw < 0 ? -LX_EMFILE : vs_x_put_user(x, c->a[0], b, 8) ? -LX_EFAULT : 0;
	if (ret && fr >= 0)
		x->proc.fds[fr] = NULL, unref(x, r);
	if (ret && fw >= 0)
		x->proc.fds[fw] = NULL, unref(x, w);
	unref(x, r);
	unref(x, w);
	return ret;
}

int64_t vs_sys_eventfd(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_file *f = new_file(F_EVENTFD);
	if (!f)
		return -LX_ENOMEM;
	f->count = (uint32_t)c->a[0];
	f->nonblock = (c->a[1] & nonblock_flag(x)) != 0;
	f->semaphore = c->a[1] & 1;
	int64_t fd = install(x, f, 0);
	if (fd < 0)
		free(f);
	return fd;
}

int64_t vs_sys_epoll_create(struct vs_exec *x, struct vs_sc *c)
{
	(void)c;
	struct vs_file *f = new_file(F_EPOLL);
	if (!f)
		return -LX_ENOMEM;
	int64_t fd = install(x, f, 0);
	if (fd < 0)
		free(f);
	return fd;
}

/* struct epoll_event: packed on x86 (12 bytes), aligned elsewhere (16) */
static size_t ev_size(struct vs_exec *x) { return x->abi->uc_arch == UC_ARCH_X86 ? 12 : 16; }

int64_t vs_sys_epoll_ctl(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_file *ep = file(x, c->a[0]), *f = file(x, c->a[2]);
	uint64_t op = c->a[1];
	int fd = (int)c->a[2];
	if (!ep || !f)
		return -LX_EBADF;
	if (ep->kind != F_EPOLL || ep == f)
		return -LX_EINVAL;
	size_t at = ep->n_items;
	for (size_t i = 0; i < ep->n_items; i++)
		if (ep->items[i].fd == fd)
			at = i;
	if (op == 2) { /* EPOLL_CTL_DEL */
		if (at == ep->n_items)
			return -LX_ENOENT;
		ep->items[at] = ep->items[--ep->n_items];
		return 0;
	}
	uint8_t b[16];
	size_t es = ev_size(x);
	if (uc_mem_read(x->uc, c->a[3], b, es) != UC_ERR_OK)
		return -LX_EFAULT;
	struct vs_epitem it = { fd, (uint32_t)vs_get(b, 4, x->abi->big_endian), vs_get(b + es - 8, 8, x->abi->big_endian) };
	if (op == 1) { /* ADD */
		if (at != ep->n_items)
			return -LX_EEXIST;
		if (!VS_GROW(ep->items, ep->cap_items, ep->n_items))
			return -LX_ENOMEM;
		ep->items[ep->n_items++] = it;
		vs_x_wake_fd_waiters(x);
		return 0;
	}
	if (op == 3) { /* MOD */
		if (at == ep->n_items)
			return -LX_ENOENT;
		ep->items[at] = it;
		return 0;
	}
	return -LX_EINVAL;
}

static uint32_t readiness(struct vs_exec *x, struct vs_file *f)
{
	switch (f->kind) {
	case F_STDIO: return f->stdfd == 0 ? EV_IN : EV_OUT;
	case F_PIPE_R: return (f->pipe->len ? EV_IN : 0) | (f->pipe->writers ? 0 : EV_HUP);
	case F_PIPE_W: return f->pipe->readers ? EV_OUT : EV_ERR;
	case F_EVENTFD: return (f->count ? EV_IN : 0) | EV_OUT;
	case F_REG: case F_DIR: return EV_IN | EV_OUT;
	case F_EPOLL:
		for (size_t i = 0; i < f->n_items; i++) {
			struct vs_file *g = file(x, (uint64_t)f->items[i].fd);
			if (g && g != f && g->kind != F_EPOLL && (readiness(x, g) & (f->items[i].events | EV_ERR | EV_HUP)))
				return EV_IN;
		}
		return 0;
	}
	return 0;
}

/* a wait of the given timeout: ms (poll, epoll_wait; negative: none), or a timespec (0: none) */
static int64_t wait_for(struct vs_exec *x, struct vs_sc *c, int64_t ms, uint64_t ts, int t64)
{
	if (ts) {
		int64_t s, ns;
		int r = vs_x_read_timespec(x, ts, t64, &s, &ns);
		if (r)
			return r;
		if (!s && !ns)
			return 0;
		vs_x_block_until(x, c, W_FD, 1, s, ns, 0, 0);
	} else if (ms == 0) {
		return 0;
	} else if (ms > 0) {
		vs_x_block_until(x, c, W_FD, 1, ms / 1000, (ms % 1000) * 1000000, 0, 0);
	} else {
		vs_x_block(x, c, W_FD, UINT64_MAX, 0);
	}
	return 0;
}

/* epoll_wait(ep, events, max, ms), epoll_pwait(..., sigmask, size), epoll_pwait2(ep, events, max, ts, ...) */
int64_t vs_sys_epoll_wait(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_file *ep = file(x, c->a[0]);
	int64_t max = (int32_t)c->a[2];
	if (!ep)
		return -LX_EBADF;
	if (ep->kind != F_EPOLL || max <= 0)
		return -LX_EINVAL;
	size_t es = ev_size(x);
	int64_t n = 0;
	for (size_t i = 0; i < ep->n_items && n < max; i++) {
		struct vs_file *f = file(x, (uint64_t)ep->items[i].fd);
		uint32_t r = f ? readiness(x, f) & (ep->items[i].events | EV_ERR | EV_HUP) : 0;
		if (!r)
			continue;
		uint8_t b[16] = { 0 };
		vs_put(b, r, 4, x->abi->big_endian);
		vs_put(b + es - 8, ep->items[i].data, 8, x->abi->big_endian);
		if (vs_x_put_user(x, c->a[1] + (uint64_t)n * es, b, es))
			return -LX_EFAULT;
		n++;
	}
	if (n)
		return n;
	if (c->s->op == X_EPOLL_PWAIT2)
		return wait_for(x, c, -1, c->a[3], 1);
	return wait_for(x, c, (int32_t)c->a[3], 0, 0);
}

/* poll(fds, n, ms), ppoll(fds, n, ts, sigmask, size) */
int64_t vs_sys_poll(struct vs_exec *x, struct vs_sc *c)
{
	uint64_t n = c->a[1];
	int64_t ready = 0;
	if (n > VS_MAX_FDS)
		return -LX_EINVAL;
	for (uint64_t i = 0; i < n; i++) {
		uint8_t b[8];
		uint64_t at = c->a[0] + 8 * i;
		if (uc_mem_read(x->uc, at, b, 8) != UC_ERR_OK)
			return -LX_EFAULT;
		int32_t fd = (int32_t)vs_get(b, 4, x->abi->big_endian);
		uint32_t ev = (uint32_t)vs_get(b + 4, 2, x->abi->big_endian), r = 0;
		if (fd >= 0) {
			struct vs_file *f = file(x, (uint64_t)fd);
			r = f ? readiness(x, f) & (ev | EV_ERR | EV_HUP) : EV_NVAL;
		}
		vs_put(b + 6, r, 2, x->abi->big_endian);
		if (vs_x_put_user(x, at + 6, b + 6, 2))
			return -LX_EFAULT;
		ready += r != 0;
	}
	if (ready)
		return ready;
	if (c->s->op == X_PPOLL)
		return c->a[2] ? wait_for(x, c, -1, c->a[2], strstr(c->s->name, "time64") != NULL) : wait_for(x, c, -1, 0, 0);
	return wait_for(x, c, (int32_t)c->a[2], 0, 0);
}

/* fstat of an open file (and fstatat/statx with AT_EMPTY_PATH): a character device that is not
 * a terminal for the standard streams, a FIFO for pipes, an anonymous inode for the rest, and the
 * sysroot's files as path.c found them */
enum { S_IFIFO_ = 0010000, S_IFCHR_ = 0020000, S_IFDIR_ = 0040000, S_IFREG_ = 0100000, S_IFLNK_ = 0120000 };

void vs_x_node_stat(const struct vs_node *n, struct vs_statinfo *si)
{
	static const uint32_t type[] = { [VS_N_REG] = S_IFREG_, [VS_N_DIR] = S_IFDIR_, [VS_N_LNK] = S_IFLNK_,
					 [VS_N_FIFO] = S_IFIFO_, [VS_N_CHR] = S_IFCHR_, [VS_N_BLK] = 0060000,
					 [VS_N_SOCK] = 0140000 };
	*si = (struct vs_statinfo){ type[n->type] | n->perm, n->type == VS_N_DIR ? 2 : 1, 0, 0, n->ino, n->size };
}

static void stat_of(const struct vs_file *f, struct vs_statinfo *si)
{
	if (f->kind == F_REG || f->kind == F_DIR) {
		vs_x_node_stat(&f->node, si);
		return;
	}
	uint32_t m = f->kind == F_STDIO ? S_IFCHR_ | 0620 : f->kind == F_PIPE_R || f->kind == F_PIPE_W ? S_IFIFO_ | 0600 : 0600;
	*si = (struct vs_statinfo){ m, 1, 1000, 1000, 0, 0 };
}

/* the sysroot's device number, whatever the host's */
#define SYSROOT_DEV 0xfd01

int64_t vs_x_put_stat(struct vs_exec *x, uint64_t buf, const struct vs_statinfo *si, int statx)
{
	const struct vs_stat_layout *l = &x->abi->stat;
	int be = x->abi->big_endian;
	uint8_t b[256] = { 0 };
	uint64_t blocks = (si->size + 4095) / 4096 * 8, dev = si->ino ? SYSROOT_DEV : 0;
	if (statx) { /* one layout everywhere */
		vs_put(b, 0x7ff, 4, be); /* STATX_BASIC_STATS */
		vs_put(b + 4, 4096, 4, be);
		vs_put(b + 16, si->nlink, 4, be);
		vs_put(b + 20, si->uid, 4, be);
		vs_put(b + 24, si->gid, 4, be);
		vs_put(b + 28, si->mode, 2, be);
		vs_put(b + 32, si->ino, 8, be);
		vs_put(b + 40, si->size, 8, be);
		vs_put(b + 48, blocks, 8, be);
		vs_put(b + 136, dev >> 8, 4, be);
		vs_put(b + 140, dev & 0xff, 4, be);
		return vs_x_put_user(x, buf, b, 256) ? -LX_EFAULT : 0;
	}
	if (!l->size)
		return -LX_ENOSYS;
	vs_put(b, dev, l->dev_w, be);
	vs_put(b + l->ino, si->ino, l->ino_w, be);
	if (l->ino32)
		vs_put(b + l->ino32, si->ino, 4, be);
	vs_put(b + l->mode, si->mode, 4, be);
	vs_put(b + l->nlink, si->nlink, l->nlink_w, be);
	vs_put(b + l->uid, si->uid, 4, be);
	vs_put(b + l->uid + 4, si->gid, 4, be);
	vs_put(b + l->fsize, si->size, 8, be);
	vs_put(b + l->blksize, 4096, l->blksize_w, be);
	vs_put(b + l->blocks, blocks, 8, be);
	return vs_x_put_user(x, buf, b, l->size) ? -LX_EFAULT : 0;
}

int64_t vs_x_stat_fd(struct vs_exec *x, uint64_t fd, uint64_t buf, int statx)
{
	struct vs_file *f = file(x, fd);
	struct vs_statinfo si;
	if (!f)
		return -LX_EBADF;
	stat_of(f, &si);
	return vs_x_put_stat(x, buf, &si, statx);
}

int64_t vs_sys_fstat(struct vs_exec *x, struct vs_sc *c) { return vs_x_stat_fd(x, c->a[0], c->a[1], 0); }

int64_t vs_sys_ioctl(struct vs_exec *x, struct vs_sc *c) { return file(x, c->a[0]) ? -LX_ENOTTY : -LX_EBADF; }

/* lseek(fd, off, whence), _llseek(fd, hi, lo, result, whence): the sysroot's files and directories
 * (a directory only back to its start) */
int64_t vs_sys_lseek(struct vs_exec *x, struct vs_sc *c)
{
	struct vs_file *f = file(x, c->a[0]);
	int ll = c->s->op == X_LLSEEK;
	uint64_t whence = ll ? c->a[4] : c->a[2];
	int64_t off = ll ? (int64_t)((c->a[1] & 0xffffffffULL) << 32 | (c->a[2] & 0xffffffffULL)) :
			   x->abi->word == 4 ? (int32_t)c->a[1] : (int64_t)c->a[1];
	if (!f)
		return -LX_EBADF;
	if (f->kind != F_REG && f->kind != F_DIR)
		return -LX_ESPIPE;
	int64_t base = whence == 0 ? 0 : whence == 1 ? (int64_t)f->pos : whence == 2 ? (int64_t)f->size : -1;
	if (base < 0 || base + off < 0 || (f->kind == F_DIR && (whence || off)))
		return -LX_EINVAL;
	f->pos = (uint64_t)(base + off);
	if (!ll)
		return x->abi->word == 4 && f->pos > 0x7fffffff ? -75 /* EOVERFLOW */ : (int64_t)f->pos;
	uint8_t b[8];
	vs_put(b, f->pos, 8, x->abi->big_endian);
	return vs_x_put_user(x, c->a[3], b, 8);
}
