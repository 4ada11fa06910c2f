"""Engine configuration: one frozen dataclass, validated on creation."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Integral
from typing import Any

from .errors import ConfigError

__all__ = ["DEFAULT_EXCLUDED_GENRES", "NORMALISER_VERSION", "Config"]

#: Bumped whenever normalisation changes what a text hashes to; stored with
#: every signature so that old signatures are refused rather than mixed.
NORMALISER_VERSION = 1

#: Wire genres that repeat templates rather than copy (tables, notices to
#: editors, previews, digests, schedules). Lower-case; matched as substrings of
#: the article's genre.
DEFAULT_EXCLUDED_GENRES: tuple[str, ...] = (
    "tabelle",
    "achtung",
    "vorschau",
    "nachrichtenüberblick",
    "überblick",
    "terminvorschau",
    "termine",
    "programm",
    "schedule",
    "advisory",
)


@dataclass(frozen=True)
class Config:
    """Settings of the engine. Every field has a default that suits a German desk.

    Attributes:
        num_perm: MinHash permutations per signature (more: better estimates, slower).
        seed: MinHash seed. Signatures are only comparable with the same seed.
        shingle_size: Words per surface shingle (verbatim and edited copy).
        lsh_threshold_surface: Jaccard level at which LSH proposes surface candidates.
        lsh_threshold_terms: Jaccard level at which LSH proposes rewrite candidates
            (on rare content terms).
        threshold: Operating point on the calibrated ``similarity``: a pair at or above
            it is linked. 0.5 means "as likely derived as not" under the calibration data
            (see dedupe/data/similarity_model.json); raise it for fewer, surer links.
        rewrite_evidence: Rare-term evidence (``Evidence.rare_evidence``) at which a pair
            below ``threshold`` is still a possible rewrite. Such a pair joins two
            clusters only when a third cluster has such links to both (corroboration):
            rewrites of one story agree with each other, same-topic look-alikes pair up
            by chance.
        window_days: Articles further apart than this in ``published_at`` need
            much stronger evidence (wire reuse is time-local). ``0`` turns the window off.
        language: Language of texts that do not say theirs: ``"auto"`` (default)
            detects it from the text (:mod:`dedupe.language`), a code such as ``"de"``
            forces it. Read where texts come in: the file readers, the service and
            :func:`dedupe.compare` on plain strings. An :class:`~dedupe.article.Article`
            settles its language when it is made (its ``language`` argument), so
            :func:`dedupe.cluster` does not change it.
        excluded_genres: Genres kept out of clustering (each stays a cluster of one);
            matched case-insensitively as substrings of an article's ``genre``. Any
            iterable of names is kept as a tuple of casefolded names.
        max_text_chars: Longer texts are refused as input errors (in a batch, listed in
            ``stats["rejected"]``; by :func:`dedupe.compare`, raised).
        retention_days: The live index keeps articles this long (the store keeps all).

    Every value is checked on creation; a wrong one raises :class:`ConfigError` saying
    what is allowed. An unknown field name is Python's ``TypeError`` ("unexpected
    keyword argument").

    >>> Config(threshold=0.7).threshold
    0.7
    >>> Config(excluded_genres=["Tabelle"]).excluded_genres
    ('tabelle',)
    """

    num_perm: int = 128
    seed: int = 1
    shingle_size: int = 5
    lsh_threshold_surface: float = 0.2
    lsh_threshold_terms: float = 0.08
    threshold: float = 0.5
    rewrite_evidence: float = 0.19
    window_days: float = 4.0
    language: str = "auto"
    excluded_genres: tuple[str, ...] = DEFAULT_EXCLUDED_GENRES
    max_text_chars: int = 2_000_000
    retention_days: float = 30.0

    def __post_init__(self) -> None:
        # bool is an int to Python: True would pass as 1 day or 1 permutation.
        for f in dataclasses.fields(self):
            if isinstance(f.default, (int, float)) and isinstance(getattr(self, f.name), bool):
                raise ConfigError(f"{f.name} must be a number, not {getattr(self, f.name)!r}.")
        if not isinstance(self.num_perm, int) or not 16 <= self.num_perm <= 1024:
            raise ConfigError(f"num_perm must be an integer from 16 to 1024, got {self.num_perm!r}. Try 128.")
        # Checked here, not first when signatures are made: compare() makes none.
        if not isinstance(self.seed, Integral) or not 0 <= self.seed < 1 << 32:
            raise ConfigError(f"seed must be an integer from 0 to 2**32 - 1, got {self.seed!r}. Try 1.")
        if not isinstance(self.shingle_size, int) or not 2 <= self.shingle_size <= 10:
            raise ConfigError(
                f"shingle_size must be an integer from 2 to 10 words, got {self.shingle_size!r}. Try 5."
            )
        for name in ("lsh_threshold_surface", "lsh_threshold_terms", "threshold", "rewrite_evidence"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or not 0.0 < value < 1.0:
                raise ConfigError(f"{name} must be a number strictly between 0 and 1, got {value!r}.")
        # "not >= 0" also refuses NaN, which every comparison would take as "no window".
        if not isinstance(self.window_days, (int, float)) or not self.window_days >= 0:
            raise ConfigError(f"window_days must be 0 (no window) or more, got {self.window_days!r}.")
        if not isinstance(self.language, str) or (len(self.language) != 2 and self.language != "auto"):
            raise ConfigError(
                "language must be 'auto' (detect from the text) or a two-letter ISO 639-1 code "
                f"such as 'de', got {self.language!r}."
            )
        genres = self.excluded_genres
        if isinstance(genres, (str, bytes)) or not isinstance(genres, Iterable):
            raise ConfigError(
                f"excluded_genres must be a tuple of genre names such as ('tabelle',), got {genres!r}."
            )
        genres = tuple(genres)
        if not all(isinstance(g, str) and g.strip() for g in genres):
            raise ConfigError(f"excluded_genres must hold non-empty genre names (strings), got {genres!r}.")
        # Genres are matched against the casefolded genre: "Tabelle" would never match.
        # A tuple keeps the frozen Config hashable when a caller passes a list.
        object.__setattr__(self, "excluded_genres", tuple(g.casefold() for g in genres))
        if not isinstance(self.max_text_chars, int) or self.max_text_chars < 1000:
            raise ConfigError(
                f"max_text_chars must be an integer of at least 1000, got {self.max_text_chars!r}."
            )
        if not isinstance(self.retention_days, (int, float)) or not self.retention_days > 0:
            raise ConfigError(f"retention_days must be positive, got {self.retention_days!r}.")

    def replace(self, **changes: Any) -> Config:
        """A copy with ``changes`` (validated as on creation), e.g. ``Config().replace(threshold=0.7)``."""
        return dataclasses.replace(self, **changes)

    def sketch_params(self) -> dict[str, Any]:
        """What makes two signatures comparable; stored with every signature."""
        return {
            "num_perm": self.num_perm,
            "seed": self.seed,
            "scheme": "affine32",
            "hashfunc": "sha1_hash32",
            "shingle_size": self.shingle_size,
            "normaliser_version": NORMALISER_VERSION,
        }
