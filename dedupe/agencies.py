"""Which news agency a text is copy of, by its metadata or by the dateline it opens with.

Agency copy opens with a dateline: "GENEVA (AFP) -", "Berlin (dpa) –", "CEDAR KEY, Fla.
(AP) —". An outlet that republishes the copy keeps it; an outlet that rewrites the
story in its own words mostly drops it. The origin of a cluster is chosen among agency
copy (:mod:`dedupe.describe`), and two clusters that each hold one agency's dated copy
are two items of that agency (:func:`dedupe.grouping.group_positions`).
"""

from __future__ import annotations

import re

__all__ = ["AGENCIES", "DATELINE", "dateline_agency", "is_agency_name"]

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


def dateline_agency(text: str) -> str | None:
    r"""The agency named first in the dateline among the first lines of ``text``, casefolded.

    >>> dateline_agency("Grüne küren Reimers\n\nMainz (dpa/lrs) - Die Grünen haben gewählt.")
    'dpa'
    >>> dateline_agency("NEW YORK, Oct 27 (Reuters) - Stocks fell.")
    'reuters'
    >>> dateline_agency("Die Grünen haben in Mainz (Rheinland-Pfalz) gewählt.") is None
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
            return re.split(r"[/,]", inside.group(1))[0].strip().casefold() if inside else None
        lines += 1
        if lines >= _DATELINE_WITHIN:
            return None
    return None


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
