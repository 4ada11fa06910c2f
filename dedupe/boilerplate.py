"""Site furniture: navigation, comment forms, related-article lists, credits, bios.

Two kinds of evidence, as trafilatura and text-dedup use them:

* rules: lines whose shape or wording is furniture, most of them in German, English
  or French ("Das könnte Sie auch interessieren", "Schreiben Sie einen Kommentar",
  "OZD / ©AFP", "Lesedauer: 8 Minuten", a bare date, a navigation bar, a cookie
  notice), "read also" and "comments" in the other detected languages too;
* corpus frequency: a line that recurs across many articles that share nothing
  else is furniture (:func:`recurring_lines`, :func:`dedupe.recurring.mostly_unrelated`). A paragraph that several
  outlets share *with the rest of the story* is wire copy, never furniture.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from .agencies import AGENCIES
from .normalise import normalise

__all__ = [
    "furniture_mask",
    "is_furniture_line",
    "line_key",
    "recurring_keys",
    "recurring_lines",
]

_READ_ALSO = (
    r"^(also read|read also|read next|most read)$|^(lee|lea) también$|^leggi anche$|^(leia|veja) também$|^lees (ook|meer)$|^czytaj (także|też)$"
    r"|^zobacz (także|też)$|^läs (också|mer)$|^(læs|les) også$"
)
# "Comments (12)", "18 comments", "12 commentaires | Réagir": a comment counter.
_COMMENTS = (
    r"^(\d+ )?(comments?|comentarios?|commenti|comentários|reacties|komentarze|kommentarer|commentaires?"
    r"|kommentare?)( \(\d+\))?( [|·•-] [^.!?|]{1,30})?$"
)
# "Read more: <headline>", "Les plus lus : <headline> | <headline>": a label that
# introduces links to other articles. The label alone is matched by _READ_ALSO.
_TEASER_LABEL = re.compile(
    r"^(read (more|also|next)|also read|most read|more on this( story)?|more from [\w &-]{1,30}|see also|related|watch"
    r"|lire aussi|à lire aussi|les plus lus|sur le même sujet|voir aussi|à voir aussi"
    r"|lesen sie (auch|mehr)|mehr zum thema|auch interessant|meistgelesen|das könnte sie (auch )?interessieren"
    r"|(lee|lea) también|leggi anche|(leia|veja) também|lees ook|czytaj (także|też)|läs (också|mer)"
    r"|(læs|les) også) ?:"
)
_TEASER_WORDS = 40
_FURNITURE_PATTERNS = [
    # German
    r"zum inhalt springen", r"das könnte sie (auch )?interessieren", r"(weitere|mehr) artikel",
    r"lesen sie (auch|mehr)", r"mehr zum thema", r"(neueste )?kommentare?$", r"schreib(en sie|e) einen kommentar",
    r"e-?mail-?adresse wird nicht veröffentlicht", r"erforderliche felder", r"lesedauer", r"alle angaben ohne gewähr",
    r"alle kategorien", r"kategorien$", r"trends$", r"themen:?$", r"teilen$", r"artikel teilen", r"newsletter",
    r"cookie", r"datenschutz", r"impressum", r"anzeige$", r"werbung$", r"zur startseite", r"nach oben", r"go up$",
    r"index$", r"^(foto|bild|quelle|grafik|video)s?:", r"jetzt (abonnieren|anmelden|registrieren)",
    r"^\d+ ?[+x-] ?\w+ ?=", r"hier klicken", r"zurück zur übersicht", r"^politik$", r"^wirtschaft$", r"^sport$",
    r"^panorama$", r"^kultur$", r"^ausland$", r"^inland$",
    # English and French section labels, a line of their own
    r"^(business|markets|sports?|world|politics|opinion|technology|entertainment|lifestyle|health|science"
    r"|economy|local news|national|économie|monde|politique|société|faits divers)$",
    # Page tools and site links, one a line (German, English, French; casefolded, ß is ss):
    # what a reader clicks, never a sentence or a story's heading ("Wetter" may be one: not here).
    r"^(startseite|home|accueil|drucken|print|imprimer|merken|link kopieren|copy link|copier le lien)$",
    r"^(per )?e-?mail$", r"^share( on \w+)?$",
    r"^(zurück|weiter|zur übersicht|mehr lesen|jetzt lesen|weiterlesen|alle artikel|ähnliche artikel"
    r"|top-?artikel|fotostrecke|bildergalerie|symbolbild|artikel (anhören|vorlesen)|vorlesen|audio anhören"
    r"|zur merkliste( hinzufügen)?|fehler melden|feedback|hilfe|kontakt|über uns|barrierefreiheit|mediadaten"
    r"|login|log ?in|anmelden|abmelden|registrieren|suche|menü|schliessen|video abspielen|bild vergrössern"
    r"|externer inhalt|inhalt laden|zustimmen und weiterlesen|mehr aus (der |dem |den )?[\w-]+( [\w-]+)?"
    r"|mehr (zum|zur|zu|über) [\w-]+( [\w-]+){0,2}|more (on|from|about) [\w-]+( [\w-]+){0,2}"
    r"|back|next|previous|listen to (this )?article|report an error|help|contact( us)?|about us"
    r"|accessibility|sign in|register|search|menu|close|play video|enlarge image|gallery|external content"
    r"|retour|suivant|précédent|écouter (cet )?article|signaler une erreur|aide|nous contacter|à propos"
    r"|accessibilité|se connecter|connexion|s'inscrire|rechercher|fermer|lire la vidéo|contenu externe)$",
    r"^(seite|page) \d+ (von|of|sur) \d+$", r"^(bildquelle|image source|source de l'image) ?:",
    r"^(dieser inhalt ist nicht verfügbar|this content is not available|ce contenu n'est pas disponible)",
    r"der volltext dieses auf agenturmeldungen basierenden artikels",
    # "(Adds analyst quote in paragraph 5)": an agency's note of what its update changed
    r"^\((adds|updates|recasts|rewrites|writes through|repeats|refiles|new throughout)\b[^()]*\)$",
    # "Unser Liveblog zur Explosion wird laufend aktualisiert.": a note to the reader
    r"(wird|werden) (laufend|fortlaufend|ständig|regelmässig) aktualisiert\.?$",
    r"^this (article|story|page|live ?blog)( [\w-]+){0,4} (will be|is being|is) (regularly |continuously )?updated\.?$",
    r"^cet article (sera|est) (régulièrement )?mis à jour\.?$",
    # English
    r"skip to (main )?content", r"you (may|might) also like", r"related (articles|stories)", r"read more$",
    r"leave a (comment|reply)", r"your email address will not be published", r"required fields are marked",
    r"sign up", r"subscribe", r"share this", r"comments are closed", r"commentaires sont fermés", r"all rights reserved", r"^advertisement\b", r"^sponsored( content)?$",
    r"trust principles\.?$",
    # French
    r"aller au contenu", r"lire aussi", r"à lire aussi", r"vous aimerez aussi", r"laisser un commentaire",
    r"votre adresse e-?mail ne sera pas publiée", r"tous droits réservés", r"partager( cet article)?$",
    r"^publicité$", r"^(publicidad|pubblicità|publicidade|advertentie|reklama|annons)$",
    # "Read also", "Comments (12)", "All rights reserved" in the other detected languages
    _READ_ALSO, _COMMENTS,
    r"todos (los|os) derechos reservados|todos os direitos reservados|tutti i diritti riservati",
    r"alle rechten voorbehouden|wszelkie prawa zastrzeżone|alla rättigheter förbehållna|alle rettigheder forbeholdes",
    r"noticias relacionadas|notícias relacionadas|articoli correlati|gerelateerde artikelen|powiązane artykuły",
    r"te puede interesar|potrebbe interessarti|você também pode gostar",
]  # fmt: skip
_FURNITURE = re.compile("|".join(f"(?:{p})" for p in _FURNITURE_PATTERNS))
# "OZD / ©AFP", "(dpa)", "© dpa-infocom", "AFP/ZUMA", "(jkf)": credit lines.
_CREDIT = re.compile(
    r"^[\w .,/|&()-]{0,40}(©|\(c\)|copyright)\s*[\w .,/|&:-]{0,60}$|^\(?[a-z]{2,4}(/[a-z]{2,4})*\)?$"
    # "(Reuters/red)", "(Bloomberg)": an agency credit in brackets, named in full
    r"|^\((reuters|bloomberg|[a-z]{2,4})(/(reuters|bloomberg|[a-z]{2,4}))*\)$"
    # "IMAGO/ZUMA Wire", "picture alliance / dpa": picture agencies alone on a line
    r"|^(imago|picture[ -]alliance|getty images|zuma( wire| press)?|epa|keystone|sipa)"
    r"( ?/ ?[\w -]{2,30}){0,3}$"
)
# A photo caption ends in its credit: "... © KCNA/dpa/Montage", "... Foto: AFP".
_CAPTION_WORDS = 80
# A token without a letter or digit after the first: "|", ":", "-", "•". (Starting with
# the space lets the regex engine skip to candidates: four times faster than lookarounds.)
_SEPARATOR = re.compile(r" [^\w\s]+(?= |$)")
_CAPTION_CREDIT = re.compile(
    r"(©|\(c\)|foto:|bild:|photo:)\s*[\w .,/|&:+-]{2,120}$"
    # "... after the final. Picture: AFP": a credit of a few words, not "The picture: a city ..."
    r"|\b(picture|image): [\w&/-]+(?: [\w&/-]+){0,3}$"
    # "... Saturday, Nov. 8, 2025. (AP Photo/Tendai Phiri)": a news photo's credit
    r"|\((ap|afp|reuters|epa|dpa|pa|aap) (photo|photos|foto)/[^()]{2,80}\)$"
    # "... (Foto: Stadt Kiel)", "(Photo by Ahn Young-joon / AFP)"; not "(Quelle: ...)",
    # which closes many a sentence citing its source
    r"|\((fotos?|bild|photos?|credit) ?(:|by) [\w .,/|&+'-]{2,80}\)$"
    # "Bildunterschrift: Kim Jong Un bei einer Parade": a caption labelled as one
    r"|^(bildunterschrift|caption|légende) ?:"
)
_DATE_ONLY = re.compile(
    r"^(\d{1,2}[./]\s?\d{1,2}[./]\s?\d{2,4}|\d{1,2}\.? \w+,? \d{4}|\w+ \d{1,2}, \d{4}|\d{4}-\d\d-\d\d"
    r"|\d{1,2} de \w+ de \d{4})"
    r"([ ,-]+\d{1,2}[:.]\d\d( uhr| gmt| utc| cet| cest)?)?$"
)
# "Redacción | 14/12/2024 - 22:47", "Publicerad 19 december 2024 kl. 09.41": a byline or
# publication stamp, a short line holding a full date and a clock time.
_FULL_DATE = re.compile(
    r"\b(\d{1,2}[./]\s?\d{1,2}[./]\s?\d{4}|\d{1,2}\.? [^\W\d_]+\.?,? \d{4}|[^\W\d_]+\.? \d{1,2}, \d{4})\b"
)
# 09:41, 9.41, French 18h52, English 12:40pm / 3.15 p.m.
_CLOCK = re.compile(r"\b\d{1,2}[:.h]\d\d(?:\s?[ap]m\b|\s?[ap]\.m\.|\b)")
_STAMP_WORDS = 10
# "By AFP | Published March 13, 2025, 11:02 AM | Updated 12:40 PM": a stamp that says
# what it is may run longer, a byline and two times in it.
_PUBLISHED = re.compile(
    r"\b(published|updated|posted|publié|mis à jour|veröffentlicht|aktualisiert|publicado|actualizado"
    r"|pubblicato|aggiornato|gepubliceerd|bijgewerkt|publicerad|uppdaterad|opublikowano)\b"
)
_PUBLISHED_WORDS = 25
# "(Reporting by ...; Editing by ...)": the Reuters credit line under every story.
_REPORTING_CREDIT = re.compile(
    r"^\((additional )?(reporting|writing|editing|compiled) by [^()]{2,200}\)$"
    # "(Credit: Clayton Aldern / Grist)", "(Foto: Stadt Kiel)": a picture's credit on its own line.
    r"|^\((credits?|crédits?( photo)?|photos?|fotos?|bild|image|quelle|source) ?: [^()]{2,80}\)$"
)
# "Copyright 2025 The Associated Press. All rights reserved. This material may not be
# published, ...": a rights notice runs longer than a credit line.
_RIGHTS_MARKS = ("©", "(c)", "copyright")  # looked for first: a substring test is cheaper
_RIGHTS = re.compile(
    r"(©|\(c\)|\bcopyright\b).*(all rights reserved|tous droits réservés|alle rechte vorbehalten"
    r"|todos los derechos reservados|tutti i diritti riservati)"
)
_RIGHTS_WORDS = 40
# "Abonnez-vous à notre newsletter ...", "Download the app ...": the site asks the reader
# to act. Imperatives of this kind hardly occur in news copy outside quotes.
# (Matched at the start only: cheap on the long lines that are most of a text.)
_CALL_TO_ACTION = re.compile(
    r"(abonnez-?vous|inscrivez-?vous|téléchargez l'application|subscribe (now|today|to)|sign up (now|for|to)"
    r"|download (the|our) app|jetzt (abonnieren|anmelden|registrieren|herunterladen)|laden sie (die|unsere) app"
    r"|abbonati|suscríbete|assine|schrijf je in|prenumerera|(article )?réservé aux abonnés"
    r"|cet article vous a été utile|for subscribers only|nur für abonnenten)\b"
)
_CALL_WORDS = 30
# "Sie wollen nichts verpassen? Abonnieren Sie unseren Newsletter und folgen Sie uns auf
# WhatsApp.": the site's promotion, wherever in the line it asks, unless it is quoted
# (a report on scam mails that read "Subscribe to our newsletter").
_FOLLOW_US = re.compile(
    r"\b(abonnieren sie (unseren|unsere|den|jetzt)|folgen sie uns (auf|bei|in)|newsletter abonnieren"
    r"|follow us on|sign up (for|to) our|subscribe to our|suivez-nous sur|abonnez-vous à notre"
    r"|sign up now|subscribe for free|in your inbox|stay with .{1,40} for (updates|the latest))\b"
)
# "Portada | Fútbol | Baloncesto | Tenis": a navigation bar, three or more short items.
# "Teilen: Facebook · X · WhatsApp · E-Mail": a share bar, the same shape.
_NAV_BAR = re.compile(r"^[^.!?|·•]{1,30}( [|·•] [^.!?|·•]{1,30}){2,}$")
# "Markets  Energy  Commodities  Opinion  Log in": menu items set apart by wide spaces
# (two or more, or tabs) instead of bars, four or more of up to three words each.
_SPACED_NAV = re.compile(
    r"^[^\W\d][^\s.!?,;:]*(?: [^\s.!?,;:]+){0,2}(?:(?:\s{2,}|\t)[^\s.!?,;:]+(?: [^\s.!?,;:]+){0,2}){3,}$"
)
# "By Tom Rawlinson, Environment Correspondent", "Par Jeanne Martin": an English or
# French byline (German "Von ..." also opens headlines: "Von der Leyen warnt ...").
# "Von dpa", "Par AFP", "Von dpa/lhe und Reuters": the agency as author, in any language.
_AGENCY_NAME = "|".join(sorted((re.escape(a.replace("-", "")) for a in AGENCIES), key=len, reverse=True))
_BYLINE = re.compile(
    r"^(by|par) [^\W\d_]+ [^\W\d_-]+(,|$| \| | (the )?associated press$| reuters$| afp$)"
    # "By Staff | The Global Digest", "By Reuters": the newsroom or the agency as author
    r"|^by (staff|(the )?associated press|reuters|afp|ap|bloomberg|pa media|aap|dpa)( \| [^.!?|]{2,40})?$"
    rf"|^(von|by|par|por|di|door|av|af) (?:{_AGENCY_NAME})(?:afx)?(?:/[a-z]{{2,6}})?"
    rf"(?:(?:,| und| and| et| y| e| en| och| og) (?:{_AGENCY_NAME})(?:/[a-z]{{2,6}})?)*$"
)
_BYLINE_WORDS = 8
# "Von Volkmar Kabisch, Jan Lukas Strozyk und Benedikt Strunz, NDR": a byline naming
# several authors, in any of these languages; nothing but names, joined by commas and
# one "and", then the newsroom ("Von der Leyen warnt ..." is no list of names).
_NAME = r"[^\W\d_]+(?:-[^\W\d_]+)?(?: [^\W\d_]+(?:-[^\W\d_]+)?){1,2}"
_AUTHORS = re.compile(
    rf"^(by|par|von(?! (der|den|dem|des|die|das|einer?|einem|einen) )|di|por|door|av|af) {_NAME}(?:, {_NAME})*(?: (and|und|et|e|y|en|och|og) {_NAME})"
    r"(?:, [^\W\d_][\w .&/-]{1,30})?$"
)
_AUTHORS_WORDS = 16
# A cookie notice runs longer than other furniture lines: "This website uses cookies ...".
# It speaks for the site; a news paragraph about cookies (a court ruling) does not.
_COOKIE_NOTICE = re.compile(
    r"\bcookies?\b.*\b(accept|agree|consent|continu|acept|aceit|accett|akzept|zustimm|einverstanden"
    r"|proseguendo|akkoord|zgod|godkänn|samtyck|d'accord)"
)
_SITE_SPEAKS = re.compile(
    r"\b(this (web)?site|our (web)?site|we use|diese (website|webseite|seite)|unsere (website|webseite|seite)"
    r"|wir (verwenden|nutzen)|ce site|nous utilisons|este sitio|sitio web|utilizamos|usamos|questo sito"
    r"|utilizziamo|este site|wij gebruiken|deze (web)?site|ta strona|używamy|vi använder|denna webbplats"
    r"|utilisons|we and our partners|wir und unsere partner)\b"
)
_COOKIE_WORDS = 60
_URL = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(de|com|at|ch|news|org|net|fr)\b")
# "Ich bin Stefan, ein Journalist ..." and "Stefan ist Redakteur bei ...": author bios.
_BIO = re.compile(
    r"^(about the author|über (den|die) autor(in)?|à propos de l'auteur|zum autor|zur autorin)\b"
    # "Associated Press writers Kate Brennan in Tallahassee and ... contributed to this report."
    r"|^[^.!?]{3,200} contributed (to this (report|story|article)|reporting)\.?$"
    r"|^(ich bin|i am|je suis) \w+[, ]+(ein|eine|a|an|un|une) \w*(journalist|redakteur|autor|reporter|writer|editor)"
    r"|^\w+ \w+ (ist|is|est) (redakteur|redakteurin|journalist|journalistin|reporter|editor|rédacteur)"
)
# "Home > World > Africa", "Startseite › Politik": a breadcrumb trail, short parts
# between arrows, no sentence in it. Keys are normalised: "›" and "»" arrive as quote
# marks, and a quote mark between spaces twice over is no quotation.
_BREADCRUMB = re.compile(r"^[^.!?]{1,40}( [>→] [^.!?>→]{1,40}){1,6}$")
_QUOTE_BREADCRUMB = re.compile(r"^[^.!?'\"]{1,40}( ['\"] [^.!?'\"]{1,40}){2,6}$")
# "Ticker aktualisieren · Alle Einträge anzeigen", "Écoutez la radio · Partagez": a bar of
# two or more buttons or links. News prose does not set a middle dot between spaces
# (none in the background's 514 articles or the dpa sample).
_DOT_BAR = re.compile(r"^[^·•|]{1,45}( [·•] [^·•|]{1,45})+$")
# "Mit Material von dpa und lsw", "(mit Material der Nachrichtenagenturen)": the credit
# for agency material under an outlet's own text.
# Only agencies may follow ("Mit Material von Experten gebaut." is news).
_AGENCY = r"(der |den )?(nachrichtenagenturen|agenturen|agences?|reuters|bloomberg|[a-z]{2,4})"
_MATERIAL_CREDIT = re.compile(
    r"^\(?(mit material|mit informationen|with (additional )?reporting|avec)( (von|der|aus|from|by|l'))?"
    rf" {_AGENCY}((, | und | and | et | & |/){_AGENCY})*\)?\.?$"
    # "with AP", "(with Reuters)": the credit alone, the agencies named
    r"|^\(?with (ap|afp|reuters|dpa|aap|pa|bloomberg|agencies|wires)((, | and | & |/)(ap|afp|reuters|dpa))*\)?\.?$"
)
# "Saar Nachrichten 24 - Nachrichten aus Ihrer Region": the site's name and what it offers.
_TAGLINE = re.compile(
    r"^[^.!?]{2,50} - (news und )?(nachrichten|news|infos|actualités|noticias|notizie)"
    r" (und \w+ )?(aus|für|zum|zur|from|for|de|du|des)\b[^.!?]{0,40}$"
)
# "Hinweise an die Redaktion: WhatsApp 0471 555 98 98", "Got a photo or video? Send it
# to us": the newsroom asks for tips.
_CONTACT = re.compile(
    r"(hinweise|tipps|infos) an die redaktion\b|(got|have) a (news )?(tip|story|photo)|send (us )?(your )?"
    r"(tips?|photos?|videos?)\b"
)
_WHATSAPP = re.compile(r"\bwhatsapp\b[: ]+[+\d][\d /-]{5,}")
_CONTACT_WORDS = 16
# "Ich schreibe für Neckartal Bote über Politik ...": the author's line under the text.
_WRITES_FOR = re.compile(r"^(ich schreibe (für|über)|i write (for|about)|j'écris (pour|sur)) ")
_WRITES_FOR_WORDS = 30
# After these, everything is comment form or page footer.
# "Den kompletten Beitrag lesen Sie in der neuen Ausgabe ...", "Read the full story on
# ...", "Revivez le direct": a pointer to the text elsewhere, not the text.
_READ_ELSEWHERE = re.compile(
    r"^((den|die|das) (kompletten|vollständigen|ganzen|gesamten) (beitrag|artikel|text|bericht|interview)"
    r" (lesen|finden|hören) sie|(read|see) the full (story|article|report|interview)"
    r"|(lire|retrouvez) (la suite|l'intégralité)|revivez (le direct|notre direct))\b"
)
_READ_ELSEWHERE_WORDS = 30
_PAGE_END = re.compile(
    r"^(kommentare|schreib(en sie|e) einen kommentar|leave a (comment|reply)|laisser un commentaire"
    r"|das könnte sie (auch )?interessieren|weitere artikel|you (may|might) also like|(à |a )?lire aussi)"
    rf"|{_READ_ALSO}|{_COMMENTS}"
)

# What the site says about itself or asks of the reader, in a line of its own: a paywall
# ("Weiterlesen mit Seepost Plus", "Jetzt 4 Wochen für 0,99 € testen"), a feed's
# footer ("Der Beitrag ... erschien zuerst auf ...", WordPress and Yoast), the
# newsroom's notes ("Dieser Artikel wurde automatisch aus dem dpa-Newskanal übernommen",
# "Haben Sie einen Fehler im Text gefunden?", "Über die Redaktion: ..."), reader polls,
# empty comment sections, advertising and disclaimers, tag lists and galleries.
_SITE_NOTE = re.compile(
    r"^((weiterlesen|weiter lesen|lesen sie weiter) mit \S+|continue reading with \S+"
    r"|jetzt [^.!?]{0,40}(testen|gratis lesen|kostenlos lesen|freischalten)\b|alle artikel (auf|von) \S+ lesen"
    r"|(sie haben|haben sie) bereits ein abo|already (a subscriber|have an account)"
    r"|der beitrag .{1,200} erschien zuerst (auf|bei) |the post .{1,200} appeared first on "
    r"|dieser (artikel|beitrag|text) wurde (automatisch )?(aus|von) .{1,80} übernommen"
    r"|(haben sie )?einen fehler (im text )?gefunden\b|(found|spotted) (an error|a mistake|a typo)\b"
    r"|über die redaktion ?:|about (the|our) (newsroom|editorial team) ?:"
    r"|(hat ihnen )?(dieser|der) (artikel|beitrag) (gefallen|geholfen)\b|war (dieser|der) (artikel|beitrag) hilfreich"
    r"|was this (article|story) helpful|did you (like|enjoy) this (article|story)"
    r"|noch keine kommentare|no comments yet|(schreiben sie|sei) den ersten kommentar|be the first to comment"
    r"|(anzeige|werbung|advertisement|sponsored) ?[:|]"
    r"|(schlagworte|schlagwörter|stichworte|stichwörter|tags|mots-?clés|etiquetas) ?: [^.!?]{1,200}$"
    r"|(bildergalerie|fotostrecke|galerie|gallery|diaporama) ?: [^.!?]{1,150}\(\d+ (fotos|bilder|photos|images)\)$)"
    # French and Spanish pages: credits, paywalls, share bars, comment sections, reading time
    # (keys have no hyphens: "suivez-nous" is "suiveznous")
    # "Ouest Matin avec AFP" names the agency bare; a sentence says "avec l'AFP"
    r"|^(?:[^.!?]{2,50} avec (afp|reuters|ap|dpa|efe|agences)$|(source|fuente) ?: (afp|reuters|ap|dpa|efe|ansa)$"
    r"|article rédigé avec (l')?(afp|reuters|ap|dpa)|agencia efe$|redacción( [^/]{1,40})? ?/ ?(efe|europa press|afp)$"
    r"|(cet article est )?réservé aux abonnés|il vous reste \d+ ?% de cet article|déjà abonné"
    r"|(partager|compartir|condividi) (sur|en|su) (facebook|x|twitter|linkedin|whatsapp)|comparte esta noticia"
    r"|aucun commentaire|soyez le premier à (réagir|commenter)|vous devez être connecté pour commenter"
    r"|deja un comentario|sé el primero en comentar|(temps de )?lecture ?:? \d+ min|suiveznous sur"
    r"|votre avis compte|cet article vous a plu|vous avez repéré une erreur|retrouvez toute l'actualité .{1,60} sur notre"
    r"|(sur le même sujet|les plus lus|contenus sponsorisés|vos commentaires|réagir|signaler un abus|politique)$"
    r"|((facebook|twitter|x|linkedin|whatsapp|email|telegram|pinterest|flipboard|reddit)( |$)){3,}$)"
    r"|^get (our |the )?(breaking )?news alerts\b|^follow .{1,40} on (whatsapp|x|twitter|facebook|instagram"
    r"|telegram|google news)\b|^share (or comment on )?this (article|story)|^catch all the (latest )?\w+ news\b"
    r"|\b(keine anlageberatung|not (intended as )?investment advice|do you have a story for us|download (the|our) app)\b"
    r"|\bn'avez pas accepté les cookies\b"
    r"|\b(jetzt mitglied werden|become a (member|supporter))[.!]?$"
)
_SITE_NOTE_WORDS = 40


@lru_cache(maxsize=200_000)
def line_key(text: str) -> str:
    """The form under which a line is counted across a corpus."""
    return " ".join(normalise(text).split())


@lru_cache(maxsize=200_000)  # pure, and copies repeat lines; a dozen regexes per call
def is_furniture_line(text: str) -> bool:
    """True for a line that is site furniture by its wording or shape alone.

    >>> is_furniture_line("Das könnte Sie auch interessieren")
    True
    >>> is_furniture_line("OZD / ©AFP")
    True
    >>> is_furniture_line("Home > World > Africa")
    True
    >>> is_furniture_line("Nato-Generalsekretär Mark Rutte warnte vor einer Eskalation.")
    False
    """
    key = line_key(text).lstrip("-•*·> ")
    if not key:
        return True
    if _SPACED_NAV.match(text.strip()):
        return True
    # Separators ("|", ":", "-") are no words: a navigation bar of seven items is short.
    # (Only lines short enough for some rule are worth counting them in.)
    words = key.count(" ") + 1
    if words <= 2 * _CAPTION_WORDS:
        words -= len(_SEPARATOR.findall(key))
    if words <= _CAPTION_WORDS and _CAPTION_CREDIT.search(key):
        return True
    if words <= 12 and (
        _FURNITURE.search(key)
        or _CREDIT.match(key)
        or _DATE_ONLY.match(key)
        or _BREADCRUMB.match(key)
        or ((" ' " in key or ' " ' in key) and _QUOTE_BREADCRUMB.match(key))
        or _NAV_BAR.match(key)
        or (("·" in key or "•" in key) and _DOT_BAR.match(key) and not key.endswith("."))
        or (key.startswith(("(", "mit ", "with ", "avec ")) and _MATERIAL_CREDIT.match(key))
        or (" - " in key and _TAGLINE.match(key))
    ):
        return True
    if words <= _CONTACT_WORDS and (_CONTACT.match(key) or ("whatsapp" in key and _WHATSAPP.search(key))):
        return True
    if words <= _READ_ELSEWHERE_WORDS and _READ_ELSEWHERE.match(key):
        return True
    if words <= _COOKIE_WORDS and _COOKIE_NOTICE.search(key) and _SITE_SPEAKS.search(key):
        return True
    if words <= _STAMP_WORDS and _FULL_DATE.search(key) and _PUBLISHED.search(key) and not key.endswith("."):
        return True  # "Published 4 March 2025", "Von Redaktion X | Aktualisiert am 12. November 2025"
    if (
        words <= _PUBLISHED_WORDS
        and _CLOCK.search(key)
        and _FULL_DATE.search(key)
        and (not key.endswith(".") or key.endswith(("a.m.", "p.m.")))
        and (words <= _STAMP_WORDS or _PUBLISHED.search(key))
    ):
        return True
    if words <= _TEASER_WORDS and _TEASER_LABEL.match(key) and not key.endswith("."):
        return True
    if _REPORTING_CREDIT.match(key) or (
        words <= _RIGHTS_WORDS and any(mark in key for mark in _RIGHTS_MARKS) and _RIGHTS.search(key)
    ):
        return True
    if words <= _BYLINE_WORDS and _BYLINE.match(key) and not key.endswith((".", "!", "?")):
        return True
    if words <= 4 and key.removeprefix("the ").rstrip(" .") in AGENCIES:
        return True  # "The Associated Press" on a line of its own: the byline, not the news
    if words <= _AUTHORS_WORDS and _AUTHORS.match(key):
        return True
    if words <= _CALL_WORDS and (_CALL_TO_ACTION.match(key) or ('"' not in key and _FOLLOW_US.search(key))):
        return True
    if words <= 12 and _URL.search(key) and not key.endswith((".", "!", "?")):
        return True
    if _BIO.match(key) or (words <= _WRITES_FOR_WORDS and _WRITES_FOR.match(key)):
        return True
    if words <= _SITE_NOTE_WORDS and _SITE_NOTE.search(key):
        return True
    # A bare hashtag list or a line of symbols.
    return all(not ch.isalnum() or ch.isdigit() for ch in key.replace("#", "")) or key.startswith("#")


def furniture_mask(lines: Sequence[str]) -> list[bool]:
    """Which of an article's paragraphs are furniture.

    Besides single lines, the tail after a comment form or a related-articles block
    is furniture, unless real prose follows it again (a long paragraph that ends
    a sentence).
    """
    mask = [is_furniture_line(line) for line in lines]
    in_tail = False
    for i, line in enumerate(lines):
        key = line_key(line)
        if _PAGE_END.match(key):
            in_tail = True
        elif in_tail and len(key.split()) >= 25 and key.endswith((".", "!", "?", '"')):
            in_tail = False
        if in_tail:
            mask[i] = True
    for i, line in enumerate(lines):
        if not mask[i] and len(line) <= _BYLINE_CHARS and _SINGLE_AUTHOR.match(" ".join(line.split())):
            mask[i] = True
    # "Stefan Lehmann", "Benedikt Strunz, NDR" under the text: the author's sign-off.
    content = [i for i, furniture in enumerate(mask) if not furniture]
    if len(content) > 1 and _is_sign_off(lines[content[-1]]):
        mask[content[-1]] = True
    return mask


# Two or three capitalised names, then perhaps the newsroom: "Benedikt Strunz, NDR".
_CAPITALISED_NAME = r"(?:[A-ZÄÖÜ][^\W\d_]+(?:-[A-ZÄÖÜ][^\W\d_]+)? ){1,2}[A-ZÄÖÜ][^\W\d_]+"
# "Von Stefan Lehmann", "By Jane Doe": one author, matched as written, since only the
# capitals tell it from "Von der Leyen" or "Von Montag an".
_BYLINE_CHARS = 100  # longer lines are no single name: not worth a look
_SINGLE_AUTHOR = re.compile(
    rf"^(?:Von|VON|By|BY|Par|PAR) {_CAPITALISED_NAME}(?:(?:,| und| mit| and| with| et| avec) [\w .&/-]{{2,30}})?$"
)
_SIGN_OFF = re.compile(
    r"^(?:[A-ZÄÖÜ][^\W\d_]+(?:-[A-ZÄÖÜ][^\W\d_]+)? ){1,2}[A-ZÄÖÜ][^\W\d_]+(?:, [\w .&/-]{2,30})?$"
)


def _is_sign_off(line: str) -> bool:
    """A last line that is only a name (as written: capitals matter here)."""
    return bool(_SIGN_OFF.match(" ".join(line.split())))


def recurring_lines(lines_by_doc: Mapping[str, Iterable[str]], *, min_docs: int = 3) -> set[str]:
    """Line keys held by at least ``min_docs`` articles: the candidates for furniture.

    Whether a candidate is furniture depends on whether its holders are otherwise
    unrelated (:func:`dedupe.recurring.mostly_unrelated` measures that).

    >>> docs = {"a": ["Mehr lesen bei X.", "Brand in Wien."], "b": ["Mehr lesen bei X.", "Wahl in Graz."],
    ...         "c": ["Mehr lesen bei X.", "Streik in Linz."]}
    >>> sorted(recurring_lines(docs))
    ['mehr lesen bei x.']
    """
    return recurring_keys(
        {doc_id: map(line_key, lines) for doc_id, lines in lines_by_doc.items()}, min_docs=min_docs
    )


def recurring_keys(keys_by_doc: Mapping[str, Iterable[str]], *, min_docs: int = 3) -> set[str]:
    """:func:`recurring_lines` for lines already keyed (:func:`line_key`): a caller that
    needs the keys again (the batch looks up each key's holders next) keys each line once.

    >>> sorted(recurring_keys({"a": ["x", ""], "b": ["x", ""], "c": ["x", "y", ""]}))
    ['x']
    """
    holders: dict[str, set[str]] = defaultdict(set)
    for doc_id, keys in keys_by_doc.items():
        for key in keys:
            if key:
                holders[key].add(doc_id)
    return {key for key, docs in holders.items() if len(docs) >= min_docs}
