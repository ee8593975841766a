/* vdsosim CLI: argument parsing and output only; all work is done by libvdsosim. */
#ifndef VDSOSIM_CLI_H
#define VDSOSIM_CLI_H
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

#include "vdsosim.h"

/* exit codes: 0 ok, 1 a finding (mismatch/violation), 2 usage or input error */
enum { EXIT_FINDING = 1, EXIT_USAGE = 2 };

int cmd_info(int argc, char **argv);
int cmd_call(int argc, char **argv);
int cmd_survey(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_explore(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_exec(int argc, char **argv);
/* exec_summary.c: --strace-summary, as strace -c */
void exec_summary(FILE *f, const struct vdsosim_exec_result *r);
int cmd_dump(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_patch(int argc, char **argv);
int cmd_audit(int argc, char **argv);

/* opts.c: the model-state options shared by call/survey/check */
#define STATE_LONGOPTS                                                                                       \
	{ "clocksource", required_argument, 0, 1000 }, { "mode", required_argument, 0, 1000 },                \
		{ "freq", required_argument, 0, 1001 }, { "realtime", required_argument, 0, 1002 },            \
		{ "monotonic", required_argument, 0, 1003 }, { "boot-offset", required_argument, 0, 1004 },   \
		{ "tai-offset", required_argument, 0, 1005 }, { "hz", required_argument, 0, 1006 },           \
		{ "lowres", no_argument, 0, 1007 }, { "tz", required_argument, 0, 1008 },                      \
		{ "cpu", required_argument, 0, 1009 }, { "node", required_argument, 0, 1010 },                 \
		{ "state-counter", required_argument, 0, 1011 }
#define STATE_HELP                                                                                           \
	"State of the simulated kernel:\n"                                                                    \
	"  --clocksource NAME   tsc (default; archtimer, r4k, tod), hpet|xen|none, kvm-clock|pvclock,\n"     \
	"                       hyperv|hvclock, archtimer_nocompat, gic (MIPS)\n"                            \
	"  --freq HZ            counter frequency, e.g. 2600000000 or 2.6G (default 2.6G; the s390 TOD\n"   \
	"                       clock is always 4.096 GHz)\n"                                                \
	"  --realtime DATE      CLOCK_REALTIME at the state's counter: 2026-01-01T00:00:00Z or @SECONDS[.NS]\n" \
	"  --monotonic SEC[.NS] CLOCK_MONOTONIC at the state's counter (default 1000)\n"                      \
	"  --boot-offset SEC[.NS] time spent suspended (BOOTTIME - MONOTONIC)\n"                             \
	"  --tai-offset SEC     TAI - UTC (default 37)\n"                                                    \
	"  --hz N               CONFIG_HZ (default 250)   --lowres  no high-resolution timers\n"             \
	"  --tz MIN[,DST]       timezone for gettimeofday\n"                                                 \
	"  --cpu N --node N     what getcpu answers\n"                                                       \
	"  --state-counter N    counter value at which the state holds (cycle_last)\n"

/* cpuopt.c: the CPU the images are patched for (boot-time alternatives); none: as shipped */
#define CPU_LONGOPTS                                                                                         \
	{ "cpu-flags", required_argument, 0, 1100 }, { "cpu-vendor", required_argument, 0, 1101 },           \
		{ "cpu-family", required_argument, 0, 1102 }, { "cpu-model", required_argument, 0, 1103 }
#define CPU_HELP                                                                                             \
	"The CPU (boot-time alternatives; default: the image as shipped, unpatched):\n"                      \
	"  --cpu PROFILE        a named CPU: qemu64, qemu-max, skylake, icelake-server, zen2, generic\n"     \
	"  --cpu-flags LIST     cpuinfo flag names (rdtscp,rdpid,...; -name: absent), or @FILE: a saved\n"   \
	"                       /proc/cpuinfo (vendor, family, model and flags)\n"                          \
	"  --cpu-vendor V       GenuineIntel|intel, AuthenticAMD|amd, hygon, centaur, zhaoxin\n"            \
	"  --cpu-family N --cpu-model N\n"
struct cpu_choice { int set; struct vdsosim_cpu cpu; char what[300]; };
extern struct cpu_choice cpu_choice;
/* 1 if consumed, 0 if not a CPU option (a numeric --cpu is getcpu's), -1 on a bad value */
int cpu_opt(int opt, const char *arg);
int cpu_patch_image(vdsosim_image **img); /* 0, or -1 with a message */

/* Returns 1 if it consumed the option, 0 if not a state option, -1 on a bad value (message printed). */
int state_opt(int opt, const char *arg, struct vdsosim_state *st);
int parse_u64(const char *s, uint64_t *v);
/* --shard I/N (1-based) into 0-based shard and count; -j N */
int parse_shard(const char *s, uint32_t *shard, uint32_t *shards);
int parse_jobs(const char *s, int *jobs);
int parse_i64(const char *s, int64_t *v);
int open_image(const char *path, vdsosim_image **img);
/* the image and its profile; on failure one message on stderr and both NULL */
int open_profile(const char *path, vdsosim_image **img, vdsosim_profile **p);
void close_profile(vdsosim_image *img, vdsosim_profile *p);
/* IMAGE...: every image and profile opened before any work, so that a bad one is an input error
 * at once (EXIT_USAGE, message printed); imgset_close frees what was opened */
struct imgset { int n; vdsosim_image **img; vdsosim_profile **prof; };
int imgset_open(struct imgset *s, char **paths, int n);
void imgset_close(struct imgset *s);

/* multi.c: one image's work: 0, or EXIT_USAGE after its message; adds its findings to *bad and,
 * with JSON, appends its object to all (NULL without JSON) */
struct progress;
typedef int (*multi_fn)(void *ctx, vdsosim_image *img, vdsosim_profile *prof, struct progress *pg, json_t *all,
			uint64_t *bad);
struct multi { const char *verb; int quiet, json; const char *total_key; };
/* every image, with progress; exit code 0, EXIT_FINDING if any finding, or the first error */
int multi_image(char **paths, int n, const struct multi *m, multi_fn one, void *ctx);
int read_file(const char *path, void **buf, size_t *len);
void die_usage(const char *cmd, const char *msg);
/* after getopt_long returned '?': name the offending option and exit 2 */
void bad_option(const char *cmd, char **argv);

/* findings.c: check (explore 0) and explore findings as text and as JSON fields */
void finding_text(FILE *o, const vdsosim_profile *p, const struct vdsosim_finding *f, int explore);
json_t *finding_json(const vdsosim_profile *p, const struct vdsosim_finding *f);

/* progress.c: done/total, the current item and an ETA on stderr, only on a terminal; NULL
 * (and every call a no-op) otherwise or with quiet */
struct progress;
struct progress *progress_new(const char *verb, size_t n_items, int quiet);
void progress_item(struct progress *p, size_t i, const char *name);
void progress_update(void *ud, uint64_t done, uint64_t total); /* a vdsosim_progress_fn */
void progress_clear(struct progress *p); /* before printing to a terminal; the next update redraws */
void progress_end(struct progress *p);

/* out.c */
json_t *j_u64(uint64_t v);
json_t *j_hex(uint64_t v);
void j_print(json_t *j);
/* one image's object as it is; several as {"images":[...], key: total} */
void j_print_images(json_t *all, const char *key, uint64_t total);

#endif
