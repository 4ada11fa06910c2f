"""The library's front door: :func:`compare` for two texts, :func:`cluster` for a batch.

Both check what a caller hands them before the engine sees it, so that a wrong type
fails here with a :class:`~dedupe.errors.DedupeError` naming the argument, not with an
``AttributeError`` from deep inside the pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from .article import Article
from .cluster import cluster as _cluster
from .config import Config
from .document import prepare
from .errors import ConfigError, InputError
from .language import language_tag
from .verify import Comparison, compare_documents

__all__ = ["as_article", "cluster", "compare"]


def as_article(value: str | Article, *, fallback_id: str, language: str) -> Article:
    """Accept plain text or an :class:`Article`; anything else is an :class:`InputError`."""
    if isinstance(value, Article):
        return value
    if not isinstance(value, str):
        hint = " (decode bytes first: value.decode('utf-8'))" if isinstance(value, (bytes, bytearray)) else ""
        raise InputError(
            f"compare() takes a str or a dedupe.Article as {fallback_id!r}, got {type(value).__name__}{hint}"
        )
    return Article(id=fallback_id, text=value, language=language)


def _config_of(config: Any) -> Config:
    if config is None:
        return Config()
    if not isinstance(config, Config):
        raise ConfigError(
            f"config must be a dedupe.Config, got {type(config).__name__}: "
            "build one with dedupe.Config(**settings), e.g. Config(threshold=0.7)"
        )
    return config


def _language_of(language: Any, config: Config) -> str:
    # None defers to the config, so that Config(language="en") means what it says here too.
    if language is None:
        return config.language
    code = language_tag(language) if isinstance(language, str) else None
    if isinstance(language, str) and (code is None or (len(code) == 2 and code.isalpha())):
        return language
    raise ConfigError(
        "language must be 'auto' (detect from the text) or an ISO 639-1 code such as 'de' "
        f"(a tag such as 'de-DE' is read as 'de'), got {language!r}"
    )


def compare(
    a: str | Article, b: str | Article, *, language: str | None = None, config: Config | None = None
) -> Comparison:
    """How likely ``b`` and ``a`` derive from the same copy, and how.

    ``a`` and ``b`` are texts (``str``) or :class:`~dedupe.article.Article` objects.
    ``language`` applies to plain texts only (an Article settled its own when it was
    made): ``"auto"`` detects it, a code such as ``"de"`` forces it; None (the default)
    takes ``config.language``. ``config`` supplies ``threshold``, ``window_days``
    (Articles with ``published_at`` far apart score lower) and ``shingle_size``.

    Returns a :class:`~dedupe.verify.Comparison`:

    - ``similarity``: float from 0 to 1, calibrated (0.5: as likely derived as not);
    - ``relation``: ``"verbatim"``, ``"edited"``, ``"rewritten"`` or ``"unrelated"``
      (below ``config.threshold``); symmetric, unlike a cluster member's relation to
      its origin;
    - ``jaccard``: float from 0 to 1, overlap of the word shingles;
    - ``containment``: ``(a in b, b in a)``, each from 0 to 1;
    - ``evidence``: the measures behind the score; ``to_dict()`` gives all as JSON.

    An empty text is ``"unrelated"`` to everything.

    Raises:
        InputError: ``a`` or ``b`` is neither str nor Article, or a text is longer than
            ``config.max_text_chars``.
        ConfigError: ``config`` is not a :class:`~dedupe.config.Config`, or ``language``
            is no language code.

    >>> text = "Der Regionalzug nach Linz fällt wegen Bauarbeiten heute aus."
    >>> compare(text, text).relation
    'verbatim'
    """
    config = _config_of(config)
    language = _language_of(language, config)
    first = as_article(a, fallback_id="a", language=language)
    second = as_article(b, fallback_id="b", language=language)
    for name, article in (("a", first), ("b", second)):
        if len(article.text) > config.max_text_chars:
            # What Config.max_text_chars promises, and what the batch and the service refuse.
            raise InputError(
                f"text {name} ({article.id!r}) has {len(article.text)} characters, over "
                f"config.max_text_chars ({config.max_text_chars}): split it, or raise the limit "
                "with Config(max_text_chars=...)",
                source=article.source,
            )
    da = prepare(first, shingle_size=config.shingle_size)
    db = prepare(second, shingle_size=config.shingle_size)
    return compare_documents(da, db, threshold=config.threshold, window_days=config.window_days)


def _only_articles(articles: Iterable[Any]) -> Iterator[Article]:
    # Lazily, so that a generator of a month's articles is still read one at a time.
    for position, item in enumerate(articles):
        if not isinstance(item, Article):
            hint = (
                ": build it with dedupe.article_from_mapping(record)"
                if isinstance(item, Mapping)
                else ": build it with dedupe.Article(id=..., text=...)"
            )
            raise InputError(
                f"cluster() takes dedupe.Article objects; item {position} is a {type(item).__name__}{hint}"
            )
        yield item


def cluster(
    articles: Iterable[Article],
    config: Config | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Cluster articles into stories; the batch JSON contract (README, "Output") as a dict.

    ``articles``: any iterable of :class:`~dedupe.article.Article` (a list, a
    generator); build them from JSON-like dicts with
    :func:`~dedupe.article.article_from_mapping`. ``progress`` is called with the
    number of articles done so far. ``workers``: processes for verification and
    description (None, the default: one per core this process may use; 1: none
    forked). The result does not depend on it.

    Returns ``{"clusters": [...], "stats": {...}}``. Every accepted article is a
    member of exactly one cluster; an article with no match is a cluster of one with
    relation ``origin``. Articles that cannot be accepted (empty text, a text over
    ``config.max_text_chars``, a second text under one id and version) do not stop
    the run: they are listed in ``stats["rejected"]`` with the reason; versions
    replaced by a newer one of the same id in ``stats["superseded"]``; the same
    version with the same text again (one wire item read from two feeds) in
    ``stats["redelivered"]``; kills and withheld items (taken out of clustering) in
    ``stats["withdrawn"]``.

    Raises:
        InputError: ``articles`` is no iterable of Articles (a dict, a str, None in it).
        ConfigError: ``config`` is not a :class:`~dedupe.config.Config`, ``workers`` is
            not a whole number of at least 1, or ``progress`` is not callable.
    """
    config = _config_of(config)
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise ConfigError(
            f"workers must be a whole number of processes of at least 1 (1: none forked) or None "
            f"(one per core), got {workers!r}"
        )
    if progress is not None and not callable(progress):
        raise ConfigError(f"progress must be a function taking a count, or None, got {progress!r}")
    # A str, a dict or a single Article iterates (or fails) into nonsense: say what is wanted.
    if isinstance(articles, (str, bytes, Article, Mapping)) or not isinstance(articles, Iterable):
        raise InputError(
            f"cluster() takes an iterable (a list, a generator) of dedupe.Article objects, "
            f"got {type(articles).__name__}"
        )
    return _cluster(_only_articles(articles), config, progress=progress, workers=workers)
