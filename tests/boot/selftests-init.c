/* /init for a booted kernel: run the vDSO selftests found in / (static programs), print each
 * one's output and exit status on the console, then power off. The baseline vdsosim's verdict is
 * measured against (tools/kernel-boot-selftests.sh). */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	mount("proc", "/proc", "proc", 0, NULL);
	static const char *const tests[] = { "vdso_test_abi", "vdso_test_gettimeofday", "vdso_test_getcpu",
					     "vdso_test_correctness", "vdso_test_getrandom", "vdso_standalone_test_x86" };
	int pass = 0, fail = 0;
	for (size_t i = 0; i < sizeof tests / sizeof *tests; i++) {
		char path[64];
		snprintf(path, sizeof path, "/%s", tests[i]);
		if (access(path, X_OK))
			continue;
		pid_t p = fork();
		if (p == 0) {
			char *argv[] = { path, NULL };
			execv(path, argv);
			_exit(127);
		}
		int st = 0;
		waitpid(p, &st, 0);
		int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
		printf("SELFTEST %s %s (status %d)\n", tests[i], ok ? "pass" : "FAIL", st);
		ok ? pass++ : fail++;
	}
	printf("SELFTESTS-DONE %d passed, %d failed\n", pass, fail);
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
