"""How fast and how small a process starts: TensorFlow and Rasa's unused connector SDKs are
left out, skops's trusted types come from a cache, and `run` says when it is ready.

Each check runs in a fresh interpreter, since what a process imports is decided once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests.processes import free_port as _port

ROOT = Path(__file__).resolve().parent.parent

# A whole complaint, in English and in Korean, through the real agent and actions on
# SQLite, then what the process has imported and what calling TensorFlow does.
CONVERSATION = """
import asyncio, json, sys
from dataclasses import replace
import bot.runtime
from bot import wiring
from bot.runtime import left_out
from bot.settings import load_settings
from handlers.identity import Identity
from tests.helpers import FORM_JOURNEY

settings = replace(load_settings(), database_url=sys.argv[1])
database = wiring.prepare_database(settings)
dialogue = wiring.build_dialogue(settings, database, wiring.model(settings))
korean = ["안녕하세요", "지난주에 주문한 노트북이 아직도 안 왔어요", "환불", "김민지", "010-1234-5678", "네"]

async def talk(sender, lines):
    texts = []
    for line in lines:
        texts += [r.text or "" for r in await dialogue.handle(Identity("rest", sender), line)]
    return texts

texts = asyncio.run(talk("en", FORM_JOURNEY)) + asyncio.run(talk("ko", korean))
import tensorflow
try:
    tensorflow.constant(1)
    called = "ran"
except left_out.LeftOut as exc:
    called = str(exc)
loaded = sorted({n.partition(".")[0] for n in sys.modules} & (left_out.TENSORFLOW | left_out.CONNECTORS))
real = [n for n in loaded if getattr(sys.modules[n], "__file__", None)]
print(json.dumps({"texts": texts, "real": real, "left_out": sorted(left_out.left_out()), "called": called}))
"""


def _python(code: str, *args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1]


def test_whole_complaints_are_served_without_tensorflow_or_rasas_connector_sdks(
    model_path, tmp_path
) -> None:
    seen = json.loads(_python(CONVERSATION, f"sqlite:///{tmp_path / 'desk.db'}"))
    texts = "\n".join(seen["texts"])
    assert texts.count("Your complaint's reference is") == 1, texts
    assert texts.count("접수번호는") == 1, texts
    assert seen["real"] == [], "imported for real: " + ", ".join(seen["real"])
    assert {"tensorflow", "aiogram", "pymongo", "boto3"} <= set(seen["left_out"])
    # anything that did call it would be told at once, and how to get it back
    assert "tensorflow.constant was called" in seen["called"]
    assert "COMPLAINTBOT_TENSORFLOW=1" in seen["called"]


def test_the_switch_brings_tensorflow_back() -> None:
    code = (
        "import sys, bot.runtime, rasa.utils.train_utils; "
        "print(bool(getattr(sys.modules['tensorflow'], '__file__', None)))"
    )
    assert _python(code, env={"COMPLAINTBOT_TENSORFLOW": "1"}) == "True"


def test_skops_trusted_types_from_the_cache_are_skops_own(tmp_path) -> None:
    code = (
        "import json, sys, bot.runtime; from bot.runtime import skops_types; "
        "m = sys.modules[skops_types.MODULE]; "
        "print(json.dumps([hasattr(m, 'all_estimators'), "
        "{n: getattr(m, n) for n in skops_types.NAMES}]))"
    )
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    computed, own = json.loads(_python(code, env=env))  # no cache yet: skops computes them
    cached, names = json.loads(_python(code, env=env))
    assert computed and not cached  # the second start did not compute them
    assert names == own
    assert (
        "sklearn.linear_model._logistic.LogisticRegression" in names["SKLEARN_ESTIMATOR_TYPE_NAMES"]
    )
    assert list((tmp_path / "complaintbot").glob("skops-trusted-types-*.json"))


def test_run_says_when_it_is_ready_and_stays_under_500_mb(model_path, tmp_path) -> None:
    port = _port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPLAINTBOT_", "TELEGRAM_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        COMPLAINTBOT_CONFIG=str(ROOT / "config.yml"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.db'}",
        COMPLAINTBOT_HTTP_PORT=str(port),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        seen = ""
        deadline = time.monotonic() + 120
        while "• ready: " not in seen and time.monotonic() < deadline:
            line = process.stderr.readline()
            if not line:
                break
            seen += line
        assert "• ready: " in seen, seen
        ready = seen.rpartition("• ready: ")[2].split()[0]
        assert float(ready) > 0
        for text in ["my washing machine arrived with a cracked door", "Replacement", "yesterday"]:
            assert _answer(port, text)
        status = Path(f"/proc/{process.pid}/status").read_text()
        peak_kb = int(next(x for x in status.splitlines() if x.startswith("VmHWM:")).split()[1])
        assert peak_kb < 500 * 1024, f"peak RSS {peak_kb // 1024} MB"
    finally:
        process.terminate()
        process.wait(30)
        if process.stderr is not None:
            process.stderr.close()


def _answer(port: int, text: str) -> list[dict]:
    """The REST reply; the port opens a moment after `ready` is said."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook",
        data=json.dumps({"sender": "memory", "message": text}).encode(),
        headers={"Content-Type": "application/json"},
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return list(json.loads(response.read()))
        except ConnectionRefusedError:
            time.sleep(0.05)
        except urllib.error.URLError as exc:
            if not isinstance(exc.reason, ConnectionRefusedError):
                raise
            time.sleep(0.05)
    raise AssertionError("the port never opened")
