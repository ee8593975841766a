#include <stdarg.h>
#include <stdio.h>

#include "err.h"

static _Thread_local char last[512];

int vs_err(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(last, sizeof last, fmt, ap);
	va_end(ap);
	return code;
}

void vs_err_clear(void) { last[0] = 0; }

void vdsosim_clear_error(void) { vs_err_clear(); }

const char *vdsosim_version(void) { return VDSOSIM_VERSION; }

const char *vdsosim_last_error(void) { return last[0] ? last : "no error"; }

const char *vdsosim_strerror(int code)
{
	switch (code) {
	case VDSOSIM_OK: return "ok";
	case VDSOSIM_EARG: return "bad argument";
	case VDSOSIM_EIO: return "i/o error";
	case VDSOSIM_EFORMAT: return "bad image";
	case VDSOSIM_EUNSUPPORTED: return "unsupported";
	case VDSOSIM_ENOMEM: return "out of memory";
	case VDSOSIM_EFAULT: return "emulation fault";
	case VDSOSIM_EBUDGET: return "instruction budget exceeded";
	case VDSOSIM_ESPIN: return "spin limit reached";
	case VDSOSIM_ESYSCALL: return "unknown syscall";
	case VDSOSIM_ECOUNTER: return "unintercepted counter read";
	case VDSOSIM_ENOTFOUND: return "not found";
	}
	return "unknown error";
}
