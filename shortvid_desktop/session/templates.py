"""Templates for the template editor: the store's list, JSON files, names, a sample project.

Built-in templates (resources/templates) are read-only: the editor duplicates them to edit. A
template file is the Template's JSON; importing one never replaces a built-in template.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..core.errors import BadInputError
from ..core.model import Asset, Clip, Project, Scene, Script, Template, Timeline, Track, WordTiming
from ..core.serial import ValidationError, clone, from_dict, load_json, to_dict
from ..store import Store
from .session import builtin_templates, sample_music, sample_visuals

SAMPLE_CAPTION = {
    "en": "This is how your captions look",
    "zh": "这就是字幕的样子",
}


def load_templates(store: Store) -> list[Template]:
    """Built-in templates (refreshed from resources/) then the user's, from the store."""
    store.ensure_builtin_templates(builtin_templates())
    return store.list_templates()


def unique_name(base: str, taken: set[str] | list[str], suffix: str = "copy") -> str:
    """``base`` or ``base copy``, ``base copy 2`` ... whichever is not taken."""
    names = set(taken)
    if base and base not in names:
        return base
    n = 1
    while True:
        name = f"{base} {suffix}" if n == 1 else f"{base} {suffix} {n}"
        if name not in names:
            return name
        n += 1


def duplicate(template: Template, taken: set[str] | list[str], suffix: str = "copy") -> Template:
    """An editable copy of ``template`` under a free name (``suffix``: the UI's word for copy)."""
    copy = clone(template)
    copy.builtin = False
    copy.name = unique_name(template.name, taken, suffix)
    return copy


def template_to_json(template: Template) -> str:
    data = to_dict(template)
    data["builtin"] = False
    return json.dumps(data, ensure_ascii=False, indent=2)


def template_from_json(text: str, source: str = "") -> Template:
    """A validated user template from JSON text; BadInputError names the file and field."""
    where = f"{source}: " if source else ""
    try:
        data = load_json(text)
    except ValidationError as exc:
        raise BadInputError(f"{where}{exc}", path=source) from None
    if not isinstance(data, dict):
        raise BadInputError(f"{where}a template must be a JSON object", path=source)
    data["builtin"] = False
    try:
        template = from_dict(Template, data)
        template.validate("")
    except ValidationError as exc:
        raise BadInputError(f"{where}{exc}", path=source) from None
    if not template.name.strip():
        raise BadInputError(f"{where}name: must not be empty", path=source)
    return template


def export_template(template: Template, path: str | Path) -> Path:
    p = Path(path)
    p.write_text(template_to_json(template), encoding="utf-8")
    return p


def import_template(path: str | Path, store: Store) -> Template:
    """Read a template file and save it (renamed when the name is taken)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInputError(f"Cannot read template file {p}: {exc}", path=str(p)) from None
    template = template_from_json(text, str(p))
    taken = {t.name for t in store.list_templates()}
    template.name = unique_name(template.name, taken, "imported")
    store.save_template(template)
    return template


def sample_project(template: Template, project: Project | None = None) -> Project:
    """What the template editor previews: the user's project with this template when it has a
    timeline, else one sample picture with a caption."""
    if project is not None and project.timeline.duration_us > 0:
        out = clone(project)
        out.template = clone(template)
        return out
    lang = "zh" if project is not None and project.language.startswith("zh") else "en"
    text = SAMPLE_CAPTION[lang]
    tpl = clone(template)
    visuals = [p for p in sample_visuals() if p.suffix.lower() in (".jpg", ".png")]
    out = Project(title=project.title if project else "ShortVid", language=lang, template=tpl)
    out.script = Script(title=out.title, language=lang, scenes=[Scene(narration=text)])
    length = 3_000_000
    video = Track(kind="video", name="Video")
    voice = Track(kind="voice", name="Voice")
    if visuals:
        pic = Asset(path=str(visuals[0]), kind="image", width=1080, height=1920)
        out.assets[pic.id] = pic
        video.clips.append(Clip(asset_id=pic.id, duration_us=length, fit=tpl.fit))
    music = sample_music()
    if music is not None:
        # the sample loop stands in for a voice so the captions have words to show
        snd = Asset(path=str(music), kind="audio", duration_us=8_000_000)
        out.assets[snd.id] = snd
        tokens = text.split() if lang == "en" else list(text)
        step = length // max(1, len(tokens))
        words = [WordTiming(w, i * step, (i + 1) * step) for i, w in enumerate(tokens)]
        voice.clips.append(
            Clip(asset_id=snd.id, duration_us=length, text=text, words=words, volume=0.0)
        )
    out.timeline = Timeline(tracks=[video, voice])
    return out


__all__ = [
    "duplicate",
    "export_template",
    "import_template",
    "load_templates",
    "sample_project",
    "template_from_json",
    "template_to_json",
    "unique_name",
]
