"""Scene caption overrides in the model: round trip, field-path validation, schema 1 files."""

from __future__ import annotations

import json

import pytest

from shortvid_desktop.core.model import (
    SCHEMA_VERSION,
    CaptionOverride,
    CaptionStyle,
    Project,
    Scene,
    project_from_dict,
    project_from_json,
    project_to_json,
)
from shortvid_desktop.core.serial import ValidationError


def _project() -> Project:
    p = Project(title="Styles")
    p.script.scenes = [
        Scene(id="sc_a", narration="Plain."),
        Scene(
            id="sc_b",
            narration="Loud.",
            caption_style=CaptionOverride(size=96, color="#FF0000", box=True, position="top"),
        ),
    ]
    return p


def test_round_trip_keeps_overrides_and_none() -> None:
    p = _project()
    back = project_from_json(project_to_json(p))
    assert back.schema_version == SCHEMA_VERSION >= 2
    assert back.script.scenes[0].caption_style is None
    over = back.script.scenes[1].caption_style
    assert over == CaptionOverride(size=96, color="#FF0000", box=True, position="top")
    assert over.fields_set() == {"size": 96, "color": "#FF0000", "box": True, "position": "top"}
    look = over.apply_to(CaptionStyle())
    assert (look.size, look.color, look.box, look.position) == (96, "#FF0000", True, "top")
    assert look.highlight_color == CaptionStyle().highlight_color  # not overridden
    assert CaptionOverride().is_empty() and not over.is_empty()


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("color", "red", "colour like #RRGGBB"),
        ("box_color", "#12345", "colour like #RRGGBB"),
        ("size", 3, "at least 8"),
        ("size", "big", "integer"),
        ("outline", 99.0, "at most 40"),
        ("position", "left", "one of"),
        ("box", "yes", "true or false"),
        ("font", "Arial", "not a known field"),
    ],
)
def test_bad_overrides_name_their_field(field: str, value: object, reason: str) -> None:
    data = json.loads(project_to_json(_project()))
    data["script"]["scenes"][1]["caption_style"] = {field: value}
    with pytest.raises(ValidationError) as err:
        project_from_dict(data)
    assert err.value.path == f"script.scenes[1].caption_style.{field}"
    assert reason in err.value.reason


def test_schema_1_files_load_without_overrides() -> None:
    data = json.loads(project_to_json(_project()))
    data["schema_version"] = 1
    for scene in data["script"]["scenes"]:
        scene.pop("caption_style")
    p = project_from_dict(data)
    assert p.schema_version == SCHEMA_VERSION
    assert [s.caption_style for s in p.script.scenes] == [None, None]
    data["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(ValidationError, match="newer ShortVid"):
        project_from_dict(data)
