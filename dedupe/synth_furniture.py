"""Invented site furniture for the synthetic outlets of :mod:`dedupe.synth`.

Navigation lines, credits, related-article lists, comment forms and author bios, as
outlets wrap wire copy; all text here is our own.
"""

from __future__ import annotations

import random
from datetime import datetime

__all__ = ["OUTLETS", "outlet_furniture"]

OUTLETS = (
    ("OZD.news", "OZD"),
    ("Rheinpost Online", "RP"),
    ("Tagesblatt Nord", "TBN"),
    ("Weserkurier Digital", "WKD"),
    ("Alpenland Zeitung", "ALZ"),
    ("Lausitzer Abendpost", "LAP"),
    ("Neckartal Bote", "NTB"),
    ("Mainfranken Heute", "MFH"),
    ("Kieler Morgen", "KM"),
    ("Uslar Hier", "UH"),
    ("Börde Echo", "BE"),
    ("Saar Nachrichten 24", "SN24"),
)
_RELATED = (
    "Neue Regeln für Pendler ab dem kommenden Monat",
    "Stadtwerke erhöhen die Preise für Fernwärme",
    "Vereinsheim nach Sturm wieder geöffnet",
    "Wie sicher sind unsere Brücken?",
    "Ehrenamtliche sammeln Spenden für Tafel",
    "Bahnstrecke wegen Bauarbeiten gesperrt",
    "Neuer Radweg entlang des Flusses eröffnet",
    "Schulen melden Rekord bei Anmeldungen",
)
_NAMES = ("Anna Berger", "Jonas Kühn", "Miriam Hoffmann", "Stefan Lehmann", "Lea Vogt", "Tim Albers")


def outlet_furniture(outlet: tuple[str, str], when: datetime, rng: random.Random) -> dict[str, list[str]]:
    """Blocks of site furniture for one outlet: ``top``, ``after_wire`` and ``bottom``."""
    name, short = outlet
    local = random.Random(name)  # an outlet keeps its own page layout across stories
    date = f"{when.day:02d}.{when.month:02d}.{when.year}"
    top = [f"Zum Inhalt springen\n{name} - Nachrichten aus Ihrer Region"]
    if local.random() < 0.5:
        top.append(f"Startseite > Politik > Welt\n{date}")
    if local.random() < 0.5:
        top.append(f"Lesedauer: {rng.randint(2, 8)} Minuten")
    after = [f"{short} / ©{rng.choice(('AFP', 'dpa', 'AFP/dpa'))}"]
    if local.random() < 0.5:
        author = local.choice(_NAMES)
        after.append(
            f"{author}\nIch schreibe für {name} über Politik und Gesellschaft und freue mich über "
            "Hinweise unserer Leserinnen und Leser."
        )
    bottom: list[str] = []
    if local.random() < 0.6:
        picks = rng.sample(_RELATED, 3)
        bottom.append("Das könnte Sie auch interessieren\n" + "\n".join(f"{p}\n{date}" for p in picks))
    if local.random() < 0.6:
        bottom.append(
            "Schreiben Sie einen Kommentar\nIhre E-Mail-Adresse wird nicht veröffentlicht. "
            "Erforderliche Felder sind mit * markiert"
        )
    bottom.append(f"- Themen:\n- #Politik\n© {when.year} {name}")
    return {"top": top, "after_wire": after, "bottom": bottom}


# --- one derived version ----------------------------------------------------------
