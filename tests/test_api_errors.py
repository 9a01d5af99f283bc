"""The Python API refuses bad arguments with a KGError locating the argument, never a TypeError,
an AttributeError or an OSError, and never looks up None as the name "None"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kg import pipeline
from kg.errors import KGError, Location
from kg.graph import KnowledgeGraph

TINY_DATA = Path(__file__).parent / "fixtures" / "queries" / "data"


@pytest.fixture(scope="module")
def tiny() -> KnowledgeGraph:
    return KnowledgeGraph.load(TINY_DATA)


def refusal(call, *args, **kwargs) -> tuple[object, str]:
    with pytest.raises(KGError) as caught:
        call(*args, **kwargs)
    return caught.value.where, caught.value.message


@pytest.mark.parametrize(
    ("method", "args", "parameter", "kind"),
    [
        ("query", (123,), "name", "int"),
        ("query", (None,), "name", "None"),
        ("run", (None,), "name", "None"),
        ("run", (b"timeline",), "name", "bytes"),
        ("sparql", (None,), "text", "None"),
        ("sparql", (42,), "text", "int"),
        ("evidence", (None,), "entity", "None"),
        ("evidence", (7,), "entity", "int"),
        ("resolve", (None,), "name", "None"),
        ("resolve", (["Almagro"],), "name", "list"),
    ],
)
def test_a_name_or_text_that_is_not_a_string_is_refused(tiny, method, args, parameter, kind):
    assert refusal(getattr(tiny, method), *args) == (
        Location(parameter=parameter),
        f"expected a string, got {kind}",
    )


def test_a_parameter_given_as_none_is_refused_not_looked_up_as_none(tiny):
    assert refusal(tiny.query, "events_in_country", country=None) == (
        Location(parameter="country"),
        "expected a string, an int or a date, got None (leave the parameter out to use its "
        "default)",
    )


@pytest.mark.parametrize("value", [1.5, True, ["Venezuela"], object()])
def test_a_parameter_is_a_string_an_int_or_a_date(tiny, value):
    where, message = refusal(tiny.query, "events_in_country", country=value)
    assert where == Location(parameter="country")
    assert message == f"expected a string, an int or a date, got {type(value).__name__}"


def test_strings_ints_and_dates_are_parameter_values(tiny):
    by_text = tiny.query("who_held_post_on_date", post="foreign minister", date="2015-03-01")
    by_date = tiny.query("who_held_post_on_date", post="foreign minister", date=date(2015, 3, 1))
    assert by_text == by_date and by_text


def test_run_values_are_a_mapping_of_strings(tiny):
    assert refusal(tiny.run, "timeline", [("a", "b")]) == (
        Location(parameter="values"),
        "expected a mapping of parameter names to values, got list",
    )
    assert refusal(tiny.run, "events_in_country", {"country": None})[0] == Location(
        parameter="country"
    )
    assert refusal(tiny.run, "events_in_country", {1: "Venezuela"}) == (
        Location(parameter="1"),
        "expected a parameter name as a string, got int",
    )


@pytest.mark.parametrize("method", ["query", "sparql", "run"])
def test_a_dataset_is_a_name_or_a_description(tiny, method):
    first = "ASK {}" if method == "sparql" else "timeline"
    assert refusal(getattr(tiny, method), first, dataset=["full"]) == (
        Location(option="dataset"),
        "expected a dataset name or a DatasetDescription, got list",
    )


def test_a_knowledge_graph_is_made_from_a_built_dataset():
    assert refusal(KnowledgeGraph, "not a dataset") == (
        Location(parameter="data"),
        "expected a built dataset (kg.pipeline.Dataset), got str; use KnowledgeGraph.load()",
    )


@pytest.mark.parametrize(
    ("kwargs", "parameter", "message"),
    [
        ({"data_dir": 123}, "data_dir", "expected a path, got int"),
        ({"ontology": 4.5}, "ontology", "expected a path, got float"),
        ({"use_cache": "no"}, "use_cache", "expected True or False, got str"),
        ({"progress": "print"}, "progress", "expected a callable, got str"),
    ],
)
def test_load_validates_its_arguments(kwargs, parameter, message):
    assert refusal(KnowledgeGraph.load, **kwargs) == (Location(parameter=parameter), message)


def test_a_data_file_that_cannot_be_read_is_a_kg_error_naming_it(tmp_path):
    (tmp_path / "a.ttl").mkdir()  # a folder called a.ttl
    assert refusal(KnowledgeGraph.load, tmp_path) == (str(tmp_path / "a.ttl"), "Is a directory")
    other = tmp_path / "other"
    other.mkdir()
    (other / "b.ttl").symlink_to(tmp_path / "gone.ttl")
    assert refusal(KnowledgeGraph.load, other) == (
        str(other / "b.ttl"),
        "No such file or directory",
    )


def test_a_permission_error_opening_the_store_is_a_kg_error_naming_the_path(monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", "/cache/stores/x/db")

    monkeypatch.setattr(pipeline, "dataset", denied)
    assert refusal(KnowledgeGraph.load) == ("/cache/stores/x/db", "Permission denied")
