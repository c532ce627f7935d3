"""`shortvid share` and `shortvid keys set s3`: an export put in the storage, a link that
expires, credentials from the keyring and settings, never printed."""

from __future__ import annotations

import io
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from farm_helpers import MotoS3
from servers.fixtures import keyring_file  # noqa: F401 - autouse: an isolated real keyring

from shortvid_desktop.cli import main
from shortvid_desktop.core.errors import BadInputError
from shortvid_desktop.session import keys, settings
from shortvid_desktop.session.farm_share import parse_expiry, upload_export


def run_cli(argv: list[str], capsys, monkeypatch, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_keys_set_s3_then_share_prints_a_working_link(
    moto_s3_open: MotoS3, media, capsys, monkeypatch, tmp_path: Path
) -> None:
    key_id, secret = "AKIASHARETEST0000001", "Share/Secret+Value0123456789abcdef"
    code, _o, err = run_cli(
        ["keys", "set", "s3"], capsys, monkeypatch, stdin=f"{key_id}\n{secret}\n"
    )
    assert code == 0 and "stored the s3 keys" in err and secret not in err
    assert keys.s3_credentials() == (key_id, secret)
    code, out, _e = run_cli(["keys", "list"], capsys, monkeypatch)
    assert code == 0 and "s3" in out and secret not in out

    bucket = moto_s3_open.new_bucket()
    settings.set_value(settings.SETTING_FARM_STORAGE, f"s3://{bucket}/shared")
    settings.set_value(settings.SETTING_FARM_S3_ENDPOINT, moto_s3_open.endpoint)
    video = media.video("share.mp4", size="160x284", seconds=1)
    code, out, err = run_cli(["share", str(video), "--expires", "1h"], capsys, monkeypatch)
    assert code == 0, err
    link = out.strip()
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(link).query)
    assert link.startswith(moto_s3_open.endpoint + f"/{bucket}/shared/objects/")
    assert query["X-Amz-Expires"] == ["3600"]
    assert query["X-Amz-Credential"][0].startswith(key_id + "/")  # the keyring's key signed it
    assert secret not in link + out + err
    with urllib.request.urlopen(link, timeout=10) as resp:
        assert resp.read() == video.read_bytes()
        assert "share.mp4" in resp.headers.get("Content-Disposition", "")


def test_share_refused_credentials_fail_fast_and_say_so(
    moto_s3: MotoS3, media, capsys, monkeypatch
) -> None:
    bucket = moto_s3.new_bucket()
    wrong = "Definitely/Not+The+Secret0123456789"
    keys.set_s3_credentials(moto_s3.access_key_id, wrong)
    settings.set_value(settings.SETTING_FARM_S3_ENDPOINT, moto_s3.endpoint)
    video = media.video("share2.mp4", size="160x284", seconds=1)
    code, out, err = run_cli(
        ["share", str(video), "--storage", f"s3://{bucket}/x"], capsys, monkeypatch
    )
    assert code == 1 and out == ""
    assert f"s3://{bucket}/x" in err and "refused the credentials" in err
    assert wrong not in err


def test_share_to_a_folder_and_plain_errors(media, capsys, monkeypatch, tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    video = media.video("share3.mp4", size="160x284", seconds=1)
    link = upload_export(video, share.as_uri(), "30m")
    assert link.startswith("file://")
    with urllib.request.urlopen(link) as resp:
        assert resp.read() == video.read_bytes()

    code, _o, err = run_cli(["share", str(video)], capsys, monkeypatch)  # nothing configured
    assert code == 2 and "--storage" in err and "farm.storage_url" in err
    code, _o, err = run_cli(
        ["share", str(video), "--storage", share.as_uri(), "--expires", "9d"], capsys, monkeypatch
    )
    assert code == 2 and "7 days" in err
    code, _o, err = run_cli(
        ["share", str(tmp_path / "none.mp4"), "--storage", share.as_uri()], capsys, monkeypatch
    )
    assert code == 2 and "none.mp4" in err


@pytest.mark.parametrize(
    "text, seconds", [("90", 90), ("90s", 90), ("30m", 1800), ("12h", 43200), ("7d", 604800)]
)
def test_expiry_lengths(text: str, seconds: int) -> None:
    assert parse_expiry(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "8d", "2w", "soon", "-5m"])
def test_bad_expiry_lengths(text: str) -> None:
    with pytest.raises(BadInputError, match="expires"):
        parse_expiry(text)
