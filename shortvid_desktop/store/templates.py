"""Templates: the user's own and the built-in ones (which cannot be changed or deleted)."""

from __future__ import annotations

import dataclasses
import itertools
import json

from sqlite_utils import Database

from ..core.model import Template
from ..core.serial import from_dict, to_dict
from .base import StoreBase, _utcnow
from .errors import BuiltinTemplateError


def _template_json(template: Template) -> str:
    return json.dumps(to_dict(template), ensure_ascii=False)


class TemplateStore(StoreBase):
    """Templates."""

    def save_template(self, template: Template) -> None:
        """Save a template under its name.

        A user template (``builtin=False``) may not replace a built-in one of the same name:
        BuiltinTemplateError. Saving a built-in one behaves like ``ensure_builtin_templates``.
        """
        from_dict(Template, to_dict(template))  # refuse a template that would not load back
        with self._write() as db:
            if template.builtin:
                self._put_builtin(db, template)
                return
            row = db.execute(
                "SELECT builtin FROM templates WHERE name = ?", [template.name]
            ).fetchone()
            if row is not None and row[0]:
                raise BuiltinTemplateError(
                    f"{template.name!r} is a built-in template and cannot be overwritten; "
                    "save your version under another name"
                )
            self._put_template(db, template)

    def _put_template(self, db: Database, template: Template) -> None:
        db.execute(
            """
            INSERT INTO templates (name, builtin, json, modified) VALUES (?, ?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET
                builtin = excluded.builtin, json = excluded.json, modified = excluded.modified
            """,
            [template.name, int(template.builtin), _template_json(template), _utcnow()],
        )

    def _put_builtin(self, db: Database, template: Template) -> None:
        """Insert or refresh a built-in template. A user template squatting on its name is kept
        under a new name ("<name> (mine)", "<name> (mine 2)", ...)."""
        row = db.execute(
            "SELECT builtin, json FROM templates WHERE name = ?", [template.name]
        ).fetchone()
        if row is not None and not row[0]:
            taken = {r[0] for r in db.execute("SELECT name FROM templates").fetchall()}
            new_name = next(
                name
                for n in itertools.count(1)
                if (name := f"{template.name} (mine{'' if n == 1 else f' {n}'})") not in taken
            )
            data = json.loads(row[1])
            data["name"] = new_name
            db.execute(
                "UPDATE templates SET name = ?, json = ? WHERE name = ?",
                [new_name, json.dumps(data, ensure_ascii=False), template.name],
            )
        self._put_template(db, dataclasses.replace(template, builtin=True))

    def ensure_builtin_templates(self, templates: list[Template]) -> None:
        """Insert the built-in templates, or refresh them to these definitions, in one
        transaction. Built-in rows not in the list are left alone."""
        for t in templates:
            from_dict(Template, to_dict(t))
        with self._write() as db:
            for t in templates:
                self._put_builtin(db, t)

    def list_templates(self) -> list[Template]:
        """All templates: built-in ones first, then the user's, each by name."""
        rows = self._rows(
            "SELECT json FROM templates ORDER BY builtin DESC, name COLLATE NOCASE, name"
        )
        return [from_dict(Template, json.loads(r["json"])) for r in rows]

    def get_template(self, name: str) -> Template:
        """The named template; NotFoundError if there is none."""
        row = self._one("SELECT json FROM templates WHERE name = ?", [name])
        if row is None:
            raise self._not_found("template", name)
        return from_dict(Template, json.loads(row["json"]))

    def delete_template(self, name: str) -> None:
        """Delete a user template. BuiltinTemplateError for a built-in one, NotFoundError if
        there is none."""
        with self._write() as db:
            row = db.execute("SELECT builtin FROM templates WHERE name = ?", [name]).fetchone()
            if row is None:
                raise self._not_found("template", name)
            if row[0]:
                raise BuiltinTemplateError(f"{name!r} is a built-in template and cannot be deleted")
            db.execute("DELETE FROM templates WHERE name = ?", [name])
