"""Template edits: swap the project's template, or change one of its properties."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Mapping
from typing import Any, get_type_hints

from ...core.model import (
    Project,
    Template,
)
from ...core.serial import to_dict
from ..errors import EditError
from ..stack import Command
from .common import (
    _as_data,
    _assign_fields,
    _humanize,
    _validated,
)


class TemplateChangeCommand(Command):
    """Replace the whole template (e.g. pick another preset). The Template object stays the
    same; its fields are replaced."""

    def __init__(self, template: Template | Mapping[str, Any], text: str = "Apply template"):
        self._data = _as_data(template, Template, "apply template")
        self.text = text
        self._saved: Template | None = None
        self._noop = False

    def apply(self, project: Project) -> None:
        new: Template = _validated(Template, self._data, "apply template")
        self._saved = copy.deepcopy(project.template)
        self._noop = to_dict(new) == to_dict(project.template)
        _assign_fields(project.template, new)

    def revert(self, project: Project) -> None:
        assert self._saved is not None
        _assign_fields(project.template, self._saved)

    def is_obsolete(self) -> bool:
        return self._noop


class TemplatePropertyCommand(Command):
    """Set one template field by dotted path (``'caption.size'``, ``'transition.kind'``, ``'fps'``).

    The whole template is re-validated (e.g. width must stay even). Consecutive changes of the
    same path merge.
    """

    merge_id = "template.property"

    def __init__(self, path: str, value: Any) -> None:
        parts = path.split(".") if isinstance(path, str) else []
        if not parts or not all(parts):
            raise EditError(f"Cannot change template: {path!r} is not a field path", path=str(path))
        cls: type | None = Template
        for depth, name in enumerate(parts):
            where = ".".join(parts[:depth]) or "the template"
            if cls is None:
                raise EditError(f"Cannot change template: {where} has no fields", path=path)
            if name not in {f.name for f in dataclasses.fields(cls) if f.init}:
                raise EditError(f"Cannot change template: {where} has no field {name!r}", path=path)
            cls = _field_class(cls, name)
        self.path = path
        self._parts = parts
        self._value = copy.deepcopy(to_dict(value))
        self.text = f"Change {_humanize(path)}"
        self._before: Any = None
        self._after: Any = None

    def _parent(self, project: Project) -> Any:
        obj: Any = project.template
        for name in self._parts[:-1]:
            obj = getattr(obj, name)
        return obj

    def apply(self, project: Project) -> None:
        action = f"change template {self.path}"
        data = to_dict(project.template)
        node = data
        for name in self._parts[:-1]:
            node = node[name]
        node[self._parts[-1]] = copy.deepcopy(self._value)
        new: Template = _validated(Template, data, action)
        leaf = self._parts[-1]
        new_parent: Any = new
        for name in self._parts[:-1]:
            new_parent = getattr(new_parent, name)
        parent = self._parent(project)
        self._before = copy.deepcopy(getattr(parent, leaf))
        value = getattr(new_parent, leaf)
        self._after = to_dict(value)
        setattr(parent, leaf, value)

    def revert(self, project: Project) -> None:
        setattr(self._parent(project), self._parts[-1], copy.deepcopy(self._before))

    def merge_with(self, other: Command) -> bool:
        if not isinstance(other, TemplatePropertyCommand) or other.path != self.path:
            return False
        self._value = copy.deepcopy(other._value)
        self._after = copy.deepcopy(other._after)
        return True

    def is_obsolete(self) -> bool:
        return to_dict(self._before) == self._after


def _field_class(cls: type, name: str) -> type | None:
    """The dataclass type of field ``name`` of ``cls`` (None for scalars)."""
    tp = get_type_hints(cls).get(name)
    return tp if isinstance(tp, type) and dataclasses.is_dataclass(tp) else None
