/* The trace, as `strace -f` prints it (strace 6.1 is the reference): one line per syscall record
 * as it is made, its arguments decoded from the record and from the program's memory after the
 * call; the vDSO's calls as lines strace never shows; the signal and the end. A reader only: it
 * never changes a register, a byte of guest memory or the counter. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/bytes.h"
#include "kernel.h"

#define MAX_STR 32 /* strace's -s default */
#define MAX_PATH 4096

struct vs_strace {
	struct vs_exec *x;
	char buf[16384];
	size_t len;
	uint8_t entry[16];                      /* vs_strace_enter's copy */
	uint8_t path[MAX_PATH];                 /* a path being read */
	int has_entry;
	int64_t suffix;                         /* set_thread_area's entry_number, shown after the result */
};

static void out(struct vs_strace *t, const char *fmt, ...) VS_PRINTF(2, 3);
static void out(struct vs_strace *t, const char *fmt, ...)
{
	if (t->len >= sizeof t->buf - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, sizeof t->buf - t->len, fmt, ap);
	va_end(ap);
	t->len = n < 0 ? t->len : t->len + (size_t)n < sizeof t->buf ? t->len + (size_t)n : sizeof t->buf - 1;
}

static void emit(struct vs_strace *t)
{
	t->buf[t->len] = 0;
	t->x->o->strace_line(t->x->o->strace_ud, t->buf);
	t->len = 0;
}

/* `) ` then to column 40, as strace's tabto() */
static void tab(struct vs_strace *t)
{
	out(t, ") ");
	while (t->len < 40)
		t->buf[t->len++] = ' ';
	out(t, "= ");
}

static void quote(struct vs_strace *t, const uint8_t *s, size_t n, int hex);

struct vs_strace *vs_strace_new(struct vs_exec *x)
{
	struct vs_strace *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->x = x;
	/* the exec that started it, as strace's first line (the envp address is the start's own) */
	const struct vdsosim_exec_opts *o = x->o;
	const char *name = o->argc ? o->argv[0] : x->pi->path;
	out(t, "execve(");
	quote(t, (const uint8_t *)name, strlen(name), 0);
	out(t, ", [");
	for (size_t i = 0; i < (o->argc ? o->argc : 1); i++) {
		const char *v = o->argc ? o->argv[i] : name;
		size_t n = strlen(v);
		out(t, "%s", i ? ", " : "");
		quote(t, (const uint8_t *)v, n < MAX_STR ? n : MAX_STR, 0);
		out(t, "%s", n > MAX_STR ? "..." : "");
	}
	out(t, "], 0x%llx /* %zu var%s */", (unsigned long long)x->envp_addr, o->envc, o->envc == 1 ? "" : "s");
	tab(t);
	out(t, "0");
	emit(t);
	return t;
}

void vs_strace_free(struct vs_strace *t) { free(t); }

/* ---- values ---------------------------------------------------------------------------------- */

static int wordsz(struct vs_strace *t) { return t->x->abi->word; }

/* a register argument as the ABI's C long / int */
static int64_t sword(struct vs_strace *t, uint64_t v) { return wordsz(t) == 4 ? (int32_t)v : (int64_t)v; }
static uint64_t uword(struct vs_strace *t, uint64_t v) { return wordsz(t) == 4 ? (uint32_t)v : v; }

static int peek(struct vs_strace *t, uint64_t addr, void *b, size_t n)
{
	return addr && uc_mem_read(t->x->uc, addr, b, n) == UC_ERR_OK;
}

static int peek_word(struct vs_strace *t, uint64_t addr, int n, uint64_t *v)
{
	uint8_t b[8];
	if (!peek(t, addr, b, (size_t)n))
		return 0;
	*v = vs_get(b, n, t->x->abi->big_endian);
	return 1;
}

static void ptr(struct vs_strace *t, uint64_t v)
{
	v = uword(t, v);
	if (v)
		out(t, "0x%llx", (unsigned long long)v);
	else
		out(t, "NULL");
}

/* strace's string_quote(): printable as is, C escapes, octal for the rest (hex when forced) */
static void quote(struct vs_strace *t, const uint8_t *s, size_t n, int hex)
{
	out(t, "\"");
	for (size_t i = 0; i < n; i++) {
		uint8_t c = s[i];
		if (hex) {
			out(t, "\\x%02x", c);
			continue;
		}
		switch (c) {
		case '"': out(t, "\\\""); continue;
		case '\\': out(t, "\\\\"); continue;
		case '\f': out(t, "\\f"); continue;
		case '\n': out(t, "\\n"); continue;
		case '\r': out(t, "\\r"); continue;
		case '\t': out(t, "\\t"); continue;
		case '\v': out(t, "\\v"); continue;
		default: break;
		}
		if (c >= ' ' && c < 0x7f)
			out(t, "%c", c);
		else if (i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7')
			out(t, "\\%03o", c);
		else
			out(t, "\\%o", c);
	}
	out(t, "\"");
}

/* a buffer of len bytes (cut at 32, as strace -s 32) */
static void buffer(struct vs_strace *t, uint64_t addr, uint64_t len, int hex)
{
	uint8_t b[MAX_STR];
	size_t n = len < MAX_STR ? (size_t)len : MAX_STR;
	if (!addr || !peek(t, addr, b, n)) {
		ptr(t, addr);
		return;
	}
	quote(t, b, n, hex);
	if (len > MAX_STR)
		out(t, "...");
}

/* a NUL-terminated path, whole */
static void path(struct vs_strace *t, uint64_t addr)
{
	uint8_t *b = t->path;
	size_t n = 0;
	for (; n < MAX_PATH; n++)
		if (!peek(t, addr + n, b + n, 1) || !b[n])
			break;
	if (!addr || (n < MAX_PATH && !peek(t, addr + n, b + n, 1))) {
		ptr(t, addr);
		return;
	}
	quote(t, b, n, 0);
}

static void flags(struct vs_strace *t, uint64_t v, const struct vs_flag *tab_, const char *zero)
{
	int any = 0;
	for (const struct vs_flag *f = tab_; f->name; f++)
		if (f->v && (v & f->v) == f->v) {
			out(t, "%s%s", any++ ? "|" : "", f->name);
			v &= ~f->v;
		}
	if (v || !any)
		any ? out(t, "|%#llx", (unsigned long long)v) : v ? out(t, "%#llx", (unsigned long long)v) : out(t, "%s", zero);
}

static void value(struct vs_strace *t, uint64_t v, const struct vs_flag *tab_, const char *unknown)
{
	for (const struct vs_flag *f = tab_; f->name; f++)
		if (f->v == v) {
			out(t, "%s", f->name);
			return;
		}
	out(t, "%#llx /* %s */", (unsigned long long)v, unknown);
}

static const char *signame(struct vs_strace *t, uint64_t sig, char *b)
{
	if (sig > 0 && sig < 32)
		return vs_x_signal_name(t->x, sig);
	if (sig == 32)
		return "SIGRTMIN";
	snprintf(b, 24, sig > 32 && sig <= 64 ? "SIGRT_%u" : "%u", (unsigned)(sig > 32 && sig <= 64 ? sig - 32 : sig));
	return b;
}

static void sigset(struct vs_strace *t, uint64_t addr, uint64_t size)
{
	uint8_t b[16];
	if (!addr || size > sizeof b || !size || !peek(t, addr, b, (size_t)size)) {
		ptr(t, addr);
		return;
	}
	uint64_t bits = 0;
	for (uint64_t i = 0; i < size && i < 8; i += (uint64_t)wordsz(t)) {
		uint64_t w = vs_get(b + i, wordsz(t), t->x->abi->big_endian);
		bits |= w << (8 * i);
	}
	int pop = 0, neg;
	for (int i = 0; i < 64; i++)
		pop += (int)((bits >> i) & 1);
	if ((neg = pop > 32))
		bits = ~bits;
	out(t, "%s[", neg ? "~" : "");
	int first = 1;
	for (unsigned s = 1; s <= 64; s++)
		if ((bits >> (s - 1)) & 1) {
			char nb[24];
			out(t, "%s%s", first ? "" : " ", signame(t, s, nb) + 3);
			first = 0;
		}
	out(t, "]");
}

static const struct vs_flag clocks[] = {
	{ 0, "CLOCK_REALTIME" }, { 1, "CLOCK_MONOTONIC" }, { 2, "CLOCK_PROCESS_CPUTIME_ID" },
	{ 3, "CLOCK_THREAD_CPUTIME_ID" }, { 4, "CLOCK_MONOTONIC_RAW" }, { 5, "CLOCK_REALTIME_COARSE" },
	{ 6, "CLOCK_MONOTONIC_COARSE" }, { 7, "CLOCK_BOOTTIME" }, { 8, "CLOCK_REALTIME_ALARM" },
	{ 9, "CLOCK_BOOTTIME_ALARM" }, { 11, "CLOCK_TAI" }, { 0, NULL } };

static void clockid(struct vs_strace *t, uint64_t v)
{
	int32_t c = (int32_t)v;
	for (const struct vs_flag *f = clocks; f->name; f++)
		if ((int64_t)f->v == c) {
			out(t, "%s", f->name);
			return;
		}
	out(t, "%d", c);
}

/* struct timespec / timeval of the ABI (time64 calls: 64-bit fields on every ABI) */
static void timespec(struct vs_strace *t, uint64_t addr, int t64, const char *sub)
{
	int n = t64 ? 8 : t->x->abi->klong;
	uint64_t s, ns;
	if (!addr || !peek_word(t, addr, n, &s) || !peek_word(t, addr + (uint64_t)n, n, &ns)) {
		ptr(t, addr);
		return;
	}
	out(t, "{tv_sec=%lld, %s=%lld}", (long long)(n == 4 ? (int32_t)s : (int64_t)s), sub,
	    (long long)(n == 4 ? (int32_t)ns : (int64_t)ns));
}

static void rlim_value(struct vs_strace *t, uint64_t v, int is64)
{
	if (v == (is64 || wordsz(t) == 8 ? ~0ULL : 0xffffffffULL))
		out(t, "%s", is64 ? "RLIM64_INFINITY" : "RLIM_INFINITY");
	else if (v && !(v % 1024))
		out(t, "%llu*1024", (unsigned long long)(v / 1024));
	else
		out(t, "%llu", (unsigned long long)v);
}

static void rlimit(struct vs_strace *t, uint64_t addr, int is64)
{
	int n = is64 ? 8 : wordsz(t);
	uint64_t c, m;
	if (!addr || !peek_word(t, addr, n, &c) || !peek_word(t, addr + (uint64_t)n, n, &m)) {
		ptr(t, addr);
		return;
	}
	out(t, "{rlim_cur=");
	rlim_value(t, c, is64);
	out(t, ", rlim_max=");
	rlim_value(t, m, is64);
	out(t, "}");
}

static void utsname(struct vs_strace *t, uint64_t addr)
{
	char u[2][65];
	if (!peek(t, addr, u, sizeof u)) {
		ptr(t, addr);
		return;
	}
	u[0][64] = u[1][64] = 0;
	out(t, "{sysname=");
	quote(t, (const uint8_t *)u[0], strlen(u[0]), 0);
	out(t, ", nodename=");
	quote(t, (const uint8_t *)u[1], strlen(u[1]), 0);
	out(t, ", ...}");
}

static void iovec(struct vs_strace *t, uint64_t addr, uint64_t cnt)
{
	int w = wordsz(t);
	uint64_t probe;
	if (cnt && !peek_word(t, addr, w, &probe)) {
		ptr(t, addr);
		return;
	}
	out(t, "[");
	for (uint64_t i = 0; i < cnt && i < MAX_STR; i++) {
		uint64_t base, len;
		if (!peek_word(t, addr + i * 2 * (uint64_t)w, w, &base) ||
		    !peek_word(t, addr + i * 2 * (uint64_t)w + (uint64_t)w, w, &len))
			break;
		out(t, "%s{iov_base=", i ? ", " : "");
		buffer(t, base, len, 0);
		out(t, ", iov_len=%llu}", (unsigned long long)len);
	}
	out(t, "]");
}

static const struct vs_flag prot_flags[] = {
	{ 1, "PROT_READ" }, { 2, "PROT_WRITE" }, { 4, "PROT_EXEC" }, { 8, "PROT_SEM" }, { 0x01000000, "PROT_GROWSDOWN" },
	{ 0x02000000, "PROT_GROWSUP" }, { 0, NULL } };
static const struct vs_flag map_types[] = {
	{ 1, "MAP_SHARED" }, { 2, "MAP_PRIVATE" }, { 3, "MAP_SHARED_VALIDATE" }, { 0, NULL } };
static const struct vs_flag at_flags[] = {
	{ 0x100, "AT_SYMLINK_NOFOLLOW" }, { 0x200, "AT_REMOVEDIR" }, { 0x400, "AT_SYMLINK_FOLLOW" },
	{ 0x800, "AT_NO_AUTOMOUNT" }, { 0x1000, "AT_EMPTY_PATH" }, { 0, NULL } };
static const struct vs_flag arch_prctl_codes[] = {
	{ 0x1001, "ARCH_SET_GS" }, { 0x1002, "ARCH_SET_FS" }, { 0x1003, "ARCH_GET_FS" }, { 0x1004, "ARCH_GET_GS" },
	{ 0x1011, "ARCH_GET_CPUID" }, { 0x1012, "ARCH_SET_CPUID" }, { 0, NULL } };
static const struct vs_flag rlimits[] = {
	{ 0, "RLIMIT_CPU" }, { 1, "RLIMIT_FSIZE" }, { 2, "RLIMIT_DATA" }, { 3, "RLIMIT_STACK" }, { 4, "RLIMIT_CORE" },
	{ 5, "RLIMIT_RSS" }, { 6, "RLIMIT_NPROC" }, { 7, "RLIMIT_NOFILE" }, { 8, "RLIMIT_MEMLOCK" }, { 9, "RLIMIT_AS" },
	{ 10, "RLIMIT_LOCKS" }, { 11, "RLIMIT_SIGPENDING" }, { 12, "RLIMIT_MSGQUEUE" }, { 13, "RLIMIT_NICE" },
	{ 14, "RLIMIT_RTPRIO" }, { 15, "RLIMIT_RTTIME" }, { 0, NULL } };
static const struct vs_flag grnd_flags[] = { { 1, "GRND_NONBLOCK" }, { 2, "GRND_RANDOM" }, { 4, "GRND_INSECURE" }, { 0, NULL } };
static const struct vs_flag ioctls[] = {
	{ 0x5401, "TCGETS" }, { 0x5402, "TCSETS" }, { 0x540f, "TIOCGPGRP" }, { 0x5413, "TIOCGWINSZ" },
	{ 0x5414, "TIOCSWINSZ" }, { 0x541b, "FIONREAD" }, { 0x5421, "FIONBIO" }, { 0, NULL } };
static const struct vs_flag fcntl_cmds[] = {
	{ 0, "F_DUPFD" }, { 1, "F_GETFD" }, { 2, "F_SETFD" }, { 3, "F_GETFL" }, { 4, "F_SETFL" }, { 1030, "F_DUPFD_CLOEXEC" },
	{ 0, NULL } };
static const struct vs_flag sig_how[] = { { 0, "SIG_BLOCK" }, { 1, "SIG_UNBLOCK" }, { 2, "SIG_SETMASK" }, { 0, NULL } };
static const struct vs_flag madvice[] = {
	{ 0, "MADV_NORMAL" }, { 1, "MADV_RANDOM" }, { 2, "MADV_SEQUENTIAL" }, { 3, "MADV_WILLNEED" },
	{ 4, "MADV_DONTNEED" }, { 8, "MADV_FREE" }, { 9, "MADV_REMOVE" }, { 10, "MADV_DONTFORK" }, { 11, "MADV_DOFORK" },
	{ 12, "MADV_MERGEABLE" }, { 13, "MADV_UNMERGEABLE" }, { 14, "MADV_HUGEPAGE" }, { 15, "MADV_NOHUGEPAGE" },
	{ 16, "MADV_DONTDUMP" }, { 17, "MADV_DODUMP" }, { 0, NULL } };
static const struct vs_flag clone_flags[] = {
	{ 0x100, "CLONE_VM" }, { 0x200, "CLONE_FS" }, { 0x400, "CLONE_FILES" }, { 0x800, "CLONE_SIGHAND" },
	{ 0x1000, "CLONE_PIDFD" }, { 0x2000, "CLONE_PTRACE" }, { 0x4000, "CLONE_VFORK" }, { 0x8000, "CLONE_PARENT" },
	{ 0x10000, "CLONE_THREAD" }, { 0x20000, "CLONE_NEWNS" }, { 0x40000, "CLONE_SYSVSEM" },
	{ 0x80000, "CLONE_SETTLS" }, { 0x100000, "CLONE_PARENT_SETTID" }, { 0x200000, "CLONE_CHILD_CLEARTID" },
	{ 0x400000, "CLONE_DETACHED" }, { 0x800000, "CLONE_UNTRACED" }, { 0x1000000, "CLONE_CHILD_SETTID" },
	{ 0x2000000, "CLONE_NEWCGROUP" }, { 0x4000000, "CLONE_NEWUTS" }, { 0x8000000, "CLONE_NEWIPC" },
	{ 0x10000000, "CLONE_NEWUSER" }, { 0x20000000, "CLONE_NEWPID" }, { 0x40000000, "CLONE_NEWNET" },
	{ 0x80000000ULL, "CLONE_IO" }, { 0, NULL } };
static const char *const futex_ops[] = { "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_FD", "FUTEX_REQUEUE", "FUTEX_CMP_REQUEUE",
					 "FUTEX_WAKE_OP", "FUTEX_LOCK_PI", "FUTEX_UNLOCK_PI", "FUTEX_TRYLOCK_PI",
					 "FUTEX_WAIT_BITSET", "FUTEX_WAKE_BITSET", "FUTEX_WAIT_REQUEUE_PI",
					 "FUTEX_CMP_REQUEUE_PI", "FUTEX_LOCK_PI2" };

static void open_flags(struct vs_strace *t, uint64_t v)
{
	static const struct vs_flag acc[] = { { 0, "O_RDONLY" }, { 1, "O_WRONLY" }, { 2, "O_RDWR" }, { 0, NULL } };
	const struct vs_flag *f = t->x->abi->o_flags ? t->x->abi->o_flags : vs_o_flags_generic;
	v = (uint32_t)v;
	out(t, "%s", acc[v & 3].name ? acc[v & 3].name : "O_ACCMODE");
	for (; f->name; f++)
		if (f->v > 3 && (v & f->v) == f->v) {
			out(t, "|%s", f->name);
			v &= ~f->v;
		}
	if (v & ~3ULL)
		out(t, "|%#llo", (unsigned long long)(v & ~3ULL));
}

static uint64_t o_creat(struct vs_strace *t)
{
	for (const struct vs_flag *f = t->x->abi->o_flags ? t->x->abi->o_flags : vs_o_flags_generic; f->name; f++)
		if (!strcmp(f->name, "O_CREAT"))
			return f->v;
	return 0;
}

static void map_flags(struct vs_strace *t, uint64_t v)
{
	v = uword(t, v);
	value(t, v & 0xf, map_types, "MAP_???");
	if (v & ~0xfULL) {
		out(t, "|");
		flags(t, v & ~0xfULL, t->x->abi->map_flags ? t->x->abi->map_flags : vs_map_flags_generic, "0");
	}
}

static void dirfd(struct vs_strace *t, uint64_t v)
{
	if ((int32_t)v == -100)
		out(t, "AT_FDCWD");
	else
		out(t, "%d", (int32_t)v);
}

static void futex(struct vs_strace *t, const uint64_t *a)
{
	uint32_t op = (uint32_t)a[1], cmd = op & 0x7f;
	ptr(t, a[0]);
	out(t, ", %s%s%s", cmd < sizeof futex_ops / sizeof *futex_ops ? futex_ops[cmd] : "FUTEX_???",
	    op & 128 ? "_PRIVATE" : "", op & 256 ? "|FUTEX_CLOCK_REALTIME" : "");
	out(t, ", %u", (uint32_t)a[2]);
	if (cmd == 0 || cmd == 9) { /* (the bitset ops take no uaddr2: strace leaves it out) */
		out(t, ", ");
		timespec(t, a[3], 0, "tv_nsec");
	}
	if (cmd == 9 || cmd == 10)
		(uint32_t)a[5] == 0xffffffffu ? out(t, ", FUTEX_BITSET_MATCH_ANY") : out(t, ", %#x", (uint32_t)a[5]);
	if (cmd == 3 || cmd == 4) {
		out(t, ", %u, ", (uint32_t)a[3]);
		ptr(t, a[4]);
		if (cmd == 4)
			out(t, ", %u", (uint32_t)a[5]);
	}
}

static void clone_(struct vs_strace *t, const uint64_t *a)
{
	const uint8_t *i = t->x->abi->clone_args;
	uint64_t fl = uword(t, a[i[CL_FLAGS]]), sig = fl & 0xff;
	char nb[24];
	out(t, "child_stack=");
	ptr(t, a[i[CL_STACK]]);
	out(t, ", flags=");
	flags(t, fl & ~0xffULL, clone_flags, "");
	if (sig)
		out(t, "%s%s", fl & ~0xffULL ? "|" : "", signame(t, sig, nb));
	else if (!(fl & ~0xffULL))
		out(t, "0");
	if (fl & 0x100000)
		out(t, ", parent_tid="), ptr(t, a[i[CL_PTID]]);
	if (fl & 0x80000)
		out(t, ", tls="), ptr(t, a[i[CL_TLS]]);
	if (fl & 0x1200000)
		out(t, ", child_tidptr="), ptr(t, a[i[CL_CTID]]);
}

/* i386's struct user_desc as the call found it (vs_strace_enter kept it), and the entry it got */
static void user_desc(struct vs_strace *t, uint64_t addr, int64_t ret)
{
	const uint8_t *d = t->entry;
	if (!t->has_entry) {
		ptr(t, addr);
		return;
	}
	uint32_t e = (uint32_t)vs_get(d, 4, 0), base = (uint32_t)vs_get(d + 4, 4, 0), lim = (uint32_t)vs_get(d + 8, 4, 0),
		 f = (uint32_t)vs_get(d + 12, 4, 0);
	out(t, "{entry_number=%d, base_addr=%#x, limit=%#08x, seg_32bit=%u, contents=%u, read_exec_only=%u, "
	       "limit_in_pages=%u, seg_not_present=%u, useable=%u}", (int32_t)e, base, lim, f & 1, (f >> 1) & 3,
	    (f >> 3) & 1, (f >> 4) & 1, (f >> 5) & 1, (f >> 6) & 1);
	uint64_t now;
	if (ret == 0 && (int32_t)e == -1 && peek_word(t, addr, 4, &now))
		t->suffix = (int32_t)now;
}

/* what a decoder needs as the call found it, before the handler changes it */
void vs_strace_enter(struct vs_strace *t, const char *name, const uint64_t a[6])
{
	t->has_entry = !strcmp(name, "set_thread_area") && peek(t, a[0], t->entry, 16);
}

/* ---- the calls ------------------------------------------------------------------------------- */

/* Argument shapes by syscall name, a letter per argument:
 * d int, D dirfd, u unsigned long, l long, x pointer, X a number in hex, s path, b buffer (length: the next argument),
 * r buffer written (length: the result), h the same in hex, c clock id, t timespec read, T timespec
 * written, V timeval written, P PROT_, M MAP_, O O_ flags, o mode (octal), E AT_ flags, A arch_prctl
 * code, R rlimit resource, L rlimit written, I rlimit read, l64 from prlimit64 (Q/q), G GRND_ flags,
 * S signal, H how, m sigset (size: the last argument), i ioctl request, f fcntl command, U utsname,
 * W iovec array (count: the next argument), K clock_nanosleep flags, a MADV_, F futex (whole), C
 * clone (whole), k mmap2's page offset, e an offset, Y statx flags, Z statx mask, q i386's user_desc
 * (as it was on entry) */
struct shape { const char *name, *args; char ret; /* 0 decimal, 'x' an address, '?' none: it ends */ };
static const struct shape shapes[] = {
	{ "read", "dru" }, { "write", "dbu" }, { "open", "sOo" }, { "close", "d" }, { "stat", "sx" }, { "lstat", "sx" },
	{ "fstat", "dx" }, { "stat64", "sx" }, { "lstat64", "sx" }, { "fstat64", "dx" }, { "lseek", "dld" },
	{ "mmap", "xuPMde", 'x' }, { "mmap2", "xuPMdk", 'x' }, { "mprotect", "xuP" }, { "munmap", "xu" }, { "brk", "x", 'x' },
	{ "rt_sigaction", "Sxxu" }, { "rt_sigprocmask", "Hmmu" }, { "sigprocmask", "Hxx" }, { "ioctl", "dix" },
	{ "writev", "dWu" }, { "access", "sd" }, { "sched_yield", "" }, { "mremap", "xuuxx", 'x' }, { "madvise", "xua" },
	{ "nanosleep", "tx" }, { "getpid", "" }, { "clone", "C" }, { "fork", "" }, { "vfork", "" }, { "execve", "sxx" },
	{ "exit", "d", '?' }, { "exit_group", "d", '?' }, { "wait4", "dxdx" }, { "waitpid", "dxd" }, { "kill", "dS" },
	{ "uname", "U" }, { "fcntl", "df" }, { "fcntl64", "df" }, { "getcwd", "ru" }, { "readlink", "sru" },
	{ "readlinkat", "Dsru" }, { "gettimeofday", "Vx" }, { "getrlimit", "RL" }, { "ugetrlimit", "RL" },
	{ "getrusage", "dx" }, { "sysinfo", "x" }, { "ptrace", "dddx" }, { "getuid", "" }, { "getgid", "" },
	{ "geteuid", "" }, { "getegid", "" }, { "getuid32", "" }, { "getgid32", "" }, { "geteuid32", "" },
	{ "getegid32", "" }, { "getppid", "" }, { "sigaltstack", "xx" }, { "prctl", "dxxxx" }, { "arch_prctl", "Ax" },
	{ "gettid", "" }, { "tkill", "dS" }, { "tgkill", "ddS" }, { "time", "x" }, { "futex", "F" },
	{ "rt_sigreturn", "" }, { "sigreturn", "" }, { "rt_sigsuspend", "xu" }, { "pause", "" }, { "rt_sigpending", "xu" },
	{ "rt_sigtimedwait", "xxxu" }, { "rt_sigtimedwait_time64", "xxxu" }, { "setitimer", "dxx" }, { "getitimer", "dx" },
	{ "alarm", "u" }, { "timer_create", "cxx" }, { "timer_settime", "ddxx" }, { "timer_settime64", "ddxx" },
	{ "timer_gettime", "dx" }, { "timer_gettime64", "dx" }, { "timer_getoverrun", "d" }, { "timer_delete", "d" },
	{ "sched_setaffinity", "dux" }, { "sched_getaffinity", "dux" }, { "set_tid_address", "x" },
	{ "set_thread_area", "q" }, { "clock_gettime", "cT" }, { "clock_getres", "cT" }, { "clock_gettime64", "cT" },
	{ "clock_getres_time64", "cT" }, { "clock_nanosleep", "cKtx" }, { "clock_nanosleep_time64", "cKtx" },
	{ "openat", "DsOo" }, { "newfstatat", "DsxE" }, { "fstatat64", "DsxE" }, { "faccessat", "Dsd" },
	{ "faccessat2", "DsdE" }, { "unshare", "x" }, { "set_robust_list", "xu" }, { "prlimit64", "dRIQ" },
	{ "getcpu", "xxx" }, { "getrandom", "huG" }, { "statx", "DsYZx" }, { "rseq", "xXdX" }, { "clone3", "xu" },
	{ "pread64", "drul" }, { "readv", "dxu" }, { "getdents64", "dxu" }, { "chdir", "s" }, { "fchdir", "d" },
	{ "_llseek", "duuxd" }, { "getxattr", "ssxu" }, { "lgetxattr", "ssxu" }, { "fgetxattr", "dsxu" },
	{ "listxattr", "sxu" }, { "llistxattr", "sxu" }, { "flistxattr", "dxu" }, { "socket", "ddd" }, { "cacheflush", "xxd" }, { "set_tls", "x" }, { "riscv_flush_icache", "xxu" }, { "riscv_hwprobe", "xuuxu" },
};

static const struct shape *shape_of(const char *name)
{
	for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
		if (!strcmp(shapes[i].name, name))
			return &shapes[i];
	return NULL;
}

static void arg(struct vs_strace *t, char k, const uint64_t *a, int i, int64_t ret, int t64)
{
	uint64_t v = a[i];
	char nb[24];
	int ok = ret >= 0 || ret < -4095;
	switch (k) {
	case 'd': out(t, "%d", (int32_t)v); break;
	case 'D': dirfd(t, v); break;
	case 'u': out(t, "%llu", (unsigned long long)uword(t, v)); break;
	case 'l': out(t, "%lld", (long long)sword(t, v)); break;
	case 'x': ptr(t, v); break;
	case 'X': out(t, "%#llx", (unsigned long long)uword(t, v)); break;
	case 's': path(t, v); break;
	case 'b': buffer(t, v, uword(t, a[i + 1]), 0); break;
	case 'r': case 'h': ok ? buffer(t, v, (uint64_t)ret, k == 'h') : ptr(t, v); break;
	case 'c': clockid(t, v); break;
	case 't': timespec(t, v, t64, "tv_nsec"); break;
	case 'T': ok ? timespec(t, v, t64, "tv_nsec") : ptr(t, v); break;
	case 'V': ok ? timespec(t, v, 0, "tv_usec") : ptr(t, v); break;
	case 'P': flags(t, uword(t, v), prot_flags, "PROT_NONE"); break;
	case 'M': map_flags(t, v); break;
	case 'O': open_flags(t, v); break;
	case 'o': out(t, "%#llo", (unsigned long long)(uint32_t)v); break;
	case 'E': flags(t, (uint32_t)v, at_flags, "0"); break;
	case 'A': value(t, uword(t, v), arch_prctl_codes, "ARCH_???"); break;
	case 'R': value(t, (uint32_t)v, rlimits, "RLIMIT_???"); break;
	case 'L': ok ? rlimit(t, v, 0) : ptr(t, v); break;
	case 'I': rlimit(t, v, 1); break;
	case 'Q': ok ? rlimit(t, v, 1) : ptr(t, v); break;
	case 'G': flags(t, (uint32_t)v, grnd_flags, "0"); break;
	case 'S': out(t, "%s", signame(t, v, nb)); break;
	case 'H': value(t, (uint32_t)v - t->x->abi->sig_how, sig_how, "SIG_???"); break;
	case 'm': sigset(t, v, uword(t, a[3])); break;
	case 'i': value(t, (uint32_t)v, ioctls, "_IOC_???"); break;
	case 'W': iovec(t, v, uword(t, a[i + 1])); break;
	case 'K': v ? (v == 1 ? out(t, "TIMER_ABSTIME") : out(t, "%#llx", (unsigned long long)v)) : out(t, "0"); break;
	case 'a': value(t, (uint32_t)v, madvice, "MADV_???"); break;
	case 'e': v ? out(t, "%#llx", (unsigned long long)uword(t, v)) : out(t, "0"); break;
	case 'k': v ? out(t, "%#llx", (unsigned long long)uword(t, v) * PAGE) : out(t, "0"); break;
	case 'f': value(t, (uint32_t)v, fcntl_cmds, "F_???"); break;
	case 'Y': /* statx's flags: the sync type (0 is AT_STATX_SYNC_AS_STAT), then AT_ flags */
		out(t, "%s", (uint32_t)v & 0x6000 ? (v & 0x2000 ? "AT_STATX_FORCE_SYNC" : "AT_STATX_DONT_SYNC") : "AT_STATX_SYNC_AS_STAT");
		if ((uint32_t)v & ~0x6000u)
			out(t, "|"), flags(t, (uint32_t)v & ~0x6000u, at_flags, "0");
		break;
	case 'Z': (uint32_t)v == 0x7ff ? out(t, "STATX_BASIC_STATS") : out(t, "%#x", (uint32_t)v); break;
	case 'q': user_desc(t, v, ret); break;
	case 'U': ok ? utsname(t, v) : ptr(t, v); break;
	case 'F': futex(t, a); break;
	case 'C': clone_(t, a); break;
	default: out(t, "%#llx", (unsigned long long)v); break;
	}
}

static void args(struct vs_strace *t, const char *name, const uint64_t *a, int64_t ret)
{
	const struct shape *sh = shape_of(name);
	int t64 = strstr(name, "time64") != NULL;
	if (!sh) { /* outside the table: the raw words, as strace prints a call it does not know */
		for (int i = 0; i < 6; i++)
			out(t, "%s%#llx", i ? ", " : "", (unsigned long long)uword(t, a[i]));
		return;
	}
	if (!strcmp(name, "fcntl") || !strcmp(name, "fcntl64")) { /* F_GET*: no third argument */
		arg(t, 'd', a, 0, ret, 0);
		out(t, ", ");
		arg(t, 'f', a, 1, ret, 0);
		if ((uint32_t)a[1] != 1 && (uint32_t)a[1] != 3)
			out(t, ", %d", (int32_t)a[2]);
		return;
	}
	int at = !strcmp(name, "openat");
	if ((at || !strcmp(name, "open")) && !(a[at + 1] & o_creat(t))) {
		int n = at + 2; /* the mode only with O_CREAT */
		for (int i = 0; i < n; i++) {
			out(t, "%s", i ? ", " : "");
			arg(t, sh->args[i], a, i, ret, t64);
		}
		return;
	}
	for (int i = 0; sh->args[i]; i++) {
		out(t, "%s", i ? ", " : "");
		arg(t, sh->args[i], a, i, ret, t64);
	}
}

/* errno names and glibc's messages for them (numbered as asm-generic) */
static const struct { int e; const char *name, *msg; } errnos[] = {
	{ 1, "EPERM", "Operation not permitted" }, { 2, "ENOENT", "No such file or directory" },
	{ 3, "ESRCH", "No such process" }, { 4, "EINTR", "Interrupted system call" }, { 5, "EIO", "Input/output error" },
	{ 7, "E2BIG", "Argument list too long" }, { 8, "ENOEXEC", "Exec format error" },
	{ 9, "EBADF", "Bad file descriptor" }, { 10, "ECHILD", "No child processes" },
	{ 11, "EAGAIN", "Resource temporarily unavailable" }, { 12, "ENOMEM", "Cannot allocate memory" },
	{ 13, "EACCES", "Permission denied" }, { 14, "EFAULT", "Bad address" }, { 16, "EBUSY", "Device or resource busy" },
	{ 17, "EEXIST", "File exists" }, { 19, "ENODEV", "No such device" }, { 20, "ENOTDIR", "Not a directory" },
	{ 21, "EISDIR", "Is a directory" }, { 22, "EINVAL", "Invalid argument" },
	{ 24, "EMFILE", "Too many open files" }, { 25, "ENOTTY", "Inappropriate ioctl for device" },
	{ 28, "ENOSPC", "No space left on device" }, { 29, "ESPIPE", "Illegal seek" },
	{ 30, "EROFS", "Read-only file system" }, { 32, "EPIPE", "Broken pipe" },
	{ 34, "ERANGE", "Numerical result out of range" }, { 36, "ENAMETOOLONG", "File name too long" },
	{ 38, "ENOSYS", "Function not implemented" }, { 40, "ELOOP", "Too many levels of symbolic links" },
	{ 27, "EFBIG", "File too large" }, { 61, "ENODATA", "No data available" },
	{ 75, "EOVERFLOW", "Value too large for defined data type" },
	{ 110, "ETIMEDOUT", "Connection timed out" },
};

static void result(struct vs_strace *t, const struct shape *sh, int64_t ret)
{
	const struct vs_exec_abi *abi = t->x->abi;
	if (ret < 0 && ret >= -4095) {
		int e = (int)-ret;
		for (size_t i = 0; abi->errnos && abi->errnos[i][0]; i++)
			if (e == abi->errnos[i][1])
				e = abi->errnos[i][0];
		for (size_t i = 0; i < sizeof errnos / sizeof *errnos; i++)
			if (errnos[i].e == e) {
				out(t, "-1 %s (%s)", errnos[i].name, errnos[i].msg);
				return;
			}
		out(t, "-1 E??? (errno %d)", e);
		return;
	}
	if (sh && sh->ret == '?')
		out(t, "?");
	else if (sh && sh->ret == 'x')
		out(t, "%#llx", (unsigned long long)uword(t, (uint64_t)ret));
	else
		out(t, "%lld", (long long)(wordsz(t) == 4 ? (int32_t)ret : ret));
}

static void prefix(struct vs_strace *t, uint32_t tid)
{
	if (t->x->proc.n_threads > 1)
		out(t, "[pid %5u] ", tid);
}

void vs_strace_syscall(struct vs_strace *t, const struct vdsosim_exec_syscall *s)
{
	if (!(t->x->o->strace & VDSOSIM_STRACE_SYSCALLS))
		return;
	t->suffix = -1;
	prefix(t, s->tid);
	if (!strcmp(s->name, "unknown")) /* as strace names a number it does not know */
		out(t, "syscall_%#llx(", (unsigned long long)s->nr);
	else
		out(t, "%s(", s->name);
	args(t, s->name, s->args, s->ret);
	tab(t);
	result(t, shape_of(s->name), s->ret);
	if (t->suffix >= 0)
		out(t, " (entry_number=%lld)", (long long)t->suffix);
	t->has_entry = 0;
	if (s->from_vdso)
		out(t, " <vdso fallback>");
	emit(t);
}

void vs_strace_vdso(struct vs_strace *t, const struct vdsosim_exec_vdso_call *c)
{
	if (!(t->x->o->strace & VDSOSIM_STRACE_VDSO))
		return;
	enum vdsosim_func base = vdsosim_func_base(c->func);
	prefix(t, c->tid);
	out(t, "<vdso> %s(", vdsosim_func_name(c->func));
	switch (base) {
	case VDSOSIM_CLOCK_GETTIME:
	case VDSOSIM_CLOCK_GETRES:
		clockid(t, c->args[0]);
		out(t, ", ");
		c->has_answer ? out(t, "{tv_sec=%lld, tv_nsec=%lld}", (long long)c->sec, (long long)c->sub) : ptr(t, c->args[1]);
		break;
	case VDSOSIM_GETTIMEOFDAY:
		c->has_answer ? out(t, "{tv_sec=%lld, tv_usec=%lld}", (long long)c->sec, (long long)c->sub) : ptr(t, c->args[0]);
		out(t, ", ");
		ptr(t, c->args[1]);
		break;
	case VDSOSIM_TIME: {
		uint64_t v;
		if (c->args[0] && peek_word(t, c->args[0], t->x->abi->klong, &v))
			out(t, "[%lld]", (long long)v);
		else
			ptr(t, c->args[0]);
		break;
	}
	case VDSOSIM_GETCPU:
		c->has_answer && c->args[0] ? out(t, "[%lld]", (long long)c->sec) : ptr(t, c->args[0]);
		out(t, ", ");
		c->has_answer && c->args[1] ? out(t, "[%lld]", (long long)c->sub) : ptr(t, c->args[1]);
		out(t, ", ");
		ptr(t, c->args[2]);
		break;
	case VDSOSIM_GETRANDOM:
		c->ret >= 0 ? buffer(t, c->args[0], (uint64_t)c->ret, 1) : ptr(t, c->args[0]);
		out(t, ", %llu, ", (unsigned long long)uword(t, c->args[1]));
		flags(t, (uint32_t)c->args[2], grnd_flags, "0");
		break;
	default:
		for (int i = 0; i < 3; i++)
			out(t, "%s%#llx", i ? ", " : "", (unsigned long long)uword(t, c->args[i]));
		break;
	}
	tab(t);
	result(t, NULL, c->ret);
	out(t, " [%s, %u syscall%s, %llu retr%s]", c->path == VDSOSIM_PATH_VDSO ? "vdso" : "syscall fallback",
	    c->syscalls, c->syscalls == 1 ? "" : "s", (unsigned long long)c->retries, c->retries == 1 ? "y" : "ies");
	emit(t);
}

/* a signal delivered to its handler, as strace shows its siginfo */
static void siginfo(struct vs_strace *t, const struct vs_siginfo *si)
{
	char nb[24];
	const char *name = signame(t, (uint64_t)si->signo, nb);
	out(t, "--- %s {si_signo=%s, ", name, name);
	switch (si->code) {
	case VS_SI_USER: case VS_SI_TKILL:
		out(t, "si_code=%s, si_pid=%u, si_uid=%u} ---", si->code ? "SI_TKILL" : "SI_USER", si->pid, si->uid);
		break;
	case VS_SI_TIMER:
		out(t, "si_code=SI_TIMER, si_timerid=%#x, si_overrun=%d, si_int=%d, si_ptr=%#llx} ---",
		    (unsigned)si->timerid, si->overrun, (int)si->value, (unsigned long long)si->value);
		break;
	default: out(t, "si_code=SI_KERNEL} ---"); break;
	}
}

void vs_strace_signal(struct vs_strace *t, const struct vs_siginfo *si)
{
	siginfo(t, si);
	emit(t);
}

/* the signal that ended it, as strace shows its siginfo, then the end */
void vs_strace_end(struct vs_strace *t)
{
	const struct vdsosim_exec_result *r = t->x->res;
	char nb[24];
	if (r->signal) {
		const char *name = signame(t, (uint64_t)r->signal, nb);
		out(t, "--- %s {si_signo=%s, ", name, name);
		if (t->x->raised)
			out(t, "si_code=%s, si_pid=%u, si_uid=1000} ---", t->x->raised == X_KILL ? "SI_USER" : "SI_TKILL",
			    t->x->proc.pid);
		else if (t->x->fatal_code)
			out(t, "si_code=%s} ---", t->x->fatal_code);
		else if (r->signal == 11)
			out(t, "si_code=SEGV_MAPERR, si_addr=%#llx} ---", (unsigned long long)t->x->fault_addr);
		else
			out(t, "si_code=ILL_ILLOPN, si_addr=%#llx} ---",
			    (unsigned long long)vs_x_reg(t->x, t->x->abi->pc_reg));
		emit(t);
		out(t, "+++ killed by %s +++", name);
	} else if (r->message[0])
		out(t, "+++ stopped: %s (exit status %d) +++", r->message, r->exit_status);
	else
		out(t, "+++ exited with %d +++", r->exit_status);
	emit(t);
}
