#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void)
{
	printf("usage: vdsosim call IMAGE FUNCTION [CLOCK] [options]\n\n"
	       "Run the image's own FUNCTION (clock_gettime, gettimeofday, time, clock_getres, getcpu,\n"
	       "getrandom) once; vsyscall:gettimeofday, vsyscall:time, vsyscall:getcpu call the legacy\n"
	       "vsyscall page's entry instead (x86_64; --vsyscall emulate|xonly|none, default xonly).\n"
	       "CLOCK is CLOCK_MONOTONIC, MONOTONIC, monotonic or a number.\n\n"
	       "  --counter N          value the code's first counter read returns (default: state + 1 ms)\n"
	       "  --counter-step N     added to every further counter read (default 0)\n"
	       "  --vvar FILE          raw [vvar] pages as dumped (first page first; missing pages read as 0)\n"
	       "  --vclock FILE        raw [vvar_vclock] pages (kernels 6.13+)\n"
	       "  --null-arg1, --null-arg2, --bad-pointer   pass NULL / an unmapped address\n"
	       "  --inject EVENT@AT    land a timekeeper update inside the call (repeatable, at most 2): AT is\n"
	       "                       insn:K, load:N, pc:0xOFF, read:K or spin:K (see 'vdsosim explore --help'\n"
	       "                       for the events); stalled-writer completes after --stall-spins K (3)\n"
	       "  --trace              list every instruction executed\n"
	       "  --budget N           instruction budget (default 100000, at most 100000000)\n"
	       "  --spin-limit N       reader spins on an odd seq before giving up (default 1000)\n"
	       "  --len N              getrandom: bytes to ask for (default 32, at most 1024)\n"
	       "  --grnd-flags N       getrandom: GRND_* flags (default 0)\n"
	       "  --params             getrandom: the opaque-state params query (NULL, 0, 0, state, ~0UL)\n"
	       "                       (the state is fresh; its key comes from the model's getrandom\n"
	       "                       syscall, a fixed SplitMix64 stream: never the host's entropy)\n"
	       "  --json               one JSON object\n\n" STATE_HELP);
}

static int load_pages(vdsosim_engine *e, const char *path, int vclock)
{
	void *buf;
	size_t len;
	if (read_file(path, &buf, &len))
		return -1;
	int r = vclock ? vdsosim_engine_load_vclock(e, buf, len) : vdsosim_engine_load_vvar(e, buf, len);
	free(buf);
	if (r)
		fprintf(stderr, "vdsosim: %s: %s\n", path, vdsosim_last_error());
	return r ? -1 : 0;
}

static json_t *result_json(const vdsosim_profile *p, const struct vdsosim_call *c, const struct vdsosim_result *r, int trace,
			   int in_ns)
{
	char cb[24], name[64];
	json_t *o = json_object();
	json_object_set_new(o, "function", json_string(vdsosim_func_name(c->func)));
	if (vdsosim_func_takes_clock(c->func))
		json_object_set_new(o, "clock", json_string(vdsosim_clock_name(c->clock, cb)));
	json_object_set_new(o, "status", json_string(r->status ? vdsosim_strerror(r->status) : "ok"));
	if (r->status) {
		json_object_set_new(o, "error", json_string(r->message));
		if (r->status == VDSOSIM_EFAULT)
			json_object_set_new(o, "fault", json_pack("{s:o,s:s,s:o}", "pc", j_hex(r->fault_pc), "insn",
								  r->fault_insn, "addr", j_hex(r->fault_addr)));
	} else {
		json_object_set_new(o, "ret", json_integer(r->ret));
	}
	if (r->has_ts) {
		json_object_set_new(o, "tv_sec", json_integer(r->tv_sec));
		if (c->func != VDSOSIM_TIME)
			json_object_set_new(o, "tv_nsec", json_integer(r->tv_nsec));
	}
	if (r->has_tv) {
		json_object_set_new(o, "tv_sec", json_integer(r->tv_sec));
		json_object_set_new(o, "tv_usec", json_integer(r->tv_usec));
	}
	if (r->has_tz) {
		json_object_set_new(o, "tz_minuteswest", json_integer(r->tz_minuteswest));
		json_object_set_new(o, "tz_dsttime", json_integer(r->tz_dsttime));
	}
	if (r->has_cpu)
		json_object_set_new(o, "cpu", json_integer(r->cpu));
	if (r->has_node)
		json_object_set_new(o, "node", json_integer(r->node));
	if (c->func == VDSOSIM_GETRANDOM && (c->flags & VDSOSIM_CALL_RANDOM_PARAMS) && !r->status && !r->ret)
		json_object_set_new(o, "params", json_pack("{s:I,s:I,s:I}", "size_of_opaque_state", (json_int_t)r->opaque_size,
							   "mmap_prot", (json_int_t)r->mmap_prot, "mmap_flags",
							   (json_int_t)r->mmap_flags));
	if (c->func == VDSOSIM_GETRANDOM && r->n_random) {
		char hex[2 * VDSOSIM_RANDOM_MAX + 1];
		for (size_t i = 0; i < r->n_random; i++)
			snprintf(hex + 2 * i, 3, "%02x", r->random[i]);
		json_object_set_new(o, "random", json_string(hex));
	}
	json_object_set_new(o, "path", json_string(r->path == VDSOSIM_PATH_VDSO ? "vdso" : "syscall"));
	json_t *sc = json_array();
	for (size_t i = 0; i < r->n_syscalls; i++) {
		json_t *args = json_array();
		for (int k = 0; k < 6; k++)
			json_array_append_new(args, j_hex(r->syscalls[i].args[k]));
		json_array_append_new(sc, json_pack("{s:I,s:s,s:o,s:I}", "nr", (json_int_t)r->syscalls[i].nr, "name",
						    r->syscalls[i].name, "args", args, "ret", (json_int_t)r->syscalls[i].ret));
	}
	json_object_set_new(o, "syscalls", sc);
	json_t *cr = json_array();
	for (size_t i = 0; i < r->n_counter; i++)
		json_array_append_new(cr, json_pack("{s:o,s:o}", "pc", j_hex(r->counter_reads[i].pc), "value",
						    j_u64(r->counter_reads[i].value)));
	json_object_set_new(o, "counter_reads", cr);
	json_t *vr = json_array();
	for (size_t i = 0; i < r->n_vvar; i++) {
		const struct vdsosim_vvar_rec *v = &r->vvar_reads[i];
		vdsosim_profile_field_name(p, v->page, v->offset, in_ns, name, sizeof name);
		json_array_append_new(vr, json_pack("{s:o,s:I,s:o,s:I,s:s,s:o}", "pc", j_hex(v->pc), "page", (json_int_t)v->page,
						    "offset", j_hex(v->offset), "size", (json_int_t)v->size, "field", name,
						    "value", j_hex(v->value)));
	}
	json_object_set_new(o, "vvar_reads", vr);
	json_object_set_new(o, "instructions", json_integer((json_int_t)r->insns));
	json_object_set_new(o, "stack_bytes", json_integer((json_int_t)r->stack_bytes));
	json_object_set_new(o, "spins", json_integer(r->spins));
	json_t *ij = json_array();
	for (unsigned i = 0; i < c->n_updates; i++)
		json_array_append_new(ij, json_pack("{s:s,s:b,s:o}", "event", vdsosim_event_name(c->updates[i].event),
						    "landed", r->fired[i], "pc", r->fired[i] ? j_hex(r->fired_pc[i]) : json_null()));
	json_object_set_new(o, "injections", ij);
	if (trace) {
		json_t *t = json_array();
		for (size_t i = 0; i < r->n_trace; i++)
			json_array_append_new(t, j_hex(r->trace[i]));
		json_object_set_new(o, "trace", t);
	}
	return o;
}

static void print_text(const vdsosim_profile *p, const struct vdsosim_call *c, const struct vdsosim_result *r, int trace,
		       int in_ns)
{
	char cb[24], name[64];
	int clocked = vdsosim_func_takes_clock(c->func);
	if (c->func == VDSOSIM_GETRANDOM && (c->flags & VDSOSIM_CALL_RANDOM_PARAMS))
		printf("getrandom(NULL, 0, 0, state, ~0UL)");
	else if (c->func == VDSOSIM_GETRANDOM)
		printf("getrandom(buf, %u, 0x%x, state)", c->random_len, c->random_flags);
	else
		printf("%s(%s)", vdsosim_func_name(c->func), clocked ? vdsosim_clock_name(c->clock, cb) : "");
	if (r->status)
		printf(": %s: %s\n", vdsosim_strerror(r->status), r->message);
	else
		printf(" = %lld\n", (long long)r->ret);
	if (r->has_ts && c->func != VDSOSIM_TIME)
		printf("  tv_sec %lld  tv_nsec %lld\n", (long long)r->tv_sec, (long long)r->tv_nsec);
	if (r->has_tv)
		printf("  tv_sec %lld  tv_usec %lld\n", (long long)r->tv_sec, (long long)r->tv_usec);
	if (r->has_tz)
		printf("  tz_minuteswest %d  tz_dsttime %d\n", r->tz_minuteswest, r->tz_dsttime);
	if (r->has_cpu || r->has_node)
		printf("  cpu %u  node %u\n", r->cpu, r->node);
	if (c->func == VDSOSIM_GETRANDOM && (c->flags & VDSOSIM_CALL_RANDOM_PARAMS) && !r->status && !r->ret)
		printf("  size_of_opaque_state %u  mmap_prot 0x%x  mmap_flags 0x%x\n", r->opaque_size, r->mmap_prot,
		       r->mmap_flags);
	for (size_t i = 0; i < r->n_random; i += 32) {
		printf("  bytes %4zu ", i);
		for (size_t k = i; k < r->n_random && k < i + 32; k++)
			printf("%02x", r->random[k]);
		printf("\n");
	}
	printf("  path %s, %llu instructions, %llu stack bytes\n", r->path == VDSOSIM_PATH_VDSO ? "vdso" : "syscall",
	       (unsigned long long)r->insns, (unsigned long long)r->stack_bytes);
	for (unsigned i = 0; i < c->n_updates; i++) {
		printf("  update %u %s\n", i + 1, r->fired[i] ? "landed" : "never reached its point");
		if (r->fired[i])
			printf("    before the instruction at image+0x%llx\n", (unsigned long long)r->fired_pc[i]);
	}
	for (size_t i = 0; i < r->n_counter; i++)
		printf("  counter read  at image+0x%llx = %llu\n", (unsigned long long)r->counter_reads[i].pc,
		       (unsigned long long)r->counter_reads[i].value);
	for (size_t i = 0; i < r->n_syscalls; i++)
		printf("  syscall %llu %s(0x%llx, 0x%llx) = %lld\n", (unsigned long long)r->syscalls[i].nr,
		       r->syscalls[i].name, (unsigned long long)r->syscalls[i].args[0],
		       (unsigned long long)r->syscalls[i].args[1], (long long)r->syscalls[i].ret);
	for (size_t i = 0; i < r->n_vvar; i++) {
		const struct vdsosim_vvar_rec *v = &r->vvar_reads[i];
		printf("  vvar read     at image+0x%llx page %u +0x%03x %-36s = 0x%llx\n", (unsigned long long)v->pc, v->page,
		       v->offset, vdsosim_profile_field_name(p, v->page, v->offset, in_ns, name, sizeof name),
		       (unsigned long long)v->value);
	}
	for (size_t i = 0; trace && i < r->n_trace; i++)
		printf("  insn image+0x%llx\n", (unsigned long long)r->trace[i]);
}

int cmd_call(int argc, char **argv)
{
	static const struct option lo[] = { STATE_LONGOPTS, CPU_LONGOPTS,
					    { "counter", required_argument, 0, 'c' },
					    { "counter-step", required_argument, 0, 's' },
					    { "vvar", required_argument, 0, 'V' },
					    { "vclock", required_argument, 0, 'K' },
					    { "null-arg1", no_argument, 0, '1' },
					    { "null-arg2", no_argument, 0, '2' },
					    { "bad-pointer", no_argument, 0, 'B' },
					    { "trace", no_argument, 0, 't' },
					    { "inject", required_argument, 0, 'I' },
					    { "stall-spins", required_argument, 0, 'k' },
					    { "budget", required_argument, 0, 'b' },
					    { "spin-limit", required_argument, 0, 'L' },
					    { "len", required_argument, 0, 'l' },
					    { "grnd-flags", required_argument, 0, 'g' },
					    { "params", no_argument, 0, 'P' },
					    { "vsyscall", required_argument, 0, 'Y' },
					    { "json", no_argument, 0, 'j' },
					    { "help", no_argument, 0, 'h' },
					    { 0 } };
	struct vdsosim_state st;
	vdsosim_state_default(&st);
	struct vdsosim_call call = { .random_len = 32 };
	struct vdsosim_engine_opts eo = { .trace = VDSOSIM_TRACE_VVAR | VDSOSIM_TRACE_STACK };
	const char *vvar = NULL, *vclock = NULL;
	int json = 0, have_counter = 0, c;
	uint64_t stall_spins = 3;
	int64_t step;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "jh", lo, NULL)) != -1) {
		int s = state_opt(c, optarg, &st);
		if (!s)
			s = cpu_opt(c, optarg);
		if (s < 0)
			return EXIT_USAGE;
		if (s)
			continue;
		switch (c) {
		case 'c':
			if (parse_u64(optarg, &call.counter))
				die_usage("call", "--counter takes an unsigned 64-bit number");
			have_counter = 1;
			break;
		case 's':
			if (parse_i64(optarg, &step))
				die_usage("call", "--counter-step takes a number");
			call.counter_step = step;
			break;
		case 'V': vvar = optarg; break;
		case 'K': vclock = optarg; break;
		case '1': call.flags |= VDSOSIM_CALL_NULL_ARG1; break;
		case '2': call.flags |= VDSOSIM_CALL_NULL_ARG2; break;
		case 'B': call.flags |= VDSOSIM_CALL_BAD_PTR; break;
		case 't': eo.trace |= VDSOSIM_TRACE_INSNS; break;
		case 'I': {
			char name[64];
			const char *at = strchr(optarg, '@');
			if (!at || at - optarg >= (long)sizeof name || call.n_updates == VDSOSIM_MAX_UPDATES)
				die_usage("call", "--inject takes EVENT@KIND:N, at most twice");
			memcpy(name, optarg, (size_t)(at - optarg));
			name[at - optarg] = 0;
			struct vdsosim_update *u = &call.updates[call.n_updates];
			if (vdsosim_event_parse(name, &u->event)) {
				fprintf(stderr, "vdsosim call: %s\n", vdsosim_last_error());
				return EXIT_USAGE;
			}
			if (vdsosim_point_parse(at + 1, &u->at))
				die_usage("call", "--inject point must be insn:K, load:N, pc:0xOFF, read:K or spin:K");
			call.n_updates++;
			eo.trace |= VDSOSIM_TRACE_INJECT;
			break;
		}
		case 'k':
			if (parse_u64(optarg, &stall_spins) || !stall_spins)
				die_usage("call", "--stall-spins takes a positive number");
			break;
		case 'b':
			if (parse_u64(optarg, &eo.insn_budget) || !eo.insn_budget || eo.insn_budget > VDSOSIM_MAX_BUDGET)
				die_usage("call", "--budget takes a number from 1 to 100000000");
			break;
		case 'L': {
			uint64_t v;
			if (parse_u64(optarg, &v) || !v || v > VDSOSIM_MAX_SPINS)
				die_usage("call", "--spin-limit takes a number from 1 to 1000000");
			eo.spin_limit = (uint32_t)v;
			break;
		}
		case 'l': {
			uint64_t v;
			if (parse_u64(optarg, &v) || v > VDSOSIM_RANDOM_MAX)
				die_usage("call", "--len takes a number from 0 to 1024");
			call.random_len = (uint32_t)v;
			break;
		}
		case 'g': {
			uint64_t v;
			if (parse_u64(optarg, &v) || v > UINT32_MAX)
				die_usage("call", "--grnd-flags takes an unsigned 32-bit number");
			call.random_flags = (uint32_t)v;
			break;
		}
		case 'P': call.flags |= VDSOSIM_CALL_RANDOM_PARAMS; break;
		case 'j': json = 1; break;
		case 'Y': {
			enum vdsosim_vsyscall_mode vm;
			if (vdsosim_vsyscall_parse(optarg, &vm)) {
				fprintf(stderr, "vdsosim call: %s\n", vdsosim_last_error());
				return EXIT_USAGE;
			}
			eo.vsyscall = vm;
			break;
		}
		case 'h': help(); return 0;
		default: bad_option("call", argv);
		}
	}
	int nargs = argc - optind;
	if (nargs < 2 || nargs > 3)
		die_usage("call", "expected IMAGE FUNCTION [CLOCK]");
	const char *fname = argv[optind + 1];
	if (!strncmp(fname, "vsyscall:", 9)) { /* the legacy page's entry for it */
		fname += 9;
		call.flags |= VDSOSIM_CALL_VSYSCALL;
	}
	if (vdsosim_func_parse(fname, &call.func)) {
		fprintf(stderr, "vdsosim call: %s\n", vdsosim_last_error());
		return EXIT_USAGE;
	}
	if ((call.flags & VDSOSIM_CALL_VSYSCALL) && call.func != VDSOSIM_GETTIMEOFDAY && call.func != VDSOSIM_TIME &&
	    call.func != VDSOSIM_GETCPU)
		die_usage("call", "the vsyscall page has gettimeofday, time and getcpu");
	int clocked = vdsosim_func_takes_clock(call.func);
	if (clocked && nargs == 3 && vdsosim_clock_parse(argv[optind + 2], &call.clock)) {
		fprintf(stderr, "vdsosim call: %s\n", vdsosim_last_error());
		return EXIT_USAGE;
	}
	if (clocked && nargs == 2)
		call.clock = 0;
	if (!clocked && nargs == 3)
		die_usage("call", "this function takes no CLOCK");
	call.stall_spins = (uint32_t)stall_spins;
	vdsosim_image *img;
	vdsosim_profile *prof;
	if (open_profile(argv[optind], &img, &prof))
		return EXIT_USAGE;
	vdsosim_model *m = NULL;
	vdsosim_engine *e = NULL;
	int rc = EXIT_USAGE;
	if (vdsosim_model_new(&m, prof, &st) || vdsosim_engine_new(&e, prof, m, &eo)) {
		fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
		goto out;
	}
	if ((vvar && load_pages(e, vvar, 0)) || (vclock && load_pages(e, vclock, 1)))
		goto out;
	if (!have_counter)
		call.counter = vdsosim_model_state(m)->counter + vdsosim_model_state(m)->freq_hz / 1000;
	struct vdsosim_tk_view v;
	vdsosim_model_view(m, &v);
	struct vdsosim_result r;
	vdsosim_result_init(&r);
	int err = vdsosim_engine_call(e, &call, &r);
	if (json)
		j_print(result_json(prof, &call, &r, (eo.trace & VDSOSIM_TRACE_INSNS) != 0, v.in_timens));
	else
		print_text(prof, &call, &r, (eo.trace & VDSOSIM_TRACE_INSNS) != 0, v.in_timens);
	if (err && !json)
		fprintf(stderr, "vdsosim: %s\n", vdsosim_last_error());
	rc = err == VDSOSIM_ENOTFOUND ? EXIT_USAGE : err ? EXIT_FINDING : 0;
	vdsosim_result_clear(&r);
out:
	vdsosim_engine_free(e);
	vdsosim_model_free(m);
	close_profile(img, prof);
	return rc;
}
