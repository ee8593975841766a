#include <stdlib.h>

#include "grow.h"

int vs_grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return 1;
	size_t nc = *cap ? *cap * 2 : 16;
	while (nc <= n)
		nc *= 2;
	void *p = realloc(*arr, nc * elem);
	if (!p)
		return 0;
	*arr = p;
	*cap = nc;
	return 1;
}
