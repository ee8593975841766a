/* Configure-time probe (CMakeLists.txt): exit status 0 when the linked Unicorn runs 64-bit
 * PowerPC, as the backend's own probe finds at run time. */
#include "../sim/arch/ppc64.h"

int main(void) { return vs_ppc64_probe() ? 0 : 1; }
