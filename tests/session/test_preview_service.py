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
