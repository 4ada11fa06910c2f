"""Bytes to text: the checks and decodings every input file goes through.

Text formats must be UTF-8 (or UTF-16 with its byte-order mark). An HTML page may
declare another charset; the labels browsers read as windows-1252 are decoded as such.
Binary files (PDF, archives, images) are refused by their first bytes.
"""

from __future__ import annotations

import codecs
import re

from ..errors import InputError
from .xml import LATIN1_HINT, charset_codec

__all__ = ["BOMS", "check_not_binary", "decode_declared", "decode_html", "decode_legacy", "decode_utf8"]

BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_MAGIC = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "ZIP/Office",
    b"\x1f\x8b": "gzip",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\xfd7zXZ": "xz",
    b"BZh": "bzip2",
}
# XHTML may say its encoding only in the XML declaration.
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._-]+)""", re.IGNORECASE)
# The labels the WHATWG Encoding Standard maps to windows-1252.
_WINDOWS_1252_LABELS = frozenset(
    ("ansi-x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
     "iso8859-1", "iso88591", "iso-8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252")
)  # fmt: skip
# The five bytes windows-1252 leaves undefined decode as the Latin-1 control characters, as in browsers.
_C1_AS_LATIN1 = "wire-dedupe-c1"
codecs.register_error(_C1_AS_LATIN1, lambda e: (chr(e.object[e.start]), e.start + 1))


def check_not_binary(head: bytes, *, source: str | None) -> None:
    for magic, name in _MAGIC.items():
        if head.startswith(magic):
            raise InputError(f"binary file ({name}), not an article: unpack or convert it", source=source)
    if b"\x00" in head[:8192] and not head.startswith(BOMS[1:]):
        raise InputError("binary file (contains NUL bytes), not an article text", source=source)


def decode_utf8(data: bytes, *, source: str | None) -> str:
    if data.startswith(BOMS[1:]):
        # What Windows tools save as "Unicode": UTF-16 that says so in its first bytes.
        try:
            return data.decode("utf-16").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise InputError(
                "text starts with a UTF-16 mark but does not decode as UTF-16", source=source
            ) from None
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise InputError(f"text is {LATIN1_HINT}", source=source) from None


def decode_html(data: bytes, *, charset: str | None, source: str | None) -> str:
    if data.startswith(BOMS[1:]):
        return decode_utf8(data, source=source)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pass
    declared = charset
    if declared is None and (m := _HTML_CHARSET.search(data[:4096]) or _XML_ENCODING.match(data)):
        declared = m.group(1).decode("ascii")
    if declared is None or declared.lower().replace("-", "") == "utf8":
        raise InputError(f"HTML is {LATIN1_HINT} (or declare its charset in a <meta> tag)", source=source)
    return _as_declared(data, declared, what="HTML", source=source)


def decode_declared(data: bytes, *, charset: str | None, source: str | None) -> str:
    """A plain text in the charset its sender declared (``text/plain; charset=...``), else UTF-8.

    >>> decode_declared("Straße – 5 €".encode("cp1252"), charset="ISO-8859-1", source=None)
    'Straße – 5 €'
    """
    if charset is None or charset.lower().replace("-", "").replace("_", "") == "utf8":
        return decode_utf8(data, source=source)
    return _as_declared(data, charset, what="text", source=source)


def _as_declared(data: bytes, charset: str, *, what: str, source: str | None) -> str:
    if charset.lower().replace("_", "-") in _WINDOWS_1252_LABELS:
        # Browsers read these labels as windows-1252 (the WHATWG Encoding Standard), and
        # pages rely on it: "€", „quotes“ and dashes sit in bytes 0x80-0x9F, which
        # ISO-8859-1 makes invisible control characters.
        return data.decode("cp1252", errors=_C1_AS_LATIN1)
    codec = charset_codec(charset, what=what, source=source)
    try:
        return data.decode(codec)
    except (UnicodeError, ValueError) as exc:
        raise InputError(
            f"{what} does not decode as its declared charset {charset!r}: {exc}", source=source
        ) from None


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_legacy(data: bytes) -> str:
    r"""Text of a format older than UTF-8 (a wire transmission): UTF-8, else Latin-1 or its
    Windows superset, as agencies send them.

    A text that is mostly UTF-8 but holds a stray byte (a line fault) keeps its UTF-8,
    with that byte replaced, rather than every umlaut of the message turned to mojibake:

    >>> decode_legacy("Vorräte «Polarlicht» ".encode("utf-8") + b"\xff")
    'Vorräte «Polarlicht» �'
    >>> decode_legacy("Vorräte".encode("cp1252"))
    'Vorräte'
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        high = sum(1 for b in data if b >= 0x80)
        if 2 * sum(len(m) for m in _UTF8_SEQUENCE.findall(data)) > high:
            return data.decode("utf-8", errors="replace")
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")
