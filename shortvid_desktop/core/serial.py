"""Dataclass <-> JSON-able dict, with validation errors that name the field path.

The model's dataclasses declare their fields with plain annotations (str, int, float, bool,
Optional[X], list[X], dict[str, X], Literal[...], nested dataclasses). ``from_dict`` walks those
annotations, so a bad value anywhere is reported as ``timeline.tracks[0].clips[2].start_us: ...``.
Field metadata may carry ``min`` (numbers) and ``choices`` is taken from ``Literal`` types.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from typing import Any, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

T = TypeVar("T")


class ValidationError(ValueError):
    """Raised when data does not fit the model. ``path`` names the field, ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path or "<root>"
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


# Limits on JSON the app reads (projects, templates, scripts): far above any real file, well
# below what would exhaust the interpreter (a deeply nested array is a RecursionError otherwise).
MAX_JSON_CHARS = 64 * 1024 * 1024
MAX_JSON_DEPTH = 64


def load_json(text: str) -> Any:
    """``json.loads`` for files the user hands us: ValidationError (naming the line, or saying
    what is too big or too deep) instead of JSONDecodeError or RecursionError."""
    if len(text) > MAX_JSON_CHARS:
        raise ValidationError(
            "", f"the file is too large ({len(text) // 1_000_000} MB of JSON; at most 64 MB)"
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"line {exc.lineno} column {exc.colno}", f"not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        data = None
        too_deep = True
    else:
        too_deep = _depth_exceeds(data, MAX_JSON_DEPTH)
    if too_deep:
        raise ValidationError("", f"the JSON is nested more than {MAX_JSON_DEPTH} levels deep")
    return data


def _depth_exceeds(data: Any, limit: int) -> bool:
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > limit:
                return True
            items = value.values() if isinstance(value, dict) else value
            stack.extend((item, depth + 1) for item in items if isinstance(item, dict | list))
    return False


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = get_type_hints(cls)
    return _HINTS[cls]


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _convert(tp: Any, value: Any, path: str, meta: typing.Mapping[str, Any]) -> Any:
    origin = get_origin(tp)
    if tp is Any:
        return value
    if origin in (Union, types.UnionType):
        args = get_args(tp)
        if value is None and type(None) in args:
            return None
        non_none = [a for a in args if a is not type(None)]
        errors = []
        for arg in non_none:
            try:
                return _convert(arg, value, path, meta)
            except ValidationError as exc:
                errors.append(exc)
        raise errors[0] if errors else ValidationError(path, "must be null")
    if origin is Literal:
        choices = get_args(tp)
        if value not in choices:
            raise ValidationError(
                path, f"must be one of {', '.join(map(repr, choices))}; got {_describe(value)}"
            )
        return value
    if origin in (list, tuple):
        if not isinstance(value, list | tuple):
            raise ValidationError(path, f"must be a list; got {_describe(value)}")
        (item_tp, *_rest) = get_args(tp) or (Any,)
        items = [_convert(item_tp, v, f"{path}[{i}]", {}) for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin is dict:
        if not isinstance(value, dict):
            raise ValidationError(path, f"must be an object; got {_describe(value)}")
        _k, v_tp = get_args(tp) or (str, Any)
        out = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise ValidationError(path, f"keys must be strings; got {_describe(k)}")
            out[k] = _convert(v_tp, v, f"{path}.{k}", {})
        return out
    if dataclasses.is_dataclass(tp):
        return from_dict(tp, value, path)
    if tp is bool:
        if not isinstance(value, bool):
            raise ValidationError(path, f"must be true or false; got {_describe(value)}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                raise ValidationError(path, f"must be an integer; got {_describe(value)}")
        _check_min(value, path, meta)
        return value
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValidationError(path, f"must be a number; got {_describe(value)}")
        value = float(value)
        _check_min(value, path, meta)
        if "max" in meta and value > meta["max"]:
            raise ValidationError(path, f"must be at most {meta['max']}; got {value}")
        return value
    if tp is str:
        if not isinstance(value, str):
            raise ValidationError(path, f"must be a string; got {_describe(value)}")
        return value
    raise TypeError(f"serial: unsupported annotation {tp!r} at {path}")


def _check_min(value: float, path: str, meta: typing.Mapping[str, Any]) -> None:
    if "min" in meta and value < meta["min"]:
        raise ValidationError(path, f"must be at least {meta['min']}; got {value}")
    if "max" in meta and value > meta["max"]:
        raise ValidationError(path, f"must be at most {meta['max']}; got {value}")


def from_dict(cls: type[T], data: Any, path: str = "") -> T:
    """Build ``cls`` from ``data``; raise ValidationError naming the bad field."""
    if not isinstance(data, dict):
        raise ValidationError(path, f"must be an object; got {_describe(data)}")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    known = set()
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not f.init:
            continue
        known.add(f.name)
        fpath = _join(path, f.name)
        if f.name not in data:
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ValidationError(fpath, "is required")
            continue
        kwargs[f.name] = _convert(hints[f.name], data[f.name], fpath, f.metadata)
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValidationError(_join(path, unknown[0]), "is not a known field")
    obj = cls(**kwargs)
    check = getattr(obj, "validate", None)
    if callable(check):
        check(path)
    return obj


def to_dict(obj: Any) -> Any:
    """The JSON-able form of a model object (dataclasses, lists, dicts, scalars)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.init}
    if isinstance(obj, list | tuple):
        return [to_dict(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_dict(v) for k, v in obj.items()}
    return obj


def clone(obj: T) -> T:
    """A deep copy through the serial form (cheap for the model's sizes, and always exact)."""
    return from_dict(type(obj), to_dict(obj))
