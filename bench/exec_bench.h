/* vdsosim-bench --exec DIR (exec_bench.c) */
#ifndef VDSOSIM_EXEC_BENCH_H
#define VDSOSIM_EXEC_BENCH_H
int exec_table(const char *dir, const char *vdsosim, int json, double engine_call_ns);
#endif
