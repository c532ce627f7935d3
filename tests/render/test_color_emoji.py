"""Emoji in colour (render/fonts.py ``draw_text_png``, text_anim ``emoji_text_picture``): a text
item with emoji is drawn by Pillow (words with the CJK font, emoji from Noto Color Emoji's
bitmaps) and laid over the video as a picture. Real renders: the export frame has saturated
pixels where the emoji is, between the Latin and the Chinese words; the Chinese glyphs are real
glyphs (two different characters draw differently: no tofu boxes); the preview equals the
export through a fade-in; with no emoji font the render still works (emoji left out); emoji in
a title or a caption no longer stop the render."""

from __future__ import annotations

import os
from pathlib import Path

import av
import numpy as np
import pytest

from shortvid_desktop.core.model import Asset, Clip, KenBurns, Project, TextAnim, WordTiming
from shortvid_desktop.render import fonts
from shortvid_desktop.render.export import export
from shortvid_desktop.render.plan import compile_plan
from shortvid_desktop.render.window import FrameRenderer

W, H, FPS = 360, 640, 10
EMOJI_FONT = fonts.emoji_font()[0]
needs_font = pytest.mark.skipif(
    "NotoColorEmoji" not in EMOJI_FONT, reason="fonts-noto-color-emoji is not installed"
)


def project(media, text: str, **kw) -> Project:
    p = Project(title="")
    p.template.width, p.template.height, p.template.fps = W, H, FPS
    p.template.title_card = False
    p.template.quality = "high"
    bg = Asset(
        path=str(media.image("em_bg.png", f"{W}x{H}", color="black")),
        kind="image",
        width=W,
        height=H,
    )
    p.assets[bg.id] = bg
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=bg.id, duration_us=2_000_000, ken_burns=KenBurns("none"))
    )
    p.timeline.ensure_track("overlay").clips.append(
        Clip(text=text, duration_us=2_000_000, text_style="title", **kw)
    )
    return p


def preview(plan, t_us: int) -> np.ndarray:
    with FrameRenderer(plan) as r:
        img = r.frame(t_us, scale=1.0)
    return np.frombuffer(img.rgb, np.uint8).reshape(img.height, img.width, 3)


def export_frames(plan, out: Path) -> list[np.ndarray]:
    export(plan, out)
    with av.open(str(out)) as c:
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]


def saturated(rgb: np.ndarray) -> np.ndarray:
    f = rgb.astype(float)
    hi, lo = f.max(axis=2), f.min(axis=2)
    return (hi > 120) & (hi - lo > 0.5 * hi)


def white(rgb: np.ndarray) -> np.ndarray:
    return rgb.min(axis=2) > 200


@needs_font
def test_an_emoji_in_a_text_item_is_drawn_in_colour_between_its_words(media, tmp_path) -> None:
    plan = compile_plan(project(media, "Hi 😀 你好"))
    assert not plan.overlays and len(plan.pictures) == 1  # drawn as a picture
    frame = export_frames(plan, tmp_path / "emoji.mp4")[10]
    colour = saturated(frame)
    assert colour.sum() > 150, colour.sum()
    ys, xs = np.nonzero(colour)
    assert abs(ys.mean() - 0.30 * H) < 25  # the title preset's height
    left, right = xs.min(), xs.max()
    _wy, wx = np.nonzero(white(frame) & ~colour)
    assert (wx < left).sum() > 30  # "Hi" to its left
    assert (wx > right).sum() > 100  # "你好" to its right


def test_chinese_beside_an_emoji_is_drawn_with_real_glyphs(media) -> None:
    a = preview(compile_plan(project(media, "😀 你好")), 1_000_000)
    b = preview(compile_plan(project(media, "😀 好你")), 1_000_000)
    c = preview(compile_plan(project(media, "😀 你好")), 1_000_000)
    lit_a, lit_b = white(a), white(b)
    assert lit_a.sum() > 200  # glyphs are drawn
    assert (lit_a != lit_b).sum() > 150  # two characters swapped draw differently: no tofu
    assert (white(c) != lit_a).sum() == 0  # and the same text draws the same


@needs_font
def test_export_equals_preview_through_a_fade_in(media, tmp_path) -> None:
    plan = compile_plan(project(media, "Go 🎉 出发", anim_in=TextAnim("pop", 800_000)))
    frames = export_frames(plan, tmp_path / "pop.mp4")
    for n in (3, 12):
        a, b = frames[n].astype(float), preview(plan, n * 100_000).astype(float)
        mse = float(np.mean((a - b) ** 2))
        assert mse == 0 or 10 * np.log10(255**2 / mse) >= 40
    assert saturated(frames[3]).sum() < saturated(frames[12]).sum()  # still growing at 0.3 s


def test_no_emoji_font_leaves_the_emoji_out_and_still_renders(media, monkeypatch) -> None:
    monkeypatch.setattr(fonts, "emoji_font", lambda: ("", False))
    frame = preview(compile_plan(project(media, "Hi 😀 你好")), 1_000_000)
    assert saturated(frame).sum() < 20
    assert white(frame).sum() > 200  # the words are there


def test_a_monochrome_emoji_font_is_a_fallback(media, monkeypatch) -> None:
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not os.path.isfile(dejavu):
        pytest.skip("DejaVu Sans is not installed")
    monkeypatch.setattr(fonts, "emoji_font", lambda: (dejavu, False))
    plan = compile_plan(project(media, "OK ☺ 😀 ✔ 好"))  # 😀: DejaVu has none
    assert plan.pictures and not plan.overlays
    frame = preview(plan, 1_000_000)
    assert white(frame).sum() > 150 and saturated(frame).sum() < 20


def with_voice(media, p: Project, text: str, words: list[WordTiming]) -> Project:
    voice = Asset(path=str(media.audio("em_voice.wav", seconds=2.0)), kind="audio")
    p.assets[voice.id] = voice
    p.timeline.ensure_track("voice").clips.append(
        Clip(asset_id=voice.id, duration_us=2_000_000, text=text, words=words)
    )
    return p


def test_emoji_in_a_title_do_not_stop_the_render(media) -> None:
    """(A title with emoji is drawn as a picture: tests/render/test_emoji_cards.py.)"""
    p = project(media, "plain text")
    p.title = "Trip 🚀 旅行"
    p.template.title_card = True
    plan = compile_plan(p)
    assert "🚀" not in plan.all_text() and "旅行" in plan.title  # not libass' to draw
    assert plan.drawn_text == ("title",)
    assert white(preview(plan, 500_000)).sum() > 100


@needs_font
def test_a_caption_with_emoji_is_drawn_in_colour_with_its_word_highlighted(media) -> None:
    from shortvid_desktop.render.captions import build_ass, build_srt

    words = [
        WordTiming("Wow", 0, 400_000),
        WordTiming("😍", 500_000, 900_000),
        WordTiming("好看", 1_000_000, 1_600_000),
    ]
    p = with_voice(media, project(media, "plain text"), "Wow 😍 好看", words)
    p.timeline.track("overlay").clips.clear()
    plan = compile_plan(p)
    assert plan.captions[0].as_picture and len(plan.pictures) == 3  # a page per spoken word
    assert "😍" not in build_ass(plan, "Noto Sans CJK SC")  # libass does not draw it
    assert "Wow 😍 好看" in build_srt(plan)  # the subtitles file keeps it
    yellow = np.array([255, 212, 0])  # the template's highlight colour
    first, second = preview(plan, 200_000), preview(plan, 1_200_000)
    bottom = slice(H // 2, H)
    assert saturated(first[bottom]).sum() > 100  # the emoji, in colour, in the lower half
    lit1 = np.abs(first.astype(int) - yellow).sum(axis=2) < 90
    lit2 = np.abs(second.astype(int) - yellow).sum(axis=2) < 90
    only1, only2 = np.nonzero(lit1 & ~lit2)[1], np.nonzero(lit2 & ~lit1)[1]  # (the emoji: both)
    n1, n2 = len(only1), len(only2)
    x1, x2 = only1.mean(), only2.mean()
    assert n1 > 30 and n2 > 30 and x2 > x1 + 40  # "Wow" lit first, then "好看" to its right


@needs_font
def test_the_canvas_finds_a_text_with_emoji_where_it_is_drawn(media) -> None:
    """The preview's text boxes (what the canvas picks and moves) hold the picture's box."""
    from shortvid_desktop.session.preview import PreviewService
    from shortvid_desktop.session.session import Session

    p = project(media, "Hi 😀 你好")
    service = PreviewService(Session(p))
    try:
        boxes = [b for b in service.text_boxes(1_000_000) if b[0] == "text"]
        frame = preview(service._plan()[1], 1_000_000)
    finally:
        service.close()
    assert len(boxes) == 1
    _kind, top, bottom, clip_id, text, cx, width, _rot = boxes[0]
    assert text == "Hi 😀 你好" and clip_id == p.timeline.track("overlay").clips[0].id
    ys, xs = np.nonzero(white(frame) | saturated(frame))
    assert top - 2 <= ys.min() and ys.max() <= bottom + 2
    assert cx - width / 2 - 2 <= xs.min() and xs.max() <= cx + width / 2 + 2
    assert width < 1.3 * (xs.max() - xs.min())  # snug, not the whole canvas


@needs_font
def test_words_beside_emoji_are_as_big_as_libass_draws_them(media) -> None:
    """The same preset draws "好好" the same height with an emoji (Pillow) and without one
    (libass): Pillow's size is libass' font size turned into an em."""

    def glyph_height(text: str) -> int:
        frame = preview(compile_plan(project(media, text)), 1_000_000)
        ys, _xs = np.nonzero(white(frame) & ~saturated(frame))
        return int(ys.max() - ys.min())

    with_emoji, libass = glyph_height("好好 😀"), glyph_height("好好")
    assert abs(with_emoji - libass) <= max(2, libass * 0.08), (with_emoji, libass)


def test_text_runs_keep_emoji_sequences_whole() -> None:
    text_font = frozenset(map(ord, "Hi 你好1#❤"))
    emoji_font = frozenset(map(ord, "😀👍🏽👨👩👧1#❤\u200d\ufe0f\u20e3"))

    def runs(s: str) -> list[tuple[str, str]]:
        return fonts.text_runs(s, text_font, emoji_font)

    assert runs("Hi 😀 你好") == [("text", "Hi "), ("emoji", "😀"), ("text", " 你好")]
    assert runs("👍🏽") == [("emoji", "👍🏽")]  # with its skin tone
    assert runs("👨\u200d👩\u200d👧") == [("emoji", "👨\u200d👩\u200d👧")]  # one family
    assert runs("1\ufe0f\u20e3 1") == [("emoji", "1\ufe0f\u20e3"), ("text", " 1")]  # a keycap
    assert runs("❤ ❤\ufe0f") == [("text", "❤ "), ("emoji", "❤\ufe0f")]  # text or emoji form
    assert runs("a😀") == [("emoji", "😀")]  # what no font draws is left out
