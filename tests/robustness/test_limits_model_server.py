"""Issue 13, item 9 (and the model-server cases of "never a traceback"): a local
model server that misbehaves cannot hang `draft` or exhaust memory. The server
is a real loopback HTTP server; `draft` runs as a real child process."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from models.engine import EngineError, GenerationSettings
from models.openai_engine import MAX_CHARS_PER_TOKEN, OpenAICompatibleEngine
from tests.robustness.limits_support import assert_words, cli, env, run, run_measured
from tests.robustness.misbehaving_server import serving

NOTES = """# Attention

Attention weighs the tokens of the input by their relevance to each query.
Each head computes scaled dot products of queries and keys, then a softmax.

## Heads

Multi-head attention runs several attention heads in parallel on projections of the input.
The outputs of the heads are concatenated and projected again.
"""


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    notes = tmp_path / "notes.md"
    notes.write_text(NOTES, "utf-8")
    path = tmp_path / "bank.sqlite"
    assert run("decks", "import", str(notes), "--bank", str(path)).returncode == 0
    return path


def _draft(bank: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    # 60 s: far past --timeout; before the fix these runs never ended
    return run(
        "draft", "--deck", "1", "--mcq", "1", "--strategy", "model", "--server", url,
        "--model", "m", "--bank", str(bank), *extra, timeout=60,
    )  # fmt: skip


def test_keep_alive_pings_do_not_outlive_the_request_deadline(bank: Path) -> None:
    with serving("pings") as url:
        err = assert_words(_draft(bank, url, "--timeout", "3"))
    assert "did not finish its reply within 3 s" in err
    assert "--timeout" in err  # the way to allow longer, named


def test_a_whole_reply_that_drips_for_ever_meets_the_deadline(bank: Path) -> None:
    with serving("drip") as url:
        err = assert_words(_draft(bank, url, "--timeout", "3"))
    assert "did not finish its reply within 3 s" in err


def test_a_reply_line_without_end_is_refused_without_eating_memory(bank: Path) -> None:
    peaks = {}
    for mode in ("good", "longline"):
        with serving(mode) as url:
            proc, peaks[mode] = run_measured(
                "draft", "--deck", "1", "--mcq", "1", "--strategy", "model", "--server", url,
                "--model", "m", "--bank", str(bank), "--timeout", "30", timeout=60,
            )  # fmt: skip
    assert "line of more than 1 MB" in assert_words(proc)
    # peaks in KiB: before the fix the child grew by ~230 MB/s until it was killed
    assert peaks["longline"] < peaks["good"] + 200_000, peaks


def test_an_endless_token_stream_is_cut_at_max_tokens(bank: Path) -> None:
    with serving("endless") as url:
        proc = _draft(bank, url, "--timeout", "30")
    assert proc.returncode == 0, proc.stderr
    assert "drafted" in proc.stdout  # the run finished: the cut replies were judged


def test_a_server_that_never_answers_is_said_in_words(bank: Path) -> None:
    with serving("silent") as url:
        err = assert_words(_draft(bank, url, "--timeout", "2"))
    assert "did not answer within 2 s" in err and "--timeout" in err


def test_ctrl_c_while_a_server_streams_stops_with_130(bank: Path) -> None:
    with serving("pings") as url:
        proc = subprocess.Popen(
            cli("draft", "--deck", "1", "--mcq", "1", "--strategy", "model", "--server", url,
                "--model", "m", "--bank", str(bank)),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(),
        )  # fmt: skip
        assert proc.stderr is not None
        assert "Drafting" in proc.stderr.read(9)  # "\rDrafting": it is talking to the server
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    done = subprocess.CompletedProcess(proc.args, proc.returncode, out, "Drafting" + err)
    assert "stopped (Ctrl+C)" in assert_words(done, code=130)


@pytest.mark.parametrize("url", ["http://localhost:99999/v1", "http://localhost:port/v1"])
def test_a_server_address_with_a_bad_port_is_said_in_words(bank: Path, url: str) -> None:
    with pytest.raises(EngineError, match="no valid port"):
        OpenAICompatibleEngine(url, "m")
    assert "no valid port" in assert_words(_draft(bank, url))


def test_the_engine_cuts_a_server_that_ignores_max_tokens() -> None:
    with serving("endless") as url:
        engine = OpenAICompatibleEngine(url, "m", deadline=30)
        text = engine.generate("", "q", GenerationSettings(max_tokens=40))
    assert text.count("token") <= 40
    assert len(text) <= 40 * MAX_CHARS_PER_TOKEN
