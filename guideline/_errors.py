"""Typed errors raised for invalid input."""

from __future__ import annotations


class GuidelineError(ValueError):
    """Base class of every error this package raises for bad input.

    Attributes:
        field: Where the bad value sits: a field name such as ``value`` or
            ``on`` for a check made by one entry, or a path such as
            ``proteinuria[3].on`` for a check made across a course (entries
            are named by their position as given).
        value: The offending value, as given.
        reason: What is wrong with it, in plain words.
    """

    def __init__(self, field: str, value: object, reason: str) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(f"{field}: {reason} (got {value!r})")


class CourseError(GuidelineError):
    """A patient course, or the date it is evaluated on, is invalid."""


class ParameterError(GuidelineError):
    """A guideline parameter is of the wrong type or outside its allowed range."""
