"""A batch's documents: every article prepared, lines that recur across the batch made furniture.

Preparing was half of a large batch (61.8 of 121.6 s at 100,000 scaled-suite
articles) and is pure Python, so with two cores a forked worker prepares part of the
articles while this process prepares the rest, and hands its documents back packed
(:mod:`dedupe.codec`). Unpacking costs this process about a third of preparing, and
the documents are the ones one process makes, paragraph sharing included. Measured
in one session, alternating with the code before: 100,000 articles 121.6 -> 110.3 s
(preparing 61.8 -> 49.5 s), peak RSS 6.11 -> 6.22 GiB; 30,000 articles 34.6 -> 30.3 s.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from . import parallel
from .article import Article
from .boilerplate import recurring_keys
from .codec import Packer, unpack_share
from .config import Config
from .document import (
    Document,
    LineKeys,
    ParagraphCache,
    add_shingles,
    drop_furniture_lines,
    line_keys,
    prepare,
)
from .numbers import cache_numbers
from .recurring import MAX_HOLDERS, is_furniture

__all__ = ["PARALLEL_FROM", "misplaced_lines", "prepare_corpus"]

#: Fewer articles than this are prepared here alone: a fork and the packing cost
#: more than a worker saves.
PARALLEL_FROM = 2000
#: The share of the text this process prepares itself when one worker helps: the
#: worker packs what it prepares (about a fifth more work) and this process unpacks
#: it afterwards (about a third of preparing it), so equal finishing times leave
#: this process a little more than half.
OWN_SHARE = 0.55


def prepare_corpus(
    articles: Sequence[Article],
    config: Config,
    *,
    workers: int = 1,
    recurring: dict[str, list[str]] | None = None,
) -> list[Document]:
    """Prepare every article, treating lines that recur across unrelated articles as furniture.

    Shingles are built once, after the furniture is known: a document that loses a
    line gets them from :func:`drop_furniture_lines`, the others from
    :func:`add_shingles` (only the holders of a recurring line need them before).
    ``workers``: processes that may prepare (this one included); the documents do not
    depend on it. ``recurring``, when given, receives every line that recurs but was
    kept as content, with the ids of its holders (see :func:`misplaced_lines`).
    """
    size = config.shingle_size
    docs, lines = _prepare_all(articles, size, workers)
    lines_by_doc = {doc.id: keys for doc, keys in zip(docs, lines, strict=True)}
    # The keys of article_lines(doc), taken from those already made.
    keys_by_doc = {
        doc.id: {
            key
            for paragraph, (own, of_sentences) in zip(doc.paragraphs, keys, strict=True)
            if not paragraph.furniture
            for key in ((own, *of_sentences) if len(of_sentences) > 1 else (own,))
        }
        for doc, keys in zip(docs, lines, strict=True)
    }

    def ready(doc: Document) -> Document:
        return cache_numbers(add_shingles(doc, size), [own for own, _ in lines_by_doc[doc.id]])

    candidates = recurring_keys(keys_by_doc)
    if not candidates:
        return [ready(d) for d in docs]
    by_id = {d.id: d for d in docs}
    holders: dict[str, list[str]] = defaultdict(list)
    for doc_id, keys in keys_by_doc.items():
        for key in keys & candidates:
            holders[key].append(doc_id)
    # Each line is judged on its first holders (as the live index does), with what each
    # pair shares beside that line; the shared count is one set intersection per pair.
    shared: dict[tuple[str, str], int] = {}
    furniture = {
        key
        for key, ids in holders.items()
        if is_furniture([add_shingles(by_id[i], size) for i in sorted(ids)[:MAX_HOLDERS]], key, size, shared)
    }
    if recurring is not None:
        recurring.update((key, ids) for key, ids in holders.items() if key not in furniture)
    affected = {i for key in furniture for i in holders.get(key, ())}
    # Only the paragraphs change: the sentences already prepared are kept.
    return [
        ready(drop_furniture_lines(d, furniture, shingle_size=size, keys=lines_by_doc[d.id]))
        if d.id in affected
        else ready(d)
        for d in docs
    ]


def _prepare_share(
    articles: Sequence[Article], size: int, cache: ParagraphCache
) -> tuple[list[Document], list[LineKeys]]:
    docs, lines = [], []
    for article in articles:
        doc = prepare(article, shingle_size=size, paragraph_cache=cache, with_shingles=False)
        docs.append(doc)
        # Keyed right after preparing, while line_key's cache still holds the keys the
        # sentences were just tokenised from: after the whole batch it no longer does
        # (at 30,000 articles, keying the lines again took a sixth of the batch).
        lines.append(line_keys(doc))
    return docs, lines


def _prepare_all(
    articles: Sequence[Article], size: int, workers: int
) -> tuple[list[Document], list[LineKeys]]:
    """Documents without shingles and their line keys, in the articles' order."""
    cache: ParagraphCache = {}
    if workers < 2 or len(articles) < PARALLEL_FROM:
        return _prepare_share(articles, size, cache)
    # Contiguous shares by text length: copies of a story that arrive together stay
    # in one share, where a repeated paragraph is packed once.
    lengths = [len(a.text) for a in articles]
    total, running, cut = sum(lengths), 0, len(articles)
    for n, length in enumerate(lengths):
        running += length
        if running >= OWN_SHARE * total:
            cut = n + 1
            break
    if cut >= len(articles):
        return _prepare_share(articles, size, cache)
    shares = [range(0, cut), range(cut, len(articles))]
    home = os.getpid()

    def task(positions: range) -> Any:
        share = [articles[i] for i in positions]
        if os.getpid() == home:  # this process (or no fork at all): keep the objects
            return "prepared", _prepare_share(share, size, cache)
        packer = Packer()
        for doc, keys in zip(*_prepare_share(share, size, {}), strict=True):
            packer.add(doc, keys)
        return "packed", packer.packed()

    docs: list[Document] = []
    lines: list[LineKeys] = []
    keys_of: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for positions, (form, result) in zip(shares, parallel.map_shares(task, shares, workers=2), strict=True):
        if form == "packed":
            share_docs, share_lines = unpack_share([articles[i] for i in positions], result, cache, keys_of)
        else:
            share_docs, share_lines = result
        docs.extend(share_docs)
        lines.extend(share_lines)
    return docs, lines


def misplaced_lines(recurring: dict[str, list[str]], story_of: dict[str, int]) -> dict[str, set[str]]:
    """Per article id, the recurring lines it alone holds in its story but other stories hold too.

    Judged once the stories are known. A site's template can hold so much (a disclaimer,
    its wire byline, a bio, teasers of its other stories) that every two of its pages
    share a third of their text and the corpus rule keeps those lines as content; but a
    line that only one version of a story carries while other stories carry it as well is
    nobody's own material in that story: a teaser or the template, furniture there. Where
    a story has two or more holders, the line is that story's text (a wire's lead, also
    quoted in another story's teaser box).

    >>> recurring = {"teaser": ["s3-wire", "s3-copy", "page-s1", "page-s5"], "lead": ["a", "b", "c"]}
    >>> story = {"s3-wire": 3, "s3-copy": 3, "page-s1": 1, "page-s5": 5, "a": 0, "b": 0, "c": 0}
    >>> sorted(misplaced_lines(recurring, story).items())
    [('page-s1', {'teaser'}), ('page-s5', {'teaser'})]
    """
    out: dict[str, set[str]] = defaultdict(set)
    for key, ids in recurring.items():
        per_story: dict[int, list[str]] = defaultdict(list)
        for doc_id in ids:
            per_story[story_of[doc_id]].append(doc_id)
        if len(per_story) < 2:
            continue
        for holders in per_story.values():
            if len(holders) == 1:
                out[holders[0]].add(key)
    return dict(out)
