/* Scenarios: regression tests written as YAML (an image or dump, a starting state, a timeline of
 * steps, calls with injections and expectations). Parsed once, run on their own engine. */
#ifndef VDSOSIM_SCENARIO_H
#define VDSOSIM_SCENARIO_H
#include <stddef.h>
#include <stdint.h>

#include "vdsosim.h"

struct sc_pos { int line, col; }; /* 1-based, for messages */

struct sc_expect {
	struct sc_pos pos;
	int has_ret, has_sec, has_nsec, has_usec, has_cpu, has_node, has_syscalls, has_retries, has_spins;
	int64_t ret, sec, nsec, usec, cpu, node;
	uint64_t syscalls, retries, spins;
	int path;          /* 0: any, 1: vdso, 2: syscall */
	int status;        /* expected VDSOSIM_E* (0: ok) */
	int consistent;    /* equals the model before or after the call's injections */
	int matches_model; /* equals the model's own answer (no injection) and takes the right path */
	const char *ge;    /* >= a previous named call */
	const char *within_of;
	int64_t within_ns;
	const char *random; /* leading bytes of getrandom's output, lower-case hex */
};

enum sc_kind { SC_EVENT, SC_TICK, SC_NTP, SC_SETTIME, SC_CALL, SC_COUNTER, SC_ADVANCE, SC_EXEC };

/* an exec step: a program run against the scenario's image and model */
struct sc_exec {
	const char *program;          /* resolved path */
	const char *sysroot;          /* resolved path (NULL: none) */
	const char *name;             /* as written: argv[0], wherever the scenario lives */
	const char *args[16];
	size_t n_args;
	uint64_t per_insn, budget;
	int has_per_insn, has_inject;
	struct vdsosim_exec_inject inject;
	struct sc_pos epos;
	int has_exit, has_calls, has_vsys, has_retries;
	int64_t exit_status;
	uint64_t calls, vsys, retries;
	const char *output;           /* a line its stdout must hold */
};

struct sc_step {
	enum sc_kind kind;
	struct sc_pos pos;
	enum vdsosim_event event;
	uint64_t counter;
	int32_t adj;
	int64_t sec;
	uint32_t nsec;
	int has_counter; /* a counter given in the step, not the running default */
	/* calls */
	const char *name;
	struct vdsosim_call call; /* with its updates (the injections) and stall_spins */
	const char *vvar, *vclock; /* raw pages loaded before this call */
	struct sc_expect expect;
	struct sc_exec exec;
};

struct scenario {
	const char *file;
	const char *name;
	const char *image;     /* resolved path */
	const char *vvar, *vclock;
	struct sc_pos image_pos;
	const char *requires[8];
	size_t n_requires;
	struct vdsosim_state state;
	int has_cpu;           /* state.cpu (a profile), cpu_flags, cpu_vendor: the image patched for it */
	struct vdsosim_cpu cpu;
	size_t n_steps;
	struct sc_step *steps;
	void *arena;           /* every string above lives here */
};

/* 0, or VDSOSIM_EARG with "file:line:col: what was expected" in vdsosim_last_error(). */
int sc_parse_file(const char *path, struct scenario **out);
/* The same from memory; file names it in messages and anchors relative paths. */
int sc_parse_buffer(const char *file, const void *text, size_t len, struct scenario **out);
void sc_free(struct scenario *s);

/* ---- running ---- */
enum sc_status { SC_PASS, SC_FAIL, SC_SKIP };
struct sc_outcome {
	enum sc_status status;
	char **messages;       /* failures, or the skip reason */
	size_t n_messages;
	size_t calls;
	double seconds_unused;
};
/* Runs one scenario; its outcome is deterministic. features: what this build has ("dump"). */
int sc_run(const struct scenario *s, const char *const *features, struct sc_outcome *o);

/* What a timeline draws: the state changes, the scenario's own calls, and every clock sampled
 * through the image's clock_gettime across each stretch of constant state (at its two ends and
 * evenly between). Values only; sampling never changes the outcome. */
enum { SC_TRACE_SAMPLES = 16 };
struct sc_mark { uint64_t counter; char kind[16]; char label[96]; };
struct sc_sample { uint64_t counter; int32_t clock; int ok; int64_t ns; };
struct sc_tcall { uint64_t counter; int32_t clock; int has_clock, ok, vdso; int64_t ns; uint64_t retries; char name[64]; };
struct sc_trace {
	uint64_t freq_hz;
	int sampled;                 /* the image exports clock_gettime */
	struct sc_mark *marks;
	struct sc_sample *samples;
	struct sc_tcall *calls;
	size_t n_marks, n_samples, n_calls, cap_marks, cap_samples, cap_calls;
};
int sc_run_traced(const struct scenario *s, const char *const *features, struct sc_outcome *o, struct sc_trace *t);
void sc_trace_free(struct sc_trace *t);
void sc_outcome_free(struct sc_outcome *o);

#endif
