/* Runs a harness over files (committed regression inputs and seeds) without libFuzzer, so that
 * ctest replays them in every build, sanitized or not. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			fprintf(stderr, "%s: cannot open\n", argv[i]);
			return 2;
		}
		fseek(f, 0, SEEK_END);
		long n = ftell(f);
		rewind(f);
		uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
		if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) {
			fprintf(stderr, "%s: cannot read\n", argv[i]);
			return 2;
		}
		fclose(f);
		LLVMFuzzerTestOneInput(b, (size_t)n);
		free(b);
	}
	printf("%d inputs replayed\n", argc - 1);
	return 0;
}
