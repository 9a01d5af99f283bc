"""almagro-kg: a sourced knowledge graph of Luis Almagro's career and his years at the OAS."""

from __future__ import annotations

from kg.errors import KGError

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without importing typing (kg.fast imports us)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["KGError", "KnowledgeGraph"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The Python API loads rdflib; `kg query` on a built store need not, so it is imported on use.
    if name == "KnowledgeGraph":
        from kg.graph import KnowledgeGraph

        return KnowledgeGraph
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
