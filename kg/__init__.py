"""almagro-kg: a sourced knowledge graph of Luis Almagro's career and his years at the OAS."""

from kg.errors import KGError
from kg.graph import KnowledgeGraph

__all__ = ["KGError", "KnowledgeGraph"]
__version__ = "0.1.0"
