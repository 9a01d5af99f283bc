"""`kg synth`: a synthetic graph of our shape that conforms, is consistent, has exactly the
triples asked for, and is the same bytes for a seed whatever the hash seed."""

from __future__ import annotations

import hashlib

import pytest
from rdflib import Graph

from kg import synth
from kg.load import load_asserted
from kg.validate import validate_graph
from tests.conftest import run_kg


def test_10k_graph_has_exactly_the_triples_asked_for(synthetic_10k):
    assert len(Graph().parse(synthetic_10k / "synth.ttl")) == 10_000


@pytest.mark.parametrize("triples", [synth.MINIMUM, synth.MINIMUM + 1, synth.MINIMUM + 2, 2345])
def test_every_size_is_exact(tmp_path, triples):
    for name in ("g.ttl", "g.nt"):
        synth.synthesize(triples, 1, tmp_path / name)
        assert len(Graph().parse(tmp_path / name)) == triples


def test_ntriples_and_turtle_are_the_same_graph(tmp_path):
    synth.synthesize(3000, 5, tmp_path / "g.ttl")
    synth.synthesize(3000, 5, tmp_path / "g.nt")
    turtle, ntriples = Graph().parse(tmp_path / "g.ttl"), Graph().parse(tmp_path / "g.nt")
    assert set(turtle) == set(ntriples)


def test_10k_graph_conforms_to_the_shapes_and_quality_checks(synthetic_10k):
    """By the fast validator, which gives pySHACL's results on a damaged synthetic graph
    (tests/test_validate_fast.py): pySHACL takes 15 s here."""
    report = validate_graph(load_asserted(synthetic_10k), validator="fast")
    assert report.conforms, report.text()


# That a 10k graph is consistent and reasoned over (the same by owlrl and the fast path, the
# property chain holding on every unit): tests/test_reason_fast.py, which reasons over one.


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name", ["g.ttl", "g.nt"])
def test_same_bytes_for_a_seed_whatever_the_hash_seed(tmp_path, name):
    digests = set()
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed / name
        out.parent.mkdir()
        done = run_kg("synth", "--triples", "5000", "--seed", "3", "-o", str(out), seed=hash_seed)
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"wrote {out}: 5000 triples\n"
        digests.add(_digest(out))
    assert len(digests) == 1
    (tmp_path / "other").mkdir()
    synth.synthesize(5000, 4, tmp_path / "other" / name)
    assert _digest(tmp_path / "other" / name) not in digests  # another seed, another graph


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--triples", "0"], f"--triples: must be at least {synth.MINIMUM}"),
        (["--triples", "-5"], f"--triples: must be at least {synth.MINIMUM}"),
        (["--triples", "10k"], "--triples: not an integer: '10k'"),
        (["--triples", "1000", "--seed", "x"], "--seed: not an integer: 'x'"),
        (
            ["--triples", "1000", "-o", "/nonexistent/folder/g.ttl"],
            "/nonexistent/folder/g.ttl: cannot write",
        ),
    ],
)
def test_bad_arguments_are_one_line_errors(tmp_path, args, message):
    if "-o" not in args:
        args = [*args, "-o", str(tmp_path / "g.ttl")]
    done = run_kg("synth", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("kg: error: " + message) and done.stderr.count("\n") == 1, (
        done.stderr
    )
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left


def test_an_existing_file_is_replaced_whole_or_left_alone(tmp_path):
    out = tmp_path / "g.ttl"
    out.write_text("old")
    assert run_kg("synth", "--triples", "-1", "-o", str(out)).returncode == 2
    assert out.read_text() == "old"
    assert run_kg("synth", "--triples", "1000", "-o", str(out)).returncode == 0
    assert len(Graph().parse(out)) == 1000
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]
