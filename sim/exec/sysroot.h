/* The guest's files: a host directory, read-only (README "The sysroot"). A guest path resolves
 * one component at a time inside it: ".." stops at its top, a symlink is read and its target
 * resolved again inside it (an absolute one from its top), so the host never follows a link and
 * nothing outside the directory is looked at. /proc, /sys and /dev belong to the kernel: the
 * directory's own are never read. Plain POSIX (lstat, readlink, opendir): no Linux API. */
#ifndef VDSOSIM_EXEC_SYSROOT_H
#define VDSOSIM_EXEC_SYSROOT_H
#include <stddef.h>
#include <stdint.h>

#define VS_PATH_MAX 4096

struct vs_root;
enum vs_ntype { VS_N_REG, VS_N_DIR, VS_N_LNK, VS_N_FIFO, VS_N_CHR, VS_N_BLK, VS_N_SOCK };
struct vs_node {
	enum vs_ntype type;
	uint32_t perm;              /* the permission bits (07777) */
	uint64_t size, ino;         /* ino: from the guest path, the same on every host */
};
struct vs_dirent { char *name; enum vs_ntype type; uint64_t ino; };

/* 0, or a vs_err naming dir */
int vs_root_new(struct vs_root **out, const char *dir);
void vs_root_free(struct vs_root *r);

/* path (absolute, or from cwd, a canonical guest path) to its canonical guest path in out; the
 * last component's symlink followed or not. 0, or -errno (asm-generic's numbers). */
int vs_root_resolve(const struct vs_root *r, const char *cwd, const char *path, int follow, char out[VS_PATH_MAX],
		    struct vs_node *n);
/* a resolved regular file's bytes (at most cap), a symlink's target (its length), a directory's
 * entries sorted by name ("." and ".." not among them): 0 or -errno */
int vs_root_read(const struct vs_root *r, const char *gpath, uint64_t cap, uint8_t **buf, size_t *len);
int vs_root_readlink(const struct vs_root *r, const char *gpath, char *buf, size_t size);
int vs_root_list(const struct vs_root *r, const char *gpath, struct vs_dirent **ents, size_t *n);
void vs_dirents_free(struct vs_dirent *e, size_t n);
uint64_t vs_root_ino(const char *gpath);

#endif
