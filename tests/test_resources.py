"""The embedded defaults (made by build/make_samples.py) exist, decode and stay small."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from shortvid_desktop.core.model import Template
from shortvid_desktop.core.serial import from_dict, to_dict

ROOT = Path(__file__).resolve().parent.parent
RES = ROOT / "resources"

STILLS = {
    "01_mountain_sunset.jpg": (1080, 1920),
    "02_night_bokeh.jpg": (1080, 1920),
    "03_flowing_waves.jpg": (1080, 1920),
    "04_city_dusk_landscape.jpg": (1920, 1080),
    "05_lowpoly_teal.jpg": (1080, 1920),
    "06_aurora_night.jpg": (1080, 1920),
}
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)
CLIP = RES / "samples" / "clips" / "sample_clip.mp4"
MUSIC = RES / "samples" / "music" / "loop.m4a"
TEMPLATE = RES / "templates" / "vertical_story.json"
SCRIPTS = {"en": RES / "samples" / "scripts" / "en.md", "zh": RES / "samples" / "scripts" / "zh.md"}

EXPECTED = [
    *(RES / "samples" / "stills" / name for name in STILLS),
    CLIP,
    MUSIC,
    *SCRIPTS.values(),
    TEMPLATE,
    RES / "icons" / "shortvid.svg",
    *(RES / "icons" / f"shortvid_{n}.png" for n in ICON_SIZES),
    RES / "samples" / "README.md",
    RES / "samples" / "probes.json",
    RES / "LICENSES.md",
    RES / "fonts" / "README.md",
]

KB = 1024


def _generator():
    spec = importlib.util.spec_from_file_location(
        "make_samples", ROOT / "build" / "make_samples.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: str(p.relative_to(RES)))
def test_sample_exists_and_is_not_empty(path: Path) -> None:
    assert path.is_file(), f"missing {path}: run python build/make_samples.py"
    assert path.stat().st_size > 0


def test_no_resource_file_over_1mb_and_tree_stays_small() -> None:
    files = [p for p in RES.rglob("*") if p.is_file()]
    big = [str(p.relative_to(RES)) for p in files if p.stat().st_size > 1024 * KB]
    assert not big, f"resource files over 1 MB: {big}"
    total = sum(p.stat().st_size for p in files)
    assert total < 2.5 * 1024 * KB, f"resources/ is {total / KB / KB:.2f} MB"


@pytest.mark.parametrize("name", sorted(STILLS))
def test_still_decodes_at_expected_size(name: str) -> None:
    path = RES / "samples" / "stills" / name
    assert path.stat().st_size <= 250 * KB
    with Image.open(path) as im:
        assert im.format == "JPEG"
        assert im.size == STILLS[name]
        im.load()
        rgb = np.asarray(im.convert("RGB").reduce(8), np.float32)
    # real detail, not a flat fill; and the bottom third is calmer than the whole frame
    assert rgb.std() > 12
    h = rgb.shape[0]
    if STILLS[name][1] > STILLS[name][0]:
        assert rgb[2 * h // 3 :].mean() < rgb.mean()


def test_clip_streams_and_duration() -> None:
    assert CLIP.stat().st_size <= 700 * KB
    with av.open(str(CLIP)) as container:
        assert container.duration is not None
        assert abs(container.duration / av.time_base - 4.0) < 0.1
        (video,) = container.streams.video
        (audio,) = container.streams.audio
        assert video.codec_context.name == "h264"
        assert (video.codec_context.width, video.codec_context.height) == (1920, 1080)
        assert video.codec_context.pix_fmt == "yuv420p"
        assert video.average_rate == 30
        assert audio.codec_context.name == "aac"
        assert audio.rate == 48000
        assert audio.channels == 2
        video.thread_type = "AUTO"
        frames = [f.to_ndarray()[:1080:8, ::8] for f in container.decode(video=0)]  # luma
    assert len(frames) == 120
    # real motion between the first and the last frame
    diff = np.abs(frames[0].astype(np.int16) - frames[-1].astype(np.int16)).mean()
    assert diff > 2


def _decode_audio(path: Path) -> tuple[np.ndarray, int, str]:
    with av.open(str(path)) as container:
        (stream,) = container.streams.audio
        rate, codec = stream.rate, stream.codec_context.name
        chunks = [f.to_ndarray() for f in container.decode(audio=0)]
    x = np.concatenate(chunks, axis=1)
    return x, rate, codec


def test_music_loop_is_stereo_16s_quiet_enough_and_seamless() -> None:
    assert MUSIC.stat().st_size <= 250 * KB
    x, rate, codec = _decode_audio(MUSIC)
    assert codec == "aac"
    assert rate == 48000
    assert x.shape[0] == 2 and x.dtype == np.float32
    assert abs(x.shape[1] / rate - 16.0) < 0.05
    peak_db = 20 * np.log10(np.abs(x).max())
    rms_db = 20 * np.log10(np.sqrt((x.astype(np.float64) ** 2).mean()))
    assert peak_db <= -3.0
    assert rms_db > -30.0, "music is nearly silent"
    # looping: the jump from the last sample back to the first is an ordinary step
    steps = np.abs(np.diff(x, axis=1))
    assert np.abs(x[:, 0] - x[:, -1]).max() <= np.percentile(steps, 99.9)


def test_template_json_loads_and_matches_the_generator() -> None:
    data = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    template = from_dict(Template, data)
    assert template.name == "Vertical Story" and template.builtin
    assert (template.width, template.height, template.fps) == (1080, 1920, 30)
    assert template.transition.kind == "fade" and template.transition.duration_us == 500_000
    assert template.ken_burns.mode != "none" and template.ken_burns_variety
    assert template.caption.position == "bottom" and template.caption.outline > 0
    assert template.music_volume == pytest.approx(0.3)
    assert template.ducking == pytest.approx(0.7)
    assert to_dict(template) == data  # nothing lost or defaulted on the way in
    assert data == to_dict(_generator().builtin_template()), "re-run build/make_samples.py"


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_sample_script(lang: str) -> None:
    text = SCRIPTS[lang].read_text(encoding="utf-8")
    lines = text.strip().splitlines()
    assert lines[0].startswith("# ") and len(lines[0]) > 4
    body = "\n".join(lines[1:])
    assert "**" in body  # light markdown, to exercise stripping
    sentences = [s for s in re.split(r"[.!?。！？]", body) if s.strip()]
    assert 6 <= len(sentences) <= 8
    plain = re.sub(r"[*#_]", "", body)
    if lang == "zh":
        assert re.search(r"[\u4e00-\u9fff]", plain)
        assert not re.search(r"[,.;:!?]", plain), "use full-width punctuation"
        assert 150 <= len(re.sub(r"\s", "", plain)) <= 230
    else:
        assert 80 <= len(plain.split()) <= 125


def test_icons() -> None:
    root = ET.parse(RES / "icons" / "shortvid.svg").getroot()
    assert root.tag.endswith("svg") and root.get("viewBox") == "0 0 512 512"
    for n in ICON_SIZES:
        with Image.open(RES / "icons" / f"shortvid_{n}.png") as im:
            assert im.format == "PNG" and im.size == (n, n) and im.mode == "RGBA"
            alpha = np.asarray(im)[..., 3]
        assert alpha[n // 2, n // 2] == 255 and alpha[0, 0] < 128  # rounded corners


def test_licence_notes() -> None:
    licences = (RES / "LICENSES.md").read_text(encoding="utf-8")
    assert "CC0" in licences and "make_samples.py" in licences
    assert "Noto Sans CJK" in licences and "Open Font License" in licences
    readme = (RES / "samples" / "README.md").read_text(encoding="utf-8")
    assert "make_samples.py" in readme and "CC0" in readme
    fonts = (RES / "fonts" / "README.md").read_text(encoding="utf-8")
    for family in ("Noto Sans CJK", "Source Han", "WenQuanYi", "Microsoft YaHei", "PingFang"):
        assert family in fonts


def test_an_installed_package_reads_its_own_package_data(tmp_path: Path) -> None:
    """The layout a wheel installs (``resources/`` and ``ui/`` inside the package, issue 10):
    ``paths`` finds them there, and not a stray top-level ``resources`` folder in site-packages
    or the folders of the source tree. (tests/test_install.py installs the real wheel on CI.)"""
    site = tmp_path / "site-packages"
    package = site / "shortvid_desktop"
    junk = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "shortvid_desktop", package, ignore=junk)
    shutil.copytree(RES, package / "resources", ignore=junk)
    shutil.copytree(ROOT / "ui", package / "ui", ignore=junk)
    (site / "resources").mkdir()  # another distribution's top-level folder
    code = (
        "import json, shortvid_desktop.paths as p; "
        "print(json.dumps([str(p.resources_dir()), str(p.ui_dir()), str(p.resource('x'))]))"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(site), "HOME": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    resources, ui, one = (Path(p) for p in json.loads(proc.stdout))
    assert resources == package / "resources"
    assert ui == package / "ui"
    assert one == package / "resources" / "x"


def test_the_sample_probes_are_what_probing_finds() -> None:
    from shortvid_desktop.media.importer import sample_probes

    written = (RES / "samples" / "probes.json").read_text(encoding="utf-8")
    assert written == sample_probes(RES / "samples"), "re-run python build/make_samples.py probes"
