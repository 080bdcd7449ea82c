/*
 * stance.c - errors, version and the input rules shared by every module.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common-internal.h"

static _Thread_local char last_error[4096];

const char *stance_error_last(void)
{
	return last_error;
}

void stance__error_clear(void)
{
	last_error[0] = '\0';
}

int stance__error(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return code;
}

int stance__check_version(unsigned int got, unsigned int want, const char *what)
{
	char init[64];
	size_t i;

	if (got >= 1 && got <= want)
		return 0;
	for (i = 0; what[i] && i + sizeof("_INIT") < sizeof(init); i++)
		init[i] = (char)toupper((unsigned char)what[i]);
	memcpy(init + i, "_INIT", sizeof("_INIT"));
	return stance__error(STANCE_EINVALID,
			     "%s version %u is not supported (this library knows %u): "
			     "initialise it with %s",
			     what, got, want, init);
}

int stance__error_sqlite(sqlite3 *conn, int rc, const char *what)
{
	const char *msg = conn ? sqlite3_errmsg(conn) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return stance__error(STANCE_EBUSY,
				     "database is still busy after the timeout while %s",
				     what);
	case SQLITE_NOMEM:
		return stance__error(STANCE_ENOMEM, "out of memory while %s", what);
	case SQLITE_IOERR:
	case SQLITE_FULL:
		return stance__error(STANCE_EIO, "i/o error while %s: %s", what, msg);
	case SQLITE_CANTOPEN:
		return stance__error(STANCE_ECANTCREATE, "cannot open the database while %s: %s",
				     what, msg);
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return stance__error(STANCE_EIO, "cannot write while %s: %s", what, msg);
	case SQLITE_NOTADB:
		return stance__error(STANCE_ENOTSTANCE, "not a stance database: %s", msg);
	case SQLITE_CORRUPT:
		return stance__error(STANCE_ENOTSTANCE, "the database is corrupt (%s) while %s",
				     msg, what);
	case SQLITE_CONSTRAINT:
		return stance__error(STANCE_EINVALID, "refused while %s: %s", what, msg);
	default:
		return stance__error(STANCE_EINTERNAL, "sqlite error while %s: %s", what, msg);
	}
}

const char *stance_error_name(int code)
{
	static const char *const names[] = {
		"OK", "EINVALID", "ENOTFOUND", "EEXISTS", "EBUSY", "ENODB",
		"ENOTSTANCE", "ENEWER", "EOLDER", "ECONFLICT", "EAMBIGUOUS",
		"ECANTCREATE", "EIO", "ENOMEM", "EINTERNAL",
	};

	if (code > 0 || -code >= (int)(sizeof(names) / sizeof(names[0])))
		return "EUNKNOWN";
	return names[-code];
}

const char *stance_version(void)
{
	return STANCE_VERSION;
}

char *stance__strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

size_t stance_utf8_prefix(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		size_t n;
		unsigned cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		if (len - i <= n)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		/* overlong forms, surrogates and code points past U+10FFFF */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return i;
		i += n + 1;
	}
	return len;
}

int stance__utf8_valid(const char *s, size_t len)
{
	return stance_utf8_prefix(s, len) == len;
}

int stance_check_slug(const char *what, const char *slug)
{
	size_t len = slug ? strlen(slug) : 0;

	if (len == 0)
		return stance__error(STANCE_EINVALID, "%s is empty", what);
	if (len > 32 || !(islower((unsigned char)slug[0]) || isdigit((unsigned char)slug[0])))
		goto bad;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)slug[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			goto bad;
	}
	return 0;
bad:
	if (!stance__utf8_valid(slug, len))
		return stance__error(STANCE_EINVALID, "invalid %s: not valid UTF-8", what);
	return stance__error(STANCE_EINVALID,
			     "invalid %s '%s' (lowercase letters, digits and '-', "
			     "starting with a letter or digit, at most 32)", what, slug);
}

int stance_check_text(const char *what, const char *text)
{
	size_t len = text ? strlen(text) : 0;

	if (len == 0)
		return stance__error(STANCE_EINVALID, "%s is empty", what);
	if (len > STANCE_TEXT_MAX)
		return stance__error(STANCE_EINVALID, "%s is %zu bytes long (at most %d)",
				     what, len, STANCE_TEXT_MAX);
	if (!stance__utf8_valid(text, len))
		return stance__error(STANCE_EINVALID, "%s is not valid UTF-8", what);
	return 0;
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Parses YYYY-MM-DD at s (exactly 10 characters). */
static int parse_date(const char *s, int *y, int *m, int *d)
{
	if (digits(s, 4, y) || s[4] != '-' || digits(s + 5, 2, m) || s[7] != '-' ||
	    digits(s + 8, 2, d))
		return -1;
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int stance_check_date(const char *what, const char *date)
{
	int y, m, d;

	if (!date || !*date)
		return stance__error(STANCE_EINVALID, "%s is empty", what);
	if (strlen(date) != 10 || parse_date(date, &y, &m, &d))
		return stance__error(STANCE_EINVALID,
				     "invalid %s '%s' (expected a real date YYYY-MM-DD)",
				     what, date);
	return 0;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long long days_from_civil(int y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

long long stance__date_days(const char *date)
{
	int y = 0, m = 0, d = 0;

	/* stored dates are checked YYYY-MM-DD */
	sscanf(date, "%4d-%2d-%2d", &y, &m, &d);
	return days_from_civil(y, m, d);
}

int stance_date_days(long long *days, const char *what, const char *date)
{
	int rc = stance_check_date(what, date);

	if (!rc)
		*days = stance__date_days(date);
	return rc;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void stance__days_date(char out[11], long long days)
{
	char buf[32];
	int y, m, d;

	civil_from_days(days, &y, &m, &d);
	snprintf(buf, sizeof(buf), "%04d-%02d-%02d", y, m, d);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

static void format_ms(char out[25], long long ms)
{
	long long days = ms >= 0 ? ms / 86400000 : -((-ms + 86399999) / 86400000);
	long long rest = ms - days * 86400000;
	int y, m, d;
	char buf[64];

	civil_from_days(days, &y, &m, &d);
	/* the range checks of the callers keep it at 24 characters */
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m, d,
		 (int)(rest / 3600000), (int)(rest / 60000 % 60),
		 (int)(rest / 1000 % 60), (int)(rest % 1000));
	memcpy(out, buf, 24);
	out[24] = '\0';
}

int stance_timestamp_normalize(char out[25], const char *what, const char *text)
{
	int y, mo, d, h, mi, s, ms = 0, oh = 0, om = 0, sign = 0;
	const char *p;
	long long t;

	if (!text || strlen(text) < 20 || parse_date(text, &y, &mo, &d) ||
	    (text[10] != 'T' && text[10] != 't') || digits(text + 11, 2, &h) ||
	    text[13] != ':' || digits(text + 14, 2, &mi) || text[16] != ':' ||
	    digits(text + 17, 2, &s) || h > 23 || mi > 59 || s > 60)
		goto bad;
	p = text + 19;
	if (*p == '.') {
		int n = 0;

		for (p++; *p >= '0' && *p <= '9'; p++, n++) {
			/* milliseconds are kept, finer digits truncated */
			if (n < 3)
				ms = ms * 10 + (*p - '0');
		}
		if (n == 0)
			goto bad;
		for (; n < 3; n++)
			ms *= 10;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0') {
		sign = 0;
	} else if ((*p == '+' || *p == '-') && strlen(p) == 6 && !digits(p + 1, 2, &oh) &&
		   p[3] == ':' && !digits(p + 4, 2, &om) && oh <= 23 && om <= 59) {
		sign = *p == '+' ? 1 : -1;
	} else {
		goto bad;
	}
	/* A leap second (RFC 3339 allows :60) has no place on a clock of 60
	 * seconds a minute: all of it, whatever its fraction, is stored as the
	 * minute's last millisecond, so that it sorts at the end of its minute
	 * and before the next one. */
	if (s == 60) {
		s = 59;
		ms = 999;
	}
	t = ((days_from_civil(y, mo, d) * 24 + h) * 60 + mi) * 60 + s;
	t -= sign * (oh * 3600 + om * 60);
	t = t * 1000 + ms;
	/* an offset can push year 1 or 9999 out of the four-digit range */
	if (t < days_from_civil(1, 1, 1) * 86400000LL ||
	    t >= days_from_civil(10000, 1, 1) * 86400000LL)
		goto bad;
	format_ms(out, t);
	return 0;
bad:
	return stance__error(STANCE_EINVALID,
			     "invalid %s '%s' (expected an RFC 3339 timestamp such as "
			     "2025-04-22T18:00:00Z)", what, text ? text : "");
}

void stance_timestamp_now(char out[25])
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	format_ms(out, (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* A JSON number without its leading '-': digits, a fraction, an exponent;
 * a leading '+' or '.' too, as people write them. strtod() alone would
 * take "nan", "inf", hexadecimal and leading spaces. */
static int number_syntax(const char *s)
{
	size_t digits = 0;

	if (*s == '-' || *s == '+')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (digits == 0)
		return 0;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return 0;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

int stance_number_read(double *out, const char *text)
{
	double d;

	if (!text || !number_syntax(text))
		return 0;
	errno = 0;
	d = strtod(text, NULL);
	/* an underflow is not the number that was written */
	if (!isfinite(d) || (errno == ERANGE && fabs(d) < 1))
		return 0;
	*out = d;
	return 1;
}
