/* libFuzzer: the scenario parser on arbitrary text (seeds: tests/scenarios/). A scenario is
 * accepted or rejected with "file:line:col: ...", never a crash. The name places it in
 * tests/scenarios/ so that the seeds' relative image paths resolve. */
#include <stdint.h>
#include <stdlib.h>

#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct scenario *s;
	if (sc_parse_buffer(VDSOSIM_SRC_DIR "/tests/scenarios/fuzz.yaml", data, len, &s)) {
		if (!*vdsosim_last_error())
			__builtin_trap();
		return 0;
	}
	sc_free(s);
	return 0;
}
