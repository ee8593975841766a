/* Arrays that grow by doubling: the one way every record list in vdsosim grows. */
#ifndef VDSOSIM_GROW_H
#define VDSOSIM_GROW_H
#include <stddef.h>

/* Room for element n of *arr (capacity *cap, elements of elem bytes)? 1 if so, growing it as
 * needed; 0 when memory ran out (the array and its capacity stay as they were). */
int vs_grow(void **arr, size_t *cap, size_t n, size_t elem);
#define VS_GROW(arr, cap, n) vs_grow((void **)&(arr), &(cap), (n), sizeof *(arr))

#endif
