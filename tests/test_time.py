"""The time model (issue 7 §2): every dated or vaguely dated statement carries xsd:date bounds that
are the edges of what the text says, the order the text states is data, and an ordinary SPARQL
date filter on the bounds works on every engine."""

from __future__ import annotations

from datetime import date

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from kg.engines import ENGINES
from kg.namespaces import AKG, RES, SCHEMA

BOUNDS = (AKG.earliestStart, AKG.latestStart, AKG.earliestEnd, AKG.latestEnd)


def bounds(graph, node) -> tuple:
    """The node's four bounds, as dates (None where open)."""
    values = [graph.value(node, p) for p in BOUNDS]
    assert all(v is None or v.datatype == XSD.date for v in values)
    return tuple(None if v is None else v.toPython() for v in values)


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        # "In the spring of 2015, widespread protests erupted" (enc s10): March to June 2015.
        ("HondurasProtests2015", (date(2015, 3, 1), date(2015, 6, 30), None, None)),
        (
            "HonduranSocialSecurityCorruptionScandal",
            (date(2015, 3, 1), date(2015, 6, 30), None, None),
        ),
        # "By mid-2017 the official OAS accounts had over 1 million followers" (bio s12).
        ("OASAccountsOverOneMillionFollowers", (None, date(2017, 6, 30), None, None)),
        # "assumed his seat in March 2015, however, he resigned a few months later to take office as
        # Secretary General" (enc s03), who serves "since 2015" (enc s01).
        (
            "AlmagroSenatorTerm",
            (date(2015, 3, 1), date(2015, 3, 31), date(2015, 4, 1), date(2015, 12, 31)),
        ),
        (
            "ResignationFromTheSenate",
            (date(2015, 4, 1), date(2015, 12, 31), date(2015, 4, 1), date(2015, 12, 31)),
        ),
        (
            "AlmagroSecretaryGeneralTerm1",
            (date(2015, 4, 1), date(2015, 12, 31), date(2020, 3, 20), None),
        ),
        # "During subsequent months" after the May 2018 report (enc s18), before the referral of
        # September 26, 2018 (enc s19).
        ("BuildingCoalitionForICCReferral", (date(2018, 6, 1), date(2018, 9, 26), None, None)),
        # "the ongoing Peruvian protests" in March 2023 (enc s08).
        ("PeruvianProtests", (None, date(2023, 3, 31), date(2023, 3, 1), None)),
        # "currently on hold given the ongoing crisis" (enc s13), written in March 2023 or later.
        ("NicaraguaCrisis", (None, None, date(2023, 3, 1), None)),
        # A day: all four bounds are the day.
        ("ReferralOfVenezuelaToTheICC", (date(2018, 9, 26),) * 4),
        # "the suspension of the second round of presidential elections on January 24, 2016".
        ("SuspensionOfHaitiPresidentialSecondRound", (date(2016, 1, 24),) * 4),
        ("HaitiPresidentialElectionSecondRound", (None, None, None, None)),
        # "from March 1, 2010 to March 1, 2015" (bio s15).
        (
            "AlmagroForeignMinisterTerm",
            (date(2010, 3, 1), date(2010, 3, 1), date(2015, 3, 1), date(2015, 3, 1)),
        ),
    ],
)
def test_the_bounds_are_the_edges_of_what_the_text_says(real_graph, node, expected):
    assert bounds(real_graph.asserted, RES[node]) == expected


def test_every_stated_time_has_bounds(real_graph):
    """A date or the words of a time on a statement node come with at least one bound; the one
    exception is a span with nothing to anchor it ("for three years")."""
    g = real_graph.asserted
    stated = {AKG.timeDescription, AKG.endDescription, SCHEMA.startDate, SCHEMA.endDate}
    unbounded = sorted(
        s.n3(g.namespace_manager)
        for p in stated
        for s in g.subjects(p, None)
        if not any((s, b, None) in g for b in BOUNDS)
    )
    assert unbounded == ["res:AlmagroAmbassadorToChinaTerm"]
    bounded = {s for b in BOUNDS for s in g.subjects(b, None)}
    assert len(bounded) == 47
    assert len({s for s in bounded if (s, SCHEMA.startDate, None) in g}) == 18


def test_the_order_the_text_states_agrees_with_the_bounds(real_graph):
    """Whatever is akg:after another cannot have begun before the other can have begun."""
    g = real_graph.asserted
    pairs = sorted(g.subject_objects(AKG.after))
    assert (RES.AlmagroTakesOfficeAsSecretaryGeneral, RES.ResignationFromTheSenate) in pairs
    assert (RES.AlmagroSecretaryGeneralTerm1, RES.AlmagroSenatorTerm) in pairs
    for later, earlier in pairs:
        latest = g.value(later, AKG.latestStart)
        earliest = g.value(earlier, AKG.earliestStart)
        if latest is not None and earliest is not None:
            assert latest.toPython() >= earliest.toPython(), (later, earlier)


FILTERED = """
SELECT ?event WHERE {
  ?event a akg:Event ; akg:earliestStart ?start ; akg:latestEnd ?end .
  FILTER (?start >= "2015-01-01"^^xsd:date && ?end <= "2018-12-31"^^xsd:date)
}
ORDER BY ?event
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_an_ordinary_sparql_date_filter_on_the_bounds_works(real_graph, engine):
    """Every event certainly within 2015 to 2018, whatever the precision the text gives it."""
    rows = real_graph.sparql(FILTERED, engine=engine)
    assert [row["event"].removeprefix(str(RES)) for row in rows] == [
        "AlmagroTakesOfficeAsSecretaryGeneral",
        "AnnouncementOfCentralTheme",
        "Election2015SecretaryGeneral",
        "Election2017VenezuelanMagistrates",
        "HernandezInvitesAlmagroToHonduras",
        "PublicationOfPanelReport2018",
        "ReferralOfVenezuelaToTheICC",
        "ResignationFromTheSenate",
        "SuspensionOfHaitiPresidentialSecondRound",
    ]


def test_a_suspended_election_did_not_take_place(real_graph):
    g = real_graph.asserted
    second_round = RES.HaitiPresidentialElectionSecondRound
    assert g.value(second_round, SCHEMA.eventStatus) == SCHEMA.EventPostponed
    assert g.value(second_round, SCHEMA.startDate) is None
    suspension = RES.SuspensionOfHaitiPresidentialSecondRound
    assert g.value(suspension, SCHEMA.startDate) == Literal("2016-01-24", datatype=XSD.date)
