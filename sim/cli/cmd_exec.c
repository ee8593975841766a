/* vdsosim exec IMAGE PROGRAM [ARG...]: run a program against a real vDSO. Exit status as
 * a shell expects: the program's own, 128+signal, 122 deadlock, 124 out of budget, 125 vdsosim failed, 126 the
 * program cannot run, 127 not found. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum { X_BUDGET = 124, X_TOOL = 125, X_CANNOT = 126, X_NOTFOUND = 127 };

static void help(void)
{
	printf("usage: vdsosim exec [options] IMAGE [--] PROGRAM [ARG...]\n\n"
	       "Runs a program of the image's ABI in the same emulated machine as the vDSO: the program (or\n"
	       "its dynamic loader) finds it through AT_SYSINFO_EHDR and calls it as it would on Linux.\n"
	       "Its syscalls are served by the model, never by the host: writes to stdout and stderr pass\n"
	       "through, stdin is empty, files exist only in --sysroot (read-only), brk and mmap are real\n"
	       "memory, every time syscall is answered at the current counter. Threads run one at a time on a deterministic\n"
	       "scheduler; when every thread waits, time jumps to the earliest deadline; fork is not served.\n\n"
	       "  --sysroot DIR         the guest's / (read-only; paths never leave it): a dynamic program's\n"
	       "                        interpreter and libraries come from it (\"/\" for the host's own,\n"
	       "                        /usr/aarch64-linux-gnu for Debian's cross libc, or tools/sysroot.sh)\n"
	       "  --env K=V             an environment variable (repeatable; none by default)\n"
	       "  --counter-per-insn N  counter advance per instruction (default 1)\n"
	       "  --counter-step N      with --counter-per-insn 0: advance per counter read\n"
	       "  --vsyscall MODE       x86_64: the legacy vsyscall page, emulate|xonly|none (default xonly)\n"
	       "  --budget N            instructions for the whole program (default 1000000000)\n"
	       "  --mem-cap BYTES       brk and mmap together (default 268435456)\n"
	       "  --strict              stop at the first syscall outside the process surface\n"
	       "  --inject EVENT@call:K:POINT  land an update in the program's K-th vDSO call (from 0);\n"
	       "                        POINT as for `call --inject` (insn:K, load:N, pc:0xOFF, read:K, spin:K)\n"
	       "  --stall-spins K       spins before a stalled writer completes (default 3)\n"
	       "  --report FILE         JSON: exit status, instructions, vDSO calls, syscalls, unsupported\n"
	       "  --strace[=FILE]       every syscall as `strace -f` prints it, on stderr or into FILE; the\n"
	       "                        vDSO's own fallbacks end with <vdso fallback>\n"
	       "  --vdso-trace          the vDSO calls too, as lines strace never shows (implies --strace)\n"
	       "  --strace-summary[=FILE]  at the end, as `strace -c`: syscalls by count, errors and share of\n"
	       "                        calls, and the vDSO calls by function and path (on stderr by default)\n"
	       "  --cpus N              CPUs the process runs on (getcpu, sched_getaffinity; default 1)\n"
	       "  --slice N             instructions a thread runs while another is ready (default 100000)\n"
	       "  --sched-seed S        draw the next thread and its slice from seed S (reproducible)\n"
	       "  --max-threads N       threads alive at once before clone answers EAGAIN (default 256)\n\n" STATE_HELP
	       "\nExit status: the program's own; 128+signal when it dies (SIGSEGV on a fault, SIGILL);\n"
	       "122 deadlock (every thread waits, none with a deadline); 124 out of budget; 125 vdsosim\n"
	       "failed (bad image, bad option); 126 PROGRAM cannot run (no interpreter, another architecture,\n"
	       "corrupt; --strict stops); 127 PROGRAM not found.\n");
}

static void bad(const char *msg)
{
	fprintf(stderr, "vdsosim exec: %s\n", msg);
	exit(X_TOOL);
}

static json_t *report_json(const struct vdsosim_exec_result *r, const struct vdsosim_exec_opts *eo)
{
	char cb[24];
	json_t *o = json_object(), *calls = json_array(), *sys = json_array(), *uns = json_array();
	json_object_set_new(o, "exit_status", json_integer(r->exit_status));
	if (r->signal)
		json_object_set_new(o, "signal", json_integer(r->signal));
	if (r->message[0])
		json_object_set_new(o, "message", json_string(r->message));
	json_object_set_new(o, "instructions", j_u64(r->instructions));
	json_object_set_new(o, "counter", j_u64(r->counter));
	for (size_t i = 0; i < r->n_vdso_calls; i++) {
		const struct vdsosim_exec_vdso_call *c = &r->vdso_calls[i];
		json_t *j = json_pack("{s:s,s:o,s:s,s:i,s:I,s:I,s:o}", "function", vdsosim_func_name(c->func), "clock",
				      vdsosim_func_takes_clock(c->func) ? json_string(vdsosim_clock_name(c->clock, cb)) : json_null(),
				      "path", c->path == VDSOSIM_PATH_VDSO ? "vdso" : "syscall", "syscalls", (int)c->syscalls,
				      "retries", (json_int_t)c->retries, "ret", (json_int_t)c->ret, "counter", j_u64(c->counter));
		if (c->counter_reads)
			json_object_set_new(j, "counter_read", j_u64(c->counter_read));
		if (c->updates_landed)
			json_object_set_new(j, "updates_landed", json_integer(c->updates_landed));
		if (c->has_answer) /* what it wrote back: tv_sec and tv_nsec (tv_usec); getcpu's cpu, node */
			json_object_set_new(j, "answer", json_pack("[I,I]", (json_int_t)c->sec, (json_int_t)c->sub));
		json_object_set_new(j, "tid", json_integer(c->tid));
		json_array_append_new(calls, j);
	}
	for (size_t i = 0; i < r->n_syscalls; i++)
		json_array_append_new(sys, json_pack("{s:I,s:s,s:s,s:I}", "nr", (json_int_t)r->syscalls[i].nr, "name",
						     r->syscalls[i].name, "from", r->syscalls[i].from_vdso ? "vdso" : "program",
						     "ret", (json_int_t)r->syscalls[i].ret));
	for (size_t i = 0; i < r->n_unsupported; i++)
		json_array_append_new(uns, json_pack("{s:I,s:s}", "nr", (json_int_t)r->unsupported[i].nr, "name",
						     r->unsupported[i].name));
	json_object_set_new(o, "vdso_calls", calls);
	json_object_set_new(o, "syscalls", sys);
	json_object_set_new(o, "unsupported", uns);
	json_object_set_new(o, "needs_threads", json_boolean(r->needs_threads));
	if (r->program_counter_reads)
		json_object_set_new(o, "program_counter_reads", j_u64(r->program_counter_reads));
	json_t *th = json_array();
	for (size_t i = 0; i < r->n_threads; i++) {
		const struct vdsosim_exec_thread *t = &r->threads[i];
		json_t *j = json_pack("{s:i,s:o,s:o,s:o}", "tid", (int)t->tid, "exit",
				      t->exited ? json_integer(t->exit_code) : json_null(), "instructions", j_u64(t->instructions),
				      "vdso_calls", j_u64(t->vdso_calls));
		json_array_append_new(th, j);
	}
	json_object_set_new(o, "threads", th);
	json_t *sc = json_pack("{s:s,s:o,s:i}", "rule", eo->sched_seeded ? "seeded" : "round-robin", "slice",
			       j_u64(eo->slice ? eo->slice : 100000), "cpus", (int)(eo->cpus ? eo->cpus : 1));
	if (eo->sched_seeded)
		json_object_set_new(sc, "seed", j_u64(eo->sched_seed));
	json_object_set_new(sc, "switches", j_u64(r->switches));
	json_object_set_new(o, "schedule", sc);
	if (r->n_signals) {
		json_t *sg = json_array();
		for (size_t i = 0; i < r->n_signals_kept; i++) {
			const struct vdsosim_exec_signal *s = &r->signals[i];
			json_t *j = json_pack("{s:i,s:o,s:i,s:i,s:o,s:o}", "signo", s->signo, "name",
					      s->name ? json_string(s->name) : json_null(), "code", s->code, "tid", (int)s->tid,
					      "counter", j_u64(s->counter), "pc", j_u64(s->pc));
			json_object_set_new(j, "vdso_call", s->in_vdso ? j_u64(s->vdso_call) : json_null());
			json_array_append_new(sg, j);
		}
		json_object_set_new(o, "signals", sg);
		json_object_set_new(o, "signals_delivered", j_u64(r->n_signals));
	}
	if (r->signals_pending)
		json_object_set_new(o, "signals_pending", j_u64(r->signals_pending));
	if (r->n_files) {
		json_t *fl = json_array();
		for (size_t i = 0; i < r->n_files; i++)
			json_array_append_new(fl, json_pack("{s:s,s:I}", "path", r->files[i].path, "ret",
							    (json_int_t)r->files[i].ret));
		json_object_set_new(o, "files", fl);
	}
	if (r->n_maps) {
		json_t *mp = json_array();
		for (size_t i = 0; i < r->n_maps; i++)
			json_array_append_new(mp, json_pack("{s:s,s:o}", "path", r->maps[i].path, "base", j_u64(r->maps[i].base)));
		json_object_set_new(o, "link_maps", mp);
	}
	return o;
}

static void trace_line(void *ud, const char *line)
{
	fprintf(ud, "%s\n", line);
}

/* the summary on stderr, or into FILE; nonzero when FILE could not be written */
static int summary_done(const char *path, const struct vdsosim_exec_result *r)
{
	FILE *f = path ? fopen(path, "w") : stderr;
	if (f)
		exec_summary(f, r);
	if (!f || (path && fclose(f))) {
		fprintf(stderr, "vdsosim exec: %s: cannot write the summary\n", path);
		return 1;
	}
	return 0;
}

int cmd_exec(int argc, char **argv)
{
	static const struct option lo[] = { STATE_LONGOPTS, CPU_LONGOPTS,
					    { "env", required_argument, 0, 'e' },
					    { "counter-per-insn", required_argument, 0, 'i' },
					    { "counter-step", required_argument, 0, 's' },
					    { "budget", required_argument, 0, 'b' },
					    { "vsyscall", required_argument, 0, 'Y' },
					    { "mem-cap", required_argument, 0, 'M' },
					    { "strict", no_argument, 0, 'S' },
					    { "inject", required_argument, 0, 'I' },
					    { "stall-spins", required_argument, 0, 'k' },
					    { "report", required_argument, 0, 'r' },
					    { "strace", optional_argument, 0, 'T' },
					    { "vdso-trace", no_argument, 0, 'V' },
					    { "strace-summary", optional_argument, 0, 'C' },
					    { "cpus", required_argument, 0, 'P' },
					    { "sched-seed", required_argument, 0, 'D' },
					    { "slice", required_argument, 0, 'L' },
					    { "max-threads", required_argument, 0, 'X' },
					    { "sysroot", required_argument, 0, 'R' },
					    { "help", no_argument, 0, 'h' },
					    { 0 } };
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	struct vdsosim_exec_opts o = { .counter_per_insn = 1 };
	const char *report = NULL, *trace_file = NULL, *summary_file = NULL;
	int summary = 0;
	FILE *trace = NULL;
	const char **envp = calloc((size_t)argc + 1, sizeof *envp);
	uint64_t u;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", lo, NULL)) != -1) {
		int s = state_opt(c, optarg, &st);
		if (!s)
			s = cpu_opt(c, optarg);
		if (s < 0)
			return X_TOOL;
		if (s)
			continue;
		switch (c) {
		case 'e':
			if (!strchr(optarg, '='))
				bad("--env takes K=V");
			envp[o.envc++] = optarg;
			break;
		case 'i':
			if (parse_u64(optarg, &o.counter_per_insn) || o.counter_per_insn > 1000000)
				bad("--counter-per-insn takes a number from 0 to 1000000");
			break;
		case 's':
			if (parse_u64(optarg, &o.counter_step))
				bad("--counter-step takes a number");
			break;
		case 'b':
			if (parse_u64(optarg, &o.budget) || !o.budget || o.budget > 100000000000ULL)
				bad("--budget takes a number from 1 to 100000000000");
			break;
		case 'Y':
			if (vdsosim_vsyscall_parse(optarg, &o.vsyscall))
				bad("--vsyscall takes emulate, xonly or none");
			break;
		case 'M':
			if (parse_u64(optarg, &o.mem_cap) || o.mem_cap < 65536 || o.mem_cap > (8ULL << 30))
				bad("--mem-cap takes a number of bytes from 65536 to 8589934592");
			break;
		case 'S': o.strict = 1; break;
		case 'I': {
			/* EVENT@call:K:POINT */
			char name[64];
			const char *at = strchr(optarg, '@');
			if (!at || at - optarg >= (long)sizeof name || o.n_inject == VDSOSIM_MAX_UPDATES ||
			    strncmp(at + 1, "call:", 5))
				bad("--inject takes EVENT@call:K:POINT, at most twice");
			memcpy(name, optarg, (size_t)(at - optarg));
			name[at - optarg] = 0;
			struct vdsosim_exec_inject *in = &o.inject[o.n_inject];
			char *end;
			in->call = strtoull(at + 6, &end, 10);
			if (end == at + 6 || *end != ':' || vdsosim_point_parse(end + 1, &in->update.at))
				bad("--inject takes EVENT@call:K:POINT (POINT: insn:K, load:N, pc:0xOFF, read:K or spin:K)");
			if (vdsosim_event_parse(name, &in->update.event)) {
				fprintf(stderr, "vdsosim exec: %s\n", vdsosim_last_error());
				return X_TOOL;
			}
			o.n_inject++;
			break;
		}
		case 'k':
			if (parse_u64(optarg, &u) || !u || u > 100000)
				bad("--stall-spins takes a number from 1 to 100000");
			o.stall_spins = (uint32_t)u;
			break;
		case 'r': report = optarg; break;
		case 'T':
			o.strace |= VDSOSIM_STRACE_SYSCALLS;
			trace_file = optarg;
			break;
		case 'V': o.strace |= VDSOSIM_STRACE_SYSCALLS | VDSOSIM_STRACE_VDSO; break;
		case 'C':
			summary = 1;
			summary_file = optarg;
			break;
		case 'P':
			if (parse_u64(optarg, &u) || !u || u > 512)
				bad("--cpus takes a number from 1 to 512");
			o.cpus = (uint32_t)u;
			break;
		case 'D':
			if (parse_u64(optarg, &o.sched_seed))
				bad("--sched-seed takes a number");
			o.sched_seeded = 1;
			break;
		case 'L':
			if (parse_u64(optarg, &o.slice) || !o.slice || o.slice > 1000000000ULL)
				bad("--slice takes a number of instructions from 1 to 1000000000");
			break;
		case 'X':
			if (parse_u64(optarg, &u) || !u || u > 4096)
				bad("--max-threads takes a number from 1 to 4096");
			o.max_threads = (size_t)u;
			break;
		case 'R': o.sysroot = optarg; break;
		case 'h': help(); free(envp); return 0;
		default: {
			char msg[128];
			snprintf(msg, sizeof msg, "unknown or incomplete option '%s' (try --help)", argv[optind - 1]);
			bad(msg);
		}
		}
	}
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	const char *image = optind < argc ? argv[optind++] : NULL;
	if (optind < argc && !strcmp(argv[optind], "--"))
		optind++;
	if (!image || optind >= argc)
		bad("expected IMAGE PROGRAM [ARG...]");
	const char *program = argv[optind];
	o.argv = (const char *const *)argv + optind;
	o.argc = (size_t)(argc - optind);
	o.envp = envp;

	vdsosim_image *img = NULL;
	vdsosim_profile *prof = NULL;
	vdsosim_model *m = NULL;
	vdsosim_program *prog = NULL;
	struct vdsosim_exec_result r = { 0 };
	int rc = X_TOOL;
	if (vdsosim_image_open(&img, image) || vdsosim_profile_new(&prof, img) || vdsosim_model_new(&m, prof, &st)) {
		fprintf(stderr, "vdsosim exec: %s\n", vdsosim_last_error());
		goto out;
	}
	if (cpu_choice.set) { /* the profile of the image as that CPU's kernel patched it, and CPUID */
		o.cpu = &cpu_choice.cpu;
		vdsosim_model_free(m);
		vdsosim_profile_free(prof);
		m = NULL;
		prof = NULL;
		if (cpu_patch_image(&img))
			goto out;
		if (vdsosim_profile_new(&prof, img) || vdsosim_model_new(&m, prof, &st)) {
			fprintf(stderr, "vdsosim exec: %s\n", vdsosim_last_error());
			goto out;
		}
	}
	if (o.strace) {
		if (!(trace = trace_file ? fopen(trace_file, "w") : stderr)) {
			fprintf(stderr, "vdsosim exec: %s: cannot write the trace\n", trace_file);
			goto out;
		}
		o.strace_line = trace_line;
		o.strace_ud = trace;
	}
	int err = vdsosim_program_open(&prog, program);
	if (err) {
		fprintf(stderr, "vdsosim exec: %s\n", vdsosim_last_error());
		rc = err == VDSOSIM_ENOTFOUND ? X_NOTFOUND : X_CANNOT;
		goto out;
	}
	if ((err = vdsosim_exec(prof, m, prog, &o, &r))) {
		fprintf(stderr, "vdsosim exec: %s\n", vdsosim_last_error());
		rc = err == VDSOSIM_EUNSUPPORTED ? X_CANNOT : X_TOOL;
		goto out;
	}
	rc = r.exit_status;
	if (r.message[0])
		fprintf(stderr, "vdsosim exec: %s: %s\n", program, r.message);
	if (summary && summary_done(summary_file, &r))
		rc = rc ? rc : X_TOOL;
	if (report) {
		json_t *j = report_json(&r, &o);
		if (json_dump_file(j, report, JSON_INDENT(1) | JSON_ENSURE_ASCII)) {
			fprintf(stderr, "vdsosim exec: %s: cannot write the report\n", report);
			rc = rc ? rc : X_TOOL;
		}
		json_decref(j);
	}
out:
	if (trace && trace != stderr && fclose(trace)) {
		fprintf(stderr, "vdsosim exec: %s: cannot write the trace\n", trace_file);
		rc = rc ? rc : X_TOOL;
	}
	vdsosim_exec_result_clear(&r);
	vdsosim_program_free(prog);
	vdsosim_model_free(m);
	vdsosim_profile_free(prof);
	vdsosim_image_free(img);
	free(envp);
	return rc;
}
