/* Guest code for examples/attach.c: what a libc does at start-up, in miniature (after the
 * kernel's tools/testing/selftests/vDSO/parse_vdso.c): find a symbol in the vDSO image at `base`
 * through its program headers and dynamic section, then call it. Freestanding x86_64; built to
 * flat bytes by build.sh. */
#include <elf.h>

typedef long (*clock_gettime_fn)(long clk, void *ts);

static int same(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

long find_and_call(const unsigned char *base, const char *name, long clk, void *ts, unsigned long *found)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
	const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
	const Elf64_Dyn *dyn = 0;
	long load = 0;
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_LOAD)
			load = (long)base + (long)ph[i].p_offset - (long)ph[i].p_vaddr;
		else if (ph[i].p_type == PT_DYNAMIC)
			dyn = (const Elf64_Dyn *)(base + ph[i].p_offset);
	}
	const char *strtab = 0;
	const Elf64_Sym *symtab = 0;
	const unsigned int *hash = 0;
	for (; dyn && dyn->d_tag != DT_NULL; dyn++) {
		if (dyn->d_tag == DT_STRTAB)
			strtab = (const char *)(load + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_SYMTAB)
			symtab = (const Elf64_Sym *)(load + dyn->d_un.d_ptr);
		else if (dyn->d_tag == DT_HASH)
			hash = (const unsigned int *)(load + dyn->d_un.d_ptr);
	}
	if (!strtab || !symtab || !hash)
		return -1000;
	for (unsigned int i = 0; i < hash[1]; i++) /* nchain: the number of symbols */
		if (ELF64_ST_TYPE(symtab[i].st_info) == STT_FUNC && symtab[i].st_shndx != SHN_UNDEF &&
		    same(strtab + symtab[i].st_name, name)) {
			*found = symtab[i].st_value;
			return ((clock_gettime_fn)(load + symtab[i].st_value))(clk, ts);
		}
	return -1001;
}
