"""Safe XML parsing for wire formats, and namespace-blind element helpers.

Wire XML comes from outside, so it is parsed with defusedxml and every entity
declaration and external reference is refused: that is where entity bombs
("billion laughs") and external entities (``<!ENTITY x SYSTEM "file:///etc/passwd">``)
live. Refusal happens when the parser meets the declaration, before anything is
expanded or fetched. A bare DOCTYPE that only names its DTD
(``<!DOCTYPE nitf SYSTEM "nitf-3-3.dtd">``, common in NITF and NewsML 1.2 exports)
is accepted: the DTD is never loaded, and without entities it cannot do anything.

The helpers match elements by local name, so the same code reads
``<ns0:newsItem>`` (Reuters), ``<newsItem xmlns=...>`` (dpa) and NITF without
a namespace.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from ..errors import FormatError, InputError, UnsafeInputError

__all__ = [
    "XML_NS",
    "attr",
    "charset_codec",
    "child",
    "children",
    "descendants",
    "element_text",
    "local_name",
    "parse_xml",
]

XML_NS = "{http://www.w3.org/XML/1998/namespace}"

_DECLARED_ENCODING = re.compile(rb"^\s*<\?xml[^>]*\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
LATIN1_HINT = "not UTF-8 (looks like Latin-1?): convert with iconv -f latin1 -t utf-8"


def parse_xml(data: bytes, *, source: str | None = None) -> Element:
    """Parse untrusted XML bytes into an ElementTree root, refusing entities.

    Args:
        data: The raw file or request body.
        source: Name used in error messages (file name or "request").

    Returns:
        The root element.

    Raises:
        UnsafeInputError: The document declares entities or refers to
            external resources.
        InputError: The bytes are neither UTF-8 nor in a declared encoding.
        FormatError: The XML is malformed.

    >>> parse_xml(b"<a><b>Hallo</b></a>").find("b").text
    'Hallo'
    """
    if data[:1].isspace() and data.lstrip()[:5] == b"<?xml":
        # Feeds served by real sites often open with a blank line before the declaration,
        # which XML forbids; what follows is read as it was meant.
        data = data.lstrip()
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):  # UTF-32's mark: expat reads no UTF-32
        text = data.decode("utf-32")
        return parse_xml(_DECLARED_ENCODING.sub(_as_utf8, text.encode("utf-8"), 1), source=source)
    declared = _DECLARED_ENCODING.match(data[:200])
    name = declared.group(1).decode("ascii").lower().replace("-", "") if declared else None
    if not data.startswith(_BOMS) and name in (None, "utf8"):
        # Undeclared XML is UTF-8, and so is XML that says so; an export from a Latin-1
        # system often says neither truly. Named here with its line, not as "invalid token".
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            said = "declares UTF-8 but" if name else "without an encoding declaration"
            raise InputError(
                f"XML {said} is {LATIN1_HINT}, or declare its real encoding: "
                "<?xml version='1.0' encoding='ISO-8859-1'?>",
                source=source,
                line=data.count(b"\n", 0, exc.start) + 1,
            ) from None
    try:
        return safe_et.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeInputError(
            f"refused XML with an entity declaration or external reference in its <!DOCTYPE ...> "
            f"({type(exc).__name__}); news XML needs none: remove the entity declarations",
            source=source,
        ) from None
    except ParseError as exc:
        looks_json = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")
        hint = " (it looks like JSON: send it as application/json or name it .json)" if looks_json else ""
        raise FormatError(f"malformed XML: {exc}{hint}", source=source) from None
    except LookupError as exc:  # an encoding name Python does not know
        raise InputError(f"XML declares an unknown encoding: {exc}", source=source) from None
    except ValueError:
        # Expat reads no multi-byte encoding but UTF-8 and UTF-16 (a Shift_JIS feed, UTF-32),
        # and a codec that is no charset (idna, "undefined") fails inside it: Python's
        # codec reads the text, which is then parsed as the UTF-8 it has become.
        if declared is None or name in ("utf8", "utf16"):
            raise
        codec = charset_codec(declared.group(1).decode("ascii"), what="XML", source=source)
        try:
            text = data.decode(codec).removeprefix("\ufeff")
        except (UnicodeError, ValueError) as exc:
            raise InputError(
                f"XML does not decode as its declared encoding {codec!r}: {exc}", source=source
            ) from None
        return parse_xml(_DECLARED_ENCODING.sub(_as_utf8, text.encode("utf-8"), 1), source=source)


def _as_utf8(declaration: re.Match[bytes]) -> bytes:
    """The XML declaration of a text made UTF-8 (its encoding named anew)."""
    return declaration.group(0).replace(declaration.group(1), b"UTF-8")


#: Codecs Python has that name no character set: a declaration naming one is an error.
_NOT_CHARSETS = frozenset(("idna", "punycode", "undefined", "unicode-escape", "raw-unicode-escape"))


def charset_codec(charset: str, *, what: str, source: str | None) -> str:
    """Python's name of a declared charset, or a clear error for one that is none.

    >>> charset_codec("Shift_JIS", what="XML", source=None)
    'shift_jis'
    """
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        raise InputError(f"{what} declares an unknown charset {charset!r}", source=source) from None
    if codec in _NOT_CHARSETS:
        raise InputError(f"{what} declares {charset!r}, which is no character set", source=source)
    return codec


def local_name(el: Element) -> str:
    """The tag without its namespace: ``{ns}newsItem`` -> ``newsItem``."""
    tag = el.tag
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rpartition("}")[2]


def children(el: Element | None, name: str) -> list[Element]:
    """Direct children called ``name`` (any namespace)."""
    if el is None:
        return []
    return [c for c in el if local_name(c) == name]


def child(el: Element | None, *path: str) -> Element | None:
    """The first element down a path of local names, or None."""
    for name in path:
        found = children(el, name)
        if not found:
            return None
        el = found[0]
    return el


def descendants(el: Element | None, name: str) -> Iterator[Element]:
    """Every element called ``name`` below ``el`` in document order."""
    if el is None:
        return
    for d in el.iter():
        if d is not el and local_name(d) == name:
            yield d


def attr(el: Element | None, name: str) -> str | None:
    """An attribute by local name (``xml:lang`` is ``lang``), stripped, or None."""
    if el is None:
        return None
    for key, value in el.attrib.items():
        if key.rpartition("}")[2] == name:
            return value.strip() or None
    return None


def element_text(el: Element | None) -> str | None:
    """All text inside an element, whitespace collapsed, or None if blank."""
    if el is None:
        return None
    text = " ".join("".join(el.itertext()).split())
    return text or None
