/* Paths: the guest's file names, resolved in the sysroot (sysroot.c) and served read-only. Without
 * a sysroot no file exists, as before there was one. Every open is recorded for the report. */
#include <stdlib.h>
#include <string.h>

#include "../../common/bytes.h"
#include "../../common/grow.h"
#include "kernel.h"

enum { AT_FDCWD_ = -100, AT_SYMLINK_NOFOLLOW_ = 0x100, AT_EMPTY_PATH_ = 0x1000, MAX_FILE = 512 << 20,
       MAX_RECORDS = 10000 };

int vs_x_path_arg(struct vs_exec *x, uint64_t addr, char *buf, size_t size)
{
	for (size_t i = 0; i < size; i++) {
		if (uc_mem_read(x->uc, addr + i, buf + i, 1) != UC_ERR_OK)
			return -LX_EFAULT;
		if (!buf[i])
			return 0;
	}
	return -36; /* ENAMETOOLONG */
}

static void note_open(struct vs_exec *x, const char *path, int64_t ret)
{
	struct vdsosim_exec_result *r = x->res;
	char *p;
	if (r->n_files < MAX_RECORDS && VS_GROW(r->files, x->cap_files, r->n_files) && (p = strdup(path)))
		r->files[r->n_files++] = (struct vdsosim_exec_file){ p, ret };
}

void vs_x_note_map(struct vs_exec *x, const char *path, uint64_t base)
{
	struct vdsosim_exec_result *r = x->res;
	char *p;
	if (r->n_maps < MAX_RECORDS && VS_GROW(r->maps, x->cap_maps, r->n_maps) && (p = strdup(path)))
		r->maps[r->n_maps++] = (struct vdsosim_exec_map){ p, base };
}

/* path, from dirfd (AT_FDCWD: the cwd), to its canonical guest path */
static int64_t resolve_at(struct vs_exec *x, uint64_t dirfd, const char *path, int follow, char out[VS_PATH_MAX],
			  struct vs_node *n)
{
	const char *base = x->proc.cwd;
	if (!x->proc.root)
		return -LX_ENOENT;
	if (path[0] != '/' && (int32_t)dirfd != AT_FDCWD_) {
		struct vs_file *d = vs_x_file(x, (uint32_t)dirfd);
		if (!d)
			return -LX_EBADF;
		if (d->kind != F_DIR)
			return -LX_ENOTDIR;
		base = d->path;
	}
	return vs_root_resolve(x->proc.root, base, path, follow, out, n);
}

static int64_t open_file(struct vs_exec *x, uint64_t dirfd, const char *path, uint64_t flags)
{
	char at[VS_PATH_MAX];
	struct vs_node n;
	uint64_t creat = vs_x_oflag(x, "O_CREAT"), tmp = vs_x_oflag(x, "O_TMPFILE");
	int64_t r = resolve_at(x, dirfd, path, !(flags & vs_x_oflag(x, "O_NOFOLLOW")), at, &n);
	if (r == -LX_ENOENT && (flags & creat) && x->proc.root)
		return -LX_EROFS;
	if (r)
		return r;
	if ((flags & creat) && (flags & vs_x_oflag(x, "O_EXCL")))
		return -LX_EEXIST;
	if (n.type == VS_N_LNK)
		return -LX_ELOOP;
	if ((flags & 3) || (flags & vs_x_oflag(x, "O_TRUNC")) || (tmp && (flags & tmp) == tmp))
		return n.type == VS_N_DIR ? -LX_EISDIR : -LX_EROFS;
	if ((flags & vs_x_oflag(x, "O_DIRECTORY")) && n.type != VS_N_DIR)
		return -LX_ENOTDIR;
	if (n.type != VS_N_REG && n.type != VS_N_DIR)
		return -LX_EACCES; /* devices, FIFOs and sockets: the host's, never the guest's */
	struct vs_file *f = vs_x_new_file(n.type == VS_N_DIR ? F_DIR : F_REG);
	if (!f || !(f->path = strdup(at))) {
		free(f);
		return -LX_ENOMEM;
	}
	f->node = n;
	int e = n.type == VS_N_DIR ? vs_root_list(x->proc.root, at, &f->ents, &f->n_ents) :
				     vs_root_read(x->proc.root, at, MAX_FILE, &f->data, &f->size);
	f->nonblock = (flags & vs_x_oflag(x, "O_NONBLOCK")) != 0;
	f->refs = 1; /* held here until installed */
	int64_t fd = e ? e : vs_x_install(x, f, 0);
	if (fd >= 0)
		x->proc.cloexec[fd] = (flags & vs_x_oflag(x, "O_CLOEXEC")) != 0;
	vs_x_unref(x, f);
	return fd;
}

/* open(path, flags, mode), openat(dirfd, path, flags, mode) */
int64_t vs_sys_open(struct vs_exec *x, struct vs_sc *c)
{
	int at = c->s->op == X_OPENAT;
	char path[VS_PATH_MAX];
	int64_t r = vs_x_path_arg(x, c->a[at], path, sizeof path);
	if (r)
		return r;
	r = open_file(x, at ? c->a[0] : (uint64_t)(int64_t)AT_FDCWD_, path, c->a[at + 1]);
	note_open(x, path, r);
	return r;
}

static int64_t stat_name(struct vs_exec *x, uint64_t dirfd, const char *path, int follow, uint64_t buf, int statx)
{
	char at[VS_PATH_MAX];
	struct vs_node n;
	struct vs_statinfo si;
	int64_t r = resolve_at(x, dirfd, path, follow, at, &n);
	if (r)
		return r;
	vs_x_node_stat(&n, &si);
	return vs_x_put_stat(x, buf, &si, statx);
}

static int64_t stat_path(struct vs_exec *x, uint64_t dirfd, uint64_t addr, int follow, uint64_t buf, int statx)
{
	char path[VS_PATH_MAX];
	int64_t r = vs_x_path_arg(x, addr, path, sizeof path);
	return r ? r : stat_name(x, dirfd, path, follow, buf, statx);
}

/* stat(path, buf), lstat(path, buf) (and stat64, lstat64) */
int64_t vs_sys_stat(struct vs_exec *x, struct vs_sc *c)
{
	return stat_path(x, (uint64_t)(int64_t)AT_FDCWD_, c->a[0], c->s->op == X_STAT, c->a[1], 0);
}

/* newfstatat/fstatat64(dirfd, path, buf, flags), statx(dirfd, path, flags, mask, buf): an empty
 * path with AT_EMPTY_PATH is the fd */
int64_t vs_sys_fstatat(struct vs_exec *x, struct vs_sc *c)
{
	int sx = c->s->op == X_STATX;
	uint64_t flags = sx ? c->a[2] : c->a[3], buf = sx ? c->a[4] : c->a[2];
	uint8_t ch = 1;
	if ((flags & AT_EMPTY_PATH_) && uc_mem_read(x->uc, c->a[1], &ch, 1) == UC_ERR_OK && !ch)
		return (int32_t)c->a[0] == AT_FDCWD_ ? stat_name(x, c->a[0], ".", 1, buf, sx) :
		       vs_x_stat_fd(x, c->a[0], buf, sx);
	return stat_path(x, c->a[0], c->a[1], !(flags & AT_SYMLINK_NOFOLLOW_), buf, sx);
}

/* access(path, mode), faccessat(dirfd, path, mode), faccessat2(dirfd, path, mode, flags): the
 * process is uid 1000 and the sysroot's files are root's, so the "other" bits decide */
int64_t vs_sys_access(struct vs_exec *x, struct vs_sc *c)
{
	int at = c->s->op == X_FACCESSAT;
	char path[VS_PATH_MAX], res[VS_PATH_MAX];
	struct vs_node n;
	uint64_t mode = c->a[at + 1], flags = at && !strcmp(c->s->name, "faccessat2") ? c->a[3] : 0;
	int64_t r = vs_x_path_arg(x, c->a[at], path, sizeof path);
	if (r || (r = resolve_at(x, at ? c->a[0] : (uint64_t)(int64_t)AT_FDCWD_, path, !(flags & AT_SYMLINK_NOFOLLOW_),
				 res, &n)))
		return r;
	if (mode & ~7ULL)
		return -LX_EINVAL;
	if (mode & 2)
		return -LX_EROFS;
	if (((mode & 4) && !(n.perm & 04)) || ((mode & 1) && !(n.perm & 01)))
		return -LX_EACCES;
	return 0;
}

/* readlink(path, buf, size), readlinkat(dirfd, path, buf, size) */
int64_t vs_sys_readlink(struct vs_exec *x, struct vs_sc *c)
{
	int at = c->s->op == X_READLINKAT;
	char path[VS_PATH_MAX], res[VS_PATH_MAX], tgt[VS_PATH_MAX];
	struct vs_node n;
	uint64_t size = c->a[at + 2];
	int64_t r = vs_x_path_arg(x, c->a[at], path, sizeof path);
	if (r || (r = resolve_at(x, at ? c->a[0] : (uint64_t)(int64_t)AT_FDCWD_, path, 0, res, &n)))
		return r;
	if ((int64_t)size <= 0)
		return -LX_EINVAL;
	if (n.type != VS_N_LNK)
		return -LX_EINVAL;
	int len = vs_root_readlink(x->proc.root, res, tgt, sizeof tgt);
	if (len < 0)
		return len;
	size_t k = (size_t)len < size ? (size_t)len : (size_t)size;
	return vs_x_put_user(x, c->a[at + 1], tgt, k) ? -LX_EFAULT : (int64_t)k;
}

int64_t vs_sys_getcwd(struct vs_exec *x, struct vs_sc *c)
{
	size_t n = strlen(x->proc.cwd) + 1;
	if (x->proc.root && c->a[1] < n)
		return -LX_ERANGE;
	return vs_x_put_user(x, c->a[0], x->proc.cwd, n) ? -LX_EFAULT : (int64_t)n;
}

/* chdir(path), fchdir(fd) */
int64_t vs_sys_chdir(struct vs_exec *x, struct vs_sc *c)
{
	char path[VS_PATH_MAX], res[VS_PATH_MAX];
	struct vs_node n;
	if (c->s->op == X_FCHDIR) {
		struct vs_file *f = vs_x_file(x, c->a[0]);
		if (!f)
			return -LX_EBADF;
		if (f->kind != F_DIR)
			return -LX_ENOTDIR;
		strcpy(x->proc.cwd, f->path);
		return 0;
	}
	int64_t r = vs_x_path_arg(x, c->a[0], path, sizeof path);
	if (r || (r = resolve_at(x, (uint64_t)(int64_t)AT_FDCWD_, path, 1, res, &n)))
		return r;
	if (n.type != VS_N_DIR)
		return -LX_ENOTDIR;
	strcpy(x->proc.cwd, res);
	return 0;
}

/* getdents64(fd, dirp, count): ".", "..", then the entries by name; f->pos the next one */
int64_t vs_sys_getdents(struct vs_exec *x, struct vs_sc *c)
{
	static const uint8_t dt[] = { [VS_N_REG] = 8, [VS_N_DIR] = 4, [VS_N_LNK] = 10, [VS_N_FIFO] = 1, [VS_N_CHR] = 2,
				      [VS_N_BLK] = 6, [VS_N_SOCK] = 12 };
	struct vs_file *f = vs_x_file(x, c->a[0]);
	if (!f)
		return -LX_EBADF;
	if (f->kind != F_DIR)
		return -LX_ENOTDIR;
	int be = x->abi->big_endian;
	uint64_t done = 0, count = c->a[2];
	while (f->pos < f->n_ents + 2) {
		char parent[VS_PATH_MAX];
		const char *name;
		uint64_t ino;
		uint8_t type = 4;
		if (f->pos == 0) {
			name = ".", ino = f->node.ino;
		} else if (f->pos == 1) {
			strcpy(parent, f->path);
			char *sl = strrchr(parent, '/');
			if (sl == parent)
				sl[1] = 0;
			else if (sl)
				*sl = 0;
			name = "..", ino = vs_root_ino(parent);
		} else {
			const struct vs_dirent *e = &f->ents[f->pos - 2];
			name = e->name, ino = e->ino, type = dt[e->type];
		}
		size_t nl = strlen(name), rec = (19 + nl + 1 + 7) & ~(size_t)7;
		if (done + rec > count)
			break;
		uint8_t b[19 + 256 + 8] = { 0 };
		vs_put(b, ino, 8, be);
		vs_put(b + 8, f->pos + 1, 8, be);
		vs_put(b + 16, rec, 2, be);
		b[18] = type;
		memcpy(b + 19, name, nl);
		if (vs_x_put_user(x, c->a[1] + done, b, rec))
			return -LX_EFAULT;
		done += rec;
		f->pos++;
	}
	return done || f->pos >= f->n_ents + 2 ? (int64_t)done : -LX_EINVAL;
}

/* getxattr/lgetxattr/fgetxattr(path or fd, name, value, size), listxattr/llistxattr/flistxattr(path
 * or fd, list, size): the sysroot's files carry no extended attributes (no ACL, no label) */
int64_t vs_sys_xattr(struct vs_exec *x, struct vs_sc *c)
{
	const char *n = c->s->name;
	char path[VS_PATH_MAX], res[VS_PATH_MAX];
	struct vs_node nd;
	int64_t r;
	if (n[0] == 'f')
		r = vs_x_file(x, c->a[0]) ? 0 : -LX_EBADF;
	else if (!(r = vs_x_path_arg(x, c->a[0], path, sizeof path)))
		r = resolve_at(x, (uint64_t)(int64_t)AT_FDCWD_, path, !(n[0] == 'l' && n[1] != 'i'), res, &nd);
	return r ? r : c->s->op == X_LISTXATTR ? 0 : -61; /* ENODATA */
}

/* no network, and no socket of any family (glibc's nscd client then reads the files) */
int64_t vs_sys_socket(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return -LX_EACCES; }
