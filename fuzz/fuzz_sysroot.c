/* libFuzzer: the sysroot resolver (sim/exec/sysroot.c) on arbitrary paths, against a small tree of
 * hostile links made once in a temporary directory: absolute links to / and /etc, relative ones
 * that climb, a loop, a FIFO, a /proc of its own. Input: a byte choosing the cwd and whether the
 * last link is followed, then the path. A resolved path must be canonical (absolute, no empty, "."
 * or ".." component), name something inside the tree, and never lead the host outside it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "exec/sysroot.h"

static struct vs_root *root;
static char top[256];
static const char *made[32];
static int n_made;

/* the tree goes when the process does */
static void unmake(void)
{
	char p[512];
	while (n_made--) {
		snprintf(p, sizeof p, "%s/%s", top, made[n_made]);
		if (unlink(p))
			rmdir(p);
	}
	rmdir(top);
	vs_root_free(root);
}

static void mk(const char *rel, const char *link)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s", top, rel);
	made[n_made++] = rel;
	if (!link)
		mkdir(p, 0755);
	else if (!strcmp(link, "FILE"))
		fclose(fopen(p, "w"));
	else if (!strcmp(link, "FIFO"))
		mkfifo(p, 0644);
	else if (symlink(link, p))
		__builtin_trap();
}

static void setup(void)
{
	snprintf(top, sizeof top, "%s/vdsosim-fuzz-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(top))
		__builtin_trap();
	mk("etc", NULL), mk("etc/passwd", "FILE"), mk("d", NULL), mk("d/e", NULL), mk("d/e/f", "FILE");
	mk("proc", NULL), mk("proc/self", NULL), mk("proc/self/root", "/");
	mk("abs", "/"), mk("etc-link", "/etc"), mk("up", "../../../.."), mk("d/up", "../../../../etc");
	mk("loop", "loop2"), mk("loop2", "loop"), mk("fifo", "FIFO"), mk("d/e/rel", "../../etc/passwd");
	mk("dangling", "/nowhere/x");
	if (vs_root_new(&root, top))
		__builtin_trap();
	atexit(unmake);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char *const cwds[] = { "/", "/d", "/d/e", "/etc" };
	char path[VS_PATH_MAX + 1], out[VS_PATH_MAX];
	struct vs_node n;
	if (!root)
		setup();
	if (!len || len > VS_PATH_MAX)
		return 0;
	memcpy(path, data + 1, len - 1);
	path[len - 1] = 0;
	int r = vs_root_resolve(root, cwds[data[0] & 3], path, data[0] & 4, out, &n);
	if (r > 0 || r < -4095)
		__builtin_trap();
	if (r)
		return 0;
	if (out[0] != '/' || strstr(out, "//") || strstr(out, "/./") || strstr(out, "/../") ||
	    (strlen(out) > 1 && out[strlen(out) - 1] == '/'))
		__builtin_trap(); /* not canonical */
	if (!strcmp(out, "/proc") || !strncmp(out, "/proc/", 6))
		__builtin_trap(); /* the kernel's tree, never the directory's own */
	/* the host sees the tree's own name: realpath of it stays inside the tree */
	char host[2 * VS_PATH_MAX], *real;
	snprintf(host, sizeof host, "%s%s", top, out);
	if (n.type != VS_N_LNK && (real = realpath(host, NULL))) {
		char *rt = realpath(top, NULL);
		if (!rt || strncmp(real, rt, strlen(rt)))
			__builtin_trap();
		free(rt);
		free(real);
	}
	if (n.type == VS_N_REG) {
		uint8_t *b;
		size_t l;
		if (!vs_root_read(root, out, 1 << 20, &b, &l))
			free(b);
	} else if (n.type == VS_N_DIR) {
		struct vs_dirent *e;
		size_t k;
		if (!vs_root_list(root, out, &e, &k))
			vs_dirents_free(e, k);
	}
	return 0;
}
