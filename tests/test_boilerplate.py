"""Site furniture is recognised; wire copy never is."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedupe.article import Article
from dedupe.boilerplate import furniture_mask, is_furniture_line, line_key, recurring_lines
from dedupe.config import Config
from dedupe.corpus import prepare_corpus
from dedupe.segment import paragraphs

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures" / "engine"


def _seed_lines(prefix: str) -> list[str]:
    """Paragraph texts of the seed whose file name starts with ``prefix``."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return [p.text for p in paragraphs(path.read_text(encoding="utf-8"))]


def _line(lines: list[str], start: str) -> str:
    found = [line for line in lines if line.startswith(start)]
    assert found, f"no line starts with {start!r}"
    return found[0]


@pytest.mark.parametrize(
    ("seed", "start"),
    [
        pytest.param("000", "Zum Inhalt springen", id="000-skip-link"),
        pytest.param("000", "OZD / ©AFP", id="000-credit"),
        pytest.param("001", "Lesedauer", id="001-reading-time"),
        pytest.param("001", "23.10.2024", id="001-date"),
        pytest.param("001", "Das könnte Sie auch interessieren", id="001-related"),
        pytest.param("001", "Schreiben Sie einen Kommentar", id="001-comment-form"),
        pytest.param("001", "Ihre E-Mail-Adresse wird nicht veröffentlicht", id="001-comment-email"),
        pytest.param("001", "9 + zwei =", id="001-captcha"),
        pytest.param("001", "Satellitenbilder sollen", id="001-photo-caption"),
        pytest.param("003", "Ich bin Stefan, ein Journalist", id="003-author-bio"),
        pytest.param("003", "Schreibe einen Kommentar", id="003-comment-form"),
        pytest.param("003", "Deine E-Mail-Adresse", id="003-comment-email"),
        pytest.param("004", "- #Wahlen", id="004-hashtag"),
    ],
)
def test_seed_furniture_lines_are_furniture(seed: str, start: str) -> None:
    assert is_furniture_line(_line(_seed_lines(seed), start))


@pytest.mark.parametrize(
    ("seed", "start"),
    [
        pytest.param("000", "Südkorea, ein Nato-Partnerland", id="000-1500-soldiers"),
        pytest.param("000", "Die südkoreanische Nachrichtenagentur Yonhap", id="000-yonhap"),
        pytest.param("000", "Nato-Generalsekretär Mark Rutte hat Nordkorea", id="000-rutte"),
        pytest.param("001", "Am Freitag hatte Südkoreas Geheimdienst NIS", id="001-nis"),
        pytest.param("002", "Die Vereinigten Staaten beobachten", id="002-one-block"),
        pytest.param("003", "Nach Erkenntnissen des südkoreanischen Geheimdienstes", id="003-1500"),
        pytest.param("004", "Der südkoreanische Geheimdienst hatte am Freitag", id="004-1500"),
        pytest.param("004", "NATO-Generalsekretär Mark Rutte warnte", id="004-rutte"),
        pytest.param("000", "Eine neue Dimension der Eskalation?", id="000-commentary-heading"),
        pytest.param("000", "Nordkoreas mögliche direkte Beteiligung", id="000-commentary"),
    ],
)
def test_seed_story_paragraphs_are_not_furniture(seed: str, start: str) -> None:
    lines = _seed_lines(seed)
    assert not is_furniture_line(_line(lines, start))
    assert not furniture_mask(lines)[lines.index(_line(lines, start))]


def test_seed_tail_after_comment_form_is_furniture() -> None:
    lines = _seed_lines("001")
    mask = furniture_mask(lines)
    tail = lines.index(_line(lines, "Das könnte Sie auch interessieren"))
    assert all(mask[tail:])
    last_story = lines.index(_line(lines, "Der Nachschub an nordkoreanischen Söldnern"))
    assert not mask[last_story]


@pytest.mark.parametrize(
    "line",
    [
        "Skip to content",
        "You may also like",
        "Leave a comment",
        "Your email address will not be published. Required fields are marked *",
        "Aller au contenu",
        "Lire aussi",
        "Laisser un commentaire",
        "Votre adresse e-mail ne sera pas publiée.",
        "KRS / ©AFP",
        "© dpa-infocom",
        # page tools, one item a line
        "Startseite",
        "Drucken",
        "Link kopieren",
        "Share",
        "Share on Facebook",
        "Copy link",
        "Print",
        "Email",
        "Copier le lien",
        "Imprimer",
        "Zurück",
        "Zur Übersicht",
        "Mehr aus Politik",
        "Seite 1 von 2",
        "Bildquelle: IMAGO/Sven Simon",
        "Artikel anhören",
        "Zur Merkliste hinzufügen",
        "Fehler melden",
        "Schließen",
        "Bild vergrößern",
        "Zustimmen und weiterlesen",
        "Dieser Inhalt ist nicht verfügbar.",
        "Listen to this article",
        "Page 2 of 3",
        "Écouter cet article",
        # picture credits and captions
        "Putin und Kim im Juni in Pjöngjang. (Foto: Kristina Kormilitsina)",
        "(Photo by Ahn Young-joon / AFP)",
        "IMAGO/ZUMA Wire",
        "picture alliance / dpa",
        "Bildunterschrift: Kim Jong Un bei einer Parade",
        "(dpa)",
        "",
        "***",
    ],
)
def test_english_french_and_credit_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Inicio | Nacional | Internacional | Economía | Deportes",
        "Home | Nieuws | Binnenland | Buitenland | Sport",
        "Lee también",
        "Leggi anche",
        "Leia também",
        "Lees ook",
        "Czytaj także",
        "Läs också",
        "Read also",
        "Comentarios (3)",
        "Reacties (41)",
        "Komentarze",
        "Comments (7)",
        "Este sitio web utiliza cookies propias y de terceros para analizar la navegación y mostrarle "
        "publicidad relacionada con sus preferencias. Si continúa navegando, acepta su uso.",
        "Questo sito usa cookie di terze parti. Proseguendo la navigazione accetti il loro uso.",
        "Diese Website verwendet Cookies. Wenn Sie weiter surfen, sind Sie damit einverstanden.",
        "Ta strona korzysta z plików cookies. Dalsze korzystanie oznacza zgodę na ich użycie.",
        "Todos los derechos reservados.",
        "Redacción | 03/02/2025 - 18:40",
        "Agência | 7 mar 2025, 11:20",
        "Publicerad 4 mars 2025 kl. 16.05",
        "By our Europe desk | 4 March 2025, 16:05 GMT",
    ],
)
def test_furniture_in_the_other_detected_languages(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Am 3. Februar 2025 um 18:40 Uhr trat der Minister zurück.",
        "Real Madrid | Sevilla",  # two items: a headline's kicker, not a menu
        "Los comentarios del ministro provocaron una ola de críticas en el Parlamento, donde la "
        "oposición exigió su dimisión inmediata.",
        "La empresa dijo que dejará de usar cookies de terceros en su navegador el próximo año, según "
        "un comunicado publicado el martes por su filial europea.",
        "Google will phase out third-party cookies in its Chrome browser next year, the company said.",
        "Share prices fell in early trading.",
        "Print editions of the paper will cost more from January.",
        "Home Secretary Yvette Cooper said the plan would be published.",
        "Weiter geht es am Montag mit der Anhörung der Zeugen.",
        "Zurück in Berlin sagte Scholz, er sei zufrieden.",
        "Suche nach Vermissten geht weiter",
        "Hilfe für die Flutopfer",
        "Mehr aus der Region als aus Berlin",
        "Back to school: what parents need to know",
        "Schließen die Schulen?",
        "Die Inflation lag im Oktober bei 2,0 Prozent (Quelle: Statistisches Bundesamt).",
        "Die Inflation lag im Oktober bei 2,0 Prozent (Quelle: Statistisches Bundesamt)",
        "Getty Images kündigte am Montag an, 300 Stellen zu streichen.",
        "Keystone XL pipeline project canceled",
        "Nutzer müssen Cookies auf Websites künftig aktiv akzeptieren, entschied der Europäische "
        "Gerichtshof am Dienstag in Luxemburg.",
    ],
)
def test_sentences_near_those_rules_stay_content(line: str) -> None:
    assert not is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        # a navigation or share bar: the separators are no words
        "Home | World | Asia | Business | Sport | Opinion | Lifestyle | Science",
        "Share this article: Facebook | X | WhatsApp | Email | Copy link",
        # a label introducing other articles' headlines
        "Read more: Flood warnings lifted along the Danube as water levels fall",
        "Most read: Ten cafés worth the detour | Council approves new tram line",
        "Les plus lus : Montpellier : la rocade rouvre lundi | Sète : le festival affiche complet",
        "Sur le même sujet : Agriculture | Environnement | Justice",
        "Lesen Sie auch: Neue Ampel am Marktplatz sorgt für Ärger",
        # comment counters, advertising labels
        "27 comments",
        "9 commentaires",
        "14 Kommentare",
        "3 comments | Join the discussion",
        "Advertisement - scroll to continue",
        "PUBLICITÉ",
        "Sponsored content",
        # bylines and publication stamps that say what they are
        "By Reuters staff | Published April 2, 2025, 8:15 AM | Updated 9:02 AM",
        "Par la rédaction avec AFP | Publié le 02/04/2025 à 18h52 | Mis à jour le 02/04/2025 à 21h10",
        "Publié le 2 avril 2025 à 08h15",
        # credit and rights lines under agency copy
        "(Reporting by Jane Doe and John Roe; Editing by Max Muster)",
        "Copyright 2025 The Associated Press. All rights reserved. This material may not be published, "
        "broadcast, rewritten or redistributed.",
        # the site asks the reader to act
        "Abonnez-vous à notre newsletter et recevez chaque matin l'essentiel de l'actualité.",
        "Téléchargez l'application et recevez les alertes info en direct.",
        "Article réservé aux abonnés ? Non, cet article est en accès libre.",
        "Nous et nos partenaires utilisons des cookies. Tout accepter | Tout refuser | Personnaliser",
        # share bars and comment counters with other separators, bylines
        "Teilen: Facebook · X · WhatsApp · E-Mail",
        "Partager : Facebook · X · WhatsApp · Copier le lien",
        "23 Kommentare – Jetzt mitdiskutieren",
        "Comments are closed for this article.",
        "By Tom Rawlinson, Environment Correspondent",
        "Par Jeanne Martin",
        # US pages: stamps with "p.m." and "Oct.", promotions, author boxes, contributor
        # lines under AP copy, a menu set apart by wide spaces
        "Published 9:40 p.m. ET Oct. 27, 2026 | Updated 9:52 p.m. ET Oct. 27, 2026",
        "Updated 11:30 p.m., Oct. 27, 2026",
        "Get the Morning Brief in your inbox every weekday. Sign up now.",
        "The Morning Tape newsletter: the day's market movers before the opening bell. Subscribe for free.",
        "Stay with News 7 for updates on air, online and in our free weather app.",
        "About the author: The digital desk edits wire and staff coverage around the clock.",
        "Associated Press writers Kate Brennan in Tallahassee and Omar Hadley in Miami contributed to this report.",
        "Capital Markets Daily  Markets  Energy  Commodities  Insurance  Opinion  Log in",
    ],
)
def test_page_furniture_of_english_and_french_outlets(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        # news sentences that come close to those rules
        "The ministry published the figures on April 2, 2025 at 8:15 am, hours after the vote.",
        "Le texte a été publié le 2 avril 2025 à 08h15 au Journal officiel, selon la préfecture.",
        "Read more into the figures and a different picture emerges, analysts said on Tuesday.",
        "The club said 27 comments posted under the video had been reported to police.",
        "The company said it would stop selling advertisements for gambling from next month.",
        "Subscribers to the service will pay 3 euros more a month from June, the company said.",
        '"Subscribe to our newsletter", the scam e-mails read, according to the police report.',
        "By the end of the year, the plant will employ 300 people.",
        "Par ailleurs, la préfecture a fermé deux routes.",
        "The governor said crews from 12 states contributed to the recovery effort.",
        "She said users could track the storm in our free app, the agency wrote.",
        "The storm hit on Oct. 27, 2026, and power returned on Oct. 30.",
    ],
)
def test_news_sentences_near_the_page_furniture_rules_stay_content(line: str) -> None:
    assert not is_furniture_line(line)


@pytest.mark.parametrize("name", ["de_wire.txt", "en_wire.txt", "fr_wire.txt"])
def test_wire_story_paragraphs_are_never_furniture(name: str) -> None:
    lines = [p.text for p in paragraphs((FIXTURES / name).read_text(encoding="utf-8"))]
    assert not any(furniture_mask(lines))


@pytest.mark.parametrize("name", ["de_site.txt", "en_site.txt", "fr_site.txt"])
def test_site_versions_mark_their_furniture_but_keep_the_story(name: str) -> None:
    wire = {p.text for p in paragraphs((FIXTURES / name.replace("site", "wire")).read_text(encoding="utf-8"))}
    lines = [p.text for p in paragraphs((FIXTURES / name).read_text(encoding="utf-8"))]
    mask = furniture_mask(lines)
    assert mask[0], "the skip link opens every site version"
    assert all(mask[-3:]), "every site version ends in related links and a comment form"
    assert not any(m for line, m in zip(lines, mask, strict=True) if line in wire)


def test_lines_in_fewer_than_min_docs_are_not_furniture() -> None:
    docs = {"a": ["Mehr lesen bei X."], "b": ["Mehr lesen bei X."]}
    assert recurring_lines(docs) == set()
    assert recurring_lines(docs, min_docs=2) == {line_key("Mehr lesen bei X.")}


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_corpus_marks_recurring_promo_but_not_shared_wire_copy() -> None:
    promo = "Folgen Sie der Kieler Rundschau auf allen Kanälen und verpassen Sie keine Nachricht mehr."
    articles = [
        Article(id="ship", text=_text("de_wire.txt") + "\n\n" + promo),
        Article(id="ship-site", text=_text("de_site.txt")),
        Article(id="ship-edited", text=_text("de_edited.txt")),
        Article(id="museum", text=_text("de_other_museum.txt") + "\n\n" + promo),
        Article(id="tram", text=_text("de_other_tram.txt") + "\n\n" + promo),
    ]
    docs = {d.id: d for d in prepare_corpus(articles, Config())}
    for doc_id in ("ship", "museum", "tram"):
        (para,) = [p for p in docs[doc_id].paragraphs if p.span.text == promo]
        assert para.furniture, doc_id
    # The 118-metre paragraph is in three versions of the ship story: wire copy, not furniture.
    for doc_id in ("ship", "ship-site", "ship-edited"):
        (para,) = [p for p in docs[doc_id].paragraphs if p.span.text.startswith("Das 118 Meter lange Schiff")]
        assert not para.furniture, doc_id


def test_bylines_and_the_authors_sign_off_are_furniture_as_written() -> None:
    body = "Der Stadtrat hat am Montag den Bau einer neuen Brücke beschlossen, teilte die Stadt mit."
    lines = [
        "Von Anna Beispiel, Jan Lukas Muster und Karl Probe, NDR",
        "Von Anna Beispiel",
        "Von Anna Beispiel und dpa",
        "By Jane Doe with AP",
        body,
        "Unklare Finanzierung",  # a title-case subheading inside the text stays
        body,
        "Karl Probe, NDR",  # the last line, only a name: the sign-off
    ]
    assert furniture_mask(lines) == [True, True, True, True, False, False, False, True]


@pytest.mark.parametrize(
    "line",
    ["Von dpa", "von AFP", "Par AFP", "Von dpa/lhe und Reuters", "Von dpa-AFX", "By The Associated Press"],
)
def test_an_agency_named_as_the_author_is_a_byline(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Mehr zum SC Freiburg", True),
        ("More from Metro Pulse", True),
        ("Unser Liveblog zur Explosion in Hörde wird laufend aktualisiert.", True),
        ("This article will be updated.", True),
        ("Cet article sera mis à jour.", True),
        ("More from Energy: Port of Houston container volumes rise 6% in February", True),
        ("The Associated Press", True),
        ("Markets", True),
        ("(Adds details on plant, injured workers, share move in paragraphs 4-6)", True),
        ("(Corrects number of workers flown to hospital in paragraph 3)", False),
        ("Reuters reported the deal on Monday.", False),
        ("Business leaders met on Monday.", False),
        ("Mehr zu tun gibt es für die Feuerwehr nicht.", False),
        ("More on that later, the minister said.", False),
        ("Der Fahrplan wird laufend aktualisiert, sagte ein Sprecher der Bahn am Montag in Berlin.", False),
    ],
)
def test_more_about_links_section_labels_bare_agency_bylines_and_update_notes_are_furniture(
    line: str, furniture: bool
) -> None:
    assert is_furniture_line(line) is furniture


@pytest.mark.parametrize(
    "line",
    [
        "Von dpa erfahren die Kunden nichts",
        "Von der Leyen warnt vor einer Eskalation",
        "Von der Leyen und Macron beraten",  # names joined by "und", but a headline
        "Von Berlin nach Rom",
        "Von Montag an gilt die Regel",
    ],
)
def test_lines_opening_with_von_that_are_no_bylines_stay_content(line: str) -> None:
    body = "Der Stadtrat hat am Montag den Bau einer neuen Brücke beschlossen, teilte die Stadt mit."
    assert furniture_mask([line, body, body]) == [False, False, False]


@pytest.mark.parametrize(
    "line",
    [
        "Startseite › Region › Emsland › Politik",  # "›" arrives as a quote mark after normalising
        "Home » Nachrichten » Wirtschaft",
        "Start → Sport → Fußball",
        "Liveblog neu laden · Alle Beiträge anzeigen",  # a bar of two buttons
        "Hören Sie uns live · Teilen",
        "Mit Material von dpa und epd",
        "(mit Material von AFP und Reuters)",
        "Mit Material der Nachrichtenagenturen.",
        "Avec AFP",
        "Harzer Kurier - Nachrichten aus Ihrer Region",
        "Lokalblatt Nord – News und Nachrichten für Flensburg",
        "Hinweise an die Redaktion: WhatsApp 0170 123 45 67",
        "Leserreporter gesucht? WhatsApp: +49 170 1234567",
        "Got a news tip? Email us",
        "Sie wollen nichts aus der Region verpassen? Abonnieren Sie unseren kostenlosen Newsletter "
        "und folgen Sie uns auf WhatsApp.",
        "Never miss a story: follow us on Instagram.",
        "AP | 3 Mar 2025, 9:05am EST",  # a clock with am/pm next to a full date
        "By Sam Carter | March 3, 2025 — 4.20pm",
        "Ich schreibe für den Harzer Kurier über Kommunalpolitik und freue mich über Ihre Hinweise.",
    ],
)
def test_breadcrumbs_buttons_credits_taglines_and_tip_lines_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Mit Material von Experten wurde die Brücke in zwei Jahren gebaut.",
        "Berlin · Die Regierung hat den Haushalt für das kommende Jahr beschlossen.",
        "Der Kurs lag um 12:40 Uhr bei 3.15 Euro, teilte die Börse mit.",
        "Er schickte die Nachricht per WhatsApp 2019 an seine Frau.",
        "Die Polizei bat die Anwohner: Folgen Sie den Anweisungen der Einsatzkräfte.",
        "Tausende folgen ihm auf Instagram, wo er seine Reisen zeigt.",
        "Die Nachrichten aus der Region beunruhigen die Landwirte seit Wochen.",
        "Ich schreibe für meine Kinder, sagte die Autorin, und für alle, die zuhören wollen, auch wenn es spät wird "
        "und niemand mehr wach ist, der die Geschichten noch hören will, und das seit vielen Jahren.",
    ],
)
def test_news_sentences_near_the_breadcrumb_credit_and_tip_rules_stay_content(line: str) -> None:
    assert not is_furniture_line(line)


def test_the_author_line_under_the_text_makes_the_name_above_it_a_sign_off() -> None:
    lines = [
        "Der Stadtrat hat am Dienstag den Haushalt beschlossen. Die Opposition stimmte dagegen.",
        "Die Sitzung dauerte bis in den späten Abend, berichtete ein Sprecher der Stadt.",
        "Lena Brandt",
        "Ich schreibe für den Harzer Kurier über Kommunalpolitik und freue mich über Ihre Hinweise.",
    ]
    assert furniture_mask(lines) == [False, False, True, True]


def test_picture_credits_in_parentheses_are_furniture_a_sentence_in_parentheses_is_not() -> None:
    assert furniture_mask(["(Credit: Clayton Aldern / Grist)", "(Foto: Stadt Kiel)"]) == [True, True]
    sentence = "(Die Stadt hat die Kosten für den Neubau inzwischen auf 4,2 Millionen Euro beziffert.)"
    assert furniture_mask([sentence]) == [False]


def test_a_french_reading_list_after_a_lire_aussi_is_furniture() -> None:
    story = "Le conseil municipal a voté lundi soir la construction d'un nouveau pont sur la rivière."
    lines = [
        story,
        "À lire aussi :",
        "Revue Projet : Savons-nous encore débattre ?",
        "Revue Esprit : La démocratie",
    ]
    assert furniture_mask(lines) == [False, True, True, True]


@pytest.mark.parametrize(
    "line",
    [
        "Den kompletten Beitrag lesen Sie in der neuen Juli-Ausgabe der Technology Review (jetzt am Kiosk).",
        "Read the full story on our partner site.",
        "Revivez le direct : la journée de mobilisation contre la réforme",
    ],
)
def test_a_pointer_to_the_full_text_elsewhere_is_furniture(line: str) -> None:
    assert is_furniture_line(line)


def test_a_sentence_about_reading_is_not_a_pointer() -> None:
    assert not is_furniture_line(
        "Den kompletten Bericht will die Kommission erst im Herbst vorlegen, sagte ein Sprecher."
    )


@pytest.mark.parametrize(
    "line",
    [
        "Weiterlesen mit Seepost Plus",
        "Jetzt 4 Wochen für 0,99 € testen. Danach 9,99 € im Monat, jederzeit kündbar.",
        "Alle Artikel auf seepost.example lesen, werbereduziert, mit E-Paper.",
        "Sie haben bereits ein Abo? Hier anmelden",
        "Der Beitrag Fähre nach Kressbach eingestellt erschien zuerst auf Seeblick Kurier.",
        "The post Ferry service halted appeared first on Bay Herald.",
        "Dieser Artikel wurde automatisch aus dem dpa-Newskanal übernommen und nicht redaktionell bearbeitet.",
        "Haben Sie einen Fehler im Text gefunden? Schreiben Sie uns.",
        "Do you have a story for us? Email newsdesk@bayherald.example",
        "Über die Redaktion: Das Wirtschaftsressort berichtet täglich über Unternehmen.",
        "Hat Ihnen dieser Artikel geholfen? Ja | Nein",
        "Was this article helpful?",
        "Noch keine Kommentare. Schreiben Sie den ersten Kommentar!",
        "Anzeige: Jetzt Depot eröffnen und ab 0 Euro handeln",
        "Hinweis: Die Inhalte stellen keine Anlageberatung dar. Bitte beachten Sie unseren Disclaimer.",
        "Schlagworte: Grüne, Landtagswahl, Idar-Oberstein, Rheinland-Pfalz",
        "Bildergalerie: Die Zerstörungen durch den Taifun in Bildern (18 Fotos)",
        "Unterstützen Sie unabhängigen Klimajournalismus – jetzt Mitglied werden",
        "(Reuters/red)",
        "Published 4 March 2025",
        "Von Redaktion Geldfuchs | Aktualisiert am 12. November 2025",
    ],
)
def test_paywalls_feed_footers_and_the_sites_own_notes_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Wer jetzt Mitglied werden will, muss mit einer Wartezeit von zwei Jahren rechnen.",
        "Der Anwalt sagte, er habe in dem Gutachten einen Fehler gefunden.",
        "Die Anzeige: Ein Nachbar hatte die Polizei gerufen, als er Rauch sah.",
        "Der Beitrag zur Rentenversicherung steigt im kommenden Jahr auf 18,9 Prozent.",
        "The post office in Cedar Key reopened on Thursday after the storm.",
        "Die Galerie zeigt bis März Bilder von Paula Modersohn-Becker.",
    ],
)
def test_news_sentences_near_the_site_note_rules_stay_content(line: str) -> None:
    assert not is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "By JOSEPH KALUBA | Associated Press",
        "By Joseph Kaluba | Associated Press",
        "By MARTHA KEENE Associated Press",
        "By Chris Dunleavy | Sports writer",
        "By Staff | The Global Digest",
        "By Reuters",
        "By AFP",
        "Posted Nov. 4, 2025 6:00 p.m.",
        "Published Jan. 31, 2026 | Updated 10:00 a.m.",
        "with AP",
        "Get news alerts for breaking stories. Download the app.",
        "Follow The Deccan Ledger on WhatsApp for the latest updates.",
        "Share or comment on this article",
        "Catch all the Business News, Market News and Latest News Updates on The Mumbai Mercantile.",
        "Opposition leader Chanda Mwale greets supporters in Lusaka, Saturday, Nov. 8, 2025. (AP Photo/Tendai Phiri)",
        "Elena Varga celebrates with the trophy after the women's singles final. Picture: AFP",
    ],
)
def test_english_bylines_stamps_captions_and_prompts_are_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "By Tuesday, the fire had burned more than 12,000 acres, officials said.",
        "With AP reporters barred from the briefing, the White House press pool shrank.",
        "Follow-up inspections are due on Monday, the ministry said.",
        "The picture: a city that has run out of money and patience.",
        "Profit | Loss statements will be published on Friday, the company said.",
    ],
)
def test_news_sentences_near_the_english_furniture_rules_stay_content(line: str) -> None:
    assert not is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Ouest Matin avec AFP",
        "La Rédaction avec AFP",
        "Source : AFP",
        "Article rédigé avec l'AFP",
        "Cet article est réservé aux abonnés",
        "Il vous reste 65 % de cet article à lire.",
        "Déjà abonné ? Se connecter",
        "Partager sur Facebook",
        "Facebook Twitter LinkedIn WhatsApp",
        "Aucun commentaire pour le moment.",
        "Soyez le premier à réagir à cet article.",
        "Vous devez être connecté pour commenter. Se connecter",
        "Réagir",
        "Signaler un abus",
        "Temps de lecture : 2 min",
        "Mots-clés : SNCF, Grève, Transports, Creil",
        "Suivez-nous sur Google Actualités",
        "Cet article vous a plu ? Partagez-le !",
        "Vous avez repéré une erreur ? Signalez-la",
        "Les plus lus",
        "Ce contenu est bloqué car vous n'avez pas accepté les cookies et autres traceurs.",
        "Agencia EFE",
        "Redacción Deportes Madrid Hoy / EFE",
        "Compartir en Facebook",
        "Comparte esta noticia",
        "Deja un comentario",
        "9 de marzo de 2025",
    ],
)
def test_french_and_spanish_page_furniture(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "La réforme divise la classe politique",
        "Le gouvernement doit réagir",
        "Google signe un accord avec l'AFP",
        "Il reste 12 % de cet article de loi à voter.",
        "Facebook, Twitter et LinkedIn ont été condamnés à une amende.",
        "Les syndicats ont appelé à réagir vite, a déclaré la CGT.",
    ],
)
def test_french_news_lines_near_the_page_furniture_rules_stay_content(line: str) -> None:
    assert not is_furniture_line(line)
