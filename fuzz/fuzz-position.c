/*
 * fuzz-position.c - libFuzzer harness for the position-spec parser
 * (ISSUE=STANCE, @POINT or STANCE@POINT, then !, ~ or nothing) and the
 * stance parser behind it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stance/stance.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The parsers take C strings: a NUL ends the spec as it would on the
	 * command line. */
	char *spec = malloc(size + 1);
	stance_position pos = { 0 };
	int value, red_line;

	if (!spec)
		return 0;
	memcpy(spec, data, size);
	spec[size] = '\0';
	if (stance_position_parse(&pos, spec) == 0) {
		/* What the parser accepts must be a well-formed position. */
		if (!pos.issue || stance_check_slug("issue", pos.issue) != 0 ||
		    pos.stance < STANCE_MIN || pos.stance > STANCE_MAX ||
		    pos.red_line < STANCE_RED_LINE_NO || pos.red_line > STANCE_RED_LINE_YES)
			abort();
		/* a point lies on the scale and agrees with the stance */
		if (pos.has_point && (!(pos.point >= 0 && pos.point <= 100) ||
				      stance_point_stance(pos.point) != pos.stance))
			abort();
	}
	stance_position_clear(&pos);
	if (stance_stance_parse(&value, &red_line, spec) == 0 &&
	    (value < STANCE_MIN || value > STANCE_MAX))
		abort();
	free(spec);
	return 0;
}
