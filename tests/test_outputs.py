"""The batch's output files: each format says the same as the result it renders."""

from __future__ import annotations

import csv
import io
import json

import pytest

import dedupe
from dedupe.article import Article
from dedupe.outputs import render

WIRE = (
    "Das Forschungsschiff Polarwind sitzt seit Montag im Packeis vor Grönland fest. "
    "Die 42 Menschen an Bord sind wohlauf, teilte die Reederei in Bremerhaven mit.\n\n"
    "Ein Eisbrecher aus Tromsø soll das Schiff bis Freitag erreichen."
)


@pytest.fixture(scope="module")
def result() -> dict:
    articles = [
        Article(id="wire", text=WIRE, outlet="dpa"),
        Article(id="=copy", text=WIRE + "\n\nUnser Kommentar: Das war absehbar.", outlet="+Kurier"),
        Article(id="other", text="Der Stadtrat hat den Haushalt für 2025 mit 31 zu 9 Stimmen beschlossen."),
    ]
    return dedupe.cluster(articles)


def test_json_pieces_make_the_result(result: dict) -> None:
    assert json.loads("".join(render(result, "json"))) == json.loads(json.dumps(result))


def test_jsonl_has_a_line_per_cluster_then_the_stats(result: dict) -> None:
    lines = [json.loads(line) for line in "".join(render(result, "jsonl")).splitlines()]
    assert lines[:-1] == json.loads(json.dumps(result["clusters"]))
    assert lines[-1] == {"stats": json.loads(json.dumps(result["stats"]))}


def test_csv_has_a_row_per_member_and_no_cell_a_spreadsheet_would_run(result: dict) -> None:
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert len(rows) == sum(len(c["members"]) for c in result["clusters"])
    copy = next(r for r in rows if r["article_id"].endswith("copy"))
    assert copy["article_id"] == "'=copy" and copy["outlet"] == "'+Kurier"
    assert copy["relation"] in {"verbatim", "edited"} and float(copy["unique_share"]) > 0


def test_html_report_is_one_self_contained_page(result: dict) -> None:
    page = render(result, "html")
    assert page.startswith("<!DOCTYPE html>") and "<script src" not in page
