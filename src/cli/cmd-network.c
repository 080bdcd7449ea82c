/*
 * cmd-network.c - `stance network`: the parties as a graph for the tools
 * analysts already use: GraphML (Gephi, yEd, igraph, NetworkX), GEXF
 * (Gephi's own), DOT (Graphviz) or csv edge and node lists (R,
 * spreadsheets, Gephi's data laboratory).
 *
 * The nodes are the parties, with their names and kinds (with --by actor
 * the actors, with their names, parties and roles); an edge joins two that
 * conflict on at least one issue (--type conflict: opposite signs) or agree
 * on one (--type congruence: the same non-zero sign), and its weight is the
 * number of such issues. The counts are the matrix's (libstance's
 * stance_matrix_get, which also applies the evidence filters and the
 * current red line of the hard counts), so `network` and `matrix` always
 * agree. Every node is written, with or without edges: a party that
 * conflicts with no one is part of the picture.
 */
#include <stdlib.h>
#include <string.h>

#include "analysis-output.h"
#include "commands.h"
#include "entity-list.h"

enum network_format { NETWORK_GRAPHML, NETWORK_GEXF, NETWORK_DOT, NETWORK_CSV };
static const char *const formats[] = { "graphml", "gexf", "dot", "csv", NULL };

enum network_type { NETWORK_CONFLICT, NETWORK_CONGRUENCE };
static const char *const types[] = { "conflict", "congruence", NULL };

static const struct cli_spec spec = {
	.usage = "network [--type conflict|congruence] [--by party|actor]\n"
		 "                      [--format graphml|gexf|dot|csv] [--nodes] [--party P]...\n"
		 "                      [--issue I]... [--as-of D] [--as-known T]\n"
		 "                      [--min-credibility N] [--min-reliability A|B|C|D|E|F]\n"
		 "                      [--kind quote|paraphrase|proposal|report]... [-o FILE]",
	.details =
	"The nodes are the parties (all, or those given with --party, with or\n"
	"without edges), with their name and kind; with --by actor, the actors\n"
	"(all, or those of the parties given), with their name, party and role,\n"
	"and a statement without an actor takes no part. An edge joins two nodes\n"
	"when they conflict on at least one issue (conflict: opposite signs) or\n"
	"agree on one (congruence: the same non-zero sign); its weight is the\n"
	"number of those issues, and a conflict edge also counts the hard ones:\n"
	"those where the current red line of either side holds (set by !, kept by\n"
	"later positions of the same sign without a suffix, ended by ~ or a change\n"
	"of sign). --issue counts the issue and those under it. The evidence\n"
	"filters leave statements out as if they did not exist: --min-credibility N\n"
	"keeps credibility 1..N (an unknown one counts as 6), --min-reliability X\n"
	"sources of reliability A..X (none counts as F), --kind the kinds given.\n"
	"graphml: GraphML 1.0 with typed keys, a label (the name) on every node\n"
	"for Gephi and yEd, the graph's data saying --by actor and the evidence\n"
	"filters when given;\n"
	"gexf: GEXF 1.3 for Gephi, nodes labelled with their name, the fields as\n"
	"attributes, edges weighted, the scope in the meta description;\n"
	"dot: an undirected Graphviz graph laid out without overlapping nodes\n"
	"(overlap=false, for neato and sfdp), the pen width growing with the\n"
	"weight; a conflict edge with hard conflicts solid, red and labelled\n"
	"\"3 (1 hard)\", one without dashed;\n"
	"csv: the edge list source,target,weight,hard; with --nodes the node list\n"
	"instead, id,label,kind (--by actor: id,label,party,role), every node.\n"
	"--nodes needs --format csv; with -o it writes the node list to FILE, so\n"
	"that the edges and the nodes are two runs, one file each.\n"
	"Text XML forbids (C0 controls but tab and newline, U+FFFE, U+FFFF) and\n"
	"DEL and C1 controls are written as U+FFFD in GraphML and GEXF.\n"
	"With -o, FILE is written to a temporary file and renamed when complete\n"
	"(mode 0600); a device or FIFO (/dev/stdout, >(gzip)) is written directly,\n"
	"a symlink followed, the database and its -wal and -shm refused."
};

struct network {
	size_t type;                 /* enum network_type */
	size_t format;               /* enum network_format */
	int node_list;               /* --nodes: the csv lists the nodes */
	struct cli_strings nodes;    /* --party: the nodes (by actor: theirs); none: all */
	int by_actor;                /* the nodes are actors */
	struct entity_list entities; /* the nodes: parties, or actors */
	stance_matrix *m;            /* the edges' counts */
	const stance_scope *scope;   /* as of, and the evidence filters */
	struct cli_table *table;     /* csv */
};

/* What a node shows of its entity, by --by: GraphML keys, GEXF attributes,
 * DOT attributes and csv columns, in order; the first field (the name) is
 * also the node's label, and the slug is its id. */
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

/* The label every format gives a node: its name, else its slug. */
static const char *node_label(const struct network *net, char *const *f)
{
	const char *name = f[node_fields(net)->field];

	return name ? name : f[0];
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

/* ---- the scope -------------------------------------------------------- */

/* What the graph rests on beyond its type, which GraphML gives as the
 * graph's data and GEXF in its description: the date, --by and the
 * evidence filters, each only when given (as_of's key is always declared,
 * as it always was). */
enum scope_part { SCOPE_AS_OF, SCOPE_BY, SCOPE_MIN_CREDIBILITY, SCOPE_MIN_RELIABILITY,
		  SCOPE_KINDS, SCOPE_PARTS };

static const struct {
	const char *key;
	const char *type;  /* GraphML's attr.type */
} scope_parts[SCOPE_PARTS] = {
	[SCOPE_AS_OF] = { "as_of", "string" },
	[SCOPE_BY] = { "by", "string" },
	[SCOPE_MIN_CREDIBILITY] = { "min_credibility", "int" },
	[SCOPE_MIN_RELIABILITY] = { "min_reliability", "string" },
	[SCOPE_KINDS] = { "kinds", "string" },
};

static int scope_given(const struct network *net, enum scope_part p)
{
	const stance_scope *s = net->scope;

	switch (p) {
	case SCOPE_AS_OF: return s->as_of != NULL;
	case SCOPE_BY: return net->by_actor;
	case SCOPE_MIN_CREDIBILITY: return s->min_credibility != 0;
	case SCOPE_MIN_RELIABILITY: return s->min_reliability != 0;
	case SCOPE_KINDS: return s->nkinds != 0;
	default: return 0;
	}
}

/* Writes the value of a part given, as XML text. */
static int scope_value(struct cli *cli, const struct network *net, enum scope_part p)
{
	const stance_scope *s = net->scope;
	int rc = 0;

	switch (p) {
	case SCOPE_AS_OF: return cli_write_xml(cli, s->as_of);
	case SCOPE_BY: return cli_printf(cli, "actor");
	case SCOPE_MIN_CREDIBILITY: return cli_printf(cli, "%d", s->min_credibility);
	case SCOPE_MIN_RELIABILITY: return cli_printf(cli, "%c", s->min_reliability);
	case SCOPE_KINDS:
		/* the library has checked them, but text goes out escaped */
		for (size_t k = 0; !rc && k < s->nkinds; k++) {
			rc = k ? cli_printf(cli, ",") : 0;
			if (!rc)
				rc = cli_write_xml(cli, s->kinds[k]);
		}
		return rc;
	default: return 0;
	}
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

	if (!rc)
		rc = graphml_data(cli, "label", node_label(net, f));
	for (const struct node_field *nf = node_fields(net); !rc && nf->key; nf++)
		rc = graphml_data(cli, nf->key, f[nf->field]);
	return rc ? rc : cli_printf(cli, "    </node>\n");
}

/* The keys: the graph's (type, as_of, and the rest of the scope only when
 * used, so that a graph of every party on all the evidence is as it always
 * was), the nodes' (label for Gephi and yEd, then the fields), the edges'. */
static int graphml_keys(struct cli *cli, const struct network *net)
{
	int rc = cli_printf(cli, "  <key id=\"type\" for=\"graph\" attr.name=\"type\" "
			    "attr.type=\"string\"/>\n");

	for (int p = 0; !rc && p < SCOPE_PARTS; p++)
		if (p == SCOPE_AS_OF || scope_given(net, p))
			rc = cli_printf(cli, "  <key id=\"%s\" for=\"graph\" attr.name=\"%s\" "
					"attr.type=\"%s\"/>\n", scope_parts[p].key,
					scope_parts[p].key, scope_parts[p].type);
	if (!rc)
		rc = cli_printf(cli, "  <key id=\"label\" for=\"node\" attr.name=\"label\" "
				"attr.type=\"string\"/>\n");
	for (const struct node_field *nf = node_fields(net); !rc && nf->key; nf++)
		rc = cli_printf(cli, "  <key id=\"%s\" for=\"node\" attr.name=\"%s\" "
				"attr.type=\"string\"/>\n", nf->key, nf->key);
	if (!rc)
		rc = cli_printf(cli, "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" "
				"attr.type=\"int\"/>\n");
	if (!rc && net->type == NETWORK_CONFLICT)
		rc = cli_printf(cli, "  <key id=\"hard\" for=\"edge\" attr.name=\"hard\" "
				"attr.type=\"int\"/>\n");
	return rc;
}

static int print_graphml(struct cli *cli, struct network *net)
{
	int rc = cli_printf(cli,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
		"    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
		"    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
		"http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");

	if (!rc)
		rc = graphml_keys(cli, net);
	if (!rc)
		rc = cli_printf(cli, "  <graph id=\"%s\" edgedefault=\"undirected\">\n"
				"    <data key=\"type\">%s</data>\n", types[net->type],
				types[net->type]);
	for (int p = 0; !rc && p < SCOPE_PARTS; p++) {
		if (!scope_given(net, p))
			continue;
		rc = cli_printf(cli, "    <data key=\"%s\">", scope_parts[p].key);
		if (!rc)
			rc = scope_value(cli, net, p);
		if (!rc)
			rc = cli_printf(cli, "</data>\n");
	}
	if (!rc)
		rc = nodes(cli, graphml_node, net);
	if (!rc)
		rc = edges(cli, net, graphml_edge);
	return rc ? rc : cli_printf(cli, "  </graph>\n</graphml>\n");
}

/* ---- GEXF ------------------------------------------------------------- */

/* An XML attribute value: cli_write_xml()'s escapes, and tab, newline and
 * carriage return as character references, which a parser's attribute
 * normalisation would otherwise turn into spaces (GEXF keeps its text in
 * attributes, GraphML in elements). */
static int xml_attribute(struct cli *cli, const char *text)
{
	char *copy = strdup(text ? text : "");
	char *s = copy;
	int rc = 0;

	if (!copy)
		return cli_error(CLI_ESOFTWARE, "out of memory");
	while (!rc && *s) {
		size_t n = strcspn(s, "\t\n\r");
		char c = s[n];

		s[n] = '\0';
		rc = cli_write_xml(cli, s);
		if (!rc && c)
			rc = cli_printf(cli, "&#%d;", c);
		s += n + (c != '\0');
	}
	free(copy);
	return rc;
}

static int gexf_attvalue(struct cli *cli, const char *key, const char *value)
{
	int rc;

	if (!value)
		return 0;
	rc = cli_printf(cli, "          <attvalue for=\"%s\" value=\"", key);
	if (!rc)
		rc = xml_attribute(cli, value);
	return rc ? rc : cli_printf(cli, "\"/>\n");
}

static int gexf_node(struct cli *cli, const struct network *net, char *const *f)
{
	/* slugs are NMTOKENs: safe as ids without escaping */
	int rc = cli_printf(cli, "      <node id=\"%s\" label=\"", f[0]);

	if (!rc)
		rc = xml_attribute(cli, node_label(net, f));
	if (!rc)
		rc = cli_printf(cli, "\">\n        <attvalues>\n");
	for (const struct node_field *nf = node_fields(net); !rc && nf->key; nf++)
		rc = gexf_attvalue(cli, nf->key, f[nf->field]);
	return rc ? rc : cli_printf(cli, "        </attvalues>\n      </node>\n");
}

static int gexf_edge(struct cli *cli, struct network *net, const struct edge *e)
{
	int rc = cli_printf(cli, "      <edge id=\"e%zu\" source=\"%s\" target=\"%s\" "
			    "weight=\"%d\"", e->k, e->a, e->b, e->weight);

	if (rc || net->type != NETWORK_CONFLICT)
		return rc ? rc : cli_printf(cli, "/>\n");
	return cli_printf(cli, ">\n        <attvalues>\n"
			  "          <attvalue for=\"hard\" value=\"%d\"/>\n"
			  "        </attvalues>\n      </edge>\n", e->hard);
}

/* The meta: who wrote it, and what the graph is and rests on, in the
 * GraphML graph data's words (type=conflict; as_of=2025-04-20; ...). */
static int gexf_meta(struct cli *cli, const struct network *net)
{
	int rc = cli_printf(cli, "  <meta>\n    <creator>stance %s</creator>\n"
			    "    <description>type=%s", stance_version(), types[net->type]);

	for (int p = 0; !rc && p < SCOPE_PARTS; p++) {
		if (!scope_given(net, p))
			continue;
		rc = cli_printf(cli, "; %s=", scope_parts[p].key);
		if (!rc)
			rc = scope_value(cli, net, p);
	}
	return rc ? rc : cli_printf(cli, "</description>\n  </meta>\n");
}

/* The attributes' declarations: the nodes' fields, the edges' hard count. */
static int gexf_attributes(struct cli *cli, const struct network *net)
{
	int rc = cli_printf(cli, "    <attributes class=\"node\">\n");

	for (const struct node_field *nf = node_fields(net); !rc && nf->key; nf++)
		rc = cli_printf(cli, "      <attribute id=\"%s\" title=\"%s\" type=\"string\"/>\n",
				nf->key, nf->key);
	if (!rc)
		rc = cli_printf(cli, "    </attributes>\n");
	if (!rc && net->type == NETWORK_CONFLICT)
		rc = cli_printf(cli, "    <attributes class=\"edge\">\n"
				"      <attribute id=\"hard\" title=\"hard\" type=\"integer\"/>\n"
				"    </attributes>\n");
	return rc;
}

static int print_gexf(struct cli *cli, struct network *net)
{
	int rc = cli_printf(cli,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<gexf xmlns=\"http://gexf.net/1.3\"\n"
		"    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
		"    xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\"\n"
		"    version=\"1.3\">\n");

	if (!rc)
		rc = gexf_meta(cli, net);
	if (!rc)
		rc = cli_printf(cli, "  <graph mode=\"static\" defaultedgetype=\"undirected\">\n");
	if (!rc)
		rc = gexf_attributes(cli, net);
	if (!rc)
		rc = cli_printf(cli, "    <nodes>\n");
	if (!rc)
		rc = nodes(cli, gexf_node, net);
	if (!rc)
		rc = cli_printf(cli, "    </nodes>\n    <edges>\n");
	if (!rc)
		rc = edges(cli, net, gexf_edge);
	return rc ? rc : cli_printf(cli, "    </edges>\n  </graph>\n</gexf>\n");
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

/* The pen grows with the weight, up to a point. A conflict edge with hard
 * conflicts is solid, red and says how many are hard; one without is
 * dashed: told apart in grey print and by readers who do not see red. */
static int dot_edge(struct cli *cli, struct network *net, const struct edge *e)
{
	int rc = cli_printf(cli, "  \"%s\" -- \"%s\" [weight=%d, label=\"%d", e->a, e->b,
			    e->weight, e->weight);

	if (!rc && net->type == NETWORK_CONFLICT && e->hard)
		rc = cli_printf(cli, " (%d hard)", e->hard);
	if (!rc)
		rc = cli_printf(cli, "\", penwidth=%d", e->weight < 8 ? e->weight : 8);
	if (!rc && net->type == NETWORK_CONFLICT)
		rc = cli_printf(cli, e->hard ? ", style=solid, color=\"#b2182b\"" : ", style=dashed");
	return rc ? rc : cli_printf(cli, "];\n");
}

/* A node: its name as the label, then the other fields it has. */
static int dot_node(struct cli *cli, const struct network *net, char *const *f)
{
	int rc = cli_printf(cli, "  \"%s\" [label=", f[0]);

	if (!rc)
		rc = dot_string(cli, node_label(net, f));
	for (const struct node_field *nf = node_fields(net) + 1; !rc && nf->key; nf++) {
		if (!f[nf->field])
			continue;
		rc = cli_printf(cli, ", %s=", nf->key);
		if (!rc)
			rc = dot_string(cli, f[nf->field]);
	}
	return rc ? rc : cli_printf(cli, "];\n");
}

static int print_dot(struct cli *cli, struct network *net)
{
	/* overlap=false: neato and sfdp move nodes apart (dot ignores it) */
	int rc = cli_printf(cli, "graph \"%s\" {\n  graph [overlap=false];\n"
			    "  node [shape=box, style=rounded];\n", types[net->type]);

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

/* A row of the node list: the id, the label, then the fields but the name
 * (the label is the name), as csv_nodes()'s headers say. */
static int csv_node(struct cli *cli, const struct network *net, char *const *f)
{
	const char *cells[4] = { f[0], node_label(net, f) };
	size_t n = 2;

	(void)cli;
	for (const struct node_field *nf = node_fields(net) + 1; nf->key && n < 4; nf++)
		cells[n++] = f[nf->field];
	return cli_table_row(net->table, cells);
}

static int print_csv(struct cli *cli, struct network *net)
{
	static const char *const edge_headers[] = { "source", "target", "weight", "hard" };
	static const char *const party_headers[] = { "id", "label", "kind" };
	static const char *const actor_headers[] = { "id", "label", "party", "role" };
	int rc;

	/* the common csv writer; congruence has no hard column */
	cli->format = CLI_FORMAT_CSV;
	if (!net->node_list)
		rc = cli_table_begin(&net->table, cli, edge_headers,
				     net->type == NETWORK_CONFLICT ? 4 : 3);
	else if (net->by_actor)
		rc = cli_table_begin(&net->table, cli, actor_headers, 4);
	else
		rc = cli_table_begin(&net->table, cli, party_headers, 3);
	if (!rc)
		rc = net->node_list ? nodes(cli, csv_node, net) : edges(cli, net, csv_edge);
	return cli_table_end(net->table, rc);
}

static int print_network(struct cli *cli, void *ctx)
{
	static int (*const print[])(struct cli *, struct network *) = {
		[NETWORK_GRAPHML] = print_graphml,
		[NETWORK_GEXF] = print_gexf,
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
		/* its own --format: graphml, gexf and dot are not formats of other commands */
		CLI_OPT_CHOICE(0, "format", &net.format, "F",
			       "graphml (default), gexf, dot or csv", formats),
		CLI_OPT_SWITCH(0, "nodes", &net.node_list,
			       "csv: the node list, every node, in place of the edges"),
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
	/* the graph formats list the nodes already; csv is two lists */
	if (net.node_list && net.format != NETWORK_CSV)
		return cli_usage_error("--nodes needs --format csv (%s lists the nodes with "
				       "the edges)", formats[net.format]);
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
