"""Read what newsrooms send and turn it into :class:`~dedupe.article.Article` records.

Supported inputs:

============================  ==========================================  =====================
format                        recognised by                               module
============================  ==========================================  =====================
plain text                    ``text/plain``, ``.txt``                    :mod:`.plain`
JSON Lines of articles        ``application/x-ndjson``, ``.jsonl``        :mod:`.plain`
plain JSON article            ``{"id", "text"}`` object or list           :mod:`.plain`
IPTC ninjs 1.x/2.x/3.x        JSON with ``uri``/``guid`` and bodies       :mod:`.ninjs`
dpa-digitalwires              JSON with ``format: digitalwires@...``      :mod:`.digitalwires`
IPTC NewsML-G2                XML root ``newsMessage`` / ``newsItem``     :mod:`.newsml_g2`
IPTC NewsML 1.2 + NITF (AFP)  XML root ``NewsML``                         :mod:`.newsml12`
IPTC NITF 3.x                 XML root ``nitf``                           :mod:`.nitf`
RSS 2.0 / 1.0, Atom 1.0       XML root ``rss``, ``rdf:RDF``, Atom         :mod:`.feeds`
                              ``feed``; ``.rss``, ``.atom``
JSON Feed 1.0 / 1.1           JSON ``version`` jsonfeed.org + ``items``   :mod:`.jsonfeed`
HTML page                     ``text/html``, ``.html``, ``.htm``          :mod:`.html`
ANPA-1312, IPTC 7901, ZCZC    SYN/SOH or ``ZCZC`` first (also in          :mod:`.transmission`
                              ``text/plain``, ``.txt``); ``.tst``, ``.anpa``
============================  ==========================================  =====================

The parser is chosen by content type, else by file extension, else by
sniffing the bytes; a text body that opens like a wire transmission (SYN or SOH
control characters, ``ZCZC``) is read as one, and a ``.tst`` file that does not is
read as plain text. JSON and text must be UTF-8 (wire transmissions may also be
Latin-1); XML and HTML may declare another encoding. XML is parsed with every entity
declaration refused (:class:`~dedupe.errors.UnsafeInputError`).

Entry points: :func:`parse_bytes` (one request or file -> list of articles)
and :func:`iter_path_records` (files and folders for the batch command; bad
records are yielded as errors, not raised).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..article import Article
from ..errors import FormatError, InputError, SkippedInput
from .decoding import BOMS, check_not_binary, decode_declared, decode_html, decode_utf8
from .digitalwires import is_digitalwires, parse_digitalwires
from .feeds import is_feed, parse_feed
from .fields import each_item, json_problem
from .jsonfeed import is_json_feed, parse_json_feed
from .newsml12 import parse_newsml12
from .newsml_g2 import parse_newsml_g2
from .ninjs import is_ninjs, parse_ninjs
from .nitf import parse_nitf
from .plain import article_from_json, article_from_text, iter_jsonl, require_text, with_wire_ref
from .transmission import is_transmission, parse_transmission
from .walk import bounded_lines, walk
from .xml import local_name, parse_xml

__all__ = ["DEFAULT_MAX_FILE_BYTES", "EXTENSIONS", "MEDIA_TYPES", "iter_path_records", "parse_bytes"]

#: Content types the API accepts (anything else is 415 Unsupported Media Type).
MEDIA_TYPES: tuple[str, ...] = (
    "application/json",
    "application/feed+json",
    "application/x-ndjson",
    "application/xml",
    "text/xml",
    "application/vnd.iptc.g2.newsitem+xml",
    "application/vnd.iptc.g2.newsmessage+xml",
    "application/rss+xml",
    "application/atom+xml",
    "text/html",
    "application/xhtml+xml",
    "text/plain",
)
_KIND_BY_MEDIA_TYPE = {
    "application/json": "json",
    "application/feed+json": "json",
    "application/x-ndjson": "jsonl",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/vnd.iptc.g2.newsitem+xml": "xml",
    "application/vnd.iptc.g2.newsmessage+xml": "xml",
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
}
#: File extensions the batch command reads; everything else in a folder is skipped.
EXTENSIONS: dict[str, str] = {
    ".txt": "text",
    ".jsonl": "jsonl",
    ".json": "json",
    ".ninjs": "json",
    ".xml": "xml",
    ".nitf": "xml",
    ".rss": "xml",
    ".atom": "xml",
    ".html": "html",
    ".htm": "html",
    ".tst": "transmission",
    ".anpa": "transmission",  # AP's own name for its ANPA-1312 downloads
}
DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024

# The first element's name, after the XML declaration, comments and a doctype.
_ROOT_ELEMENT = re.compile(
    rb"(?:\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype[^\[>]*(?:\[.*?\])?\s*>))*\s*<([a-z][\w:.-]*)", re.DOTALL
)
_HTML_ROOTS = (b"<!doctype html", b"<html")
# What `dedupe cluster` writes opens with: the report's generator tag, the JSON's clusters.
_OWN_OUTPUT = re.compile(
    rb'<meta name="generator" content="wire-dedupe|^\s*\{\s*"(clusters"\s*:\s*\[|cluster_id":)'
)
# What only a markup file opens with (a text may well open with "<Eilmeldung>").
_MARKUP_ROOT = re.compile(
    rb"<(?:!doctype html|html[\s>]|\?xml\s|(?:rss|feed|rdf:rdf|newsitem|newsmessage|nitf)[\s>])"
)


def _sniff(data: bytes) -> str:
    if is_transmission(data):
        return "transmission"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith(b"<"):
        # The root element decides: a feed's CDATA body or a wire item's inline XHTML may
        # hold "<html" early on, after their own root.
        root = _ROOT_ELEMENT.match(head)
        return "html" if root is not None and root.group(1) == b"html" else "xml"
    return "text"


def _kind(content_type: str | None, filename: str | None, data: bytes) -> tuple[str, str | None]:
    charset = kind = None
    if content_type:
        media, _, params = content_type.partition(";")
        media = media.strip().lower()
        if m := re.search(r"charset\s*=\s*\"?([\w.-]+)", params, re.IGNORECASE):
            charset = m.group(1)
        kind = _KIND_BY_MEDIA_TYPE.get(media)
    if kind is None and filename:
        kind = EXTENSIONS.get(Path(filename).suffix.lower())
    head = data[:256].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (kind == "text" and _MARKUP_ROOT.match(head)) or (kind == "xml" and head.startswith(_HTML_ROOTS)):
        # A page or a wire item saved under the wrong name or type: its markup is no text.
        return _sniff(data), charset
    return kind or _sniff(data), charset


#: Where content APIs list their items (Superdesk "_items", ninjs APIs "item"/"items", "data").
_ENVELOPE_KEYS = ("_items", "items", "item", "data", "results", "articles")
_WRAPPER_KEYS = ("data", "item")


def _from_json_value(
    value: Any, *, source: str | None, default_language: str, errors: list[InputError] | None = None
) -> list[Article]:
    if isinstance(value, list):
        found = each_item(
            value,
            lambda item: _from_json_value(
                item, source=source, default_language=default_language, errors=errors
            ),
            errors,
            source=source,
        )
        return [a for articles in found for a in articles]
    if not isinstance(value, dict):
        raise FormatError(
            f"JSON must be an object (or a list of objects), not {type(value).__name__}", source=source
        )
    if is_digitalwires(value):
        return parse_digitalwires(value, source=source, default_language=default_language, errors=errors)
    if is_json_feed(value):
        return parse_json_feed(value, source=source, default_language=default_language, errors=errors)
    if "id" in value and ("text" in value or "html" in value):
        return [article_from_json(value, source=source, default_language=default_language)]
    if is_ninjs(value):
        return [parse_ninjs(value, source=source, default_language=default_language)]
    listed = [value[k] for k in _ENVELOPE_KEYS if isinstance(value.get(k), list)]
    if len(listed) == 1 and all(isinstance(x, dict) for x in listed[0]):
        # A content API's answer saved as it came ({"_items": [...], "_meta": ...}): its items.
        return _from_json_value(listed[0], source=source, default_language=default_language, errors=errors)
    wrapped = [value[k] for k in _WRAPPER_KEYS if isinstance(value.get(k), dict)]
    if not listed and len(wrapped) == 1:
        # One object wrapped ({"data": {"item": {...}}}, AP's Media API): what it wraps.
        return _from_json_value(wrapped[0], source=source, default_language=default_language, errors=errors)
    keys = ", ".join(sorted(value)[:8])
    raise FormatError(
        "JSON object is neither a plain article ({'id', 'text'}), ninjs ('uri' + bodies) nor "
        f"dpa-digitalwires ('urn', 'article_html'); it has keys: {keys}",
        source=source,
    )


def _parse_xml_items(
    data: bytes, stem: str | None, source: str, default_language: str, errors: list[InputError] | None
) -> list[Article]:
    root = parse_xml(data, source=source)
    name = local_name(root)
    if name in ("newsMessage", "newsItem"):
        return parse_newsml_g2(root, source=source, default_language=default_language, errors=errors)
    if name == "NewsML":
        return parse_newsml12(root, source=source, default_language=default_language, errors=errors)
    if name == "nitf":
        return [parse_nitf(root, article_id=stem, source=source, default_language=default_language)]
    if is_feed(root):
        return parse_feed(root, source=source, default_language=default_language, errors=errors)
    if name in ("packageItem", "conceptItem", "planningItem", "knowledgeItem", "catalog"):
        raise FormatError(
            f"a NewsML-G2 <{name}> describes or groups items and holds no article text: send the "
            "<newsItem>s it refers to",
            source=source,
        )
    raise FormatError(
        f"unknown XML root <{name}>: expected NewsML-G2 <newsMessage> or <newsItem>, "
        "NewsML 1.2 <NewsML>, NITF <nitf>, RSS <rss> or <rdf:RDF>, or Atom <feed> "
        "(in the namespace http://www.w3.org/2005/Atom)",
        source=source,
    )


def parse_bytes(
    data: bytes,
    *,
    content_type: str | None = None,
    filename: str | None = None,
    source: str | None = None,
    default_language: str = "auto",
    errors: list[InputError] | None = None,
) -> list[Article]:
    """Parse one request body or file into articles.

    Args:
        data: The raw bytes.
        content_type: HTTP Content-Type, if known (parameters such as
            ``charset`` are allowed); decides the parser when it is one of
            :data:`MEDIA_TYPES`.
        filename: File name, if known: its extension decides the parser when
            the content type does not, and its stem is the id of plain text
            and HTML files.
        source: Name for error messages and ``Article.source`` (defaults to
            ``filename``, else "request").
        default_language: Language for items that declare none.
        errors: For a file of several items (a NewsML message, a JSON list, a
            digitalwires feed, an RSS or Atom feed): where a bad item's error goes while the others are
            kept. Without it, the first bad item's error is raised.

    Returns:
        One article per item (a NewsML message, JSON list or JSONL body can
        hold several), each with non-empty text unless it is a kill.

    Raises:
        InputError: Binary data, text that is not UTF-8, empty text, plain
            text without an id.
        FormatError: Malformed JSON or XML, or an unknown structure.
        UnsafeInputError: XML declaring entities or referring to external resources.

    >>> [a.id for a in parse_bytes(b'{"id": "a1", "text": "Hallo Welt."}', content_type="application/json")]
    ['a1']
    """
    source = source or filename or "request"
    check_not_binary(data[:8192], source=source)
    if data.startswith(BOMS[1:]) and is_transmission(
        utf8 := decode_utf8(data, source=source).encode("utf-8")
    ):
        # A wire transmission saved as UTF-16 with its byte order mark (what Windows saves
        # as "Unicode"): read as the bytes it was sent as, opening with its SYN or SOH.
        data = utf8
    kind, charset = _kind(content_type, filename, data)
    stem = Path(filename).stem if filename else None

    if kind == "xml":
        try:
            articles = _parse_xml_items(data, stem, source, default_language, errors)
        except RecursionError:
            # lxml parses any depth; our walks over the tree recurse (900 levels are fine).
            raise FormatError("XML nested too deeply to be an article", source=source) from None
    elif kind == "html":
        from .html import parse_html  # local: trafilatura is heavy to import

        html = decode_html(data, charset=charset, source=source)
        articles = [
            with_wire_ref(parse_html(html, source=source, article_id=stem, default_language=default_language))
        ]
    elif kind in ("text", "transmission") and is_transmission(data):
        # A CMS may label a wire transmission text/plain, and save it as .txt.
        articles = parse_transmission(
            data, stem=stem, source=source, default_language=default_language, errors=errors
        )
    elif kind in ("text", "transmission"):
        text = decode_declared(data, charset=charset, source=source)
        return [article_from_text(text, article_id=stem, source=source, default_language=default_language)]
    elif kind == "jsonl" or (kind == "json" and _is_json_lines(data)):
        articles = []
        for record in iter_jsonl(data.splitlines(), source=source, default_language=default_language):
            if isinstance(record, InputError):
                raise record
            articles.append(record)
        return articles
    else:
        text = decode_utf8(data, source=source)
        try:
            value = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise FormatError(json_problem(exc), source=source) from None
        articles = _from_json_value(value, source=source, default_language=default_language, errors=errors)
    return each_item(articles, require_text, errors, source=source)


def _is_json_lines(data: bytes) -> bool:
    """JSON Lines saved as ``.json``: more than one line, the first a whole JSON object."""
    first, _, rest = data.lstrip(b"\xef\xbb\xbf \t\r\n").partition(b"\n")
    if not rest.strip() or not first.rstrip().endswith(b"}"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def iter_path_records(
    paths: Iterable[str | Path],
    *,
    default_language: str = "auto",
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> Iterator[Article | InputError]:
    """Articles from files and folders, with an error yielded for each bad record.

    Folders are walked recursively in sorted order, links to folders followed (each
    folder read once); hidden files and folders are left out; files of other types
    (README.md, index.tsv, a .gz) are yielded as :class:`SkippedInput`, so that the
    caller can name them.
    Duplicate ids are left to the engine.

    Args:
        paths: Files and folders, in the order given.
        default_language: Language for records that declare none.
        max_file_bytes: Larger files are refused before they are read.

    Yields:
        :class:`Article` records, and :class:`InputError` (not raised) for a
        missing path, an oversized, binary or undecodable file, a malformed
        file or JSONL line (naming file and line), or empty text.
    """
    for given in paths:
        for path in walk(Path(given), EXTENSIONS):
            if isinstance(path, InputError):
                yield path
                continue
            source = str(path)
            try:
                if path.suffix.lower() == ".jsonl":
                    # Streamed a line at a time: a month of articles in one file is
                    # fine, so the limit holds for each line (one record), not the file.
                    with path.open("rb") as fh:
                        head = fh.read(8192)
                        fh.seek(0)
                        if _OWN_OUTPUT.search(head):
                            yield SkippedInput(
                                "not read: a wire-dedupe output, not an article", source=source
                            )
                            continue
                        if head.startswith(BOMS[1:]):
                            # UTF-16 with a byte order mark: what Windows tools save as "Unicode".
                            utf16 = io.TextIOWrapper(fh, encoding="utf-16", errors="replace", newline="")
                            lines = bounded_lines(utf16, max_file_bytes)
                        else:
                            # Binary by its magic bytes, or by NUL bytes in a head without one
                            # line of JSON: a NUL byte in a record spoils that line (JSON
                            # refuses it), not the good records around it.
                            records = [x for x in re.split(rb"\r\n?|\n", head) if x.lstrip()[:1] == b"{"]
                            check_not_binary(
                                head if not any(b"\x00" not in x for x in records) else b"", source=source
                            )
                            if b"\n" not in head and b"\r" in head:
                                # Classic Mac line ends, CR alone: lines as the library reads them.
                                text = io.TextIOWrapper(
                                    fh, encoding="utf-8", errors="surrogateescape", newline=None
                                )
                                lines = bounded_lines(text, max_file_bytes)
                            else:
                                lines = bounded_lines(fh, max_file_bytes)
                        yield from iter_jsonl(
                            lines,
                            source=source,
                            default_language=default_language,
                            max_line_bytes=max_file_bytes,
                        )
                    continue
                size = path.stat().st_size
                if size <= max_file_bytes:
                    # Read up to the limit and one byte more: a pipe or device reports no size.
                    with path.open("rb") as fh:
                        data = fh.read(max_file_bytes + 1)
                    size = max(size, len(data))
                if size > max_file_bytes:
                    said = f"file is {size:,} bytes" if size > max_file_bytes + 1 else "file is larger"
                    yield InputError(
                        f"{said}, over the {max_file_bytes:,}-byte limit for one "
                        "file: split it (JSON Lines files have the limit per line instead)",
                        source=source,
                    )
                    continue
                if _OWN_OUTPUT.search(data[:4096]):
                    # Last night's report or JSON in the folder this night reads: no article.
                    yield SkippedInput("not read: a wire-dedupe output, not an article", source=source)
                    continue
                bad: list[InputError] = []
                found = parse_bytes(
                    data, filename=path.name, source=source, default_language=default_language, errors=bad
                )
                yield from found
                yield from bad
                if not found and not bad:
                    yield SkippedInput("not read: no article in it (an empty list)", source=source)
            except InputError as exc:
                yield exc
            except OSError as exc:
                yield InputError(f"cannot read file: {exc.strerror or exc}", source=source)
