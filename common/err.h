/* Thread-local last error shared by every module. */
#ifndef VDSOSIM_ERR_H
#define VDSOSIM_ERR_H
#include "vdsosim.h"

#if defined(__GNUC__)
#define VS_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define VS_PRINTF(a, b)
#endif

/* Sets the message and returns code, so callers can `return vs_err(...)`. */
int vs_err(int code, const char *fmt, ...) VS_PRINTF(2, 3);
void vs_err_clear(void);

#endif
