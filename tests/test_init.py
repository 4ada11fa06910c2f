"""The package's public surface: ``__all__`` is sorted and is exactly what is exported."""

from __future__ import annotations

import inspect
import re

import dedupe
from dedupe import errors


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
