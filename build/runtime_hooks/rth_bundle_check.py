"""PyInstaller runtime hook: a self-check of the bundle's Qt Multimedia, for the frozen-app smoke
test (tests/test_packaging.py). Does nothing unless ``SHORTVID_BUNDLE_CHECK`` is set.

``SHORTVID_BUNDLE_CHECK=multimedia:/path/clip.mp4`` plays the clip for a few seconds through
QMediaPlayer into a QVideoSink (with a QAudioOutput, and QVideoWidget imported), prints one JSON
line (frames seen, errors, the multimedia libraries this process loaded) and exits. This proves
the bundle has QtMultimedia, QtMultimediaWidgets, the FFmpeg media plugin and Qt's FFmpeg
libraries, and that the hollow Qt Quick/QML placeholders satisfy the plugin.
"""

import os
import sys


def _check_multimedia(media: str) -> dict:
    from PySide6.QtCore import QTimer, QUrl
    from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer, QVideoSink
    from PySide6.QtMultimediaWidgets import QVideoWidget
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    audio = QAudioOutput() if QMediaDevices.audioOutputs() else None
    if audio is not None:
        audio.setVolume(0.0)
        player.setAudioOutput(audio)
    frames: list = []
    errors: list = []
    sink.videoFrameChanged.connect(lambda frame: frames.append([frame.width(), frame.height()]))
    player.errorOccurred.connect(lambda _error, message: errors.append(message))
    player.setSource(QUrl.fromLocalFile(media))
    player.play()
    QTimer.singleShot(3000, app.quit)
    app.exec()
    player.stop()
    words = ("Multimedia", "ffmpegmediaplugin", "libav", "libQt6Quick", "libQt6Qml")
    with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
        loaded = sorted(
            {line.split()[-1] for line in maps if "/" in line and any(w in line for w in words)}
        )
    return {
        "frames": len(frames),
        "size": frames[0] if frames else None,
        "errors": errors,
        "audio_outputs": len(QMediaDevices.audioOutputs()),
        "video_widget": QVideoWidget.__name__,
        "loaded": loaded,
    }


def _run_check(request: str) -> None:
    import json

    kind, _, arg = request.partition(":")
    try:
        if kind != "multimedia":
            raise ValueError(f"unknown check {kind!r}")
        result = {"ok": True, **_check_multimedia(arg)}
        code = 0
    except Exception as exc:  # noqa: BLE001 - report whatever broke
        result, code = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}, 1
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()
    os._exit(code)


if os.environ.get("SHORTVID_BUNDLE_CHECK"):
    _run_check(os.environ["SHORTVID_BUNDLE_CHECK"])
