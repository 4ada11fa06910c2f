"""Named benchmark sections: each a function from run options to rows of figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Options:
    """What the command line passes to every section."""

    sizes: tuple[int, ...] | None = None  # None: each section's own default sizes
    repeat: int = 3
    num_perm: int = 128
    seed: int = 1
    budget: float = 300.0  # seconds: a size predicted to take longer is reported, not run


@dataclass(frozen=True)
class Section:
    name: str
    run: Callable[[Options], list[Row]]
    description: str
    default_sizes: tuple[int, ...]
    columns: tuple[str, ...] = field(default_factory=tuple)


SECTIONS: dict[str, Section] = {}


def section(name: str, *, description: str, default_sizes: tuple[int, ...], columns: tuple[str, ...]):
    """Register ``fn(options) -> rows`` as the benchmark section ``name``."""

    def register(fn: Callable[[Options], list[Row]]) -> Callable[[Options], list[Row]]:
        if name in SECTIONS:
            raise ValueError(f"benchmark section {name!r} is registered twice")
        SECTIONS[name] = Section(name, fn, description, default_sizes, columns)
        return fn

    return register
