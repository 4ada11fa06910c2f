"""The HTML report: one self-contained file, every text escaped, provenance visible."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import dedupe
from dedupe.article import Article
from dedupe.report import render_cluster_page, render_report

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "engine"
ATTACK = "<script>alert(1)</script>"
QUOTE_ATTACK = 'x" onmouseover="alert(2)'


def text(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def result() -> dict:
    articles = [
        Article(id="de_wire", text=text("de_wire"), outlet="AFP", provider="AFP"),
        Article(id="de_site", text=text("de_site") + f"\n\nLeserbrief: {ATTACK} war hier.", outlet=ATTACK),
        Article(id=QUOTE_ATTACK, text=text("de_edited"), title=ATTACK),
        Article(id="museum", text=text("de_other_museum"), title=f"Museum {ATTACK}", outlet=QUOTE_ATTACK),
    ]
    out = dedupe.cluster(articles)
    out["stats"]["rejected"].append(
        {
            "article_id": None,
            "source": f"night/{ATTACK}.jsonl",
            "line": 7,
            "error": f"malformed JSON {ATTACK}",
        }
    )
    return out


@pytest.fixture(scope="module")
def html(result: dict) -> str:
    return render_report(result, title=f"Report {ATTACK}")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Collector()
    parser.feed(html)
    parser.close()
    return parser.tags


def _assert_self_contained(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert html.count("<html") == 1 and html.count("</body>") == 1
    assert "<link" not in html.lower()
    assert not re.search(r"<script[^>]*\bsrc\s*=", html, re.IGNORECASE)
    assert not re.search(r"""(src|href|action)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//|@import", html, re.IGNORECASE)
    for tag, attrs in _tags(html):
        assert tag not in ("link", "iframe", "img", "object", "embed")
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        if tag == "script":
            assert "src" not in attrs


def test_report_is_one_self_contained_document(html: str) -> None:
    _assert_self_contained(html)
    assert html.count("<script>") == 1  # the report's own click handler, inline


def test_article_text_title_outlet_and_ids_are_escaped(html: str) -> None:
    assert "alert(1)" in html  # the text is shown ...
    assert ATTACK not in html  # ... but never as markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'onmouseover="alert(2)' not in html
    assert "<title>Report &lt;script&gt;" in html


def test_every_member_and_singleton_is_shown(result: dict, html: str) -> None:
    assert "Forschungsschiff" in html and "Stadtmuseum Wetzlingen" not in html.split("Single articles")[0]
    assert "Single articles" in html
    assert "Rejected inputs" in html and ":7" in html
    for c in result["clusters"]:
        for m in c["members"]:
            assert escape(m["article_id"]) in html


def test_unique_paragraphs_carry_the_unique_class(html: str) -> None:
    assert re.search(r'<div class="p unique"[^>]*>Unser Kommentar', html)
    assert re.search(r'<div class="p boilerplate"[^>]*>Zum Inhalt springen', html)
    assert re.search(r'<div class="p verbatim"[^>]*>Das 118 Meter lange Schiff', html)


def test_edited_words_are_marked(html: str) -> None:
    marked = re.findall(r"<mark>(.*?)</mark>", html)
    assert any("Expeditionsschiff" in m for m in marked)
    assert any("festgefroren" in m for m in marked)
    assert not any("Annegret" in m for m in marked)


def test_the_closest_versions_words_are_struck_through_before_the_edit(html: str) -> None:
    # The wire said "Forschungsschiff" where the edit says "Expeditionsschiff".
    assert re.search(
        r'Das <del title="[^"]*: Forschungsschiff">Forschungsschiff</del> <mark>Expeditionsschiff</mark>',
        html,
    )


def test_words_a_copy_cut_are_struck_through_where_they_stood() -> None:
    wire = (
        "Die Stadt Beispielstadt kauft 40 neue Elektrobusse für 2027. Der Stadtrat stimmte am Dienstag "
        "mit großer Mehrheit zu, wie ein Sprecher der Verkehrsbetriebe nach der Sitzung sagte."
    )
    articles = [
        Article(id="wire", text=wire, outlet="dpa", provider="dpa"),
        Article(id="copy", text=wire.replace(" mit großer Mehrheit", ""), outlet="Blatt <b>"),
    ]
    page = render_cluster_page(dedupe.cluster(articles)["clusters"][0])
    assert 'am Dienstag <del title="dpa: mit großer Mehrheit">mit großer Mehrheit</del> zu, wie' in page


def test_cluster_page_is_self_contained(result: dict) -> None:
    multi = next(c for c in result["clusters"] if len(c["members"]) > 1)
    page = render_cluster_page(multi)
    _assert_self_contained(page)
    assert ATTACK not in page and multi["cluster_id"] in page
    assert "<mark>" in page


def test_cluster_page_shows_a_kill_notice_on_the_member_that_carries_it(result: dict) -> None:
    multi = next(c for c in result["clusters"] if len(c["members"]) > 1)
    noticed = {**multi, "members": [dict(m) for m in multi["members"]]}
    noticed["members"][1]["kill_notices"] = [
        {"article_id": f"wire-{ATTACK}", "killed_at": "2026-12-07T05:00:00+00:00"}
    ]
    page = render_cluster_page(noticed)
    _assert_self_contained(page)
    assert page.count('class="killed"') == 1
    assert f"its source {escape('wire-' + ATTACK)} was killed 2026-12-07 05:00 +00:00" in page
    assert ATTACK not in page


def test_report_of_an_empty_result() -> None:
    page = render_report(dedupe.cluster([]))
    _assert_self_contained(page)
    assert "0 articles" in page


def test_the_summary_line_counts_in_words_an_editor_reads() -> None:
    one = Article(id="wire", text=(FIXTURES / "de_wire.txt").read_text(encoding="utf-8"))
    page = render_report(dedupe.cluster([one]))
    assert "1 article · 0 stories with several versions · 1 single article · 0 rejected inputs" in page


def test_own_sentences_inside_a_shared_paragraph_are_marked_as_own() -> None:
    own = f"Unsere Reporterin sprach mit {ATTACK}."
    body = "Der Frachter hatte 3400 Tonnen Fischmehl geladen. " + own
    start = body.index(own)
    member = {
        "article_id": "ticker",
        "relation": "rewritten",
        "similarity": 0.4,
        "text": body,
        "paragraphs": [
            {
                "index": 0,
                "start": 0,
                "end": len(body),
                "status": "rewritten",
                "matches": [{"article_id": "wire", "paragraph_index": 1, "score": 0.3}],
                "unique_spans": [{"start": start, "end": len(body)}],
            }
        ],
    }
    wire = {
        "article_id": "wire",
        "relation": "origin",
        "similarity": 1.0,
        "text": "Fischmehl.",
        "paragraphs": [],
    }
    page = render_report({"clusters": [{"cluster_id": "c1", "origin": "wire", "members": [wire, member]}]})
    marked = re.findall(r'<mark class="own">(.*?)</mark>', page)
    assert marked == ["its own sentences", escape(own)]  # the legend, then the paragraph
    assert ATTACK not in page


def test_a_report_of_several_stories_opens_with_an_index_linking_each() -> None:
    stories = []
    for lang in ("de", "en", "fr"):
        title = f"{lang} {ATTACK}"
        stories += [
            Article(id=f"{lang}-wire", text=text(f"{lang}_wire"), outlet="AFP", provider="AFP", title=title),
            Article(id=f"{lang}-site", text=text(f"{lang}_site"), outlet=f"Blatt {lang}"),
        ]
    result = dedupe.cluster(stories)
    multi = [c for c in result["clusters"] if len(c["members"]) > 1]
    assert len(multi) == 3
    page = render_report(result)
    _assert_self_contained(page)
    index = page[page.index('<nav class="stories">') : page.index("</nav>")]
    links = re.findall(r'href="#([^"]+)"', index)
    assert sorted(links) == sorted(c["cluster_id"] for c in multi)
    for cid in links:
        assert f'<section class="cluster" id="{cid}">' in page
    assert ATTACK not in page and escape(f"en {ATTACK}") in index and "Blatt fr" in index
    # One story alone needs no index.
    assert '<nav class="stories">' not in render_report(dedupe.cluster(stories[:2]))


def test_the_index_row_of_a_story_holds_what_the_filter_box_searches() -> None:
    stories = []
    for lang in ("de", "en"):
        stories += [
            Article(
                id=f"{lang}-wire",
                text=text(f"{lang}_wire"),
                outlet="AFP",
                provider="AFP",
                title=f"{lang} {QUOTE_ATTACK}",
            ),
            Article(id=f"{lang}-site", text=text(f"{lang}_site"), outlet=f"Blatt {lang.upper()}"),
        ]
    result = dedupe.cluster(stories)
    page = render_report(result)
    assert '<input type="search" id="find"' in page
    rows = dict(re.findall(r'<tr data-for="([^"]+)" data-q="([^"]*)">', page))
    multi = [c for c in result["clusters"] if len(c["members"]) > 1]
    assert sorted(rows) == sorted(c["cluster_id"] for c in multi)
    for c in multi:
        query = rows[c["cluster_id"]]
        ids = {m["article_id"] for m in c["members"]}
        lang = next(iter(ids)).split("-")[0]
        # Lower-cased as the script lowers what is typed; an outlet, a title and each id are found.
        assert f"blatt {lang}" in query and all(i in query for i in ids)
        assert escape(f"{lang} {QUOTE_ATTACK}".lower()) in query, "titles are searched, and escaped"
    assert QUOTE_ATTACK not in page


def test_each_text_is_marked_in_its_own_language() -> None:
    english = (
        "The city council of Exampletown voted on Tuesday to close the old harbour bridge for repairs. "
        "Engineers had found cracks in two of its steel girders during an inspection in March.\n\n"
        "The closure will last until the end of next year, the council said, and ferries will run instead."
    )
    out = dedupe.cluster(
        [
            Article(id="de-1", text=text("de_wire")),
            Article(id="de-2", text=text("de_site")),
            Article(id="en-1", text=english),
            Article(id="en-2", text=english + "\n\nLocal shops fear losing customers."),
        ]
    )
    members = [
        attrs for tag, attrs in _tags(render_report(out)) if tag == "div" and attrs.get("class") == "member"
    ]
    assert sorted(m.get("lang") for m in members) == ["de", "de", "en", "en"]


def test_a_cluster_names_its_story_its_times_and_what_the_origin_gave_that_nobody_used() -> None:
    articles = [
        Article(
            id="wire",
            text=text("de_wire"),
            outlet="AFP",
            provider="AFP",
            title="Die Schlagzeile der Agentur",
            published_at="2024-10-21T09:44:00+02:00",
        ),
        Article(
            id="site", text=text("de_site"), outlet="Rheinpost", published_at="2024-10-21T10:15:00+02:00"
        ),
    ]
    out = dedupe.cluster(articles)
    page = render_report(out)
    assert "1 story with several versions" in page
    assert '<h2 dir="auto">Die Schlagzeile der Agentur</h2>' in page
    assert '<time datetime="2024-10-21T09:44:00+02:00">2024-10-21 09:44 +02:00</time>' in page
    assert "not used by the others" in page and "match to origin" in page
    review = render_cluster_page(next(c for c in out["clusters"] if len(c["members"]) > 1))
    assert "<title>Die Schlagzeile der Agentur</title>" in review
    # Counterparts are named by outlet and counted from 1, as an editor counts paragraphs.
    assert re.search(r'title="verbatim: AFP, paragraph \d+ \(\d+% match\)', page)


def test_an_embargoed_member_says_so_instead_of_an_empty_column(result: dict) -> None:
    multi = next(c for c in result["clusters"] if len(c["members"]) > 1)
    held = {**multi, "members": [dict(m) for m in multi["members"]]}
    held["members"][1].update(text=None, paragraphs=[], embargoed_until="2026-12-08T14:00:00+00:00")
    page = render_cluster_page(held)
    assert "Embargoed until 2026-12-08 14:00 +00:00: text withheld" in page
    column = next(c for c in page.split('class="member"')[1:] if "Embargoed until" in c)
    assert "own text" not in column and "uses " not in column


def test_each_cluster_opens_with_a_summary_of_who_ran_it_and_how_much_is_their_own(result: dict) -> None:
    multi = next(c for c in result["clusters"] if len(c["members"]) > 1)
    page = render_cluster_page(multi)
    table = page.split('<table class="summary">', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tr>")[2:]
    assert len(rows) == len(multi["members"])
    for row in rows:
        widths = [float(w) for w in re.findall(r"width:([\d.]+)%", row)]
        assert widths and abs(sum(widths) - 100) < 0.5  # the bar covers the whole content
    shares = {m["unique_share"] for m in multi["members"]}
    assert {f"{s:.0%}" for s in shares} <= set(re.findall(r"<td>(\d+%)", table))


def test_a_member_links_the_origin_paragraphs_it_left_out(result: dict) -> None:
    (cluster,) = [c for c in result["clusters"] if len(c["members"]) > 2]
    page = render_cluster_page(cluster)
    edited = next(m for m in cluster["members"] if m["article_id"] == QUOTE_ATTACK)
    assert edited["origin_cut"]
    for index in edited["origin_cut"]:
        anchor = escape(f"{cluster['cluster_id']}|{cluster['origin']}|{index}")
        assert f'<a href="#{anchor}">¶{index + 1}</a>' in page
        assert f'id="{anchor}"' in page


def test_a_report_too_large_to_open_shows_the_largest_stories_and_lists_the_rest() -> None:
    wire = text("de_wire")
    museum = text("de_other_museum")
    articles = [
        Article(id="ship-wire", text=wire, outlet="AFP", provider="AFP"),
        Article(
            id="ship-copy", text=wire + "\n\nUnser Kommentar: eine Geschichte für den Winter.", outlet="Blatt"
        ),
        Article(id="ship-copy-2", text=wire, outlet="Zeitung"),
        Article(id="museum-wire", text=museum, outlet="dpa", provider="dpa"),
        Article(id="museum-copy", text=museum, outlet="Blatt"),
    ]
    result = dedupe.cluster(articles)
    ship, museum_story = result["clusters"]  # largest first
    budget = sum(len(m["text"]) for m in ship["members"]) * 2  # room for the first story only
    html = render_report(result, text_budget=budget)
    assert f'<section class="cluster" id="{escape(ship["cluster_id"])}"' in html
    assert f'id="{escape(museum_story["cluster_id"])}"' not in html
    assert "(not shown)" in html and "in the JSON output" in html
    # The listed story is still named in the index, with its versions and outlets.
    assert html.count("<tr><td>") >= 2 and "dpa" in html
    full = render_report(result)
    assert "(not shown)" not in full and f'id="{escape(museum_story["cluster_id"])}"' in full


def test_right_to_left_texts_are_laid_out_by_their_own_direction() -> None:
    wire = (
        "قالت وزارة الخارجية يوم الثلاثاء إن المحادثات بين البلدين ستعقد الأسبوع المقبل في جنيف. "
        "وأضاف المتحدث أن الجانبين سيناقشان قضايا التجارة والطاقة والاستثمار في المنطقة."
    )
    result = dedupe.cluster(
        [Article(id="ar-1", text=wire), Article(id="ar-2", text=wire + "\n\nتعليق الصحيفة: ننتظر النتائج.")]
    )
    page = render_report(result)
    paragraphs = re.findall(r'<div class="p [a-z]+"[^>]*>', page)
    assert paragraphs and all('dir="auto"' in tag for tag in paragraphs)
    assert '<div class="member" lang="ar"' in page


def test_a_rewrite_joined_through_the_other_versions_says_so_beside_its_low_score() -> None:
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    result = dedupe.cluster([Article(id=p.stem[:3], text=p.read_text(encoding="utf-8")) for p in seeds])
    (story,) = result["clusters"]
    low = [m for m in story["members"] if m["relation"] == "rewritten" and m["similarity"] < 0.5]
    assert low, "the seeds are rewrites that join through each other"
    page = render_report(result)
    for member in low:
        assert f"match to origin {member['similarity']:.2f} (joined through the other versions)" in page


def test_killed_replaced_and_redelivered_articles_are_listed() -> None:
    wire = text("de_wire")
    articles = [
        Article(id="old", text=wire, version="1", source="a.jsonl"),
        Article(id="old", text=wire + "\n\nNachtrag.", version="2", source="b.jsonl"),
        Article(id="gone", text=text("de_other_tram"), version="1"),
        Article(id="gone", text="", version="1", pubstatus="canceled"),
    ]
    page = render_report(dedupe.cluster(articles))
    assert "Read, in no story" in page
    assert "withdrawn (killed or withheld)" in page and ">gone<" in page
    assert "replaced by a newer version" in page and "a.jsonl" in page
