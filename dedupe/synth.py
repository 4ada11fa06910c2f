"""Seeded generator of derived versions of wire stories, with exact gold.

Outlets rarely publish agency copy as delivered. They wrap it in site furniture
(navigation, credits such as "OZD / ©AFP", "Das könnte Sie auch interessieren",
comment forms, author bios), cut the tail, move paragraphs, merge everything
into one block or break it by single newlines, change quotes and number
formats, add their own paragraphs and reword sentences. :func:`generate_suite`
does the same to real wire texts and records, for every version, which story it
belongs to and the status and character span of every paragraph, so that the
engine's clusters and provenance marks can be measured (``dedupe.evaluate``).

Gold statuses of a derived version's spans (see ``docs/dataset-format.md``):

* ``verbatim``: a wire paragraph, changed at most typographically;
* ``edited``: a wire paragraph with light word changes (word-level similarity
  to the wire paragraph of at least :data:`EDITED_MIN_RATIO`);
* ``rewritten``: a wire paragraph changed more than that;
* ``unique``: the outlet's own paragraph (taken from ``own_pool``);
* ``boilerplate``: site furniture.

The generator is pure: the same sources, pools and seed give the same records.

>>> recs = generate_suite(["Erster Satz hier. Zweiter Satz dort.\\n\\nDritter Satz folgt."], seed=1)
>>> sorted({r["gold_cluster"] for r in recs if r["type"] == "article"})
['story-0000']
>>> v = recs[1]
>>> spans = [v["text"][g["start"] : g["end"]] for g in v["gold_paragraphs"]]
>>> all(span == span.strip() for span in spans)
True
"""

from __future__ import annotations

import difflib
import random
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from .synth_furniture import OUTLETS, outlet_furniture

__all__ = [
    "EDITED_MIN_RATIO",
    "OWN_PARAGRAPHS",
    "TRANSFORM_TAGS",
    "derive_version",
    "generate_suite",
    "paragraphs_of",
    "split_sentences",
]

#: Word-level similarity (difflib ratio) at or above which a changed wire
#: paragraph counts as "edited" rather than "rewritten".
EDITED_MIN_RATIO = 0.75

#: Tags a derived version may carry, one per transformation applied.
TRANSFORM_TAGS = (
    "furniture",
    "cut",
    "reordered",
    "resegmented",
    "merged",
    "typography",
    "own",
    "reworded",
    "verbatim-copy",
)

_ABBREVIATIONS = frozenset(
    ("z.B", "bzw", "ca", "Dr", "Prof", "St", "Nr", "Mio", "Mrd", "Hr", "Fr", "usw", "etc", "vgl")
    + ("ggf", "inkl", "evtl", "u.a", "v.a", "Abs", "Art", "Jh", "Str", "Tel")
)
_SENTENCE_END = re.compile(r"[.!?][«»“”\"')]*\s+(?=[A-ZÄÖÜ„\"»«(0-9])")

#: Invented, neutral own paragraphs (German) for tests and small suites. Large
#: suites should pass ``own_pool`` with paragraphs of unrelated texts instead,
#: because a paragraph used in two stories links them.
OWN_PARAGRAPHS: tuple[str, ...] = (
    "Unsere Redaktion hat versucht, eine Stellungnahme der Beteiligten einzuholen. Bis zum Abend lag "
    "keine Antwort vor. Wir werden den Bericht ergänzen, sobald sich daran etwas ändert.",
    "Für die Leserinnen und Leser in der Region stellt sich vor allem eine Frage: Was bedeutet das für "
    "den Alltag? Fachleute der örtlichen Hochschule rechnen zunächst nicht mit spürbaren Folgen.",
    "Ein Blick zurück zeigt, wie schnell sich solche Lagen ändern können. Noch vor wenigen Wochen hatte "
    "kaum jemand mit dieser Entwicklung gerechnet, wie ein Gesprächspartner am Telefon einräumte.",
    "Die Debatte dürfte in den kommenden Tagen weitergehen. Im Stadtrat kündigten zwei Fraktionen an, "
    "das Thema bei der nächsten Sitzung auf die Tagesordnung zu setzen.",
    "Kommentar: Es wäre falsch, jetzt in hektische Betriebsamkeit zu verfallen. Besonnenheit ist gefragt, "
    "und ein klarer Blick auf das, was wirklich bekannt ist, statt auf Gerüchte aus dem Netz.",
    "Hintergrund: Die Zuständigkeiten sind zwischen mehreren Behörden verteilt. Das macht Abstimmungen "
    "langwierig, wie frühere Fälle gezeigt haben, bei denen Wochen bis zu einer Entscheidung vergingen.",
    "Wie eine Umfrage unserer Zeitung unter Passanten in der Innenstadt ergab, verfolgen viele Menschen "
    "die Nachrichten aufmerksam. Eine ältere Dame sagte, sie mache sich vor allem um ihre Enkel Sorgen.",
    "Unser Korrespondent berichtet von einer angespannten, aber ruhigen Stimmung vor Ort. Geschäfte "
    "hatten geöffnet, auf den Straßen war wenig Verkehr, und die Cafés am Marktplatz waren gut besucht.",
)

_REPORTING_VERBS = ("sagte", "erklärte", "betonte", "teilte mit", "unterstrich", "hob hervor")
_SIMPLE_VERBS = ("sagte", "erklärte", "betonte", "unterstrich")
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "rund": ("etwa", "ungefähr", "circa"),
    "etwa": ("rund", "ungefähr"),
    "bereits": ("schon",),
    "schon": ("bereits",),
    "jedoch": ("allerdings", "aber"),
    "allerdings": ("jedoch",),
    "zudem": ("außerdem", "darüber hinaus"),
    "außerdem": ("zudem",),
    "zunächst": ("vorerst", "erst einmal"),
    "derzeit": ("aktuell", "momentan"),
    "aktuell": ("derzeit",),
    "mehrere": ("einige", "verschiedene"),
    "weitere": ("zusätzliche",),
    "zuletzt": ("zuvor", "kürzlich"),
    "Angaben": ("Informationen", "Aussagen"),
    "laut": ("nach Angaben von", "zufolge"),
    "nun": ("jetzt",),
    "jetzt": ("nun",),
    "sagte": _SIMPLE_VERBS,
    "erklärte": _SIMPLE_VERBS,
    "betonte": _SIMPLE_VERBS,
    "berichtete": ("meldete", "teilte mit"),
    "warnte": ("mahnte",),
}
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")
_QUOTE_STYLES = (("„", "“"), ("«", "»"), ("»", "«"), ('"', '"'))
_QUOTED = re.compile(r"[„«»\"“]([^„«»\"“\n]{1,400})[“»«\"]")
_GROUPED_NUMBER = re.compile(r"\b(\d{1,3})[.  ](\d{3})\b")
_PLAIN_NUMBER = re.compile(r"\b([1-9]\d{0,2})(\d{3})\b(?![.,]\d)")
_COMPOUND = re.compile(r"\b([A-ZÄÖÜ][a-zäöüß]{2,})-([A-ZÄÖÜ])([a-zäöüß]{3,})\b")
_LONG_WORD = re.compile(r"\b[A-Za-zÄÖÜäöüß]{13,}\b")
_SOFT_HYPHEN = "\u00ad"
_NBSP = "\u00a0"


def split_sentences(text: str) -> list[str]:
    """Split German text into sentences; abbreviations and ordinals ("13. Oktober") do not end one.

    >>> split_sentences("Am 13. Oktober kam er, z.B. mit Dr. Kim. Dann ging er. „Gut“, sagte sie.")
    ['Am 13. Oktober kam er, z.B. mit Dr. Kim.', 'Dann ging er.', '„Gut“, sagte sie.']
    """
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].rsplit(None, 1)
        last = before[-1] if before else ""
        if last.isdigit() or last.rstrip(".") in _ABBREVIATIONS or len(last) == 1:
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def paragraphs_of(text: str, *, rng: random.Random | None = None) -> list[str]:
    """Paragraphs of a wire text: blocks between blank lines, or for one long
    block (a background article), groups of 2 to 4 sentences.

    >>> paragraphs_of("A eins.\\n\\nB zwei.")
    ['A eins.', 'B zwei.']
    >>> block = "Eins ist da. Zwei ist da. Drei ist da. Vier ist da. Fünf ist da."
    >>> len(paragraphs_of(block, rng=random.Random(0)))
    2
    """
    blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()]
    if len(blocks) > 1:
        return blocks
    sentences = split_sentences(blocks[0]) if blocks else []
    rng = rng or random.Random(0)
    out: list[str] = []
    i = 0
    while i < len(sentences):
        size = rng.randint(2, 4)
        if len(sentences) - (i + size) == 1:  # never leave a lone last sentence
            size += 1
        out.append(" ".join(sentences[i : i + size]))
        i += size
    return out


# --- wording -----------------------------------------------------------------


def _swap_words(paragraph: str, rng: random.Random, share: float) -> str:
    def repl(m: re.Match[str]) -> str:
        options = _SYNONYMS.get(m.group(0))
        if options and rng.random() < share:
            return rng.choice(options)
        return m.group(0)

    return _WORD.sub(repl, paragraph)


def _reported_speech(sentence: str) -> str:
    """„Zitat“, sagte X. -> X sagte: „Zitat“."""
    m = re.match(r"^(„[^“]+“|\"[^\"]+\"), (sagte|erklärte|betonte|warnte) ([^,.]{3,60})\.$", sentence)
    if not m:
        return sentence
    quote, verb, who = m.groups()
    who = who.strip()
    return f"{who[0].upper()}{who[1:]} {verb}: {quote}."


def _join_compounds(paragraph: str) -> str:
    return _COMPOUND.sub(lambda m: f"{m.group(1)}{m.group(2).lower()}{m.group(3)}", paragraph)


def _reword(paragraph: str, rng: random.Random, heavy: bool) -> str:
    sentences = [_reported_speech(s) for s in split_sentences(paragraph)]
    if heavy and len(sentences) >= 3:
        i = rng.randrange(1, len(sentences) - 1)
        sentences[i], sentences[i + 1] = sentences[i + 1], sentences[i]
    if heavy and len(sentences) >= 4:
        del sentences[rng.randrange(1, len(sentences))]
    text = " ".join(sentences)
    text = _swap_words(text, rng, 0.9 if heavy else 0.5)
    if rng.random() < 0.5:
        text = _join_compounds(text)
    return text


def _word_ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _WORD.findall(a), _WORD.findall(b), autojunk=False).ratio()


def _status(original: str, changed: str) -> str:
    if changed == original:
        return "verbatim"
    return "edited" if _word_ratio(original, changed) >= EDITED_MIN_RATIO else "rewritten"


# --- typography (never changes the status) -------------------------------------


def _typography(paragraph: str, rng: random.Random, style: dict[str, Any]) -> str:
    opening, closing = style["quotes"]
    text = _QUOTED.sub(lambda m: f"{opening}{m.group(1)}{closing}", paragraph)
    grouping = style["grouping"]
    if grouping == "plain":
        text = _GROUPED_NUMBER.sub(r"\1\2", text)
    elif grouping is not None:
        text = _GROUPED_NUMBER.sub(lambda m: f"{m.group(1)}{grouping}{m.group(2)}", text)
        text = _PLAIN_NUMBER.sub(lambda m: f"{m.group(1)}{grouping}{m.group(2)}", text)
    if style["nbsp"]:
        text = re.sub(r"(\d) (Prozent|Euro|Dollar|Soldaten|Menschen|Uhr)\b", rf"\1{_NBSP}\2", text)
    if style["soft_hyphens"]:
        text = _LONG_WORD.sub(lambda m: m.group(0)[:6] + _SOFT_HYPHEN + m.group(0)[6:], text)
    return text


def _typography_style(rng: random.Random) -> dict[str, Any]:
    return {
        "quotes": rng.choice(_QUOTE_STYLES),
        "grouping": rng.choice(("plain", ".", " ", _NBSP, None)),
        "nbsp": rng.random() < 0.5,
        "soft_hyphens": rng.random() < 0.3,
    }


# --- outlets and furniture ------------------------------------------------------


def derive_version(
    wire: Sequence[str],
    rng: random.Random,
    *,
    outlet: tuple[str, str],
    when: datetime,
    own: Sequence[str] = (),
    own_rate: float = 0.45,
) -> tuple[str, list[dict[str, Any]], list[str]]:
    """Make one outlet's version of a wire story.

    Args:
        wire: The wire story's paragraphs.
        rng: Source of every random choice (seeded by the caller).
        outlet: (name, short name) of the publishing outlet.
        when: Publication time (used in furniture dates).
        own: Candidate own paragraphs; the version may use some of them, in order.
        own_rate: Chance that the version adds own paragraphs at all.

    Returns:
        ``(text, gold_paragraphs, tags)``: gold spans are exact ``text[start:end]``
        slices in text order, tags name the transformations applied.
    """
    tags: list[str] = []
    order = list(range(len(wire)))
    if len(order) >= 3 and rng.random() < 0.4:
        order = order[: rng.randint(max(2, (len(order) + 1) // 2), len(order) - 1)]
        tags.append("cut")
    if len(order) >= 3 and rng.random() < 0.25:
        i = rng.randrange(1, len(order) - 1)
        order[i], order[i + 1] = order[i + 1], order[i]
        tags.append("reordered")
    units: list[tuple[str, str]] = []  # (text, status), in reading order
    reword = rng.random() < 0.35
    for i in order:
        text = wire[i]
        if reword and rng.random() < 0.7:
            text = _reword(text, rng, heavy=rng.random() < 0.5)
        units.append((text, _status(wire[i], text)))
    if any(status != "verbatim" for _, status in units):
        tags.append("reworded")
    own_left = list(own)
    if own_left and rng.random() < own_rate:
        for _ in range(rng.randint(1, min(3, len(own_left)))):
            units.insert(rng.randint(0, len(units)), (own_left.pop(0), "unique"))
        tags.append("own")
    if rng.random() < 0.5:
        style = _typography_style(rng)
        styled = [(_typography(t, rng, style), s) for t, s in units]
        if styled != units:
            tags.append("typography")
        units = styled
    layout = rng.choices(("blank", "single", "merged", "split"), weights=(0.55, 0.15, 0.15, 0.15))[0]
    if layout == "split":
        units = _split_units(units, rng)
    if layout != "blank":
        tags.append("resegmented")
    if layout == "merged":
        tags.append("merged")
    blocks: list[list[tuple[str, str]]] = [[u] for u in units]
    if layout == "merged":
        blocks = [units]
    if rng.random() < 0.7:
        furniture = outlet_furniture(outlet, when, rng)
        top = [[(f, "boilerplate")] for f in furniture["top"]]
        after = [[(f, "boilerplate")] for f in furniture["after_wire"]]
        bottom = [[(f, "boilerplate")] for f in furniture["bottom"]]
        blocks = top + blocks + after + bottom
        tags.append("furniture")
    if not set(tags) - {"furniture"}:
        tags.append("verbatim-copy")
    return (*_assemble(blocks, "\n" if layout == "single" else "\n\n"), sorted(tags))


def _split_units(units: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for text, status in units:
        sentences = split_sentences(text)
        if status != "unique" and len(sentences) >= 2:
            cut = rng.randint(1, len(sentences) - 1)
            out += [(" ".join(sentences[:cut]), status), (" ".join(sentences[cut:]), status)]
        else:
            out.append((text, status))
    return out


def _assemble(blocks: list[list[tuple[str, str]]], separator: str) -> tuple[str, list[dict[str, Any]]]:
    parts: list[str] = []
    gold: list[dict[str, Any]] = []
    pos = 0
    for b, block in enumerate(blocks):
        if b:
            parts.append(separator)
            pos += len(separator)
        for u, (text, status) in enumerate(block):
            if u:
                parts.append(" ")
                pos += 1
            parts.append(text)
            gold.append({"start": pos, "end": pos + len(text), "status": status})
            pos += len(text)
    return "".join(parts), gold


# --- a whole suite -------------------------------------------------------------

_STATUS_WEIGHT = {"verbatim": 1.0, "edited": 0.8, "rewritten": 0.5, "unique": 0.0}
_BASE_TIME = datetime(2024, 10, 21, 6, 0, tzinfo=UTC)


def _derived_share(gold: list[dict[str, Any]]) -> float:
    """Gold pair score: share of a version's own text (not furniture) that comes from the wire."""
    spans = [(g["end"] - g["start"], g["status"]) for g in gold if g["status"] in _STATUS_WEIGHT]
    total = sum(n for n, _ in spans)
    return round(sum(n * _STATUS_WEIGHT[s] for n, s in spans) / total, 4) if total else 0.0


def generate_suite(
    sources: Sequence[str | dict[str, Any]],
    *,
    negatives: Sequence[str | dict[str, str]] = (),
    own_pool: Sequence[str] | None = None,
    versions: tuple[int, int] = (3, 6),
    pairs_per_story: int = 2,
    seed: int = 0,
) -> list[dict[str, Any]]:
    """Generate a labelled suite: each source becomes one story cluster.

    Args:
        sources: Wire stories: texts (paragraphs separated by blank lines, or one
            block that is split into paragraphs of 2 to 4 sentences), or dicts with
            ``text`` and optionally ``provider`` and ``followups`` (texts of real
            follow-up versions that belong to the same story, added as members
            tagged ``natural``).
        negatives: Unrelated texts (or ``{"text", "genre"}``), each added as a singleton tagged ``negative``.
        own_pool: Paragraphs (from texts unrelated to every source and negative)
            that outlets add as their own; each is used once. ``None`` uses the
            built-in :data:`OWN_PARAGRAPHS`, reused across stories but never within one.
        versions: Inclusive range of derived versions per story (besides the wire).
        pairs_per_story: Labelled derived pairs (wire, version) per story, each
            matched by one non-derived pair (version, member of another story).
        seed: Everything random follows from it.

    Returns:
        Dataset records (``type`` "article" and "pair"), as ``docs/dataset-format.md`` describes.
    """
    lo, hi = versions
    if not 1 <= lo <= hi:
        raise ValueError(f"versions must be (low, high) with 1 <= low <= high, got {versions!r}")
    rng = random.Random(seed)
    pool = list(own_pool) if own_pool is not None else None
    own_rate = 0.45
    if pool is not None:
        rng.shuffle(pool)
        # spread a small pool evenly rather than use it up in the first stories (2 per version on average)
        own_rate = min(own_rate, len(pool) / max(1.0, len(sources) * (lo + hi) / 2 * 2))
    articles: list[dict[str, Any]] = []
    pairs: list[dict[str, Any]] = []
    members_by_story: list[list[str]] = []
    for s, source in enumerate(sources):
        spec = {"text": source} if isinstance(source, str) else dict(source)
        wire = paragraphs_of(spec["text"], rng=rng)
        cluster = f"story-{s:04d}"
        start = _BASE_TIME + timedelta(minutes=37 * s % (10 * 24 * 60))
        wire_id = f"{cluster}-wire"
        provider = spec.get("provider", "dpa")
        articles.append(
            _article(wire_id, "\n\n".join(wire), cluster, provider, start, ["reference", "wire"], provider)
        )
        ids = [wire_id]
        used_own: set[str] = set()  # an own paragraph used twice in a story is no longer unique
        outlets = rng.sample(OUTLETS, min(len(OUTLETS), hi))
        for v in range(rng.randint(lo, hi)):
            when = start + timedelta(minutes=rng.randint(10, 30 * 60))
            if pool is None:
                own = [p for p in rng.sample(OWN_PARAGRAPHS, len(OWN_PARAGRAPHS)) if p not in used_own][:3]
            else:
                own = pool[:3]
            text, gold, tags = derive_version(
                wire, rng, outlet=outlets[v % len(outlets)], when=when, own=own, own_rate=own_rate
            )
            n_own = sum(1 for g in gold if g["status"] == "unique")  # derive_version takes own in order
            used_own.update(own[:n_own])
            if pool is not None:
                del pool[:n_own]
            vid = f"{cluster}-v{v + 1}"
            # More versions than outlets: an outlet runs the story twice (an update).
            rec = _article(vid, text, cluster, None, when, tags, outlets[v % len(outlets)][0])
            rec["gold_paragraphs"] = gold
            articles.append(rec)
            ids.append(vid)
            if v < pairs_per_story:
                pairs.append(
                    {"type": "pair", "a": wire_id, "b": vid, "derived": True, "score": _derived_share(gold)}
                )
        for f, followup in enumerate(spec.get("followups", ())):
            fid = f"{cluster}-f{f + 1}"
            when = start + timedelta(minutes=rng.randint(30, 6 * 60))
            articles.append(_article(fid, followup, cluster, provider, when, ["natural"], provider))
            ids.append(fid)
        members_by_story.append(ids)
    for n, negative in enumerate(negatives):
        when = _BASE_TIME + timedelta(minutes=rng.randint(0, 10 * 24 * 60))
        nid = f"neg-{n:04d}"
        outlet = rng.choice(OUTLETS)[0]
        # A negative may carry its wire genre (dpa tables, notices), as real items do.
        text = negative if isinstance(negative, str) else negative["text"]
        record = _article(nid, text, nid, None, when, ["negative", "reference"], outlet)
        if not isinstance(negative, str) and negative.get("genre"):
            record["genre"] = negative["genre"]
        articles.append(record)
    negative_ids = [a["id"] for a in articles if "negative" in a["tags"]]
    derived_pairs = list(pairs)
    for pair in derived_pairs:
        story = int(pair["a"].split("-")[1])
        choices = [i for k, m in enumerate(members_by_story) if k != story for i in m[1:]] or negative_ids
        if choices:
            other = rng.choice(choices[:: max(1, len(choices) // 500)])
            pairs.append({"type": "pair", "a": pair["b"], "b": other, "derived": False, "score": 0.0})
    return articles + pairs


def _article(
    aid: str,
    text: str,
    cluster: str,
    provider: str | None,
    when: datetime,
    tags: list[str],
    outlet: str,
) -> dict[str, Any]:
    rec: dict[str, Any] = {"type": "article", "id": aid, "text": text, "outlet": outlet}
    if provider:
        rec["provider"] = provider
    rec.update(published_at=when.isoformat(), language="de", gold_cluster=cluster, tags=tags)
    return rec
