"""The JSON format: courses in, recommendations, plans and audits out, with JSON Schemas.

Everything is derived from the dataclasses and their type hints, so the
format, the loader and the schemas cannot drift apart. Dates are ISO strings
(``YYYY-MM-DD``), enums their string values, series JSON arrays. Loading
invalid JSON raises :class:`~guideline.CourseError` naming the JSON path of
the bad value, such as ``proteinuria[3].value``.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import types
import typing
from collections import Counter
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache, partial
from typing import Any, TypeVar, Union

from ._course import Course
from ._errors import CourseError, GuidelineError, ParameterError
from ._invariants import Deviation
from ._parameters import PARAMETER_RANGES, Parameters
from ._plan import Plan
from ._recommend import Recommendation
from ._validation import parse_date

JSON = Any
"""A value made of dicts, lists, strings, numbers, booleans and None."""

T = TypeVar("T")

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

SCHEMA_BASE = "https://cni-mn-guideline.invalid/schemas/"
"""Where the schemas' ``$id`` place them: an absolute name, so that any resolver can tell
one schema from another and resolve a ``$ref`` to it, on a reserved domain (``.invalid``
never resolves), so that nothing ever fetches it. Validators take the schemas as given."""


def to_json(value: object) -> JSON:
    """Turn a course, recommendation, plan, deviation or parameters into JSON data.

    Args:
        value: A frozen dataclass of this package, or a tuple of them.

    Returns:
        Plain JSON data; ``json.dumps`` writes it as is. The series added to the
        course format later (``pla2r``, ``albumin``) are left out while empty,
        so a course without them is written exactly as before.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: to_json(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.compare and (getattr(value, field.name) or not field.metadata.get("optional"))
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    return value


def audit_to_json(deviations: tuple[Deviation, ...]) -> JSON:
    """The JSON form of an audit: ``{"deviations": [...]}``."""
    return {"deviations": to_json(deviations)}


def course_from_json(data: JSON) -> Course:
    """Load a course from JSON data (as ``json.loads`` returns it).

    Raises:
        CourseError: Naming the JSON path of the first bad value, e.g.
            ``proteinuria[3].value``; unknown and missing fields are errors too.
    """
    return _load(Course, data, "", CourseError)


def parameters_from_json(data: JSON) -> Parameters:
    """Load :class:`~guideline.Parameters` from JSON data; missing fields take defaults.

    Raises:
        ParameterError: Naming the bad field.
    """
    return _load(Parameters, data, "", ParameterError)


def decode(
    text: str | bytes, field: str, error: type[GuidelineError], *, one_line: bool = False
) -> JSON:
    """Read JSON text for :func:`course_from_json` or :func:`parameters_from_json`.

    The command line and the "Try it" page read every document here, so the
    same text gets the same answer in both. Text that is not JSON, that nests
    arrays or objects too deeply to read, or that is not UTF-8 raises
    ``error`` naming ``field``. An integer longer than Python reads from text
    by default is read all the same, for the loader to call it out of range
    at its JSON path. A key given twice in one object is kept for the loader,
    which refuses it at its path: JSON parsers differ on which of the two
    values wins, so neither is taken.

    Args:
        text: The JSON text; bytes are decoded as JSON allows (UTF-8 mostly).
        field: What the text is called in errors: a file name, ``$`` for a line.
        error: The error type to raise.
        one_line: The text is one line of JSON Lines: errors give only the column.

    Raises:
        GuidelineError: Of type ``error``, naming ``field``.
    """
    try:
        try:
            return json.loads(text, object_pairs_hook=_object, parse_float=_float)
        except ValueError as failure:
            if type(failure) is not ValueError:  # a syntax or encoding error, handled below
                raise
            return json.loads(
                text, object_pairs_hook=_object, parse_float=_float, parse_int=_long_integer
            )
    except json.JSONDecodeError as failure:
        where = f"line {failure.lineno}, column {failure.colno}"
        where = f"column {failure.colno}" if one_line else where
        excerpt = failure.doc[failure.pos : failure.pos + 20]
        raise error(field, excerpt, f"is not valid JSON: {failure.msg} at {where}") from None
    except UnicodeDecodeError as failure:
        bad = failure.object[failure.start : failure.end]
        raise error(field, bad, "is not UTF-8") from None
    except RecursionError:
        opening = text[:20] if isinstance(text, str) else text[:20].decode("utf-8", "replace")
        raise error(field, opening, "is nested too deeply to read") from None


class _Repeated(dict[str, JSON]):
    """A JSON object in which a key is given more than once: the loader refuses it.

    Attributes:
        key: The first key given more than once.
        given: Every value given for it, in order.
    """

    def __init__(self, pairs: list[tuple[str, JSON]]) -> None:
        super().__init__(pairs)
        counts = Counter(key for key, _ in pairs)
        self.key = next(key for key, _ in pairs if counts[key] > 1)
        self.given = tuple(value for key, value in pairs if key == self.key)


def _object(pairs: list[tuple[str, JSON]]) -> dict[str, JSON]:
    data = dict(pairs)
    return data if len(data) == len(pairs) else _Repeated(pairs)


def _float(text: str) -> float | Decimal:
    """A JSON number with a fraction or exponent, as the float nearest to it.

    One beyond the largest float (``1e400``) stays a ``Decimal`` as written, so
    the loader calls it too large and shows it as given, not as ``Infinity``.
    """
    number = float(text)
    return Decimal(text) if math.isinf(number) else number


def _long_integer(digits: str) -> int:
    """An integer of any length (``int()`` refuses text of more than 4,300 digits)."""
    return int(Decimal(digits))


def json_schema(kind: str) -> JSON:
    """The JSON Schema of one document kind.

    Args:
        kind: ``course``, ``parameters``, ``recommendation``, ``plan`` or ``audit``.

    Raises:
        KeyError: For an unknown kind.
    """
    root, title = _KINDS[kind]
    definitions: dict[str, JSON] = {}
    body = _schema(root, definitions)
    if kind == "audit":
        body = {
            "type": "object",
            "properties": {"deviations": {"type": "array", "items": body}},
            "required": ["deviations"],
            "additionalProperties": False,
        }
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{SCHEMA_BASE}{kind}.schema.json",
        "title": title,
        **body,
        "$defs": definitions,
    }


_KINDS: dict[str, tuple[type, str]] = {
    "course": (Course, "A CNI course in membranous nephropathy"),
    "parameters": (Parameters, "The adjustable readings of the guideline"),
    "recommendation": (Recommendation, "The advice for a course on one date"),
    "plan": (Plan, "The dated milestones of a course"),
    "audit": (Deviation, "The departures of a recorded course from the guideline"),
}
SCHEMA_KINDS = tuple(_KINDS)
"""The document kinds :func:`json_schema` knows."""


@cache
def _hints(cls: type) -> dict[str, Any]:
    """Type hints resolved against the public names (classes show as ``guideline.X``)."""
    import guideline

    return typing.get_type_hints(cls, globalns={"date": date, **vars(guideline)})


def _optional(hint: Any) -> tuple[bool, Any]:
    """Split ``X | None`` into (True, X); anything else into (False, hint)."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return True, args[0]
    return False, hint


Converter = Callable[[JSON, str, type[GuidelineError]], Any]


def _load(cls: type[T], data: JSON, path: str, error: type[GuidelineError]) -> T:
    """Build ``cls`` from the JSON object at ``path``.

    A field's converter is given the field's name alone, and an error from
    within the object is named in full on its way out, so no path is spelt
    out for the values that load.
    """
    if not isinstance(data, dict):
        raise error(path or "$", data, "must be a JSON object")
    if isinstance(data, _Repeated):
        reason = "is given more than once in one JSON object"
        raise error(_join(path, data.key), data.given, reason)
    fields = _fields(typing.cast(type, cls))
    if not data.keys() <= fields.keys():
        unknown = next(key for key in data if key not in fields)
        raise error(_join(path, str(unknown)), data[unknown], "is not a known field")
    values: dict[str, Any] = {}
    try:
        for name, (required, convert) in fields.items():
            if name in data:
                value = data[name]
                values[name] = value if convert is _as_is else convert(value, name, error)
            elif required:
                raise error(name, None, "is required")
        return cls(**values)
    except GuidelineError as err:
        raise error(_join(path, err.field), err.value, err.reason) from None


@cache
def _fields(cls: type) -> dict[str, tuple[bool, Converter]]:
    """For each field a dataclass takes: whether it is required, and its converter."""
    hints = _hints(cls)
    return {
        field.name: (field.default is dataclasses.MISSING, _converter(hints[field.name]))
        for field in dataclasses.fields(cls)
        if field.init
    }


@cache
def _converter(hint: Any) -> Converter:
    """A function turning JSON data into a value of type ``hint``, built once per type."""
    optional, hint = _optional(hint)
    if optional:
        inner = _converter(hint)
        return lambda data, path, error: None if data is None else inner(data, path, error)
    if typing.get_origin(hint) is tuple:
        return partial(_tuple, item=_converter(typing.get_args(hint)[0]))
    if dataclasses.is_dataclass(hint):
        return partial(_load, typing.cast(type, hint))
    if hint is date:
        return _date
    return _as_is


def _as_is(data: JSON, path: str, error: type[GuidelineError]) -> JSON:
    """Numbers and enum strings are taken as they are: the dataclass checks them."""
    return data


def _tuple(data: JSON, path: str, error: type[GuidelineError], *, item: Converter) -> Any:
    if not isinstance(data, list):
        raise error(path, data, "must be a JSON array")
    return tuple(item(entry, f"{path}[{index}]", error) for index, entry in enumerate(data))


def _date(data: JSON, path: str, error: type[GuidelineError]) -> date:
    return parse_date(error, path, data)


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _schema(hint: Any, definitions: dict[str, JSON]) -> JSON:
    optional, hint = _optional(hint)
    if optional:
        return {"anyOf": [_schema(hint, definitions), {"type": "null"}]}
    if typing.get_origin(hint) is tuple:
        return {"type": "array", "items": _schema(typing.get_args(hint)[0], definitions)}
    if dataclasses.is_dataclass(hint):
        return _object_schema(hint, definitions)  # type: ignore[arg-type]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return {"enum": [member.value for member in hint]}
    simple = {
        date: {"type": "string", "format": "date"},
        float: {"type": "number"},
        int: {"type": "integer"},
        str: {"type": "string"},
        bool: {"type": "boolean"},
    }
    return dict(simple[hint])


def _object_schema(cls: type, definitions: dict[str, JSON]) -> JSON:
    hints = _hints(cls)
    described = _attribute_docs(cls)
    properties: dict[str, JSON] = {}
    required = []
    for field in dataclasses.fields(cls):
        if not field.compare:
            continue
        schema = _schema(hints[field.name], definitions)
        if field.name in described:
            schema["description"] = described[field.name]
        if cls is Parameters:
            schema["minimum"], schema["maximum"] = PARAMETER_RANGES[field.name]
        properties[field.name] = schema
        if field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING:
            required.append(field.name)
    definitions[cls.__name__] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    return {"$ref": f"#/$defs/{cls.__name__}"}


def _attribute_docs(cls: type) -> dict[str, str]:
    """The ``Attributes:`` section of a Google-style class docstring, by name."""
    docs: dict[str, str] = {}
    lines = (cls.__doc__ or "").splitlines()
    if "    Attributes:" not in lines:
        return docs
    name = ""
    for line in lines[lines.index("    Attributes:") + 1 :]:
        match = re.fullmatch(r"        (\w+): (.*)", line)
        if match:
            name, docs[match[1]] = match[1], match[2]
        elif line.startswith("            ") and name:
            docs[name] += " " + line.strip()
        elif line.strip():
            break
    return docs
