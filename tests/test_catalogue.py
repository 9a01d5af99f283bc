"""The stored-query header: what it accepts, each way it refuses, the README table, the RDF."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SDO, XSD
from rdflib.plugins.sparql import prepareQuery

from kg import catalogue, paths, sparql
from kg.catalogue import Parameter
from kg.engines.rdflib_engine import parse
from kg.errors import KGError
from kg.namespaces import PREFIXES, SH
from kg.query import check_defaults

FIXTURE_QUERIES = Path(__file__).parent / "fixtures" / "queries" / "rq"
README = paths.ROOT / "README.md"

GOOD_HEADER = """\
#+ summary: Who held a post on a given day
#+ description: The terms of office of a post that cover the day,
#+   comparing dates at the precision the sources give them.
#+ tags: [posts, terms, dates]
#+ param: post (entity, default SecretaryGeneralOfTheOAS): The post, by label or acronym
#+ param: date (date): The day to ask about
#+ view: table
#+ example: kg query who_held --param date=2016-01-01
"""
GOOD_BODY = """\
PREFIX akg: <https://w3id.org/almagro-kg/ontology/>
# a comment between the prologue and the query is fine
SELECT ?term WHERE { ?term akg:termOfPost ?post ; akg:on ?date }
"""


def write(tmp_path: Path, text: str, name: str = "who_held") -> Path:
    path = tmp_path / f"{name}.rq"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_header_is_parsed_field_by_field(tmp_path):
    path = write(tmp_path, GOOD_HEADER + GOOD_BODY)
    query = catalogue.parse_query_file(path)
    assert query.name == "who_held"
    assert query.summary == "Who held a post on a given day"
    assert query.description == (
        "The terms of office of a post that cover the day, comparing "
        "dates at the precision the sources give them."
    )
    assert query.tags == ("posts", "terms", "dates")
    assert query.parameters == (
        Parameter("post", "entity", "SecretaryGeneralOfTheOAS", "The post, by label or acronym", 5),
        Parameter("date", "date", None, "The day to ask about", 6),
    )
    assert query.view == "table"
    assert query.example == "kg query who_held --param date=2016-01-01"
    assert query.form == "SELECT"
    assert query.iri == URIRef("https://w3id.org/almagro-kg/query/who_held")
    assert query.body == GOOD_BODY
    assert query.parameters[0].signature() == "post (entity, default SecretaryGeneralOfTheOAS)"
    assert query.dataset == "default"  # no `dataset` line: the full release's default graph
    layered = catalogue.parse_query_file(
        write(tmp_path, GOOD_HEADER + "#+ dataset: layers\n" + GOOD_BODY)
    )
    assert layered.dataset == "layers"


@pytest.mark.parametrize(
    ("header", "body", "line", "message"),
    [
        ("", GOOD_BODY, 1, "no metadata header"),
        (GOOD_HEADER.replace("#+ summary: ", "#+summary: "), GOOD_BODY, 1, "malformed header line"),
        ("#+  continued\n" + GOOD_HEADER, GOOD_BODY, 1, "continuation line before any key"),
        (GOOD_HEADER + "#+ author: someone\n", GOOD_BODY, 9, "unknown header key 'author'"),
        (GOOD_HEADER + "#+ dataset: named\n", GOOD_BODY, 9, "unknown dataset layout 'named'"),
        (
            GOOD_HEADER + "#+ dataset: layers\n#+ dataset: layers\n",
            GOOD_BODY,
            10,
            "dataset is given twice (first at line 9)",
        ),
        (
            GOOD_HEADER + "#+ summary: again\n",
            GOOD_BODY,
            9,
            "summary is given twice (first at line 1)",
        ),
        (GOOD_HEADER.replace("#+ view: table\n", ""), GOOD_BODY, 7, "header lacks view"),
        (
            GOOD_HEADER.replace("[posts, terms, dates]", "posts, terms"),
            GOOD_BODY,
            4,
            "tags must be a bracketed list",
        ),
        (
            GOOD_HEADER.replace("[posts, terms, dates]", "[posts, Terms]"),
            GOOD_BODY,
            4,
            "bad tag 'Terms'",
        ),
        (
            GOOD_HEADER.replace("(date)", "(datetime)"),
            GOOD_BODY,
            6,
            "unknown parameter type 'datetime'",
        ),
        (
            GOOD_HEADER.replace("(date)", "(date, default 2016-13-01)"),
            GOOD_BODY,
            6,
            "bad default for date: expected a date as YYYY-MM-DD, got '2016-13-01'",
        ),
        (
            GOOD_HEADER.replace("date (date): The day", "date (date) The day"),
            GOOD_BODY,
            6,
            "malformed param",
        ),
        (
            GOOD_HEADER + "#+ param: post (entity): again\n",
            GOOD_BODY,
            9,
            "parameter post is declared twice",
        ),
        (GOOD_HEADER, GOOD_BODY.replace("?date", "?day"), 6, "parameter date is not used"),
        (GOOD_HEADER.replace("view: table", "view: map"), GOOD_BODY, 7, "unknown view 'map'"),
        (
            GOOD_HEADER.replace("kg query who_held", "kg query someone_else"),
            GOOD_BODY,
            8,
            "example must start with 'kg query who_held'",
        ),
        (
            GOOD_HEADER.replace("--param date=", "--param day="),
            GOOD_BODY,
            8,
            "example uses undeclared parameter 'day'",
        ),
        (
            GOOD_HEADER,
            GOOD_BODY.replace("SELECT", "SELEKT"),
            11,
            "expected the query to start with",
        ),
        (GOOD_HEADER, GOOD_BODY + "#+ view: graph\n", 12, "header line after the header has ended"),
        (
            GOOD_HEADER.replace("(entity,", "(entity dbo:Country,"),
            GOOD_BODY,
            5,
            "unknown prefix 'dbo' in dbo:Country; the prefixes are akg, dcterms, doc, ev, foaf, "
            "oa, org, owl, prov, rdf, rdfs, res, schema, sh, skos, stmt, time, xsd",
        ),
        (
            GOOD_HEADER.replace("(entity,", "(entity schema:Countree,"),
            GOOD_BODY,
            5,
            "unknown class schema:Countree: ontology.ttl declares no such class",
        ),
        (
            GOOD_HEADER.replace("(entity,", "(entity res:Venezuela,"),
            GOOD_BODY,
            5,
            "unknown class res:Venezuela: ontology.ttl declares no such class",
        ),
        (
            GOOD_HEADER.replace("(entity,", "(entity Country,"),
            GOOD_BODY,
            5,
            "bad class 'Country': expected a prefixed name like schema:Country",
        ),
        (
            GOOD_HEADER.replace("(date)", "(date xsd:date)"),
            GOOD_BODY,
            6,
            "only entity parameters name a class; a date parameter cannot take 'xsd:date'",
        ),
        (
            GOOD_HEADER.replace("(entity,", "(entity org:Post schema:Place,"),
            GOOD_BODY,
            5,
            "malformed param",
        ),
    ],
)
def test_a_malformed_header_is_an_error_naming_file_and_line(tmp_path, header, body, line, message):
    path = write(tmp_path, header + body)
    with pytest.raises(KGError) as caught:
        catalogue.parse_query_file(path)
    assert caught.value.where == f"{path}:{line}"
    assert caught.value.message.startswith(message)


def test_a_query_that_uses_lang_takes_it_without_declaring_it(tmp_path):
    body = GOOD_BODY.replace(
        "}\n", "\n  OPTIONAL { ?term rdfs:label ?termLabel FILTER (LANG(?termLabel) = ?lang) } }\n"
    )
    query = catalogue.parse_query_file(write(tmp_path, GOOD_HEADER + body))
    description = "The language of the labels, en or es (the other is the fallback)"
    # After the declared parameters; its line is where the SPARQL first uses ?lang.
    assert query.parameters[2:] == (Parameter("lang", "language", "en", description, 12),)
    assert query.parameters[2].signature() == "lang (language, default en)"
    assert "lang (language, default en)" in catalogue.markdown_table({query.name: query})
    # ?lang in a comment or a string is no use of it.
    quiet = GOOD_BODY.replace("}\n", '  FILTER (?term != "?lang") } # ?lang\n')
    assert "lang" not in [
        p.name for p in catalogue.parse_query_file(write(tmp_path, GOOD_HEADER + quiet)).parameters
    ]


def test_lang_is_reserved_and_a_language_is_en_or_es(tmp_path):
    header = GOOD_HEADER.replace(
        "#+ view:", "#+ param: lang (string, default en): The language\n#+ view:"
    )
    path = write(tmp_path, header + GOOD_BODY.replace("?date }", "?date ; akg:in ?lang }"))
    with pytest.raises(KGError) as caught:
        catalogue.parse_query_file(path)
    assert caught.value.where == f"{path}:7"
    assert caught.value.message == (
        "parameter lang is reserved: a query that uses ?lang takes it without declaring it "
        "(language, default en)"
    )
    assert catalogue.check_value("language", "es") is None
    assert catalogue.check_value("language", "fr") == (
        "expected a language of the graph's labels, en or es; got 'fr'"
    )
    assert catalogue.check_value("language", "EN") is not None
    # An example may pass --lang only to a query that has ?lang.
    header = GOOD_HEADER.replace("--param date=2016-01-01", "--lang es")
    path = write(tmp_path, header + GOOD_BODY)
    with pytest.raises(
        KGError, match="example uses --lang, but the query has no [?]lang"
    ) as caught:
        catalogue.parse_query_file(path)
    assert caught.value.where == f"{path}:8"


def test_an_entity_parameter_may_name_its_class(tmp_path):
    header = GOOD_HEADER.replace("(entity,", "(entity org:Post,")
    query = catalogue.parse_query_file(write(tmp_path, header + GOOD_BODY))
    post = query.parameters[0]
    assert post == Parameter(
        "post",
        "entity",
        "SecretaryGeneralOfTheOAS",
        "The post, by label or acronym",
        5,
        "org:Post",
    )
    assert post.class_iri == "http://www.w3.org/ns/org#Post"
    assert post.signature() == "post (entity org:Post, default SecretaryGeneralOfTheOAS)"
    assert query.parameters[1].class_iri is None
    required = GOOD_HEADER.replace(
        "(entity, default SecretaryGeneralOfTheOAS)", "(entity org:Post)"
    )
    post = catalogue.parse_query_file(write(tmp_path, required + GOOD_BODY)).parameters[0]
    assert (post.of_class, post.default, post.signature()) == (
        "org:Post",
        None,
        "post (entity org:Post)",
    )


def test_the_stored_queries_that_take_a_post_a_country_a_person_or_a_theme_say_so():
    typed = {
        (query.name, parameter.name): parameter.of_class
        for query in catalogue.load_catalogue().values()
        for parameter in query.parameters
        if parameter.type == "entity"
    }
    assert typed == {
        ("almagro_held_post", "post"): "org:Post",
        ("describe_entity", "entity"): None,  # any entity
        ("entity_neighbourhood", "entity"): None,
        ("elections_of_person", "person"): "schema:Person",
        ("events_in_country", "country"): "schema:Country",
        ("facts_about_entity", "entity"): None,
        ("names_of_entity", "entity"): None,
        ("person_profile", "person"): "schema:Person",
        ("tagged_with_theme", "theme"): "skos:Concept",
        ("who_did_what_in_country", "country"): "schema:Country",
        ("who_held_post_on_date", "post"): "org:Post",
    }


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_every_stored_default_names_a_resource_of_the_declared_class(real_graph, engine):
    # A default that names nothing, or a resource of another class, fails here naming the .rq
    # file and the header line (see test_query.py for the error on a fixture).
    check_defaults(real_graph.engine(engine), catalogue.load_catalogue())


def test_the_fixture_catalogue_loads_in_name_order():
    queries = catalogue.load_catalogue(FIXTURE_QUERIES)
    assert list(queries) == [
        "country_labels",
        "entities_labelled",
        "held_post",
        "post_neighbourhood",
        "terms_numbered_from",
        "terms_of_post",
    ]
    assert [q.form for q in queries.values()] == [
        "SELECT",
        "SELECT",
        "ASK",
        "CONSTRUCT",
        "SELECT",
        "SELECT",
    ]


def test_an_unknown_query_name_suggests_the_nearest():
    with pytest.raises(KGError) as caught:
        catalogue.find_query("term_post", FIXTURE_QUERIES)
    assert caught.value.message == (
        "no stored query named 'term_post'; did you mean terms_of_post, held_post?"
    )
    with pytest.raises(KGError) as caught:
        catalogue.find_query("../etc/passwd", FIXTURE_QUERIES)
    assert caught.value.message == "no stored query named '../etc/passwd'"
    assert caught.value.where is None  # the shells say where (the CLI: `kg query`)


def test_the_markdown_table_lists_name_summary_and_parameters():
    queries = catalogue.load_catalogue(FIXTURE_QUERIES)
    assert catalogue.markdown_table(queries) == (
        "| query | summary | parameters |\n"
        "| --- | --- | --- |\n"
        "| `country_labels` | The labels of a country "
        "| `country (entity schema:Country, default Uruguay)` |\n"
        "| `entities_labelled` | Resources with exactly this English label | `text (string)` |\n"
        "| `held_post` | Did a person hold a post | `person (entity)`, `post (entity)` |\n"
        "| `post_neighbourhood` | The terms of a post as a graph "
        "| `post (entity, default SecretaryGeneralOfTheOAS)` |\n"
        "| `terms_numbered_from` | Terms whose number is at least n "
        "| `n (integer, default 1)` |\n"
        "| `terms_of_post` | The terms of a post, in order "
        "| `post (entity org:Post, default SecretaryGeneralOfTheOAS)` |\n"
    )


def test_update_readme_rewrites_only_the_block_between_the_markers(tmp_path):
    queries = catalogue.load_catalogue(FIXTURE_QUERIES)
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Title\n\n<!-- catalogue:start -->\nold table\n<!-- catalogue:end -->\n\nAfter.\n",
        encoding="utf-8",
    )
    assert not catalogue.readme_is_current(readme, queries)
    assert catalogue.update_readme(readme, queries) is True
    assert catalogue.readme_is_current(readme, queries)
    assert readme.read_text(encoding="utf-8") == (
        "# Title\n\n<!-- catalogue:start -->"
        + catalogue.readme_block(queries)
        + "<!-- catalogue:end -->\n\nAfter.\n"
    )
    assert catalogue.update_readme(readme, queries) is False


def test_update_readme_writes_atomically(tmp_path, monkeypatch):
    queries = catalogue.load_catalogue(FIXTURE_QUERIES)
    readme = tmp_path / "README.md"
    before = "<!-- catalogue:start -->\nold\n<!-- catalogue:end -->\n"
    readme.write_text(before, encoding="utf-8")
    written = []
    monkeypatch.setattr(catalogue.readme, "write_atomic", lambda path, text: written.append(path))
    assert catalogue.update_readme(readme, queries) is True
    assert written == [readme]
    assert readme.read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "file not found"),
        (b"\xff<!-- catalogue:start -->", "not UTF-8 text (invalid start byte at byte 0)"),
    ],
)
def test_an_unreadable_readme_is_an_error_naming_it(tmp_path, content, message):
    readme = tmp_path / "README.md"
    if content is not None:
        readme.write_bytes(content)
    with pytest.raises(KGError) as caught:
        catalogue.update_readme(readme, {})
    assert (caught.value.where, caught.value.message) == (str(readme), message)


def test_a_readme_without_markers_is_an_error(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n", encoding="utf-8")
    with pytest.raises(KGError, match="needs exactly one <!-- catalogue:start -->"):
        catalogue.readme_is_current(readme, {})


def test_the_readme_catalogue_table_is_current():
    assert README.is_file(), f"{README} does not exist yet: add it with the catalogue markers"
    text = README.read_text(encoding="utf-8")
    assert catalogue.README_START in text and catalogue.README_END in text, (
        f"{README} lacks the {catalogue.README_START} / {catalogue.README_END} markers around "
        "the query catalogue table"
    )
    assert catalogue.readme_is_current(README, catalogue.load_catalogue()), (
        "the README's query catalogue is stale: run `make catalogue` (kg query --readme README.md)"
    )


def test_the_catalogue_rdf_describes_each_query_as_a_sparql_executable():
    queries = catalogue.load_catalogue(FIXTURE_QUERIES)
    turtle = catalogue.catalogue_turtle(queries)
    assert "@prefix query: <https://w3id.org/almagro-kg/query/> .\n" in turtle
    assert "_:" not in turtle and "[" not in turtle.replace('"""', "")  # no blank nodes
    graph = Graph().parse(data=turtle, format="turtle")
    rows = graph.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        PREFIX spex: <https://purl.expasy.org/sparql-examples/ontology#>
        PREFIX schema: <https://schema.org/>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?query ?kind ?label (GROUP_CONCAT(?tag; separator=",") AS ?tags)
        WHERE {
          ?query a sh:SPARQLExecutable , ?kind ;
                 rdfs:label ?label ;
                 rdfs:comment ?comment ;
                 sh:select|sh:ask|sh:construct|spex:describe ?text ;
                 schema:keywords ?tag .
          FILTER (?kind != sh:SPARQLExecutable)
        }
        GROUP BY ?query ?kind ?label
        ORDER BY ?query
    """)
    base = "https://w3id.org/almagro-kg/query/"
    shacl = "http://www.w3.org/ns/shacl#"
    assert [
        (str(q), str(k), str(label), sorted(str(tags).split(","))) for q, k, label, tags in rows
    ] == [
        (
            base + "country_labels",
            shacl + "SPARQLSelectExecutable",
            "The labels of a country",
            ["countries", "labels"],
        ),
        (
            base + "entities_labelled",
            shacl + "SPARQLSelectExecutable",
            "Resources with exactly this English label",
            ["labels"],
        ),
        (base + "held_post", shacl + "SPARQLAskExecutable", "Did a person hold a post", ["posts"]),
        (
            base + "post_neighbourhood",
            shacl + "SPARQLConstructExecutable",
            "The terms of a post as a graph",
            ["graph", "posts"],
        ),
        (
            base + "terms_numbered_from",
            shacl + "SPARQLSelectExecutable",
            "Terms whose number is at least n",
            ["terms"],
        ),
        (
            base + "terms_of_post",
            shacl + "SPARQLSelectExecutable",
            "The terms of a post, in order",
            ["posts", "terms"],
        ),
    ]
    text = graph.value(URIRef(catalogue.QUERY_BASE + "held_post"), SH.ask)
    assert text == Literal(
        "PREFIX org: <http://www.w3.org/ns/org#>\n\nASK { ?person org:holds ?post }\n"
    )


def test_the_catalogue_rdf_targets_the_dataset_and_declares_the_prefixes():
    """As sib-swiss/sparql-examples: schema:target and sh:prefixes (sh:declare) on each query."""
    queries = catalogue.load_catalogue(FIXTURE_QUERIES)
    graph = catalogue.catalogue_graph(queries)
    for query in queries.values():
        assert set(graph.objects(query.iri, SDO.target)) == {URIRef("https://w3id.org/almagro-kg/")}
        assert set(graph.objects(query.iri, SH.prefixes)) == {URIRef(catalogue.PREFIXES_IRI)}
    declared = {
        str(graph.value(d, SH.prefix)): graph.value(d, SH.namespace)
        for d in graph.objects(URIRef(catalogue.PREFIXES_IRI), SH.declare)
    }
    assert declared == {
        prefix: Literal(str(namespace), datatype=XSD.anyURI)
        for prefix, namespace in PREFIXES.items()
    }
    assert (URIRef(catalogue.PREFIXES_IRI), RDF.type, OWL.Ontology) in graph
    # The prefixes declared make each query's text runnable as SHACL-SPARQL prescribes:
    # the PREFIX lines prepended to the text.
    prologue = "".join(f"PREFIX {p}: <{n}>\n" for p, n in sorted(declared.items()))
    for query in queries.values():
        prepareQuery(prologue + query.body)


def test_catalogue_graph_defaults_to_the_stored_queries():
    assert catalogue.catalogue_turtle() == catalogue.catalogue_turtle(catalogue.load_catalogue())
    graph = catalogue.catalogue_graph()
    executables = set(graph.subjects(RDF.type, SH.SPARQLExecutable))
    assert len(executables) == len(list(paths.QUERIES_DIR.glob("*.rq")))


def test_every_stored_query_parses_and_declares_its_own_prefixes():
    queries = catalogue.load_catalogue()
    assert len(queries) >= 30
    for query in queries.values():
        assert sparql.check(query.text, str(query.path)) == query.form, query.name
        parsed = parse(query.text, str(query.path))
        assert parsed.algebra.name == f"{query.form.capitalize()}Query", query.name
        prepareQuery(query.text)  # without kg's predeclared prefixes: runs on any endpoint


def test_the_catalogue_turtle_is_the_same_in_every_process():
    script = (
        "from kg import catalogue; print(catalogue.catalogue_turtle(catalogue.load_catalogue()))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outputs) == 1


def test_no_stored_query_or_quality_check_uses_minus():
    """rdflib, the reference engine, compares each row of a MINUS's left side with every row of
    its right side: quadratic (a quality check written with it took 21 s on a 10k graph, not
    0.5 s). `OPTIONAL { ... }` + `FILTER (!BOUND(...))` gives the same rows on both engines."""
    import re

    texts = {
        path.relative_to(paths.QUERIES_DIR).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted([*paths.QUERIES_DIR.glob("*.rq"), *paths.QC_DIR.glob("*.rq")])
    }
    assert len(texts) == len(catalogue.load_catalogue()) + 10
    uses = [
        name
        for name, text in texts.items()
        if re.search(r"\bMINUS\b", re.sub(r"#[^\n]*", "", text), re.IGNORECASE)
    ]
    assert uses == []
