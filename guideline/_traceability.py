"""Which code implements which statement and interpretation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ._interpretations import INTERPRETATIONS
from ._statements import STATEMENTS

F = TypeVar("F", bound=Callable[..., Any])

_REGISTRY: dict[str, list[str]] = {}


def implements(*ids: str) -> Callable[[F], F]:
    """Record a function as the implementation of statements or interpretations.

    Each module calls it at its end, ``implements("C1", "D6")(next_taper_step)``,
    rather than as a decorator: mutation testing (mutmut) skips decorated
    functions, and these are the clinical rules that most need it.

    Args:
        *ids: Statement ids (``C1``) and interpretation ids (``D6``).

    Raises:
        ValueError: At import time, if an id is in neither register.
    """
    unknown = [id_ for id_ in ids if id_ not in STATEMENTS and id_ not in INTERPRETATIONS]
    if unknown or not ids:
        raise ValueError(f"implements() needs known ids, got {ids!r}")

    def mark(function: F) -> F:
        path = f"{function.__module__}.{function.__qualname__}"
        for id_ in ids:
            _REGISTRY.setdefault(id_, []).append(path)
        return function

    return mark


def implementations() -> dict[str, tuple[str, ...]]:
    """Map each statement or interpretation id to the code paths that implement it.

    Returns:
        Ids in register order, each with the dotted paths of its functions; ids
        with no implementation are absent.
    """
    order = [*STATEMENTS, *INTERPRETATIONS]
    return {id_: tuple(_REGISTRY[id_]) for id_ in order if id_ in _REGISTRY}
