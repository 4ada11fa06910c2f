"""Agency notices printed inside article text.

Outlets that auto-publish the dpa feed print a line such as
``© dpa-infocom, dpa:220123-99-817158/3`` under the story. It names the wire
item (``220123-99-817158``, the suffix of the NewsML-G2 guid
``urn:newsml:dpa.com:20090101:220123-99-817158``) and its version (``3``), so
it links the page to the wire item without any text comparison.
"""

from __future__ import annotations

import re

__all__ = ["find_dpa_notice"]

_DPA_NOTICE = re.compile(r"\bdpa:(\d{6}-\d{2,3}-\d{2,7})(?:/(\d{1,4}))?\b")


def find_dpa_notice(text: str) -> tuple[str, str | None] | None:
    """The wire item id and version of the last dpa notice in ``text``.

    >>> find_dpa_notice("... Ende.\\n\\n© dpa-infocom, dpa:220123-99-817158/3")
    ('220123-99-817158', '3')
    >>> find_dpa_notice("Kein Hinweis hier.") is None
    True
    """
    if "dpa:" not in text:  # a substring search, far cheaper than the regex over every article
        return None
    matches = list(_DPA_NOTICE.finditer(text))
    if not matches:
        return None
    last = matches[-1]  # the notice closes the article; earlier hits are quotes
    return last.group(1), last.group(2)
