/* Linux-only: `vdsosim dump`. */
#ifndef VDSOSIM_DUMP_H
#define VDSOSIM_DUMP_H
#include <stdarg.h>
#include <stdio.h>

/* pid <= 0: this process (with real-CPU captures and replay.yaml). */
int vs_dump(const char *dir, int pid, FILE *log);
const char *vs_dump_error(void);
int vs_dump_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
