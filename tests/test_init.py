"""The package's public surface: ``__all__`` is sorted and is exactly what is exported, and
the front door (``compare``, ``cluster``, ``Config``) refuses wrong arguments with a
:class:`~dedupe.DedupeError` that says what to pass, never an error from deep inside."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest

import dedupe
from dedupe import Article, Config, errors


def test_all_is_sorted_and_unique() -> None:
    assert list(dedupe.__all__) == sorted(dedupe.__all__)
    assert len(set(dedupe.__all__)) == len(dedupe.__all__)


def test_every_name_in_all_exists() -> None:
    for name in dedupe.__all__:
        assert hasattr(dedupe, name), name


def test_all_lists_every_public_export() -> None:
    public = {
        name
        for name, value in vars(dedupe).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    assert public == set(dedupe.__all__) - {"__version__"}


def test_every_error_class_is_exported() -> None:
    classes = {
        name
        for name, value in vars(errors).items()
        if inspect.isclass(value) and issubclass(value, Exception)
    }
    assert classes <= set(dedupe.__all__)
    assert all(issubclass(getattr(dedupe, name), dedupe.DedupeError) for name in classes)


def test_version_is_a_version_string() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", dedupe.__version__)


def test_star_import_gives_all() -> None:
    namespace: dict = {}
    exec("from dedupe import *", namespace)
    assert set(dedupe.__all__) <= set(namespace)


WIRE = (
    "Die Stadtwerke Lindenau erhöhen zum ersten März die Preise für Fernwärme um elf Prozent. "
    "Das teilte ein Sprecher des Unternehmens am Dienstag mit.\n\n"
    "Betroffen seien rund 42.000 Haushalte im Stadtgebiet. Als Grund nannte der Versorger "
    "gestiegene Kosten für Gas und Personal."
)
COPY = WIRE + "\n\nMehr dazu lesen Sie in unserer Wochenendausgabe."
EN_WIRE = (
    "A bakery in the town of Millbridge has won the national prize for the best sourdough loaf, "
    "the judging panel said on Friday. The bakery, run by two sisters since 2009, beat more "
    "than 300 entries from across the country."
)
EN_COPY = EN_WIRE.replace("on Friday", "late on Friday") + " The prize comes with 5,000 pounds."


def test_the_package_docstring_shows_the_way_in() -> None:
    for name in ("compare", "cluster", "Article", "article_from_mapping", "Config", "DedupeError"):
        assert f":func:`{name}`" in dedupe.__doc__ or f":class:`{name}`" in dedupe.__doc__, name


def test_compare_gives_what_the_readme_promises() -> None:
    result = dedupe.compare(WIRE, COPY)
    assert isinstance(result, dedupe.Comparison)
    assert 0.0 <= result.similarity <= 1.0 and 0.0 <= result.jaccard <= 1.0
    assert result.relation in ("verbatim", "edited", "rewritten")
    first, second = result.containment
    assert first == 1.0 > second  # a in b: all of the wire is in the copy, not all of the copy in it
    assert set(result.to_dict()) == {"similarity", "relation", "jaccard", "containment", "evidence"}


@pytest.mark.parametrize("value", [None, WIRE.encode(), 5, [WIRE]])
def test_compare_refuses_what_is_no_text_naming_the_argument(value: Any) -> None:
    with pytest.raises(dedupe.InputError, match=r"compare\(\) takes a str or a dedupe.Article as 'b', got"):
        dedupe.compare(WIRE, value)


def test_compare_and_cluster_refuse_settings_that_are_no_config() -> None:
    # A dict failed with AttributeError: 'dict' object has no attribute 'shingle_size'.
    with pytest.raises(dedupe.ConfigError, match=r"dedupe.Config\(\*\*settings\)"):
        dedupe.compare(WIRE, COPY, config={"threshold": 0.7})  # type: ignore[arg-type]
    with pytest.raises(dedupe.ConfigError, match=r"dedupe.Config\(\*\*settings\)"):
        dedupe.cluster([Article(id="a", text=WIRE)], {"threshold": 0.7}, workers=1)  # type: ignore[arg-type]


def test_compare_refuses_a_text_over_max_text_chars_as_config_says() -> None:
    config = Config(max_text_chars=1000)
    with pytest.raises(dedupe.InputError, match=r"text a .* over config.max_text_chars \(1000\)"):
        dedupe.compare(WIRE * 5, COPY, config=config)
    assert dedupe.compare(WIRE, COPY, config=config).relation != "unrelated"


def test_compare_takes_the_language_of_its_config_for_plain_texts() -> None:
    forced = dedupe.compare(EN_WIRE, EN_COPY, language="de")
    assert dedupe.compare(EN_WIRE, EN_COPY, config=Config(language="de")) == forced
    assert dedupe.compare(EN_WIRE, EN_COPY) != forced  # detected as English: other stop words


@pytest.mark.parametrize("language", ["german", "deutsch", 5])
def test_compare_refuses_a_language_that_is_no_code(language: Any) -> None:
    with pytest.raises(dedupe.ConfigError, match="ISO 639-1 code"):
        dedupe.compare(WIRE, COPY, language=language)


def test_cluster_gives_what_the_readme_promises_from_a_generator() -> None:
    articles = (Article(id=i, text=t) for i, t in (("wire", WIRE), ("copy", COPY), ("en", EN_WIRE)))
    result = dedupe.cluster(articles, workers=1)
    assert result["stats"]["articles"] == 3 and result["stats"]["multi_member_clusters"] == 1
    members = [m for c in result["clusters"] for m in c["members"]]
    assert sorted(m["article_id"] for m in members) == ["copy", "en", "wire"]
    for member in members:
        assert {"article_id", "outlet", "relation", "similarity", "unique_share", "origin_share"} <= set(
            member
        )
        assert {"index", "start", "end", "status", "matches"} <= set(member["paragraphs"][0])


@pytest.mark.parametrize("articles", [None, WIRE, {"id": "a", "text": WIRE}, Article(id="a", text=WIRE)])
def test_cluster_refuses_what_is_no_iterable_of_articles(articles: Any) -> None:
    with pytest.raises(dedupe.InputError, match=r"cluster\(\) takes an iterable"):
        dedupe.cluster(articles, workers=1)


def test_cluster_refuses_a_dict_saying_how_to_make_it_an_article() -> None:
    # It failed with AttributeError: 'dict' object has no attribute 'id'.
    records = [Article(id="a", text=WIRE), {"id": "b", "text": COPY}]
    with pytest.raises(dedupe.InputError, match=r"item 1 is a dict: .*dedupe.article_from_mapping"):
        dedupe.cluster(records, workers=1)
    built = [records[0], dedupe.article_from_mapping(records[1])]
    assert dedupe.cluster(built, workers=1)["stats"]["multi_member_clusters"] == 1


@pytest.mark.parametrize("workers", [0, -1, "2", 1.5, True])
def test_cluster_refuses_a_worker_count_it_cannot_use(workers: Any) -> None:
    with pytest.raises(dedupe.ConfigError, match="workers must be a whole number"):
        dedupe.cluster([Article(id="a", text=WIRE)], workers=workers)


def test_config_takes_genres_as_any_iterable_and_matches_them_in_any_case() -> None:
    # ("Sport",) never matched (the genre is casefolded), and a list made Config unhashable.
    config = Config(excluded_genres=["Sport"])
    assert config.excluded_genres == ("sport",) and hash(config)
    articles = [Article(id="a", text=WIRE, genre="Sport"), Article(id="b", text=COPY, genre="SPORT")]
    assert dedupe.cluster(articles, workers=1)["stats"]["multi_member_clusters"] == 1
    assert dedupe.cluster(articles, config, workers=1)["stats"]["multi_member_clusters"] == 0


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("seed", -1, "seed must be an integer from 0"),
        ("seed", "1", "seed must be an integer from 0"),
        ("window_days", True, "window_days must be a number"),
        ("retention_days", True, "retention_days must be a number"),
        ("excluded_genres", None, "excluded_genres must be a tuple"),
        ("excluded_genres", [1], "non-empty genre names"),
    ],
)
def test_config_refuses_a_wrong_value_on_creation(name: str, value: Any, message: str) -> None:
    with pytest.raises(dedupe.ConfigError, match=message):
        Config(**{name: value})
