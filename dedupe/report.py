"""A readable, self-contained HTML report of clusters and their provenance.

One file, no external scripts, fonts or stylesheets, so it opens from a mail
attachment or a shared drive. All article text is escaped. The same
:func:`render_cluster_page` serves the API's review page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from typing import Any

__all__ = ["render_cluster_page", "render_report"]

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;background:#f4f4f1;color:#1d1d1b}
header{padding:16px 24px;background:#1d1d1b;color:#fff}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#ccc;font-size:13px}
.legend{display:flex;gap:12px;flex-wrap:wrap;padding:10px 24px;background:#fff;border-bottom:1px solid #ddd;font-size:13px}
.legend span{padding:2px 8px;border-radius:3px}
section.cluster{margin:20px 24px;background:#fff;border:1px solid #ddd;border-radius:6px;content-visibility:auto;contain-intrinsic-size:auto 900px}
section.cluster>h2{font-size:17px;margin:0;padding:10px 14px 2px}
section.cluster>.sub{font-size:13px;color:#555;padding:0 14px 8px;border-bottom:1px solid #eee}
.members{display:grid;grid-auto-flow:column;grid-auto-columns:minmax(260px,1fr);overflow-x:auto;gap:0;
 scroll-snap-type:x proximity}
.member{border-right:1px solid #eee;padding:0 14px 10px;min-width:0;max-height:85vh;overflow-y:auto;scroll-snap-align:start}
.member[data-origin]{background:#fafaf5}
.head{position:sticky;top:0;background:inherit;padding-top:10px;z-index:1;border-bottom:1px solid #eee;margin-bottom:8px}
.member[data-origin] .head{background:#fafaf5}.member:not([data-origin]) .head{background:#fff}
.member h3{font-size:15px;margin:0 0 2px}.title{font-size:14px;font-weight:600;margin:2px 0}
.meta{font-size:12px;color:#555;padding-bottom:6px}
.p{padding:4px 6px;margin:0 0 6px;border-left:4px solid transparent;border-radius:2px;white-space:pre-wrap;
 overflow-wrap:anywhere;hyphens:auto}
.verbatim{border-left-color:#2e7d32;background:#eef6ee}.edited{border-left:4px dashed #b26a00;background:#fff8e1}
.rewritten{border-left:4px dotted #1565c0;background:#eaf1fb}.unique{border-left:6px double #c2185b;background:#fde7ef}
.boilerplate{color:#666;background:#f7f7f7;font-size:12px;font-style:italic}
.p[data-linked]{cursor:pointer}.p[data-linked]:hover{filter:brightness(0.96)}
mark{background:#ffd54f;padding:0 1px;box-shadow:inset 0 -2px #8a5a00}del{color:#5f5f5f;text-decoration-thickness:2px}mark.own{background:#f8bbd0;box-shadow:inset 0 -2px #880e4f}
.focus{outline:2px dashed #1d1d1b;outline-offset:1px}.focus-src{outline:3px solid #1d1d1b;outline-offset:1px}
.killed{color:#fff;background:#b71c1c;padding:0 6px;border-radius:3px;font-weight:600}
.embargo{color:#7a4f00;background:#fff3cd;padding:6px;border-radius:3px}
.badge{display:inline-block;font-size:11px;padding:0 6px;border-radius:8px;background:#eee;margin-left:4px}
table.singles{margin:0 24px 24px;border-collapse:collapse;font-size:13px;background:#fff}
table.singles td,table.singles th{border:1px solid #ddd;padding:4px 8px;text-align:left}
table.singles td{overflow-wrap:anywhere}
nav.stories{margin:20px 24px 0}nav.stories table.singles{margin:0}nav.stories a{color:#1565c0}
.find{margin:0 0 8px}.find input{font:inherit;padding:4px 8px;width:min(420px,90%)}
table.summary{margin:6px 14px 10px;border-collapse:collapse;font-size:13px}
table.summary td,table.summary th{padding:2px 8px;text-align:left;border-bottom:1px solid #eee}
.bar{display:flex;width:220px;height:12px;background:#f0f0f0;border-radius:2px;overflow:hidden}
.bar span{display:block;height:100%;border:0;border-radius:0;padding:0;margin:0}
.bar .verbatim{background:#2e7d32}.bar .edited{background:#f9a825}.bar .rewritten{background:#1565c0}
.bar .unique{background:#c2185b}
@media(max-width:600px){section.cluster{margin:12px 6px}.members{grid-auto-columns:88vw;scroll-snap-type:x mandatory}
 .legend{padding:6px 8px;font-size:12px}table.singles{display:block;overflow-x:auto;margin:0 6px 16px}}
"""

# Counterparts both ways: a paragraph lists its closest counterparts, and is outlined when
# it is one of another's; the clicked one is outlined solid, each column scrolls to show them.
_JS = """
(function(){
var back={};
document.querySelectorAll('.p[data-matches]').forEach(function(p){
  JSON.parse(p.dataset.matches).forEach(function(m){
    var id=p.dataset.cluster+'|'+m.article_id+'|'+m.paragraph_index;(back[id]=back[id]||[]).push(p.id);
  });
});
document.querySelectorAll('.p').forEach(function(p){
  if(p.dataset.matches||back[p.id]){p.dataset.linked='1';p.tabIndex=0;p.setAttribute('role','button');}
});
function show(p){
  document.querySelectorAll('.focus,.focus-src').forEach(function(x){x.classList.remove('focus','focus-src')});
  if(!p)return;
  p.classList.add('focus-src');
  var ids=(back[p.id]||[]).slice();
  if(p.dataset.matches)JSON.parse(p.dataset.matches).forEach(function(m){
    ids.push(p.dataset.cluster+'|'+m.article_id+'|'+m.paragraph_index);});
  ids.forEach(function(id){var t=document.getElementById(id);
    if(t){t.classList.add('focus');t.scrollIntoView({block:'nearest',inline:'nearest'});}});
}
document.addEventListener('click',function(e){show(e.target.closest('.p[data-linked]'));});
document.addEventListener('keydown',function(e){
  var p=e.target.closest&&e.target.closest('.p[data-linked]');
  if(p&&(e.key==='Enter'||e.key===' ')){e.preventDefault();show(p);}
});
var find=document.getElementById('find');
if(find){
  var rows=document.querySelectorAll('#stories tr[data-q]'),found=document.getElementById('found');
  var narrow=function(){
    var words=find.value.toLowerCase().split(/\\s+/).filter(Boolean),n=0;
    rows.forEach(function(r){
      var hit=words.every(function(w){return r.dataset.q.indexOf(w)>=0});
      r.hidden=!hit;if(hit)n++;
      var s=document.getElementById(r.dataset.for);if(s)s.hidden=!hit;
    });
    found.textContent=words.length?n+' of '+rows.length+' stories':'';
  };
  find.addEventListener('input',narrow);narrow();
}
})();
"""

# A member that left out more of the origin than this lists the first ones and a count.
_CUT_SHOWN = 12

_LEGEND = (
    '<div class="legend"><span class="verbatim">verbatim: same words</span>'
    '<span class="edited">edited: changed words (<mark>marked</mark>) and cut words '
    "(<del>struck through</del>) against the closest version</span>"
    '<span class="rewritten">rewritten: same facts, other words</span>'
    '<span class="unique">unique: this outlet\'s own (<mark class="own">its own sentences</mark> '
    "inside a shared paragraph)</span>"
    '<span class="boilerplate">boilerplate: site furniture</span>'
    "<span>Click (or Enter on) a shared paragraph to outline its counterparts.</span></div>"
)


def _paragraph_html(
    cluster_id: str, member: dict[str, Any], paragraph: dict[str, Any], names: dict[str, str]
) -> str:
    text = member.get("text") or ""
    start, end = paragraph["start"], paragraph["end"]
    pieces, cursor = [], start
    matches = paragraph.get("matches", [])
    # A change's "was" is the closest version's wording: struck through where this text
    # changed or cut it, so an editor reads both without opening the other column.
    closest = names.get(matches[0]["article_id"], matches[0]["article_id"]) if matches else ""
    marked = [(x, "<mark>") for x in paragraph.get("diff", [])]
    marked += [(x, '<mark class="own">') for x in paragraph.get("unique_spans", [])]
    for span, tag in sorted(marked, key=lambda x: (x[0]["start"], x[0]["end"])):
        if span["start"] < cursor or span["end"] > end:
            continue
        pieces.append(escape(text[cursor : span["start"]]))
        if span.get("was"):
            struck = f'<del title="{escape(closest)}: {escape(span["was"])}">{escape(span["was"])}</del>'
            # Words kept apart: a cut follows the word before it, a replacement precedes the new words.
            if span["end"] > span["start"]:
                pieces.append(f"{struck} ")
            else:
                pieces.append(f" {struck}" if span["start"] > start else struck)
        if span["end"] > span["start"]:
            pieces.append(f"{tag}{escape(text[span['start'] : span['end']])}</mark>")
        cursor = span["end"]
    pieces.append(escape(text[cursor:end]))
    status = paragraph["status"]
    # Paragraphs are counted from 1 as an editor counts them, furniture included (it is shown).
    tip = "; ".join(
        f"{names.get(m['article_id'], m['article_id'])}, paragraph {m['paragraph_index'] + 1} "
        f"({m['score']:.0%} match)"
        for m in matches
    )
    anchor = f"{cluster_id}|{member['article_id']}|{paragraph['index']}"
    data = (
        f' title="{escape(status)}: {escape(tip)}" data-matches="{escape(json.dumps(matches))}"'
        f' data-cluster="{escape(cluster_id)}"'
        if matches
        else ""
    )
    # dir="auto": an Arabic or Hebrew paragraph runs right to left, its punctuation in place.
    return f'<div class="p {status}" dir="auto" id="{escape(anchor)}"{data}>{"".join(pieces)}</div>'


def _when(value: Any) -> str:
    """A member's time as an editor reads it: ``2024-10-21 09:44 +02:00``."""
    text = str(value or "")
    if len(text) >= 16 and text[10] == "T":
        return text[:10] + " " + text[11:16] + (" " + text[19:] if len(text) > 19 else "")
    return text


def _cluster_html(cluster: dict[str, Any]) -> str:
    cid = cluster["cluster_id"]
    members = cluster["members"]
    origin = next((m for m in members if m["article_id"] == cluster["origin"]), members[0])
    names = {m["article_id"]: str(m.get("outlet") or m["article_id"]) for m in members}
    columns = []
    # The origin first, then by publication time (unknown times last), as the story spread.
    ordered = sorted(
        members,
        key=lambda m: (
            m["relation"] != "origin",
            m.get("published_at") is None,
            str(m.get("published_at") or ""),
        ),
    )
    for member in ordered:
        share = member.get("unique_share")
        used = member.get("origin_share")
        is_origin = member["relation"] == "origin"
        facts = [f"<b>{escape(member['relation'])}</b>"]
        if member.get("published_at"):
            facts.append(
                f'<time datetime="{escape(str(member["published_at"]))}">{escape(_when(member["published_at"]))}</time>'
            )
        if not is_origin and member.get("similarity") is not None:
            score = member["similarity"]
            # A rewrite joined through the other versions scores low against the origin by
            # itself; without saying so, "0.06" reads as "hardly related".
            joined = (
                " (joined through the other versions)"
                if member["relation"] == "rewritten" and score < 0.5
                else ""
            )
            facts.append(f"match to origin {score:.2f}{joined}")
        embargoed = member.get("embargoed_until")
        if share is not None and not embargoed:
            facts.append(f"not used by the others {share:.0%}" if is_origin else f"own text {share:.0%}")
        if used is not None and not is_origin and not embargoed:
            facts.append(f"uses {used:.0%} of the origin")
            # A copy's cuts are worth a list; a rewrite tells its own story, and its share says enough.
            cut = (member.get("origin_cut") or []) if member["relation"] in ("verbatim", "edited") else []
            if cut:
                # Counted from 1 as in the tooltips; each links to the origin's paragraph.
                wire = origin["article_id"]
                links = ", ".join(
                    f'<a href="#{escape(f"{cid}|{wire}|{i}")}">¶{i + 1}</a>' for i in cut[:_CUT_SHOWN]
                )
                more = f" and {len(cut) - _CUT_SHOWN} more" if len(cut) > _CUT_SHOWN else ""
                facts.append(f"left out of the origin: {links}{more}")
        for notice in member.get("kill_notices", []):
            facts.append(
                f'<span class="killed">its source {escape(notice["article_id"])} was killed '
                f"{escape(_when(notice.get('killed_at')))}: this copy may have to come down</span>"
            )
        body = "".join(_paragraph_html(cid, member, p, names) for p in member.get("paragraphs", []))
        if embargoed:
            body = f'<div class="p embargo">Embargoed until {escape(_when(embargoed))}: text withheld</div>'
        elif not body:
            body = f'<div class="p" dir="auto">{escape(member.get("text") or "")}</div>'
        outlet = names[member["article_id"]]
        badge = (
            f'<span class="badge">{escape(member["article_id"])}</span>'
            if outlet != member["article_id"]
            else ""
        )
        title = (
            f'<div class="title" dir="auto">{escape(member["title"])}</div>' if member.get("title") else ""
        )
        # The page speaks English; each text is marked in its own language (screen readers, hyphenation).
        lang = f' lang="{escape(member["language"])}"' if member.get("language") else ""
        mark = " data-origin" if is_origin else ""
        columns.append(
            f'<div class="member"{lang}{mark}><div class="head"><h3>{escape(outlet)}{badge}</h3>{title}'
            f'<div class="meta">{" · ".join(facts)}</div></div>{body}</div>'
        )
    heading = f'<h2 dir="auto">{escape(_headline(cluster))}</h2><div class="sub">{len(members)} versions · origin {escape(names[origin["article_id"]])} <span class="badge">{escape(cid)}</span></div>'
    return (
        f'<section class="cluster" id="{escape(cid)}">{heading}{_summary(ordered, names)}'
        f'<div class="members">{"".join(columns)}</div></section>'
    )


_BAR_ORDER = ("verbatim", "edited", "rewritten", "unique")


def _shares(member: dict[str, Any]) -> dict[str, float]:
    """Share of a member's content characters per status (furniture left out)."""
    sizes = dict.fromkeys(_BAR_ORDER, 0)
    for p in member.get("paragraphs", []):
        if p["status"] in sizes:
            sizes[p["status"]] += p["end"] - p["start"]
    total = sum(sizes.values())
    return {k: v / total for k, v in sizes.items()} if total else {}


def _summary(members: list[dict[str, Any]], names: dict[str, str]) -> str:
    """Who ran the story, when, and how much of each text is copy, edit, rewrite or its own:
    the answer an editor wants before reading the columns."""
    rows = []
    for m in members:
        shares = _shares(m)
        bar = "".join(
            f'<span class="{k}" style="width:{v * 100:.1f}%" title="{k} {v:.0%}"></span>'
            for k, v in shares.items()
            if v > 0
        )
        # The member's unique_share, the figure its column shows (own sentences inside shared
        # paragraphs included); on the origin it is what no other version used.
        share = m.get("unique_share")
        own = "–" if share is None or m.get("embargoed_until") else f"{share:.0%}"
        if m["relation"] == "origin" and own != "–":
            own += " used by no other version"
        rows.append(
            f"<tr><td>{escape(names[m['article_id']])}</td><td>{escape(_when(m.get('published_at')))}</td>"
            f'<td>{escape(m["relation"])}</td><td><div class="bar">{bar}</div></td><td>{own}</td></tr>'
        )
    return (
        '<table class="summary"><tr><th>outlet</th><th>published</th><th>relation</th>'
        "<th>its text: verbatim · edited · rewritten · own</th><th>own</th></tr>" + "".join(rows) + "</table>"
    )


def _page(title: str, subtitle: str, body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="generator" content="wire-dedupe">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title>'
        f"<style>{_CSS}</style></head><body><header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header>"
        f"{_LEGEND}{body}<script>{_JS}</script></body></html>"
    )


def _headline(cluster: dict[str, Any]) -> str:
    """The origin's title, else its first content line of a few words (a one-word kicker
    such as "Eskalation" above a headline names no story)."""
    members = cluster["members"]
    origin = next((m for m in members if m["article_id"] == cluster["origin"]), members[0])
    if origin.get("title"):
        return str(origin["title"])
    text = origin.get("text") or ""
    lines = [
        " ".join(text[p["start"] : p["end"]].split())
        for p in origin.get("paragraphs", [])
        if p["status"] != "boilerplate"
    ] or [" ".join(text.split())]
    line = next((x for x in lines if len(x.split()) >= _HEADLINE_WORDS), lines[0])
    return line if len(line) <= _HEADLINE else line[: _HEADLINE - 1].rsplit(" ", 1)[0] + " …"


_HEADLINE = 120  # characters
_HEADLINE_WORDS = 4


def _story_index(multi: list[dict[str, Any]], shown: int) -> str:
    """A night holds hundreds of stories: a table of them, each linked to its section
    (the first ``shown``; the others have none, their texts are in the JSON output), and a
    box that narrows the table and the sections to the stories whose headline, outlets or
    ids hold every word typed (the page's script; without it, the table stays whole)."""
    rows = "".join(
        f'<tr data-for="{escape(c["cluster_id"])}" data-q="{escape(_search_text(c))}">'
        f"<td>{_story_link(c) if n < shown else escape(_headline(c)) + ' <i>(not shown)</i>'}</td>"
        f"<td>{len(c['members'])}</td>"
        f"<td>{escape(', '.join(sorted({m.get('outlet') or m['article_id'] for m in c['members']})))}</td></tr>"
        for n, c in enumerate(multi)
    )
    return (
        '<nav class="stories"><h2 style="font-size:16px;margin:0 0 8px">Stories with several versions</h2>'
        '<p class="find"><input type="search" id="find" placeholder="Filter: words of a headline, an outlet or an id" '
        f'aria-label="Filter the stories" aria-controls="stories"> <output for="find" id="found"></output></p>'
        f'<table class="singles" id="stories"><tr><th>story</th><th>versions</th><th>outlets</th></tr>{rows}</table></nav>'
    )


def _search_text(cluster: dict[str, Any]) -> str:
    """What the filter box searches in: the headline, every member's outlet, title and id."""
    parts = [_headline(cluster), str(cluster["cluster_id"])]
    for m in cluster["members"]:
        parts += [str(m.get("outlet") or ""), str(m.get("title") or ""), str(m["article_id"])]
    return " ".join(" ".join(parts).split()).lower()  # as the script lowers what is typed


def _story_link(cluster: dict[str, Any]) -> str:
    return f'<a href="#{escape(cluster["cluster_id"])}">{escape(_headline(cluster))}</a>'


#: Characters of the stories shown side by side, their markup included (about 20 MB of
#: page): a browser opens that in seconds, where a month of copy would be hundreds of
#: megabytes it cannot open. Counted on the rendered stories, not on their texts: the
#: markup of a paragraph (its counterparts, its tooltip) is about three times its text,
#: and a budget of text made an 80 MB page of 21,805 articles. The largest stories come
#: first; the rest are listed, their texts left to the JSON output.
TEXT_BUDGET = 20_000_000


def _shown(multi: list[dict[str, Any]], budget: int) -> list[str]:
    """The rendered stories of ``multi`` (in order) that fit the budget; the first always does."""
    shown: list[str] = []
    used = 0
    for cluster in multi:
        page = _cluster_html(cluster)
        used += len(page)
        if used > budget and shown:
            break
        shown.append(page)
    return shown


def _counted(n: int, one: str, many: str | None = None) -> str:
    """>>> _counted(1, "single article"), _counted(2, "story", "stories")
    ('1 single article', '2 stories')
    """
    return f"{n} {one if n == 1 else many or one + 's'}"


def render_report(
    result: dict[str, Any], *, title: str = "wire-dedupe report", text_budget: int = TEXT_BUDGET
) -> str:
    """The whole batch result as one HTML page: multi-version clusters first, then singletons.

    Stories are shown side by side, in the result's order (largest first), while their
    texts fit ``text_budget`` characters; the others are listed in the index only.
    """
    clusters: Iterable[dict[str, Any]] = result.get("clusters", [])
    multi = [c for c in clusters if len(c["members"]) > 1]
    single = [c for c in result.get("clusters", []) if len(c["members"]) == 1]
    stats = result.get("stats", {})
    pages = _shown(multi, text_budget)
    shown = len(pages)
    articles, rejected = stats.get("articles", 0), len(stats.get("rejected", []))
    subtitle = (
        f"{_counted(articles, 'article')} · {_counted(len(multi), 'story', 'stories')} with several "
        f"versions · {_counted(len(single), 'single article')} · {_counted(rejected, 'rejected input')}"
    )
    if shown < len(multi):
        subtitle += (
            f" · the {shown} largest stories are shown side by side; {len(multi) - shown} more are "
            "listed (a page holding all their texts would be too large to open): their texts and "
            "paragraphs are in the JSON output"
        )
    body = (_story_index(multi, shown) if len(multi) > 1 else "") + "".join(pages)
    if single:
        rows = "".join(
            f"<tr><td>{escape(c['members'][0].get('outlet') or '')}</td><td>{escape(c['origin'])}</td>"
            f"<td>{escape(c['members'][0].get('title') or '')}</td></tr>"
            for c in single
        )
        body += f'<h2 style="margin:20px 24px 8px;font-size:16px">Single articles</h2><table class="singles"><tr><th>outlet</th><th>id</th><th>title</th></tr>{rows}</table>'
    rejected = stats.get("rejected", [])
    if rejected:
        rows = "".join(
            f"<tr><td>{escape(str(r.get('source') or ''))}{':' + str(r['line']) if r.get('line') else ''}</td>"
            f"<td>{escape(str(r.get('error')))}</td></tr>"
            for r in rejected
        )
        body += f'<h2 style="margin:20px 24px 8px;font-size:16px">Rejected inputs</h2><table class="singles"><tr><th>where</th><th>why</th></tr>{rows}</table>'
    # Read but in no story: a desk must see that a story was killed or replaced.
    kept_out = [("withdrawn (killed or withheld)", i, "") for i in stats.get("withdrawn", [])]
    for what, key in (("replaced by a newer version", "superseded"), ("delivered again", "redelivered")):
        kept_out += [(what, str(r.get("article_id")), str(r.get("source") or "")) for r in stats.get(key, [])]
    if kept_out:
        rows = "".join(
            f"<tr><td>{escape(i)}</td><td>{escape(w)}</td><td>{escape(src)}</td></tr>"
            for w, i, src in kept_out
        )
        body += f'<h2 style="margin:20px 24px 8px;font-size:16px">Read, in no story</h2><table class="singles"><tr><th>id</th><th>why</th><th>where</th></tr>{rows}</table>'
    return _page(title, subtitle, body)


def render_cluster_page(cluster: dict[str, Any]) -> str:
    """One cluster as a review page (the service's ``GET /clusters/<id>``)."""
    subtitle = f"{len(cluster['members'])} versions · cluster {cluster['cluster_id']}"
    return _page(_headline(cluster), subtitle, _cluster_html(cluster))
