"""Generate ShortVid's embedded sample content procedurally (stills, clip, music, icon, template).

Everything under ``resources/`` that this script writes is made here from code and fixed seeds,
so the project owns it outright (CC0) and re-running produces the same files::

    python build/make_samples.py                 # everything, into resources/
    python build/make_samples.py stills music    # only some parts
    python build/make_samples.py --out /tmp/res  # somewhere else

Only numpy, Pillow and the ffmpeg that ShortVid already ships (imageio-ffmpeg) are needed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from shortvid_desktop.core.model import (  # noqa: E402
    CaptionStyle,
    KenBurns,
    Template,
    Transition,
)
from shortvid_desktop.core.serial import to_dict  # noqa: E402
from shortvid_desktop.media.ffmpeg import ffmpeg_exe  # noqa: E402

PORTRAIT = (1080, 1920)  # (width, height)
LANDSCAPE = (1920, 1080)
JPEG_QUALITY = 85
SR = 48_000  # audio sample rate

Color = tuple[float, float, float]


# =========================================================================== small helpers
def hexc(code: str) -> Color:
    code = code.lstrip("#")
    return (int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16))


def gradient(t: np.ndarray, stops: Sequence[tuple[float, str]]) -> np.ndarray:
    """Map values ``t`` (any shape) through colour stops [(pos, "#rrggbb"), ...] -> (..., 3)."""
    pos = [p for p, _ in stops]
    cols = np.array([hexc(c) for _, c in stops], dtype=np.float32)
    return np.stack([np.interp(t, pos, cols[:, i]) for i in range(3)], axis=-1).astype(np.float32)


def smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def resize_f(a: np.ndarray, w: int, h: int, resample: int = Image.Resampling.BICUBIC) -> np.ndarray:
    """Resize a 2-D float array with Pillow (mode F)."""
    return np.asarray(Image.fromarray(a.astype(np.float32)).resize((w, h), resample))


def box_blur_1d(a: np.ndarray, r: int, axis: int) -> np.ndarray:
    if r <= 0:
        return a
    pad = [(0, 0)] * a.ndim
    pad[axis] = (r + 1, r)
    p = np.pad(a, pad, mode="edge")
    c = np.cumsum(p, axis=axis, dtype=np.float64)
    n = a.shape[axis]
    hi = np.take(c, np.arange(2 * r + 1, 2 * r + 1 + n), axis=axis)
    lo = np.take(c, np.arange(0, n), axis=axis)
    return ((hi - lo) / (2 * r + 1)).astype(np.float32)


def blur(a: np.ndarray, radius: float) -> np.ndarray:
    """An approximate Gaussian blur (three box passes) over the first two axes."""
    r = max(0, int(round(radius * 0.58)))  # three boxes of radius r ~ one Gaussian of sigma
    out = a.astype(np.float32)
    for _ in range(3):
        out = box_blur_1d(out, r, 0)
        out = box_blur_1d(out, r, 1)
    return out


def fbm(
    rng: np.random.Generator,
    w: int,
    h: int,
    cells: float,
    octaves: int = 4,
    gain: float = 0.5,
    aspect: float = 1.0,
) -> np.ndarray:
    """Fractal value noise in roughly [-1, 1].

    ``cells`` is the feature count across the width; ``aspect`` > 1 packs more features in
    vertically, i.e. stretches them horizontally (streaks).
    """
    out = np.zeros((h, w), np.float32)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        cx = max(2, int(cells * (2**o)))
        cy = max(2, int(cells * (2**o) * h / w * aspect))
        grid = rng.random((cy + 3, cx + 3)).astype(np.float32) * 2 - 1
        img = Image.fromarray(grid).resize(
            (w, h), Image.Resampling.BICUBIC, box=(1, 1, cx + 1, cy + 1)
        )
        out += amp * np.asarray(img)
        total += amp
        amp *= gain
    return out / total


def ridge_line(
    rng: np.random.Generator, w: int, points: int, octaves: int = 5, gain: float = 0.5
) -> np.ndarray:
    """1-D fractal noise over ``w`` samples, roughly in [-1, 1]."""
    x = np.linspace(0, 1, w)
    out = np.zeros(w)
    amp, total = 1.0, 0.0
    for o in range(octaves):
        n = points * 2**o + 1
        ys = rng.random(n) * 2 - 1
        xs = np.linspace(0, 1, n)
        seg = np.interp(x, xs, ys)
        out += amp * seg
        total += amp
        amp *= gain
    return out / total


def smooth_line(rng: np.random.Generator, w: int, points: int) -> np.ndarray:
    """Smooth (cubic-interpolated) 1-D noise in [-1, 1]."""
    g = (rng.random((1, points + 3)) * 2 - 1).astype(np.float32)
    img = Image.fromarray(g).resize((w, 1), Image.Resampling.BICUBIC, box=(1, 0, points + 1, 1))
    return np.asarray(img)[0].astype(np.float64)


def radial(w: int, h: int, cx: float, cy: float) -> np.ndarray:
    """Distance in pixels from (cx, cy)."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    return np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)


def over(base: np.ndarray, color: np.ndarray | Color, alpha: np.ndarray) -> np.ndarray:
    """Alpha-composite ``color`` onto ``base`` with a 2-D alpha in [0, 1]."""
    a = np.clip(alpha, 0, 1)[..., None]
    return base * (1 - a) + np.asarray(color, np.float32) * a


def screen(base: np.ndarray, light: np.ndarray) -> np.ndarray:
    b = np.clip(base / 255.0, 0, 1)
    li = np.clip(light / 255.0, 0, 1)
    return (1 - (1 - b) * (1 - li)) * 255.0


def vignette(img: np.ndarray, strength: float = 0.35, bottom: float = 0.0) -> np.ndarray:
    """Darken the corners and (optionally) the bottom of the frame."""
    h, w = img.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    nx, ny = (xx / w - 0.5) * 2, (yy / h - 0.5) * 2
    d = np.sqrt(nx**2 * 0.8 + ny**2 * 0.6)
    k = 1 - strength * smoothstep(0.55, 1.45, d)
    if bottom:
        k = k * (1 - bottom * smoothstep(0.25, 1.0, ny))
    return img * k[..., None]


def finish(img: np.ndarray, seed: int, grain: float = 1.2) -> Image.Image:
    """Float RGB -> 8-bit image, with a little grain so gradients do not band."""
    rng = np.random.default_rng(seed)
    h, w = img.shape[:2]
    noise = (rng.random((h, w), np.float32) - rng.random((h, w), np.float32)) * grain
    out = np.clip(img + noise[..., None] + 0.5, 0, 255).astype(np.uint8)
    return Image.fromarray(out)


# =========================================================================== stills
def pine_tree(draw: ImageDraw.ImageDraw, x: float, base: float, height: float, fill) -> None:
    """A stylised conifer silhouette: stacked, slightly drooping triangles."""
    tiers = 5
    width = height * 0.42
    for i in range(tiers):
        t0 = i / tiers
        top = base - height * (0.18 + 0.82 * (i + 1) / tiers)
        bot = base - height * (t0 * 0.82)
        half = width * (1 - t0 * 0.75) / 2
        draw.polygon([(x, top), (x - half, bot), (x + half, bot)], fill=fill)
    draw.rectangle([x - width * 0.05, base - height * 0.12, x + width * 0.05, base], fill=fill)


def trees_mask(
    w: int, h: int, trees: Sequence[tuple[float, float, float]], ss: int = 3
) -> np.ndarray:
    """An anti-aliased silhouette mask (h, w) in [0, 1] of pine trees [(x, base_y, height)]."""
    im = Image.new("L", (w * ss, h * ss), 0)
    draw = ImageDraw.Draw(im)
    for x, base, height in trees:
        pine_tree(draw, x * ss, base * ss, height * ss, 255)
    return np.asarray(im.resize((w, h), Image.Resampling.BOX), np.float32) / 255


def still_mountains(seed: int = 11) -> Image.Image:
    """Sunset sky, a low sun and six layers of mountain ridges fading into the haze."""
    w, h = PORTRAIT
    rng = np.random.default_rng(seed)
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None] * np.ones((1, w), np.float32)
    sky = gradient(
        yy,
        [
            (0.00, "#141a45"),
            (0.16, "#2f2c6e"),
            (0.30, "#7a3f86"),
            (0.38, "#c85a78"),
            (0.44, "#f48a5c"),
            (0.50, "#ffc27a"),
            (1.00, "#ffd9a0"),
        ],
    )
    sun_x, sun_y = w * 0.64, h * 0.385
    d = radial(w, h, sun_x, sun_y)
    sky = screen(sky, gradient(np.exp(-((d / 520) ** 2)), [(0, "#000000"), (1, "#ff9f5a")]))
    sky = screen(sky, gradient(np.exp(-((d / 170) ** 2)), [(0, "#000000"), (1, "#ffd9a0")]))
    disc = smoothstep(92, 86, d)
    sky = over(sky, hexc("#fff3d6"), disc)

    # long, thin clouds lit from below
    streak = fbm(rng, w, h, cells=2.0, octaves=6, gain=0.55, aspect=8.0)
    band = smoothstep(0.06, 0.16, yy) * (1 - smoothstep(0.34, 0.42, yy))
    cloud = smoothstep(-0.02, 0.30, streak) * band
    cloud_col = gradient(yy, [(0.0, "#6a5a9a"), (0.22, "#e58aa0"), (0.40, "#ffc096")])
    sky = over(sky, cloud_col, cloud * 0.85)

    img = sky
    layers = [  # base height, peak amplitude, ridge points, colour, mist colour
        (0.470, 0.070, 5, "#b0668a", "#f3a07a"),
        (0.505, 0.070, 7, "#8a4e80", "#d88282"),
        (0.560, 0.060, 6, "#623c72", "#b06a84"),
        (0.625, 0.055, 5, "#40295c", "#7f4f78"),
        (0.705, 0.050, 4, "#261a42", "#553a66"),
        (0.800, 0.045, 3, "#120d24", "#2d2142"),
    ]
    for i, (base, amp, pts, col, mist) in enumerate(layers):
        line = ridge_line(rng, w, pts, octaves=6, gain=0.48)
        line = (line - line.min()) / (line.max() - line.min())
        ridge = (base - amp * line) * h
        mask = smoothstep(-1.2, 1.2, yy * h - ridge[None, :])
        soft = box_blur_1d(box_blur_1d(ridge[None, :], 120, 1), 120, 1)[0]
        depth = np.clip((yy * h - soft[None, :]) / (0.10 * h), 0, 1)
        body = np.full((*depth.shape, 3), hexc(col), np.float32)
        haze = smoothstep(0.3, 1.0, depth)[..., None]
        body = body * (1 - 0.55 * haze) + np.asarray(hexc(mist), np.float32) * 0.55 * haze
        tex = fbm(rng, w, h, cells=8 + 4 * i, octaves=5, gain=0.6, aspect=1.6)
        body = body * (1 + (0.16 - 0.02 * i) * tex[..., None])
        if i <= 2:  # rim light on the far ridges, on the side facing the sun
            rim = np.exp(-np.clip(yy * h - ridge[None, :], 0, None) / 3.0) * mask
            rim *= np.exp(-(((np.arange(w) - sun_x) / 500) ** 2))[None, :]
            body = screen(body, rim[..., None] * np.asarray(hexc("#ffb070"), np.float32) * 0.8)
        img = over(img, body, mask)
    near_ridge = ridge  # the last, nearest layer

    trng = np.random.default_rng(seed + 1)
    trees = []
    for x in np.sort(trng.uniform(0, w, 26)):
        xi = int(np.clip(x, 0, w - 1))
        trees.append((float(x), float(near_ridge[xi]) + 12, float(trng.uniform(70, 170))))
    img = over(img, hexc("#100b1e"), trees_mask(w, h, trees))
    im = finish(vignette(img, 0.3, bottom=0.35), seed)
    draw = ImageDraw.Draw(im)
    # a few distant birds
    for bx, by, s in [(0.30, 0.30, 16), (0.35, 0.285, 12), (0.27, 0.315, 10), (0.40, 0.305, 9)]:
        cx, cy = bx * w, by * h
        draw.line([(cx - s, cy - s * 0.35), (cx, cy), (cx + s, cy - s * 0.35)], (40, 25, 55), 3)
    return im


def add_bokeh(
    light: np.ndarray, cx: float, cy: float, r: float, color: Color, gain: float, soft: float
) -> None:
    """Add one out-of-focus light (a soft disc with a brighter rim) into ``light`` in place."""
    h, w = light.shape[:2]
    x0, x1 = int(max(0, cx - r - soft - 2)), int(min(w, cx + r + soft + 3))
    y0, y1 = int(max(0, cy - r - soft - 2)), int(min(h, cy + r + soft + 3))
    if x0 >= x1 or y0 >= y1:
        return
    yy, xx = np.mgrid[y0:y1, x0:x1].astype(np.float32)
    d = np.sqrt((xx - cx) ** 2 + (yy - cy) ** 2)
    disc = smoothstep(r + soft, r - soft, d)
    rim = np.exp(-(((r - d) / (0.12 * r + soft)) ** 2)) * 0.45
    body = disc * (0.72 + 0.28 * (d / r) ** 2 + rim)
    light[y0:y1, x0:x1] += body[..., None] * np.asarray(color, np.float32) * gain


def still_bokeh(seed: int = 23) -> Image.Image:
    """Night-time city lights out of focus: warm and cool bokeh discs over a deep blue dusk."""
    w, h = PORTRAIT
    rng = np.random.default_rng(seed)
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None] * np.ones((1, w), np.float32)
    img = gradient(
        yy,
        [(0.0, "#0a0d2c"), (0.35, "#1b1547"), (0.6, "#24123a"), (0.8, "#0e0a1c"), (1, "#06050c")],
    )
    # faint glow of a distant street behind the lights
    glow = np.exp(-(((yy - 0.45) / 0.18) ** 2)) * (0.6 + 0.4 * fbm(rng, w, h, 3, 3))
    img = screen(img, glow[..., None] * np.asarray(hexc("#6a2a5a"), np.float32) * 0.5)

    palette = [hexc(c) for c in ("#ffa72e", "#ff7a38", "#ff4f7e", "#ffc75a", "#2fd0c0", "#6a7dff")]
    weights = np.array([0.26, 0.2, 0.16, 0.18, 0.11, 0.09])
    light = np.zeros((h, w, 3), np.float32)
    layers = [  # count, radius range, gain range, softness
        (14, (100, 170), (0.08, 0.20), 12.0),
        (38, (45, 95), (0.12, 0.42), 5.0),
        (70, (16, 40), (0.20, 0.75), 2.5),
        (90, (3, 8), (0.35, 0.9), 1.6),
    ]
    for count, (rmin, rmax), (gmin, gmax), soft in layers:
        for _ in range(count):
            # most lights in a loose diagonal band across the upper two-thirds
            t = rng.random()
            cx = rng.uniform(-0.1, 1.1) * w
            band = 0.2 + 0.35 * (cx / w) + rng.normal(0, 0.13)
            cy = np.clip(band, -0.05, 0.85) * h
            if t < 0.12:
                cy = rng.uniform(0.0, 0.7) * h
            r = rng.uniform(rmin, rmax)
            fade = 1 - 0.8 * smoothstep(0.55, 0.85, np.array(cy / h))
            col = palette[rng.choice(len(palette), p=weights)]
            gain = rng.uniform(gmin, gmax) * float(fade)
            add_bokeh(light, cx, cy, r, col, gain, soft)
    light = light + blur(light, 60) * 0.9  # bloom
    light = 255 * (1 - np.exp(-light / 255 * 1.15))
    img = screen(img, light)
    img = vignette(img, 0.45, bottom=0.4)
    return finish(img, seed, grain=1.6)


def still_waves(seed: int = 37) -> Image.Image:
    """Abstract layered waves, like stacked paper cut-outs, from warm light down to deep navy."""
    w, h = PORTRAIT
    rng = np.random.default_rng(seed)
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None] * np.ones((1, w), np.float32)
    xs = np.linspace(0, 1, w)
    img = gradient(yy, [(0.0, "#ffd6a5"), (0.25, "#ffb4a2"), (0.5, "#f08a9a")])
    glow = np.exp(-((radial(w, h, w * 0.3, h * 0.12) / 600) ** 2))
    img = screen(img, glow[..., None] * np.asarray(hexc("#fff1d0"), np.float32) * 0.7)
    cols = [
        ("#ff9f8f", "#ffc3a0"),
        ("#f4727f", "#ff9e8c"),
        ("#d9577f", "#f47c8a"),
        ("#ac4683", "#d35a86"),
        ("#7d3a86", "#a44a8a"),
        ("#55317c", "#7a3d86"),
        ("#35286a", "#4f3079"),
        ("#211d52", "#31286a"),
        ("#14123a", "#1e1a4c"),
        ("#0b0a24", "#121034"),
    ]
    n = len(cols)
    for k, (c_lo, c_hi) in enumerate(cols):
        base = 0.16 + 0.70 * k / (n - 1)
        amp = 0.035 + 0.03 * np.sin(np.pi * k / (n - 1))
        curve = np.zeros(w)
        for f, a in ((1.0, 1.0), (2.1, 0.45), (3.7, 0.2)):
            curve += a * np.sin(2 * np.pi * (f * xs + rng.random()) + 0.6 * k)
        curve = (base + amp * curve / 1.65 + 0.05 * (xs - 0.5) * (-1) ** k) * h
        dist = yy * h - curve[None, :]
        mask = smoothstep(-1.0, 1.0, dist)
        # soft drop shadow cast upwards onto the layer behind
        shadow = smoothstep(-60.0, 10.0, dist) * (1 - mask)
        img = img * (1 - 0.28 * shadow[..., None] ** 2)
        t = np.clip(dist / (0.16 * h), 0, 1)
        across = 0.5 + 0.5 * np.sin(2 * np.pi * (xs[None, :] * 0.8 + 0.15 * k))
        body = gradient(t * (0.7 + 0.3 * across), [(0, c_hi), (1, c_lo)])
        # fine flow lines following the wave edge
        lines = 0.5 + 0.5 * np.cos(dist / 9.0)
        lines = smoothstep(0.92, 1.0, lines) * np.exp(-dist.clip(0) / (0.05 * h))
        body = body * (1 + 0.06 * lines[..., None])
        edge = np.exp(-(dist.clip(0) / 2.5)) * mask
        body = screen(body, edge[..., None] * np.asarray(hexc("#ffe0c8"), np.float32) * 0.35)
        img = over(img, body, mask)
    # floating light specks over the top half
    light = np.zeros((h, w, 3), np.float32)
    for _ in range(60):
        cx, cy = rng.uniform(0, w), rng.uniform(0, 0.6) * h
        add_bokeh(light, cx, cy, rng.uniform(2, 6), hexc("#fff4e0"), rng.uniform(0.2, 0.6), 1.2)
    img = screen(img, light + blur(light, 12) * 1.5)
    img = vignette(img, 0.25, bottom=0.2)
    return finish(img, seed)


def _skyline(
    rng: np.random.Generator,
    size: tuple[int, int],
    ground: int,
    hmin: float,
    hmax: float,
    wmin: int,
    wmax: int,
    lit: float,
    window_cols: Sequence[str],
    towers: Sequence[tuple[float, float]] = (),
) -> tuple[Image.Image, Image.Image]:
    """One row of buildings: (mask, windows) images; windows is RGB light on black."""
    w, h = size
    mask = Image.new("L", size, 0)
    win = Image.new("RGB", size, (0, 0, 0))
    dm, dw = ImageDraw.Draw(mask), ImageDraw.Draw(win)
    blocks: list[tuple[int, int, float]] = []
    x = int(-rng.integers(0, wmax))
    while x < w:
        bw = int(rng.integers(wmin, wmax))
        blocks.append((x, bw, float(rng.uniform(hmin, hmax))))
        x += bw + int(rng.integers(-8, 6))
    for fx, fh in towers:  # a few landmark towers at chosen spots
        blocks.append((int(fx * w), int(rng.integers(wmin, wmax)), fh))
    for x, bw, fh in blocks:
        top = int(ground - fh * h)
        style = rng.random()
        dm.rectangle([x, top, x + bw, ground], fill=255)
        if style < 0.25:  # stepped top
            dm.rectangle([x + bw // 5, top - bw // 4, x + bw - bw // 5, top], fill=255)
        elif style < 0.40:  # spire / antenna
            cx = x + bw // 2
            dm.rectangle([cx - bw // 6, top - bw // 5, cx + bw // 6, top], fill=255)
            dm.rectangle([cx - 1, top - bw // 5 - int(0.04 * h), cx + 1, top], fill=255)
        elif style < 0.50:  # slanted roof
            dm.polygon([(x, top), (x + bw, top - bw // 3), (x + bw, top)], fill=255)
        # windows
        cw, ch, gx, gy = 5, 7, 9, 13
        cols = max(1, (bw - 8) // gx)
        rows = max(1, (ground - top - 10) // gy)
        x0 = x + (bw - cols * gx) // 2 + 2
        bright = rng.uniform(0.5, 1.0)
        floor_on = rng.random(rows) < 0.75
        for r in range(rows):
            for c in range(cols):
                if floor_on[r] and rng.random() < lit:
                    col = hexc(window_cols[int(rng.integers(len(window_cols)))])
                    k = bright * rng.uniform(0.55, 1.0)
                    fill = tuple(int(v * k) for v in col)
                    wx, wy = x0 + c * gx, top + 8 + r * gy
                    dw.rectangle([wx, wy, wx + cw - 1, wy + ch - 1], fill=fill)
    return mask, win


def still_city(seed: int = 41) -> Image.Image:
    """A city skyline at dusk over still water (landscape, 1920x1080)."""
    w, h = LANDSCAPE
    rng = np.random.default_rng(seed)
    horizon = int(h * 0.66)
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None] * np.ones((1, w), np.float32)
    sky = gradient(
        yy / 0.66,
        [
            (0.0, "#101c48"),
            (0.35, "#2c3f86"),
            (0.62, "#7a5c9e"),
            (0.82, "#e08a8a"),
            (0.94, "#ffb37a"),
            (1.0, "#ffd29a"),
        ],
    )
    d = radial(w, h, w * 0.52, horizon)
    sky = screen(sky, np.exp(-((d / 700) ** 2))[..., None] * np.asarray(hexc("#ff9a6a")) * 0.5)
    streak = fbm(rng, w, h, cells=2.5, octaves=5, aspect=6.0)
    clouds = smoothstep(0.05, 0.35, streak) * smoothstep(0.18, 0.4, yy) * smoothstep(0.6, 0.45, yy)
    sky = over(sky, gradient(yy, [(0.2, "#6a5a9a"), (0.55, "#f0a0a0")]), clouds * 0.6)
    # a few early stars and a crescent moon
    stars = np.zeros((h, w), np.float32)
    sx, sy = rng.integers(0, w, 140), rng.integers(0, int(h * 0.35), 140)
    stars[sy, sx] = rng.uniform(0.3, 1.0, 140) * (1 - sy / (h * 0.35))
    stars = blur(stars[..., None], 1.0)[..., 0] * 3
    sky = screen(sky, stars[..., None] * np.float32(255))
    moon = smoothstep(34, 31, radial(w, h, w * 0.80, h * 0.16))
    moon = moon * smoothstep(29, 33, radial(w, h, w * 0.80 + 13, h * 0.16 - 8))
    sky = screen(sky, moon[..., None] * np.asarray(hexc("#fff2d8"), np.float32))
    sky = screen(sky, blur(moon[..., None], 30) * np.asarray(hexc("#c8b8ff"), np.float32) * 0.6)

    img = sky
    rows = [  # heights are fractions of the frame height
        dict(hmin=0.10, hmax=0.26, wmin=60, wmax=130, lit=0.10, col="#6a5a8e", haze=0.0),
        dict(hmin=0.06, hmax=0.20, wmin=50, wmax=120, lit=0.22, col="#3a3262", haze=0.0),
        dict(hmin=0.03, hmax=0.13, wmin=70, wmax=160, lit=0.35, col="#1a1634", haze=0.0),
    ]
    towers = [[(0.47, 0.42), (0.66, 0.33)], [(0.30, 0.30), (0.55, 0.24)], []]
    for i, row in enumerate(rows):
        mask, win = _skyline(
            rng,
            (w, h),
            horizon + 2,
            row["hmin"],
            row["hmax"],
            row["wmin"],
            row["wmax"],
            row["lit"],
            ["#ffd27a", "#ffe7b0", "#ffb45a", "#bfe3ff"],
            towers[i],
        )
        m = np.asarray(mask, np.float32) / 255
        body = gradient(yy, [(0.3, row["col"]), (0.66, row["col"])])
        body = body * (0.85 + 0.15 * smoothstep(0.66, 0.3, yy))[..., None]
        img = over(img, body, m)
        lights = np.asarray(win, np.float32) * (0.55 + 0.45 * i / 2)
        img = screen(img, lights + blur(lights, 6) * 0.8)
    # a soft haze band at the waterline
    img = screen(img, np.exp(-(((yy - 0.66) / 0.03) ** 2))[..., None] * np.float32([90, 60, 80]))

    # reflection: mirrored, rippled, blurred and darkened
    below = h - horizon
    src = img[horizon - below : horizon][::-1].copy()
    ys = np.arange(below, dtype=np.float32)
    shift = (np.sin(ys * 0.9) * 3 + np.sin(ys * 0.31 + 1) * 4) * (0.4 + ys / below * 2.0)
    for r in range(below):
        src[r] = np.roll(src[r], int(shift[r]), axis=0)
    src = blur(src, 2.5)
    src = (src + box_blur_1d(src, 10, 1)) / 2
    fade = (0.55 - 0.35 * (ys / below))[:, None, None]
    water = src * fade + np.float32([6, 6, 18]) * (1 - fade)
    ripples = fbm(rng, w, below, cells=3, octaves=4, aspect=10.0)
    water = water * (1 + 0.12 * ripples[..., None])
    img[horizon:] = water
    img = vignette(img, 0.35, bottom=0.25)
    return finish(img, seed)


def still_lowpoly(seed: int = 53) -> Image.Image:
    """Faceted low-poly terrain in teal and blue, lit from the upper left."""
    w, h = PORTRAIT
    rng = np.random.default_rng(seed)
    ss = 2  # supersample for clean edges
    cols, rows = 13, 23
    cw, ch = w / cols, h / rows
    gx, gy = np.meshgrid(np.arange(cols + 1) * cw, np.arange(rows + 1) * ch)
    inner = (slice(1, -1), slice(1, -1))
    gx[inner] += rng.uniform(-0.38, 0.38, gx[inner].shape) * cw
    gy[inner] += rng.uniform(-0.38, 0.38, gy[inner].shape) * ch
    height = fbm(rng, cols + 1, rows + 1, cells=2.5, octaves=3) * 260
    height += rng.normal(0, 40, height.shape)
    light = np.array([-0.55, -0.65, 0.52])
    light /= np.linalg.norm(light)
    stops = [
        (0.00, "#5fe0c8"),
        (0.22, "#23a8c0"),
        (0.45, "#2a6fc4"),
        (0.62, "#303c8a"),
        (0.76, "#1a1f4e"),
        (1.00, "#080a22"),
    ]
    im = Image.new("RGB", (w * ss, h * ss))
    draw = ImageDraw.Draw(im)
    for r in range(rows):
        for c in range(cols):
            p = [(r, c), (r, c + 1), (r + 1, c + 1), (r + 1, c)]
            tris = [(p[0], p[1], p[2]), (p[0], p[2], p[3])]
            if rng.random() < 0.5:
                tris = [(p[0], p[1], p[3]), (p[1], p[2], p[3])]
            for tri in tris:
                pts = np.array([[gx[v], gy[v], height[v]] for v in tri])
                n = np.cross(pts[1] - pts[0], pts[2] - pts[0])
                n /= np.linalg.norm(n) + 1e-9
                if n[2] < 0:
                    n = -n
                cx, cy = pts[:, 0].mean() / w, pts[:, 1].mean() / h
                calm = 1 - 0.5 * float(smoothstep(0.6, 1.0, np.array(cy)))  # quieter at the bottom
                shade = 1 + (0.42 * float(np.dot(n, light)) - 0.28) * calm
                t = np.clip(cy * 0.9 + (1 - cx) * 0.12 - 0.06 + rng.normal(0, 0.02), 0, 1)
                col = gradient(np.array([t]), stops)[0] * shade
                fill = tuple(int(np.clip(v, 0, 255)) for v in col)
                poly = [(float(x) * ss, float(y) * ss) for x, y in pts[:, :2]]
                draw.polygon(poly, fill=fill, outline=fill)
    im = im.resize((w, h), Image.Resampling.LANCZOS)
    img = np.asarray(im, np.float32)
    glow = np.exp(-((radial(w, h, w * 0.78, h * 0.14) / 420) ** 2))
    img = screen(img, glow[..., None] * np.asarray(hexc("#c8fff0"), np.float32) * 0.45)
    img = vignette(img, 0.3, bottom=0.4)
    return finish(img, seed, grain=1.0)


def still_aurora(seed: int = 67) -> Image.Image:
    """A starry sky with green-violet aurora curtains over a dark forested ridge."""
    w, h = PORTRAIT
    rng = np.random.default_rng(seed)
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None] * np.ones((1, w), np.float32)
    xs = np.arange(w, dtype=np.float32)
    img = gradient(yy, [(0.0, "#03050f"), (0.35, "#071633"), (0.62, "#0c2a3e"), (0.75, "#123845")])
    # milky-way haze along a diagonal
    diag = (xs[None, :] / w) * 0.55 + 0.05 - yy
    mw = np.exp(-((diag / 0.11) ** 2)) * (0.55 + 0.45 * fbm(rng, w, h, 5, 5))
    img = screen(img, mw[..., None] * np.asarray(hexc("#3c4470"), np.float32) * 1.0)
    # stars: many faint, few bright (more of them inside the milky way)
    n = 2600
    sx = rng.uniform(0, w, n)
    sy = rng.uniform(0, 0.78, n) * h
    keep = rng.random(n) < 0.35 + 0.65 * np.exp(-((((sx / w) * 0.55 + 0.05 - sy / h) / 0.12) ** 2))
    sx, sy = sx[keep], sy[keep]
    mag = rng.pareto(2.2, sx.size) * 0.25 + 0.08
    stars = np.zeros((h, w), np.float32)
    np.add.at(stars, (sy.astype(int), sx.astype(int)), np.clip(mag, 0, 3))
    star_light = blur(stars[..., None], 0.9)[..., 0] * 2.2 + blur(stars[..., None], 5)[..., 0] * 3
    tint = gradient(rng.random((h, w)).astype(np.float32), [(0, "#cfe0ff"), (1, "#fff0d8")])
    img = screen(img, np.clip(star_light, 0, 1)[..., None] * tint)

    # aurora: ribbons whose bright lower edge snakes across the sky, rays rising from it
    aurora = np.zeros((h, w, 3), np.float32)
    for base, tilt, wave, hgt, gain in [
        (0.42, -0.20, 0.07, 0.22, 1.0),
        (0.25, 0.08, 0.04, 0.13, 0.6),
    ]:
        curve = base + tilt * (xs / w - 0.5) + wave * smooth_line(rng, w, 3)
        curve = curve + 0.01 * smooth_line(rng, w, 16)
        above = (curve[None, :] - yy) / hgt  # 0 at the lower edge, 1 near the top
        edge = np.exp(-np.clip(-above, 0, None) / 0.07)  # a soft glow below the edge
        curtain = edge * (
            np.exp(-np.clip(above, 0, None) * 2.4) + 0.6 * np.exp(-np.abs(above) / 0.03)
        )
        rays = 0.6 + 0.4 * smooth_line(rng, w, 70) + 0.2 * smooth_line(rng, w, 220)
        envelope = 0.15 + 0.85 * smoothstep(-0.6, 0.6, smooth_line(rng, w, 3))
        curtain *= np.clip(rays * envelope, 0, 1.4)[None, :]
        color = gradient(
            np.clip(above, 0, 1.5),
            [
                (0.0, "#a0ffd0"),
                (0.08, "#34f0a0"),
                (0.4, "#1bc0a4"),
                (0.8, "#5a58c8"),
                (1.4, "#b050d8"),
            ],
        )
        aurora += curtain[..., None] * color * gain
    aurora = blur(aurora, 3) * 0.8 + blur(aurora, 60) * 0.9
    img = screen(img, np.clip(aurora, 0, 255))

    # forested ridge and a dark lake shore
    ridge = (0.74 + 0.035 * smooth_line(rng, w, 5) + 0.01 * smooth_line(rng, w, 30)) * h
    ground = smoothstep(-1.0, 1.0, yy * h - ridge[None, :])
    glow_line = np.exp(-np.abs(yy * h - ridge[None, :] + 20) / 60) * (1 - ground)
    img = screen(img, glow_line[..., None] * np.asarray(hexc("#1c5a55"), np.float32) * 0.5)
    land = gradient(yy, [(0.7, "#07121a"), (1.0, "#020508")])
    img = over(img, land, ground)
    img = vignette(img, 0.35, bottom=0.2)
    trees = []
    for x in np.sort(rng.uniform(-20, w + 20, 70)):
        xi = int(np.clip(x, 0, w - 1))
        trees.append((float(x), float(ridge[xi]) + 30, float(rng.uniform(60, 190))))
    img = over(img, hexc("#040a0e"), trees_mask(w, h, trees))
    return finish(img, seed, grain=1.4)


STILLS: list[tuple[str, Callable[[], Image.Image]]] = [
    ("01_mountain_sunset.jpg", still_mountains),
    ("02_night_bokeh.jpg", still_bokeh),
    ("03_flowing_waves.jpg", still_waves),
    ("04_city_dusk_landscape.jpg", still_city),
    ("05_lowpoly_teal.jpg", still_lowpoly),
    ("06_aurora_night.jpg", still_aurora),
]


def make_stills(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, fn in STILLS:
        path = out / name
        fn().save(path, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        written.append(path)
    return written


# =========================================================================== clip
CLIP_SIZE = (1920, 1080)
CLIP_FPS = 30
CLIP_SECONDS = 4


def _segment_distance(px, py, ax, ay, bx, by):
    vx, vy = bx - ax, by - ay
    t = np.clip(((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy + 1e-9), 0, 1)
    return np.hypot(px - (ax + t * vx), py - (ay + t * vy))


def _draw_bird(frame: np.ndarray, cx: float, cy: float, span: float, flap: float, color) -> None:
    """An anti-aliased gull 'V' whose wing tips move with ``flap`` in [-1, 1]."""
    pad = int(span + 4)
    x0, y0 = int(cx) - pad, int(cy) - pad
    h, w = frame.shape[:2]
    if x0 < 0 or y0 < 0 or x0 + 2 * pad >= w or y0 + 2 * pad >= h:
        return
    yy, xx = np.mgrid[y0 : y0 + 2 * pad, x0 : x0 + 2 * pad].astype(np.float32)
    tip_y = cy - span * 0.45 * flap
    mid_y = cy - span * 0.15 * flap
    d = np.minimum.reduce(
        [
            _segment_distance(xx, yy, cx - span, tip_y, cx - span * 0.45, mid_y),
            _segment_distance(xx, yy, cx - span * 0.45, mid_y, cx, cy),
            _segment_distance(xx, yy, cx, cy, cx + span * 0.45, mid_y),
            _segment_distance(xx, yy, cx + span * 0.45, mid_y, cx + span, tip_y),
        ]
    )
    a = smoothstep(1.6, 0.6, d)[..., None]
    patch = frame[y0 : y0 + 2 * pad, x0 : x0 + 2 * pad]
    patch[:] = patch * (1 - a) + np.asarray(color, np.float32) * a


def clip_layers(seed: int = 101):
    """Pre-render the clip's sky and the wide parallax layers (colour, alpha, speed in px/s)."""
    w, h = CLIP_SIZE
    rng = np.random.default_rng(seed)
    yy = np.linspace(0, 1, h, dtype=np.float32)[:, None] * np.ones((1, w), np.float32)
    sky = gradient(
        yy,
        [(0.0, "#4f74b0"), (0.25, "#8fa6d2"), (0.45, "#e6c9b8"), (0.56, "#ffd9a8"), (1, "#ffe4b8")],
    )
    sun_x, sun_y = w * 0.62, h * 0.47
    d = radial(w, h, sun_x, sun_y)
    sky = screen(sky, np.exp(-((d / 420) ** 2))[..., None] * np.asarray(hexc("#ffb870")) * 0.7)
    sky = screen(sky, np.exp(-((d / 110) ** 2))[..., None] * np.asarray(hexc("#fff0c8")) * 0.9)
    sky = over(sky, hexc("#fffbee"), smoothstep(46, 42, d))
    streak = fbm(rng, w, h, cells=2.0, octaves=5, aspect=7.0)
    band = smoothstep(0.02, 0.12, yy) * smoothstep(0.42, 0.3, yy)
    sky = over(
        sky,
        gradient(yy, [(0.0, "#c8d0ec"), (0.4, "#ffd2b0")]),
        smoothstep(0.05, 0.4, streak) * band * 0.7,
    )

    layers = []
    specs = [  # base, amplitude, ridge points, colour, haze colour, speed px/s
        (0.53, 0.07, 6, "#9aa6cc", "#f2d2be", 6),
        (0.59, 0.07, 5, "#7a8cba", "#d8c2c4", 14),
        (0.66, 0.06, 5, "#5b729f", "#a9a8bc", 28),
        (0.74, 0.06, 4, "#3f5880", "#7d8aa6", 48),
        (0.84, 0.05, 3, "#253d5c", "#4f6480", 80),
        (0.95, 0.06, 3, "#112238", "#1c3048", 130),
    ]
    total = CLIP_SECONDS + 1
    for i, (base, amp, pts, col, haze, speed) in enumerate(specs):
        lw = w + int(speed * total) + 4
        line = ridge_line(rng, lw, max(2, int(pts * lw / w)), octaves=6, gain=0.5)
        line = (line - line.min()) / (line.max() - line.min())
        ridge = (base - amp * line) * h
        y0 = max(0, int(ridge.min()) - (170 if i == 5 else 4))  # room for the trees
        ys = np.arange(y0, h, dtype=np.float32)[:, None]
        alpha = smoothstep(-1.0, 1.0, ys - ridge[None, :])
        soft = box_blur_1d(box_blur_1d(ridge[None, :], 100, 1), 100, 1)[0]
        depth = np.clip((ys - soft[None, :]) / (0.11 * h), 0, 1)
        body = np.full((*depth.shape, 3), hexc(col), np.float32)
        hz = smoothstep(0.25, 1.0, depth)[..., None] * 0.6
        body = body * (1 - hz) + np.asarray(hexc(haze), np.float32) * hz
        tex = fbm(rng, lw, h - y0, cells=8 * lw / w + 3 * i, octaves=4, gain=0.6, aspect=1.5)
        body = body * (1 + 0.10 * tex[..., None])
        if i < 3:  # warm rim light on the far ridges
            rim = np.exp(-np.clip(ys - ridge[None, :], 0, None) / 3.0) * alpha
            body = screen(body, rim[..., None] * np.asarray(hexc("#ffc890"), np.float32) * 0.6)
        if i == 5:  # trees on the nearest ridge
            trees = []
            for x in np.sort(rng.uniform(0, lw, int(16 * lw / w))):
                xi = int(np.clip(x, 0, lw - 1))
                trees.append((float(x), float(ridge[xi] - y0) + 14, float(rng.uniform(60, 150))))
            tm = trees_mask(lw, h - y0, trees)
            body = over(body, hexc("#0c1a2c"), tm)
            alpha = np.maximum(alpha, tm)
        layers.append((y0, (body * alpha[..., None]).astype(np.float32), alpha, float(speed)))
        if i in (2, 3):  # a drifting band of valley mist in front of this ridge
            mh = int(0.16 * h)
            my0 = int((base + 0.015) * h) - mh // 2
            mspeed = float(speed) * 0.6 + 18
            mlw = w + int(mspeed * total) + 4
            m = fbm(rng, mlw, mh, cells=3, octaves=4, aspect=4.0)
            prof = np.sin(np.linspace(0, np.pi, mh))[:, None] ** 2
            ma = np.clip(smoothstep(-0.25, 0.35, m) * prof * 0.45, 0, 1)
            mcol = np.asarray(hexc("#fff0e0"), np.float32)
            layers.append((my0, mcol * ma[..., None], ma, mspeed))
    return sky, layers


def clip_frames(seed: int = 101):
    """Yield the clip's frames (uint8 RGB), a slow parallax pan over misty morning hills."""
    w, h = CLIP_SIZE
    sky, layers = clip_layers(seed)
    dither = np.random.default_rng(seed + 7).random((h, w, 1), np.float32) - 0.5
    n = CLIP_FPS * CLIP_SECONDS
    birds = [(0.18, 0.30, 11.0, 0.0), (0.23, 0.27, 9.0, 1.3), (0.13, 0.275, 8.0, 2.2)]
    for f in range(n):
        t = f / CLIP_FPS
        frame = sky.copy()
        for y0, premul, alpha, speed in layers:
            off = speed * t
            i0 = int(off)
            fr = off - i0
            a = alpha[:, i0 : i0 + w] * (1 - fr) + alpha[:, i0 + 1 : i0 + 1 + w] * fr
            c = premul[:, i0 : i0 + w] * (1 - fr) + premul[:, i0 + 1 : i0 + 1 + w] * fr
            y1 = y0 + a.shape[0]
            frame[y0:y1] = frame[y0:y1] * (1 - a[..., None]) + c
        for bx, by, span, phase in birds:
            cx = (bx + 0.055 * t) * w + 30 * np.sin(t * 0.7 + phase)
            cy = by * h + 8 * np.sin(t * 1.1 + phase)
            flap = np.sin(2 * np.pi * 2.6 * t + phase * 2)
            _draw_bird(frame, cx, cy, span, float(flap), (48, 52, 78))
        yield np.clip(frame + dither + 0.5, 0, 255).astype(np.uint8)


# =========================================================================== icon
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
# Geometry in a 512-unit design grid, shared by the SVG and the Pillow renders.
ICON = dict(
    radius=112,  # background corner radius
    top="#FF6A5C",
    bottom="#7B2FF7",
    frame=(148, 64, 364, 448),  # the 9:16 "phone" frame: x0, y0, x1, y1
    frame_radius=40,
    stroke=26,
    play=((226, 204), (226, 308), (316, 256)),
    play_round=12,
    small_play=((190, 136), (190, 376), (398, 256)),  # 16 px: just a bold play symbol
)

ICON_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <title>ShortVid</title>
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="{top}"/>
      <stop offset="1" stop-color="{bottom}"/>
    </linearGradient>
    <linearGradient id="shine" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#FFFFFF" stop-opacity="0.12"/>
      <stop offset="0.5" stop-color="#FFFFFF" stop-opacity="0"/>
    </linearGradient>
  </defs>
  <rect width="512" height="512" rx="{radius}" fill="url(#bg)"/>
  <rect width="512" height="512" rx="{radius}" fill="url(#shine)"/>
  <!-- the 9:16 frame -->
  <rect x="{fx}" y="{fy}" width="{fw}" height="{fh}" rx="{fr}"
        fill="none" stroke="#FFFFFF" stroke-width="{stroke}"/>
  <!-- the play symbol, with rounded corners -->
  <polygon points="{play}"
           fill="#FFFFFF" stroke="#FFFFFF" stroke-width="{pr2}" stroke-linejoin="round"/>
</svg>
"""


def icon_svg() -> str:
    x0, y0, x1, y1 = ICON["frame"]
    half = ICON["stroke"] / 2
    return ICON_SVG.format(
        top=ICON["top"],
        bottom=ICON["bottom"],
        radius=ICON["radius"],
        fx=x0 + half,
        fy=y0 + half,
        fw=x1 - x0 - 2 * half,
        fh=y1 - y0 - 2 * half,
        fr=ICON["frame_radius"] - half,
        stroke=ICON["stroke"],
        play=" ".join(f"{x},{y}" for x, y in _play_inset()),
        pr2=2 * ICON["play_round"],
    )


def _play_inset(key: str = "play") -> list[tuple[float, float]]:
    """The play triangle shrunk by its corner rounding, so stroking it back gives the size."""
    pts = np.array(ICON[key], float)
    centre = pts.mean(axis=0)
    r = ICON["play_round"]
    # distance from the centroid to each edge is the inradius for this triangle
    a, b, c = pts
    area = abs((b - a)[0] * (c - a)[1] - (b - a)[1] * (c - a)[0]) / 2
    per = np.linalg.norm(b - a) + np.linalg.norm(c - b) + np.linalg.norm(a - c)
    k = 1 - r / (2 * area / per)
    return [(round(float(x), 1), round(float(y), 1)) for x, y in centre + (pts - centre) * k]


def render_icon(size: int) -> Image.Image:
    """Draw the icon with Pillow at ``size`` px (supersampled, then downscaled)."""
    big = 2048
    u = big / 512  # pixels per design unit
    yy, xx = np.mgrid[0:big, 0:big].astype(np.float32) / big
    t = (xx + yy) / 2
    rgb = gradient(t, [(0, ICON["top"]), (1, ICON["bottom"])])
    rgb = screen(rgb, (np.clip(1 - yy / 0.5, 0, 1) * 0.12 * 255)[..., None] * np.ones(3))
    bg = Image.fromarray(np.clip(rgb + 0.5, 0, 255).astype(np.uint8)).convert("RGBA")
    mask = Image.new("L", (big, big), 0)
    ImageDraw.Draw(mask).rounded_rectangle([0, 0, big - 1, big - 1], ICON["radius"] * u, fill=255)
    bg.putalpha(mask)
    draw = ImageDraw.Draw(bg)
    small = size < 24  # at 16 px the frame would blur into the triangle: play symbol only
    if not small:
        stroke = max(ICON["stroke"], 1.5 * 512 / size) * u  # keep lines legible when tiny
        x0, y0, x1, y1 = (v * u for v in ICON["frame"])
        draw.rounded_rectangle(
            [x0, y0, x1, y1], ICON["frame_radius"] * u, outline=(255,) * 4, width=int(stroke)
        )
    pts = [(x * u, y * u) for x, y in _play_inset("small_play" if small else "play")]
    r = ICON["play_round"] * u
    draw.polygon(pts, fill=(255, 255, 255, 255))
    draw.line([*pts, pts[0]], fill=(255, 255, 255, 255), width=int(2 * r), joint="curve")
    for x, y in pts:
        draw.ellipse([x - r, y - r, x + r, y + r], fill=(255, 255, 255, 255))
    return bg.resize((size, size), Image.Resampling.LANCZOS)


def make_icons(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    svg = out / "shortvid.svg"
    svg.write_text(icon_svg(), encoding="utf-8")
    written = [svg]
    for size in ICON_SIZES:
        path = out / f"shortvid_{size}.png"
        render_icon(size).save(path, "PNG", optimize=True)
        written.append(path)
    return written


# =========================================================================== audio helpers
def midi_hz(note: float) -> float:
    return 440.0 * 2 ** ((note - 69) / 12)


def fft_filter(x: np.ndarray, response: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Filter (n,) or (n, ch) audio through a zero-phase gain curve. It is circular, which is
    exactly right for a loop: whatever rings past the end comes back in at the start."""
    spec = np.fft.rfft(x, axis=0)
    freqs = np.fft.rfftfreq(x.shape[0], 1 / SR)
    gain = response(freqs)
    if x.ndim == 2:
        gain = gain[:, None]
    return np.fft.irfft(spec * gain, n=x.shape[0], axis=0)


def lowpass(f0: float, order: float = 2.0) -> Callable[[np.ndarray], np.ndarray]:
    return lambda f: 1 / np.sqrt(1 + (f / f0) ** (2 * order))


def highpass(f0: float, order: float = 2.0) -> Callable[[np.ndarray], np.ndarray]:
    return lambda f: 1 / np.sqrt(1 + (f0 / np.maximum(f, 1e-3)) ** (2 * order))


def bandpass(lo: float, hi: float, order: float = 2.0) -> Callable[[np.ndarray], np.ndarray]:
    return lambda f: lowpass(hi, order)(f) * highpass(lo, order)(f)


def circular_reverb(x: np.ndarray, seconds: float, seed: int, damp: float = 5000.0) -> np.ndarray:
    """Stereo convolution reverb with a synthetic decaying-noise impulse response (circular)."""
    n = x.shape[0]
    rng = np.random.default_rng(seed)
    m = int(seconds * SR)
    t = np.arange(m) / SR
    ir = rng.standard_normal((m, 2)) * np.exp(-t * 6.9 / seconds)[:, None]
    ir[: int(0.012 * SR)] = 0  # pre-delay
    ir = fft_filter(ir, lowpass(damp, 1.0))
    ir /= np.sqrt((ir**2).sum(axis=0, keepdims=True))
    pad = np.zeros((n, 2))
    pad[:m] = ir
    spec = np.fft.rfft(x, axis=0) * np.fft.rfft(pad, axis=0)
    return np.fft.irfft(spec, n=n, axis=0)


def place(buf: np.ndarray, start: int, sig: np.ndarray) -> None:
    """Add ``sig`` into ``buf`` at ``start``, wrapping around the end (loops stay seamless)."""
    n = buf.shape[0]
    start %= n
    end = start + sig.shape[0]
    if end <= n:
        buf[start:end] += sig
    else:
        k = n - start
        buf[start:] += sig[:k]
        place(buf, 0, sig[k:])


def env_adsr(n: int, attack: float, release: float, hold: int) -> np.ndarray:
    """An envelope: linear-ish attack, sustain until ``hold`` samples, then a smooth release."""
    t = np.arange(n) / SR
    a = np.clip(t / max(attack, 1e-4), 0, 1)
    a = a * a * (3 - 2 * a)
    r = np.exp(-np.clip(np.arange(n) - hold, 0, None) / (release * SR / 4.6))
    return a * r


def pan(sig: np.ndarray, position: float) -> np.ndarray:
    """Equal-power pan of a mono signal; position in [-1, 1]."""
    angle = (position + 1) * np.pi / 4
    return np.stack([sig * np.cos(angle), sig * np.sin(angle)], axis=1)


def write_audio(path: Path, audio: np.ndarray, bitrate: str) -> None:
    """Encode float stereo audio at SR to AAC in an MP4/M4A container."""
    data = np.ascontiguousarray(audio, dtype="<f4").tobytes()
    cmd = [
        ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
        "-f", "f32le", "-ar", str(SR), "-ac", "2", "-i", "-",
        "-c:a", "aac", "-b:a", bitrate, "-ar", str(SR),
        "-movflags", "+faststart", "-map_metadata", "-1",
        "-fflags", "+bitexact", "-flags:a", "+bitexact",
        str(path),
    ]  # fmt: skip
    subprocess.run(cmd, input=data, check=True)


def clip_audio(seed: int = 103) -> np.ndarray:
    """The clip's quiet audio bed: soft wind in the hills and a warm, distant pad chord."""
    rng = np.random.default_rng(seed)
    n = CLIP_SECONDS * SR
    t = np.arange(n) / SR
    wind = fft_filter(rng.standard_normal((n, 2)), bandpass(180, 1400, 1.0))
    gust = 0.6 + 0.4 * smooth_line(rng, n, 6)
    wind = wind / np.abs(wind).max() * gust[:, None] * 0.5
    pad = np.zeros((n, 2))
    for j, note in enumerate([50, 57, 62, 66, 69, 76]):
        sig = tone_pad(midi_hz(note), n, 6.0, rng) * env_adsr(n, 1.4, 1.0, n)
        pad += pan(sig * 0.12, -0.6 + 1.2 * j / 5)
    pad = fft_filter(pad, lowpass(1400, 1.5))
    pad += circular_reverb(pad, 2.0, seed + 1, damp=3000.0) * 0.3
    mix = wind + pad
    fade = np.minimum(1, t / 0.4) * np.minimum(1, (t[-1] - t) / 0.8)
    mix *= fade[:, None]
    return mix / np.abs(mix).max() * 10 ** (-18 / 20)


def make_clip(path: Path) -> Path:
    """Render the frames and the audio bed and encode them to H.264/AAC MP4."""
    import tempfile

    w, h = CLIP_SIZE
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        audio = Path(tmp) / "bed.f32"
        audio.write_bytes(np.ascontiguousarray(clip_audio(), dtype="<f4").tobytes())
        cmd = [
            ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
            "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", f"{w}x{h}", "-r", str(CLIP_FPS),
            "-i", "-",
            "-f", "f32le", "-ar", str(SR), "-ac", "2", "-i", str(audio),
            "-map", "0:v", "-map", "1:a",
            "-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
            "-c:v", "libx264", "-preset", "slow", "-crf", "21", "-profile:v", "high",
            "-threads", "2", "-g", str(CLIP_FPS * 2),
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709",
            "-c:a", "aac", "-b:a", "64k", "-ar", str(SR),
            "-t", str(CLIP_SECONDS), "-movflags", "+faststart", "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            str(path),
        ]  # fmt: skip
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE)
        assert proc.stdin is not None
        try:
            for frame in clip_frames():
                proc.stdin.write(frame.tobytes())
        finally:
            proc.stdin.close()
        if proc.wait() != 0:
            raise RuntimeError(f"ffmpeg failed encoding {path}")
    return path


# =========================================================================== music
BPM = 90
BARS = 6
BEAT = 60 / BPM  # seconds
LOOP_SECONDS = BARS * 4 * BEAT  # 16.0
# (bass, voicing) per bar: Dm9 | G13 | Cmaj9 | Am9 | Fmaj9 | A7(b9) -> back to Dm9
PROGRESSION = [
    (38, [53, 57, 60, 64]),
    (43, [53, 57, 59, 64]),
    (36, [52, 55, 59, 62]),
    (45, [55, 59, 60, 64]),
    (41, [55, 57, 60, 64]),
    (45, [55, 58, 61, 64]),
]
# (bar, beat, midi note, length in beats)
MELODY = [
    (0, 0.0, 74, 0.5), (0, 0.5, 81, 1.0), (0, 1.5, 79, 0.5), (0, 2.0, 76, 2.0),
    (1, 0.5, 74, 0.5), (1, 1.0, 76, 1.5), (1, 2.5, 79, 1.5),
    (2, 0.0, 79, 2.0), (2, 2.0, 76, 1.0), (2, 3.0, 74, 1.0),
    (3, 0.5, 72, 2.0), (3, 2.5, 71, 0.5), (3, 3.0, 72, 1.0),
    (4, 0.0, 76, 2.0), (4, 2.0, 79, 1.0), (4, 3.0, 81, 1.0),
    (5, 0.5, 79, 1.5), (5, 2.0, 76, 1.0), (5, 3.0, 73, 1.0),
]  # fmt: skip


def _t(bar: int, beat: float) -> int:
    return int(round((bar * 4 + beat) * BEAT * SR))


def tone_pad(freq: float, n: int, detune_cents: float, rng: np.random.Generator) -> np.ndarray:
    """A soft, slightly detuned additive 'saw' with a rolled-off spectrum."""
    t = np.arange(n) / SR
    out = np.zeros(n)
    for cents in (-detune_cents, 0.0, detune_cents):
        f = freq * 2 ** (cents / 1200)
        ph = rng.random() * 2 * np.pi
        for k in range(1, 7):
            out += np.sin(2 * np.pi * f * k * t + ph * k) / k**1.8
    return out / 3


def tone_epiano(freq: float, n: int, velocity: float) -> np.ndarray:
    """A Rhodes-like FM tone: the modulation index (brightness) falls as the note decays."""
    t = np.arange(n) / SR
    index = (0.3 + 1.6 * velocity) * np.exp(-t / 0.35) + 0.15
    mod = np.sin(2 * np.pi * freq * t)
    car = np.sin(2 * np.pi * freq * t + index * mod)
    tine = np.sin(2 * np.pi * freq * 7.0 * t) * np.exp(-t / 0.03) * 0.08
    amp = np.exp(-t / 1.6) * np.minimum(1, t / 0.004)
    return (car + tine) * amp * velocity


def tone_bell(freq: float, n: int) -> np.ndarray:
    """A soft mallet/kalimba tone for the melody."""
    t = np.arange(n) / SR
    vib = 1 + 0.002 * np.sin(2 * np.pi * 5.0 * t) * np.minimum(1, t / 0.3)
    ph = 2 * np.pi * freq * np.cumsum(vib) / SR
    sig = np.sin(ph) + 0.18 * np.sin(2 * ph) * np.exp(-t / 0.15) + 0.05 * np.sin(3 * ph)
    return sig * np.exp(-t / 0.9) * np.minimum(1, t / 0.006)


def drum_kick(n: int) -> np.ndarray:
    t = np.arange(n) / SR
    f = 46 + 70 * np.exp(-t / 0.04)
    body = np.sin(2 * np.pi * np.cumsum(f) / SR) * np.exp(-t / 0.22)
    return np.tanh(body * 1.4) / np.tanh(1.4)


def drum_noise(rng: np.random.Generator, n: int, decay: float, band) -> np.ndarray:
    t = np.arange(n) / SR
    noise = fft_filter(rng.standard_normal(n), band)
    return noise / (np.abs(noise).max() + 1e-9) * np.exp(-t / decay)


def music_loop(seed: int = 7, stems: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """Render the seamless ambient lo-fi loop, (n, 2) float in [-1, 1]; ``stems`` (if given)
    receives the separate buses, for checking the balance."""
    rng = np.random.default_rng(seed)
    n = int(round(LOOP_SECONDS * SR))
    bar = _t(1, 0)
    pad = np.zeros((n, 2))
    keys = np.zeros((n, 2))
    bass = np.zeros(n)
    lead = np.zeros((n, 2))
    drums = np.zeros((n, 2))
    wet_send = np.zeros((n, 2))

    for b, (root, voicing) in enumerate(PROGRESSION):
        start = _t(b, 0)
        # pad: whole bar, slow swell, overlapping into the next chord
        length = bar + int(1.5 * SR)
        for j, note in enumerate(voicing):
            sig = tone_pad(midi_hz(note), length, 7.0, rng)
            sig *= env_adsr(length, 0.9, 1.4, bar - int(0.1 * SR)) * 0.08
            place(pad, start, pan(sig, -0.5 + j / (len(voicing) - 1)))
        # electric piano: a gently strummed chord on 1 and a softer one on the and of 2
        for beat, vel in ((0.0, 0.8), (1.5, 0.5), (3.5, 0.35)):
            if beat == 3.5 and b % 2 == 0:
                continue
            for j, note in enumerate(voicing):
                length = int(2.2 * SR)
                sig = tone_epiano(midi_hz(note), length, vel * rng.uniform(0.85, 1.0))
                sig *= env_adsr(length, 0.002, 0.3, int(BEAT * SR * (1.4 if beat == 0 else 1.0)))
                strum = int((0.012 * j + rng.uniform(0, 0.006)) * SR)
                place(keys, _t(b, beat) + strum, pan(sig * 0.18, -0.25 + 0.5 * j / 3))
        # bass: root, a pickup and the fifth
        for beat, note, beats in ((0.0, root, 1.75), (2.5, root, 0.5), (3.0, root + 7, 0.9)):
            length = int((beats * BEAT + 0.2) * SR)
            t = np.arange(length) / SR
            f = midi_hz(note)
            sig = np.sin(2 * np.pi * f * t) + 0.25 * np.sin(4 * np.pi * f * t)
            sig = np.tanh(1.5 * sig) * env_adsr(length, 0.008, 0.12, int(beats * BEAT * SR))
            place(bass, _t(b, beat), sig * 0.19)
        # drums: kick on 1 and the and of 3, snare (a noise burst) on 2 and 4, swung hats
        for beat in (0.0, 2.5) + ((1.75,) if b % 2 == 1 else ()):
            place(drums, _t(b, beat), pan(drum_kick(int(0.5 * SR)) * 0.30, 0.0))
        for beat in (1.0, 3.0):
            length = int(0.45 * SR)
            sn = drum_noise(rng, length, 0.09, bandpass(350, 4500, 1.5)) * 0.20
            tt = np.arange(length) / SR
            sn += np.sin(2 * np.pi * 185 * tt) * np.exp(-tt / 0.05) * 0.07
            sig = pan(sn, 0.08)
            place(drums, _t(b, beat), sig)
            place(wet_send, _t(b, beat), sig * 1.2)
        for k in range(8):
            beat = k * 0.5 + (0.08 if k % 2 else 0.0)  # swing
            vel = (0.09 if k % 2 == 0 else 0.055) * rng.uniform(0.8, 1.0)
            length = int(0.12 * SR)
            hat = drum_noise(rng, length, 0.018, highpass(7000, 2)) * vel
            place(drums, _t(b, beat), pan(hat, 0.35))
        if b % 3 == 2:  # a soft open hat to lead into the next phrase
            length = int(0.5 * SR)
            oh = drum_noise(rng, length, 0.12, highpass(6500, 2)) * 0.035
            place(drums, _t(b, 3.5), pan(oh, 0.35))

    for b, beat, note, beats in MELODY:
        length = int((beats * BEAT + 1.6) * SR)
        sig = tone_bell(midi_hz(note), length)
        sig *= env_adsr(length, 0.004, 0.8, int(beats * BEAT * SR)) * 0.10
        place(lead, _t(b, beat), pan(sig, -0.3))

    # gentle side-chain: the pad breathes with the kick
    kick_env = np.zeros(n)
    for b in range(BARS):
        for beat in (0.0, 2.5):
            tt = np.arange(int(0.5 * SR)) / SR
            place(kick_env, _t(b, beat), np.exp(-tt / 0.15))
    pad *= (1 - 0.35 * np.clip(kick_env, 0, 1))[:, None]
    pad = fft_filter(pad, lowpass(1800, 1.5))
    keys = fft_filter(keys, lowpass(4200, 1.0))
    bass_st = pan(fft_filter(bass, lowpass(420, 2.0)), 0.0)

    # vinyl: sparse crackles and a faint hiss
    crackle = np.zeros(n)
    pos = rng.integers(0, n, int(LOOP_SECONDS * 6))
    crackle[pos] = rng.standard_normal(pos.size) * rng.uniform(0.1, 1.0, pos.size)
    crackle = fft_filter(crackle, bandpass(1500, 9000, 1.0)) * 0.06
    hiss = fft_filter(rng.standard_normal(n), bandpass(2000, 9000, 1.0)) * 0.0015
    vinyl = np.stack([crackle + hiss, np.roll(crackle, 911) + np.roll(hiss, 5003)], axis=1)

    wet_send += keys * 0.55 + lead * 0.8 + pad * 0.3
    wet = circular_reverb(wet_send, 2.4, seed + 1, damp=4500.0)
    parts = dict(pad=pad, keys=keys, bass=bass_st, lead=lead, drums=drums, vinyl=vinyl)
    parts["reverb"] = wet * 0.35
    if stems is not None:
        stems.update(parts)
    mix = sum(parts.values())
    mix = fft_filter(mix, lambda f: lowpass(11000, 1.0)(f) * highpass(30, 2.0)(f))  # warm, no DC
    mix = np.tanh(mix * 1.2) / 1.2
    peak_target = 10 ** (-4.5 / 20)
    return mix / np.abs(mix).max() * peak_target


def make_music(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_audio(path, music_loop(), "96k")
    return path


# =========================================================================== template
def builtin_template() -> Template:
    """The built-in 9:16 template. Every value is spelled out, so the JSON records the choice
    even if a model default changes later."""
    return Template(
        name="Vertical Story",
        builtin=True,
        width=1080,
        height=1920,
        fps=30,
        fit="fill",
        still_duration_us=4_000_000,
        transition=Transition(kind="fade", duration_us=500_000),
        ken_burns=KenBurns(mode="zoom_in", amount=0.12, easing="ease_in_out"),
        ken_burns_variety=True,
        caption=CaptionStyle(
            font="Noto Sans CJK SC",
            size=72,
            bold=True,
            color="#FFFFFF",
            highlight_color="#FFD400",
            outline_color="#000000",
            outline=5.0,
            shadow=2.0,
            box=False,
            box_color="#000000A0",
            position="bottom",
            margin_v=420,
            max_chars_per_line=14,
            max_lines=2,
            karaoke=True,
        ),
        title_card=True,
        music_volume=0.30,
        ducking=0.7,
        music_fade_us=1_000_000,
        watermark_text="",
        watermark_image="",
        watermark_position="top_right",
        watermark_opacity=0.6,
        loudness_lufs=-14.0,
        quality="standard",
    )


def template_json() -> str:
    return json.dumps(to_dict(builtin_template()), ensure_ascii=False, indent=2) + "\n"


# =========================================================================== text
SCRIPT_EN = """\
# Five tiny habits for a calmer morning

Mornings set the tone for the whole day, so here are **five tiny habits** that make them calmer.

First, leave your phone in another room and let your eyes wake up to daylight instead of a screen.

Second, drink a full glass of water before your coffee, because your body has gone without it all night.

Third, make your bed; it takes one minute and gives you a *small win* right away.

Fourth, stretch slowly for three deep breaths and notice how your shoulders soften.

Fifth, write down the **one thing** that would make today feel good, and do it first.

Try just one of these tomorrow, and let the calm build from there.
"""  # noqa: E501 - one sentence per paragraph

SCRIPT_ZH = """\
# 如何用五分钟整理好一天

每天早上只要花五分钟，就能让一整天变得**井井有条**。

第一步，先把手机放到一边，深呼吸三次，让自己慢慢清醒过来。

第二步，拿出一张纸，写下今天最重要的三件事。

第三步，给每件事估一个时间，把它们安排在上午或者下午。

第四步，看看有没有可以推掉或交给别人的事情，给自己留一点空白。

第五步，把桌面收拾干净，只留下马上要用的东西。

晚上睡觉前再花一分钟回顾一下，**完成一件就打一个勾**，你会发现日子越来越轻松。
"""

SAMPLES_README = """\
# Sample content

Everything in this folder (and `resources/icons/`, `resources/templates/`) was **generated by
`build/make_samples.py`** from code and fixed random seeds: no downloaded images, footage,
music or art. The ShortVid Desktop project owns it and releases it under
**CC0 1.0 Universal** (public-domain dedication; see `resources/LICENSES.md`).

Regenerate (deterministic, the same bytes each run on the same machine and ffmpeg build):

    python build/make_samples.py            # everything
    python build/make_samples.py stills     # or: clip music icons template text probes

These defaults let the app make a real video with no network and no API key. `probes.json`
holds what probing finds in each sample (by content hash): the importer takes it instead of
probing a bundled sample again (re-run `probes` after changing a sample).

## stills/ (JPEG, quality 85)

- `01_mountain_sunset.jpg` (1080x1920): violet-to-amber sunset sky, streaky clouds, a low
  sun, six hazy mountain ridges, pines and a few birds.
- `02_night_bokeh.jpg` (1080x1920): out-of-focus warm and teal city lights in a diagonal band
  over a deep blue night.
- `03_flowing_waves.jpg` (1080x1920): abstract layered paper-cut waves from peach through
  magenta to deep navy, with floating specks of light.
- `04_city_dusk_landscape.jpg` (**1920x1080**, landscape, to exercise the fit modes): a city
  skyline at dusk with lit windows, a crescent moon and a rippled reflection in the water.
- `05_lowpoly_teal.jpg` (1080x1920): faceted low-poly terrain in teal and blue, lit from the
  upper left.
- `06_aurora_night.jpg` (1080x1920): green-violet aurora ribbons, the Milky Way and stars
  over a forested ridge.

The bottom third of each portrait still is darker and calmer so captions stay readable.

## clips/sample_clip.mp4

1920x1080, 4 s, 30 fps, H.264 (High, yuv420p, BT.709) with a quiet AAC stereo audio bed: a slow
parallax pan over misty morning hills at sunrise, drifting valley mist and three gulls, with
soft wind and a distant pad chord.

## music/loop.m4a

A 16.0 s seamless ambient lo-fi loop (90 BPM, 6 bars: Dm9 - G13 - Cmaj9 - Am9 - Fmaj9 - A7b9),
stereo 48 kHz AAC ~96 kbps, peak about -4.5 dBFS: soft pads, a Rhodes-like electric piano, a
round bass, a sparse mallet melody, kick, noise-burst snare and swung hats, a little vinyl
crackle and reverb. Every note and the reverb wrap around the loop point, so it loops without a
click.

## scripts/

`en.md` and `zh.md`: sample scripts (about 40 s of narration each) with a `# Title` and light
markdown to exercise stripping.
"""

LICENSES = """\
# Licences of bundled resources

## Generated content: CC0 1.0

These files were generated by `build/make_samples.py` (procedurally, from code and fixed seeds)
and are owned by the ShortVid Desktop project, which dedicates them to the public domain under
**CC0 1.0 Universal** (https://creativecommons.org/publicdomain/zero/1.0/). No third-party
images, footage, recordings, samples or artwork were used.

- `resources/samples/stills/*.jpg`
- `resources/samples/clips/sample_clip.mp4`
- `resources/samples/music/loop.m4a`
- `resources/luts/*.cube` (the bundled colour looks, computed by `build/make_luts.py`)
- `resources/samples/scripts/en.md`, `resources/samples/scripts/zh.md`
- `resources/templates/vertical_story.json`
- `resources/icons/shortvid.svg`, `resources/icons/shortvid_*.png`

The clip and the music were encoded with the ffmpeg build that ships in the `imageio-ffmpeg`
package (libx264, native AAC encoder); encoding does not put the output under the encoder's
licence.

## Fonts

No font files are bundled by default (`resources/fonts/` holds only a README). For captions and
title cards the app looks, in this order, for:

1. any font file a packager placed in `resources/fonts/` (it must carry its own licence file;
   an **SIL Open Font License 1.1** font such as Noto Sans CJK is the recommended choice);
2. a CJK font installed on the system:
   - **Noto Sans CJK** (SC/TC/JP/KR; Google/Adobe) - SIL Open Font License 1.1
   - **Source Han Sans** (Adobe) - SIL Open Font License 1.1
   - **WenQuanYi Zen Hei / Micro Hei** - GPL with a font-embedding exception / Apache 2.0
   - **Microsoft YaHei** (Windows) and **PingFang SC** (macOS) - proprietary, part of the
     operating system; used in place, never copied or redistributed;
3. a general sans-serif system font such as **DejaVu Sans** (Bitstream Vera licence and
   public-domain changes) for Latin-only text when no CJK font is found.

System fonts are used under their own licences and are not part of ShortVid's distribution.
"""

FONTS_README = """\
# Fonts

ShortVid renders captions and title cards with a font that covers Chinese, Japanese and Korean
as well as Latin text. It does **not** ship one by default: a good CJK font is 15-20 MB.

## How the app finds a font

1. **This folder first.** Any `.otf`, `.ttf` or `.ttc` file placed here is searched before the
   system fonts. Packagers who want a self-contained build can drop an
   **SIL Open Font License 1.1** font here, for example `NotoSansCJKsc-Regular.otf` and
   `NotoSansCJKsc-Bold.otf` (Noto Sans CJK) or Source Han Sans. Ship its licence text
   (`OFL.txt`) alongside it, as the OFL requires.
2. **The system's CJK fonts**, by family name:
   - Noto Sans CJK SC (and TC/JP/KR) - e.g. `/usr/share/fonts/opentype/noto/NotoSansCJK-*.ttc`
     on Debian/Ubuntu (package `fonts-noto-cjk`)
   - Source Han Sans SC
   - WenQuanYi Zen Hei / WenQuanYi Micro Hei (`fonts-wqy-zenhei`, `fonts-wqy-microhei`)
   - Microsoft YaHei (Windows, `C:\\Windows\\Fonts\\msyh.ttc`)
   - PingFang SC (macOS)
3. **DejaVu Sans** or any sans-serif font for Latin-only text, if no CJK font is present.

If Chinese captions show empty boxes, no CJK font was found: install Noto Sans CJK
(`sudo apt install fonts-noto-cjk` on Debian/Ubuntu) or drop an OFL CJK font in this folder.

The template's caption font (`"Noto Sans CJK SC"` in `resources/templates/vertical_story.json`)
is a family name, resolved through the search above.
"""

TEXT_FILES = {
    "samples/scripts/en.md": SCRIPT_EN,
    "samples/scripts/zh.md": SCRIPT_ZH,
    "samples/README.md": SAMPLES_README,
    "LICENSES.md": LICENSES,
    "fonts/README.md": FONTS_README,
}


def make_text(res: Path) -> list[Path]:
    written = []
    for rel, text in TEXT_FILES.items():
        path = res / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written


def make_template(res: Path) -> list[Path]:
    path = res / "templates" / "vertical_story.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(template_json(), encoding="utf-8", newline="\n")
    return [path]


# =========================================================================== main
def make_probes(res: Path) -> Path:
    """resources/samples/probes.json: what probing finds in each sample, by content hash (the
    importer takes it instead of probing a bundled sample again)."""
    from shortvid_desktop.media.importer import SAMPLE_PROBES, sample_probes

    path = res.joinpath(*SAMPLE_PROBES)
    path.write_text(sample_probes(path.parent), encoding="utf-8", newline="\n")
    return path


PARTS: dict[str, Callable[[Path], list[Path]]] = {
    "text": make_text,
    "template": make_template,
    "icons": lambda res: make_icons(res / "icons"),
    "stills": lambda res: make_stills(res / "samples" / "stills"),
    "music": lambda res: [make_music(res / "samples" / "music" / "loop.m4a")],
    "clip": lambda res: [make_clip(res / "samples" / "clips" / "sample_clip.mp4")],
    "probes": lambda res: [make_probes(res)],  # after the media it describes
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("parts", nargs="*", metavar="PART", help=f"any of {', '.join(PARTS)}")
    parser.add_argument("--out", type=Path, default=ROOT / "resources", help="resources folder")
    args = parser.parse_args(argv)
    parts = args.parts or list(PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        parser.error(f"unknown part(s) {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    total = 0
    for part in parts:
        for path in PARTS[part](args.out):
            size = path.stat().st_size
            total += size
            print(f"{size / 1024:8.1f} KB  {path.relative_to(args.out)}")
    print(f"{total / 1024:8.1f} KB  total written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
