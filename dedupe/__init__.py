"""wire-dedupe: find every version of the same agency story.

For Python callers (README, "Python callers"):

- :func:`compare` (two texts or :class:`Article` objects) gives a :class:`Comparison`:
  ``similarity`` (0 to 1), ``relation``, ``jaccard``, ``containment``.
- :func:`cluster` (an iterable of :class:`Article`) gives the batch result as a dict:
  ``{"clusters": [...], "stats": {...}}``.
- :class:`Article` is one version of one story; :func:`article_from_mapping` builds one
  from a JSON-like dict (``id``, ``text`` or ``html``, optional fields as strings).
- :class:`Config` holds the settings (``threshold``, ``window_days``, ...).
- Every error raised on purpose derives from :class:`DedupeError`: :class:`InputError`
  for an article or argument that cannot be accepted, :class:`ConfigError` for a setting.

>>> import dedupe
>>> result = dedupe.compare("Die Polizei in Wien meldet 1.500 Festnahmen.", "Die Polizei in Wien meldet 1500 Festnahmen.")
>>> result.relation
'verbatim'
>>> text = "Der Zug nach Linz fällt heute aus, teilte die Bahn mit."
>>> wire = dedupe.Article(id="wire-1", text=text, provider="dpa")
>>> copy = dedupe.Article(id="site-1", text=text, outlet="Linzer Blatt")
>>> result = dedupe.cluster([copy, wire], workers=1)
>>> (story,) = result["clusters"]
>>> story["origin"], sorted((m["article_id"], m["relation"]) for m in story["members"])
('wire-1', [('site-1', 'verbatim'), ('wire-1', 'origin')])
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

from .api import cluster, compare
from .article import Article, article_from_mapping
from .config import Config
from .errors import (
    ConfigError,
    DedupeError,
    FormatError,
    InputError,
    SignatureMismatchError,
    SkippedInput,
    StoreError,
    UnsafeInputError,
)
from .verify import Comparison

try:
    __version__ = _version("wire-dedupe")
except _PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = [
    "Article",
    "Comparison",
    "Config",
    "ConfigError",
    "DedupeError",
    "FormatError",
    "InputError",
    "SignatureMismatchError",
    "SkippedInput",
    "StoreError",
    "UnsafeInputError",
    "__version__",
    "article_from_mapping",
    "cluster",
    "compare",
]
