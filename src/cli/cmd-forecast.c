/*
 * cmd-forecast.c - `stance forecast`: where each issue will land by the
 * bargaining models of design §8, from the parties' current positions and
 * the analysts' assessments, with the zone the red lines leave and what
 * rests on defaults; `--backtest` holds the models against the recorded
 * outcomes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"

static const struct cli_spec spec = {
	.usage = "forecast [--issue I]... [--party P]... [--as-of D] [--as-known T]\n"
		 "                       [--model compromise|median|nash|fitted|all]...\n"
		 "                       " ANALYSIS_EVIDENCE_USAGE "\n"
		 "                       " ANALYSIS_KIND_USAGE " [--backtest]",
	.details =
	"For each issue in scope on which a listed party (none listed: any) holds a\n"
	"current position, where the talks point to. Each party brings the point x\n"
	"of its current position (a stance without a point: the middle of its band),\n"
	"its salience s on the issue, the latest assessment dated --as-of or before\n"
	"(see 'stance assess'), else 100 when its red line holds, else 50, and its\n"
	"capability c, the issue's latest, else the party-wide latest, else 1; it\n"
	"weighs w = c * s. The models (--model, repeatable; default: all):\n"
	"  compromise  the weighted mean, sum w x / sum w\n"
	"  median      the weighted median: the least x that half the weight reaches\n"
	"  nash        the Nash bargaining solution from the issue's status quo d\n"
	"              (issue --status-quo): the x in 0-100 that maximises\n"
	"              sum w ln((d - x_i)^2 - (x - x_i)^2); none without d, or when\n"
	"              no outcome beats d for every party\n"
	"  fitted      the compromise with one capability per party fitted to the\n"
	"              outcomes recorded before --as-of (see 'stance outcome'),\n"
	"              regularised toward the assessed ones; none without outcomes\n"
	"The zone is the outcomes no current red line rules out: a red line below 50\n"
	"rules out all above 50, one above 50 all below; every forecast is also given\n"
	"clamped into it.\n"
	ANALYSIS_EVIDENCE_DETAILS
	"table: one line per issue: the number of parties, each model's forecast to\n"
	"one decimal (62.5→50.0 when clamping it into the zone changes it; - for\n"
	"none), the zone, the parties whose red lines bound it, the stance of the\n"
	"band of the clamped compromise, and under 'assumed' the parties whose\n"
	"salience (s:) or capability (c:) is a default, not an assessment ('all'\n"
	"when every party's is, - when none): what the forecast rests on defaults.\n"
	"json: an array, by issue, of {\"issue\", \"as_of\", \"parties\": [{\"party\",\n"
	"\"point\", \"salience\", \"capability\", \"weight\", \"red_line\", \"statement\",\n"
	"\"said_on\"}], \"status_quo\", \"models\": {model: x or null}, \"zone\": {\"low\",\n"
	"\"high\", \"bounded_by\"}, \"clamped\": {model: x}, \"stance\", \"assumed\":\n"
	"{\"salience\": [parties], \"capability\": [parties]}}; csv: one row per issue.\n"
	"--backtest holds every recorded outcome on an issue in scope against each\n"
	"model's forecast as of the day before it (not clamped); the fitted model\n"
	"learns only from outcomes on other issues dated before (out of sample), so\n"
	"its error compares honestly. --as-of is refused: each outcome has its own.\n"
	"table: a line per outcome (each model's forecast and its absolute error),\n"
	"then per model the outcomes it forecast (n) and the mean and median\n"
	"absolute errors, and whether the fitted model beats the compromise model on\n"
	"the outcomes both forecast. json: {\"outcomes\": [{\"issue\", \"date\",\n"
	"\"point\", \"models\": {model: x or null}, \"errors\": {model: e or null}}],\n"
	"\"summary\": {model: {\"n\", \"mae\", \"median_error\"}}}; csv: the outcomes."
};

/* U+2192 and U+2013 in UTF-8, as the tables write them. */
#define ARROW "\xe2\x86\x92"
#define EN_DASH "\xe2\x80\x93"

/* The choice of --model that stands for every model. */
#define ALL_MODELS "all"

/* --model, repeatable, into a set of (1 << stance_model); none: all. */
static int parse_models(unsigned *out, const struct cli_strings *names)
{
	*out = names->n ? 0 : STANCE_MODELS_ALL;
	for (size_t i = 0; i < names->n; i++) {
		stance_model m;
		char all[128];
		size_t len = 0;

		if (strcmp(names->v[i], ALL_MODELS) == 0) {
			*out = STANCE_MODELS_ALL;
			continue;
		}
		if (stance_model_parse(&m, names->v[i]) == 0) {
			*out |= 1u << m;
			continue;
		}
		/* the library's choices lack "all", which only the command line has */
		for (size_t k = 0; stance_model_names[k]; k++)
			len += (size_t)snprintf(all + len, sizeof(all) - len, "%s, ",
						stance_model_names[k]);
		return cli_error(CLI_EDATA, "invalid model '%s' (choose from: %s%s)", names->v[i],
				 all, ALL_MODELS);
	}
	return 0;
}

static int asked(unsigned models, int m)
{
	return (models & (1u << m)) != 0;
}

/* The headers of a table whose columns depend on the models asked: fixed
 * ones before and after, and per model asked one column, or two: the
 * model's and its name with a suffix ("compromise_clamped") or a label
 * of its own ("err"). */
struct headers {
	const char *v[32];
	char names[STANCE_MODELS][32];
	size_t n;
};

static void headers_add(struct headers *h, const char *const *fixed, size_t nfixed)
{
	for (size_t i = 0; i < nfixed; i++)
		h->v[h->n++] = fixed[i];
}

static void headers_models(struct headers *h, unsigned models, const char *suffix,
			   const char *label)
{
	for (int m = 0; m < STANCE_MODELS; m++) {
		if (!asked(models, m))
			continue;
		h->v[h->n++] = stance_model_names[m];
		if (suffix) {
			char *name = h->names[m];

			snprintf(name, sizeof(h->names[0]), "%s%s", stance_model_names[m], suffix);
			h->v[h->n++] = name;
		} else if (label) {
			h->v[h->n++] = label;
		}
	}
}

/* ---- the forecast of each issue ---------------------------------------- */

/* The slugs of the parties of f that flag (assumed salience or capability)
 * picks, as a JSON array. */
static json_t *assumed_json(const stance_forecast *f, int capability)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < f->nparties; i++) {
		const stance_forecast_party *p = &f->parties[i];

		if ((capability ? p->assumed_capability : p->assumed_salience) &&
		    json_array_append_new(a, json_string(p->party)) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *slugs_json(const char *const *slugs, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++) {
		if (json_array_append_new(a, json_string(slugs[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *party_json(const stance_forecast_party *p)
{
	json_t *o = json_object();
	int failed = !o;

	analysis_json_set(o, "party", json_string(p->party), &failed);
	analysis_json_set(o, "point", json_real(p->point), &failed);
	analysis_json_set(o, "salience", json_real(p->salience), &failed);
	analysis_json_set(o, "capability", json_real(p->capability), &failed);
	analysis_json_set(o, "weight", json_real(p->capability * p->salience), &failed);
	analysis_json_set(o, "red_line", json_boolean(p->red_line), &failed);
	analysis_json_set(o, "statement", analysis_json_string(p->statement), &failed);
	analysis_json_set(o, "said_on", analysis_json_string(p->said_on), &failed);
	return analysis_json_done(o, failed);
}

/* {model: value or null} over the models asked; with clamped only those
 * that give a forecast, clamped. */
static json_t *models_json(const stance_forecast *f, int clamped)
{
	json_t *o = json_object();
	int failed = !o;

	for (int m = 0; m < STANCE_MODELS; m++) {
		if (!asked(f->models, m) || (clamped && !f->has[m]))
			continue;
		analysis_json_set(o, stance_model_names[m],
				  analysis_json_point(f->has[m],
						      clamped ? f->clamped[m] : f->value[m]),
				  &failed);
	}
	return analysis_json_done(o, failed);
}

static json_t *forecast_json(const stance_forecast *f)
{
	json_t *o = json_object(), *parties = json_array(), *zone = json_object();
	json_t *assumed = json_object();
	/* analysis_json_set() takes each value, failed or not: none leaks */
	int failed = !o || !parties || !zone || !assumed;

	for (size_t i = 0; !failed && i < f->nparties; i++) {
		json_t *p = party_json(&f->parties[i]);

		failed = !p || json_array_append_new(parties, p) != 0;
	}
	analysis_json_set(zone, "low", json_real(f->zone_low), &failed);
	analysis_json_set(zone, "high", json_real(f->zone_high), &failed);
	analysis_json_set(zone, "bounded_by", slugs_json(f->bounded_by, f->nbounded), &failed);
	analysis_json_set(assumed, "salience", assumed_json(f, 0), &failed);
	analysis_json_set(assumed, "capability", assumed_json(f, 1), &failed);
	analysis_json_set(o, "issue", json_string(f->issue), &failed);
	analysis_json_set(o, "as_of", analysis_json_string(f->as_of), &failed);
	analysis_json_set(o, "parties", parties, &failed);
	analysis_json_set(o, "status_quo", analysis_json_point(f->has_status_quo, f->status_quo),
			  &failed);
	analysis_json_set(o, "models", models_json(f, 0), &failed);
	analysis_json_set(o, "zone", zone, &failed);
	analysis_json_set(o, "clamped", models_json(f, 1), &failed);
	analysis_json_set(o, "stance",
			  f->has_stance ? json_string(stance_stance_name(f->stance)) : json_null(),
			  &failed);
	analysis_json_set(o, "assumed", assumed, &failed);
	return analysis_json_done(o, failed);
}

/* The text of a list of slugs joined by sep, into buf ("" for none). */
static const char *join(char *buf, size_t size, const char *const *slugs, size_t n,
			const char *sep)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? sep : "", slugs[i]);
	return buf;
}

/* The parties of f whose salience (capability) is assumed, joined by sep;
 * with all_word, that word when every party's is. Into buf. */
static const char *assumed_text(char *buf, size_t size, const stance_forecast *f,
				int capability, const char *sep, const char *all_word)
{
	size_t len = 0, n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < f->nparties && len < size; i++) {
		const stance_forecast_party *p = &f->parties[i];

		if (!(capability ? p->assumed_capability : p->assumed_salience))
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", n ? sep : "", p->party);
		n++;
	}
	if (all_word && n && n == f->nparties)
		snprintf(buf, size, "%s", all_word);
	return buf;
}

/* The table's "assumed" cell: "s:ru,ua c:all", NULL when nothing is. */
static const char *assumed_cell(char *buf, size_t size, const stance_forecast *f)
{
	char s[1024], c[1024];

	assumed_text(s, sizeof(s), f, 0, ",", "all");
	assumed_text(c, sizeof(c), f, 1, ",", "all");
	if (!*s && !*c)
		return NULL;
	snprintf(buf, size, "%s%s%s%s%s", *s ? "s:" : "", s, *s && *c ? " " : "", *c ? "c:" : "",
		 c);
	return buf;
}

/* A model's cell: its forecast to one decimal, "62.5→50.0" when clamping
 * changes what is shown; NULL when it gives none. */
static const char *model_cell(char buf[80], const stance_forecast *f, int m)
{
	char value[32], clamped[32];

	if (!f->has[m])
		return NULL;
	snprintf(value, sizeof(value), "%.1f", f->value[m]);
	snprintf(clamped, sizeof(clamped), "%.1f", f->clamped[m]);
	if (strcmp(value, clamped) == 0)
		snprintf(buf, 80, "%s", value);
	else
		snprintf(buf, 80, "%s" ARROW "%s", value, clamped);
	return buf;
}

/* The bounds of a zone: 0, 50 or 100. */
static const char *zone_text(char buf[64], const stance_forecast *f)
{
	snprintf(buf, 64, "%g" EN_DASH "%g", f->zone_low, f->zone_high);
	return buf;
}

struct forecast_walk {
	struct cli_table *t;
	size_t n;
	int rc;  /* the writer's exit code, which the walk's code cannot carry */
};

static int table_forecast(struct cli_table *t, const stance_forecast *f)
{
	char nparties[24], cells[STANCE_MODELS][80], zone[64], bounded[1024], assumed[2200];
	const char *row[32];
	size_t n = 0;

	snprintf(nparties, sizeof(nparties), "%zu", f->nparties);
	row[n++] = f->issue;
	row[n++] = nparties;
	for (int m = 0; m < STANCE_MODELS; m++)
		if (asked(f->models, m))
			row[n++] = model_cell(cells[m], f, m);
	row[n++] = zone_text(zone, f);
	row[n++] = f->nbounded ? join(bounded, sizeof(bounded), f->bounded_by, f->nbounded, ",")
			       : NULL;
	row[n++] = f->has_stance ? stance_stance_name(f->stance) : NULL;
	row[n++] = assumed_cell(assumed, sizeof(assumed), f);
	return cli_table_row(t, row);
}

static int csv_forecast(struct cli_table *t, const stance_forecast *f)
{
	char nparties[24], sq[32], value[STANCE_MODELS][32], clamped[STANCE_MODELS][32];
	char low[32], high[32], bounded[1024], s[1024], c[1024];
	const char *row[32];
	size_t n = 0;

	snprintf(nparties, sizeof(nparties), "%zu", f->nparties);
	row[n++] = f->issue;
	row[n++] = f->as_of;
	row[n++] = nparties;
	row[n++] = f->has_status_quo ? cli_format_double(sq, f->status_quo) : NULL;
	for (int m = 0; m < STANCE_MODELS; m++) {
		if (!asked(f->models, m))
			continue;
		row[n++] = f->has[m] ? cli_format_double(value[m], f->value[m]) : NULL;
		row[n++] = f->has[m] ? cli_format_double(clamped[m], f->clamped[m]) : NULL;
	}
	row[n++] = cli_format_double(low, f->zone_low);
	row[n++] = cli_format_double(high, f->zone_high);
	row[n++] = join(bounded, sizeof(bounded), f->bounded_by, f->nbounded, " ");
	row[n++] = f->has_stance ? stance_stance_name(f->stance) : NULL;
	row[n++] = assumed_text(s, sizeof(s), f, 0, " ", NULL);
	row[n++] = assumed_text(c, sizeof(c), f, 1, " ", NULL);
	return cli_table_row(t, row);
}

static int forecast_one(const stance_forecast *f, void *ctx)
{
	struct forecast_walk *w = ctx;

	w->n++;
	switch (cli_table_format(w->t)) {
	case CLI_FORMAT_JSON:
		w->rc = cli_table_json(w->t, forecast_json(f));
		break;
	case CLI_FORMAT_CSV:
		w->rc = csv_forecast(w->t, f);
		break;
	default:
		w->rc = table_forecast(w->t, f);
		break;
	}
	return w->rc ? 1 : 0;
}

static int forecast(struct cli *cli, const stance_scope *scope, unsigned models)
{
	static const char *const table_before[] = { "issue", "parties" };
	static const char *const table_after[] = { "zone", "bounded by", "stance", "assumed" };
	static const char *const csv_before[] = { "issue", "as_of", "parties", "status_quo" };
	static const char *const csv_after[] = {
		"zone_low", "zone_high", "bounded_by", "stance", "assumed_salience",
		"assumed_capability"
	};
	struct headers h = { .n = 0 };
	struct forecast_walk w = { NULL, 0, 0 };
	int rc, csv = cli->format == CLI_FORMAT_CSV;

	headers_add(&h, csv ? csv_before : table_before, csv ? 4 : 2);
	headers_models(&h, models, csv ? "_clamped" : NULL, NULL);
	headers_add(&h, csv ? csv_after : table_after, csv ? 6 : 4);
	rc = cli_table_begin(&w.t, cli, h.v, h.n);
	if (!rc) {
		int walk = stance_forecast_foreach(cli->db, scope, models, forecast_one, &w);

		rc = walk < 0 ? cli_fail(walk) : w.rc;
	}
	if (!rc && !w.n && cli->format == CLI_FORMAT_TABLE) {
		/* a table without rows says so; a failed rc makes cli_table_end()
		 * free the table without writing */
		cli_table_end(w.t, CLI_EUSAGE);
		return cli_printf(cli, "no forecasts: no party holds a current position in scope\n");
	}
	return cli_table_end(w.t, rc);
}

/* ---- --backtest ---------------------------------------------------------- */

struct backtest_walk {
	unsigned models;
	struct cli_table *t;   /* table and csv */
	json_t *outcomes;      /* json */
	size_t n;
	/* the outcomes both the compromise and the fitted model forecast, and
	 * the sum of each one's error on them: the honest comparison */
	size_t paired;
	double paired_error[2];
	int rc;
};

/* {model: x or null} of a row, its values (errors: 0) or errors (1). */
static json_t *row_models_json(const stance_backtest_row *r, unsigned models, int errors)
{
	json_t *o = json_object();
	int failed = !o;

	for (int m = 0; m < STANCE_MODELS; m++)
		if (asked(models, m))
			analysis_json_set(o, stance_model_names[m],
					  analysis_json_point(r->has[m],
							      errors ? r->error[m] : r->value[m]),
					  &failed);
	return analysis_json_done(o, failed);
}

static json_t *row_json(const stance_backtest_row *r, unsigned models)
{
	json_t *o = json_object();
	int failed = !o;

	analysis_json_set(o, "issue", json_string(r->outcome->issue), &failed);
	analysis_json_set(o, "date", json_string(r->outcome->date), &failed);
	analysis_json_set(o, "point", json_real(r->outcome->point), &failed);
	analysis_json_set(o, "models", row_models_json(r, models, 0), &failed);
	analysis_json_set(o, "errors", row_models_json(r, models, 1), &failed);
	return analysis_json_done(o, failed);
}

/* One outcome's cells: date, issue, point, then per model the forecast and
 * its error, for people to one decimal, in csv as JSON writes numbers. */
static int row_cells(struct cli_table *t, const stance_backtest_row *r, unsigned models)
{
	int csv = cli_table_format(t) == CLI_FORMAT_CSV;
	char point[32], nums[2 * STANCE_MODELS][32];
	const char *row[32];
	size_t n = 0;

	if (csv)
		row[n++] = r->outcome->issue;
	row[n++] = r->outcome->date;
	if (!csv)
		row[n++] = r->outcome->issue;
	row[n++] = csv ? cli_format_double(point, r->outcome->point)
		       : bargain_number_text(point, r->outcome->point);
	for (int m = 0; m < STANCE_MODELS; m++) {
		char *v = nums[2 * m], *e = nums[2 * m + 1];

		if (!asked(models, m))
			continue;
		if (r->has[m] && csv) {
			cli_format_double(v, r->value[m]);
			cli_format_double(e, r->error[m]);
		} else if (r->has[m]) {
			snprintf(v, 32, "%.1f", r->value[m]);
			snprintf(e, 32, "%.1f", r->error[m]);
		}
		row[n++] = r->has[m] ? v : NULL;
		row[n++] = r->has[m] ? e : NULL;
	}
	return cli_table_row(t, row);
}

static int backtest_one(const stance_backtest_row *r, void *ctx)
{
	struct backtest_walk *w = ctx;

	w->n++;
	if (r->has[STANCE_MODEL_COMPROMISE] && r->has[STANCE_MODEL_FITTED]) {
		w->paired++;
		w->paired_error[0] += r->error[STANCE_MODEL_COMPROMISE];
		w->paired_error[1] += r->error[STANCE_MODEL_FITTED];
	}
	if (w->outcomes) {
		json_t *o = row_json(r, w->models);

		w->rc = o && json_array_append_new(w->outcomes, o) == 0
			? 0 : cli_error(CLI_ESOFTWARE, "out of memory");
	} else {
		w->rc = row_cells(w->t, r, w->models);
	}
	return w->rc ? 1 : 0;
}

static json_t *summary_json(const stance_backtest_summary *s)
{
	json_t *o = json_object();
	int failed = !o;

	for (int m = 0; m < STANCE_MODELS; m++) {
		json_t *one;

		if (!asked(s->models, m))
			continue;
		one = json_object();
		failed |= !one;
		analysis_json_set(one, "n", json_integer((json_int_t)s->n[m]), &failed);
		analysis_json_set(one, "mae", analysis_json_point(s->n[m] > 0, s->mae[m]), &failed);
		analysis_json_set(one, "median_error",
				  analysis_json_point(s->n[m] > 0, s->median_error[m]), &failed);
		analysis_json_set(o, stance_model_names[m], analysis_json_done(one, failed),
				  &failed);
	}
	return analysis_json_done(o, failed);
}

/* {"outcomes": outcomes (taken), "summary": ...}; NULL when out of memory. */
static json_t *backtest_json(json_t *outcomes, const stance_backtest_summary *s)
{
	json_t *o = json_object();
	int failed = !o;

	analysis_json_set(o, "outcomes", outcomes, &failed);
	analysis_json_set(o, "summary", summary_json(s), &failed);
	return analysis_json_done(o, failed);
}

static int print_summary(struct cli *cli, const stance_backtest_summary *s)
{
	static const char *const headers[] = {
		"model", "n", "mean abs. error", "median abs. error"
	};
	struct cli_table *t = NULL;
	int rc = cli_table_begin(&t, cli, headers, 4);

	for (int m = 0; !rc && m < STANCE_MODELS; m++) {
		char n[24], mae[32], median[32];

		if (!asked(s->models, m))
			continue;
		snprintf(n, sizeof(n), "%zu", s->n[m]);
		snprintf(mae, sizeof(mae), "%.2f", s->mae[m]);
		snprintf(median, sizeof(median), "%.2f", s->median_error[m]);
		rc = cli_table_row(t, (const char *const[]){
			stance_model_names[m], n, s->n[m] ? mae : NULL, s->n[m] ? median : NULL });
	}
	return cli_table_end(t, rc);
}

/* The line that says whether fitting the capabilities paid off, by the
 * mean absolute errors on the outcomes both models forecast (an honest
 * comparison: the fitted model has none for the first outcomes); the
 * issue asks that it be said plainly when it did not. */
static int print_verdict(struct cli *cli, const struct backtest_walk *w)
{
	double compromise, fitted;

	if (!asked(w->models, STANCE_MODEL_COMPROMISE) || !asked(w->models, STANCE_MODEL_FITTED))
		return 0;
	if (!w->paired)
		return cli_printf(cli, "fitted does not beat compromise: it forecast none of "
				  "the outcomes\n");
	compromise = w->paired_error[0] / (double)w->paired;
	fitted = w->paired_error[1] / (double)w->paired;
	return cli_printf(cli, "fitted %s compromise out of sample (%zu outcome%s): mean "
			  "%.2f vs %.2f\n", fitted < compromise ? "beats" : "does not beat",
			  w->paired, w->paired == 1 ? "" : "s", fitted, compromise);
}

/* The backtest in json: one value, written once the walk is done. */
static int backtest_as_json(struct cli *cli, const stance_scope *scope, unsigned models)
{
	struct backtest_walk w = { .models = models, .outcomes = json_array() };
	stance_backtest_summary sum;
	int rc, walk;

	if (!w.outcomes)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	walk = stance_backtest_run(&sum, cli->db, scope, models, backtest_one, &w);
	rc = walk < 0 ? cli_fail(walk) : w.rc;
	if (rc) {
		json_decref(w.outcomes);
		return rc;
	}
	return cli_json_value(cli, backtest_json(w.outcomes, &sum));
}

static int backtest(struct cli *cli, const stance_scope *scope, unsigned models)
{
	static const char *const table_before[] = { "date", "issue", "outcome" };
	static const char *const csv_before[] = { "issue", "date", "point" };
	struct backtest_walk w = { .models = models };
	stance_backtest_summary sum;
	struct headers h = { .n = 0 };
	int rc, csv = cli->format == CLI_FORMAT_CSV;

	if (cli->format == CLI_FORMAT_JSON)
		return backtest_as_json(cli, scope, models);
	headers_add(&h, csv ? csv_before : table_before, 3);
	headers_models(&h, models, csv ? "_error" : NULL, "err");
	rc = cli_table_begin(&w.t, cli, h.v, h.n);
	if (!rc) {
		int walk = stance_backtest_run(&sum, cli->db, scope, models, backtest_one, &w);

		rc = walk < 0 ? cli_fail(walk) : w.rc;
	}
	if (!rc && !w.n && !csv) {
		/* a table without rows says so; a failed rc makes cli_table_end()
		 * free the table without writing */
		cli_table_end(w.t, CLI_EUSAGE);
		return cli_printf(cli, "no outcomes to backtest: none is recorded in scope\n");
	}
	rc = cli_table_end(w.t, rc);
	if (rc || csv)
		return rc;
	rc = cli_printf(cli, "\n");
	if (!rc)
		rc = print_summary(cli, &sum);
	return rc ? rc : print_verdict(cli, &w);
}

int cmd_forecast(struct cli *cli, int argc, char **argv)
{
	struct analysis_opts o = { 0 };
	struct cli_strings model_names = { 0 };
	int backtest_wanted = 0;
	const struct cli_opt opts[] = {
		ANALYSIS_ISSUES(&o, ANALYSIS_ISSUES_HELP),
		ANALYSIS_PARTIES(&o, "only this party takes part (repeatable)"),
		ANALYSIS_AS_OF(&o),
		ANALYSIS_AS_KNOWN(&o),
		CLI_OPT_STRINGS(0, "model", &model_names, "M",
				"a model, or all (the default); repeatable"),
		CLI_OPT_SWITCH(0, "backtest", &backtest_wanted,
			       "hold the models against the recorded outcomes"),
		ANALYSIS_EVIDENCE(&o),
		CLI_OPT_END
	};
	stance_scope scope;
	unsigned models;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	if (backtest_wanted && o.as_of)
		return cli_usage_error("'stance forecast --backtest' takes no --as-of: each outcome "
				       "is forecast as of the day before it");
	rc = parse_models(&models, &model_names);
	if (!rc)
		rc = analysis_scope(&scope, &o);
	if (rc)
		return rc;
	return backtest_wanted ? backtest(cli, &scope, models) : forecast(cli, &scope, models);
}
