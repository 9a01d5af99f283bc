"""Entity names resolve the way people type them: case, accents and punctuation ignored, a
surname or any run of whole words of a label, never a fuzzy guess; the same on every engine."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import KGError
from kg.namespaces import RES
from kg.query.names import normalise, resolve

ENGINES = ["oxigraph", "rdflib"]


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Perú", "peru"),
        ("Juan Orlando Hernández", "juan orlando hernandez"),
        ("  OEA ", "oea"),
        ("Straße", "strasse"),  # casefold, not lower
        ("Inter-American  Democratic\tCharter", "inter american democratic charter"),
        ("Almagro's “Constitution of the Americas”", "almagro s constitution of the americas"),
        ("LuisAlmagro-ForeignMinister", "luisalmagro foreignminister"),
        ("ﬁ", "fi"),  # NFKD unfolds compatibility ligatures
        ("...", ""),
        ("", ""),
    ],
)
def test_normalise_ignores_case_accents_whitespace_and_punctuation(text, normalised):
    assert normalise(text) == normalised


def _normalise_by_character(text: str) -> str:
    """normalise() as its docstring says it, one character at a time (the reference)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in kept).split())


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_normalise_is_the_character_by_character_definition(text):
    assert normalise(text) == _normalise_by_character(text)


@pytest.mark.parametrize("text", ["a_b", "x\u00a0y", "\u2028z\u3000", "①②", "Ⅻ", "ǅ", "İ"])
def test_normalise_on_the_characters_that_could_differ(text):
    assert normalise(text) == _normalise_by_character(text)


@pytest.mark.parametrize("engine_name", ENGINES)
@pytest.mark.parametrize(
    ("text", "resource"),
    [
        # exact, once normalised: a label, an altLabel, a local name, in any case and accent
        ("oea", RES.OAS),
        ("peru", RES.Peru),
        ("PERÚ", RES.Peru),
        ("Almagro", RES.LuisAlmagro),  # an altLabel, though many labels mention Almagro
        ("organization of american states", RES.OAS),
        ("luisalmagro", RES.LuisAlmagro),
        # the first or last words of a label: a surname, a partial name
        ("Hernandez", RES.JuanOrlandoHernandez),
        ("Abascal", RES.SantiagoAbascal),
        ("Secretary General", RES.SecretaryGeneralOfTheOAS),
        # compact IRIs and IRIs as before
        ("res:MACCIH", RES.MACCIH),
        (f"<{RES.MACCIH}>", RES.MACCIH),
        (str(RES.MACCIH), RES.MACCIH),
    ],
)
def test_names_resolve_as_typed(real_graph, engine_name, text, resource):
    assert resolve(real_graph.engine(engine_name), text, "entity").value == str(resource)


@pytest.mark.parametrize("engine_name", ENGINES)
def test_a_partial_name_of_several_resources_lists_them(real_graph, engine_name):
    with pytest.raises(KGError) as caught:
        resolve(real_graph.engine(engine_name), "Inter-American", "entity")
    assert caught.value.where == "entity"
    assert caught.value.message == (
        "'Inter-American' is ambiguous: it names "
        "res:InterAmericanDemocraticCharter (Inter-American Democratic Charter), "
        "res:InterAmericanHumanRightsSystem (Inter-American Human Rights System), "
        "res:InterAmericanJudicialFacilitatorsProgram (Inter-American Judicial Facilitators "
        "Program)"
    )


def test_a_long_list_of_candidates_stops_at_ten(real_graph):
    with pytest.raises(KGError) as caught:
        real_graph.resolve("of")
    message = caught.value.message
    assert message.startswith("'of' is ambiguous: it names doc:oas-biography (")
    assert "\n" not in message
    assert re.search(r"\), and \d+ more$", message)
    assert len(re.findall(r"(?:res|doc|ev):[\w-]+ \(", message)) == 10


def test_a_word_inside_a_label_counts_only_when_no_label_starts_or_ends_with_it(real_graph):
    # "Orlando" only ever sits inside labels ("Juan Orlando Hernández", his term, an event)
    with pytest.raises(KGError) as caught:
        real_graph.resolve("Orlando")
    assert caught.value.message.startswith(
        "'Orlando' is ambiguous: it names res:HernandezInvitesAlmagroToHonduras ("
    )


def test_a_close_name_is_only_suggested(real_graph):
    with pytest.raises(KGError) as caught:
        real_graph.resolve("Hernandes")
    assert caught.value.message == (
        "no resource is named 'Hernandes'; did you mean JuanOrlandoHernandez?"
    )


def test_close_names_are_looked_for_only_when_suggestions_are_wanted(real_graph, monkeypatch):
    from kg.query import names

    engine = real_graph.engine("oxigraph")
    looked = []
    original = names._close
    monkeypatch.setattr(names, "_close", lambda e, t: looked.append(t) or original(e, t))
    with pytest.raises(KGError) as caught:
        names.resolve(engine, "Hernandes", "here", suggest=False)
    assert (caught.value.message, looked) == ("no resource is named 'Hernandes'", [])
    with pytest.raises(KGError) as caught:
        names.resolve(engine, "Hernandes", "here")
    assert caught.value.message.endswith("did you mean JuanOrlandoHernandez?")
    assert looked == ["hernandes"]
