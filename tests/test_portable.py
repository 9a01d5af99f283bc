"""A release others can load anywhere: every stored query, read from the catalogue RDF alone (its
text, prefixes, parameters with their default terms, the dataset layout it needs), run in a fresh
pyoxigraph store and a fresh rdflib graph loaded with the release files, gives what `kg query`
gives. No kg code is on that path: `kg build` writes the release, then only its files are used."""

from __future__ import annotations

import json
import re
import warnings
from collections import Counter
from decimal import Decimal

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, XSD

from kg import catalogue
from kg.catalogue.rdf import PARAMETER_DATATYPES
from kg.jsonld import CONTEXT_NAME
from kg.query import bind_parameters
from tests.conftest import run_kg

SD = "http://www.w3.org/ns/sparql-service-description#"
SPEX_DESCRIBE = URIRef(catalogue.SPEX_IRI + "describe")
# Numbers are compared by value: a store may keep an integer subtype as xsd:integer.
NUMERIC = {
    str(XSD[t])
    for t in (
        "integer decimal double float nonNegativeInteger positiveInteger nonPositiveInteger "
        "negativeInteger long int short byte unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
}


@pytest.fixture(scope="module")
def release(built_release) -> dict[str, str]:
    """The release files (`kg build`), as text."""
    return {name: data.decode("utf-8") for name, data in built_release.items()}


@pytest.fixture(scope="module")
def published(release) -> dict[str, dict]:
    """Each query as the catalogue RDF publishes it: text with the declared prefixes prepended,
    the layout it needs, and its parameters' default terms."""
    graph = Graph().parse(data=release["almagro-kg-queries.ttl"], format="turtle")
    prologue = "".join(
        f"PREFIX {graph.value(d, SH.prefix)}: <{graph.value(d, SH.namespace)}>\n"
        for d in sorted(graph.objects(None, SH.declare))
    )
    queries = {}
    for iri in graph.subjects(RDF.type, SH.SPARQLExecutable):
        text = next(graph.objects(iri, SH.select | SH.ask | SH.construct | SPEX_DESCRIBE))
        layout = graph.value(iri, DCTERMS.requires)
        defaults = {
            str(graph.value(p, SH.name)): graph.value(p, SH.defaultValue)
            for p in graph.objects(iri, SH.parameter)
            if (p, SH.defaultValue, None) in graph
        }
        queries[str(iri).rsplit("/", 1)[1]] = {
            "text": prologue + str(text),
            "layers": (layout, RDF.type, URIRef(SD + "Dataset")) in graph
            and any(graph.objects(layout, URIRef(SD + "namedGraph"))),
            "defaults": defaults,
        }
    return queries


def bound(text: str, defaults: dict) -> str:
    """The query with its parameters' values as a VALUES block opening its WHERE group, as the
    README tells an outside user to bind them."""
    if not defaults:
        return text
    names = sorted(defaults)
    block = (
        f"VALUES ({' '.join('?' + n for n in names)}) "
        f"{{ ({' '.join(defaults[n].n3() for n in names)}) }}"
    )
    return re.sub(r"WHERE\s*\{", lambda m: f"{m.group()} {block}", text, count=1)


def key(value: str | None, datatype: str | None):
    """A cell as compared: numbers by value, every other term by its N-Triples form."""
    if datatype in NUMERIC:
        return Decimal(value)
    return value


def oxigraph_cell(term):
    if term is None:
        return None
    if isinstance(term, pyoxigraph.Literal):
        return key(term.value, term.datatype.value) if term.datatype.value in NUMERIC else str(term)
    return str(term)


def rdflib_cell(term):
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype is not None and str(term.datatype) in NUMERIC:
        return key(str(term), str(term.datatype))
    if isinstance(term, Literal) and term.datatype is None and term.language is None:
        term = Literal(str(term))  # plain: xsd:string, as Oxigraph writes it
    return pyoxigraph_text(term)


def pyoxigraph_text(term) -> str:
    if isinstance(term, URIRef):
        return str(pyoxigraph.NamedNode(str(term)))
    if term.language:
        return str(pyoxigraph.Literal(str(term), language=term.language))
    datatype = pyoxigraph.NamedNode(str(term.datatype or XSD.string))
    return str(pyoxigraph.Literal(str(term), datatype=datatype))


@pytest.fixture(scope="module")
def stores(release):
    """A fresh pyoxigraph store and a fresh rdflib graph for each layout: the full release in the
    default graph; the N-Quads dataset (every layer a named graph)."""
    full_ox = pyoxigraph.Store()
    full_ox.load(release["almagro-kg-full.ttl"], format=pyoxigraph.RdfFormat.TURTLE)
    layers_ox = pyoxigraph.Store()
    layers_ox.load(release["almagro-kg.nq"], format=pyoxigraph.RdfFormat.N_QUADS)
    full_rdflib = Graph().parse(data=release["almagro-kg-full.ttl"], format="turtle")
    layers_rdflib = Dataset(default_union=False)
    layers_rdflib.parse(data=release["almagro-kg.nq"], format="nquads")
    return {False: (full_ox, full_rdflib), True: (layers_ox, layers_rdflib)}


def expected(real_graph, name: str) -> Counter:
    result = real_graph.run(name)
    return Counter(tuple(oxigraph_cell(t) for t in row) for row in result.rows)


def test_every_query_is_published_with_its_layout_and_text(published):
    stored = catalogue.load_catalogue()
    assert sorted(published) == sorted(stored)
    for name, query in stored.items():
        assert published[name]["layers"] == (query.dataset == "layers"), name
    layered = sorted(n for n, q in stored.items() if q.dataset == "layers")
    assert layered == ["facts_about_entity", "inferred_triples_by_property", "triples_per_layer"]


@pytest.mark.parametrize("name", sorted(catalogue.load_catalogue()))
def test_a_stored_query_gives_the_same_rows_in_any_store(name, published, stores, real_graph):
    query = published[name]
    text = bound(query["text"], query["defaults"])
    oxigraph_store, rdflib_store = stores[query["layers"]]
    answer = oxigraph_store.query(text)
    with warnings.catch_warnings():
        # rdflib 7's SPARQL evaluation calls its own deprecated Dataset.contexts.
        warnings.simplefilter("ignore", DeprecationWarning)
        reference = rdflib_store.query(text)
        reference.bindings  # noqa: B018 -- solutions are lazy: evaluate them here
    kg_answer = real_graph.run(name)
    if kg_answer.form == "ASK":
        assert bool(answer) == bool(reference.askAnswer) == kg_answer.boolean
        return
    if kg_answer.form in ("CONSTRUCT", "DESCRIBE"):
        triples = {tuple(oxigraph_cell(t) for t in triple) for triple in answer}
        assert triples == {tuple(rdflib_cell(t) for t in triple) for triple in reference.graph}
        assert triples == {tuple(oxigraph_cell(t) for t in triple) for triple in kg_answer.triples}
        assert triples
        return
    rows = Counter(tuple(oxigraph_cell(t) for t in solution) for solution in answer)
    rdflib_rows = Counter(
        tuple(rdflib_cell(row.get(v)) for v in reference.vars) for row in reference.bindings
    )
    assert rows == rdflib_rows == expected(real_graph, name)
    assert sum(rows.values()) > 0 or name == "uncited_sentences"


def test_the_catalogue_binds_the_defaults_kg_binds(published, real_graph):
    """sh:defaultValue is the term `kg query` binds when a parameter is not given: an entity's
    default resolved to its IRI, a date typed xsd:date."""
    from kg.engines.rdflib_engine import to_rdflib

    for name, query in catalogue.load_catalogue().items():
        terms = bind_parameters(real_graph.engine(), query, {})
        assert published[name]["defaults"] == {k: to_rdflib(v) for k, v in terms.items()}, name


TYPES = {SH.IRI: "entity", SH.Literal: "period"}


def test_the_catalogue_rdf_rebuilds_every_parameter_of_the_headers(release):
    """Name, type, class, required-ness, description and order, read back from the sh:Parameter
    nodes, are the header's; an entity parameter's sh:path has the variable as its local name."""
    from kg.catalogue.rdf import PERIOD_PATTERN

    graph = Graph().parse(data=release["almagro-kg-queries.ttl"], format="turtle")
    datatypes = {XSD[local]: kind for kind, local in PARAMETER_DATATYPES.items()}
    for query in catalogue.load_catalogue().values():
        rebuilt = []
        for node in graph.objects(query.iri, SH.parameter):
            kind = (
                datatypes.get(graph.value(node, SH.datatype))
                or TYPES[graph.value(node, SH.nodeKind)]
            )
            if kind == "period":
                assert graph.value(node, SH.pattern) == Literal(PERIOD_PATTERN)
            of_class = graph.value(node, SH["class"])
            name = str(graph.value(node, SH.name))
            assert str(graph.value(node, SH.path)).rsplit("/", 1)[1] == name
            rebuilt.append(
                (
                    graph.value(node, SH.order).toPython(),
                    name,
                    kind,
                    None if of_class is None else str(of_class),
                    graph.value(node, SH.optional).toPython(),
                    str(graph.value(node, SH.description)),
                )
            )
        assert sorted(rebuilt) == [
            (i, p.name, p.type, p.class_iri, p.default is not None, p.description)
            for i, p in enumerate(query.parameters)
        ], query.name
    assert (
        len(set(graph.subjects(RDF.type, SH.Parameter)))
        == sum(len(q.parameters) for q in catalogue.load_catalogue().values())
        > 10
    )


# ---- JSON-LD with a real context ----------------------------------------------------------------


def jsonld_graph(text: str) -> Graph:
    with warnings.catch_warnings():
        # rdflib 7's JSON-LD parser uses its own deprecated ConjunctiveGraph.
        warnings.simplefilter("ignore", DeprecationWarning)
        return Graph().parse(data=text, format="json-ld")


@pytest.mark.parametrize("base", ["almagro-kg", "almagro-kg-full"])
def test_the_jsonld_release_expands_to_the_turtle_release(release, base):
    """Each JSON-LD file carries the published context inline (nothing to fetch: it loads
    offline) and reads as exactly the triples of the Turtle file of the same name."""
    document = json.loads(release[f"{base}.jsonld"])
    published = json.loads(release[CONTEXT_NAME])
    assert list(published) == ["@context"]
    assert document["@context"] == published["@context"]
    turtle = Graph().parse(data=release[f"{base}.ttl"], format="turtle")
    expanded = jsonld_graph(release[f"{base}.jsonld"])
    assert len(expanded) == len(turtle) > 4000
    assert isomorphic(expanded, turtle)


def test_every_property_has_a_term_whose_coercion_fits_all_its_values(release):
    full = Graph().parse(data=release["almagro-kg-full.ttl"], format="turtle")
    context = json.loads(release[CONTEXT_NAME])["@context"]
    prefixes = {k: v for k, v in context.items() if isinstance(v, str)}

    def expand(curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return prefixes[prefix] + local if prefix in prefixes else curie

    terms = {expand(d["@id"]): (term, d) for term, d in context.items() if isinstance(d, dict)}
    used = {
        str(p) for p, o in full.predicate_objects() if p != RDF.type or not isinstance(o, URIRef)
    }
    assert used == set(terms)
    for iri, (term, definition) in terms.items():
        values = list(full.objects(None, URIRef(iri)))
        coercion = definition.get("@type")
        if coercion == "@id":
            assert all(isinstance(v, URIRef) for v in values), term
        elif coercion is not None:
            assert {v.datatype for v in values} == {URIRef(expand(coercion))}, term
        if definition.get("@container") == "@language":
            assert all(isinstance(v, Literal) and v.language for v in values), term
        assert ":" not in term or term == definition["@id"], term
    assert context["label"] == {"@container": "@language", "@id": "rdfs:label"}
    assert context["birthDate"] == {"@id": "schema:birthDate", "@type": "xsd:date"}
    assert context["agent"] == {"@id": "akg:agent", "@type": "@id"}
    # Dates, months and years: no one datatype fits, so none is forced on them.
    assert context["startDate"] == {"@id": "schema:startDate"}
    starts = {v.datatype for v in full.objects(None, URIRef("https://schema.org/startDate"))}
    assert starts == {XSD.date, XSD.gYearMonth, XSD.gYear}


def test_the_context_alone_reads_a_document_written_with_its_terms(release):
    """The context file is usable on its own: a consumer's document with its terms expands to
    the IRIs, datatypes and language tags of the graph."""
    context = json.loads(release[CONTEXT_NAME])["@context"]
    document = {
        "@context": context,
        "@id": "res:LuisAlmagro",
        "birthDate": "1963-06-01",
        "label": {"en": "Luis Almagro", "es": "Luis Almagro Lemes"},
        "agent": "res:OAS",
        "startDate": {"@value": "2015", "@type": "xsd:gYear"},
    }
    res, schema = "https://w3id.org/almagro-kg/resource/", "https://schema.org/"
    person = URIRef(res + "LuisAlmagro")
    assert set(jsonld_graph(json.dumps(document))) == {
        (person, URIRef(schema + "birthDate"), Literal("1963-06-01", datatype=XSD.date)),
        (person, RDFS.label, Literal("Luis Almagro", lang="en")),
        (person, RDFS.label, Literal("Luis Almagro Lemes", lang="es")),
        (person, URIRef("https://w3id.org/almagro-kg/ontology/agent"), URIRef(res + "OAS")),
        (person, URIRef(schema + "startDate"), Literal("2015", datatype=XSD.gYear)),
    }


def test_kg_query_catalogue_prints_the_release_catalogue(release):
    """`kg query --catalogue` resolves the entity defaults on the store as the build does."""
    result = run_kg("query", "--catalogue")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == release["almagro-kg-queries.ttl"]
