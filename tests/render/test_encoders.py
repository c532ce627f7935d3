"""Hardware encoders are used only after a real one-frame encode works; libx264 otherwise."""

from __future__ import annotations

from shortvid_desktop.render import encoders
from shortvid_desktop.render.encoders import (
    choose_encoder,
    encoder_report,
    hardware_settings,
    window_encoder,
)


def test_probe_reports_and_falls_back() -> None:
    report = encoder_report()
    assert set(report["working"]) <= set(report["compiled"])
    enc = choose_encoder("auto", "standard")
    if not report["working"]:
        assert enc.codec == "libx264"
    assert choose_encoder("libx264", "high").preset == "slow"
    assert choose_encoder("h264_no_such", "draft").codec == "libx264"


def test_auto_prefers_a_working_hardware_encoder(monkeypatch) -> None:
    monkeypatch.setattr(encoders, "working_hardware_encoders", lambda: ("h264_nvenc",))
    enc = choose_encoder("auto", "standard")
    assert enc.codec == "h264_nvenc"
    assert ("cq", "23") in enc.extra and enc.pix_fmt == "yuv420p"
    assert hardware_settings("h264_vaapi", "high").global_args[0] == "-vaapi_device"


def test_windows_encoding_at_once_share_the_cores() -> None:
    std = choose_encoder("libx264", "standard")
    two = window_encoder(std, 2, cores=2)
    assert ("threads", "1") in two.extra
    assert two.global_args == ("-filter_complex_threads", "1")
    assert ("threads", "2") in window_encoder(std, 4, cores=8).extra
    assert ("threads", "1") in window_encoder(std, 4, cores=2).extra
    assert window_encoder(std, 1, cores=2) == std  # one window: x264 chooses
    nvenc = hardware_settings("h264_nvenc", "standard")
    assert window_encoder(nvenc, 2, cores=2) == nvenc
    chosen = window_encoder(window_encoder(std, 2, cores=2), 2, cores=8)
    assert [k for k, _ in chosen.extra].count("threads") == 1
