"""Voice preview: a short sample in the voice's language, spoken once, then from the cache."""

from __future__ import annotations

import pytest

from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.voice.preview import preview_voice, sample_text


def test_preview_speaks_the_sample_in_the_voices_language_once(edge_server, fast_context) -> None:
    first = preview_voice("edge", "zh-CN-XiaoxiaoNeural", context=fast_context)
    assert edge_server.requests[0]["text"] == sample_text("zh")
    assert first.engine == "edge" and first.words and not first.words_estimated
    again = preview_voice("edge", "zh-CN-XiaoxiaoNeural", context=fast_context)
    assert again.audio_path == first.audio_path and edge_server.handshakes == 1


def test_preview_default_voice_and_own_text(edge_server, fast_context) -> None:
    result = preview_voice("edge", language="de", text="Eigener Text.", context=fast_context)
    assert (
        result.voice == "de-DE-KatjaNeural" and edge_server.requests[0]["text"] == "Eigener Text."
    )
    with pytest.raises(BadInputError):
        preview_voice("edge", "en-US-AriaNeural", text="  ", context=fast_context)


def test_offline_preview() -> None:
    result = preview_voice("piper")
    assert result.engine == "piper" and result.duration_us > 1_000_000


@pytest.mark.parametrize(
    ("lang", "start"), [("en-GB", "Hi!"), ("zh_Hans", "你好"), ("fr", "Bonjour"), ("xx", "Hi!")]
)
def test_sample_text(lang: str, start: str) -> None:
    assert sample_text(lang).startswith(start)
