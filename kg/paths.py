"""Where the project's files are: the repository checkout, or the copy shipped inside the wheel."""

from __future__ import annotations

from pathlib import Path

from kg.errors import KGError

PACKAGE_DIR = Path(__file__).resolve().parent
_SHIPPED = PACKAGE_DIR / "_resources"
ROOT = _SHIPPED if _SHIPPED.is_dir() else PACKAGE_DIR.parent

ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ontology.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
IMPORTS_DIR = ONTOLOGY_DIR / "imports"  # the W3C ontologies ontology.ttl imports, byte for byte
QUERIES_DIR = ROOT / "queries"
QC_DIR = QUERIES_DIR / "qc"
SOURCES_DIR = ROOT / "sources"
DATA_DIR = PACKAGE_DIR / "data"


def data_files(data_dir: Path | None = None) -> list[Path]:
    """The data folder's Turtle files, sorted; hidden files (`.people.ttl`, an editor's
    `.#people.ttl` lock link) are not data, as make does not see them either. A folder with no
    Turtle file is an error, not an empty graph."""
    data_dir = DATA_DIR if data_dir is None else Path(data_dir)
    if not data_dir.is_dir():
        raise KGError("data directory not found", where=str(data_dir))
    files = sorted(p for p in data_dir.glob("*.ttl") if not p.name.startswith("."))
    if not files:
        raise KGError("no data: the folder holds no .ttl file", where=str(data_dir))
    return files


def import_files(imports_dir: Path | None = None) -> list[Path]:
    """The vendored import modules (ontology/imports/*.ttl), sorted; none when there is no such
    folder."""
    imports_dir = IMPORTS_DIR if imports_dir is None else Path(imports_dir)
    return sorted(p for p in imports_dir.glob("*.ttl") if not p.name.startswith("."))
