"""`make bench`: our pipeline against Rasa's default one on the same data and journeys.

Prints turn latency (one conversation at a time), saturation throughput (50 concurrent
conversations), REST-route figures, model load time, peak memory, and held-out intent
accuracy per language. Each pipeline is measured in a subprocess of its own so that peak
memory and load time are its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from bot.dialogue import Dialogue
    from bot.settings import Settings
    from bot.wiring import Database

ROOT = Path(__file__).resolve().parent.parent
NLU = ROOT / "nlu"
WORK = ROOT / "var" / "bench"
DEFAULT_CONFIG = {
    # `rasa init`'s config, plus our language tagger so both answer in the same language.
    "recipe": "default.v1",
    "assistant_id": "bench-default",
    "language": "en",
    "pipeline": [
        {"name": "WhitespaceTokenizer"},
        {"name": "RegexFeaturizer"},
        {"name": "LexicalSyntacticFeaturizer"},
        {"name": "CountVectorsFeaturizer"},
        {"name": "CountVectorsFeaturizer", "analyzer": "char_wb", "min_ngram": 1, "max_ngram": 4},
        {"name": "DIETClassifier", "epochs": 100, "constrain_similarities": True},
        {"name": "EntitySynonymMapper"},
        {"name": "ResponseSelector", "epochs": 100, "constrain_similarities": True},
        {"name": "FallbackClassifier", "threshold": 0.3, "ambiguity_threshold": 0.1},
        {"name": "RegexEntityExtractor", "case_sensitive": False, "use_lookup_tables": False},
        {"name": "nlu.components.extractors.LanguageDetector"},
    ],
    "policies": [
        {"name": "MemoizationPolicy"},
        {"name": "RulePolicy"},
        {"name": "UnexpecTEDIntentPolicy", "max_history": 5, "epochs": 100},
        {"name": "TEDPolicy", "max_history": 5, "epochs": 100, "constrain_similarities": True},
    ],
}
EN_JOURNEY = [
    "hello",
    "my washing machine arrived with a cracked door and nobody answers the phone",
    "Replacement",
    "yesterday",
    "Jane Smith",
    "jane@example.com",
    "yes",
]
KO_JOURNEY = [
    "안녕하세요",
    "지난주에 주문한 노트북이 아직도 안 왔어요",
    "환불",
    "김민지",
    "010-1234-5678",
    "네",
]


def _project(kind: str, data_dir: Path | None = None) -> Path:
    """A Rasa project folder for a pipeline kind (ours is nlu/ itself)."""
    if kind == "ours" and data_dir is None:
        return NLU
    target = WORK / f"{kind}-{'split' if data_dir else 'full'}"
    target.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((NLU / "config.yml").read_text()) if kind == "ours" else DEFAULT_CONFIG
    (target / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    (target / "domain.yml").write_text((NLU / "domain.yml").read_text())
    data = target / "data"
    if data.exists():
        for f in data.glob("*.yml"):
            f.unlink()
    data.mkdir(exist_ok=True)
    source = data_dir or NLU / "data"
    for f in source.glob("*.yml"):
        (data / f.name).write_text(f.read_text())
    if data_dir is not None:
        for f in (NLU / "data").glob("*.yml"):
            if f.name.startswith(("rules", "regexes")):
                (data / f.name).write_text(f.read_text())
    return target


def _split(seed: int = 7) -> tuple[Path, dict[str, list[tuple[str, str]]]]:
    """An 80/20 split per intent and language; the 20 % is returned for testing."""
    rng = random.Random(seed)
    train_dir = WORK / "split-data"
    train_dir.mkdir(parents=True, exist_ok=True)
    held: dict[str, list[tuple[str, str]]] = {}
    for language in ("en", "ko"):
        source = yaml.safe_load((NLU / "data" / f"nlu_{language}.yml").read_text())
        kept = []
        held[language] = []
        for item in source["nlu"]:
            lines = [line[2:] for line in item["examples"].splitlines() if line.startswith("- ")]
            rng.shuffle(lines)
            cut = max(1, len(lines) // 5)
            for line in lines[:cut]:
                plain = _strip_annotations(line)
                held[language].append((plain, item["intent"]))
            kept.append(
                {"intent": item["intent"], "examples": "".join(f"- {x}\n" for x in lines[cut:])}
            )
        (train_dir / f"nlu_{language}.yml").write_text(
            yaml.safe_dump({"version": "3.1", "nlu": kept}, allow_unicode=True)
        )
    return train_dir, held


def _strip_annotations(line: str) -> str:
    import re

    return re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", line)


def _train(project: Path, name: str, nlu_only: bool = False) -> tuple[Path, float]:
    """Train with the project's one trainer, or reuse the model trained from identical
    files (training time then reads 0)."""
    from bot.training import train

    started = time.perf_counter()
    target, trained = train(project, WORK / "models", name=name, nlu_only=nlu_only)
    return target, (time.perf_counter() - started) if trained else 0.0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _rasa_serving(settings: Settings, database: Database, model: Path) -> Dialogue:
    """Rasa as shipped around a model: its dask graph runner, its default (in-memory)
    tracker store, its per-call check of action results. Only the actions and the
    complaints database are ours, since the journeys need them."""
    import bot.runtime

    from bot.wiring import build_dialogue

    bot.runtime.uninstall()  # a fresh process has nothing installed; this makes sure
    dialogue = build_dialogue(settings, database, model, stock_rasa=True)
    assert not bot.runtime.installed()
    return dialogue


async def _measure(
    model: Path, journeys: int, concurrency: int, rest: bool, serving: str
) -> dict[str, float]:
    import rasa.core.agent  # noqa: F401
    from aiohttp import ClientSession, web

    # Imported before the clock starts: "model load" is Agent.load, not importing Rasa.
    import bot.dialogue  # noqa: F401
    from bot.settings import load_settings
    from bot.wiring import build_dialogue, build_server, prepare_database
    from handlers.identity import Identity

    db_file = Path(tempfile.mkdtemp()) / "bench.db"
    settings = replace(load_settings(), database_url=f"sqlite:///{db_file}")
    database = prepare_database(settings)
    started = time.perf_counter()
    if serving == "rasa":
        dialogue = _rasa_serving(settings, database, model)
    else:
        dialogue = build_dialogue(settings, database, model)
    load_seconds = time.perf_counter() - started
    if serving == "ours":
        from bot.wiring import settle_after_load

        settle_after_load()  # as `complaintbot run` does
    turns = [EN_JOURNEY, KO_JOURNEY]

    async def journey(send, i: int, timings: list[float] | None) -> int:
        sender = f"bench-{uuid.uuid4().hex[:10]}"
        count = 0
        reference = None
        for text in turns[i % 2] + ["status of REF"]:
            if text == "status of REF":
                text = f"status of {reference}" if reference else "show my complaints"
            t0 = time.perf_counter()
            replies = await send(sender, text)
            if timings is not None:
                timings.append(time.perf_counter() - t0)
            count += 1
            for r in replies:
                text_of = r.get("text") if isinstance(r, dict) else r.text
                for word in (text_of or "").split():
                    if word.startswith("CMP-") and len(word) >= 13:
                        reference = word[:13]
        return count

    async def direct(sender: str, text: str) -> list:
        return await dialogue.handle(Identity("rest", sender), text)

    # warm-up
    await journey(direct, 0, None)
    await journey(direct, 1, None)
    results: dict[str, float] = {"load_s": load_seconds}

    timings: list[float] = []
    for i in range(journeys):
        await journey(direct, i, timings)
    results.update(
        p50=_percentile(timings, 0.5),
        p95=_percentile(timings, 0.95),
        p99=_percentile(timings, 0.99),
    )

    async def saturate(send, seconds: float = 20.0) -> float:
        stop = time.perf_counter() + seconds
        total = 0

        async def worker(k: int) -> None:
            nonlocal total
            i = k
            while time.perf_counter() < stop:
                # not `total += await …`: that reads `total` before awaiting and loses
                # the other workers' counts
                turns = await journey(send, i, None)
                total += turns
                i += 1

        t0 = time.perf_counter()
        await asyncio.gather(*(worker(k) for k in range(concurrency)))
        return total / (time.perf_counter() - t0)

    results["throughput"] = await saturate(direct)

    if rest:
        server = build_server(settings, database, dialogue)
        runner = web.AppRunner(server.app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        async with ClientSession() as http:

            async def via_rest(sender: str, text: str) -> list[dict]:
                async with http.post(
                    f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                    json={"sender": sender, "message": text},
                ) as response:
                    return await response.json()

            rest_timings: list[float] = []
            for i in range(journeys):
                await journey(via_rest, i, rest_timings)
            results.update(
                rest_p50=_percentile(rest_timings, 0.5), rest_p99=_percentile(rest_timings, 0.99)
            )
            results["rest_throughput"] = await saturate(via_rest, 15.0)
        await runner.cleanup()
        if serving == "ours":
            results.update(
                await _telegram(settings, database, dialogue, journey, saturate, journeys)
            )
    results["peak_rss_mb"] = _peak_rss_mb()
    return results


async def _telegram(
    settings, database, dialogue, journey, saturate, journeys: int
) -> dict[str, float]:
    """The Telegram webhook path: an update POSTed to /telegram/webhook until the local fake
    Bot API has the `sendMessage` (the route answers after the turn, so the POST's round
    trip is that time), one at a time and saturated, as the REST route is measured."""
    import hashlib

    from aiohttp import ClientSession, web

    from bot.channels.telegram import SECRET_HEADER
    from bot.settings import TelegramSettings
    from bot.wiring import build_server
    from tests.fakes.telegram import FakeBotAPI, Updates

    fake = FakeBotAPI()
    await fake.start()
    telegram = TelegramSettings(
        fake.token, "http://127.0.0.1:9/telegram/webhook", "bench-secret", fake.url
    )
    server = build_server(replace(settings, telegram=telegram), database, dialogue)
    runner = web.AppRunner(server.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    chats: dict[str, Updates] = {}
    results: dict[str, float] = {}
    async with ClientSession() as http:

        async def via_telegram(sender: str, text: str) -> list[dict]:
            if sender not in chats:
                chat = int(hashlib.sha256(sender.encode()).hexdigest()[:8], 16)
                chats[sender] = Updates(
                    chat, "ko" if any("가" <= c <= "힣" for c in text) else "en"
                )
            updates = chats[sender]
            before = len(fake.sent(updates.user_id))
            async with http.post(
                f"http://127.0.0.1:{port}/telegram/webhook",
                json=updates.message(text),
                headers={SECRET_HEADER: "bench-secret"},
            ) as response:
                response.raise_for_status()
            return [{"text": t} for t in fake.texts(updates.user_id)[before:]]

        timings: list[float] = []
        for i in range(journeys):
            await journey(via_telegram, i, timings)
        results.update(
            telegram_p50=_percentile(timings, 0.5), telegram_p99=_percentile(timings, 0.99)
        )
        results["telegram_throughput"] = await saturate(via_telegram, 15.0)
    await runner.cleanup()
    await fake.stop()
    results.update(
        await _telegram_polling(settings, database, dialogue, journey, saturate, journeys)
    )
    return results


async def _telegram_polling(
    settings, database, dialogue, journey, saturate, journeys: int
) -> dict[str, float]:
    """Long polling: an update queued on the fake Bot API for `getUpdates` until the fake has
    the `sendMessage`, one at a time and saturated, as the webhook is measured."""
    import hashlib

    from bot.settings import TelegramSettings
    from bot.wiring import telegram_channel
    from tests.fakes.telegram import FakeBotAPI, Updates

    fake = FakeBotAPI()
    await fake.start()
    polling = TelegramSettings(fake.token, None, "bench-secret", fake.url)
    channel = telegram_channel(replace(settings, telegram=polling), database, dialogue)
    await channel.start()
    chats: dict[str, Updates] = {}
    results: dict[str, float] = {}

    async def via_polling(sender: str, text: str) -> list[dict]:
        if sender not in chats:
            chat = int(hashlib.sha256(sender.encode()).hexdigest()[:8], 16)
            chats[sender] = Updates(chat, "ko" if any("가" <= c <= "힣" for c in text) else "en")
        updates = chats[sender]
        sent = fake.expect_sent(updates.user_id)
        fake.queue_update(updates.message(text))
        call = await asyncio.wait_for(sent, 30)
        return [{"text": call.params.get("text", "")}]

    try:
        timings: list[float] = []
        for i in range(journeys):
            await journey(via_polling, i, timings)
        results.update(
            polling_p50=_percentile(timings, 0.5), polling_p99=_percentile(timings, 0.99)
        )
        results["polling_throughput"] = await saturate(via_polling, 15.0)
    finally:
        await channel.stop()
        await fake.stop()
    return results


def _peak_rss_mb() -> float:
    """This process's peak resident memory.

    Not getrusage's ru_maxrss: Linux carries it across fork+exec, so a child started by a
    parent that had trained a model reported the parent's peak. VmHWM belongs to the new
    address space.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _accuracy(model: Path, held: dict[str, list[tuple[str, str]]]) -> dict[str, float]:
    import bot.runtime  # noqa: F401  (before Rasa: see bot/runtime/preload.py)

    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def run() -> dict[str, float]:
        # Two readings: the intent the pipeline answers (a low-confidence answer becomes
        # nlu_fallback, which counts as wrong), and the classifier's best real intent.
        scores = {}
        for language, items in held.items():
            answered = ranked = 0
            for text, intent in items:
                parsed = await agent.parse_message(text)
                answered += parsed["intent"]["name"] == intent
                best = [r for r in parsed.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
                ranked += bool(best) and best[0]["name"] == intent
            scores[language] = answered / len(items)
            scores[f"{language}_ranked"] = ranked / len(items)
        return scores

    return asyncio.run(run())


def child(args: argparse.Namespace) -> None:
    """Measure one pipeline in this process and print JSON."""
    from bot.logs import configure_logging

    configure_logging("ERROR")
    results = asyncio.run(
        _measure(Path(args.model), args.journeys, args.concurrency, rest=True, serving=args.serving)
    )
    print(json.dumps(results))


def _child(model: Path, serving: str, args: argparse.Namespace) -> dict[str, float]:
    """Measure one configuration in a fresh process; its JSON figures."""
    # Rasa's default pipeline (DIET, TED) runs TensorFlow; ours is served without it
    tensorflow = "0" if model.name.startswith("ours") else "1"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--child",
            "--model",
            str(model),
            "--serving",
            serving,
            "--journeys",
            str(args.journeys),
            "--concurrency",
            str(args.concurrency),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "COMPLAINTBOT_TENSORFLOW": tensorflow},
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _best(results: list[dict[str, float]]) -> dict[str, float]:
    """Each figure's best round: highest throughput, lowest time, highest memory (the
    conservative reading of a peak)."""
    best = {}
    for key in results[0]:
        values = [r[key] for r in results]
        best[key] = max(values) if "throughput" in key or key == "peak_rss_mb" else min(values)
    return best


def main() -> None:
    """Train both pipelines, measure each in its own process, print the comparison."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", action="store_true")
    parser.add_argument("--model")
    parser.add_argument("--serving", choices=("ours", "rasa"), default="ours")
    parser.add_argument("--journeys", type=int, default=30)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    os.environ.setdefault("COMPLAINTBOT_TENSORFLOW", "1")  # it trains the default pipeline
    import bot.runtime  # noqa: F401  (before Rasa: see bot/runtime/preload.py)

    from bot.logs import configure_logging

    configure_logging("ERROR")
    WORK.mkdir(parents=True, exist_ok=True)
    print("training both pipelines on the same data (the default one takes minutes)…", flush=True)
    ours, ours_train = _train(_project("ours"), "ours")
    default, default_train = _train(_project("default"), "default")
    print(
        f"  training: ours {ours_train:.0f} s, default {default_train:.0f} s (0 = reused, files unchanged)",
        flush=True,
    )
    runs = (
        ("ours", ours, "ours", "our pipeline, our serving"),
        ("default", default, "rasa", "Rasa's default pipeline, served as Rasa ships it"),
        ("default_ours", default, "ours", "Rasa's default pipeline on our serving"),
    )
    # This machine's speed drifts (the same loop ran 0.43-0.75 s within a minute), so the
    # configurations take turns, round after round, and each figure is its best round:
    # the least disturbed measurement of each, as `timeit` reports its minimum.
    rounds: dict[str, list[dict[str, float]]] = {name: [] for name, *_ in runs}
    for round_number in range(1, args.rounds + 1):
        for name, model, serving, label in runs:
            print(
                f"round {round_number}/{args.rounds}, {label}: {args.journeys} journeys one "
                f"at a time, then {args.concurrency} concurrent…",
                flush=True,
            )
            rounds[name].append(_child(model, serving, args))
    figures = {name: _best(results) for name, results in rounds.items()}
    print(
        f"held-out intent accuracy (80/20 split per intent and language, {sum(len(v) for v in _split()[1].values())} phrases)…",
        flush=True,
    )
    split_dir, held = _split()
    acc = {}
    for name in ("ours", "default"):
        model, _ = _train(_project(name, split_dir), f"{name}-split", nlu_only=True)
        acc[name] = _accuracy(model, held)
    o, d, s = figures["ours"], figures["default"], figures["default_ours"]
    print()
    print("A = Rasa's default pipeline served as Rasa ships it (dask runner, in-memory tracker")
    print("    store, per-call action-result check); the targets compare with A.")
    print("B = Rasa's default pipeline on our serving (same runner, tracker store, checks as")
    print("    ours): what the pipeline choice alone is worth.")
    print()
    print(f"{'':34}{'ours':>9}{'A':>9}{'ours/A':>8}{'B':>9}{'ours/B':>8}")
    rows = [
        ("turn latency p50 (ms, in-process)", "p50", 1000),
        ("turn latency p95 (ms, in-process)", "p95", 1000),
        ("turn latency p99 (ms, in-process)", "p99", 1000),
        ("saturation (turns/s, 50 conv.)", "throughput", 1),
        ("REST latency p50 (ms)", "rest_p50", 1000),
        ("REST latency p99 (ms)", "rest_p99", 1000),
        ("REST saturation (turns/s)", "rest_throughput", 1),
        ("model load (s)", "load_s", 1),
        ("peak memory (MB)", "peak_rss_mb", 1),
    ]
    for label, key, scale in rows:
        mine, a, b = o[key] * scale, d[key] * scale, s[key] * scale
        print(f"{label:34}{mine:9.1f}{a:9.1f}{mine / a:8.2f}{b:9.1f}{mine / b:8.2f}")
    print()
    print(
        f"{'ours: Telegram webhook vs REST':34}{'Telegram':>9}{'REST':>9}{'T/REST':>8}  (target ≤ 1.5× latency, ≥ 1/1.5 throughput)"
    )
    for label, key, rest_key, scale in (
        ("latency p50 (ms)", "telegram_p50", "rest_p50", 1000),
        ("latency p99 (ms)", "telegram_p99", "rest_p99", 1000),
        ("saturation (updates or turns/s)", "telegram_throughput", "rest_throughput", 1),
    ):
        mine, theirs = o[key] * scale, o[rest_key] * scale
        print(f"{'  ' + label:34}{mine:9.1f}{theirs:9.1f}{mine / theirs:8.2f}")
    print(f"{'ours: Telegram long polling vs REST':34}{'polling':>9}{'REST':>9}{'P/REST':>8}")
    for label, key, rest_key, scale in (
        ("latency p50 (ms)", "polling_p50", "rest_p50", 1000),
        ("latency p99 (ms)", "polling_p99", "rest_p99", 1000),
        ("saturation (updates or turns/s)", "polling_throughput", "rest_throughput", 1),
    ):
        mine, theirs = o[key] * scale, o[rest_key] * scale
        print(f"{'  ' + label:34}{mine:9.1f}{theirs:9.1f}{mine / theirs:8.2f}")
    for name, label in (("ours", "ours"), ("default", "A"), ("default_ours", "B")):
        each = ", ".join(f"{r['throughput']:.0f}" for r in rounds[name])
        print(f"{'  saturation per round, ' + label:34}{each}")
    accuracy = [
        ("intent accuracy en (%)", "en"),
        ("intent accuracy ko (%)", "ko"),
        ("  best real intent en (%)", "en_ranked"),
        ("  best real intent ko (%)", "ko_ranked"),
    ]
    for label, key in accuracy:
        mine, theirs = acc["ours"][key] * 100, acc["default"][key] * 100
        print(f"{label:34}{mine:9.1f}{theirs:9.1f}{mine - theirs:+8.1f}  (difference in points)")
    print()
    from bench import real

    result = real.measure(ours)
    if result is None:
        print(f"real customer messages: not found at {real.eval_dir()} (COMPLAINTBOT_EVAL_REAL)")
    else:
        print(f"real customer messages ({real.eval_dir()}), each opening a new conversation:")
        print("\n".join(real.report(result)))


if __name__ == "__main__":
    main()
