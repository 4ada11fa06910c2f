"""HTML pages: the lead that trafilatura drops (teaser class, article header) comes back, other teasers stay out."""

from __future__ import annotations

from dedupe.formats.html import extract_text

LEAD = (
    "Nach jahrelangem Streit hat der Stadtrat von Wernigerode am Montagabend den Bau einer neuen "
    "Brücke über die Holtemme beschlossen. Die Kosten liegen bei 4,2 Millionen Euro."
)
BODY = [
    "Die alte Brücke war im vergangenen Sommer wegen Rissen im Beton gesperrt worden. Seitdem müssen "
    "Pendler einen Umweg von mehreren Kilometern fahren, was im Berufsverkehr zu langen Staus führt.",
    "Der Bürgermeister sprach von einem wichtigen Signal für die Stadt. Die Opposition kritisierte "
    "dagegen die hohen Kosten und forderte eine günstigere Lösung mit einer Behelfsbrücke.",
    "Baubeginn soll im Herbst sein. Die Arbeiten dürften nach Angaben der Verwaltung etwa anderthalb "
    "Jahre dauern, wenn das Wetter mitspielt und die Fördermittel rechtzeitig kommen.",
]
OTHER_STORY = (
    "Feuerwehr rettet Katze aus Baum: Der Einsatz in der Altstadt dauerte mehr als zwei Stunden lang"
)


def page(before_body: str = "", aside: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in BODY)
    return (
        '<!doctype html><html lang="de"><head><title>Stadtrat beschließt neue Brücke</title></head><body>'
        '<header><nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav></header>'
        f"<main><article><h1>Stadtrat beschließt neue Brücke</h1>{before_body}{body}</article>{aside}</main>"
        "<footer>Harzer Kurier</footer></body></html>"
    )


def test_a_lead_marked_as_teaser_inside_the_article_is_kept() -> None:
    for cls in ("teaser", "article__teaser", "teaser lead"):
        text = extract_text(page(f'<p class="{cls}">{LEAD}</p>'))
        assert text.split("\n\n")[0] == LEAD, cls
        assert text.split("\n\n")[1:] == BODY


def test_a_linked_teaser_of_another_story_inside_the_article_stays_out() -> None:
    text = extract_text(page(f'<div class="teaser"><a href="/katze">{OTHER_STORY}</a></div>'))
    assert OTHER_STORY not in text
    assert text.split("\n\n") == BODY


def test_teasers_outside_the_article_stay_out() -> None:
    text = extract_text(
        page(aside=f'<aside><p class="teaser">{OTHER_STORY}. Mehr dazu lesen Sie hier.</p></aside>')
    )
    assert "Feuerwehr" not in text
    assert text.split("\n\n") == BODY


def test_a_lead_in_the_article_header_or_marked_as_a_lead_is_kept() -> None:
    # trafilatura drops the article's <header> and some lead classes (a heise, futurezone,
    # Le Monde diplomatique and La Nación page each lost its lead so).
    for block in (
        '<header class="a-article-header"><p class="a-article-header__lead">{}</p></header>',
        '<header class="article-header"><h2 class="article-header-leadText">{}</h2></header>',
        '<div class="cartouche"><div class="chapo">{}</div></div>',
        "<header><p>{}</p></header>",
    ):
        text = extract_text(page(block.format(LEAD)))
        assert text.split("\n\n") == [LEAD, *BODY], block


def test_a_byline_in_the_article_header_is_no_lead() -> None:
    byline = "Von Anna Beispiel, Korrespondentin in Magdeburg, mit Material der Agenturen dpa und epd"
    text = extract_text(page(f'<header><p class="byline">{byline}</p></header>'))
    assert text.split("\n\n") == BODY


def test_the_marked_lead_wins_over_the_headline_in_the_article_header() -> None:
    header = (
        '<header class="article-header"><h2 class="article-header__heading">Zahlen, bitte! Wie eine Brücke '
        f'über die Holtemme die Stadt seit Jahren beschäftigt</h2><p class="article-header__lead">{LEAD}</p></header>'
    )
    assert extract_text(page(header)).split("\n\n") == [LEAD, *BODY]


def test_a_marked_lead_is_kept_on_a_page_without_article_or_main() -> None:
    html = page(
        f'<div class="cartouche"><h1>Stadtrat beschließt neue Brücke</h1><div class="chapo">{LEAD}</div></div>'
    )
    for tag in ("main", "article"):
        html = html.replace(f"<{tag}>", '<div class="page">').replace(f"</{tag}>", "</div>")
    assert extract_text(html).split("\n\n") == [LEAD, *BODY]


def _page_titled(title: str, headline: str, site_name: str | None = None) -> str:
    meta = f'<meta property="og:site_name" content="{site_name}">' if site_name else ""
    body = " ".join(
        f"Sentence {n} of the wire story about the storm that hit the coast on Wednesday night."
        for n in range(12)
    )
    return (
        f'<html lang="en"><head><meta charset="utf-8"><title>{title}</title>{meta}'
        f'<meta property="og:title" content="{headline}"></head><body><article><h1>{headline}</h1>'
        f"<p>{body}</p><p>{body}</p></article></body></html>"
    )


def test_the_outlet_is_the_name_beside_the_headline_in_the_page_title() -> None:
    from dedupe.formats.html import parse_html

    headline = "Norvane agrees to buy Castell Freight for $4.2 billion"
    for title, outlet in (
        (f"{headline} - The Harbour Times", "The Harbour Times"),
        (f"Metro Pulse | {headline}", "Metro Pulse"),
        (f"{headline} | Business | The Pacific Ledger", "The Pacific Ledger"),
    ):
        article = parse_html(_page_titled(title, headline), source="page.html")
        assert article.outlet == outlet, title
        assert article.title == headline
    # A declared name wins; a title that holds only the headline names no outlet (never the headline).
    declared = parse_html(_page_titled(f"{headline} - HT", headline, "The Harbour Times"), source="p.html")
    assert declared.outlet == "The Harbour Times"
    assert parse_html(_page_titled(headline, headline), source="page.html").outlet is None
