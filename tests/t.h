/* Shared by the CUnit test programs. */
#ifndef VDSOSIM_T_H
#define VDSOSIM_T_H
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vdsosim.h"

#define IMG(rel) VDSOSIM_SRC_DIR "/vdso_images/" rel
#define LIVE64 IMG("x86_64/6.18.44-fc-v669-live-vdso64.so")
#define X86_61 IMG("x86_64/6.1.0-50-cloud-amd64-vdso64.so")
#define X86_612 IMG("x86_64/6.12.95+deb12-cloud-amd64-vdso64.so")

static inline void *t_read(const char *path, size_t *len)
{
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	void *b = malloc(n > 0 ? (size_t)n : 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* Paths of the manifest's images of one machine ("x86-64") and class ("ELF64"); returns the count. */
static inline size_t t_manifest(const char *machine, const char *cls, char paths[][256], size_t max)
{
	size_t len, n = 0;
	char *tsv = t_read(IMG("manifest.tsv"), &len);
	if (!tsv)
		return 0;
	tsv = realloc(tsv, len + 1);
	tsv[len] = 0;
	for (char *line = tsv; line && *line && n < max;) {
		char *next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		char rel[200], mach[32], c[8];
		if (sscanf(line, "%199[^\t]\t%31[^\t]\t%7[^\t]", rel, mach, c) == 3 && !strcmp(mach, machine) &&
		    !strcmp(c, cls) && !strstr(rel, ".dbg"))
			snprintf(paths[n++], 256, "%s/vdso_images/%s", VDSOSIM_SRC_DIR, rel);
		line = next;
	}
	free(tsv);
	return n;
}

/* Every x86_64 image of the manifest; 0 (with a message) if the manifest lost some. */
static inline size_t t_x86_64_images(char paths[][256], size_t max)
{
	size_t n = t_manifest("x86-64", "ELF64", paths, max);
	if (n < 13)
		fprintf(stderr, "expected at least 13 x86_64 images in the manifest, found %zu\n", n);
	return n < 13 ? 0 : n;
}

/* An image, its profile, a model in a given clock mode and an engine over them. */
struct t_rig { vdsosim_image *img; vdsosim_profile *p; vdsosim_model *m; vdsosim_engine *e; struct vdsosim_result r; };

/* from a file (path) or from bytes in memory (path names them) */
static inline int t_rig_open_bytes(struct t_rig *g, const char *path, const void *bytes, size_t len,
				   const struct vdsosim_state *st, unsigned trace)
{
	memset(g, 0, sizeof *g);
	struct vdsosim_engine_opts o = { .trace = trace };
	vdsosim_result_init(&g->r);
	if ((bytes ? vdsosim_image_open_memory(&g->img, bytes, len, path) : vdsosim_image_open(&g->img, path)) ||
	    vdsosim_profile_new(&g->p, g->img) || vdsosim_model_new(&g->m, g->p, st) ||
	    vdsosim_engine_new(&g->e, g->p, g->m, &o)) {
		fprintf(stderr, "%s\n", vdsosim_last_error());
		return -1;
	}
	return 0;
}

static inline int t_rig_open(struct t_rig *g, const char *path, const struct vdsosim_state *st, unsigned trace)
{
	return t_rig_open_bytes(g, path, NULL, 0, st, trace);
}

static inline void t_rig_close(struct t_rig *g)
{
	vdsosim_result_clear(&g->r);
	vdsosim_engine_free(g->e);
	vdsosim_model_free(g->m);
	vdsosim_profile_free(g->p);
	vdsosim_image_free(g->img);
}

/* An image and its profile (for the drivers); 0 or -1 with the message on stderr. */
static inline int t_profile(const char *path, vdsosim_image **img, vdsosim_profile **p)
{
	*p = NULL;
	if (vdsosim_image_open(img, path) || vdsosim_profile_new(p, *img)) {
		fprintf(stderr, "%s\n", vdsosim_last_error());
		return -1;
	}
	return 0;
}

static inline void t_profile_free(vdsosim_image *img, vdsosim_profile *p)
{
	vdsosim_profile_free(p);
	vdsosim_image_free(img);
}

static inline int t_call(struct t_rig *g, enum vdsosim_func f, int32_t clk, uint64_t counter, unsigned flags)
{
	struct vdsosim_call c = { f, clk, counter, 0, flags };
	return vdsosim_engine_call(g->e, &c, &g->r);
}

struct t_case { const char *name; void (*fn)(void); };

/* Runs one suite; returns the exit status: 1 if any assertion failed, else 0 (CUnit prints the
 * summary ctest reads). */
static inline int t_run(const char *suite, const struct t_case *cases)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	CU_pSuite s = CU_add_suite(suite, NULL, NULL);
	for (const struct t_case *c = cases; c->name; c++)
		CU_add_test(s, c->name, c->fn);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	unsigned fails = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	CU_cleanup_registry();
	return fails ? 1 : 0;
}
#endif
