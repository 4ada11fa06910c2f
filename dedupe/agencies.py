"""Which news agency a text is copy of, by its metadata or by the dateline it opens with.

Agency copy opens with a dateline: "GENEVA (AFP) -", "Berlin (dpa) –", "CEDAR KEY, Fla.
(AP) —". An outlet that republishes the copy keeps it; an outlet that rewrites the
story in its own words mostly drops it. The origin of a cluster is chosen among agency
copy (:mod:`dedupe.describe`), and two clusters that each hold one agency's dated copy
are two items of that agency (:func:`dedupe.grouping.group_positions`).
"""

from __future__ import annotations

import re
from typing import NamedTuple

__all__ = ["AGENCIES", "DATELINE", "Dateline", "dateline", "dateline_agency", "is_agency_name", "same_place"]

#: Outlet or provider names that mark agency copy (origin candidates first).
AGENCIES = (
    "afp",
    "dpa",
    "reuters",
    "ap",
    "associated press",
    "apa",
    "epd",
    "sda",
    "ansa",
    "efe",
    "ddp",
    # Other national agencies of Europe and beyond whose copy outlets carry with a dateline.
    "kna",
    "belga",
    "anp",
    "lusa",
    "pap",
    "ctk",
    "tasr",
    "mti",
    "sta",
    "hina",
    "agerpres",
    "bta",
    "tt",
    "ntb",
    "stt",
    "ritzau",
    "pa",
    "anadolu",
    "tass",
    "ria novosti",
    "interfax",
    "ukrinform",
    "xinhua",
    "kyodo",
    "yonhap",
    "aap",
    "upi",
    "sid",
    "keystone-sda",
    # Their names written out, as outlets and feeds name them ("The Associated Press").
    "agence france-presse",
    "agence france presse",
    "deutsche presse-agentur",
    "austria presse agentur",
    "press association",
    "pa media",
    "australian associated press",
    "united press international",
    "kyodo news",
    "yonhap news agency",
    "anadolu agency",
)


# "GENEVA (AFP) -", "Berlin (dpa) –", "Washington (Reuters/AP) —": the dateline agency
# copy opens with. An outlet that republishes it keeps the dateline, but below its own
# headline and inside its page's furniture: a text reads as the wire when its first
# content paragraph starts with one, or its second below a headline line in a text
# without any furniture (a wire item saved with its headline as the first line).
_AGENCY_NAMES = "|".join(map(re.escape, AGENCIES))
# The place may carry a state and a date: "CEDAR KEY, Fla. (AP) —", "NEW YORK, Oct 27 (Reuters) -".
DATELINE = re.compile(
    rf"^[^\W\d_][\w .,'/-]{{0,40}}\((?:{_AGENCY_NAMES})(?:[/,] ?\w{{2,10}}){{0,3}}\) ?[-–—]", re.IGNORECASE
)

# Lines of a text searched for the dateline: an outlet's page puts its masthead, menu
# and headline above the copy.
_DATELINE_WITHIN = 20
_AGENCY_IN_DATELINE = re.compile(r"\(([^)]*)\)")


class Dateline(NamedTuple):
    agency: str  # casefolded, the first one named: "dpa" of "(dpa/lnw)"
    place: str | None  # casefolded, up to a comma: "new york" of "NEW YORK, Oct 27", "moskau/berlin"


def dateline(text: str) -> Dateline | None:
    r"""The dateline among the first lines of ``text``: its agency and its place.

    >>> dateline("Grüne küren Reimers\n\nMainz (dpa/lrs) - Die Grünen haben gewählt.")
    Dateline(agency='dpa', place='mainz')
    >>> dateline("NEW YORK, Oct 27 (Reuters) - Stocks fell.")
    Dateline(agency='reuters', place='new york')
    >>> dateline("Die Grünen haben in Mainz (Rheinland-Pfalz) gewählt.") is None
    True
    """
    lines = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        found = DATELINE.match(line)
        if found:
            inside = _AGENCY_IN_DATELINE.search(found.group())
            if not inside:
                return None
            agency = re.split(r"[/,]", inside.group(1))[0].strip().casefold()
            # "Moskau/Berlin (dpa)": a text reporting from two places names both.
            places = re.split(r",", found.group()[: inside.start()])[0].split("/")
            place = "/".join(p for p in (" ".join(x.split()).casefold() for x in places) if p)
            return Dateline(agency, place or None)
        lines += 1
        if lines >= _DATELINE_WITHIN:
            return None
    return None


def dateline_agency(text: str) -> str | None:
    r"""The agency named first in the dateline among the first lines of ``text``, casefolded.

    >>> dateline_agency("Grüne küren Reimers\n\nMainz (dpa/lrs) - Die Grünen haben gewählt.")
    'dpa'
    """
    found = dateline(text)
    return found.agency if found else None


def same_place(a: str | None, b: str | None) -> bool:
    """Whether two dateline places may be one ("Frankfurt" and "Frankfurt am Main" may, and
    "Moskau/Berlin" and "Berlin"; an unknown place may be any).

    >>> same_place("frankfurt", "frankfurt am main"), same_place("moskau/berlin", "berlin")
    (True, True)
    >>> same_place("kassel", "münster"), same_place(None, "kassel")
    (False, True)
    """
    if not a or not b:
        return True
    return any(x.startswith(y) or y.startswith(x) for x in a.split("/") for y in b.split("/"))


_DOMAIN = re.compile(r"\.(com|net|org|de|fr|at|ch|it|es|co\.uk|com\.au)$")


def is_agency_name(name: str | None) -> bool:
    """Whether an outlet or provider name is a news agency's, as feeds write it.

    >>> [is_agency_name(n) for n in ("The Associated Press", "reuters.com", "dpa-AFX", "Lindauer Bote", None)]
    [True, True, True, False, False]
    """
    if not name:
        return False
    key = _DOMAIN.sub("", name.casefold().strip().removeprefix("the "))
    return key in AGENCIES or any(
        key.startswith(agency + sep) for agency in AGENCIES for sep in ("-", " ", "/")
    )
