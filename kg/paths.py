"""Where the project's files are: the repository checkout, or the copy shipped inside the wheel."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_SHIPPED = PACKAGE_DIR / "_resources"
ROOT = _SHIPPED if _SHIPPED.is_dir() else PACKAGE_DIR.parent

ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ontology.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
QUERIES_DIR = ROOT / "queries"
QC_DIR = QUERIES_DIR / "qc"
SOURCES_DIR = ROOT / "sources"
DATA_DIR = PACKAGE_DIR / "data"
