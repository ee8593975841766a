/* Several images through one command (check, explore): opened before any work, run one after
 * another with progress, their JSON objects kept as they are for one image and wrapped for more. */
#include <stdlib.h>

#include "cli.h"

int multi_image(char **paths, int n, const struct multi *m, multi_fn one, void *ctx)
{
	struct imgset set;
	int rc = imgset_open(&set, paths, n);
	struct progress *pg = rc ? NULL : progress_new(m->verb, (size_t)n, m->quiet);
	json_t *all = json_array();
	uint64_t bad = 0;
	for (int k = 0; k < n && !rc; k++) {
		progress_item(pg, (size_t)k, paths[k]);
		rc = one(ctx, set.img[k], set.prof[k], pg, m->json ? all : NULL, &bad);
	}
	progress_end(pg);
	if (!rc && m->json)
		j_print_images(all, m->total_key, bad);
	json_decref(all);
	imgset_close(&set);
	return rc ? rc : bad ? EXIT_FINDING : 0;
}
