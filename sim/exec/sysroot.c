/* The sysroot resolver (sysroot.h). Every host path it builds is the directory plus a guest path
 * whose every component but the last was seen as a real directory by lstat, so no host symlink
 * is ever followed and ".." never reaches the host. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../common/err.h"
#include "../../common/grow.h"
#include "../../include/vdsosim.h"
#include "sysroot.h"

enum { E_NOENT = 2, E_IO = 5, E_NOMEM = 12, E_ACCES = 13, E_NOTDIR = 20, E_ISDIR = 21, E_INVAL = 22, E_FBIG = 27,
       E_NAMETOOLONG = 36, E_LOOP = 40 };
enum { MAX_LINKS = 40 }; /* the kernel's MAXSYMLINKS */

struct vs_root { char *dir; size_t len; };

int vs_root_new(struct vs_root **out, const char *dir)
{
	*out = NULL;
	struct stat st;
	char *real = realpath(dir, NULL);
	if (!real || stat(real, &st)) {
		free(real);
		return vs_err(VDSOSIM_EARG, "--sysroot %s: no such directory", dir);
	}
	if (!S_ISDIR(st.st_mode)) {
		free(real);
		return vs_err(VDSOSIM_EARG, "--sysroot %s: not a directory", dir);
	}
	struct vs_root *r = calloc(1, sizeof *r);
	if (!r) {
		free(real);
		return vs_err(VDSOSIM_ENOMEM, "out of memory");
	}
	r->len = strlen(real);
	if (r->len == 1) /* "/": guest paths are host paths */
		r->len = 0;
	r->dir = real;
	*out = r;
	return 0;
}

void vs_root_free(struct vs_root *r)
{
	if (r)
		free(r->dir);
	free(r);
}

uint64_t vs_root_ino(const char *gpath)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
	for (const char *p = gpath; *p; p++)
		h = (h ^ (uint8_t)*p) * 0x100000001b3ULL;
	return h ? h : 1;
}

static int host_path(const struct vs_root *r, const char *gpath, char out[2 * VS_PATH_MAX])
{
	int n = snprintf(out, 2 * VS_PATH_MAX, "%.*s%s", (int)r->len, r->dir, gpath);
	return n < 0 || n >= 2 * VS_PATH_MAX ? -E_NAMETOOLONG : 0;
}

static enum vs_ntype type_of(mode_t m)
{
	return S_ISREG(m) ? VS_N_REG : S_ISDIR(m) ? VS_N_DIR : S_ISLNK(m) ? VS_N_LNK : S_ISFIFO(m) ? VS_N_FIFO :
	       S_ISCHR(m) ? VS_N_CHR : S_ISBLK(m) ? VS_N_BLK : VS_N_SOCK;
}

static int look(const struct vs_root *r, const char *gpath, struct vs_node *n)
{
	char hp[2 * VS_PATH_MAX];
	struct stat st;
	int e = host_path(r, gpath[0] ? gpath : "/", hp);
	if (e)
		return e;
	if (lstat(hp, &st))
		return errno == ENOTDIR ? -E_NOTDIR : errno == ENAMETOOLONG ? -E_NAMETOOLONG :
		       errno == EACCES ? -E_ACCES : -E_NOENT;
	n->type = type_of(st.st_mode);
	n->perm = (uint32_t)(st.st_mode & 07777);
	n->size = n->type == VS_N_REG || n->type == VS_N_LNK ? (uint64_t)st.st_size : n->type == VS_N_DIR ? 4096 : 0;
	n->ino = vs_root_ino(gpath[0] ? gpath : "/");
	return 0;
}

/* the kernel's own trees, which no directory of the user's stands in for */
static int kernel_tree(const char *name)
{
	return !strcmp(name, "proc") || !strcmp(name, "sys") || !strcmp(name, "dev");
}

int vs_root_resolve(const struct vs_root *r, const char *cwd, const char *path, int follow, char out[VS_PATH_MAX],
		    struct vs_node *n)
{
	/* done: the resolved prefix ("" is the top); todo: what is left, read from its end back */
	char done[VS_PATH_MAX], todo[VS_PATH_MAX];
	size_t dl = 0;
	int links = 0;
	if (!path[0])
		return -E_NOENT;
	if (strlen(path) >= VS_PATH_MAX)
		return -E_NAMETOOLONG;
	if (path[0] != '/' && cwd && strcmp(cwd, "/")) {
		dl = strlen(cwd);
		if (dl >= VS_PATH_MAX)
			return -E_NAMETOOLONG;
		memcpy(done, cwd, dl);
	}
	done[dl] = 0;
	strcpy(todo, path);
	size_t at = 0;
	struct vs_node nd = { VS_N_DIR, 0755, 4096, vs_root_ino("/") };
	if (dl && look(r, done, &nd))
		return -E_NOENT;
	for (;;) {
		while (todo[at] == '/')
			at++;
		if (!todo[at])
			break;
		size_t e = at;
		while (todo[e] && todo[e] != '/')
			e++;
		size_t cl = e - at;
		int last = 1;
		for (size_t k = e; todo[k]; k++)
			if (todo[k] != '/')
				last = 0;
		if (cl > 255)
			return -E_NAMETOOLONG;
		if (nd.type != VS_N_DIR)
			return -E_NOTDIR;
		if (cl == 1 && todo[at] == '.') {
			at = e;
			continue;
		}
		if (cl == 2 && todo[at] == '.' && todo[at + 1] == '.') {
			while (dl && done[dl - 1] != '/')
				dl--;
			if (dl)
				dl--;
			done[dl] = 0;
			at = e;
			continue;
		}
		if (dl + 1 + cl >= VS_PATH_MAX)
			return -E_NAMETOOLONG;
		size_t keep = dl;
		done[dl++] = '/';
		memcpy(done + dl, todo + at, cl);
		dl += cl;
		done[dl] = 0;
		if (keep == 0 && kernel_tree(done + 1))
			return -E_NOENT;
		int err = look(r, done, &nd);
		if (err)
			return err;
		int slash = last && todo[e] == '/'; /* "name/": a directory, through its link */
		if (slash && nd.type != VS_N_DIR && nd.type != VS_N_LNK)
			return -E_NOTDIR;
		if (nd.type == VS_N_LNK && (!last || follow || slash)) {
			if (++links > MAX_LINKS)
				return -E_LOOP;
			char tgt[VS_PATH_MAX];
			err = vs_root_readlink(r, done, tgt, sizeof tgt);
			if (err < 0)
				return err;
			if (!err)
				return -E_NOENT;
			size_t tl = (size_t)err, rl = strlen(todo + e);
			if (tl + 1 + rl >= VS_PATH_MAX)
				return -E_NAMETOOLONG;
			/* the target, then the rest */
			char rest[VS_PATH_MAX];
			memcpy(rest, todo + e, rl + 1);
			memcpy(todo, tgt, tl);
			todo[tl] = '/';
			memcpy(todo + tl + 1, rest, rl + 1);
			if (!rl)
				todo[tl] = 0;
			at = 0;
			dl = tgt[0] == '/' ? 0 : keep;
			done[dl] = 0;
			nd = (struct vs_node){ VS_N_DIR, 0755, 4096, vs_root_ino("/") };
			if (dl && (err = look(r, done, &nd)))
				return err;
			continue;
		}
		at = e;
	}
	if (!dl)
		done[dl++] = '/', done[dl] = 0;
	memcpy(out, done, dl + 1);
	if (n)
		*n = nd;
	return 0;
}

int vs_root_readlink(const struct vs_root *r, const char *gpath, char *buf, size_t size)
{
	char hp[2 * VS_PATH_MAX];
	int e = host_path(r, gpath, hp);
	if (e)
		return e;
	ssize_t n = readlink(hp, buf, size - 1);
	if (n < 0)
		return errno == EINVAL ? -E_INVAL : -E_NOENT;
	if ((size_t)n >= size - 1)
		return -E_NAMETOOLONG;
	buf[n] = 0;
	return (int)n;
}

int vs_root_read(const struct vs_root *r, const char *gpath, uint64_t cap, uint8_t **buf, size_t *len)
{
	char hp[2 * VS_PATH_MAX];
	struct stat st;
	*buf = NULL;
	*len = 0;
	int e = host_path(r, gpath, hp);
	if (e)
		return e;
	/* O_NOFOLLOW's place: the name was just seen as a regular file by lstat, and it is checked
	 * again on the open file */
	FILE *f = fopen(hp, "rb");
	if (!f)
		return errno == EACCES ? -E_ACCES : -E_NOENT;
	int ret = 0;
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))
		ret = -E_ACCES;
	else if ((uint64_t)st.st_size > cap)
		ret = -E_FBIG;
	else if (!(*buf = malloc(st.st_size ? (size_t)st.st_size : 1)))
		ret = -E_NOMEM;
	else if (fread(*buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		ret = -E_IO;
	else
		*len = (size_t)st.st_size;
	fclose(f);
	if (ret) {
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

static int by_name(const void *a, const void *b)
{
	const struct vs_dirent *x = a, *y = b;
	return strcmp(x->name, y->name);
}

int vs_root_list(const struct vs_root *r, const char *gpath, struct vs_dirent **ents, size_t *n)
{
	char hp[2 * VS_PATH_MAX], sub[VS_PATH_MAX];
	size_t cap = 0;
	*ents = NULL;
	*n = 0;
	int e = host_path(r, gpath, hp);
	if (e)
		return e;
	DIR *d = opendir(hp);
	if (!d)
		return errno == ENOTDIR ? -E_NOTDIR : errno == EACCES ? -E_ACCES : -E_NOENT;
	int ret = 0;
	const char *base = strcmp(gpath, "/") ? gpath : "";
	struct dirent *de;
	while (!ret && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if ((!*base && kernel_tree(de->d_name)) || strlen(de->d_name) > 255)
			continue; /* (a name no Linux directory can hold) */
		struct vs_node nd;
		if (snprintf(sub, sizeof sub, "%s/%s", base, de->d_name) >= (int)sizeof sub || look(r, sub, &nd))
			continue;
		if (!VS_GROW(*ents, cap, *n) || !((*ents)[*n].name = strdup(de->d_name))) {
			ret = -E_NOMEM;
			break;
		}
		(*ents)[*n].type = nd.type;
		(*ents)[(*n)++].ino = nd.ino;
	}
	closedir(d);
	if (!ret && *n)
		qsort(*ents, *n, sizeof **ents, by_name);
	if (ret) {
		vs_dirents_free(*ents, *n);
		*ents = NULL;
		*n = 0;
	}
	return ret;
}

void vs_dirents_free(struct vs_dirent *e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(e[i].name);
	free(e);
}
