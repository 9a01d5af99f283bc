"""Graph statistics: triples per layer, entities per class, facts with evidence, per source."""

from __future__ import annotations

from collections import Counter

from rdflib.namespace import PROV, RDF

from kg.evidence import describe_document
from kg.graph import KnowledgeGraph
from kg.namespaces import AKG, RES


def statistics(graph: KnowledgeGraph) -> dict[str, list[tuple[str, int]]]:
    asserted, nm = graph.asserted, graph.asserted.namespace_manager
    per_class = Counter(
        cls.n3(nm) for s, cls in asserted.subject_objects(RDF.type) if str(s).startswith(str(RES))
    )
    cited = set(asserted.subjects(AKG.evidence, None))
    per_source = Counter()
    for _statement, passage in asserted.subject_objects(AKG.evidence):
        document = asserted.value(passage, PROV.wasQuotedFrom)
        per_source[describe_document(asserted, document).title] += 1
    return {
        "Triples": [
            ("asserted", len(asserted)),
            ("inferred", len(graph.inferred)),
            ("full", len(graph.full)),
        ],
        "Entities per class (asserted)": sorted(per_class.items()),
        "Evidence": [
            ("statements citing evidence", len(cited)),
            ("citations", sum(per_source.values())),
        ]
        + [(f"citations of {name}", n) for name, n in sorted(per_source.items())],
    }
