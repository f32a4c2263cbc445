"""Leads on small inline fixtures, in the wording of no particular council (names are made up)."""

from __future__ import annotations

from extract.document import nlp
from extract.document.parsers.issues import IssueLog
from extract.document.parsers.leads import LeadMention, is_template, items, parse_leads, role_of_label
from extract.document.parsers.priorities import parse_priorities
from extract.document.readers.text import parse_text
from models import Commitment


def leads_of(text: str, commitments: list[Commitment] | None = None) -> list[LeadMention]:
    blocks = parse_text(text)
    outline = parse_priorities(blocks, "doc")
    return parse_leads(blocks, outline, commitments or [], IssueLog("doc"))


def summary(mentions: list[LeadMention]) -> list[tuple]:
    return [(m.role, m.person, m.rank, m.job_title, m.organisation, m.organisation_key) for m in mentions]


def ents(text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.kb_id_) for e in nlp.analyse(text).ents]


# -- the pipeline -------------------------------------------------------------------------


def test_ranks_are_recorded_by_their_abbreviation():
    assert ents("Chief Inspector Ruth Kellaway") == [("Chief Inspector", "RANK", "CI"), ("Ruth Kellaway", "PERSON", "")]
    assert ents("Councillor Sarah Quinn")[0] == ("Councillor", "RANK", "Cllr")
    assert ents("D Supt Alan Fenwick")[0] == ("D Supt", "RANK", "D Supt")
    assert ents("Insp. Tom Okafor")[:2] == [("Insp.", "RANK", "Insp"), ("Tom Okafor", "PERSON", "")]


def test_organisations_by_name_by_pattern_and_bare():
    assert ents("Metropolitan Police") == [("Metropolitan Police", "ORG", "metropolitan-police-service")]
    assert ents("Royal Borough of North Vale") == [("Royal Borough of North Vale", "ORG", "council:north-vale")]
    assert ents("Ashby and Wold Council") == [("Ashby and Wold Council", "ORG", "council:ashby-and-wold")]
    assert ents("Ashby Police") == [("Ashby Police", "ORG", "police:ashby")]
    assert ents("Police") == [("Police", "ORG", "bare:police")]
    assert ents("London Borough of Ashby and Ashby Police") == [
        ("London Borough of Ashby", "ORG", "council:ashby"),
        ("Ashby Police", "ORG", "police:ashby"),
    ]


def test_organisation_and_service_names_are_never_people():
    for text in ("Family Services", "Community Safety Team", "Youth Offending Service", "North Vale Magistrates Court"):
        assert [e for e in ents(text) if e[1] == "PERSON"] == [], text


def test_people_after_a_rank_or_standing_as_a_name_with_their_titles():
    assert ents("Joanne Hale - VAWG Coordinator") == [
        ("Joanne Hale", "PERSON", ""),
        ("VAWG Coordinator", "JOB_TITLE", ""),
    ]
    assert ents("CI Kellaway/ Tom Okafor") == [
        ("CI", "RANK", "CI"),
        ("Kellaway", "PERSON", ""),
        ("Tom Okafor", "PERSON", ""),
    ]
    assert ("Senior Housing Manager", "JOB_TITLE", "") in ents("Lena Marsh Senior Housing Manager")


# -- roles, templates ---------------------------------------------------------------------


def test_role_labels_by_meaning():
    assert role_of_label("A) Lead agency") == "lead agency"
    assert role_of_label("B) Strategic lead (owner)") == "strategic lead"
    assert role_of_label("C) Operational leads") == "operational lead"
    assert role_of_label("Report Author:") == "author"
    assert role_of_label("Responsible Officer:") == "lead officer"
    assert role_of_label("Meeting Date:") is None


def test_template_text_is_recognised_without_its_wording():
    assert is_template("(Ashby Police / Council / Probation etc)")
    assert is_template("Named senior officer responsible for tracking progress")
    assert is_template("NB: Lead individual(s) responsible for day to day delivery")
    assert not is_template("Ashby Police and Ashby Council")


def test_a_cell_of_several_people_gives_one_item_each():
    found = items("DCI Omar Haddad (Crime) CI Ruth Kellaway (Partnership) Priya Sandhu (Community Safety)")
    assert [(i.person.text, i.rank.kb_id_ if i.rank else None) for i in found] == [
        ("Omar Haddad", "DCI"),
        ("Ruth Kellaway", "CI"),
        ("Priya Sandhu", None),
    ]
    listed = items("Priya Sandhu, Chief Inspector Ruth Kellaway, Insp Lee Grant and Insp Mo Abbas (North NPT).")
    assert [i.text for i in listed] == [
        "Priya Sandhu", "Chief Inspector Ruth Kellaway", "Insp Lee Grant", "Insp Mo Abbas (North NPT)",
    ]


ROLES = """## Priority 1 – Reducing burglary

### Section 1: Roles and responsibilities

A) Lead agency\tAshby Police and London Borough of Ashby Community Safety Team
B) Strategic lead (owner)\tD Supt Alan Fenwick
C) Operational leads\tDCI Omar Haddad (Crime) CI Ruth Kellaway (Partnership) Priya Sandhu (Community Safety)

## Priority 2 – Violence

A) Lead agency\t(Ashby Police / Council / Probation etc)
B) Strategic lead (owner)\tNamed senior officer responsible for coordinating all partners
C) Operational leads\tNB: Lead individual(s) responsible for day to day delivery of the plan
"""


def test_roles_table_one_lead_per_person_or_organisation_and_no_template_leads():
    mentions = leads_of(ROLES)
    assert summary(mentions) == [
        ("lead agency", None, None, None, "Ashby Police", "metropolitan-police-service"),
        ("lead agency", None, None, None, "London Borough of Ashby", "council:ashby"),
        ("strategic lead", "Alan Fenwick", "D Supt", None, None, None),
        ("operational lead", "Omar Haddad", "DCI", None, None, None),
        ("operational lead", "Ruth Kellaway", "CI", None, None, None),
        ("operational lead", "Priya Sandhu", None, None, None, None),
    ]
    assert mentions[1].text == "London Borough of Ashby Community Safety Team"
    assert mentions[3].text == "DCI Omar Haddad (Crime)"
    assert {m.priority_id for m in mentions} == {"doc:priority:1"}
    assert mentions[0].source.line == 5


ACTIONS = """## Priority 1 – Reducing burglary

The London Borough of Ashby works with the Metropolitan Police.

Action\tLead officer\tDate
Run four burglary roadshows\tPriya Sandhu (LBA) / Ruth Kellaway (MPS)\t30.3.2014
Fund the advocacy service\tJoanne Hale - VAWG Coordinator\tFeb-14
Joint patrols in hotspots\tCI Kellaway/ Tom Okafor\ton going
Review the protocol\tTBC\ton going
"""


def action(number: int, text: str) -> Commitment:
    return Commitment(
        id=f"doc:action:{number}", document_id="doc", priority_id="doc:priority:1", text=text, kind="action",
        position=number, evidence=text,
    )


def test_lead_officer_column_each_person_with_organisation_and_commitment():
    commitments = [action(1, "Run four burglary roadshows"), action(2, "Fund the advocacy service"),
                   action(3, "Joint patrols  in hotspots")]
    mentions = leads_of(ACTIONS, commitments)
    assert summary(mentions) == [
        ("lead officer", "Priya Sandhu", None, None, "LBA", "council:ashby"),
        ("lead officer", "Ruth Kellaway", None, None, "MPS", "metropolitan-police-service"),
        ("lead officer", "Joanne Hale", None, "VAWG Coordinator", None, None),
        ("lead officer", "Kellaway", "CI", None, None, None),
        ("lead officer", "Tom Okafor", None, None, None, None),
    ]
    assert [m.commitment_id for m in mentions] == ["doc:action:1", "doc:action:1", "doc:action:2", "doc:action:3",
                                                    "doc:action:3"]
    assert [m.text for m in mentions[:2]] == ["Priya Sandhu (LBA)", "Ruth Kellaway (MPS)"]
    assert mentions[0].organisation_name == "London Borough of Ashby"
    assert all(m.priority_id == "doc:priority:1" for m in mentions)


def test_lead_officer_column_without_commitments_still_reads_leads():
    assert [m.commitment_id for m in leads_of(ACTIONS)] == [None] * 5


def test_service_column_one_lead_per_service_and_bare_police_is_the_local_force():
    text = (
        "Officers of Northshire Constabulary patrol the town.\n\n"
        "Service\tOutcomes\tActions/Progress/Comments\n"
        "Community Safety / Police / Public Health\tFewer repeat victims\tPanel launched\n"
    )
    assert summary(leads_of(text)) == [
        ("service", None, None, None, "Community Safety", None),
        ("service", None, None, None, "Police", "police:northshire"),
        ("service", None, None, None, "Public Health", "public-health"),
    ]


def test_bare_council_and_police_are_the_documents_own():
    text = (
        "The London Borough of Ashby leads this plan.\n\n"
        "Service\tOutcomes\tActions/Progress/Comments\n"
        "Council / Police\tFewer repeat victims\tPanel launched\n"
    )
    mentions = leads_of(text)
    assert summary(mentions) == [
        ("service", None, None, None, "Council", "council:ashby"),
        ("service", None, None, None, "Police", "metropolitan-police-service"),
    ]
    assert mentions[0].organisation_name == "London Borough of Ashby"


SIGNATORIES = """## Signatories to the Strategy

Ashby Council\tMarcus Lowe Chief Executive
Metropolitan Police\tHelen Strand Chief Superintendent - Ashby
London Fire Brigade\tRita Moss Commander - Ashby
Public Health\tTBC
Chairman Ashby SNB\tDavid Price
"""


def test_signatories_one_per_named_person_with_the_row_organisation():
    assert summary(leads_of(SIGNATORIES)) == [
        ("signatory", "Marcus Lowe", None, "Chief Executive", "Ashby Council", "council:ashby"),
        ("signatory", "Helen Strand", "Ch Supt", None, "Metropolitan Police", "metropolitan-police-service"),
        ("signatory", "Rita Moss", None, "Commander - Ashby", "London Fire Brigade", "london-fire-brigade"),
        ("signatory", "David Price", None, "Chairman Ashby SNB", "Ashby SNB", None),
    ]


def test_signatories_in_name_title_organisation_columns_after_a_short_line():
    text = (
        "Signed:\n\nName\tTitle\tOrganisation\n"
        "Peter Smith\tChief Executive\tNorthvale District Council\n"
        "Ch Supt Alan Brown\tDistrict Commander\tNorthshire Police\n"
    )
    assert summary(leads_of(text)) == [
        ("signatory", "Peter Smith", None, "Chief Executive", "Northvale District Council", "council:northvale"),
        ("signatory", "Alan Brown", "Ch Supt", "District Commander", "Northshire Police", "police:northshire"),
    ]


def test_chairs_authors_contacts_and_presenters():
    text = (
        "# Victim services update\n\n**Daniel Marsh**  \n**Victim Support**  \nMarch 2016\n\n"
        "Report Author: Karen Doyle, Head of Community Safety\n\n"
        "Completed templates should be returned to Priya Sandhu at priya.sandhu@ashby.gov.uk by DATE TBC\n\n"
        "# Foreword\n\nWe will keep the borough safe.\n\n"
        "**Councillor Sarah Quinn**\n\nChair of the Ashby Safer Communities Partnership\n\n"
        "*Joanna Reeve, Chair of the Community Safety Partnership*\n"
    )
    assert summary(leads_of(text)) == [
        ("author", "Daniel Marsh", None, None, "Victim Support", "victim-support"),
        ("author", "Karen Doyle", None, "Head of Community Safety", None, None),
        ("contact", "Priya Sandhu", None, None, None, None),
        ("chair", "Sarah Quinn", "Cllr", "Chair of the Ashby Safer Communities Partnership",
         "Ashby Safer Communities Partnership", None),
        ("chair", "Joanna Reeve", None, "Chair of the Community Safety Partnership", "Community Safety Partnership",
         None),
    ]


def test_a_contact_line_with_a_phone_number():
    mentions = leads_of("Karen Doyle, 020 8000 1234 karen.doyle@example.gov.uk\n")
    assert summary(mentions) == [("contact", "Karen Doyle", None, None, None, None)]
    assert (mentions[0].text, mentions[0].priority_id) == ("Karen Doyle", None)


def test_a_labelled_contact_with_an_address_is_one_lead():
    mentions = leads_of("For further information contact: Jane Doe, Community Safety Manager, jane.doe@vale.gov.uk\n")
    assert summary(mentions) == [("contact", "Jane Doe", None, "Community Safety Manager", None, None)]


def test_posts_teams_and_bracketed_abbreviations_in_a_lead_column():
    text = (
        "The London Borough of Ashby and Ashby NPT.\n\n"
        "Objective\tOwner\tTimescale\n"
        "Deliver ward panels\tCommunity Safety Team\tMarch 2018\n"
        "Review CCTV\tHead of Community Safety (LBA)\t2018\n"
        "Patrols\tInsp Mo Abbas (Ashby NPT)\t2018\n"
    )
    assert summary(leads_of(text)) == [
        ("lead officer", None, None, None, "Community Safety Team", None),
        ("lead officer", None, None, "Head of Community Safety", "LBA", "council:ashby"),
        ("lead officer", "Mo Abbas", "Insp", None, "Ashby NPT", "metropolitan-police-service"),
    ]


def test_a_lead_that_cannot_be_read_is_reported():
    blocks = parse_text("Action\tLead officer\tDate\nRun roadshows\tto be picked by the board\t2018\n")
    log = IssueLog("doc")
    assert parse_leads(blocks, parse_priorities(blocks, "doc"), [], log) == []
    assert [issue.code for issue in log.issues] == ["lead-not-read"]


def test_prose_naming_no_one_gives_no_leads():
    text = (
        "## Priority 1 – Reducing burglary\n\nThe Police and Council work with Family Services.\n\n"
        "Action\tLead officer\tDate\nRun roadshows\tAll partners\ton going\n"
    )
    assert leads_of(text) == []
