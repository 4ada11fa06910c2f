"""Paragraphs out of body markup: XHTML inside wire XML, HTML fragments in JSON.

Every wire body becomes a list of paragraphs (one per ``<p>`` or subheading),
which parsers join with a blank line, so that the engine's segmenter sees
the same paragraph boundaries the agency sent. Inside a paragraph, runs of
whitespace (Reuters wraps its lines at 65 characters) become one space and
``<br>`` becomes a newline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from xml.etree.ElementTree import Element

import lxml.html
from lxml import etree

from .xml import local_name

__all__ = [
    "BLOCK_TAGS",
    "join_paragraphs",
    "paragraphs_from_html",
    "paragraphs_from_xhtml",
    "plain_paragraphs",
]

#: Elements that make one paragraph each.
BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "hl1", "hl2", "li", "blockquote", "pre"})
#: Elements whose text is never article text (embeds, captions, code).
_SKIP_TAGS = frozenset({"figure", "figcaption", "script", "style", "noscript", "iframe", "table", "img"})
# Stands for <br> while source line breaks, which only wrap lines, are collapsed.
_BR = "\ue000"


def _clean(parts: Iterable[str]) -> str:
    text = "".join(parts)
    lines = (" ".join(line.split()) for line in text.split(_BR))
    return "\n".join(line for line in lines if line)


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    """Join paragraphs with a blank line, dropping empty ones.

    >>> join_paragraphs(["Erster Absatz.", "  ", "Zweiter."])
    'Erster Absatz.\\n\\nZweiter.'
    """
    return "\n\n".join(p.strip() for p in paragraphs if p and p.strip())


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


# ElementTree (from the safe XML parser) -------------------------------------


def _et_text(el: Element) -> Iterable[str]:
    name = local_name(el)
    if name in _SKIP_TAGS:
        yield el.tail or ""
        return
    if name == "br":
        yield _BR
    else:
        yield el.text or ""
        for c in el:
            yield from _et_text(c)
    yield el.tail or ""


def paragraphs_from_xhtml(container: Element | None, *, blocks: frozenset[str] = BLOCK_TAGS) -> list[str]:
    """Paragraphs of the outermost block elements below an ElementTree element.

    A ``<li>`` holding a ``<p>`` counts once (the ``<p>``); tables, figures
    and captions are skipped.
    """
    if container is None:
        return []
    out: list[str] = []

    def walk(el: Element) -> None:
        for c in el:
            name = local_name(c)
            if name in _SKIP_TAGS:
                continue
            if name in blocks and not any(local_name(d) in blocks for d in c.iter() if d is not c):
                text = _clean(part for part in _et_text_inner(c))
                if text:
                    out.append(text)
            else:
                walk(c)

    walk(container)
    return out


def _et_text_inner(el: Element) -> Iterable[str]:
    yield el.text or ""
    for c in el:
        yield from _et_text(c)


# HTML fragments (ninjs body_html, digitalwires article_html) -----------------


def _lx_text(el: etree._Element) -> Iterable[str]:
    yield el.text or ""
    for c in el:
        if not isinstance(c.tag, str) or c.tag.lower() in _SKIP_TAGS:
            pass  # comments, embeds: drop the element but keep the text after it
        elif c.tag.lower() == "br":
            yield _BR
        else:
            yield from _lx_text(c)
        yield c.tail or ""


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
    out: list[str] = []
    loose: list[str] = []

    def flush() -> None:
        text = _clean(loose)
        if text:
            out.append(text)
        loose.clear()

    def walk(el: etree._Element) -> None:
        loose.append(el.text or "")
        for c in el:
            tag = c.tag.lower() if isinstance(c.tag, str) else ""
            if tag in _SKIP_TAGS or not tag:
                pass
            elif tag in BLOCK_TAGS and not any(
                isinstance(d.tag, str) and d.tag.lower() in BLOCK_TAGS for d in c.iterdescendants()
            ):
                flush()
                text = _clean(_lx_text(c))
                if text:
                    out.append(text)
            elif tag == "br":
                loose.append(_BR)
            elif tag in BLOCK_TAGS or any(
                isinstance(d.tag, str) and d.tag.lower() in BLOCK_TAGS for d in c.iterdescendants()
            ):
                flush()
                walk(c)
                flush()
            else:
                loose.extend(_lx_text(c))
            loose.append(c.tail or "")

    walk(root)
    flush()
    return out
