"""Lines that recur across unrelated articles, found one article at a time.

The batch finds outlet furniture that no wording rule knows (a masthead, a
breadcrumb, an author's bio line) by counting every line across the whole corpus
(:func:`dedupe.corpus.prepare_corpus`). The live index sees one article at a time,
so it keeps a ledger instead: for each line (a 64-bit hash of its
:func:`~dedupe.boilerplate.line_key`) the first few articles that hold it. When a line
reaches ``min_docs`` holders (and again at twice and four times that) it is judged
with the batch's rule (:func:`mostly_unrelated`); once it is
furniture it stays furniture, and the live index prepares its holders again without it.

Without this, a teaser that is little more than its outlet's masthead and bio line
links every other article of that outlet: on the synthetic suite in suite order the
live index built one 394-member cluster (pairwise precision 0.05) where the batch
keeps 1.0.
"""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import combinations

import numpy as np

from .boilerplate import line_key
from .document import Document
from .postings import Postings, Slots
from .sketch import count_common

__all__ = [
    "FurnitureKeys",
    "RecurringLines",
    "article_lines",
    "is_furniture",
    "line_hash",
    "line_hashes",
    "mostly_unrelated",
    "overlap_beyond_line",
]

#: Holders kept per line; the batch also judges a line on its first 12 holders.
MAX_HOLDERS = 12


def article_lines(doc: Document) -> list[str]:
    """The lines of an article counted for recurrence: content paragraphs, and the
    sentences of paragraphs with more than one (a stub sentence inside a paragraph)."""
    lines = []
    for p in doc.paragraphs:
        if p.furniture:
            continue
        lines.append(p.span.text)
        if len(p.sentences) > 1:
            lines.extend(s.span.text for s in p.sentences)
    return lines


def mostly_unrelated(
    holders: Sequence[str],
    overlap: Callable[[str, str], float],
    *,
    related_at: float = 0.2,
    undecided: list[bool] | None = None,
) -> bool:
    """True when fewer than half the pairs of ``holders`` (in the given order) are related
    and three of them are unrelated to each other.

    ``overlap(a, b)`` is how much two holders of a line share apart from it; a pair
    is related from ``related_at``. A line that three versions of one story carry is
    copy; one that three unrelated stories carry is furniture. A story's lead that two
    copies carry and one other page quotes in its teaser box is held in two contexts,
    not three: it stays copy, however early the live index judges it. ``undecided``, when
    given, receives an entry where the pairs are mostly unrelated but no three holders are.

    >>> mostly_unrelated(["a", "b", "c"], lambda a, b: 0.0)
    True
    >>> mostly_unrelated(["a", "b", "c"], lambda a, b: 0.6)
    False
    >>> copies = {("wire", "copy")}
    >>> mostly_unrelated(["teaser", "wire", "copy"], lambda a, b: 0.6 if (a, b) in copies else 0.0)
    False
    """
    known: dict[tuple[str, str], bool] = {}

    def related(a: str, b: str) -> bool:
        if (a, b) not in known:
            known[(a, b)] = overlap(a, b) >= related_at
        return known[(a, b)]

    pairs = [(a, b) for i, a in enumerate(holders) for b in holders[i + 1 :]]
    count = 0
    for n, (a, b) in enumerate(pairs):
        if related(a, b):
            count += 1
            if count * 2 >= len(pairs):
                return False  # decided: copies of one story measure no further
        elif (count + len(pairs) - n - 1) * 2 < len(pairs):
            break
    if count * 2 >= len(pairs):
        return False
    found = any(
        not related(a, b) and not related(a, c) and not related(b, c) for a, b, c in combinations(holders, 3)
    )
    if not found and undecided is not None:
        undecided.append(True)  # mostly unrelated, but in two contexts so far: the next holder may tell
    return found


def overlap_beyond_line(
    a: Document, b: Document, key: str, shingle_size: int, shared: int | None = None
) -> float:
    """How much of what two holders of line ``key`` have beside it they share.

    Containment of their word shingles with the line's own taken out of both the
    shared count and the smaller document. A holder that is little more than the line
    (a one-paragraph story and its copies) has nothing beside it that could show the
    two unrelated, so they count as related (1.0). ``shared`` is the number of
    shingles they share (``count_common(a.shingles, b.shingles)``) when the caller has it.
    """
    line_shingles = max(1, len(key.split()) - shingle_size + 1)
    if shared is None:
        shared = count_common(a.shingles, b.shingles)
    besides = min(len(a.shingles), len(b.shingles)) - line_shingles
    if besides <= 0:
        return 1.0
    return max(0, shared - line_shingles) / besides


def is_furniture(
    holders: Sequence[Document],
    key: str,
    shingle_size: int,
    shared: dict[tuple[str, str], int] | None = None,
    undecided: list[bool] | None = None,
) -> bool:
    """The batch's rule for a line ``key`` that ``holders`` carry: are they mostly unrelated?

    ``shared`` caches shingles shared per pair of ids across calls: the lines of one
    article mostly have the same holders, and the intersection is the whole cost.
    """
    by_id = {d.id: d for d in holders}
    cache: dict[tuple[str, str], int] = {} if shared is None else shared

    def overlap(a: str, b: str) -> float:
        if (a, b) not in cache:
            cache[(a, b)] = count_common(by_id[a].shingles, by_id[b].shingles)
        return overlap_beyond_line(by_id[a], by_id[b], key, shingle_size, cache[(a, b)])

    return mostly_unrelated(sorted(by_id), overlap, undecided=undecided)


def line_hash(key: str) -> int:
    """A stable signed 64-bit hash of a line key (the same in every process, unlike ``hash``).

    >>> line_hash("startseite > politik") == line_hash("startseite > politik")
    True
    >>> -(2**63) <= line_hash("x") < 2**63
    True
    """
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little", signed=True)


def line_hashes(doc: Document) -> dict[int, str]:
    """Hash -> line key of every counted line of ``doc`` (see :func:`article_lines`)."""
    out: dict[int, str] = {}
    for text in article_lines(doc):
        key = line_key(text)
        if key:
            out.setdefault(line_hash(key), key)
    return out


class FurnitureKeys:
    """Line keys found to be furniture, kept as hashes; ``key in keys`` takes a line key.

    Passed as ``furniture_lines`` to :func:`dedupe.document.prepare`.

    >>> keys = FurnitureKeys([line_hash("startseite > politik")])
    >>> "startseite > politik" in keys, "brand in wien." in keys
    (True, False)
    """

    __slots__ = ("hashes",)

    def __init__(self, hashes: Iterable[int] = ()):
        self.hashes: set[int] = set(hashes)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and line_hash(key) in self.hashes

    def __len__(self) -> int:
        return len(self.hashes)

    def __iter__(self) -> Iterator[int]:
        return iter(self.hashes)


class RecurringLines:
    """The ledger: which articles hold which line, and which lines are furniture.

    Memory is small on purpose (it grows with the live index): per article an
    ``array`` of its line hashes and a slot, per (line, holder) 12 bytes in a
    :class:`~dedupe.postings.Postings`.

    Example:
        >>> ledger = RecurringLines(min_docs=3)
        >>> ledger.register("a", [1, 2]), ledger.register("b", [1]), ledger.register("c", [1, 3])
        ([], [], [1])
        >>> ledger.holders(1)
        ('a', 'b', 'c')
    """

    def __init__(self, *, min_docs: int = 3):
        self.min_docs = min_docs
        self.furniture = FurnitureKeys()
        self._slots = Slots()
        self._holders = Postings()  # line hash -> slots of its holders, oldest first
        self._lines_of: dict[str, array] = {}
        self._undecided: set[int] = set()  # judged below 2 * min_docs holders, not yet decided

    def __len__(self) -> int:
        return len(self._lines_of)

    def lines_of(self, article_id: str) -> Sequence[int]:
        return self._lines_of.get(article_id, ())

    def holders(self, key: int) -> tuple[str, ...]:
        """The first :data:`MAX_HOLDERS` articles that hold line ``key`` (the batch judges as many)."""
        return tuple(self._slots.live_ids(self._holders.lookup(key))[:MAX_HOLDERS])

    def register(self, article_id: str, keys: Iterable[int]) -> list[int]:
        """Record that ``article_id`` holds ``keys`` (replacing what it held); the keys to judge now.

        A line is judged when its holders reach ``min_docs``, twice and four times
        that: what looked like one story's copy at three holders may turn out to be a
        footer at twelve. A line left undecided (:meth:`judge`) is judged at every holder
        up to twice ``min_docs``.
        """
        self.unregister(article_id)
        unique = array("q", sorted(set(keys)))
        self._lines_of[article_id] = unique
        due = []
        checkpoints = {self.min_docs, 2 * self.min_docs, 4 * self.min_docs}
        keys_held = np.frombuffer(unique, dtype=np.int64)
        for key in keys_held[self._holders.present(keys_held.view(np.uint64))].tolist():  # most are new
            held = len(self.holders(key)) + 1
            if key not in self.furniture.hashes and (
                held in checkpoints or (key in self._undecided and held <= 2 * self.min_docs)
            ):
                due.append(key)
        self._holders.add(unique, self._slots.new(article_id), alive=self._slots.alive)
        return due

    def restore(self, article_id: str, keys: Iterable[int]) -> None:
        """Record a stored article's lines without judging anything (the judgements were stored)."""
        self.restore_many([(article_id, keys)])

    def restore_many(self, items: Iterable[tuple[str, Iterable[int]]]) -> None:
        """:meth:`restore` for many articles at once (a restart): one pass over the ledger."""
        keys: list[array] = []
        slots: list[int] = []
        for article_id, lines in items:
            self.unregister(article_id)
            plain = lines.tolist() if hasattr(lines, "tolist") else lines  # numpy ints -> int, at C speed
            unique = array("q", sorted(set(plain)))
            self._lines_of[article_id] = unique
            keys.append(unique)
            slots.append(self._slots.new(article_id))
        if not keys:
            return
        flat = np.concatenate([np.frombuffer(k, dtype=np.int64) for k in keys])
        owners = np.repeat(np.asarray(slots, dtype=np.int32), [len(k) for k in keys])
        self._holders.extend(flat.view(np.uint64), owners, alive=self._slots.alive)

    def unregister(self, article_id: str) -> None:
        # Its entries stay in the postings, dead, until the next merge drops them.
        self._lines_of.pop(article_id, None)
        self._slots.kill(article_id)

    def judge(
        self, key: int, holders: Sequence[Document], line: str, shingle_size: int, shared: dict | None = None
    ) -> bool:
        """:func:`is_furniture` for a line due now. One whose holders are mostly unrelated but
        hold it in two contexts only (a story and a teaser of it) is judged again at the next
        holder, up to twice ``min_docs``, rather than only at that checkpoint."""
        undecided: list[bool] = []
        furniture = is_furniture(holders, line, shingle_size, shared, undecided)
        if undecided:
            self._undecided.add(key)
        else:
            self._undecided.discard(key)
        return furniture

    def mark(self, key: int) -> None:
        self.furniture.hashes.add(key)
