"""Text items and stickers: add one at the playhead, change its style preset or its in/out
animation. Each is one undo step; repeated steps on one animation field merge."""

from __future__ import annotations

import copy

from ...core.model import (
    MAX_TEXT_ANIM_US,
    TEXT_ANIMS,
    TEXT_STYLES,
    Clip,
    Project,
    TextAnim,
    Track,
    Transform,
    new_id,
)
from ..stack import Command
from .common import _fail, _find_clip, _find_track

DEFAULT_TEXT_US = 3_000_000
STICKER_SCALE = 0.35


def _overlay_track(project: Project) -> Track | None:
    return project.timeline.track("overlay")


class TextAddCommand(Command):
    """Add a text item (or, with ``asset_id``, a sticker picture) at ``at_us`` on the overlay
    track (made when there is none), in preset ``style``, popping in and fading out."""

    def __init__(
        self,
        at_us: int,
        text: str = "",
        style: str = "title",
        duration_us: int = DEFAULT_TEXT_US,
        asset_id: str = "",
        clip_id: str | None = None,
    ) -> None:
        action = "add text" if not asset_id else "add sticker"
        if style and style not in TEXT_STYLES:
            _fail(action, f"style must be one of {', '.join(TEXT_STYLES)}; got {style!r}", "style")
        if at_us < 0 or duration_us <= 0:
            _fail(action, "the time must not be negative and the length must be positive")
        if not asset_id and not text.strip():
            _fail(action, "the text is empty; type some words", "text")
        self.at_us, self.duration_us = at_us, duration_us
        self.text_value, self.style, self.asset_id = text, style if not asset_id else "", asset_id
        self.clip_id = clip_id or new_id("cl_")
        self.text = "Add text" if not asset_id else "Add sticker"
        self._action = action
        self._made_track: str = ""

    def apply(self, project: Project) -> None:
        if self.asset_id and self.asset_id not in project.assets:
            _fail(self._action, f"no asset {self.asset_id!r} in the project", "asset_id")
        if project.timeline.find_clip(self.clip_id) is not None:
            _fail(self._action, f"a clip with id {self.clip_id!r} is already there", "clip_id")
        track = _overlay_track(project)
        if track is None:  # one id for every redo, so later steps naming it still find it
            self._made_track = self._made_track or new_id("tr_")
            track = Track(id=self._made_track, kind="overlay", name="Overlay")
            project.timeline.tracks.append(track)
        track.clips.append(
            Clip(
                id=self.clip_id,
                asset_id=self.asset_id,
                start_us=self.at_us,
                duration_us=self.duration_us,
                text=self.text_value if not self.asset_id else "",
                fit="fit_pad",
                text_style=self.style,
                anim_in=TextAnim("pop", 400_000),
                anim_out=TextAnim("fade", 300_000),
                # a sticker starts at a third of the canvas (a picture at 1.0 fills it)
                transform=Transform(scale=STICKER_SCALE) if self.asset_id else None,
            )
        )

    def revert(self, project: Project) -> None:
        track, i, _ = _find_clip(project, self.clip_id, f"undo {self._action}")
        del track.clips[i]
        if self._made_track and not track.clips:
            ti, _t = _find_track(project, self._made_track, f"undo {self._action}")
            del project.timeline.tracks[ti]


class TextStyleCommand(Command):
    """Set a text item's style preset ("" for the template's overlay look)."""

    def __init__(self, clip_id: str, style: str) -> None:
        if style and style not in TEXT_STYLES:
            _fail("change text style", f"must be one of {', '.join(TEXT_STYLES)}", "style")
        self.clip_id, self.style = clip_id, style
        self.text = "Change text style"
        self._before = ""

    def apply(self, project: Project) -> None:
        _t, _i, clip = _find_clip(project, self.clip_id, "change text style")
        self._before, clip.text_style = clip.text_style, self.style

    def revert(self, project: Project) -> None:
        _t, _i, clip = _find_clip(project, self.clip_id, "undo change text style")
        clip.text_style = self._before


class TextAnimCommand(Command):
    """Set a text item's or sticker's ``which`` ("in" or "out") animation: its kind and length.
    Steps on the same clip and end merge into one undo step."""

    def __init__(self, clip_id: str, which: str, kind: str, duration_us: int) -> None:
        action = "change text animation"
        if which not in ("in", "out"):
            _fail(action, f"which must be 'in' or 'out'; got {which!r}", "which")
        if kind not in TEXT_ANIMS:
            _fail(action, f"kind must be one of {', '.join(TEXT_ANIMS)}; got {kind!r}", "kind")
        if not 1 <= duration_us <= MAX_TEXT_ANIM_US:
            _fail(action, f"the length must be 1 us to {MAX_TEXT_ANIM_US // 1_000_000} s")
        self.clip_id, self.which = clip_id, which
        self._new = TextAnim(kind, duration_us)  # type: ignore[arg-type]
        self.text = "Change animation in" if which == "in" else "Change animation out"
        self.merge_id = f"textanim:{clip_id}:{which}"
        self._before: TextAnim | None = None

    def apply(self, project: Project) -> None:
        _t, _i, clip = _find_clip(project, self.clip_id, "change text animation")
        attr = "anim_in" if self.which == "in" else "anim_out"
        self._before = copy.deepcopy(getattr(clip, attr))
        setattr(clip, attr, copy.deepcopy(self._new))

    def revert(self, project: Project) -> None:
        _t, _i, clip = _find_clip(project, self.clip_id, "undo change text animation")
        setattr(clip, "anim_in" if self.which == "in" else "anim_out", self._before)

    def merge_with(self, other: Command) -> bool:
        if not isinstance(other, TextAnimCommand) or other.merge_id != self.merge_id:
            return False
        self._new = copy.deepcopy(other._new)
        return True


__all__ = ["DEFAULT_TEXT_US", "TextAddCommand", "TextAnimCommand", "TextStyleCommand"]
