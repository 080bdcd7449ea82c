/*
 * cmd-network.c - `stance network`: the parties as a graph for the tools
 * analysts already use: GraphML (Gephi, igraph, NetworkX, yEd), DOT
 * (Graphviz) or a csv edge list (R, spreadsheets).
 *
 * The nodes are the parties, with their names and kinds (with --by actor
 * the actors, with their names, parties and roles); an edge joins two that
 * conflict on at least one issue (--type conflict: opposite signs) or agree
 * on one (--type congruence: the same non-zero sign), and its weight is the
 * number of such issues. The counts are the matrix's (libstance's
 * stance_matrix_get, which also applies the evidence filters and the
 * current red line of the hard counts), so `network` and `matrix` always
 * agree.
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
	.usage = "network [--type conflict|congruence] [--format graphml|dot|csv]\n"
		 "                      [--by party|actor] [--party P]... [--issue I]...\n"
		 "                      [--as-of D] [--as-known T] [--min-credibility N]\n"
		 "                      [--min-reliability A|B|C|D|E|F]\n"
		 "                      [--kind quote|paraphrase|proposal|report]... [-o FILE]",
	.details =
	"The nodes are the parties (all, or those given with --party), with\n"
	"their name and kind; with --by actor, the actors (all, or those of the\n"
	"parties given), with their name, party and role, and a statement without\n"
	"an actor takes no part. An edge joins two nodes when they conflict on at\n"
	"least one issue (conflict: opposite signs) or agree on one (congruence:\n"
	"the same non-zero sign); its weight is the number of those issues, and\n"
	"a conflict edge also counts the hard ones: those where the current red\n"
	"line of either side holds (set by !, kept by later positions of the same\n"
	"sign without a suffix, ended by ~ or a change of sign). --issue counts\n"
	"the issue and those under it. The evidence filters leave statements out\n"
	"as if they did not exist: --min-credibility N keeps credibility 1..N (an\n"
	"unknown one counts as 6), --min-reliability X sources of reliability\n"
	"A..X (none counts as F), --kind the kinds given.\n"
	"graphml: GraphML 1.0 with typed keys (Gephi, igraph, NetworkX), the\n"
	"graph's data saying --by actor and the evidence filters when given;\n"
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
	struct cli_strings nodes;    /* --party: the nodes (by actor: theirs); none: all */
	int by_actor;                /* the nodes are actors */
	struct entity_list entities; /* the nodes: parties, or actors */
	stance_matrix *m;            /* the edges' counts */
	const stance_scope *scope;   /* as of, and the evidence filters */
	struct cli_table *table;     /* csv */
};

/* What a node shows of its entity, by --by: GraphML keys and DOT
 * attributes, in order; the first field is the slug. */
struct node_field {
	const char *key;
	size_t field;
};

static const struct node_field party_fields[] = {
	{ "name", STANCE_PARTY_NAME }, { "kind", STANCE_PARTY_KIND }, { NULL, 0 }
};

static const struct node_field actor_fields[] = {
	{ "name", STANCE_ACTOR_NAME }, { "party", STANCE_ACTOR_PARTY },
	{ "role", STANCE_ACTOR_ROLE }, { NULL, 0 }
};

static const struct node_field *node_fields(const struct network *net)
{
	return net->by_actor ? actor_fields : party_fields;
}

struct edge {
	const char *a, *b;  /* slugs, a < b */
	int weight;         /* issues of conflict or of agreement */
	int hard;           /* conflict: those with a red line on either side */
	size_t k;           /* its number, from 0 */
};

static int slug_cmp(const void *key, const void *item)
{
	return strcmp(key, *(char *const *)item);
}

/* Whether the entity is a node: every one, or those of the listed
 * parties (a party itself, or by actor the actor's party), and always
 * those the matrix has (the library narrowed it to the listed parties,
 * knowing their former slugs too), so that every edge has its nodes. */
static int is_node(const struct network *net, char *const *f)
{
	const char *party = f[net->by_actor ? STANCE_ACTOR_PARTY : STANCE_PARTY_SLUG];

	if (!net->nodes.n)
		return 1;
	for (size_t i = 0; party && i < net->nodes.n; i++)
		if (strcmp(net->nodes.v[i], party) == 0)
			return 1;
	return bsearch(f[0], net->m->parties, net->m->n, sizeof(*net->m->parties),
		       slug_cmp) != NULL;
}

/* Calls fn for every node, by slug, with the entity's fields (the slug
 * first: STANCE_PARTY_SLUG and STANCE_ACTOR_SLUG are both 0). */
static int nodes(struct cli *cli, int (*fn)(struct cli *cli, const struct network *net,
					    char *const *f),
		 const struct network *net)
{
	int rc = 0;

	for (size_t k = 0; !rc && k < net->entities.n; k++)
		if (is_node(net, net->entities.items[k].field))
			rc = fn(cli, net, net->entities.items[k].field);
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

static int graphml_node(struct cli *cli, const struct network *net, char *const *f)
{
	/* slugs are NMTOKENs: safe as ids without escaping */
	int rc = cli_printf(cli, "    <node id=\"%s\">\n", f[0]);

	for (const struct node_field *nf = node_fields(net); !rc && nf->key; nf++)
		rc = graphml_data(cli, nf->key, f[nf->field]);
	return rc ? rc : cli_printf(cli, "    </node>\n");
}

/* The graph's own keys beyond type and as_of, declared only when used, so
 * that a graph of every party on all the evidence is as it always was. */
static int graphml_scope_keys(struct cli *cli, const struct network *net)
{
	const stance_scope *s = net->scope;
	int rc = 0;

	if (net->by_actor)
		rc = cli_printf(cli, "  <key id=\"by\" for=\"graph\" attr.name=\"by\" "
				"attr.type=\"string\"/>\n");
	if (!rc && s->min_credibility)
		rc = cli_printf(cli, "  <key id=\"min_credibility\" for=\"graph\" "
				"attr.name=\"min_credibility\" attr.type=\"int\"/>\n");
	if (!rc && s->min_reliability)
		rc = cli_printf(cli, "  <key id=\"min_reliability\" for=\"graph\" "
				"attr.name=\"min_reliability\" attr.type=\"string\"/>\n");
	if (!rc && s->nkinds)
		rc = cli_printf(cli, "  <key id=\"kinds\" for=\"graph\" attr.name=\"kinds\" "
				"attr.type=\"string\"/>\n");
	return rc;
}

/* What the graph rests on: the date, --by and the evidence filters. */
static int graphml_scope_data(struct cli *cli, const struct network *net)
{
	const stance_scope *s = net->scope;
	int rc = 0;

	if (s->as_of)
		rc = cli_printf(cli, "    <data key=\"as_of\">%s</data>\n", s->as_of);
	if (!rc && net->by_actor)
		rc = cli_printf(cli, "    <data key=\"by\">actor</data>\n");
	if (!rc && s->min_credibility)
		rc = cli_printf(cli, "    <data key=\"min_credibility\">%d</data>\n",
				s->min_credibility);
	if (!rc && s->min_reliability)
		rc = cli_printf(cli, "    <data key=\"min_reliability\">%c</data>\n",
				s->min_reliability);
	if (!rc && s->nkinds) {
		rc = cli_printf(cli, "    <data key=\"kinds\">");
		/* the library has checked them, but text goes out escaped */
		for (size_t k = 0; !rc && k < s->nkinds; k++) {
			rc = k ? cli_printf(cli, ",") : 0;
			if (!rc)
				rc = cli_write_xml(cli, s->kinds[k]);
		}
		if (!rc)
			rc = cli_printf(cli, "</data>\n");
	}
	return rc;
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
		"  <key id=\"as_of\" for=\"graph\" attr.name=\"as_of\" attr.type=\"string\"/>\n");

	if (!rc)
		rc = graphml_scope_keys(cli, net);
	for (const struct node_field *nf = node_fields(net); !rc && nf->key; nf++)
		rc = cli_printf(cli, "  <key id=\"%s\" for=\"node\" attr.name=\"%s\" "
				"attr.type=\"string\"/>\n", nf->key, nf->key);
	if (!rc)
		rc = cli_printf(cli, "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" "
				"attr.type=\"int\"/>\n");
	if (!rc && net->type == NETWORK_CONFLICT)
		rc = cli_printf(cli, "  <key id=\"hard\" for=\"edge\" attr.name=\"hard\" "
				"attr.type=\"int\"/>\n");
	if (!rc)
		rc = cli_printf(cli, "  <graph id=\"%s\" edgedefault=\"undirected\">\n"
				"    <data key=\"type\">%s</data>\n", types[net->type],
				types[net->type]);
	if (!rc)
		rc = graphml_scope_data(cli, net);
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

/* A node: its name as the label, then the other fields it has. */
static int dot_node(struct cli *cli, const struct network *net, char *const *f)
{
	int rc = cli_printf(cli, "  \"%s\" [", f[0]);

	for (const struct node_field *nf = node_fields(net); !rc && nf->key; nf++) {
		if (nf != node_fields(net) && !f[nf->field])
			continue;
		rc = cli_printf(cli, "%s%s=", nf == node_fields(net) ? "" : ", ",
				nf == node_fields(net) ? "label" : nf->key);
		if (!rc)
			rc = dot_string(cli, f[nf->field]);
	}
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
		ANALYSIS_BY(&o),
		ANALYSIS_PARTIES(&o, "only this party (by actor: its actors; repeatable)"),
		ANALYSIS_ISSUES(&o, "count only this issue and those under it (repeatable)"),
		ANALYSIS_AS_OF(&o),
		ANALYSIS_AS_KNOWN(&o),
		ANALYSIS_EVIDENCE(&o),
		CLI_OPT_OUTPUT(&output),
		CLI_OPT_END
	};
	stance_scope scope;
	int rc = cli_parse_options(cli, &spec, opts, argc, argv);

	if (rc != CLI_RUN)
		return rc;
	rc = analysis_scope(&scope, &o);
	if (rc)
		return rc;
	net.nodes = o.parties;
	net.by_actor = scope.by_actor;
	net.scope = &scope;
	rc = stance_matrix_get(&net.m, cli->db, &scope);
	if (rc)
		return cli_fail(rc);
	rc = analysis_entities_load(&net.entities, cli->db,
				    net.by_actor ? STANCE_ACTOR : STANCE_PARTY, &scope);
	if (!rc)
		rc = cli_output(cli, output, print_network, &net);
	entity_list_free(&net.entities);
	stance_matrix_free(net.m);
	return rc;
}
