"""Resolving people and organisations across cells and documents (made-up names, generic wording)."""

from __future__ import annotations

import gc
import json
import tracemalloc

from extract.document.blocks import Provenance
from extract.document.parsers.evidence import Source
from extract.document.parsers.issues import IssueLog
from extract.document.parsers.leads import LeadMention, parse_leads
from extract.document.parsers.priorities import parse_priorities
from extract.enrich.people import Resolver, resolve
from extract.document.readers.text import parse_text


def mentions_of(text: str, document_id: str = "doc") -> list[LeadMention]:
    blocks = parse_text(text)
    return parse_leads(blocks, parse_priorities(blocks, document_id), [], IssueLog(document_id))


def mention(person: str, person_text: str | None = None, document_id: str = "doc", **fields) -> LeadMention:
    source = Source(Provenance(line_start=1, line_end=1, raw=person_text or person))
    return LeadMention(
        document_id=document_id, role="lead officer", text=person_text or person, source=source, person=person,
        person_text=person_text or person, **fields,
    )


PLAN = """## Priority 1 – Reducing burglary

A) Lead agency\tAshby Council
B) Strategic lead (owner)\tPriya Sandhu and Chief Inspector Ruth Kellaway
C) Operational leads\tDCI Omar Haddad (Crime) CI Ruth Kellaway (Partnership) Insp Lee Grant

The London Borough of Ashby works with the Metropolitan Police.

Action\tLead officer\tDate
Run four burglary roadshows\tPriya Sandhu (LBA) / Ruth Kellaway (MPS)\t30.3.2014
Patrol the hotspots\tDCI Haddad\ton going
Joint patrols\tCI Kellaway/ Tom Okafor\ton going
Fund the advocacy service\tJoanne Whitmore - VAWG Coordinator\tFeb-14
Fund the refuge\tJoanne Whitmore - VAWG Coordinator\tFeb-14
Train the staff\tJoanne Whitmere - VAWG Coordinator\tMar-14
"""


def people_by_name(people):
    return {p.name: p for p in people}


def test_the_same_person_however_written_is_one_person():
    people, organisations, leads = resolve({"doc": mentions_of(PLAN)})
    named = people_by_name(people)
    assert sorted(named) == [
        "Joanne Whitmore", "Lee Grant", "Omar Haddad", "Priya Sandhu", "Ruth Kellaway", "Tom Okafor",
    ]
    haddad = named["Omar Haddad"]
    assert (haddad.id, haddad.rank) == ("omar-haddad", "DCI")
    assert json.loads(haddad.aliases) == ["DCI Omar Haddad", "DCI Haddad"]
    kellaway = named["Ruth Kellaway"]
    assert kellaway.rank == "CI"
    assert json.loads(kellaway.aliases) == ["Chief Inspector Ruth Kellaway", "CI Ruth Kellaway", "Ruth Kellaway",
                                            "CI Kellaway"]
    assert kellaway.organisation_id == "metropolitan-police-service"
    hale = named["Joanne Whitmore"]
    assert (hale.job_title, json.loads(hale.aliases)) == ("VAWG Coordinator", ["Joanne Whitmore", "Joanne Whitmere"])
    assert named["Lee Grant"].rank == "Insp"


def test_organisations_one_per_canonical_organisation():
    _, organisations, _ = resolve({"doc": mentions_of(PLAN)})
    by_id = {o.id: o for o in organisations}
    assert sorted(by_id) == ["london-borough-of-ashby", "metropolitan-police-service"]
    council = by_id["london-borough-of-ashby"]
    assert (council.name, council.abbreviation) == ("London Borough of Ashby", "LBA")
    assert json.loads(council.aliases) == ["Ashby Council", "LBA"]
    assert by_id["metropolitan-police-service"].abbreviation == "MPS"


def test_leads_in_document_order_with_people_and_organisations():
    _, _, leads = resolve({"doc": mentions_of(PLAN)})
    assert [lead.id for lead in leads[:3]] == ["doc:lead:1", "doc:lead:2", "doc:lead:3"]
    first = leads[0]
    assert (first.role, first.person_id, first.organisation_id, first.text, first.line) == (
        "lead agency", None, "london-borough-of-ashby", "Ashby Council", 3,
    )
    roadshow = [lead for lead in leads if lead.text == "Priya Sandhu (LBA)"]
    assert [(lead.person_id, lead.organisation_id) for lead in roadshow] == [
        ("priya-sandhu", "london-borough-of-ashby"),
    ]
    assert len(leads) == 14


def test_resolution_is_deterministic():
    first = resolve({"doc": mentions_of(PLAN)})
    second = resolve({"doc": mentions_of(PLAN)})
    assert first == second


def test_different_first_names_are_different_people_and_a_shared_surname_alone_stays_apart():
    people, _, _ = resolve(
        {"doc": [mention("Tom Okafor"), mention("Grace Okafor"), mention("Okafor", "PC Okafor", rank="PC")]}
    )
    assert [(p.name, p.rank) for p in people] == [("Tom Okafor", None), ("Grace Okafor", None), ("Okafor", "PC")]


def test_a_spelling_slip_needs_the_same_post_or_organisation():
    people, _, _ = resolve({"doc": [mention("Anna Berg"), mention("Anna Borg")]})
    assert [p.name for p in people] == ["Anna Berg", "Anna Borg"]
    people, _, _ = resolve(
        {"doc": [mention("Anna Berg", job_title="ASB Officer"), mention("Anna Borg", job_title="ASB Officer"),
                 mention("Anna Berg", job_title="ASB Officer")]}
    )
    assert [(p.name, json.loads(p.aliases)) for p in people] == [("Anna Berg", ["Anna Berg", "Anna Borg"])]


def test_a_surname_is_matched_across_documents_when_it_can_mean_one_person():
    people, _, leads = resolve(
        {"one": [mention("Omar Haddad", "DCI Omar Haddad", "one", rank="DCI")],
         "two": [mention("Haddad", "DCI Haddad", "two", rank="DCI")]}
    )
    assert [p.id for p in people] == ["omar-haddad"]
    assert [lead.id for lead in leads] == ["one:lead:1", "two:lead:1"]


def test_an_unlisted_organisation_written_two_ways_is_one():
    _, organisations, leads = resolve(
        {"doc": [mention("Ann Lee", organisation="Ashby Safer Communities Board"),
                 mention("Bo Chan", organisation="Ashby Safer Community Board"),
                 mention("Cy Diaz", organisation="Ashby Safeguarding Adults Board")]}
    )
    assert [(o.name, json.loads(o.aliases)) for o in organisations] == [
        ("Ashby Safer Communities Board", ["Ashby Safer Community Board"]),
        ("Ashby Safeguarding Adults Board", []),
    ]
    assert [lead.organisation_id for lead in leads] == [
        "ashby-safer-communities-board", "ashby-safer-communities-board", "ashby-safeguarding-adults-board",
    ]


def test_services_and_organisations_never_make_people():
    text = (
        "Officers of Northshire Constabulary patrol the town.\n\n"
        "Service\tOutcomes\tActions/Progress/Comments\n"
        "Community Safety / Police / Family Services\tFewer repeat victims\tPanel launched\n"
    )
    people, organisations, leads = resolve({"doc": mentions_of(text)})
    assert people == []
    assert [o.name for o in organisations] == ["Community Safety", "Northshire Constabulary", "Family Services"]
    assert [lead.role for lead in leads] == ["service"] * 3


def test_a_build_holds_no_mention_in_memory_and_resolving_holds_each_writing_once():
    """A build adds each document's mentions as it reads it: they wait on disk, and resolving holds
    one entry per way a person is written, whatever the number of documents (issue 6, memory)."""
    mentions = mentions_of(PLAN)

    def resolved(documents: int) -> tuple[int, int, list[str], int]:
        with Resolver() as resolver:
            gc.collect()
            tracemalloc.start()
            try:
                for n in range(documents):
                    resolver.add(f"doc-{n}", mentions)
                gc.collect()
                held, _ = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
            people, _ = resolver.resolve()
            writings = sum(len(group.written) for group in resolver._person_of.ids)  # type: ignore[union-attr]
            leads = list(resolver.lead_ids())
        return held, writings, [person.name for person in people], len(leads)

    one, many = resolved(1), resolved(500)
    assert many[0] < 64 * 1024  # holding the 7,000 mentions themselves takes about 800 KiB
    assert many[1:3] == one[1:3]
    assert (one[3], many[3]) == (len(mentions), 500 * len(mentions))
