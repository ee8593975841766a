#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

/* JSON numbers for values that fit in int64; a decimal string beyond (jansson is int64-only). */
json_t *j_u64(uint64_t v)
{
	if (v <= INT64_MAX)
		return json_integer((json_int_t)v);
	char b[24];
	snprintf(b, sizeof b, "%llu", (unsigned long long)v);
	return json_string(b);
}

json_t *j_hex(uint64_t v)
{
	char b[24];
	snprintf(b, sizeof b, "0x%llx", (unsigned long long)v);
	return json_string(b);
}

void j_print(json_t *j)
{
	char *s = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		free(s);
	}
	json_decref(j);
}

void j_print_images(json_t *all, const char *key, uint64_t total)
{
	if (json_array_size(all) == 1) {
		j_print(json_incref(json_array_get(all, 0)));
		return;
	}
	json_t *j = json_object();
	json_object_set_new(j, "images", json_incref(all));
	json_object_set_new(j, key, j_u64(total));
	j_print(j);
}
