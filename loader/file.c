/* Whole-file read shared by the image and program loaders: one place for the size cap and errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "loader.h"

int vs_read_file(const char *path, size_t max, const char *what, int missing, uint8_t **buf, size_t *len)
{
	*buf = NULL;
	*len = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return vs_err(errno == ENOENT ? missing : VDSOSIM_EIO, "%s: %s", path, strerror(errno));
	size_t cap = 1 << 16, n = 0;
	uint8_t *b = malloc(cap);
	/* one byte past the cap tells "too large" from "exactly at the cap" */
	while (b) {
		n += fread(b + n, 1, cap - n, f);
		if (n < cap || n > max)
			break;
		uint8_t *nb = realloc(b, cap * 2);
		if (!nb)
			free(b);
		b = nb;
		cap *= 2;
	}
	int rerr = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (!b)
		return vs_err(VDSOSIM_ENOMEM, "%s: out of memory", path);
	int r = rerr ? vs_err(VDSOSIM_EIO, "%s: %s", path, strerror(rerr))
	      : n > max ? vs_err(VDSOSIM_EFORMAT, "%s: %s larger than %zu MiB", path, what, max >> 20) : 0;
	if (r) {
		free(b);
		return r;
	}
	*buf = b;
	*len = n;
	return 0;
}
