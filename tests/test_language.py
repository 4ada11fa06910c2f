"""Language of undeclared texts: detected, never overriding a declaration."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from wordfreq import top_n_list

from dedupe.article import Article, article_from_mapping
from dedupe.cli import main
from dedupe.config import Config
from dedupe.document import prepare
from dedupe.errors import ConfigError
from dedupe.language import DETECTABLE, detect_language, resolve_language

# Invented wire-style paragraphs, one per language.
TEXTS = {
    "de": "Die Stadtwerke haben am Dienstag mitgeteilt, dass der Strompreis im kommenden Jahr "
    "um zwölf Prozent steigen wird. Ein Sprecher sagte, die Kunden würden noch im Herbst informiert.",
    "en": "The city utility said on Tuesday that electricity prices would rise by twelve percent "
    "next year. A spokesman said customers would be informed in the autumn.",
    "fr": "La régie municipale a annoncé mardi que le prix de l'électricité augmentera de douze pour "
    "cent l'an prochain. Un porte-parole a dit que les clients seraient informés à l'automne.",
    "es": "La empresa municipal anunció el martes que el precio de la electricidad subirá un doce por "
    "ciento el año que viene. Un portavoz dijo que los clientes serán informados en otoño.",
    "it": "L'azienda municipale ha annunciato martedì che il prezzo dell'elettricità aumenterà del "
    "dodici per cento il prossimo anno. Un portavoce ha detto che i clienti saranno informati in autunno.",
    "nl": "Het gemeentelijke energiebedrijf heeft dinsdag bekendgemaakt dat de stroomprijs volgend jaar "
    "met twaalf procent zal stijgen. Een woordvoerder zei dat de klanten in de herfst worden ingelicht.",
    "pt": "A empresa municipal anunciou na terça-feira que o preço da eletricidade vai subir doze por "
    "cento no próximo ano. Um porta-voz disse que os clientes serão informados no outono.",
    "sv": "Det kommunala energibolaget meddelade på tisdagen att elpriset kommer att stiga med tolv "
    "procent nästa år. En talesperson sade att kunderna ska informeras under hösten.",
    "pl": "Miejskie przedsiębiorstwo energetyczne poinformowało we wtorek, że cena prądu wzrośnie w "
    "przyszłym roku o dwanaście procent. Rzecznik powiedział, że klienci zostaną poinformowani jesienią.",
    "cs": "Městská energetická společnost v úterý oznámila, že cena elektřiny příští rok vzroste o "
    "dvanáct procent. Mluvčí řekl, že zákazníci budou informováni na podzim.",
    "ro": "Compania municipală a anunțat marți că prețul energiei electrice va crește cu doisprezece la "
    "sută anul viitor. Un purtător de cuvânt a spus că clienții vor fi informați în toamnă.",
    "hu": "A városi energiaszolgáltató kedden bejelentette, hogy az áram ára jövőre tizenkét százalékkal "
    "emelkedik. Egy szóvivő azt mondta, hogy az ügyfeleket ősszel tájékoztatják.",
    # Turkish has few function words (its grammar is in suffixes): a longer paragraph.
    "tr": "Belediye enerji şirketi salı günü yaptığı açıklamada, elektrik fiyatının gelecek yıl yüzde on "
    "iki artacağını bildirdi. Şirket sözcüsü, bu kararın çok zor bir karar olduğunu ve müşterilerin "
    "sonbaharda bilgilendirileceğini söyledi. Ama bu artış için daha fazla zaman var ve şirket her şeyi "
    "açıklayacak.",
    "ru": "Городская энергетическая компания сообщила во вторник, что цена на электроэнергию в следующем "
    "году вырастет на двенадцать процентов. Представитель компании сказал, что клиентов проинформируют осенью.",
    "el": "Η δημοτική επιχείρηση ενέργειας ανακοίνωσε την Τρίτη ότι η τιμή του ρεύματος θα αυξηθεί κατά "
    "δώδεκα τοις εκατό τον επόμενο χρόνο. Ένας εκπρόσωπος είπε ότι οι πελάτες θα ενημερωθούν το φθινόπωρο.",
}


@pytest.mark.parametrize("language", sorted(TEXTS))
def test_detects_the_language_of_running_text(language: str) -> None:
    assert detect_language(TEXTS[language]) == language


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("pt", "A empresa anunciou que o novo modelo estará à venda em todo o país a partir de maio, "
         "com um preço de base de dez mil euros."),
        ("sv", "Polisen har gripit en man i Malmö som misstänks för mordet på en kvinna i helgen. "
         "Han har inte erkänt brott, enligt hans advokat."),
    ],
)  # fmt: skip
def test_close_relatives_running_level_go_to_the_leader_not_to_german(language: str, text: str) -> None:
    # Portuguese runs level with Spanish here, Swedish with Danish and Norwegian: no
    # clear lead, yet German word rarities would be the worst guess of all.
    assert detect_language(text) is None
    assert Article(id="x", text=text).language == language


def test_a_text_level_with_the_fallback_language_is_left_to_it() -> None:
    mixed = "Die Regierung hat am Montag gesagt, dass die Steuern steigen. " + (
        "De regering heeft maandag gezegd dat de belastingen stijgen."
    )
    assert detect_language(mixed, fallback="de") is None
    assert Article(id="x", text=mixed).language == "de"
    assert detect_language(mixed, fallback="fr") == "nl"


@pytest.mark.parametrize("text", ["", "3:2", "Bayern München", "NHL-Ergebnisse: 4:2, 3:1"])
def test_too_little_text_is_not_guessed(text: str) -> None:
    assert detect_language(text) is None


def test_a_declared_language_always_wins() -> None:
    assert resolve_language("fr", TEXTS["de"]) == "fr"
    assert Article(id="x", text=TEXTS["en"], language="de").language == "de"


def test_undeclared_articles_get_the_detected_language_else_german() -> None:
    assert Article(id="x", text=TEXTS["en"]).language == "en"
    assert article_from_mapping({"id": "x", "text": TEXTS["fr"], "language": ""}).language == "fr"
    assert Article(id="x", text="Kurz.").language == "de"


def test_english_function_words_are_not_taken_for_rare_facts() -> None:
    # With German weights "the", "would", "said" are rare words, and two English
    # texts on one topic would share them as "facts" of a common source.
    rare = set(prepare(Article(id="x", text=TEXTS["en"])).rare_terms)
    assert not rare & {"the", "would", "said", "that", "on"}
    forced_german = set(prepare(Article(id="x", text=TEXTS["en"], language="de")).rare_terms)
    assert forced_german & {"the", "would", "said"}


def test_config_accepts_auto_or_a_code_and_explains_anything_else() -> None:
    assert Config().language == "auto"
    assert Config(language="en").language == "en"
    with pytest.raises(ConfigError, match="'auto'"):
        Config(language="english")


def test_batch_output_names_each_articles_language(tmp_path) -> None:
    lines = [{"id": lang, "text": text} for lang, text in TEXTS.items()]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["cluster", str(source), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    members = [m for c in json.loads(out.read_text(encoding="utf-8"))["clusters"] for m in c["members"]]
    assert {m["article_id"]: m["language"] for m in members} == {lang: lang for lang in TEXTS}


@pytest.mark.parametrize("language", DETECTABLE)
def test_every_detectable_language_has_stems_and_stop_words(language: str) -> None:
    from dedupe.normalise import stem, stop_words

    assert stop_words(language), f"no stop words for {language}"
    # A Snowball stemmer strips at least one inflection of the language's commonest words.
    words = [w for w in top_n_list(language, 500) if len(w) > 5]
    assert any(stem(w, language) != w for w in words)


def test_detection_does_not_keep_every_languages_whole_word_list() -> None:
    # Nineteen full wordfreq lists are about 400 MiB; detection needs 100 words of each.
    from wordfreq import get_frequency_list

    from dedupe.language import _function_words

    _function_words.cache_clear()
    lists = _function_words()
    assert set(lists) == set(DETECTABLE) and all(len(words) > 50 for words in lists.values())
    assert get_frequency_list.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("北京（法新社）中国外交部周二表示，中美两国将于下周在日内瓦举行新一轮贸易会谈。", "zh"),
        ("東京（ロイター）日本政府は火曜日、物価高に苦しむ家計を支援する新たな経済対策を発表した。", "ja"),
        ("서울(연합뉴스) 한국 정부는 화요일 물가 상승에 대응하는 새로운 경제 대책을 발표했다.", "ko"),
        ("กรุงเทพฯ รัฐบาลไทยประกาศมาตรการเศรษฐกิจใหม่เมื่อวันอังคาร", "th"),
        ("Президент России заявил во вторник, что правительство подготовит новый план для "
         "энергетической системы до конца года. По его словам, это приоритет для страны.", "ru"),
        ("Президент України заявив у вівторок, що уряд підготує новий план відбудови енергетичної "
         "системи до кінця року. За його словами, це питання є пріоритетом для країни.", "uk"),
        ("Правителството на България обяви във вторник, че ще подготви нов план за енергийната "
         "система до края на годината. Според министъра това е приоритет за страната.", "bg"),
        ("قالت وزارة الخارجية يوم الثلاثاء إن المحادثات بين البلدين ستعقد الأسبوع المقبل في جنيف. "
         "وأضاف المتحدث أن الجانبين سيناقشان قضايا التجارة والطاقة.", "ar"),
        ("وزارت امور خارجه روز سه شنبه اعلام کرد که مذاکرات میان دو کشور هفته آینده در ژنو برگزار "
         "خواهد شد. سخنگوی این وزارتخانه گفت که دو طرف درباره تجارت و انرژی گفتگو خواهند کرد.", "fa"),
        ("משרד החוץ הודיע ביום שלישי כי השיחות בין שתי המדינות ייערכו בשבוע הבא בז'נבה.", "he"),
        ("विदेश मंत्रालय ने मंगलवार को कहा कि दोनों देशों के बीच बातचीत अगले सप्ताह जिनेवा में होगी।", "hi"),
        ("Мирный договор подписан.", "ru"),  # no function word: the script's first language
    ],
)  # fmt: skip
def test_texts_in_their_own_script_are_detected_by_it(text: str, expected: str) -> None:
    assert detect_language(text, fallback="de") == expected


def test_a_name_in_chinese_characters_leaves_a_german_text_german() -> None:
    text = TEXTS["de"] + " Der Parteichef Xi Jinping (习近平) äußerte sich nicht."
    assert detect_language(text, fallback="de") == "de"
