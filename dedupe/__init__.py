"""wire-dedupe: find every version of the same agency story.

>>> import dedupe
>>> result = dedupe.compare("Die Polizei in Wien meldet 1.500 Festnahmen.", "Die Polizei in Wien meldet 1500 Festnahmen.")
>>> result.relation
'verbatim'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

from .api import compare
from .article import Article, article_from_mapping
from .cluster import cluster
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
