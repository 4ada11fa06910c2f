"""WordPress eXtended RSS (WXR): an outlet CMS's export of its posts.

WordPress exports a site as RSS 2.0 whose items carry ``wp:`` fields; :mod:`.feeds`
reads it as a feed, with three differences this module supplies:

* only published posts are articles: attachments, pages, menu items and revisions
  (``wp:post_type``) and drafts (``wp:status`` ``draft``, ``pending``, ``private``)
  are left out; a scheduled post (``future``) is withheld, a trashed one a kill.
* ``content:encoded`` holds the post as typed, before WordPress adds its markup: a
  blank line ends a paragraph and a single line break is a ``<br>``.
* shortcodes (``[caption ...]...[/caption]``, ``[contact_form]``, ``[dropcap]M[/dropcap]``)
  are the CMS's macros, not text: media ones go with their content, the others leave
  their content; a lone ``[sic]`` is an editor's bracket and stays.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from .xml import local_name

__all__ = ["is_wxr_item", "wxr_html", "wxr_status"]

_WP_NS = "http://wordpress.org/export/"
# Post types that are site furniture, never an article.
_NOT_ARTICLES = frozenset(
    {"attachment", "page", "nav_menu_item", "revision", "custom_css", "customize_changeset", "oembed_cache"}
    | {"user_request", "wp_block", "wp_template", "wp_template_part", "wp_global_styles", "wp_navigation"}
)
_STATUSES = {"publish": "usable", "future": "withheld", "trash": "canceled"}
_MEDIA_SHORTCODES = re.compile(
    r"\[(caption|wp_caption|embed|video|audio|gallery|playlist)\b[^\]]*\].*?\[/\1\]", re.S
)
_SHORTCODE = re.compile(r"\[(/?)([a-z][\w-]*)(\s[^\]]*)?\]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# A line break between two pieces of text (not next to a tag) is a <br>, as WordPress shows it.
_LINE_BREAK = re.compile(r"(?<=[^>\s])[ \t]*\n[ \t]*(?=[^<\s])")


def _wp(item: Element, name: str) -> str | None:
    for child in item:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag.startswith("{" + _WP_NS) and local_name(child) == name:
            return (child.text or "").strip().lower() or None
    return None


def is_wxr_item(item: Element) -> bool:
    """Whether an RSS ``<item>`` comes from a WordPress export (it has ``wp:`` fields)."""
    return any(isinstance(c.tag, str) and c.tag.startswith("{" + _WP_NS) for c in item)


def wxr_status(item: Element) -> str | None:
    """Our ``pubstatus`` for a WordPress export item, or None when it is no published post.

    >>> from xml.etree.ElementTree import fromstring
    >>> wp = 'xmlns:wp="http://wordpress.org/export/1.2/"'
    >>> item = lambda t, s: fromstring(f"<item {wp}><wp:post_type>{t}</wp:post_type><wp:status>{s}</wp:status></item>")
    >>> wxr_status(item("post", "publish")), wxr_status(item("attachment", "inherit")), wxr_status(item("post", "draft"))
    ('usable', None, None)
    """
    if (_wp(item, "post_type") or "post") in _NOT_ARTICLES:
        return None
    return _STATUSES.get(_wp(item, "status") or "publish")


def _shortcode(match: re.Match[str], closed: set[str]) -> str:
    name, attributes = match.group(2), match.group(3)
    if name in closed or "_" in name or "-" in name or attributes:
        return ""
    return match.group(0)


def wxr_html(raw: str) -> str:
    """HTML for a post's ``content:encoded`` as WordPress would show it, without shortcodes.

    >>> wxr_html("[dropcap]E[/dropcap]ins\\nzwei\\n\\n[caption id=\\"1\\"]<img src=x> Bild[/caption]Drei [sic]")
    '<p>Eins<br>zwei</p><p>Drei [sic]</p>'
    """
    text = _MEDIA_SHORTCODES.sub("", raw.replace("\r\n", "\n"))
    closed = {m.group(2) for m in _SHORTCODE.finditer(text) if m.group(1)}
    text = _SHORTCODE.sub(lambda m: _shortcode(m, closed), text)
    blocks = (_LINE_BREAK.sub("<br>", block.strip()) for block in _PARAGRAPH_BREAK.split(text))
    return "".join(f"<p>{block}</p>" for block in blocks if block)
