# almagro-kg: the pipeline, driven by make (as the OBO Ontology Development Kit does).
#   make            create .venv, install, build + reason + validate, write the release into dist/
#   make test       create .venv, install with the test extra, run the test suite (one pytest-xdist
#                   worker per core; `pytest tests/test_x.py` alone runs in one process)
#   make validate   SHACL + quality checks on the asserted graph (exit 1 when it does not conform)
#   make export     the release files in dist/ (same as `make`)
#   make evidence   regenerate kg/data/evidence.ttl from sources/
#   make catalogue  regenerate the README's table of stored queries
#   make bench      time and measure the pipeline at SIZES="10000 100000" (benchmarks/scale.py),
#                   then the real graph's queries on every engine and from the shell (bench.py)
#   make lint       ruff check + ruff format --check
#   make clean      remove .venv, dist and caches

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
KG     := $(BIN)/kg

INSTALLED      := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test

CODE     := $(wildcard kg/*.py kg/*/*.py)
ONTOLOGY := ontology/ontology.ttl ontology/shapes.ttl $(wildcard ontology/imports/*.ttl)
DATA     := $(wildcard kg/data/*.ttl)
QUERIES  := $(wildcard queries/*.rq queries/qc/*.rq)
SOURCES  := $(wildcard sources/*.txt)

# The release: base (asserted) and full (reasoned) in every format. They are the targets, so a
# deleted or stale file is rebuilt, and one `kg build` writes them all (a grouped target).
EXTENSIONS := ttl nt jsonld rdf trig
RELEASE    := $(foreach ext,$(EXTENSIONS),dist/almagro-kg.$(ext) dist/almagro-kg-full.$(ext)) \
              dist/almagro-kg.nq dist/almagro-kg-queries.ttl dist/almagro-kg-void.ttl \
              dist/almagro-kg.context.jsonld

.PHONY: all test validate export evidence catalogue bench lint clean

all: $(RELEASE)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Its own stamp: `make test` must not make the next `make` think the build is stale.
$(TEST_INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(RELEASE) &: $(INSTALLED) $(CODE) $(ONTOLOGY) $(DATA) $(QUERIES) $(SOURCES)
	$(KG) build --out-dir dist
	@touch $(RELEASE)

export: $(RELEASE)

validate: $(INSTALLED)
	$(KG) validate

test: $(TEST_INSTALLED)
	$(BIN)/python -m pytest -n auto --dist worksteal

evidence: $(INSTALLED)
	$(KG) evidence --regenerate

catalogue: $(INSTALLED)
	$(KG) query --readme README.md

# SIZES: numbers of triples of the synthetic graphs (benchmarks/scale.py; add 1000000 on request),
# or `real` for only the real graph's stages and queries on every engine and from the shell
# (benchmarks/bench.py, which otherwise runs after the synthetic sizes). PARTS="validate queries"
# measures only those (of parse reason validate store export build queries).
SIZES ?= 10000 100000

bench: $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	if [ "$(SIZES)" != real ]; then SIZES="$(SIZES)" $(BIN)/python benchmarks/scale.py; fi
	$(BIN)/python benchmarks/bench.py

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check kg tests benchmarks
	$(BIN)/ruff format --check kg tests benchmarks

clean:
	rm -rf $(VENV) dist build .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
