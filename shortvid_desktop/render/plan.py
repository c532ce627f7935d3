"""Project -> RenderPlan: every clip resolved to whole frames, sources, fit, motion and audio.

The plan is a frozen, self-contained description of the output; the FFmpeg graph (graph.py) and
the MoviePy reference renderer read only the plan, never the project or any widget.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from fractions import Fraction

from ..core.errors import MediaError
from ..core.model import Asset, CaptionStyle, Clip, KenBurns, Project, Template, TransitionKind
from ..core.timebase import US_PER_SECOND
from . import effects_graph, fonts, text_anim
from .audio_graph import clip_envelope, music_piece
from .transform_graph import Motion, PictureOverlay, motion_of, picture_of


@dataclass(frozen=True)
class VideoSegment:
    kind: str  # "image" | "video" | "color"
    source: str  # absolute path ("" for color)
    start_frame: int  # on the output
    frames: int  # length, including the overlap with the previous segment
    source_in_us: int = 0
    fit: str = "fill"
    focus_x: float = 0.5
    focus_y: float = 0.5
    ken_burns: KenBurns = field(default_factory=KenBurns)
    transition: TransitionKind = "cut"
    transition_frames: int = 0  # overlap with the previous segment
    src_width: int = 0
    src_height: int = 0
    color: str = "black"
    clip_id: str = ""
    pad_color: str = "#000000"
    skip_frames: int = 0  # leading frames of the segment not rendered (windowed rendering)
    total_frames: int = 0  # the segment's full length when windowed (0 = ``frames``)
    # speed, reverse, freeze frame and colour looks (render/effects_graph.py)
    speed: float = 1.0
    reverse: bool = False
    freeze: bool = False
    looks: tuple[effects_graph.Look, ...] = ()
    motion: Motion | None = None  # moved on the canvas (transform_graph.py); None: as fitted

    @property
    def end_frame(self) -> int:
        return self.start_frame + self.frames


@dataclass(frozen=True)
class AudioPiece:
    source: str
    start_us: int  # on the output
    duration_us: int
    source_in_us: int = 0
    volume: float = 1.0
    fade_in_us: int = 0
    fade_out_us: int = 0
    clip_id: str = ""
    source_duration_us: int = 0  # 0 = unknown
    # the volume line: (time from the piece's start, gain), straight between points
    volume_keys: tuple[tuple[int, float], ...] = ()
    # music whose source runs out before the piece ends: > 0 loops it with a crossfade this long
    # (0 with a known source length: joined end to start, as before)
    loop_crossfade_us: int = 0
    speed: float = 1.0  # the source plays at this speed (pitch kept); reversed when ``reverse``
    reverse: bool = False


@dataclass(frozen=True)
class CaptionWord:
    text: str  # as shown, with its trailing punctuation and space
    start_us: int  # on the output
    end_us: int


@dataclass(frozen=True)
class CaptionBlock:
    """The words one voice clip speaks, on the output's clock."""

    words: tuple[CaptionWord, ...]
    start_us: int
    end_us: int
    style: CaptionStyle | None = None  # the scene's own caption look; None = the plan's
    as_picture: bool = False  # words with emoji: drawn by Pillow as pictures (text_anim.py)


@dataclass(frozen=True)
class TextEvent:
    text: str
    start_us: int
    end_us: int
    motion: Motion | None = None  # placed on the canvas (transform_graph.text_events)
    clip_id: str = ""
    style: str = ""  # a text_styles.json preset ("" = the overlay look)
    anim_in: tuple[str, int] = ("none", 0)  # (kind, duration in us): render/text_anim.py
    anim_out: tuple[str, int] = ("none", 0)


@dataclass(frozen=True)
class RenderPlan:
    width: int
    height: int
    fps: int
    frames: int
    segments: tuple[VideoSegment, ...]
    voice: tuple[AudioPiece, ...]
    clip_audio: tuple[AudioPiece, ...]
    music: AudioPiece | None
    music_volume: float
    ducking: float
    loudness_lufs: float
    captions: tuple[CaptionBlock, ...]
    overlays: tuple[TextEvent, ...]
    title: str
    caption_style: CaptionStyle
    language: str
    watermark_text: str = ""
    watermark_image: str = ""
    watermark_position: str = "top_right"
    watermark_opacity: float = 0.6
    quality: str = "standard"
    outro_text: str = ""
    credits_text: str = ""  # the end card's credit lines (stock and AI media), "" for none
    time_offset_us: int = 0  # where this plan starts on the full output (windowed rendering)
    pictures: tuple[PictureOverlay, ...] = ()  # overlay tracks' pictures (transform_graph.py)
    watermark_x: float | None = None  # the logo moved on the canvas (None: in its corner)
    watermark_y: float | None = None
    watermark_scale: float = 1.0
    # the whole video's look: applied once to the composed picture (overlay pictures included,
    # drawn text not), after each clip's own look (render/effects_graph.py)
    video_looks: tuple[effects_graph.Look, ...] = ()
    # "title", "outro", "watermark": texts with emoji drawn as pictures (text_anim.emoji_cards)
    drawn_text: tuple[str, ...] = ()

    @property
    def duration_us(self) -> int:
        return self.frames * US_PER_SECOND // self.fps

    @property
    def duration_s(self) -> float:
        return self.frames / self.fps

    def all_text(self) -> str:
        """Every character that will be drawn (for the font coverage check)."""
        texts = {"title": self.title, "watermark": self.watermark_text, "outro": self.outro_text}
        parts = [t for k, t in texts.items() if k not in self.drawn_text] + [self.credits_text]
        parts += [w.text for b in self.captions if not b.as_picture for w in b.words]
        parts += [o.text for o in self.overlays]
        return "".join(parts)


def _frame(us_value: int, fps: int) -> int:
    return int(round(Fraction(us_value * fps, US_PER_SECOND)))


def _asset_path(project: Project, clip: Clip, what: str) -> tuple[Asset, str]:
    asset = project.assets.get(clip.asset_id)
    if asset is None:
        raise MediaError(f"The {what} clip {clip.id} uses a missing asset {clip.asset_id!r}.")
    path = os.path.abspath(asset.path)
    if not os.path.isfile(path):
        raise MediaError(
            f"Media file not found: {asset.path} (used by a {what} clip at "
            f"{clip.start_us / US_PER_SECOND:.2f} s). Relink it or remove the clip.",
            path=asset.path,
        )
    return asset, path


def _video_segments(project: Project, fps: int, total_frames: int) -> list[VideoSegment]:
    track = project.timeline.track("video")
    clips = [c for c in track.sorted_clips()] if track and not track.muted else []
    segments: list[VideoSegment] = []
    cursor = 0  # end frame of what is laid so far
    for clip in clips:
        asset, path = _asset_path(project, clip, "video")
        start = _frame(clip.start_us, fps)
        end = _frame(clip.end_us, fps)
        if end <= start:
            continue
        if start >= total_frames:
            break
        end = min(end, total_frames)
        overlap = cursor - start
        kind = clip.transition_in.kind
        if segments and overlap > 0 and kind != "cut":
            overlap = min(overlap, segments[-1].frames - 1, end - start - 1)
        elif segments and overlap > 0:  # overlapping cut: the earlier clip yields
            prev = segments[-1]
            segments[-1] = _replace(prev, frames=max(1, start - prev.start_frame))
            overlap, kind = 0, "cut"
        else:
            if start > cursor:  # a gap: black
                segments.append(VideoSegment("color", "", cursor, start - cursor))
            overlap, kind = 0, "cut"
        if not segments:
            kind = "cut"
        segments.append(
            VideoSegment(
                kind="image" if asset.kind == "image" else "video",
                source=path,
                start_frame=start if overlap == 0 else cursor - overlap,
                frames=end - start if overlap == 0 else end - (cursor - overlap),
                source_in_us=clip.source_in_us,
                fit=clip.fit,
                focus_x=clip.focus_x,
                focus_y=clip.focus_y,
                ken_burns=clip.ken_burns if asset.kind == "image" else KenBurns("none"),
                transition=kind if overlap > 0 else "cut",
                transition_frames=max(0, overlap),
                src_width=asset.width,
                src_height=asset.height,
                clip_id=clip.id,
                pad_color=project.template.pad_color,
                looks=effects_graph.looks_for(clip.color, None),  # (the video's: on the whole)
                **effects_graph.segment_effects(clip, asset.kind),
                motion=motion_of(clip),
            )
        )
        cursor = segments[-1].end_frame
    if cursor < total_frames:
        if segments:  # hold the last picture
            last = segments[-1]
            segments[-1] = _replace(last, frames=last.frames + total_frames - cursor)
        else:
            segments.append(VideoSegment("color", "", 0, total_frames))
    return segments


def _replace(seg: VideoSegment, **changes: object) -> VideoSegment:
    from dataclasses import replace

    return replace(seg, **changes)  # type: ignore[arg-type]


def align_display_tokens(text: str, words: list[str], language: str) -> list[str]:
    """The narration split at the spoken words, so each token keeps its punctuation.

    Token i is the text from word i up to word i+1; opening brackets/quotes move to the word
    they open. Words not found in the text are shown as spoken.
    """
    lowered = text.lower()
    positions: list[int | None] = []
    cursor = 0
    for w in words:
        pos = lowered.find(w.lower(), cursor) if w else -1
        if pos < 0:
            positions.append(None)
        else:
            positions.append(pos)
            cursor = pos + len(w)
    tokens: list[str] = []
    found = [(i, p) for i, p in enumerate(positions) if p is not None]
    next_pos = {
        i: (found[k + 1][1] if k + 1 < len(found) else len(text)) for k, (i, _p) in enumerate(found)
    }
    sep = "" if language.startswith("zh") else " "
    for i, w in enumerate(words):
        p = positions[i]
        if p is None:
            tokens.append(w + sep)
        else:
            start = 0 if found and i == found[0][0] else p
            tokens.append(text[start : next_pos[i]])
    openers = "“‘（《「『【([{\"'"
    for i in range(len(tokens) - 1):
        stripped = tokens[i].rstrip()
        moved = ""
        while stripped and stripped[-1] in openers and len(stripped) > 1:
            moved = stripped[-1] + moved
            stripped = stripped[:-1]
        if moved:
            tokens[i] = stripped + tokens[i][len(stripped) + len(moved) :]
            tokens[i + 1] = moved + tokens[i + 1]
    return [t.replace("\n", " ") for t in tokens]


def _caption_blocks(project: Project, total_us: int) -> list[CaptionBlock]:
    track = project.timeline.track("voice")
    if track is None or track.muted:
        return []
    blocks = []
    lang = project.language
    overrides = {
        sc.id: sc.caption_style.apply_to(project.template.caption)
        for sc in project.script.scenes
        if sc.caption_style is not None and not sc.caption_style.is_empty()
    }
    for clip in track.sorted_clips():
        if not clip.words:
            continue
        words = [
            w
            for w in clip.words
            if clip.source_in_us <= w.start_us < clip.source_in_us + clip.duration_us
        ]
        if not words:
            continue
        shown = (
            align_display_tokens(clip.text, [w.word for w in words], lang)
            if clip.text
            else [w.word + ("" if lang.startswith("zh") else " ") for w in words]
        )
        offset = clip.start_us - clip.source_in_us
        cw = tuple(
            CaptionWord(
                text=s,
                start_us=min(total_us, w.start_us + offset),
                end_us=min(total_us, max(w.end_us, w.start_us + 1) + offset),
            )
            for s, w in zip(shown, words, strict=True)
        )
        style = overrides.get(clip.scene_id) if clip.scene_id else None
        blocks.append(CaptionBlock(cw, clip.start_us, min(total_us, clip.end_us), style))
    return blocks


def compile_plan(project: Project, *, quality: str | None = None) -> RenderPlan:
    """Resolve the project into a RenderPlan. Raises MediaError naming any missing file."""
    tpl: Template = project.template
    fps = tpl.fps
    total_us = project.timeline.duration_us
    if total_us <= 0:
        raise MediaError(
            "The timeline is empty: add a script (for a voice) or some media before exporting."
        )
    total_frames = max(1, _frame(total_us, fps))
    total_us = total_frames * US_PER_SECOND // fps
    segments = _video_segments(project, fps, total_frames)

    voice: list[AudioPiece] = []
    clip_audio: list[AudioPiece] = []
    for track in project.timeline.tracks:
        if track.muted or track.kind not in ("voice", "audio", "video", "overlay"):
            continue  # (overlay tracks: picture-in-picture clips are heard too)
        for clip in track.sorted_clips():
            if not clip.asset_id or clip.start_us >= total_us:
                continue
            asset, path = _asset_path(project, clip, track.kind)
            if track.kind in ("video", "overlay") and (
                asset.kind != "video" or not asset.has_audio
            ):
                continue
            if clip.volume <= 0:
                continue
            dur = min(clip.duration_us, total_us - clip.start_us)
            fade = clip.transition_in.overlap_us if track.kind == "video" else 0
            piece = AudioPiece(
                path,
                clip.start_us,
                dur,
                clip.source_in_us,
                clip.volume,
                fade_in_us=fade,
                clip_id=clip.id,
            )
            piece = effects_graph.clip_piece(clip_envelope(piece, clip), clip)
            if piece is None:  # a freeze frame is silent
                continue
            (voice if track.kind == "voice" else clip_audio).append(piece)

    music = None
    music_track = project.timeline.track("music")
    if music_track is not None and not music_track.muted and music_track.clips:
        clip = music_track.sorted_clips()[0]
        music_asset, path = _asset_path(project, clip, "music")
        start = min(clip.start_us, total_us)
        dur = min(clip.duration_us, total_us - start)
        if dur > 0:
            music = music_piece(
                AudioPiece(
                    path,
                    start,
                    dur,
                    clip.source_in_us,
                    clip.volume,
                    clip_id=clip.id,
                    source_duration_us=music_asset.duration_us,
                ),
                clip,
                project.music_fit,
            )

    overlays = []
    text_pictures = []  # text items with emoji: drawn by Pillow, laid as pictures
    overlay_track = project.timeline.track("overlay")
    if overlay_track is not None and not overlay_track.muted:
        for c in overlay_track.sorted_clips():
            if not c.text.strip() or c.start_us >= total_us:
                continue
            if fonts.needs_emoji(c.text):  # (libass draws no colour emoji)
                pic = text_anim.emoji_text_picture(c, tpl.width, tpl.height, tpl.caption)
                text_pictures.append(pic)
                continue
            overlays.append(
                TextEvent(
                    c.text,
                    c.start_us,
                    min(c.end_us, total_us),
                    motion_of(c),
                    c.id,
                    c.text_style,
                    (c.anim_in.kind, c.anim_in.duration_us),
                    (c.anim_out.kind, c.anim_out.duration_us),
                )
            )

    pictures = []
    for track in project.timeline.tracks:
        if track.kind != "overlay" or track.muted:
            continue
        for c in track.sorted_clips():
            if c.asset_id and c.start_us < total_us:
                asset, path = _asset_path(project, c, "overlay")
                if asset.kind in ("image", "video"):
                    pic = picture_of(c, asset.kind, path, asset.width, asset.height)
                    pictures.append(effects_graph.picture_effects(pic, c))  # speed, looks

    watermark_image = ""
    if tpl.watermark_image:
        watermark_image = os.path.abspath(tpl.watermark_image)
        if not os.path.isfile(watermark_image):
            raise MediaError(
                f"Watermark image not found: {tpl.watermark_image}. Choose another file in "
                "the template or clear the watermark.",
                path=tpl.watermark_image,
            )
    plan = RenderPlan(
        width=tpl.width,
        height=tpl.height,
        fps=fps,
        frames=total_frames,
        segments=tuple(segments),
        voice=tuple(voice),
        clip_audio=tuple(clip_audio),
        music=music,
        music_volume=tpl.music_volume,
        ducking=tpl.ducking,
        loudness_lufs=tpl.loudness_lufs,
        captions=tuple(_caption_blocks(project, total_us)),
        overlays=tuple(overlays),
        title=(project.title or project.script.title) if tpl.title_card else "",
        caption_style=tpl.caption,
        language=project.language,
        watermark_text=tpl.watermark_text,
        watermark_image=watermark_image,
        watermark_position=tpl.watermark_position,
        watermark_opacity=tpl.watermark_opacity,
        quality=quality or tpl.quality,
        outro_text=tpl.outro_text.strip(),
        pictures=tuple(pictures + text_pictures),
        watermark_x=tpl.watermark_x,
        watermark_y=tpl.watermark_y,
        watermark_scale=tpl.watermark_scale,
        video_looks=effects_graph.looks_for(None, tpl.color),
    )
    plan = text_anim.emoji_captions(plan)  # caption pages with emoji: pictures
    return text_anim.emoji_cards(plan)  # a title, closing card or watermark with emoji too
