/* Signals: actions, masks and alternate stacks are accepted and kept by no one yet; a signal
 * that is raised ends the process (proc.c's kill). */
#include "kernel.h"

int64_t vs_sys_rt_sigaction(struct vs_exec *x, struct vs_sc *c) { (void)x, (void)c; return 0; }
