/*
 * cmd-network.c - `stance network`: the parties as a graph for the tools
 * analysts already use: GraphML (Gephi, igraph, NetworkX, yEd), DOT
 * (Graphviz) or a csv edge list (R, spreadsheets).
 *
 * The nodes are the parties, with their names and kinds; an edge joins two
 * parties that conflict on at least one issue (--type conflict: opposite
 * signs) or agree on one (--type congruence: the same non-zero sign), and
 * its weight is the number of such issues. The counts are the matrix's
 * (libstance's stance_matrix_get), so `network` and `matrix` always agree.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"
#include "entity-list.h"

enum network_format { NETWORK_GRAPHML, NETWORK_DOT, NETWORK_CSV };
static const char *const formats[] = { "graphml", "dot", "csv", NULL };

enum network_type { NETWORK_CONFLICT, NETWORK_CONGRUENCE };
static const char *const types[] = { "conflict", "congruence", NULL };

static const struct cli_spec spec = {
	.usage = "network [--type conflict|congruence] [--format graphml|dot|csv] [--party P]...\n"
		 "                      [--issue I]... [--as-of D] [--as-known T] [-o FILE]",
	.details =
	"The nodes are the parties (all, or those given with --party), with\n"
	"their name and kind. An edge joins two parties when they conflict on at\n"
	"least one issue (conflict: opposite signs) or agree on one (congruence:\n"
	"the same non-zero sign); its weight is the number of those issues, and\n"
	"a conflict edge also counts the hard ones (a red line on either side).\n"
	"graphml: GraphML 1.0 with typed keys (Gephi, igraph, NetworkX);\n"
	"dot: an undirected Graphviz graph, pen width growing with the weight;\n"
	"csv: an edge list source,target,weight,hard.\n"
	"Text XML forbids (C0 controls but tab and newline, U+FFFE, U+FFFF) and\n"
	"DEL and C1 controls are written as U+FFFD in GraphML.\n"
	"With -o, FILE is written to a temporary file and renamed when complete\n"
	"(mode 0600); a device or FIFO (/dev/stdout, >(gzip)) is written directly,\n"
	"a symlink followed, the database and its -wal and -shm refused."
};

struct network {
	size_t type;                 /* enum network_type */
	size_t format;               /* enum network_format */
	struct cli_strings nodes;    /* --party: the nodes; none: every party */
	struct entity_list parties;  /* the nodes */
	stance_matrix *m;            /* the edges' counts */
	const char *as_of;
	struct cli_table *table;     /* csv */
};

struct edge {
	const char *a, *b;  /* slugs, a < b */
	int weight;         /* issues of conflict or of agreement */
	int hard;           /* conflict: those with a red line on either side */
	size_t k;           /* its number, from 0 */
};

/* Whether the party is a node: every party, or the listed ones. */
static int is_node(const struct network *net, const char *slug)
{
	for (size_t i = 0; i < net->nodes.n; i++)
		if (strcmp(net->nodes.v[i], slug) == 0)
			return 1;
	return net->nodes.n == 0;
}

/* Calls fn for every node, by slug, with the party's fields. */
static int nodes(struct cli *cli, int (*fn)(struct cli *cli, char *const *party),
		 const struct network *net)
{
	int rc = 0;

	for (size_t k = 0; !rc && k < net->parties.n; k++)
		if (is_node(net, net->parties.items[k].field[STANCE_PARTY_SLUG]))
			rc = fn(cli, net->parties.items[k].field);
	return rc;
}

/* Calls fn for every edge: each pair of the matrix's parties (by slug)
 * with a non-zero weight. */
static int edges(struct cli *cli, struct network *net,
		 int (*fn)(struct cli *cli, struct network *net, const struct edge *e))
{
	const stance_matrix *m = net->m;
	struct edge e = { 0 };
	int rc = 0;

	for (size_t r = 0; !rc && r < m->n; r++) {
		for (size_t c = r + 1; !rc && c < m->n; c++) {
			const stance_matrix_cell *cell = &m->cells[r * m->n + c];

			e.weight = net->type == NETWORK_CONFLICT ? cell->conflicts : cell->agreements;
			if (e.weight <= 0)
				continue;
			e.a = m->parties[r];
			e.b = m->parties[c];
			e.hard = cell->hard;
			rc = fn(cli, net, &e);
			e.k++;
		}
	}
	return rc;
}

/* ---- GraphML ---------------------------------------------------------- */

static int graphml_edge(struct cli *cli, struct network *net, const struct edge *e)
{
	int rc = cli_printf(cli, "    <edge id=\"e%zu\" source=\"%s\" target=\"%s\">\n"
			    "      <data key=\"weight\">%d</data>\n", e->k, e->a, e->b, e->weight);

	if (!rc && net->type == NETWORK_CONFLICT)
		rc = cli_printf(cli, "      <data key=\"hard\">%d</data>\n", e->hard);
	return rc ? rc : cli_printf(cli, "    </edge>\n");
}

static int graphml_data(struct cli *cli, const char *key, const char *value)
{
	int rc;

	if (!value)
		return 0;
	rc = cli_printf(cli, "      <data key=\"%s\">", key);
	if (!rc)
		rc = cli_write_xml(cli, value);
	return rc ? rc : cli_printf(cli, "</data>\n");
}

static int graphml_node(struct cli *cli, char *const *f)
{
	/* slugs are NMTOKENs: safe as ids without escaping */
	int rc = cli_printf(cli, "    <node id=\"%s\">\n", f[STANCE_PARTY_SLUG]);

	if (!rc)
		rc = graphml_data(cli, "name", f[STANCE_PARTY_NAME]);
	if (!rc)
		rc = graphml_data(cli, "kind", f[STANCE_PARTY_KIND]);
	return rc ? rc : cli_printf(cli, "    </node>\n");
}

static int print_graphml(struct cli *cli, struct network *net)
{
	int rc = cli_printf(cli,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
		"    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
		"    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
		"http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
		"  <key id=\"type\" for=\"graph\" attr.name=\"type\" attr.type=\"string\"/>\n"
		"  <key id=\"as_of\" for=\"graph\" attr.name=\"as_of\" attr.type=\"string\"/>\n"
		"  <key id=\"name\" for=\"node\" attr.name=\"name\" attr.type=\"string\"/>\n"
		"  <key id=\"kind\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
		"  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"int\"/>\n");

	if (!rc && net->type == NETWORK_CONFLICT)
		rc = cli_printf(cli, "  <key id=\"hard\" for=\"edge\" attr.name=\"hard\" "
				"attr.type=\"int\"/>\n");
	if (!rc)
		rc = cli_printf(cli, "  <graph id=\"%s\" edgedefault=\"undirected\">\n"
				"    <data key=\"type\">%s</data>\n", types[net->type],
				types[net->type]);
	if (!rc && net->as_of)
		rc = cli_printf(cli, "    <data key=\"as_of\">%s</data>\n", net->as_of);
	if (!rc)
		rc = nodes(cli, graphml_node, net);
	if (!rc)
		rc = edges(cli, net, graphml_edge);
	return rc ? rc : cli_printf(cli, "  </graph>\n</graphml>\n");
}

/* ---- DOT -------------------------------------------------------------- */

/* A DOT quoted string: backslash and quote escaped, control characters
 * as spaces: a newline would end a line of the file, and the C0 and C1
 * controls (U+0080..U+009F, UTF-8 C2 80..C2 9F; U+009B is CSI) would drive
 * the terminal the graph is printed on. */
static int dot_string(struct cli *cli, const char *s)
{
	int rc = cli_write(cli, "\"", 1);

	for (; !rc && s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			rc = cli_printf(cli, "\\%c", c);
		} else if (c == 0xc2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9f) {
			rc = cli_write(cli, " ", 1);
			s++;
		} else {
			rc = cli_write(cli, c < 0x20 || c == 0x7f ? " " : s, 1);
		}
	}
	return rc ? rc : cli_write(cli, "\"", 1);
}

static int dot_edge(struct cli *cli, struct network *net, const struct edge *e)
{
	/* the pen grows with the weight, up to a point; hard conflicts are red */
	return cli_printf(cli, "  \"%s\" -- \"%s\" [weight=%d, label=\"%d\", penwidth=%d%s];\n",
			  e->a, e->b, e->weight, e->weight, e->weight < 8 ? e->weight : 8,
			  net->type == NETWORK_CONFLICT && e->hard ? ", color=\"#b2182b\"" : "");
}

static int dot_node(struct cli *cli, char *const *f)
{
	int rc = cli_printf(cli, "  \"%s\" [label=", f[STANCE_PARTY_SLUG]);

	if (!rc)
		rc = dot_string(cli, f[STANCE_PARTY_NAME]);
	if (!rc)
		rc = cli_printf(cli, ", kind=");
	if (!rc)
		rc = dot_string(cli, f[STANCE_PARTY_KIND]);
	return rc ? rc : cli_printf(cli, "];\n");
}

static int print_dot(struct cli *cli, struct network *net)
{
	int rc = cli_printf(cli, "graph \"%s\" {\n  node [shape=box, style=rounded];\n",
			    types[net->type]);

	if (!rc)
		rc = nodes(cli, dot_node, net);
	if (!rc)
		rc = edges(cli, net, dot_edge);
	return rc ? rc : cli_printf(cli, "}\n");
}

/* ---- csv -------------------------------------------------------------- */

static int csv_edge(struct cli *cli, struct network *net, const struct edge *e)
{
	char w[16], h[16];
	const char *cells[] = { e->a, e->b, w, h };

	(void)cli;
	snprintf(w, sizeof(w), "%d", e->weight);
	snprintf(h, sizeof(h), "%d", e->hard);
	return cli_table_row(net->table, cells);
}

static int print_csv(struct cli *cli, struct network *net)
{
	static const char *const headers[] = { "source", "target", "weight", "hard" };
	int rc;

	/* the common csv writer; congruence has no hard column */
	cli->format = CLI_FORMAT_CSV;
	rc = cli_table_begin(&net->table, cli, headers, net->type == NETWORK_CONFLICT ? 4 : 3);
	if (!rc)
		rc = edges(cli, net, csv_edge);
	return cli_table_end(net->table, rc);
}

static int print_network(struct cli *cli, void *ctx)
{
	static int (*const print[])(struct cli *, struct network *) = {
		[NETWORK_GRAPHML] = print_graphml,
		[NETWORK_DOT] = print_dot,
		[NETWORK_CSV] = print_csv,
	};
	struct network *net = ctx;

	return print[net->format](cli, net);
}

int cmd_network(struct cli *cli, int argc, char **argv)
{
	struct network net = { 0 };
	struct analysis_opts o = { 0 };
	const char *output = NULL;
	const struct cli_opt opts[] = {
		CLI_OPT_CHOICE(0, "type", &net.type, "T", "conflict (default) or congruence", types),
		/* its own --format: graphml and dot are not formats of other commands */
		CLI_OPT_CHOICE(0, "format", &net.format, "F", "graphml (default), dot or csv",
			       formats),
		ANALYSIS_PARTIES(&o, "only this party (repeatable)"),
		ANALYSIS_ISSUES(&o, "count only this issue (repeatable)"),
		ANALYSIS_AS_OF(&o),
		ANALYSIS_AS_KNOWN(&o),
		CLI_OPT_OUTPUT(&output),
		CLI_OPT_END
	};
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	scope = analysis_scope(&o);
	net.nodes = o.parties;
	net.as_of = scope.as_of;
	rc = stance_matrix_get(&net.m, cli->db, &scope);
	if (rc)
		return cli_fail(rc);
	rc = analysis_entities_load(&net.parties, cli->db, STANCE_PARTY, &scope);
	if (!rc)
		rc = cli_output(cli, output, print_network, &net);
	entity_list_free(&net.parties);
	stance_matrix_free(net.m);
	return rc;
}
