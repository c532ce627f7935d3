"""`shortvid script|voices|usage|keys|providers`: outputs, exit codes, and keys never in argv."""

from __future__ import annotations

import io
import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from servers.edge_server import EdgeServer
from servers.fixtures import (  # noqa: F401 - fixtures used through the wrappers below
    TEST_KEY,
    _edge_server,
    _hermetic_network,
    _openai_server,
    edge_server,
    keyring_file,
    openai_env,
    openai_server,
)
from servers.openai_server import OpenAIServer

from shortvid_desktop import net, secrets
from shortvid_desktop.cli_ai import add_ai_commands, build_parser, run
from shortvid_desktop.core.model import Script
from shortvid_desktop.core.serial import from_dict
from shortvid_desktop.store import Store


@pytest.fixture
def llm(request: pytest.FixtureRequest) -> OpenAIServer:
    """The local OpenAI server, wired in as the `openai` provider through the environment."""
    return request.getfixturevalue("openai_env")


@pytest.fixture
def configured(request: pytest.FixtureRequest, capsys, monkeypatch) -> OpenAIServer:
    """The local OpenAI server set up as a user does: the key stored with `keys set` (from
    stdin), the endpoint with `providers set`, chosen with `providers use`; no environment."""
    server: OpenAIServer = request.getfixturevalue("openai_server")
    assert cli(["keys", "set", "openai"], capsys, stdin=TEST_KEY, monkeypatch=monkeypatch)[0] == 0
    args = ["providers", "set", "openai", "--base-url", server.url, "--model", "gpt-test"]
    assert cli(args, capsys)[0] == 0
    assert cli(["providers", "use", "openai"], capsys)[0] == 0
    return server


@pytest.fixture
def edge(request: pytest.FixtureRequest) -> EdgeServer:
    return request.getfixturevalue("edge_server")


def cli(
    args: list[str], capsys, stdin: str | None = None, monkeypatch=None
) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = run(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_script_from_a_topic_to_a_file(llm, tmp_path: Path, capsys) -> None:
    out = tmp_path / "script.json"
    code, stdout, stderr = cli(
        ["script", "--topic", "Why cats purr", "--seconds", "20", "-o", str(out)], capsys
    )
    assert code == 0, stderr
    script = from_dict(Script, json.loads(out.read_text(encoding="utf-8")))
    assert len(script.scenes) == 3 and script.title == "All about Why cats purr"
    assert "3 scenes from the openai (gpt-test)" in stderr and stdout == ""
    code, stdout, _ = cli(["script", "--topic", "Tea", "--seconds", "12"], capsys)
    assert code == 0 and len(json.loads(stdout)["scenes"]) == 2  # stdout without -o


def test_script_offline_says_it_is_a_template(capsys) -> None:
    code, stdout, stderr = cli(["script", "--topic", "Tea", "--offline"], capsys)
    assert code == 0 and json.loads(stdout)["scenes"]
    assert "note: Offline was asked for" in stderr and "template" in stderr


def test_script_errors_exit_2_or_1(llm, capsys) -> None:
    assert cli(["script", "--topic", " "], capsys)[0] == 2
    assert cli(["script", "--topic", "Tea", "--style", "opera"], capsys)[0] == 2
    assert cli(["script", "--topic", "Tea", "--provider", "nope"], capsys)[0] == 2
    llm.fail_next("chat", "invalid", "invalid")
    code, _out, err = cli(["script", "--topic", "Tea", "--no-fallback"], capsys)
    assert code == 1 and "scenes[0].narration" in err


def test_edit_one_scene(configured, tmp_path: Path, capsys) -> None:
    src = tmp_path / "in.json"
    cli(["script", "--topic", "Tea", "--seconds", "12", "-o", str(src)], capsys)
    before = json.loads(src.read_text(encoding="utf-8"))
    out = tmp_path / "out.json"
    code, _o, err = cli(
        ["script", "--input", str(src), "--scene", "2", "--action", "translate", "--to", "zh",
         "-o", str(out)],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    after = json.loads(out.read_text(encoding="utf-8"))
    assert after["scenes"][0] == before["scenes"][0]
    assert after["scenes"][1]["narration"] == "这是翻译后的场景。"
    assert after["scenes"][1]["id"] == before["scenes"][1]["id"]
    assert len(configured.calls("chat")) == 2
    code, _o, err = cli(["script", "--input", str(src), "--scene", "1"], capsys)
    assert code == 2 and "--action" in err
    code, _o, err = cli(
        ["script", "--input", str(src), "--scene", "1", "--action", "rewrite", "--offline"], capsys
    )
    assert code == 2 and "needs an AI provider" in err


def test_keys_are_read_from_stdin_never_argv(capsys, monkeypatch) -> None:
    code, _o, err = cli(["keys", "set", "deepseek"], capsys, stdin=TEST_KEY + "\n",
                        monkeypatch=monkeypatch)  # fmt: skip
    assert code == 0 and "OS keyring" in err and TEST_KEY not in err
    assert secrets.get_key("deepseek") == TEST_KEY
    assert cli(["keys", "set", "pexels"], capsys, stdin="pexels-key-0123456789\n",
               monkeypatch=monkeypatch)[0] == 0  # fmt: skip
    code, out, _e = cli(["keys", "list"], capsys)
    assert code == 0 and "deepseek     keyring" in out and TEST_KEY not in out
    assert "pexels       keyring" in out and "pixabay      -" in out  # stock keys too
    with pytest.raises(SystemExit) as exc:  # a key on the command line is refused
        build_parser().parse_args(["keys", "set", "deepseek", TEST_KEY])
    assert exc.value.code == 2
    code, _o, err = cli(["keys", "delete", "deepseek"], capsys)
    assert code == 0 and "keyring" in err and secrets.get_key("deepseek") is None
    assert cli(["keys", "set", "deepseek"], capsys, stdin="\n", monkeypatch=monkeypatch)[0] == 2


def test_keys_without_a_keyring_offer_the_file_store(capsys, monkeypatch) -> None:
    keyring.set_keyring(fail.Keyring())
    code, _o, err = cli(["keys", "set", "openai"], capsys, stdin=TEST_KEY, monkeypatch=monkeypatch)
    assert code == 1 and "No usable OS keyring" in err and "--file-store" in err
    code, _o, err = cli(["keys", "set", "openai", "--file-store"], capsys, stdin=TEST_KEY,
                        monkeypatch=monkeypatch)  # fmt: skip
    assert code == 0 and "PLAIN-TEXT" in err and TEST_KEY not in err
    code, out, _e = cli(["keys", "list", "openai"], capsys)
    assert "PLAIN-TEXT key file in use" in out and "openai       file" in out


def test_usage_totals_budgets_and_refusal(configured, capsys) -> None:
    llm = configured
    assert cli(["script", "--topic", "Tea", "--seconds", "12"], capsys)[0] == 0
    code, out, _e = cli(["usage", "--json"], capsys)
    data = json.loads(out)
    (row,) = data["rows"]
    assert (row["provider"], row["model"], row["calls"], row["units_in"]) == (
        "openai",
        "gpt-test",
        1,
        100,
    )
    assert data["total_usd"] > 0
    code, out, _e = cli(["usage"], capsys)
    assert code == 0 and "openai" in out and "gpt-test" in out and "total $" in out
    assert cli(["usage", "--budget", "openai", "0.0001"], capsys)[0] == 0
    code, out, err = cli(["script", "--topic", "Tea", "--seconds", "12"], capsys)
    assert code == 0 and "Refused before sending" in err and "template" in err  # fell back
    assert len(llm.calls("chat")) == 1  # the refused call was never sent
    code, _o, err = cli(["script", "--topic", "Tea", "--no-fallback"], capsys)
    assert code == 1 and "monthly budget of $0.00" in err
    code, out, _e = cli(["usage"], capsys)
    assert "budget openai:" in out
    assert cli(["usage", "--budget", "openai", "none"], capsys)[0] == 0
    assert cli(["usage", "--price", "openai", "gpt-test", "1", "2"], capsys)[0] == 0
    with Store() as store:
        assert store.get_setting(net.SETTING_PRICES)["openai"]["gpt-test"] == [1.0, 2.0]
        assert "openai" not in store.get_setting(net.SETTING_BUDGETS)
    assert cli(["usage", "--month", "2024-13"], capsys)[0] == 2
    assert cli(["usage", "--budget", "openai", "lots"], capsys)[0] == 2
    code, out, _e = cli(["usage", "--month", "2001-01"], capsys)
    assert code == 0 and "no calls" in out


def test_voices_list_preview_and_chain(edge, tmp_path: Path, capsys) -> None:
    code, out, _e = cli(["voices", "--engine", "edge", "--lang", "zh", "--json"], capsys)
    rows = json.loads(out)
    assert code == 0 and {r["voice"] for r in rows} == {
        "edge:zh-CN-XiaoxiaoNeural",
        "edge:zh-CN-YunxiNeural",
    }
    code, out, _e = cli(["voices", "--engine", "openai"], capsys)
    assert code == 0 and "openai: not available here" in out
    code, out, _e = cli(["voices", "--engine", "piper"], capsys)
    assert "piper:en_US-joe-medium" in out
    wav = tmp_path / "p.wav"
    code, out, err = cli(["voices", "--preview", "edge:en-US-AriaNeural", "-o", str(wav)], capsys)
    assert code == 0 and out.strip() == str(wav) and wav.stat().st_size > 1000
    assert edge.requests[-1]["text"].startswith("Hi! This is how I will sound")
    assert cli(["voices", "--chain", "openai,offline"], capsys)[0] == 0
    with Store() as store:
        assert store.get_setting("voice.chain") == ["openai", "offline"]
    assert cli(["voices", "--engine", "nope"], capsys)[0] == 2


def test_providers(llm, capsys) -> None:
    code, out, _e = cli(["providers"], capsys)
    assert code == 0 and "deepseek" in out and "lmstudio" in out and "* openai" in out
    url = llm.url
    assert (
        cli(["providers", "set", "mine", "--base-url", url, "--model", "gpt-test"], capsys)[0] == 0
    )
    code, out, _e = cli(["providers", "test", "mine"], capsys)
    assert code == 0 and out.startswith("ok: mine")
    code, out, _e = cli(["providers", "models", "mine"], capsys)
    assert out.split() == ["gpt-other", "gpt-test"]
    assert cli(["providers", "use", "mine"], capsys)[0] == 0
    code, _o, err = cli(["script", "--topic", "Tea", "--seconds", "12"], capsys)
    assert code == 0 and "from the mine (gpt-test)" in err
    llm.api_key = "sk-another-0000000000000"
    code, out, _e = cli(["providers", "test", "openai"], capsys)
    assert code == 1 and out.startswith("FAILED") and TEST_KEY not in out
    assert cli(["providers", "proxy", "http://corp:3128"], capsys)[0] == 0
    with Store() as store:
        assert store.get_setting(net.SETTING_PROXY) == "http://corp:3128"
    assert cli(["providers", "proxy", "gopher://x"], capsys)[0] == 2
    assert cli(["providers", "proxy", "http://me:pw@corp:3128"], capsys)[0] == 2
    assert cli(["providers", "use", "unknown-one"], capsys)[0] == 2


def test_add_ai_commands_plugs_into_another_parser() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="shortvid")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("make")
    add_ai_commands(sub)
    args = parser.parse_args(["usage", "--month", "2025-01", "--json"])
    assert args.command == "usage" and callable(args.func)
