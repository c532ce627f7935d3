"""PreviewService: frames of the current project state, cached, and proxies with sound."""

from __future__ import annotations

import av

from shortvid_desktop.edits import TemplatePropertyCommand
from shortvid_desktop.jobs import CancelToken, Progress
from shortvid_desktop.session import Session
from shortvid_desktop.session.preview import PreviewService


def test_frames_follow_edits_and_proxies_play(tmp_path) -> None:
    s = Session.new()
    for key, value in (("width", 180), ("height", 320), ("fps", 15)):
        s.stack.push(TemplatePropertyCommand(key, value))
    s.set_script_text("Preview me. Then change the captions.", language="en")
    s.use_samples(music=True)
    s.build_timeline()
    service = PreviewService(s)
    try:
        first = service.frame_job(1_000_000, scale=1.0)(Progress(), CancelToken())
        assert (first.width, first.height) == (180, 320)
        assert len(first.rgb) == 180 * 320 * 3
        again = service.frame_job(1_000_000, scale=1.0)(Progress(), CancelToken())
        assert again is first  # cached: same plan, same frame
        s.stack.push(TemplatePropertyCommand("caption.color", "#FF0000"))
        changed = service.frame_job(1_000_000, scale=1.0)(Progress(), CancelToken())
        assert changed is not first and changed.rgb != first.rgb  # the edit shows
        proxy = service.proxy_job(0)(Progress(), CancelToken())
        assert proxy.start_us == 0 and proxy.has_audio
        with av.open(str(proxy.path)) as c:
            assert c.streams.video[0].codec_context.width == 180  # small canvases: full size
            assert c.streams.audio
    finally:
        service.close()


def test_a_clip_just_imported_is_previewed_from_its_file_while_its_proxy_is_made(
    media, tmp_path
) -> None:
    """The first frame of a new clip seeks in the clip itself (no transcode first); the proxy
    comes as a job of its own, once, and later frames read it. Both frames show the clip."""
    import numpy as np

    from shortvid_desktop.edits import MacroCommand
    from shortvid_desktop.render.window import FrameRenderer, proxy_path
    from shortvid_desktop.session.editing import place_assets

    # a phone-like clip: 1280x720, 30 fps, a keyframe a second
    clip = tmp_path / "phone.mp4"
    from shortvid_desktop.media.ffmpeg import run_ffmpeg

    run_ffmpeg(
        ["-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=3", "-c:v", "libx264",
         "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuv420p", str(clip)]
    )  # fmt: skip
    s = Session.new()
    for key, value in (("width", 360), ("height", 640), ("fps", 30)):
        s.stack.push(TemplatePropertyCommand(key, value))
    result = s.import_media([clip])
    assert len(result.added) == 1
    placed = place_assets(s.project, result.added, 0)
    s.stack.push(MacroCommand("Add media to timeline", placed.commands))
    service = PreviewService(s)
    try:
        t = 1_600_000  # past the first keyframe: a real seek
        first = service.frame_job(t, scale=0.5)(Progress(), CancelToken())
        assert (first.width, first.height) == (180, 320)
        proxy = proxy_path(str(clip), 360)
        assert not proxy.is_file()  # the frame did not wait for it
        jobs = service.proxy_jobs()
        assert [source for source, _fn in jobs] == [str(clip)]
        assert service.proxy_jobs() == []  # asked for once
        made = jobs[0][1](Progress(), CancelToken())
        assert made == str(proxy) and proxy.is_file()
        service.frame_job(t + 33_334, scale=0.5)(Progress(), CancelToken())
        assert service.proxy_jobs() == []  # read from the proxy now
        with FrameRenderer(service.current_plan()[1]) as renderer:  # the same t, from it
            same, next_one = renderer.frame(t, 0.5), renderer.frame(t + 33_334, 0.5)

        def psnr(x, y) -> float:
            a = np.frombuffer(x.rgb, np.uint8).astype(float)
            b = np.frombuffer(y.rgb, np.uint8).astype(float)
            return float(10 * np.log10(255**2 / max(float(((a - b) ** 2).mean()), 1e-9)))

        assert np.frombuffer(first.rgb, np.uint8).std() > 20  # a picture, not a blank
        # the same frame from the file and from the proxy (a small re-encode of a busy test
        # picture: ~25 dB), told apart from the frame after it (~19 dB)
        assert psnr(first, same) > 22
        assert psnr(first, same) > psnr(first, next_one) + 3
    finally:
        service.close()
