"""Hostile input: no traceback, the documented exit code, and data shown as data (regressions
from the hardening review, one test per finding)."""

from __future__ import annotations

import shutil

import pytest

from kg import paths
from kg.catalogue import check_value
from kg.query.formats import printable
from tests.conftest import FIXTURES, run_kg

SMALL = FIXTURES / "pipeline" / "small"


def one_line(result, code: int = 2) -> str:
    assert (result.returncode, result.stdout) == (code, ""), result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr


def shapes_with(tmp_path, extra: str):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(paths.SHAPES_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return shapes


def test_a_shape_pattern_that_is_not_a_regular_expression_is_one_line(tmp_path):
    shapes = shapes_with(
        tmp_path,
        "\n<https://example.org/S> a sh:NodeShape ; sh:targetClass schema:Person ;\n"
        '  sh:property [ sh:path schema:name ; sh:pattern "(unclosed" ] .\n',
    )
    done = run_kg("validate", "--shapes", str(shapes), "--data", str(SMALL))
    assert one_line(done) == (
        f"kg: error: {shapes}: SHACL error: sh:pattern '(unclosed' is not valid: missing ), "
        "unterminated subpattern at position 0\n"
    )


def test_a_shacl_sparql_query_that_does_not_parse_is_one_line(tmp_path):
    shapes = shapes_with(
        tmp_path,
        "\n<https://example.org/S> a sh:NodeShape ; sh:targetClass schema:Person ;\n"
        '  sh:sparql [ sh:select "SELECT $this WHERE { $this ?p }" ] .\n',
    )
    messages = {
        validator: one_line(
            run_kg(
                "validate", "--shapes", str(shapes), "--data", str(SMALL), "--validator", validator
            )
        )
        for validator in ("auto", "pyshacl", "fast")  # the fast one hands over to the reference
    }
    assert len(set(messages.values())) == 1
    assert messages["fast"].startswith(
        f"kg: error: {shapes}: SHACL-SPARQL syntax error in a shape's query"
    )


def test_a_quality_check_that_is_not_utf8_is_one_line(tmp_path, monkeypatch):
    from kg.errors import KGError
    from kg.validate import quality_checks

    qc = tmp_path / "qc"
    shutil.copytree(paths.QC_DIR, qc)
    (qc / "latin1-violation.rq").write_bytes(b"# Caf\xe9 check.\nSELECT ?focus {}\n")
    with pytest.raises(KGError) as caught:
        quality_checks(qc)
    assert str(caught.value) == (
        f"{qc / 'latin1-violation.rq'}: not UTF-8 text (invalid continuation byte at byte 5)"
    )


def test_an_integer_parameter_of_5000_digits_is_a_value_not_a_traceback():
    huge = "9" * 5000
    result = run_kg("query", "countries_by_event_count", "--param", f"min_events={huge}")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.endswith("0 row(s)\n")
    zeros = run_kg(
        "query", "countries_by_event_count", "--param", "min_events=+0001", "--format", "csv"
    )
    assert zeros.returncode == 0 and zeros.stdout.startswith("country,")
    assert len(zeros.stdout.splitlines()) > 5


@pytest.mark.parametrize("value", ["٢", "１", "2٠٠٠-01-01"])
def test_only_ascii_digits_are_numbers(value):
    kind = "date" if "-" in value else "integer"
    assert check_value(kind, value) is not None


def test_terminal_output_shows_control_characters_and_markup_as_written():
    assert printable("a\x1b]0;pwned\x07b\x9bc\n\td") == "a\\x1b]0;pwned\\x07b\\x9bc\n\td"
    result = run_kg(
        "sparql", 'SELECT ?x WHERE { VALUES ?x { "a[/x]b" "[bold]x" "esc\\u001b[2Jz" } }'
    )
    assert result.returncode == 0, result.stderr
    assert "a[/x]b" in result.stdout and "[bold]x" in result.stdout
    assert "\x1b" not in result.stdout and "esc\\x1b[2Jz" in result.stdout


def test_a_terminal_that_is_not_utf8_gets_escapes_not_a_traceback():
    result = run_kg("evidence", "JuanOrlandoHernandez", env={"PYTHONIOENCODING": "ascii"})
    assert (result.returncode, result.stderr) == (0, "")
    assert "Hern\\xe1ndez" in result.stdout
    assert result.stdout.isascii()


def test_python_values_of_huge_or_foreign_digit_integers_do_not_raise():
    import pyoxigraph

    from kg.query import python_value

    integer = pyoxigraph.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    huge = "9" * 5000
    assert python_value(pyoxigraph.Literal(huge, datatype=integer)) == huge
    assert python_value(pyoxigraph.Literal("٢", datatype=integer)) == "٢"
    assert python_value(pyoxigraph.Literal("-12", datatype=integer)) == -12


def test_evidence_shows_control_characters_and_markup_as_written(tmp_path):
    # A quote holding an escape sequence (clear the screen) and rich markup.
    data = tmp_path / "data"
    shutil.copytree(SMALL, data)
    (data / "passage.ttl").write_text(
        "@prefix akg: <https://w3id.org/almagro-kg/ontology/> .\n"
        "@prefix oa: <http://www.w3.org/ns/oa#> .\n"
        "@prefix res: <https://w3id.org/almagro-kg/resource/> .\n"
        "res:Meeting akg:evidence res:Passage ; res:with res:Ana .\n"
        "res:Passage oa:hasSource res:Doc ; oa:hasSelector res:Quote , res:Position .\n"
        'res:Quote a oa:TextQuoteSelector ; oa:exact "Ana met [bold]Bo[/bold]\\u001b[2J here." .\n'
        "res:Position a oa:TextPositionSelector ; oa:start 0 ; oa:end 9 .\n"
        'res:Doc akg:fileName "doc.txt" .\n',
        encoding="utf-8",
    )
    result = run_kg("evidence", "Ana", "--data", str(data))
    assert result.returncode == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "[bold]Bo[/bold]\\x1b[2J" in result.stdout
