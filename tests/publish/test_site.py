"""The published site, through Datasette's own client: the JSON API and the canned queries."""

import json
import re
import shutil
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any, get_args
from urllib.parse import urlencode

import pytest
import yaml

from extract.publish.site import DASHBOARD, DASHBOARDS, LINKS_SHOWN, QUERIES, metadata_yaml
from models import RECORD_TYPES
from models.records import LinkType
from tests.conftest import SiteClient

ROOT = Path(__file__).resolve().parents[2]


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


# -- the site answers the questions: canned queries, dashboard, search, units ---------------------

SHARED_NEIGHBOURS = ("barnet", "barking-and-dagenham")  # not neighbours in fact: a test pair, see below


def _find(db: sqlite3.Connection, table: str, document_id: str, number: str | None, text: str) -> str | None:
    """The id of the one record of a document with this number (or, unnumbered, this exact text)."""
    if number is not None:
        rows = db.execute(f"select id from {table} where document_id = ? and number = ?", (document_id, number))
    else:
        column = {"priorities": "title", "targets": "indicator"}.get(table, "text")
        rows = db.execute(f"select id from {table} where document_id = ? and {column} = ?", (document_id, text))
    found = rows.fetchall()
    return found[0][0] if len(found) == 1 else None


def _insert(db: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    columns = ", ".join(row)
    db.execute(f"insert or ignore into {table} ({columns}) values ({', '.join('?' * len(row))})", list(row.values()))


def seed_from_gold(path: Path) -> None:
    """Replace commitment_links, themes and item_themes with the gold links and codings.

    The queries over links and themes are tested on known data, whatever the build's linker and
    coder found (they have tests of their own). Also makes Barnet and Barking and Dagenham
    neighbours (they are not) so that the neighbours query has a neighbour with documents.
    """
    db = sqlite3.connect(path)
    gold = ROOT / "tests" / "gold"
    for table in ("commitment_links", "item_themes", "themes"):
        db.execute(f"delete from {table}")
    for link in json.loads((gold / "links.json").read_text(encoding="utf-8"))["links"]:
        ends = [_find(db, "commitments", e["document_id"], e["number"], e["text"]) for e in (link["from"], link["to"])]
        if all(ends):
            _insert(db, "commitment_links", {
                "id": f"{ends[0]}->{ends[1]}", "from_commitment_id": ends[0], "to_commitment_id": ends[1],
                "from_document_id": link["from"]["document_id"], "to_document_id": link["to"]["document_id"],
                "type": link["type"], "score": 1.0, "method": "gold",
            })
    codebook = yaml.safe_load((ROOT / "corpus" / "codebook.yml").read_text(encoding="utf-8"))
    for position, theme in enumerate(codebook["themes"], 1):
        _insert(db, "themes", {
            "id": theme["code"], "label": theme["label"], "definition": theme["definition"],
            "include": theme.get("include", ""), "exclude": theme.get("exclude", ""),
            "codebook_version": codebook["version"], "position": position,
        })
    tables = {"priority": "priorities", "commitment": "commitments", "target": "targets"}
    for item in json.loads((gold / "themes.json").read_text(encoding="utf-8"))["items"]:
        found = _find(db, tables[item["kind"]], item["document_id"], item["number"], item["text"])
        for theme in item["themes"] if found else []:
            _insert(db, "item_themes", {
                "id": f"{found}:{theme}", "theme_id": theme, "document_id": item["document_id"],
                "item_kind": item["kind"], f"{item['kind']}_id": found, "score": 1.0, "method": "gold",
            })
    for pair in (SHARED_NEIGHBOURS, SHARED_NEIGHBOURS[::-1]):
        _insert(db, "borough_neighbours", {"borough_id": pair[0], "neighbour_id": pair[1]})
    db.commit()
    db.close()


@pytest.fixture(scope="module")
def linked_site(built_db: Path, tmp_path_factory: pytest.TempPathFactory) -> SiteClient:
    """The built site with links and themes (the build's own, or the gold ones when it has none)."""
    path = tmp_path_factory.mktemp("linked") / "community_safety.db"
    shutil.copyfile(built_db, path)
    seed_from_gold(path)
    return SiteClient(path)


def query(site: SiteClient, canned: str, /, **params: str) -> list[dict[str, Any]]:
    """Rows of a canned query."""
    return site.json(f"/community_safety/{canned}.json?{urlencode({**params, '_shape': 'array'})}")


def test_every_canned_query_is_described_and_takes_its_parameters_empty(site):  # type: ignore[no-untyped-def]
    assert set(QUERIES) >= {
        "commitments_matching", "document_continuity", "compare_boroughs", "neighbour_themes",
        "target_figures", "lead_commitments", "progress_by_priority", "documents_by_borough",
    }
    published = site.json("/-/metadata.json")["databases"]["community_safety"]["queries"]
    for name, definition in QUERIES.items():
        assert definition["title"] and len(definition["description"]) > 60, name
        assert set(definition["params"]) == set(re.findall(r"(?<!:):(\w+)", definition["sql"])), name
        assert published[name]["title"] == definition["title"]
        site.json(f"/community_safety/{name}.json?_shape=array")  # every parameter missing: no error
        site.json(f"/community_safety/{name}.json?{urlencode(dict.fromkeys(definition['params'], ''))}")


def test_commitment_history_with_progress_and_links(linked_site, site):  # type: ignore[no-untyped-def]
    rows = query(linked_site, "commitments_matching", q="Community Trigger")
    strategy, plan, outcome = rows
    assert (strategy["document_id"], plan["document_id"], outcome["document_id"]) == (
        "barnet-2015-2020-strategy", "barnet-2015-16-asb-action-plan", "barnet-2022-23-action-plan")
    # each link with its tier (automatic: the machine, where it is nearly always right; or reviewed)
    assert "continues in barnet-2015-16-asb-action-plan:1.6 (2015-2016; automatic)" in strategy["links_to_later"]
    assert "continues in barnet-2022-23-action-plan:outcome:2 (2022-2023; automatic)" in strategy["links_to_later"]
    assert "from barnet-2015-2020-strategy:1.6 (2015-2020; automatic)" in plan["links_from_earlier"]
    assert "done - Introduced in October 2014" in plan["progress"].splitlines()
    assert query(site, "commitments_matching", q="") == []


def test_commitment_history_shows_the_strongest_links_of_each_type_and_counts_the_rest(linked_site):  # type: ignore[no-untyped-def]
    links = linked_site.json("/community_safety/commitment_links.json?_shape=array&_size=max")
    # continues, then revised, then similar: the order the cells (and the covering indexes) rely on
    assert sorted(get_args(LinkType)) == ["continues", "revised", "similar"]
    rank = {t: i for i, t in enumerate(["continues", "revised", "similar"])}
    ends = Counter(link[end] for link in links for end in ("from_commitment_id", "to_commitment_id"))
    (busiest,) = linked_site.json(
        f"/community_safety/commitments.json?{urlencode({'id': ends.most_common(1)[0][0], '_shape': 'array'})}")
    rows = query(linked_site, "commitments_matching", q="crime") + query(
        linked_site, "commitments_matching", q=busiest["text"])
    crowded = 0
    for row in rows:
        for cell, mine, theirs, document in (
            ("links_to_later", "from_commitment_id", "to_commitment_id", "to_document_id"),
            ("links_from_earlier", "to_commitment_id", "from_commitment_id", "from_document_id"),
        ):
            own = sorted((link for link in links if link[mine] == row["commitment_id"]),
                         key=lambda link: (rank[link["type"]], -link["score"], link[document], link[theirs]))
            lines = (row[cell] or "").splitlines()
            shown = [line for line in lines if not line.startswith("and ")]
            assert [line.split()[2] for line in shown] == [link[theirs] for link in own[:LINKS_SHOWN]]
            assert [line.split()[0] for line in shown] == [link["type"] for link in own[:LINKS_SHOWN]]
            if len(own) > LINKS_SHOWN:
                crowded += 1
                assert lines[-1] == f"and {len(own) - LINKS_SHOWN} more (commitment_links)"
            else:
                assert len(lines) == len(own)
    assert crowded  # some commitment has more links than a cell shows


def test_document_continuity_gives_each_commitment_its_fate_in_later_documents(linked_site, site):  # type: ignore[no-untyped-def]
    rows = query(linked_site, "document_continuity", document="barnet-2015-2020-strategy")
    assert len(rows) == 61 * 2  # two later Barnet documents: the 2015-16 plan, the 2022-23 plan
    fates = {(r["number"], r["later_document_id"]): r for r in rows}
    trigger = fates["1.6", "barnet-2015-16-asb-action-plan"]
    assert trigger["fate"] == "continued" and trigger["later_commitment_ids"] == "barnet-2015-16-asb-action-plan:1.6"
    assert fates["1.6", "barnet-2022-23-action-plan"]["fate"] == "continued"
    assert fates["1.2", "barnet-2022-23-action-plan"]["fate"] == "revised"
    # no link: "candidate" while some candidate waits for a reader (the closest listed), "not found" once the
    # readers (corpus/reviews.yml) have rejected them all; never "dropped". Whatever the review file holds.
    candidates = linked_site.json("/community_safety/link_candidates.json?_shape=array&_size=max"
                                  "&from_document_id=barnet-2015-2020-strategy")
    waiting = {(c["from_commitment_id"], c["to_document_id"]) for c in candidates if c["verdict"] is None}
    unlinked = [r for r in rows if r["fate"] in ("candidate", "not found")]
    assert fates["1.1", "barnet-2022-23-action-plan"] in unlinked
    for row in unlinked:
        assert row["tier"] is None
        if (row["commitment_id"], row["later_document_id"]) in waiting:
            assert row["fate"] == "candidate" and row["later_commitment_ids"], row
        else:
            assert row["fate"] == "not found" and not row["later_commitment_ids"], row
    # the 2015-16 plan is for Outcome 1 alone: the strategy's other outcomes are out of its scope
    outcome_2 = [r for (number, later), r in fates.items() if later == "barnet-2015-16-asb-action-plan"
                 and number and number.startswith("2.")]
    assert outcome_2 and {r["fate"] for r in outcome_2} == {"out of scope"}
    assert {r["fate"] for r in query(linked_site, "document_continuity", document="barnet-2022-23-action-plan")} == {
        "no later document"}
    everything = query(site, "document_continuity", document="")
    assert {r["fate"] for r in everything} <= {"continued", "revised", "candidate", "out of scope", "not found",
                                               "no later document"}
    assert {r["commitment_id"] for r in everything} == {
        r["id"] for r in site.json("/community_safety/commitments.json?_shape=array&_size=max&_col=id")}


def test_compare_boroughs_by_theme_and_period(linked_site):  # type: ignore[no-untyped-def]
    rows = query(linked_site, "compare_boroughs", theme="asb")
    assert {r["theme"] for r in rows} == {"Anti-social behaviour"}
    assert {r["borough"] for r in rows} == {"Barnet", "Barking and Dagenham"}
    strategy = next(r for r in rows if r["period"] == "2015-2020")
    assert strategy["percent_of_commitments"] == round(100 * strategy["commitments"] / 61, 1)
    assert strategy["examples"].splitlines()[0].startswith("1.1 We will keep victims")
    assert query(linked_site, "compare_boroughs", theme="social behav") == rows  # part of the name
    in_2015 = query(linked_site, "compare_boroughs", year="2015")
    assert {r["period"] for r in in_2015} == {"2015-2020", "2015-2016", "2014-2017"}
    assert {r["borough_id"] for r in query(linked_site, "compare_boroughs", borough="barnet")} == {"barnet"}


def test_neighbour_themes_beside_the_borough(linked_site):  # type: ignore[no-untyped-def]
    rows = query(linked_site, "neighbour_themes", borough="barnet")
    asb = next(r for r in rows if r["theme_id"] == "asb")
    compared = query(linked_site, "compare_boroughs", theme="asb")
    assert asb["commitments"] == sum(r["commitments"] for r in compared if r["borough_id"] == "barnet")
    assert asb["neighbours_commitments"] == sum(
        r["commitments"] for r in compared if r["borough_id"] == "barking-and-dagenham")
    assert asb["by_neighbour"] == f"Barking and Dagenham: {asb['neighbours_commitments']}"
    assert "Barking and Dagenham (1)" in asb["neighbours"] and "Enfield (0)" in asb["neighbours"]
    assert query(linked_site, "neighbour_themes", borough="") == []


def test_target_figures_recompute_the_change(site):  # type: ignore[no-untyped-def]
    (robbery,) = query(site, "target_figures", indicator="robbery", document="barnet-2013-14-action-plan")
    assert (robbery["previous"], robbery["current"]) == (1124, 996)
    assert robbery["recomputed_change_percent"] == robbery["reported_change_percent"] == -11.4
    assert (robbery["change_agrees"], robbery["moved"]) == ("yes", "as sought")
    assert "Current rolling 12 months: 996" in robbery["observations"].splitlines()
    rows = query(site, "target_figures")
    assert len(rows) == 87
    for row in rows:
        if row["previous"] and row["current"] is not None:
            change = 100 * (row["current"] - row["previous"]) / row["previous"]
            assert row["recomputed_change_percent"] == round(change, 1)
        else:
            assert row["recomputed_change_percent"] is None


def test_lead_commitments_across_documents(site):  # type: ignore[no-untyped-def]
    randall = query(site, "lead_commitments", name="randall")
    assert {r["person"] for r in randall} == {"Gary Randall"}
    assert {r["written_as"] for r in randall} >= {"DCI Randall", "DCI Gary Randall"}
    assert sum(r["commitment"] is not None for r in randall) == 4
    leader = query(site, "lead_commitments", name="Leader")
    assert {r["document_id"] for r in leader} == {"barnet-2013-14-action-plan", "barnet-2015-2020-strategy"}
    named = site.json("/community_safety/leads.json?person_id__notblank=1&_size=max&_shape=array")
    assert len(query(site, "lead_commitments", name="")) == len(named)


def test_progress_by_priority_counts_statuses(site):  # type: ignore[no-untyped-def]
    (plan,) = query(site, "progress_by_priority", document="barnet-2015-16-asb-action-plan")
    assert (plan["commitments"], plan["commitments_reported"], plan["updates"]) == (13, 13, 22)
    assert plan["done"] + plan["in_progress"] + plan["planned"] + plan["unknown"] == 22
    rows = query(site, "progress_by_priority")
    updates = site.json("/community_safety/progress_updates.json?_shape=array&_size=max")
    for status in ("done", "in_progress", "planned", "unknown"):
        assert sum(r[status] for r in rows) == sum(u["status"] == status for u in updates), status
    assert sum(r["commitments"] for r in rows) == 226


def test_every_column_has_a_description_and_units_are_pint_units(site):  # type: ignore[no-untyped-def]
    from datasette.views.base import ureg

    meta = site.json("/-/metadata.json")["databases"]["community_safety"]["tables"]
    for table in site.json("/community_safety.json")["tables"]:
        if table["hidden"] or table["name"] not in meta:  # FTS shadow tables; views of other modules
            continue
        described = meta[table["name"]]["columns"]
        assert set(table["columns"]) <= set(described), table["name"]
        assert all(described[column] for column in table["columns"]), table["name"]
        for column, unit in meta[table["name"]].get("units", {}).items():
            assert column in table["columns"] and ureg(unit), (table["name"], column, unit)
    assert "Unit: the row's `unit`" in meta["targets"]["columns"]["value"]
    from extract.publish.site import VIEWS

    assert set(meta) == {model.table.name for model in RECORD_TYPES} | set(VIEWS)
    for view in VIEWS:  # every column of every view is described too
        columns = site.json(f"/community_safety.json?sql=select+*+from+{view}+limit+1")["columns"]
        assert columns and set(columns) <= set(meta[view]["columns"]), view


def test_dashboard_charts_and_their_queries(linked_site, site):  # type: ignore[no-untyped-def]
    from datasette_dashboards import replace_opts_in_query

    page = site.get(f"/-/dashboards/{DASHBOARD}")
    assert page.status_code == 200
    charts = DASHBOARDS[DASHBOARD]["charts"]
    assert {"themes-by-borough-year", "target-observations"} <= set(charts)
    for slug, chart in charts.items():
        assert f'id="chart-{slug}"' in page.text
        if "query" not in chart:
            continue
        for options in ({}, {"borough": "barnet"}, {"borough": "Barnet"}):  # the filter lists names
            sql = replace_opts_in_query(chart["query"], options)
            rows = linked_site.json(f"/community_safety.json?{urlencode({'sql': sql, **options, '_shape': 'array'})}")
            if slug == "borough-beside-neighbours" and not options:
                assert rows and {row["who"] for row in rows} == {"all boroughs"}  # none chosen: every borough
                continue
            assert rows, (slug, options)
            if chart["library"] == "metric":  # one line saying what the charts show
                assert [row[chart["display"]["field"]] for row in rows] == [
                    "Barnet: 4 documents, 2013-2023" if options else "All boroughs: 5 documents, 2013-2023"]
                continue
            assert not options or {r.get("borough", r.get("who")) for r in rows} - {"boroughs compared"} == {"Barnet"}
            display = chart["display"]
            layers = [display, display.get("spec", {})]
            fields = {e["field"] for layer in layers for e in layer.get("encoding", {}).values() if isinstance(e, dict)}
            fields |= {display["facet"]["field"]} if "facet" in display else set()
            assert fields and fields <= set(rows[0]), slug
    heat = linked_site.json(f"/community_safety.json?{urlencode({'sql': replace_opts_in_query(charts['themes-by-borough-year']['query'], {}), '_shape': 'array'})}")
    assert all(0 < row["percent"] <= 100 for row in heat)  # shares of the year's commitments, not counts


def test_search_all_tables_and_plugins_pinned(site):  # type: ignore[no-untyped-def]
    page = site.get("/-/search?q=trigger")
    assert page.status_code == 200
    for table in ("commitments", "priorities", "targets", "progress_updates"):
        assert f"/community_safety/{table}.json" in page.text
    assert 'action="/-/search"' in site.get("/").text
    pins = dict(line.split("==") for line in (ROOT / "requirements.txt").read_text().split() if "==" in line)
    installed = {p["name"]: p["version"] for p in site.json("/-/plugins.json")}
    for plugin in ("datasette-dashboards", "datasette-search-all"):
        assert installed[plugin] == pins[plugin], plugin


def test_a_row_url_as_the_readme_writes_it(site):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    path = "/community_safety/commitments/barnet-2015-2020-strategy:1.6"
    assert path in readme
    moved = site.get(path)
    assert moved.status_code == 301
    assert moved.headers["location"] == "/community_safety/commitments/barnet-2015-2020-strategy~3A1~2E6"
    assert site.get(moved.headers["location"]).status_code == 200
    json_moved = site.get(path + ".json?_shape=array")
    assert json_moved.headers["location"].endswith("~3A1~2E6.json?_shape=array")
    (row,) = site.json(json_moved.headers["location"])
    assert row["id"] == "barnet-2015-2020-strategy:1.6" and "Community Trigger" in row["text"]
    assert site.get("/community_safety/commitments/no-such:id").status_code == 301  # then 404, as any row
    assert site.get("/no_such_database/commitments/barnet-2015-2020-strategy:1.6").status_code == 404


def test_every_record_links_to_its_source_at_its_page(site):
    page = site.get("/community_safety/commitments?document_id=barnet-2015-2020-strategy&_size=5").text
    assert 'href="/corpus/barnet-2015-2020-strategy.pdf#page=' in page
    document = site.get("/community_safety/documents/barnet-2015-2020-strategy").text
    assert 'href="/corpus/barnet-2015-2020-strategy.pdf"' in document
    served = site.get("/corpus/barnet-2015-2020-strategy.pdf")
    assert served.status_code == 200 and served.content.startswith(b"%PDF")
    rows = site.json("/community_safety/commitments.json?_size=1&_shape=array")
    assert isinstance(rows[0]["page"], int)  # the JSON API is unchanged: links are HTML only


def test_targets_say_whether_they_were_met_with_the_arithmetic(site):
    rows = site.json("/community_safety/target_figures.json?indicator=burglary&document=barnet-2013-14-action-plan"
                     "&_shape=array")
    (burglary,) = [row for row in rows if row["indicator"] == "Reduction in burglary"]
    assert (burglary["target_value"], burglary["met"]) == (-6, "not met")
    assert burglary["met_because"] == "-1.9% (the change reported) against the target -6%: -1.9 <= -6 does not hold"
    assert (burglary["previous"], burglary["current"]) == (4760, 4670)  # counts as counts, not 4760.0
    # the target is a percentage change, its figures are counts of crimes: each says its own unit
    assert (burglary["unit"], burglary["figures_unit"]) == ("percent", "count")
    robbery = site.json("/community_safety/target_figures.json?indicator=Robbery&document=barnet-2013-14-action-plan"
                        "&_shape=array")
    assert [row["met"] for row in robbery if row["indicator"] == "Reduction in Robbery"] == ["met"]


def test_neighbours_without_documents_are_said_and_the_nearest_with_documents_compared(site):
    rows = query(site, "neighbour_themes", borough="Barnet")  # a name works as well as an id
    assert rows == query(site, "neighbour_themes", borough="barnet")
    first = rows[0]
    assert first["compared_with"].startswith("no neighbour has a document: the nearest boroughs that have, ")
    assert first["compared_with"].endswith("borders away: Barking and Dagenham")
    assert "Brent (0)" in first["neighbours"] and sum(r["neighbours_commitments"] for r in rows) > 0
    in_2023 = query(site, "neighbour_themes", borough="barnet", year="2023")  # only the 2022-23 plan covers it
    assert in_2023 and in_2023[0]["compared_with"] == "no other borough has a document covering 2023"
    assert query(site, "compare_boroughs", borough="Barnet") == query(site, "compare_boroughs", borough="barnet")


def test_query_results_read_as_lines_with_links_to_rows(site):
    page = site.get("/community_safety/commitments_matching?q=Community+Trigger").text
    assert 'href="/community_safety/commitments/barnet-2015-2020-strategy~3A1~2E6"' in page
    assert 'href="/-/documents/barnet-2015-2020-strategy"' in page  # a document's page
    assert "<br>continues from barnet-2015-2020-strategy:1.5" in page  # one link a line, not run together
    assert "in progress - " in page and "in_progress" not in page
    (row, *_) = query(site, "commitments_matching", q="Community Trigger")
    assert row["document"].startswith("Barnet: Barnet Community Safety Strategy 2015-2020")


def test_table_pages_name_documents_with_borough_and_years_and_say_yes_or_no(site):
    page = site.get("/community_safety/commitments?document_id=barnet-2022-23-action-plan&_size=3").text
    assert "Barnet 2022-2023: Community Safety Strategy Action Plan 2022-2023" in page  # the document's label
    ongoing = site.get("/community_safety/commitments?ongoing=1&_size=1").text
    assert '<td class="col-ongoing type-int">yes</td>' in ongoing
    (row,) = site.json("/community_safety/commitments.json?ongoing=1&_size=1&_shape=array")
    assert row["ongoing"] == 1  # the JSON keeps the stored value


def test_the_home_page_leads_to_the_dashboard_and_the_main_questions(site):
    home = site.get("/").text
    for link in ('href="/-/dashboards/community-safety"', 'href="/community_safety/commitments_matching?q=',
                 'href="/community_safety/neighbour_themes?borough=barnet', 'href="/community_safety/target_figures"'):
        assert link in home, link


def test_figures_are_listed_in_their_targets_order_and_name_their_document(site, built_db):
    rows = site.json("/community_safety/target_observations.json?_size=max&_shape=array")
    order = [row["target_id"] for row in rows]
    targets = [row["id"] for row in site.json("/community_safety/targets.json?_size=max&_shape=array")]
    seen = list(dict.fromkeys(order))
    assert seen == [t for t in targets if t in set(seen)]  # target:2 before target:10, documents in time order
    assert all(row["document_id"] and row["target_id"].startswith(row["document_id"] + ":") for row in rows)


def test_a_document_reads_as_a_page(site):  # type: ignore[no-untyped-def]
    page = site.get("/-/documents/barnet-2015-2020-strategy")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Barnet 2015-2020: Barnet Community Safety Strategy 2015-2020" in text
    assert 'href="/-/boroughs/barnet">Barnet</a>' in text and 'href="/corpus/barnet-2015-2020-strategy.pdf"' in text
    # a priority, then its commitments in order, each with its source page, history and where it went next
    outcome = text.index("Residents and businesses feel confident")
    assert outcome < text.index("We will introduce the Community Trigger") < text.index("We will introduce the Community Remedy")
    trigger = text[text.index('id="barnet-2015-2020-strategy:1.6"'):text.index('id="barnet-2015-2020-strategy:1.7"')]
    assert 'href="/corpus/barnet-2015-2020-strategy.pdf#page=18"' in trigger
    assert "2015-2016 Action Plan for Outcome 1 (anti-social behaviour) of the Community Safety Strategy 2015-2020: " \
        "<strong>continued</strong> (reviewed) as" in trigger  # its fate there, and who decided it: a reader
    # (corpus/reviews.yml) confirmed what the machine had linked automatically
    assert "Progress" in text and "<strong>done</strong>" in text  # progress in words
    plan = site.get("/-/documents/barnet-2013-14-action-plan").text
    burglary = plan[plan.index("Reduction in burglary"):]
    burglary = burglary[:burglary.index("</tr>")]
    assert "not met" in burglary and "-1.9 &lt;= -6 does not hold" in burglary  # the arithmetic, as target_figures
    missing = site.get("/-/documents/no-such-document")
    assert missing.status_code == 404 and "No document has the id" in missing.text


def test_a_borough_reads_as_a_page(site):  # type: ignore[no-untyped-def]
    page = site.get("/-/boroughs/Barnet")  # a name works as well as an id
    assert page.status_code == 200 and page.text == site.get("/-/boroughs/barnet").text
    order = [page.text.index(f'href="/-/documents/{id}"') for id in (
        "barnet-2013-14-action-plan", "barnet-2015-2020-strategy", "barnet-2015-16-asb-action-plan",
        "barnet-2022-23-action-plan")]
    assert order == sorted(order)  # documents over time
    assert 'href="/-/boroughs/brent">Brent</a>: 0 documents' in page.text
    empty = site.get("/-/boroughs/brent").text
    assert "No document of Brent is in the corpus yet" in empty
    index = site.get("/-/boroughs").text
    assert index.index("Barnet</a>: 4 documents, 2013-2023") < index.index("Brent</a>: no documents yet")
    assert site.get("/-/boroughs/atlantis").status_code == 404
    assert 'href="/-/boroughs"' in site.get("/").text
    documents = site.get("/community_safety/documents").text  # labels lead to the pages
    assert 'href="/-/documents/barnet-2015-2020-strategy" title="read it as a page"' in documents
