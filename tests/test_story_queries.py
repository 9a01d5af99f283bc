"""The story questions of the catalogue, each one `kg query` with at most one parameter: their exact
rows, labels included, on both engines, read off the two source documents (sources/), and the CLI.

"bio sNN" is a sentence of the OAS biography (000_809fd6f138efe90d.txt), "enc sNN" one of the
encyclopedia extract (001_a960fe334a8c84d6.txt), as kg/data/evidence.ttl numbers them. A row shows
IRIs compacted, labels and other language-tagged literals as N-Triples ('"Uruguay"@es'), integers
as int (the engines keep different integer datatypes), days as dates, years and months as
N-Triples ('"2015"^^xsd:gYear').
"""

from __future__ import annotations

from datetime import date

import pyoxigraph
import pytest

from kg import KnowledgeGraph
from kg.engines import ENGINES
from kg.namespaces import compact
from tests.conftest import FIXTURES, run_kg

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + kind for kind in ("integer", "nonNegativeInteger", "positiveInteger")}
BIO_TITLE = "H.E. Mr. Luis Almagro, Secretary General, Organization of American States"
ENC_TITLE = "Luis Almagro: sentences from the English-language encyclopedia article"
BIO = f'"{BIO_TITLE}"@en'
ENC = f'"{ENC_TITLE}"@en'
BIO_S21 = f'"sentence 21 of “{BIO_TITLE}”"@en'


def enc_sentence(number: int) -> str:
    """The label of a passage of the encyclopedia extract: `sentence N of “Title”`."""
    return f'"sentence {number} of “{ENC_TITLE}”"@en'


@pytest.fixture(scope="module")
def kg() -> KnowledgeGraph:
    return KnowledgeGraph.load()


@pytest.fixture(scope="module")
def story() -> KnowledgeGraph:
    """tests/fixtures/story: a term of office and a meeting, bounded on both sides."""
    return KnowledgeGraph.load(FIXTURES / "story")


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    """The engine a test runs its queries on: every test runs on each."""
    return request.param


def cell(term: pyoxigraph.NamedNode | pyoxigraph.Literal | None) -> object:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return compact(term.value)
    if term.language:
        return str(term)
    datatype = term.datatype.value
    if datatype in INTEGERS:
        return int(term.value)
    if datatype == XSD + "string":
        return term.value
    if datatype == XSD + "date":
        return date.fromisoformat(term.value)
    return f'"{term.value}"^^{compact(datatype)}'


def answer(kg: KnowledgeGraph, engine: str, name: str, **params: str) -> tuple[list, list]:
    """The stored query's columns and rows, every column shown (see the module docstring)."""
    result = kg.run(name, params, engine=engine)
    return list(result.variables), [tuple(cell(t) for t in row) for row in result.rows]


# ---- 1. "What did Almagro do about Honduras?" --------------------------------------------------

WHO_DID_WHAT = [
    "when",
    "who",
    "whoLabel",
    "event",
    "eventLabel",
    "toWhom",
    "toWhomLabel",
    "about",
    "aboutLabel",
    "almagrosPart",
    "ledTo",
    "ledToLabel",
]


def test_who_did_what_in_honduras(kg, engine):
    # enc s10: "In the spring of 2015, widespread protests erupted when a multi-million corruption
    # scandal involving the Honduran social security system was uncovered by the local media."
    # enc s11: "In August 2015, Honduran President Juan Orlando Hernández invited Secretary General
    # Almagro to Honduras to facilitate a dialogue and response to the protests."
    # bio s09: "he drove the creation of the Mission to Support the Fight Against Corruption and
    # Impunity in Honduras (MACCIH)": undated, so last.
    columns, rows = answer(kg, engine, "who_did_what_in_country")
    assert columns == WHO_DID_WHAT
    assert rows == [
        (
            "uncovered in the spring of 2015",
            "res:HonduranLocalMedia",
            '"Honduran local media"@en',
            "res:HonduranSocialSecurityCorruptionScandal",
            '"Honduran social security corruption scandal"@en',
            None,
            None,
            "res:HonduranSocialSecuritySystem",
            '"Honduran social security system"@en',
            None,
            "res:HondurasProtests2015",
            '"Protests in Honduras, spring 2015"@en',
        ),
        (
            "the spring of 2015",
            None,
            None,
            "res:HondurasProtests2015",
            '"Protests in Honduras, spring 2015"@en',
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "2015-08",
            "res:JuanOrlandoHernandez",
            '"Juan Orlando Hernández"@en',
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "res:LuisAlmagro",
            '"Luis Almagro"@en',
            "res:HondurasProtests2015",
            '"Protests in Honduras, spring 2015"@en',
            "addressee",
            None,
            None,
        ),
        (
            None,
            "res:LuisAlmagro",
            '"Luis Almagro"@en',
            "res:CreationOfMACCIH",
            '"Almagro drives the creation of the MACCIH"@en',
            None,
            None,
            "res:MACCIH",
            '"Mission to Support the Fight Against Corruption and Impunity in Honduras"@en',
            "agent",
            None,
            None,
        ),
    ]


def test_who_did_what_in_honduras_in_spanish(kg, engine):
    # The same rows with the Spanish labels where there are some, else the English ones; the
    # sources' words keep their own language.
    _, rows = answer(kg, engine, "who_did_what_in_country", lang="es")
    assert rows == [
        (
            "uncovered in the spring of 2015",
            "res:HonduranLocalMedia",
            '"medios locales de Honduras"@es',
            "res:HonduranSocialSecurityCorruptionScandal",
            '"Escándalo de corrupción en el sistema de seguridad social de Honduras"@es',
            None,
            None,
            "res:HonduranSocialSecuritySystem",
            '"sistema de seguridad social de Honduras"@es',
            None,
            "res:HondurasProtests2015",
            '"Protestas en Honduras, primavera de 2015"@es',
        ),
        (
            "the spring of 2015",
            None,
            None,
            "res:HondurasProtests2015",
            '"Protestas en Honduras, primavera de 2015"@es',
            None,
            None,
            None,
            None,
            None,
            None,
            None,
        ),
        (
            "2015-08",
            "res:JuanOrlandoHernandez",
            '"Juan Orlando Hernández"@es',
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "res:LuisAlmagro",
            '"Luis Almagro"@es',
            "res:HondurasProtests2015",
            '"Protestas en Honduras, primavera de 2015"@es',
            "addressee",
            None,
            None,
        ),
        (
            None,
            "res:LuisAlmagro",
            '"Luis Almagro"@es',
            "res:CreationOfMACCIH",
            '"Almagro drives the creation of the MACCIH"@en',
            None,
            None,
            "res:MACCIH",
            '"Misión de Apoyo contra la Corrupción y la Impunidad en Honduras"@es',
            "agent",
            None,
            None,
        ),
    ]


def test_who_did_what_in_venezuela_has_one_row_per_actor(kg, engine):
    # enc s19: "Argentina, Canada, Chile, Colombia, Paraguay and Peru formally submitted the
    # Article 14 referral to the Prosecutor of the International Criminal Court."
    _, rows = answer(kg, engine, "who_did_what_in_country", country="Venezuela")
    referral = [row[1] for row in rows if row[3] == "res:ReferralOfVenezuelaToTheICC"]
    assert referral == [
        "res:Argentina",
        "res:Canada",
        "res:Chile",
        "res:Colombia",
        "res:Paraguay",
        "res:Peru",
    ]
    # enc s18: "the Secretary General worked diligently to identify a coalition of countries"
    assert {row[9] for row in rows if row[3] == "res:BuildingCoalitionForICCReferral"} == {"agent"}


# ---- 2. "What happened in 2016?" ---------------------------------------------------------------

WHAT_HAPPENED = [
    "item",
    "itemLabel",
    "kind",
    "kindLabel",
    "certainty",
    "startAsStated",
    "endAsStated",
    "earliestStart",
    "latestStart",
    "earliestEnd",
    "latestEnd",
]


def test_what_happened_in_2016(kg, engine):
    # Certainly in 2016: enc s09, "the suspension of the second round of presidential elections on
    # January 24, 2016"; bio s18, Uruguay's seat on the UN Security Council "in January 2016";
    # his first term as Secretary General, taken up in 2015 (enc s01, s03) and lasting at least
    # until his re-election on March 20, 2020 (bio s03). The others can have: their bounds are
    # open on the side that would decide (Martelly's request came "following" the suspension, enc
    # s09, and is not dated; the Honduran protests have no end, enc s10).
    columns, rows = answer(kg, engine, "what_happened_in")
    assert columns == WHAT_HAPPENED
    assert rows == [
        (
            "res:ReconstructionOfHaiti",
            '"Reconstruction process in Haiti after the 2010 earthquake"@en',
            "akg:Event",
            '"event"@en',
            "possibly",
            None,
            None,
            date(2010, 1, 1),
            None,
            None,
            None,
        ),
        (
            "res:HonduranSocialSecurityCorruptionScandal",
            '"Honduran social security corruption scandal"@en',
            "akg:Scandal",
            '"scandal"@en',
            "possibly",
            "uncovered in the spring of 2015",
            None,
            date(2015, 3, 1),
            date(2015, 6, 30),
            None,
            None,
        ),
        (
            "res:HondurasProtests2015",
            '"Protests in Honduras, spring 2015"@en',
            "akg:Protest",
            '"protest"@en',
            "possibly",
            "the spring of 2015",
            None,
            date(2015, 3, 1),
            date(2015, 6, 30),
            None,
            None,
        ),
        (
            "res:AdvocacyForPoliticalPrisonersInVenezuela",
            (
                '"The Secretary General advocates for political prisoners and a return to '
                'the constitutional order in Venezuela"@en'
            ),
            "akg:Initiative",
            '"initiative"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2023, 3, 1),
            None,
        ),
        (
            "res:AlmagroSecretaryGeneralTerm1",
            '"Luis Almagro, Secretary General of the OAS, first term"@en',
            "akg:Term",
            '"term of office"@en',
            "certainly",
            "2015",
            None,
            date(2015, 4, 1),
            date(2015, 12, 31),
            date(2020, 3, 20),
            None,
        ),
        (
            "res:InvocationOfIADCArticle20",
            '"Almagro invokes Article 20 of the Inter-American Democratic Charter"@en',
            "akg:Invocation",
            '"invocation"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2015, 4, 1),
            None,
        ),
        (
            "res:MostFollowedLeaderOfAnInternationalOrganization",
            (
                '"The Secretary General is the most followed leader of an international '
                'organization, according to Twiplomacy"@en'
            ),
            "akg:Achievement",
            '"achievement"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2015, 4, 1),
            None,
        ),
        (
            "res:PressingForIADCEnforcementInVenezuela",
            (
                '"Almagro speaks out on Venezuela and presses for the enforcement of the '
                'Inter-American Democratic Charter"@en'
            ),
            "akg:Initiative",
            '"initiative"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2015, 4, 1),
            None,
        ),
        (
            "res:SecretaryGeneralStatementOnSystematicRepression",
            (
                '"The Secretary General states evidence of systematic murder, '
                'imprisonment, torture and rape against opponents"@en'
            ),
            "akg:PublicStatement",
            '"public statement"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2015, 4, 1),
            None,
        ),
        (
            "res:SupportForRedemocratizationInNicaragua",
            (
                '"Almagro supports mechanisms for redemocratization and justice for '
                'Nicaraguan victims"@en'
            ),
            "akg:Initiative",
            '"initiative"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2023, 3, 1),
            None,
        ),
        (
            "res:HernandezPresidentOfHondurasTerm",
            '"Juan Orlando Hernández, President of Honduras"@en',
            "akg:Term",
            '"term of office"@en',
            "possibly",
            None,
            None,
            None,
            date(2015, 8, 31),
            date(2015, 8, 1),
            None,
        ),
        (
            "res:UruguayUNSecurityCouncilTerm",
            '"Uruguay\'s seat on the United Nations Security Council, from January 2016"@en',
            "akg:Term",
            '"term of office"@en',
            "certainly",
            "in January 2016",
            None,
            date(2016, 1, 1),
            date(2016, 1, 31),
            None,
            None,
        ),
        (
            "res:MartellyPresidentOfHaitiTerm",
            '"Michel Martelly, President of Haiti"@en',
            "akg:Term",
            '"term of office"@en',
            "possibly",
            None,
            None,
            None,
            None,
            date(2016, 1, 24),
            None,
        ),
        (
            "res:MartellyRequestsAssistanceFromAlmagro",
            '"President Michel Martelly requests assistance from OAS Secretary General Almagro"@en',
            "akg:Request",
            '"request"@en',
            "possibly",
            (
                "following the suspension of the second round of presidential elections "
                "on January 24, 2016"
            ),
            None,
            date(2016, 1, 24),
            None,
            date(2016, 1, 24),
            None,
        ),
        (
            "res:SuspensionOfHaitiPresidentialSecondRound",
            '"Suspension of the second round of presidential elections, 24 January 2016"@en',
            "akg:ElectionSuspension",
            '"election suspension"@en',
            "certainly",
            "the suspension of the second round of presidential elections on January 24, 2016",
            None,
            date(2016, 1, 24),
            date(2016, 1, 24),
            date(2016, 1, 24),
            date(2016, 1, 24),
        ),
        (
            "res:OASAccountsOverOneMillionFollowers",
            '"The official OAS accounts have over 1 million followers by mid-2017"@en',
            "akg:Achievement",
            '"achievement"@en',
            "possibly",
            "by mid-2017",
            None,
            None,
            date(2017, 6, 30),
            None,
            None,
        ),
        (
            "res:AgreementOnHold",
            '"The agreement (not named in the source) is on hold given the ongoing crisis"@en',
            "akg:Event",
            '"event"@en',
            "possibly",
            "currently",
            None,
            None,
            None,
            date(2023, 3, 1),
            None,
        ),
        (
            "res:ChampioningKeyOASInitiatives",
            '"Almagro champions key OAS initiatives as priorities for the organization"@en',
            "akg:Initiative",
            '"initiative"@en',
            "possibly",
            None,
            None,
            None,
            None,
            date(2023, 3, 1),
            None,
        ),
        (
            "res:NicaraguaCrisis",
            '"Crisis in Nicaragua"@en',
            "akg:Crisis",
            '"crisis"@en',
            "possibly",
            "ongoing",
            None,
            None,
            None,
            date(2023, 3, 1),
            None,
        ),
        (
            "res:BoluartePresidentOfPeruTerm",
            '"Dina Boluarte, President of Peru"@en',
            "akg:Term",
            '"term of office"@en',
            "possibly",
            None,
            None,
            None,
            date(2023, 3, 31),
            date(2023, 3, 1),
            None,
        ),
        (
            "res:PeruvianProtests",
            '"Peruvian protests (ongoing in March 2023)"@en',
            "akg:Protest",
            '"protest"@en',
            "possibly",
            "ongoing in March 2023",
            None,
            None,
            date(2023, 3, 31),
            date(2023, 3, 1),
            None,
        ),
    ]


def test_what_happened_on_a_day(kg, engine):
    # On 24 January 2016 the seat on the Security Council, begun at some day of January 2016
    # (bio s18), only possibly was; the suspension certainly happened (enc s09).
    _, rows = answer(kg, engine, "what_happened_in", period="2016-01-24")
    assert rows == [
        (
            "res:ReconstructionOfHaiti",
            '"Reconstruction process in Haiti after the 2010 earthquake"@en',
            "akg:Event",
            '"event"@en',
            "possibly",
            None,
            None,
            date(2010, 1, 1),
            None,
            None,
            None,
        ),
        (
            "res:HonduranSocialSecurityCorruptionScandal",
            '"Honduran social security corruption scandal"@en',
            "akg:Scandal",
            '"scandal"@en',
            "possibly",
            "uncovered in the spring of 2015",
            None,
            date(2015, 3, 1),
            date(2015, 6, 30),
            None,
            None,
        ),
        (
            "res:HondurasProtests2015",
            '"Protests in Honduras, spring 2015"@en',
            "akg:Protest",
            '"protest"@en',
            "possibly",
            "the spring of 2015",
            None,
            date(2015, 3, 1),
            date(2015, 6, 30),
            None,
            None,
        ),
        (
            "res:AdvocacyForPoliticalPrisonersInVenezuela",
            (
                '"The Secretary General advocates for political prisoners and a return to '
                'the constitutional order in Venezuela"@en'
            ),
            "akg:Initiative",
            '"initiative"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2023, 3, 1),
            None,
        ),
        (
            "res:AlmagroSecretaryGeneralTerm1",
            '"Luis Almagro, Secretary General of the OAS, first term"@en',
            "akg:Term",
            '"term of office"@en',
            "certainly",
            "2015",
            None,
            date(2015, 4, 1),
            date(2015, 12, 31),
            date(2020, 3, 20),
            None,
        ),
        (
            "res:InvocationOfIADCArticle20",
            '"Almagro invokes Article 20 of the Inter-American Democratic Charter"@en',
            "akg:Invocation",
            '"invocation"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2015, 4, 1),
            None,
        ),
        (
            "res:MostFollowedLeaderOfAnInternationalOrganization",
            (
                '"The Secretary General is the most followed leader of an international '
                'organization, according to Twiplomacy"@en'
            ),
            "akg:Achievement",
            '"achievement"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2015, 4, 1),
            None,
        ),
        (
            "res:PressingForIADCEnforcementInVenezuela",
            (
                '"Almagro speaks out on Venezuela and presses for the enforcement of the '
                'Inter-American Democratic Charter"@en'
            ),
            "akg:Initiative",
            '"initiative"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2015, 4, 1),
            None,
        ),
        (
            "res:SecretaryGeneralStatementOnSystematicRepression",
            (
                '"The Secretary General states evidence of systematic murder, '
                'imprisonment, torture and rape against opponents"@en'
            ),
            "akg:PublicStatement",
            '"public statement"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2015, 4, 1),
            None,
        ),
        (
            "res:SupportForRedemocratizationInNicaragua",
            (
                '"Almagro supports mechanisms for redemocratization and justice for '
                'Nicaraguan victims"@en'
            ),
            "akg:Initiative",
            '"initiative"@en',
            "possibly",
            None,
            None,
            date(2015, 4, 1),
            None,
            date(2023, 3, 1),
            None,
        ),
        (
            "res:HernandezPresidentOfHondurasTerm",
            '"Juan Orlando Hernández, President of Honduras"@en',
            "akg:Term",
            '"term of office"@en',
            "possibly",
            None,
            None,
            None,
            date(2015, 8, 31),
            date(2015, 8, 1),
            None,
        ),
        (
            "res:UruguayUNSecurityCouncilTerm",
            '"Uruguay\'s seat on the United Nations Security Council, from January 2016"@en',
            "akg:Term",
            '"term of office"@en',
            "possibly",
            "in January 2016",
            None,
            date(2016, 1, 1),
            date(2016, 1, 31),
            None,
            None,
        ),
        (
            "res:MartellyPresidentOfHaitiTerm",
            '"Michel Martelly, President of Haiti"@en',
            "akg:Term",
            '"term of office"@en',
            "possibly",
            None,
            None,
            None,
            None,
            date(2016, 1, 24),
            None,
        ),
        (
            "res:MartellyRequestsAssistanceFromAlmagro",
            '"President Michel Martelly requests assistance from OAS Secretary General Almagro"@en',
            "akg:Request",
            '"request"@en',
            "possibly",
            (
                "following the suspension of the second round of presidential elections "
                "on January 24, 2016"
            ),
            None,
            date(2016, 1, 24),
            None,
            date(2016, 1, 24),
            None,
        ),
        (
            "res:SuspensionOfHaitiPresidentialSecondRound",
            '"Suspension of the second round of presidential elections, 24 January 2016"@en',
            "akg:ElectionSuspension",
            '"election suspension"@en',
            "certainly",
            "the suspension of the second round of presidential elections on January 24, 2016",
            None,
            date(2016, 1, 24),
            date(2016, 1, 24),
            date(2016, 1, 24),
            date(2016, 1, 24),
        ),
        (
            "res:OASAccountsOverOneMillionFollowers",
            '"The official OAS accounts have over 1 million followers by mid-2017"@en',
            "akg:Achievement",
            '"achievement"@en',
            "possibly",
            "by mid-2017",
            None,
            None,
            date(2017, 6, 30),
            None,
            None,
        ),
        (
            "res:AgreementOnHold",
            '"The agreement (not named in the source) is on hold given the ongoing crisis"@en',
            "akg:Event",
            '"event"@en',
            "possibly",
            "currently",
            None,
            None,
            None,
            date(2023, 3, 1),
            None,
        ),
        (
            "res:ChampioningKeyOASInitiatives",
            '"Almagro champions key OAS initiatives as priorities for the organization"@en',
            "akg:Initiative",
            '"initiative"@en',
            "possibly",
            None,
            None,
            None,
            None,
            date(2023, 3, 1),
            None,
        ),
        (
            "res:NicaraguaCrisis",
            '"Crisis in Nicaragua"@en',
            "akg:Crisis",
            '"crisis"@en',
            "possibly",
            "ongoing",
            None,
            None,
            None,
            date(2023, 3, 1),
            None,
        ),
        (
            "res:BoluartePresidentOfPeruTerm",
            '"Dina Boluarte, President of Peru"@en',
            "akg:Term",
            '"term of office"@en',
            "possibly",
            None,
            None,
            None,
            date(2023, 3, 31),
            date(2023, 3, 1),
            None,
        ),
        (
            "res:PeruvianProtests",
            '"Peruvian protests (ongoing in March 2023)"@en',
            "akg:Protest",
            '"protest"@en',
            "possibly",
            "ongoing in March 2023",
            None,
            None,
            date(2023, 3, 31),
            date(2023, 3, 1),
            None,
        ),
    ]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("1990", []),
        ("2010-06", [("res:AdaChairTerm", "possibly")]),
        ("2015", [("res:AdaChairTerm", "certainly")]),
        ("2016", [("res:AdaMeeting", "certainly")]),
        ("2016-01-24", [("res:AdaMeeting", "certainly")]),
        ("2016-02", []),
    ],
)
def test_what_happened_in_an_empty_period_is_nothing(story, engine, period, expected):
    # tests/fixtures/story: a term 2010-2015 and a meeting on 24 January 2016, bounded on both
    # sides. (On the real graph no period is empty: an item whose start or end is open, such as
    # the agreement "currently on hold", enc s13, can possibly fall in any period.)
    result = story.run("what_happened_in", {"period": period}, engine=engine)
    assert [(cell(row[0]), row[4].value) for row in result.rows] == expected


# ---- 3. "Who is Santiago Abascal?" -------------------------------------------------------------

PROFILE = ["aspect", "relation", "relationLabel", "value", "valueLabel", "start", "end"]


def test_who_is_santiago_abascal(kg, engine):
    # enc s07: "On 3 March 2020, Santiago Abascal of the far-right Spanish political party Vox met
    # with Almagro, with the two discussing the creation of the anti-leftist organization, the
    # Madrid Forum."
    for person in ("Santiago Abascal", "abascal"):
        columns, rows = answer(kg, engine, "person_profile", person=person)
        assert columns == PROFILE
        assert rows == [
            ("membership", "org:memberOf", '"member of"@en', "res:Vox", '"Vox"@en', None, None),
            (
                "event",
                "akg:agent",
                '"agent"@en',
                "res:MeetingAbascalAlmagro2020",
                '"Santiago Abascal of Vox meets Almagro, 3 March 2020"@en',
                date(2020, 3, 3),
                None,
            ),
        ]


def test_who_is_luis_almagro(kg, engine):
    # enc s01: "Luis Leonardo Almagro Lemes (Spanish pronunciation: [ˈlwis alˈmaɣɾo]; born June 1,
    # 1963) is a Uruguayan lawyer, diplomat, and politician"; bio s01 "H.E. Mr."; bio s14 "A career
    # diplomat"; bio s21 "a lawyer by profession and has seven children"; bio s22 "Apart from
    # Spanish, he speaks English and French"; bio s06, s07 his priorities; enc s05 "A strong
    # advocate for refugees". Posts: bio s15 "foreign minister from March 1, 2010 to March 1,
    # 2015"; enc s03 senator from March 2015, resigned "a few months later"; enc s01 Secretary
    # General "since 2015", bio s03 re-elected (a second term, undated); bio s19 ambassador to
    # China "for three years" after senior posts in the foreign ministry and the embassies in
    # Germany and Iran. Elections: bio s20 (October 2014), s04 (March 18, 2015), s03 (March 20,
    # 2020). Events: every one the sources give him a part in, dated ones first.
    columns, rows = answer(kg, engine, "person_profile", person="Almagro")
    assert columns == PROFILE
    assert rows == [
        ("about", "schema:birthDate", '"birth date"@en', date(1963, 6, 1), None, None, None),
        (
            "about",
            "schema:description",
            '"description"@en',
            '"A career diplomat with extensive regional and international experience."@en',
            None,
            None,
            None,
        ),
        (
            "about",
            "schema:hasOccupation",
            '"has occupation"@en',
            "res:Diplomat",
            '"diplomat"@en',
            None,
            None,
        ),
        (
            "about",
            "schema:hasOccupation",
            '"has occupation"@en',
            "res:Lawyer",
            '"lawyer"@en',
            None,
            None,
        ),
        (
            "about",
            "schema:hasOccupation",
            '"has occupation"@en',
            "res:Politician",
            '"politician"@en',
            None,
            None,
        ),
        ("about", "schema:honorificPrefix", '"honorific prefix"@en', "H.E. Mr.", None, None, None),
        (
            "about",
            "schema:knowsLanguage",
            '"knows language"@en',
            "res:English",
            '"English"@en',
            None,
            None,
        ),
        (
            "about",
            "schema:knowsLanguage",
            '"knows language"@en',
            "res:French",
            '"French"@en',
            None,
            None,
        ),
        (
            "about",
            "schema:knowsLanguage",
            '"knows language"@en',
            "res:Spanish",
            '"Spanish"@en',
            None,
            None,
        ),
        (
            "about",
            "schema:nationality",
            '"nationality"@en',
            "res:Uruguay",
            '"Uruguay"@en',
            None,
            None,
        ),
        ("about", "akg:advocates", '"advocates"@en', "res:Refugees", '"refugees"@en', None, None),
        (
            "about",
            "akg:fullName",
            '"full name"@en',
            "Luis Leonardo Almagro Lemes",
            None,
            None,
            None,
        ),
        ("about", "akg:numberOfChildren", '"number of children"@en', 7, None, None, None),
        ("about", "akg:priority", '"priority"@en', "res:Democracy", '"democracy"@en', None, None),
        (
            "about",
            "akg:priority",
            '"priority"@en',
            "res:Development",
            '"development"@en',
            None,
            None,
        ),
        (
            "about",
            "akg:priority",
            '"priority"@en',
            "res:HumanRights",
            '"human rights"@en',
            None,
            None,
        ),
        (
            "about",
            "akg:priority",
            '"priority"@en',
            "res:MoreRights",
            '"more rights"@en',
            None,
            None,
        ),
        (
            "about",
            "akg:priority",
            '"priority"@en',
            "res:OrganizationInTouchWithPeoplesNeeds",
            (
                "\"putting the Organization in touch with people's needs and the new "
                'realities in the Hemisphere"@en'
            ),
            None,
            None,
        ),
        ("about", "akg:priority", '"priority"@en', "res:Prosperity", '"prosperity"@en', None, None),
        ("about", "akg:priority", '"priority"@en', "res:Security", '"security"@en', None, None),
        (
            "about",
            "akg:pronunciation",
            '"pronunciation"@en',
            '"[ˈlwis alˈmaɣɾo]"@es',
            None,
            None,
            None,
        ),
        (
            "post",
            "org:holds",
            '"holds"@en',
            "res:MinisterOfForeignAffairsOfUruguay",
            '"Minister of Foreign Affairs of Uruguay"@en',
            date(2010, 3, 1),
            date(2015, 3, 1),
        ),
        (
            "post",
            "org:holds",
            '"holds"@en',
            "res:SenatorOfUruguay",
            '"Senator of the Republic (Uruguay)"@en',
            '"2015-03"^^xsd:gYearMonth',
            '"a few months later"@en',
        ),
        (
            "post",
            "org:holds",
            '"holds"@en',
            "res:SecretaryGeneralOfTheOAS",
            '"Secretary General of the Organization of American States"@en',
            '"2015"^^xsd:gYear',
            None,
        ),
        (
            "post",
            "org:holds",
            '"holds"@en',
            "res:SecretaryGeneralOfTheOAS",
            '"Secretary General of the Organization of American States"@en',
            None,
            None,
        ),
        (
            "post",
            "org:holds",
            '"holds"@en',
            "res:AmbassadorOfUruguayToChina",
            '"Ambassador of Uruguay to China"@en',
            '"for three years"@en',
            None,
        ),
        (
            "post",
            "org:holds",
            '"holds"@en',
            "res:SeniorDiplomaticPostAtTheEmbassyOfUruguayInGermany",
            '"senior diplomatic post at the Embassy of Uruguay in Germany"@en',
            None,
            None,
        ),
        (
            "post",
            "org:holds",
            '"holds"@en',
            "res:SeniorDiplomaticPostAtTheEmbassyOfUruguayInIran",
            '"senior diplomatic post at the Embassy of Uruguay in Iran"@en',
            None,
            None,
        ),
        (
            "post",
            "org:holds",
            '"holds"@en',
            "res:SeniorDiplomaticPostInTheForeignMinistryOfUruguay",
            '"senior diplomatic post in the Ministry of Foreign Affairs of Uruguay"@en',
            None,
            None,
        ),
        (
            "election",
            "akg:electedPerson",
            '"elected person"@en',
            "res:UruguayNationalElections2014",
            '"Uruguay\'s national elections, October 2014"@en',
            '"2014-10"^^xsd:gYearMonth',
            None,
        ),
        (
            "election",
            "akg:electedPerson",
            '"elected person"@en',
            "res:Election2015SecretaryGeneral",
            '"Election of the Secretary General of the OAS, 18 March 2015"@en',
            date(2015, 3, 18),
            None,
        ),
        (
            "election",
            "akg:electedPerson",
            '"elected person"@en',
            "res:Election2020SecretaryGeneral",
            '"Re-election of the Secretary General of the OAS, 20 March 2020"@en',
            date(2020, 3, 20),
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:ExpansionOfUruguayMarketAccess",
            '"Almagro expands and diversifies Uruguay\'s market access"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:AdvocacyForPoliticalPrisonersInVenezuela",
            (
                '"The Secretary General advocates for political prisoners and a return to '
                'the constitutional order in Venezuela"@en'
            ),
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:AlmagroTakesOfficeAsSecretaryGeneral",
            '"Almagro takes office as Secretary General of the OAS"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:AnnouncementOfCentralTheme",
            '"Almagro announces the central theme of his administration"@en',
            '"upon taking up the leadership of the OAS"@en',
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:InvocationOfIADCArticle20",
            '"Almagro invokes Article 20 of the Inter-American Democratic Charter"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:MostFollowedLeaderOfAnInternationalOrganization",
            (
                '"The Secretary General is the most followed leader of an international '
                'organization, according to Twiplomacy"@en'
            ),
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:PressingForIADCEnforcementInVenezuela",
            (
                '"Almagro speaks out on Venezuela and presses for the enforcement of the '
                'Inter-American Democratic Charter"@en'
            ),
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:ResignationFromTheSenate",
            '"Almagro resigns his Senate seat to take office as Secretary General of the OAS"@en',
            '"a few months later"@en',
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:SecretaryGeneralStatementOnSystematicRepression",
            (
                '"The Secretary General states evidence of systematic murder, '
                'imprisonment, torture and rape against opponents"@en'
            ),
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:SupportForRedemocratizationInNicaragua",
            (
                '"Almagro supports mechanisms for redemocratization and justice for '
                'Nicaraguan victims"@en'
            ),
            None,
            None,
        ),
        (
            "event",
            "akg:addressee",
            '"addressee"@en',
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            '"2015-08"^^xsd:gYearMonth',
            None,
        ),
        (
            "event",
            "akg:addressee",
            '"addressee"@en',
            "res:MartellyRequestsAssistanceFromAlmagro",
            '"President Michel Martelly requests assistance from OAS Secretary General Almagro"@en',
            (
                '"following the suspension of the second round of presidential elections '
                'on January 24, 2016"@en'
            ),
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:BuildingCoalitionForICCReferral",
            (
                '"The Secretary General works to identify a coalition of countries to '
                'refer Venezuela to the ICC"@en'
            ),
            '"during subsequent months"@en',
            None,
        ),
        (
            "event",
            "akg:participant",
            '"participant"@en',
            "res:MeetingAbascalAlmagro2020",
            '"Santiago Abascal of Vox meets Almagro, 3 March 2020"@en',
            date(2020, 3, 3),
            None,
        ),
        (
            "event",
            "akg:addressee",
            '"addressee"@en',
            "res:MadridForumPresentsPeruvianProtests",
            (
                '"Madrid Forum members present the Peruvian protests as a “destabilization '
                'campaign”"@en'
            ),
            '"2023-03"^^xsd:gYearMonth',
            None,
        ),
        (
            "event",
            "akg:participant",
            '"participant"@en',
            "res:MeetingMadridForumAlmagro2023",
            '"Members of the Madrid Forum meet Almagro again, March 2023"@en',
            '"2023-03"^^xsd:gYearMonth',
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:AlmagroCallsIADCConstitutionOfTheAmericas",
            (
                '"Almagro calls the Inter-American Democratic Charter the “Constitution of '
                'the Americas”"@en'
            ),
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:AnnouncementOfOASModernization",
            '"Almagro announces his intention of hauling the OAS into the 21st century"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:AnnouncementOfStrategicInitiatives",
            '"Almagro announces new strategic initiatives under a renewed vision"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:ChampioningKeyOASInitiatives",
            '"Almagro champions key OAS initiatives as priorities for the organization"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:CreationOfMACCIH",
            '"Almagro drives the creation of the MACCIH"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:DefiningMujicaGovernmentInitiatives",
            '"Almagro defines landmark initiatives of President José Mujica\'s government"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:DiplomaticEffortsInBelizeGuatemalaDifferendum",
            (
                '"Almagro deepens diplomatic efforts in the Belize–Guatemala differendum '
                'in relation to the Adjacency Zone"@en'
            ),
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:EnsuringElectionsInHaiti",
            '"Almagro\'s key role in ensuring elections in Haiti"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:ExpansionOfOASElectoralObservationMissions",
            '"Almagro reinvigorates and expands the OAS electoral observation missions"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:IncreasedOASSupportForMAPP",
            '"Almagro increases OAS support for the MAPP in Colombia"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:MediationInDominicanRepublicHaitiMigrantCrisis",
            '"Almagro mediates in the migrant crisis between the Dominican Republic and Haiti"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:ModernizationOfOASCommunicationsPolicy",
            '"Almagro transforms and modernizes the OAS communications policy"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:NegotiationOfGuantanamoTransfer",
            '"Almagro negotiates the transfer of former Guantanamo detainees to Uruguay"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:RestoringDemocracyInCubaOnRegionalAgenda",
            (
                '"Almagro puts the struggle to restore democracy in Cuba at the top of the '
                'regional agenda"@en'
            ),
            None,
            None,
        ),
        (
            "event",
            "akg:agent",
            '"agent"@en',
            "res:SearchForSolutionsToNicaraguaCrisis",
            '"Almagro\'s role in the search for solutions to the crisis in Nicaragua"@en',
            None,
            None,
        ),
        (
            "event",
            "akg:ledBy",
            '"led by"@en',
            "res:GeneralSecretariatExposesSituation",
            (
                '"The OAS General Secretariat, led by Almagro, activates diplomatic and '
                'denouncing mechanisms"@en'
            ),
            None,
            None,
        ),
    ]


# ---- 4. "When was Almagro first elected and with how many votes?" ------------------------------


def test_elections_of_almagro(kg, engine):
    # bio s20: "he was elected as a senator in Uruguay's national elections in October 2014"
    # (enc s03: "elected Senator of the Republic in 2014 for the 48th Legislature"); bio s04: "He
    # was first elected as Secretary General of the OAS on March 18, 2015, with the support of 33
    # of the 34 member states and one abstention"; enc s01: "the 10th Secretary General"; bio s03:
    # "re-elected for a second term as Secretary General of the OAS on March 20, 2020".
    columns, rows = answer(kg, engine, "elections_of_person")
    assert columns == [
        "date",
        "election",
        "electionLabel",
        "post",
        "postLabel",
        "time",
        "votesFor",
        "electorate",
        "abstentions",
        "term",
        "termLabel",
        "holderNumber",
    ]
    assert rows == [
        (
            '"2014-10"^^xsd:gYearMonth',
            "res:UruguayNationalElections2014",
            '"Uruguay\'s national elections, October 2014"@en',
            "res:SenatorOfUruguay",
            '"Senator of the Republic (Uruguay)"@en',
            "first",
            None,
            None,
            None,
            "res:AlmagroSenatorTerm",
            '"Luis Almagro, Senator of the Republic (48th Legislature)"@en',
            None,
        ),
        (
            date(2015, 3, 18),
            "res:Election2015SecretaryGeneral",
            '"Election of the Secretary General of the OAS, 18 March 2015"@en',
            "res:SecretaryGeneralOfTheOAS",
            '"Secretary General of the Organization of American States"@en',
            "first",
            33,
            34,
            1,
            "res:AlmagroSecretaryGeneralTerm1",
            '"Luis Almagro, Secretary General of the OAS, first term"@en',
            10,
        ),
        (
            date(2020, 3, 20),
            "res:Election2020SecretaryGeneral",
            '"Re-election of the Secretary General of the OAS, 20 March 2020"@en',
            "res:SecretaryGeneralOfTheOAS",
            '"Secretary General of the Organization of American States"@en',
            "second",
            None,
            None,
            None,
            "res:AlmagroSecretaryGeneralTerm2",
            '"Luis Almagro, Secretary General of the OAS, second term"@en',
            10,
        ),
    ]


def test_a_person_never_elected_has_no_elections(kg, engine):
    assert answer(kg, engine, "elections_of_person", person="Abascal")[1] == []


# ---- 5. "What is MACCIH called in Spanish?" ----------------------------------------------------


def test_names_of_maccih_in_spanish_first(kg, engine):
    # bio s09: "the Mission to Support the Fight Against Corruption and Impunity in Honduras
    # (MACCIH)"; the Spanish name and "MACCIH-OEA" are the mission's own (organizations.ttl rule 2).
    columns, rows = answer(kg, engine, "names_of_entity", entity="MACCIH", lang="es")
    assert columns == ["name", "language", "kind"]
    assert rows == [
        ('"Misión de Apoyo contra la Corrupción y la Impunidad en Honduras"@es', "es", "name"),
        ('"MACCIH"@es', "es", "acronym or other name"),
        ('"MACCIH-OEA"@es', "es", "acronym or other name"),
        (
            '"Mission to Support the Fight Against Corruption and Impunity in Honduras"@en',
            "en",
            "name",
        ),
        ('"MACCIH"@en', "en", "acronym or other name"),
    ]
    _, english_first = answer(kg, engine, "names_of_entity", entity="MACCIH")
    assert english_first == rows[3:] + rows[:3]


def test_names_of_almagro(kg, engine):
    # enc s01: "Luis Leonardo Almagro Lemes", his full name (a literal in no language).
    _, rows = answer(kg, engine, "names_of_entity", entity="Almagro")
    assert rows == [
        ('"Luis Almagro"@en', "en", "name"),
        ('"Almagro"@en', "en", "acronym or other name"),
        ('"Luis Leonardo Almagro Lemes"@en', "en", "acronym or other name"),
        ("Luis Leonardo Almagro Lemes", None, "full name"),
        ('"Luis Almagro"@es', "es", "name"),
        ('"Luis Leonardo Almagro Lemes"@es', "es", "acronym or other name"),
    ]


# ---- 6. "What is the source for his seven children?" -------------------------------------------

SOURCE = [
    "subject",
    "subjectLabel",
    "property",
    "propertyLabel",
    "value",
    "valueLabel",
    "document",
    "documentLabel",
    "passage",
    "passageLabel",
    "quote",
    "foundIn",
]
CHILDREN = (
    "res:LuisAlmagro",
    '"Luis Almagro"@en',
    "akg:numberOfChildren",
    '"number of children"@en',
    7,
    None,
    "doc:oas-biography",
    BIO,
    "ev:oas-biography-s21",
    BIO_S21,
    "Almagro is a lawyer by profession and has seven children.",
)
LAWYER = (
    "res:LuisAlmagro",
    '"Luis Almagro"@en',
    "schema:hasOccupation",
    '"has occupation"@en',
    "res:Lawyer",
    '"lawyer"@en',
    "doc:oas-biography",
    BIO,
    "ev:oas-biography-s21",
    BIO_S21,
    "Almagro is a lawyer by profession and has seven children.",
)


@pytest.mark.parametrize("text", ["children", "CHILDREN!"])
def test_the_source_for_his_children(kg, engine, text):
    # bio s21: "Almagro is a lawyer by profession and has seven children." The number of children
    # has the word in its property's name; the occupation only in the quote of its sentence.
    columns, rows = answer(kg, engine, "source_of_fact", text=text)
    assert columns == SOURCE
    assert rows == [(*CHILDREN, "fact"), (*LAWYER, "quote")]


def test_the_source_for_the_number_of_children(kg, engine):
    # The words of a property's name, which the quote does not have: that fact alone.
    assert answer(kg, engine, "source_of_fact", text=" Number of  children ")[1] == [
        (*CHILDREN, "fact")
    ]


def test_the_source_for_his_seven_children(kg, engine):
    # "seven" is no word of a fact (the value is 7): both facts bio s21 states, by its quote.
    assert answer(kg, engine, "source_of_fact", text="seven children")[1] == [
        (*LAWYER, "quote"),  # schema: sorts before akg: by IRI
        (*CHILDREN, "quote"),
    ]


def test_the_source_for_hernandez_ignores_accents(kg, engine):
    # enc s11 names him; the invitation and his term (statement nodes citing it) and the two
    # facts it states about the posts of Honduras.
    _, rows = answer(kg, engine, "source_of_fact", text="Hernandez")
    assert rows == [
        (
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "schema:description",
            '"description"@en',
            '"Invited to Honduras to facilitate a dialogue and response to the protests."@en',
            None,
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "schema:startDate",
            '"start date"@en',
            '"2015-08"^^xsd:gYearMonth',
            None,
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "schema:toLocation",
            '"to location"@en',
            "res:Honduras",
            '"Honduras"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "akg:addressee",
            '"addressee"@en',
            "res:LuisAlmagro",
            '"Luis Almagro"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "akg:addresseeCapacity",
            '"addressee capacity"@en',
            "res:SecretaryGeneralOfTheOAS",
            '"Secretary General of the Organization of American States"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "akg:agent",
            '"agent"@en',
            "res:JuanOrlandoHernandez",
            '"Juan Orlando Hernández"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "akg:agentCapacity",
            '"agent capacity"@en',
            "res:PresidentOfHonduras",
            '"President of Honduras"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "akg:concerns",
            '"concerns"@en',
            "res:HondurasProtests2015",
            '"Protests in Honduras, spring 2015"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezInvitesAlmagroToHonduras",
            (
                '"President Juan Orlando Hernández invites Secretary General Almagro to '
                'Honduras, August 2015"@en'
            ),
            "akg:involvesCountry",
            '"involves country"@en',
            "res:Honduras",
            '"Honduras"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezPresidentOfHondurasTerm",
            '"Juan Orlando Hernández, President of Honduras"@en',
            "org:member",
            '"member"@en',
            "res:JuanOrlandoHernandez",
            '"Juan Orlando Hernández"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezPresidentOfHondurasTerm",
            '"Juan Orlando Hernández, President of Honduras"@en',
            "org:organization",
            '"organization of the membership"@en',
            "res:GovernmentOfHonduras",
            '"Government of Honduras"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:HernandezPresidentOfHondurasTerm",
            '"Juan Orlando Hernández, President of Honduras"@en',
            "akg:termOfPost",
            '"term of post"@en',
            "res:PresidentOfHonduras",
            '"President of Honduras"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "fact",
        ),
        (
            "res:GovernmentOfHonduras",
            '"Government of Honduras"@en',
            "akg:country",
            '"associated country"@en',
            "res:Honduras",
            '"Honduras"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "quote",
        ),
        (
            "res:PresidentOfHonduras",
            '"President of Honduras"@en',
            "org:postIn",
            '"post in"@en',
            "res:GovernmentOfHonduras",
            '"Government of Honduras"@en',
            "doc:encyclopedia-extract",
            ENC,
            "ev:encyclopedia-extract-s11",
            enc_sentence(11),
            (
                "In August 2015, Honduran President Juan Orlando Hernández invited "
                "Secretary General Almagro to Honduras to facilitate a dialogue and "
                "response to the protests."
            ),
            "quote",
        ),
    ]
    assert answer(kg, engine, "source_of_fact", text="hernández")[1] == rows


@pytest.mark.parametrize("text", ["", "!!!", "child"])
def test_the_source_finds_whole_words_only(kg, engine, text):
    assert answer(kg, engine, "source_of_fact", text=text)[1] == []


# ---- the CLI ------------------------------------------------------------------------------------


def kg_query(*args: str):
    return run_kg("query", *args, env={"COLUMNS": "200"})


def test_cli_who_did_what_in_country():
    result = kg_query("who_did_what_in_country", "--param", "country=Honduras", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == ",".join(WHO_DID_WHAT)
    assert lines[3].startswith(
        "2015-08,https://w3id.org/almagro-kg/resource/JuanOrlandoHernandez,Juan Orlando Hernández,"
    )
    assert ",addressee,," in lines[3]
    assert len(lines) == 5


def test_cli_what_happened_in():
    result = kg_query("what_happened_in", "--param", "period=2016", "--format", "tsv")
    assert result.returncode == 0, result.stderr
    suspension = [line for line in result.stdout.splitlines() if "SecondRound>" in line]
    assert suspension == [
        "<https://w3id.org/almagro-kg/resource/SuspensionOfHaitiPresidentialSecondRound>\t"
        '"Suspension of the second round of presidential elections, 24 January 2016"@en\t'
        "<https://w3id.org/almagro-kg/ontology/ElectionSuspension>\t"
        '"election suspension"@en\t"certainly"\t'
        '"the suspension of the second round of presidential elections on January 24, 2016"\t'
        "\t" + "\t".join(['"2016-01-24"^^<http://www.w3.org/2001/XMLSchema#date>'] * 4)
    ]
    assert len(result.stdout.splitlines()) == 22


def test_cli_person_profile():
    result = kg_query("person_profile", "--param", "person=Abascal", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        ",".join(PROFILE),
        "membership,http://www.w3.org/ns/org#memberOf,member of,"
        "https://w3id.org/almagro-kg/resource/Vox,Vox,,",
        "event,https://w3id.org/almagro-kg/ontology/agent,agent,"
        "https://w3id.org/almagro-kg/resource/MeetingAbascalAlmagro2020,"
        '"Santiago Abascal of Vox meets Almagro, 3 March 2020",2020-03-03,',
    ]


def test_cli_elections_of_person():
    result = kg_query("elections_of_person", "--param", "person=Almagro", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 4
    assert lines[2].startswith("2015-03-18,")
    assert ",first,33,34,1," in lines[2]
    assert ",second,,,," in lines[3]


def test_cli_names_of_entity():
    result = kg_query(
        "names_of_entity", "--param", "entity=MACCIH", "--lang", "es", "--format", "tsv"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "?name\t?language\t?kind",
        '"Misión de Apoyo contra la Corrupción y la Impunidad en Honduras"@es\t"es"\t"name"',
    ]


def test_cli_source_of_fact():
    result = kg_query("source_of_fact", "--param", "text=children", "--format", "csv")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert lines[1].endswith(
        "https://w3id.org/almagro-kg/resource/evidence/oas-biography-s21,"
        f'"sentence 21 of “{BIO_TITLE}”",'
        "Almagro is a lawyer by profession and has seven children.,fact"
    )
    assert f'"{BIO_TITLE}"' in lines[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("person_profile", "--param", "person=Nobody Atall"),
            "kg: error: --param person: no resource is named 'Nobody Atall'",
        ),
        (
            ("who_did_what_in_country", "--param", "country=Atlantis"),
            "kg: error: --param country: no resource is named 'Atlantis'",
        ),
        (
            ("elections_of_person", "--param", "person=Honduras"),
            "kg: error: --param person: 'Honduras' is res:Honduras (schema:Country); expected an "
            "instance of schema:Person",
        ),
        (
            ("what_happened_in", "--param", "period=2016-13"),
            "kg: error: --param period: expected a year, month or day as YYYY, YYYY-MM or "
            "YYYY-MM-DD, got '2016-13'",
        ),
    ],
)
def test_cli_a_name_or_period_that_does_not_resolve_is_one_line(args, message):
    result = kg_query(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith(message)
    assert len(result.stderr.splitlines()) == 1
