/* loader: bytes -> validated, read-only description of a vDSO image (via libelf). */
#ifndef VDSOSIM_LOADER_H
#define VDSOSIM_LOADER_H
#include <gelf.h>

#include "vdsosim.h"

struct vdsosim_image {
	struct vdsosim_image_info info;
	uint8_t *bytes; /* owned copy of the input */
	size_t len;
	Elf *elf;
	char *path;
	struct vdsosim_symbol *syms;
	char **strings; /* owned names, freed with the image */
	size_t n_strings;
	struct vdsosim_segment *segs;
	/* executable sections (for decoding); a single PT_LOAD when there are no sections */
	size_t n_xsec;
	struct { const char *name; uint64_t addr, size, offset; } *xsec;
	/* boot-time alternatives (loader/alternatives.c): .altinstructions and its replacements */
	struct vs_sec { uint64_t addr, size, offset; int present; } alt, alt_repl;
	int from_file; /* opened by path: a .dbg twin may sit beside it */
};

/* loader/symbols.c, loader/notes.c */
int vs_load_symbols(struct vdsosim_image *img);
int vs_load_notes(struct vdsosim_image *img);
const char *vs_image_keep(struct vdsosim_image *img, const char *s);
const uint8_t *vdsosim_program_bytes(const vdsosim_program *p, size_t *len);
/* "x86_64", "arm", ... for an e_machine, class and byte order; NULL if unknown */
const char *vs_arch_of(uint16_t machine, int cls, int be, uint32_t e_flags);
/* loader/cpu.c: does the CPU have this feature (cpuinfo name), as the kernel derives it */
int vs_cpu_has(const struct vdsosim_cpu *cpu, const char *name);

/* loader/file.c: the whole file, at most max bytes ("WHAT larger than N MiB" past it); a missing
 * file returns `missing` (the public API's code for it), other open and read errors EIO */
int vs_read_file(const char *path, size_t max, const char *what, int missing, uint8_t **buf, size_t *len);

/* loader/debug.c: the image's debug info (its own DWARF, or PATH.dbg with the same build and code)
 * as facts: the data-page structs (members flattened through anonymous unions), the
 * VDSO_CLOCKMODE_* enumerators, and the data symbols (relative to the first load address). */
struct vs_dw_member { const char *name; uint32_t off, size, elem, count; }; /* elem 0: not an array */
struct vs_dw_struct { const char *name; uint32_t size; size_t n; struct vs_dw_member m[32]; };
struct vs_debug {
	const char *source; /* the file the debug info came from */
	size_t n_structs, n_enums, n_syms;
	struct vs_dw_struct structs[12];
	struct { const char *name; int64_t value; } enums[32], syms[48];
	char **strings;
	size_t n_strings;
};
/* 0 and *out NULL when the image has none; an error when it has some that can't be used */
int vs_debug_open(const struct vdsosim_image *img, struct vs_debug **out);
void vs_debug_free(struct vs_debug *d);
const struct vs_dw_struct *vs_debug_struct(const struct vs_debug *d, const char *name);
const struct vs_dw_member *vs_debug_member(const struct vs_dw_struct *s, const char *name);
int vs_debug_enum(const struct vs_debug *d, const char *name, int64_t *val);
int vs_debug_sym(const struct vs_debug *d, const char *name, int64_t *val);

#endif
