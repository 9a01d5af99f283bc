"""Stage 6: the release — the base (asserted) and full (reasoned) files in every format, the
dataset as N-Quads (every layer a named graph), the stored-query catalogue, the release's VoID +
DCAT description (kg.void), which the full files carry too, and the JSON-LD context (kg.jsonld)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph

from kg.errors import KGError
from kg.export import EXTENSIONS, FORMATS, serialize
from kg.files import write_files
from kg.jsonld import CONTEXT_NAME, Context, context_for, context_text

if TYPE_CHECKING:
    from kg.pipeline import Layers

RELEASE_NAME = "almagro-kg"
VOID_NAME = f"{RELEASE_NAME}-void.ttl"
# The release is staged in <out-dir>/.almagro-kg-release-XXXXXXXX/ and swapped in from there.
STAGING_PREFIX = f".{RELEASE_NAME}-release-"


def release_texts(layers: Layers) -> dict[str, str]:
    """Every release file's name and text. A term a format cannot hold is an error naming the
    release file that cannot be written (there is no --format to blame in a build)."""
    description = release_description(layers)
    context = release_context(layers.asserted, layers.inferred, description)
    texts = {}
    for fmt in FORMATS:
        for suffix, layer, about in (("", None, None), ("-full", layers.inferred, description)):
            name = f"{RELEASE_NAME}{suffix}.{EXTENSIONS[fmt]}"
            try:
                texts[name] = serialize(
                    layers.asserted, layer, fmt, description=about, context=context
                )
            except KGError as err:
                raise KGError(err.message, where=name) from None
    texts[f"{RELEASE_NAME}.nq"] = layers.nquads()
    texts[f"{RELEASE_NAME}-queries.ttl"] = layers.catalogue.serialize(format="turtle")
    texts[VOID_NAME] = serialize(description, None, "turtle")
    texts[CONTEXT_NAME] = context_text(context)
    return texts


def release_names() -> list[str]:
    """The release's file names, in the order release_texts() writes them."""
    names = [
        f"{RELEASE_NAME}{suffix}.{EXTENSIONS[fmt]}" for fmt in FORMATS for suffix in ("", "-full")
    ]
    return names + [f"{RELEASE_NAME}.nq", f"{RELEASE_NAME}-queries.ttl", VOID_NAME, CONTEXT_NAME]


def release_context(asserted: Graph, inferred: Graph, description: Graph | None = None) -> Context:
    """The JSON-LD context of the release (kg.jsonld), computed from everything its JSON-LD
    files hold: the asserted and inferred triples and the release's description."""
    from kg.void import describe

    graph = full_graph_of(asserted, inferred)
    if description is None:
        description = describe(graph, release_names())
    for triple in description:
        graph.add(triple)
    return context_for(graph)


def full_graph(layers: Layers) -> Graph:
    """The graph of the full release without its description: asserted and inferred, merged."""
    return full_graph_of(layers.asserted, layers.inferred)


def full_graph_of(asserted: Graph, inferred: Graph) -> Graph:
    graph = Graph()
    for layer in (asserted, inferred):
        for triple in layer:
            graph.add(triple)
    return graph


def release_description(layers: Layers) -> Graph:
    """The VoID + DCAT description of this release: dist/almagro-kg-void.ttl."""
    from kg.void import describe

    return describe(full_graph(layers), release_names())


def release_files(layers: Layers, out_dir: Path) -> list[Path]:
    """Write dist/almagro-kg.<ext> (asserted), dist/almagro-kg-full.<ext> (with inferences),
    dist/almagro-kg.nq (asserted, inferred and catalogue as named graphs) and
    dist/almagro-kg-queries.ttl (the stored-query catalogue as sh:SPARQLExecutable nodes),
    dist/almagro-kg-void.ttl (the release's VoID + DCAT description, also in the full files) and
    dist/almagro-kg.context.jsonld (the JSON-LD context every .jsonld file carries inline).

    The release is replaced whole or not at all. Every file is serialized first (a format
    that fails writes nothing), then written, fsynced, into a staging folder beside the
    targets, `<out_dir>/.almagro-kg-release-XXXXXXXX/`, and each target is then replaced by a
    rename from there, with Ctrl-C and SIGTERM held for those renames (kg.files.write_files).
    The out-dir is not assumed to be the release's alone: only the release's own files are
    replaced, anything else in it (dist/bench/, say) stays. A failure or an interruption
    leaves the previous release as it was and no temporary file behind."""
    return write_files(Path(out_dir), release_texts(layers), staging_prefix=STAGING_PREFIX)
