"""Paragraphs out of body markup: XHTML inside wire XML, HTML fragments in JSON.

Every wire body becomes a list of paragraphs (one per ``<p>`` or subheading),
which parsers join with a blank line, so that the engine's segmenter sees
the same paragraph boundaries the agency sent. Inside a paragraph, runs of
whitespace (Reuters wraps its lines at 65 characters) become one space and
``<br>`` becomes a newline; a ``<pre>`` keeps its lines, its blank lines part its
paragraphs. A paragraph of nothing but tags (an embed code sent as escaped text) is
not text, and character references left over from escaping twice (``&amp;quot;``,
STT) are read. Text outside any block (a CMS ``<div>`` of text) is
kept: each container (``<div>``, ``<section>``) ends a paragraph, and so do two or
more ``<br>`` in a row.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any
from xml.etree.ElementTree import Element

import lxml.html

from .xml import local_name

__all__ = [
    "BLOCK_TAGS",
    "drop_repeated_headline",
    "join_paragraphs",
    "looks_like_html",
    "paragraphs_from_html",
    "paragraphs_from_xhtml",
    "plain_paragraphs",
]

# A body that opens with a block tag is markup, whatever its label says (or whether it has one).
_OPENS_WITH_BLOCK_TAG = re.compile(
    r"\s*<(p|div|h[1-6]|br|section|article|ul|ol|blockquote)\b[^>]*>", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    """Whether a body labelled text (or not labelled) is HTML: it opens with a block tag.

    >>> looks_like_html("<p>Erster Absatz.</p>"), looks_like_html("<Rutte> sagte ...")
    (True, False)
    """
    return bool(_OPENS_WITH_BLOCK_TAG.match(text))


#: Elements that make one paragraph each.
BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2", "li", "blockquote", "pre"})
#: Elements whose text is never article text (embeds, an Infomaker <object>'s data among
#: them, captions, code; NITF's media
#: with its caption, its editorial notes, which may hold a whole body.content, and credits).
_SKIP_TAGS = frozenset(
    {"figure", "figcaption", "script", "style", "noscript", "iframe", "table", "img", "object"}
    | {"head", "media", "media-caption", "note", "credit", "tagline"}
)
#: Elements that end a run of loose text (which makes a paragraph of its own).
_CONTAINER_TAGS = frozenset(
    {"div", "section", "article", "main", "header", "footer", "aside", "body", "ul", "ol", "dl", "dd", "dt"}
    | {"block", "body.content", "bq"}
)
# Stands for <br> while source line breaks, which only wrap lines, are collapsed.
_BR = "\ue000"
_PARAGRAPH_BREAK = re.compile(f"{_BR}(?:\\s*{_BR})+")


# What is left of a character reference after a second escaping: "&amp;quot;" parses to "&quot;".
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|quot|amp|apos|lt|gt|nbsp);")
# Only tags, no words: an embed code ("<div class=...></div><script ...></script>").
_MARKUP_ONLY = re.compile(r"(?:\s*<[^<>]*>)+\s*")


def _clean(parts: Iterable[str]) -> str:
    text = "".join(parts)
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    lines = (" ".join(line.split()) for line in text.split(_BR))
    return "\n".join(line for line in lines if line)


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Join paragraphs with a blank line, dropping empty ones.

    >>> join_paragraphs(["Erster Absatz.", "  ", "Zweiter."])
    'Erster Absatz.\\n\\nZweiter.'
    """
    return "\n\n".join(p.strip() for p in paragraphs if p and p.strip())


def drop_repeated_headline(paragraphs: list[str], title: str | None) -> list[str]:
    """The paragraphs without a first one that only repeats the headline (an ``<h1>``).

    >>> drop_repeated_headline(["Katze gerettet", "Die Feuerwehr ..."], "Katze gerettet")
    ['Die Feuerwehr ...']
    """
    if paragraphs and title and _casefolded(paragraphs[0]) == _casefolded(title):
        return paragraphs[1:]
    return paragraphs


def _casefolded(text: str) -> str:
    return " ".join(text.split()).rstrip(".").casefold()


def plain_paragraphs(text: str) -> list[str]:
    """Split plain body text into paragraphs.

    Blank lines separate paragraphs; lines wrapped inside a paragraph are
    joined. Text without any blank line is split at each newline.

    >>> plain_paragraphs("Eins ist\\nlang.\\n\\nZwei.")
    ['Eins ist lang.', 'Zwei.']
    >>> plain_paragraphs("Eins.\\nZwei.")
    ['Eins.', 'Zwei.']
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [" ".join(b.split()) for b in blocks if b.strip()]


# One walk for ElementTree (the safe XML parser) and lxml (HTML fragments) ---------
#
# Both trees offer .tag, .text, .tail, .get() and iteration over children; local_name()
# reads both (lxml's comment nodes have a non-string tag, like ElementTree's).


def _tag(el: Any) -> str:
    return local_name(el).lower()


def _skipped(el: Any) -> bool:
    tag = _tag(el)
    if not tag or tag in _SKIP_TAGS:
        return True
    # A CMS marks its photo credits by class, not by <figcaption>: "Foto: Feuerwehr".
    return any("caption" in token for token in (el.get("class") or "").lower().split())


def _inline_text(el: Any) -> Iterable[str]:
    """The text inside ``el``, with ``<br>`` as a marker and skipped elements left out."""
    yield el.text or ""
    for c in el:
        if _skipped(c):
            pass  # comments, embeds: drop the element but keep the text after it
        elif _tag(c) == "br":
            yield _BR
        else:
            yield from _inline_text(c)
        yield c.tail or ""


# Wire text typed to a fixed width inside one <p> (older Reuters items): each paragraph
# starts on an indented line, its other lines are wrapped flush left. Pretty-printed
# HTML indents every line alike, so both kinds of line must be there, twice each.
_TYPED_INDENT = re.compile(r"\n {3,}\S")
_TYPED_WRAP = re.compile(r"\n[^\s<]")


def _typed_paragraphs(raw: str) -> list[str]:
    """Paragraphs of fixed-width wire text: a new one at each indented or blank line.

    >>> _typed_paragraphs("(Adds detail)\\n    Gold rose on\\nTuesday.\\n    Traders\\nwaited.")
    ['(Adds detail)', 'Gold rose on Tuesday.', 'Traders waited.']
    """
    chunks = re.split(r"\n\s*\n|\n(?= {3,}\S)", raw.replace(_BR, "\n"))
    return [text for chunk in chunks if (text := _clean(chunk.replace("\n", " ")))]


def _split(parts: Iterable[str]) -> list[str]:
    # Two or more <br> in a row are how CMS editors separate paragraphs without <p>.
    return [text for chunk in _PARAGRAPH_BREAK.split("".join(parts)) if (text := _clean(chunk))]


def _paragraphs(root: Any, blocks: frozenset[str]) -> list[str]:
    out: list[str] = []
    loose: list[str] = []

    def has_block(el: Any) -> bool:
        return any(_tag(d) in blocks for d in el.iter() if d is not el)

    def flush() -> None:
        out.extend(_split(loose))
        loose.clear()

    def walk(el: Any) -> None:
        loose.append(el.text or "")
        for c in el:
            tag = _tag(c)
            if _skipped(c):
                pass
            elif tag in blocks and not has_block(c):
                flush()
                raw = "".join(_inline_text(c))
                if tag == "pre":
                    # Preformatted text keeps its lines; its blank lines part paragraphs.
                    chunks = re.split(r"\n\s*\n", raw.replace(_BR, "\n"))
                    out.extend(t for chunk in chunks if (t := _clean(chunk.replace("\n", _BR))))
                elif len(_TYPED_INDENT.findall(raw)) >= 2 and len(_TYPED_WRAP.findall(raw)) >= 2:
                    out.extend(_typed_paragraphs(raw))
                # Inside a <p> the sender chose one paragraph: its breaks stay line breaks.
                elif text := _clean(raw):
                    out.append(text)
            elif tag == "br":
                loose.append(_BR)
            elif tag in blocks or tag in _CONTAINER_TAGS or has_block(c):
                # A <div> ends a run of text as a <p> would: "Minuten." and the
                # "Foto: ..." of the next <div> are not one sentence.
                flush()
                walk(c)
                flush()
            else:
                loose.extend(_inline_text(c))
            loose.append(c.tail or "")

    walk(root)
    flush()
    return [p for p in out if not _MARKUP_ONLY.fullmatch(p)]


def paragraphs_from_xhtml(container: Element | None, *, blocks: frozenset[str] = BLOCK_TAGS) -> list[str]:
    """Paragraphs of the outermost block elements below an ElementTree element.

    A ``<li>`` holding a ``<p>`` counts once (the ``<p>``); tables, figures
    and captions are skipped. Text outside any block (a ``<div>`` of text split
    by ``<br/><br/>``) is kept, split where two or more ``<br>`` follow each other.
    """
    if container is None:
        return []
    return _paragraphs(container, blocks)


# HTML fragments (ninjs body_html, digitalwires article_html) -----------------


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def paragraphs_from_html(fragment: str) -> list[str]:
    """Paragraphs of an HTML fragment, without tags, embeds or captions.

    Text outside any block element (a bare ``body_html`` of one paragraph)
    forms its own paragraph.

    >>> paragraphs_from_html("<p>Eins <b>fett</b>.</p><figure><figcaption>F</figcaption></figure><h2>2</h2>")
    ['Eins fett.', '2']
    >>> paragraphs_from_html("Nur Text, ohne Absatz.")
    ['Nur Text, ohne Absatz.']
    """
    if not isinstance(fragment, str) or not fragment.strip():
        return []
    # lxml refuses NUL and C0 control characters (which no article text needs).
    fragment = _CONTROL.sub("", fragment)
    if not fragment.strip():
        return []
    # lxml's HTML parser never loads DTDs or external entities.
    root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    return _paragraphs(root, BLOCK_TAGS)
