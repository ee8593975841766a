/* What a guest can reach of the files it is handed (tests/sysroot.sh): for each argument, one line.
 *   PATH          open it read-only: its first line, or the errno's name
 *   write:PATH    open it for writing (O_CREAT)
 *   ls:PATH       its entries, in the order getdents64 gives them
 *   readlink:PATH the link's target
 *   stat:PATH     type, permission bits and size
 *   cd:PATH       chdir, then getcwd
 *   mapvdso:PATH  map its first page over the vDSO (MAP_FIXED), as a hostile library could
 * usage: files ARG... */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int fail(const char *what) { return printf("%s: %s\n", what, strerrorname_np(errno)), 0; }

static int one(const char *a)
{
	char buf[512];
	if (!strncmp(a, "write:", 6)) {
		int fd = open(a + 6, O_WRONLY | O_CREAT, 0644);
		return fd < 0 ? fail(a) : printf("%s: opened %d\n", a, fd);
	}
	if (!strncmp(a, "ls:", 3)) {
		DIR *d = opendir(a + 3);
		struct dirent *e;
		if (!d)
			return fail(a);
		printf("%s:", a);
		while ((e = readdir(d)))
			printf(" %s", e->d_name);
		closedir(d);
		return printf("\n");
	}
	if (!strncmp(a, "readlink:", 9)) {
		ssize_t n = readlink(a + 9, buf, sizeof buf - 1);
		if (n < 0)
			return fail(a);
		buf[n] = 0;
		return printf("%s: %s\n", a, buf);
	}
	if (!strncmp(a, "stat:", 5)) {
		struct stat st;
		if (stat(a + 5, &st))
			return fail(a);
		return printf("%s: %s %o %lld\n", a, S_ISDIR(st.st_mode) ? "dir" : S_ISREG(st.st_mode) ? "file" : "other",
			      (unsigned)(st.st_mode & 07777), (long long)st.st_size);
	}
	if (!strncmp(a, "mapvdso:", 8)) {
		int fd = open(a + 8, O_RDONLY);
		void *at = (void *)getauxval(AT_SYSINFO_EHDR);
		if (fd < 0 || mmap(at, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED)
			return fail(a);
		return printf("%s: mapped at %p\n", a, at);
	}
	if (!strncmp(a, "cd:", 3)) {
		if (chdir(a + 3))
			return fail(a);
		return printf("%s: %s\n", a, getcwd(buf, sizeof buf) ? buf : "?");
	}
	int fd = open(a, O_RDONLY);
	if (fd < 0)
		return fail(a);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0)
		return fail(a);
	buf[n] = 0;
	buf[strcspn(buf, "\n")] = 0;
	return printf("%s: \"%s\"\n", a, buf);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		one(argv[i]);
	return 0;
}
