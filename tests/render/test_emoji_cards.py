"""Emoji in colour in the title card, the closing card and a text watermark
(``text_anim.emoji_cards``): the same path as text items (``text_anim.text_picture``: Pillow
draws the words, CJK included, with Noto Color Emoji's bitmaps, laid as a picture). Real
renders: the export frame has saturated pixels where the emoji is, between the Latin and the
Chinese words, at the card's place (centred; the watermark in its corner or where it was moved),
with the card's fade; the preview equals the export; words beside an emoji are as big and as
high as libass draws them without one; with no emoji font the render still works (one warning)
and a monochrome font is a fallback."""

from __future__ import annotations

import logging
import os

import numpy as np
import pytest
from frame_tools import psnr
from test_color_emoji import export_frames, preview, saturated, white

from shortvid_desktop.core.model import Asset, Clip, KenBurns, Project
from shortvid_desktop.render import fonts
from shortvid_desktop.render.captions import build_ass
from shortvid_desktop.render.plan import compile_plan

W, H, FPS = 360, 640, 10
needs_font = pytest.mark.skipif(
    "NotoColorEmoji" not in fonts.emoji_font()[0], reason="fonts-noto-color-emoji is not installed"
)


def project(media, title: str = "", outro: str = "", mark: str = "", **tpl) -> Project:
    p = Project(title=title)
    p.template.width, p.template.height, p.template.fps = W, H, FPS
    p.template.title_card = bool(title)
    p.template.quality = "high"
    p.template.outro_text = outro
    p.template.watermark_text = mark
    for k, v in tpl.items():
        setattr(p.template, k, v)
    bg = Asset(
        path=str(media.image("ec_bg.png", f"{W}x{H}", color="black")),
        kind="image",
        width=W,
        height=H,
    )
    p.assets[bg.id] = bg
    p.timeline.ensure_track("video").clips.append(
        Clip(asset_id=bg.id, duration_us=6_000_000, ken_burns=KenBurns("none"))
    )
    return p


def words_around_the_emoji(frame: np.ndarray, rows: slice) -> tuple[float, int, int]:
    """(the emoji's centre row, white pixels left of it, right of it) within ``rows``."""
    part = frame[rows]
    colour = saturated(part)
    assert colour.sum() > 80, colour.sum()  # the emoji, in colour
    ys, xs = np.nonzero(colour)
    _wy, wx = np.nonzero(white(part) & ~colour)
    return rows.start + ys.mean(), int((wx < xs.min()).sum()), int((wx > xs.max()).sum())


@needs_font
def test_title_outro_and_watermark_show_their_emoji_in_colour(media, tmp_path) -> None:
    plan = compile_plan(project(media, "Trip 🚀 旅行", "Bye 👋 再见", "@me ⭐ 我"))
    assert plan.drawn_text == ("title", "outro", "watermark")
    assert all(p.text for p in plan.pictures) and len(plan.pictures) == 3
    dialogue = [x for x in build_ass(plan, "Noto Sans CJK SC").splitlines() if "Dialogue" in x]
    assert dialogue == []  # libass draws none of them (it would leave the emoji out)
    frames = export_frames(plan, tmp_path / "cards.mp4")
    middle, corner = slice(H // 2 - 60, H // 2 + 60), slice(0, H // 8)
    title, outro = frames[10], frames[50]  # 1.0 s, 5.0 s (the last 2.5 s: from 3.5 s)
    for frame in (title, outro):
        y, left, right = words_around_the_emoji(frame, middle)
        assert abs(y - H / 2) < 15  # the card is centred
        assert left > 30 and right > 100  # Latin to its left, 旅行 / 再见 to its right
    assert saturated(frames[30][middle]).sum() < 20  # 3 s: the title is gone, no outro yet
    # the watermark, top right, all along
    for frame in (frames[0], frames[30], frames[59]):
        colour = saturated(frame[corner])
        assert colour.sum() > 15
        assert np.nonzero(colour)[1].mean() > W * 0.7
    # the title fades in over 150 ms and the outro over 300 ms: less colour on their first frame
    assert saturated(frames[0][middle]).sum() < saturated(title[middle]).sum()
    assert saturated(frames[35][middle]).sum() < saturated(outro[middle]).sum()
    for t_us in (1_000_000, 5_000_000):  # the preview draws the same
        assert psnr(preview(plan, t_us), frames[t_us // 100_000]) >= 40


@needs_font
def test_a_moved_watermark_with_emoji_is_where_it_was_moved(media) -> None:
    plan = compile_plan(
        project(media, mark="⭐ 我的", watermark_x=0.3, watermark_y=0.8, watermark_scale=2.0)
    )
    frame = preview(plan, 1_000_000)
    ys, xs = np.nonzero(saturated(frame))
    assert abs(ys.mean() - 0.8 * H) < 12 and xs.mean() < 0.3 * W  # the star, left of centre
    assert len(ys) > 4 * 15  # twice as big: about four times the corner watermark's pixels


@needs_font
def test_cards_with_emoji_are_drawn_as_big_as_libass_draws_them(media) -> None:
    def words(title: str) -> tuple[int, float]:
        frame = preview(compile_plan(project(media, title)), 1_000_000)
        ys, _xs = np.nonzero(white(frame) & ~saturated(frame))
        return int(ys.max() - ys.min()), float(ys.mean())

    (tall_emoji, y_emoji), (tall_libass, y_libass) = words("好好 😀"), words("好好")
    assert abs(tall_emoji - tall_libass) <= max(2, tall_libass * 0.08)
    assert abs(y_emoji - y_libass) <= 4


def test_no_emoji_font_leaves_the_emoji_out_with_one_warning(media, monkeypatch, caplog) -> None:
    monkeypatch.setattr(fonts, "_warned", set())

    def no_font() -> tuple[str, bool]:  # what emoji_font() does when it finds none
        fonts._warn_once("none", "No emoji font found (install it): emoji are left out.")
        return "", False

    monkeypatch.setattr(fonts, "emoji_font", no_font)
    with caplog.at_level(logging.WARNING, logger=fonts.__name__):
        plan = compile_plan(project(media, "Trip 🚀 旅行", "Bye 👋", "@me ⭐"))
        frame = preview(plan, 1_000_000)
    assert plan.drawn_text == ("title", "outro", "watermark")
    assert saturated(frame).sum() < 20  # no colour
    assert white(frame[H // 2 - 60 : H // 2 + 60]).sum() > 150  # the words are there
    said = [r.getMessage() for r in caplog.records if r.name == fonts.__name__]
    assert said == ["No emoji font found (install it): emoji are left out."]


def test_a_monochrome_emoji_font_is_a_fallback_for_a_title(media, monkeypatch) -> None:
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not os.path.isfile(dejavu):
        pytest.skip("DejaVu Sans is not installed")
    monkeypatch.setattr(fonts, "emoji_font", lambda: (dejavu, False))
    ref = preview(compile_plan(project(media, "OK 好")), 1_000_000)
    plan = compile_plan(project(media, "OK ☺ 😀 好"))  # 😀: DejaVu has none, left out
    assert plan.drawn_text == ("title",)
    frame = preview(plan, 1_000_000)
    assert saturated(frame).sum() < 20
    assert white(frame).sum() > white(ref).sum() + 30  # the smiley drawn in white
