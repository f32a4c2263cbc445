"""The published site, through Datasette's own client: the JSON API and the canned queries."""

from pathlib import Path

import yaml

from extract.site import metadata_yaml

ROOT = Path(__file__).resolve().parent.parent


def test_commitments_json_lists_the_strategy_commitments(site):  # type: ignore[no-untyped-def]
    rows = site.json(
        "/community_safety/commitments.json?document_id=barnet-2015-2020-strategy&_shape=array&_size=max"
    )
    assert len(rows) == 61
    trigger = next(row for row in rows if row["number"] == "1.6")
    assert trigger["text"].startswith("We will introduce the Community Trigger")
    assert trigger["priority_id"] == "barnet-2015-2020-strategy:outcome:1"


def test_labels_show_names_for_foreign_keys(site):  # type: ignore[no-untyped-def]
    (row,) = site.json("/community_safety/documents.json?id=barnet-2015-2020-strategy&_shape=array&_labels=on")
    assert row["borough_id"] == {"value": "barnet", "label": "Barnet"}


def test_canned_query_commitments_matching_a_phrase_oldest_first(site):  # type: ignore[no-untyped-def]
    rows = site.json("/community_safety/commitments_matching.json?q=Community+Trigger&_shape=array")
    assert [(r["document_id"], r["number"]) for r in rows] == [
        ("barnet-2015-2020-strategy", "1.6"),
        ("barnet-2015-16-asb-action-plan", "1.6"),
        ("barnet-2022-23-action-plan", None),  # the outcome "Ensure victims are aware of the Community Trigger"
    ]
    assert rows[-1]["text"] == "Ensure victims are aware of the Community Trigger and how to initiate it"
    assert site.json("/community_safety/commitments_matching.json?q=triggers&_shape=array")  # stemmed
    assert site.json('/community_safety/commitments_matching.json?q=%22odd+%27input&_shape=array') == []


def test_canned_query_documents_by_borough_with_counts(site):  # type: ignore[no-untyped-def]
    rows = site.json("/community_safety/documents_by_borough.json?borough=&_shape=array")
    assert [r["borough"] for r in rows] == ["Barking and Dagenham"] + ["Barnet"] * 4
    strategy = next(r for r in rows if r["document_id"] == "barnet-2015-2020-strategy")
    assert (strategy["priorities"], strategy["commitments"]) == (13, 61)
    barnet = site.json("/community_safety/documents_by_borough.json?borough=barnet&_shape=array")
    assert len(barnet) == 4


def test_site_metadata_reaches_datasette(site):  # type: ignore[no-untyped-def]
    meta = site.json("/-/metadata.json")
    assert meta["license"] == "Open Government Licence v3.0"
    columns = meta["databases"]["community_safety"]["tables"]["commitments"]["columns"]
    assert "verbatim" in columns["evidence"]
    page = site.get("/community_safety/commitments")
    assert page.status_code == 200 and "Commitments of every kind" in page.text


def test_metadata_yml_is_generated_from_the_models():
    committed = (ROOT / "metadata.yml").read_text(encoding="utf-8")
    assert committed == metadata_yaml(), "metadata.yml is stale: run `make metadata`"
    tables = yaml.safe_load(committed)["databases"]["community_safety"]["tables"]
    assert set(tables) >= {"boroughs", "borough_neighbours", "documents", "priorities", "commitments", "extraction_issues"}
