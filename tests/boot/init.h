/* What the static /init programs of the boot tools share: a mapping's range from /proc/self/maps
 * and a vDSO symbol found through DT_HASH (whose entries are 64-bit on s390x). */
#ifndef BOOT_INIT_H
#define BOOT_INIT_H
#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static inline void mapping(const char *name, unsigned long *lo, unsigned long *hi)
{
	char line[512];
	FILE *m = fopen("/proc/self/maps", "r");
	*lo = *hi = 0;
	while (m && fgets(line, sizeof line, m))
		if (strstr(line, name))
			sscanf(line, "%lx-%lx", lo, hi);
	if (m)
		fclose(m);
}

#ifdef __s390x__
typedef uint64_t hash_word;
#else
typedef uint32_t hash_word;
#endif

static inline void *vdso_sym(uintptr_t base, const char *name)
{
	ElfW(Ehdr) *eh = (ElfW(Ehdr) *)base;
	ElfW(Phdr) *ph = (ElfW(Phdr) *)(base + eh->e_phoff);
	ElfW(Dyn) *dyn = 0;
	uintptr_t load = 0;
	int seen_load = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_DYNAMIC)
			dyn = (ElfW(Dyn) *)(base + ph[i].p_offset);
		if (ph[i].p_type == PT_LOAD && !seen_load++)
			load = base - ph[i].p_vaddr;
	}
	ElfW(Sym) *sym = 0;
	const char *str = 0;
	hash_word *hash = 0;
	for (; dyn && dyn->d_tag; dyn++) {
		if (dyn->d_tag == DT_SYMTAB) sym = (ElfW(Sym) *)(load + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_STRTAB) str = (const char *)(load + dyn->d_un.d_ptr);
		if (dyn->d_tag == DT_HASH) hash = (hash_word *)(load + dyn->d_un.d_ptr);
	}
	for (uint64_t i = 0; sym && str && hash && i < hash[1]; i++)
		if (!strcmp(str + sym[i].st_name, name))
			return (void *)(load + sym[i].st_value);
	printf("vdso_sym: %s not found (symtab %p strtab %p hash %p)\n", name, (void *)sym, (void *)str, (void *)hash);
	return 0;
}
#endif
