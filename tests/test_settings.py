"""Settings: config.yml checked, overridden by the environment; every mistake is one line.

A mistake in `config.yml` or the environment stops any command with one line on stderr
naming the file (or the variable) and the key, exit status 2, before anything heavy loads.
The back-office commands never load Rasa or TensorFlow.
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.errors import ConfigError
from bot.logs import configure_logging
from bot.settings import load_settings, parse_duration

ROOT = Path(__file__).resolve().parent.parent
CONFIG_TEXT = (ROOT / "config.yml").read_text(encoding="utf-8")
CONFIG = yaml.safe_load(CONFIG_TEXT)
OUR_VARIABLES = (
    "COMPLAINTBOT_CONFIG",
    "COMPLAINTBOT_HTTP_HOST",
    "COMPLAINTBOT_HTTP_PORT",
    "COMPLAINTBOT_API_TOKEN",
    "DATABASE_URL",
    "REDIS_URL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_WEBHOOK_SECRET",
    "TELEGRAM_API_BASE_URL",
    "SMTP_URL",
)


def edited(change: Callable[[dict[str, Any]], Any]) -> str:
    """The project's config.yml with one thing changed."""
    config = copy.deepcopy(CONFIG)
    change(config)
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _without_team(team: str) -> Callable[[dict[str, Any]], None]:
    def change(config: dict[str, Any]) -> None:
        config["staff"] = [m for m in config["staff"] if m["team"] != team]

    return change


def _index_of_category(team: str) -> int:
    return next(i for i, c in enumerate(CONFIG["categories"]) if c["team"] == team)


def _index_of_handle(handle: str) -> int:
    return next(i for i, m in enumerate(CONFIG["staff"]) if m["handle"] == handle)


# (config text or None for no file, environment changes, fragments of the one line,
# whether the line names the config file).
CASES = [
    pytest.param(
        None, {}, ["configuration file not found", "COMPLAINTBOT_CONFIG"], True, id="missing-file"
    ),
    pytest.param("- a\n- b\n", {}, ["top level must be a mapping"], True, id="top-level-list"),
    pytest.param(
        edited(lambda c: c.update(max_message_chars="lots")),
        {},
        ["max_message_chars"],
        True,
        id="max-message-chars-not-a-number",
    ),
    pytest.param(
        edited(lambda c: c.update(max_message_chars=10)),
        {},
        ["max_message_chars"],
        True,
        id="max-message-chars-too-small",
    ),
    pytest.param(
        edited(lambda c: c["targets"]["urgent"].update(acknowledge="soon")),
        {},
        ["targets.urgent.acknowledge", "not a duration", "'soon'"],
        True,
        id="duration",
    ),
    pytest.param(
        edited(lambda c: c["targets"].pop("low")),
        {},
        ["targets", "missing low"],
        True,
        id="missing-priority",
    ),
    pytest.param(
        edited(lambda c: c["targets"].update(critical=c["targets"]["urgent"])),
        {},
        ["targets", "unknown critical"],
        True,
        id="unknown-priority",
    ),
    pytest.param(
        edited(lambda c: c["priority_keywords"].update(critical=["fire"])),
        {},
        ["priority_keywords", "'critical'"],
        True,
        id="unknown-priority-keywords",
    ),
    pytest.param(
        edited(lambda c: c.update(timezon="Asia/Seoul")),
        {},
        ["timezon:", "not permitted"],
        True,
        id="misspelt-key",
    ),
    pytest.param(
        edited(lambda c: c["http"].update(hots="0.0.0.0")),
        {},
        ["http.hots:", "not permitted"],
        True,
        id="misspelt-nested-key",
    ),
    pytest.param(
        edited(lambda c: c["http"].update(port=70000)),
        {},
        ["http.port"],
        True,
        id="port-out-of-range",
    ),
    pytest.param(
        edited(_without_team("logistics")),
        {},
        [f"categories.{_index_of_category('logistics')}.team", "unknown team 'logistics'"],
        True,
        id="category-team-without-staff",
    ),
    pytest.param(
        edited(lambda c: c.update(default_team="complaints-desk")),
        {},
        ["default_team", "unknown team 'complaints-desk'"],
        True,
        id="unknown-default-team",
    ),
    pytest.param(
        edited(lambda c: c["staff"].append(dict(c["staff"][0]))),
        {},
        [f"staff.{len(CONFIG['staff'])}.handle", "listed twice"],
        True,
        id="handle-twice",
    ),
    pytest.param(
        edited(lambda c: c["staff"][_index_of_handle("kim.minji")].update(handle="Kim Minji")),
        {},
        [f"staff.{_index_of_handle('kim.minji')}.handle", "'Kim Minji'", "not a handle"],
        True,
        id="bad-handle",
    ),
    pytest.param(
        edited(lambda c: c["staff"][0].pop("team")),
        {},
        ["staff.0.team"],
        True,
        id="staff-without-team",
    ),
    pytest.param(
        edited(lambda c: c.update(timezone="Asia/Seol")),
        {},
        ["timezone", "unknown time zone 'Asia/Seol'"],
        True,
        id="unknown-time-zone",
    ),
    pytest.param(
        edited(lambda c: c.update(phone_region="ZZ")),
        {},
        ["phone_region", "unknown phone region 'ZZ'"],
        True,
        id="unknown-phone-region",
    ),
    pytest.param(
        edited(lambda c: c.update(database_url="not a url")),
        {"DATABASE_URL": None},
        ["database_url", "not a database URL"],
        True,
        id="config-database-url",
    ),
    pytest.param(
        edited(lambda c: c.update(triage={"file_at": 0.2, "offer_at": 0.5})),
        {},
        ["triage", "offer_at must not be above file_at"],
        True,
        id="triage-out-of-order",
    ),
    pytest.param(
        edited(lambda c: c.update(triage={"file_at": 2})),
        {},
        ["triage.file_at", "less than or equal to 1"],
        True,
        id="triage-not-a-probability",
    ),
    pytest.param(
        edited(lambda c: c["products"][0].update(patterns=["SM-(R400"])),
        {},
        ["products.0.patterns.0", "'SM-(R400' is not a regular expression"],
        True,
        id="product-bad-pattern",
    ),
    pytest.param(
        edited(lambda c: c["products"][0].update(category="audio")),
        {},
        ["products", "unknown category 'audio'"],
        True,
        id="product-unknown-category",
    ),
    pytest.param(
        edited(lambda c: c["products"][0].update(alias=["buds"])),
        {},
        ["products.0.alias", "extra fields not permitted"],
        True,
        id="product-misspelt-key",
    ),
    pytest.param(
        CONFIG_TEXT,
        {"COMPLAINTBOT_HTTP_PORT": "abc"},
        ["COMPLAINTBOT_HTTP_PORT", "'abc'", "not a port number"],
        False,
        id="env-port-not-a-number",
    ),
    pytest.param(
        CONFIG_TEXT,
        {"COMPLAINTBOT_HTTP_PORT": "65536"},
        ["COMPLAINTBOT_HTTP_PORT", "'65536'"],
        False,
        id="env-port-out-of-range",
    ),
    pytest.param(
        CONFIG_TEXT,
        {"TELEGRAM_WEBHOOK_URL": "https://desk.example.com/telegram/webhook"},
        ["TELEGRAM_WEBHOOK_URL is set but TELEGRAM_BOT_TOKEN is not"],
        False,
        id="telegram-webhook-without-token",
    ),
    pytest.param(
        CONFIG_TEXT,
        {"TELEGRAM_BOT_TOKEN": "my-token"},
        ["TELEGRAM_BOT_TOKEN", "not a bot token"],
        False,
        id="telegram-not-a-token",
    ),
    pytest.param(
        CONFIG_TEXT,
        {"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_URL": "http://desk.example.com/x"},
        ["TELEGRAM_WEBHOOK_URL", "not an https URL"],
        False,
        id="telegram-webhook-not-https",
    ),
    pytest.param(
        CONFIG_TEXT,
        {"TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_WEBHOOK_SECRET": "has spaces!"},
        ["TELEGRAM_WEBHOOK_SECRET", "A-Z, a-z, 0-9"],
        False,
        id="telegram-bad-secret",
    ),
    pytest.param(
        edited(lambda c: c.update(attachments={"types": ["jpeg"]})),
        {},
        ["attachments.types.0", "'jpeg' is not a media type"],
        True,
        id="attachment-type",
    ),
    pytest.param(
        edited(lambda c: c["closing"].update(close_after="two weeks")),
        {},
        ["closing.close_after", "not a duration", "'two weeks'"],
        True,
        id="closing-close-after-not-a-duration",
    ),
    pytest.param(
        edited(lambda c: c["closing"].update(reopen_within="0d")),
        {},
        ["closing.reopen_within", "longer than nothing"],
        True,
        id="closing-reopen-within-zero",
    ),
    pytest.param(
        edited(lambda c: c["closing"].update(survey_reminder_after=2)),
        {},
        ["closing.survey_reminder_after", "not a duration"],
        True,
        id="closing-survey-reminder-a-bare-number",
    ),
    pytest.param(
        edited(lambda c: c["closing"].update(reopen_after="30d")),
        {},
        ["closing.reopen_after", "extra fields not permitted"],
        True,
        id="closing-misspelt-key",
    ),
    pytest.param(
        edited(lambda c: c["closing"].update(recourse={"en": "the Korea Consumer Agency"})),
        {},
        ["closing.recourse", "in ko too"],
        True,
        id="closing-recourse-without-korean",
    ),
    pytest.param(
        edited(lambda c: c["closing"].update(recourse="1372")),
        {},
        ["closing.recourse"],
        True,
        id="closing-recourse-not-by-language",
    ),
    pytest.param(
        CONFIG_TEXT,
        {"DATABASE_URL": "not a url"},
        ["DATABASE_URL", "not a database URL"],
        False,
        id="env-database-url",
    ),
]


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """None of our variables from the outside; the database a file that should stay unmade."""
    for name in OUR_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    database = tmp_path / "cli.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{database}")
    yield database
    configure_logging("WARNING")  # main() pointed the log handler at this test's stderr


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("✗ ")
    return lines[0]


@pytest.mark.parametrize(("config", "env", "expected", "names_file"), CASES)
def test_a_mistake_is_one_line_naming_the_file_and_key(
    config: str | None,
    env: dict[str, str | None],
    expected: list[str],
    names_file: bool,
    environment: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "config.yml"
    if config is not None:
        path.write_text(config, encoding="utf-8")
    monkeypatch.setenv("COMPLAINTBOT_CONFIG", str(path))
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)
    assert main(["complaints", "list"]) == 2
    line = _one_line(capsys)
    if names_file:
        assert str(path) in line
    for fragment in expected:
        assert fragment in line
    assert not environment.exists()  # stopped before the database was touched


def test_bad_yaml_names_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = CONFIG_TEXT.splitlines(keepends=True)
    broken = next(i for i, line in enumerate(lines) if line.strip().startswith("urgent: {"))
    lines[broken] = lines[broken].replace("}", "")  # an unclosed bracket
    path = tmp_path / "config.yml"
    path.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("COMPLAINTBOT_CONFIG", str(path))
    assert main(["complaints", "list"]) == 2
    line = _one_line(capsys)
    assert str(path) in line and "not valid YAML" in line
    reported = re.search(r"at line (\d+)", line)
    assert reported, line
    # The parser notices on the broken line or the next one (1-based).
    assert broken + 1 <= int(reported.group(1)) <= broken + 2


def test_an_empty_file_says_what_is_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "config.yml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    monkeypatch.setenv("COMPLAINTBOT_CONFIG", str(path))
    assert main(["complaints", "list"]) == 2
    line = _one_line(capsys)
    assert str(path) in line and "targets" in line


def test_a_port_in_other_digits_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """'²'.isdigit() is true but int('²') raises: still a mistake in the environment."""
    path = tmp_path / "config.yml"
    path.write_text(CONFIG_TEXT, encoding="utf-8")
    monkeypatch.setenv("COMPLAINTBOT_CONFIG", str(path))
    monkeypatch.setenv("COMPLAINTBOT_HTTP_PORT", "²")
    assert main(["complaints", "list"]) == 2
    assert "COMPLAINTBOT_HTTP_PORT" in _one_line(capsys)


def test_a_database_url_of_no_database_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A URL, but of no database SQLAlchemy knows: a mistake in the environment."""
    path = tmp_path / "config.yml"
    path.write_text(CONFIG_TEXT, encoding="utf-8")
    monkeypatch.setenv("COMPLAINTBOT_CONFIG", str(path))
    monkeypatch.setenv("DATABASE_URL", "http://example.com/complaints")
    assert main(["complaints", "list"]) == 2
    assert "DATABASE_URL" in _one_line(capsys)


def test_a_handle_with_a_trailing_newline_is_not_a_handle(tmp_path: Path) -> None:
    """Handles are lower-case letters, digits, . _ - only (`$` also matches before a final newline)."""
    index = _index_of_handle("kim.minji")
    path = tmp_path / "config.yml"
    path.write_text(
        edited(lambda c: c["staff"][index].update(handle="kim.minji\n")), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match=rf"staff\.{index}\.handle"):
        load_settings({"COMPLAINTBOT_CONFIG": str(path)})


# --- `complaintbot run` refuses an open host without a token, before anything loads ---


def _subprocess_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in OUR_VARIABLES}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'desk.db'}"
    env.update(extra)
    return env


def _open_host_env(tmp_path: Path) -> dict[str, str]:
    # The project's config copied, so its model folder is this test's: were the check
    # missing, `run` would not load the project's model and serve on 0.0.0.0.
    config = tmp_path / "config.yml"
    config.write_text(CONFIG_TEXT, encoding="utf-8")
    return _subprocess_env(
        tmp_path, COMPLAINTBOT_CONFIG=str(config), COMPLAINTBOT_HTTP_HOST="0.0.0.0"
    )


def _run(args: list[str], env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, time.monotonic() - started


def test_run_on_an_open_host_without_a_token_stops_before_the_model(tmp_path: Path) -> None:
    env = _open_host_env(tmp_path)
    result, seconds = _run(["-m", "bot", "run"], env)
    assert result.returncode == 2, result.stderr
    assert seconds < 10
    refusals = [line for line in result.stderr.splitlines() if line.startswith("✗")]
    assert len(refusals) == 1, result.stderr
    assert "COMPLAINTBOT_API_TOKEN" in refusals[0] and "'0.0.0.0'" in refusals[0]
    assert "model:" not in result.stderr and "database:" not in result.stderr
    assert not (tmp_path / "desk.db").exists()


def test_run_on_an_open_host_without_a_token_imports_no_rasa(tmp_path: Path) -> None:
    env = _open_host_env(tmp_path)
    code = (
        "import sys; from bot.cli import main; code = main(['run']); "
        "print(code, 'rasa' in sys.modules, 'tensorflow' in sys.modules)"
    )
    result, _ = _run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "2 False False"


def test_check_serving_needs_a_token_off_loopback_only(tmp_path: Path) -> None:
    path = tmp_path / "config.yml"
    path.write_text(edited(lambda c: c["http"].update(host="0.0.0.0")), encoding="utf-8")
    open_host = load_settings({"COMPLAINTBOT_CONFIG": str(path)})
    assert not open_host.loopback_only
    with pytest.raises(ConfigError, match="COMPLAINTBOT_API_TOKEN"):
        open_host.check_serving()
    with_token = load_settings(
        {"COMPLAINTBOT_CONFIG": str(path), "COMPLAINTBOT_API_TOKEN": "s3cret"}
    )
    with_token.check_serving()
    for host in ("127.0.0.1", "localhost", "::1"):
        loopback = load_settings({"COMPLAINTBOT_CONFIG": str(path), "COMPLAINTBOT_HTTP_HOST": host})
        assert loopback.loopback_only
        loopback.check_serving()


# --- the back office is quick and quiet: no Rasa, no warnings ---


def test_complaints_list_is_quiet_and_migrates_once(tmp_path: Path) -> None:
    env = _subprocess_env(tmp_path)
    first, seconds = _run(["-m", "bot", "complaints", "list"], env)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "no complaints\n"
    assert seconds < 10
    assert len(first.stderr.splitlines()) <= 1
    assert re.fullmatch(r"(• database: applied migrations [^\n]+\n)?", first.stderr)
    assert "warning" not in (first.stdout + first.stderr).lower()
    second, _ = _run(["-m", "bot", "complaints", "list"], env)
    assert second.returncode == 0, second.stderr
    assert second.stdout == "no complaints\n"
    assert second.stderr == ""


def test_complaints_list_imports_neither_rasa_nor_tensorflow(tmp_path: Path) -> None:
    code = (
        "import sys; from bot.cli import main; code = main(['complaints','list']); "
        "print('rasa' in sys.modules, 'tensorflow' in sys.modules)"
    )
    result, _ = _run(["-c", code], _subprocess_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "False False"
    assert "warning" not in result.stderr.lower()


# --- load_settings: defaults, environment overrides, paths ---


def _minimal(tmp_path: Path, **more: Any) -> Path:
    path = tmp_path / "config.yml"
    config = {
        "targets": CONFIG["targets"],
        "staff": [{"handle": "han.seojun", "team": "customer-care"}],
        **more,
    }
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def test_defaults_apply_when_keys_are_absent(tmp_path: Path) -> None:
    path = _minimal(tmp_path)
    settings = load_settings({"COMPLAINTBOT_CONFIG": str(path)})
    assert settings.config_path == path
    assert settings.http_host == "127.0.0.1" and settings.loopback_only
    assert settings.http_port == 5005
    assert settings.database_url == f"sqlite:///{tmp_path / 'var' / 'complaintbot.db'}"
    assert settings.redis_url is None and settings.api_token is None
    assert settings.action_endpoint_url is None
    assert settings.model_project == tmp_path / "nlu"
    assert settings.model_directory == tmp_path / "var" / "models"
    policy = settings.policy
    assert policy.timezone == "Asia/Seoul"
    assert policy.phone_region == "KR"
    assert policy.max_message_chars == 4000
    assert policy.default_category == "general" and policy.default_team == "customer-care"
    assert policy.categories == () and policy.priority_keywords == {}
    assert policy.roster[0].display_name == "han.seojun"  # no name: the handle
    assert policy.targets["urgent"].ack == timedelta(hours=4)
    assert policy.targets["low"].respond == timedelta(days=14)
    closing = policy.closing
    assert (closing.close_after, closing.reopen_within, closing.survey_reminder_after) == (
        timedelta(days=14),
        timedelta(days=30),
        timedelta(days=2),
    )
    assert "1372" in closing.recourse_in("ko") and "한국소비자원" in closing.recourse_in("ko")
    assert "Korea Consumer Agency" in closing.recourse_in("en")


def test_the_environment_overrides_the_file(tmp_path: Path) -> None:
    path = _minimal(tmp_path, http={"host": "127.0.0.1", "port": 6000})
    postgres = "postgresql+psycopg2://bot:pw@db.internal:5432/complaints"
    settings = load_settings(
        {
            "COMPLAINTBOT_CONFIG": str(path),
            "DATABASE_URL": postgres,
            "COMPLAINTBOT_HTTP_PORT": "8080",
            "COMPLAINTBOT_HTTP_HOST": "10.0.0.7",
            "REDIS_URL": "redis://cache:6379/0",
            "COMPLAINTBOT_API_TOKEN": "s3cret",
        }
    )
    assert settings.database_url == postgres  # not a file: left as it is
    assert settings.http_port == 8080
    assert settings.http_host == "10.0.0.7" and not settings.loopback_only
    assert settings.redis_url == "redis://cache:6379/0"
    assert settings.api_token == "s3cret"
    file_only = load_settings({"COMPLAINTBOT_CONFIG": str(path)})
    assert file_only.http_port == 6000


@pytest.mark.parametrize("source", ["config", "environment"])
def test_a_relative_sqlite_path_is_relative_to_the_config_folder(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "etc" / "complaintbot"
    folder.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    relative = "sqlite:///data/desk.db"
    path = _minimal(folder, **({"database_url": relative} if source == "config" else {}))
    env = {"COMPLAINTBOT_CONFIG": str(path)}
    if source == "environment":
        env["DATABASE_URL"] = relative
    settings = load_settings(env)
    assert settings.database_url == f"sqlite:///{folder / 'data' / 'desk.db'}"


def test_absolute_and_in_memory_sqlite_urls_are_kept(tmp_path: Path) -> None:
    path = _minimal(tmp_path)
    for url in (f"sqlite:///{tmp_path / 'abs.db'}", "sqlite://", "sqlite:///:memory:"):
        env = {"COMPLAINTBOT_CONFIG": str(path), "DATABASE_URL": url}
        assert load_settings(env).database_url == url


def test_the_project_config_is_the_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings({})
    assert settings.config_path == ROOT / "config.yml"
    assert settings.database_url == f"sqlite:///{ROOT / 'var' / 'complaintbot.db'}"
    assert settings.policy.organisation["en"] == CONFIG["organisation"]["en"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", timedelta(minutes=30)),
        ("4h", timedelta(hours=4)),
        ("2d", timedelta(days=2)),
        ("1w", timedelta(weeks=1)),
        (" 12 h ", timedelta(hours=12)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["soon", "4", "h", "4 hours", "-1d", "1.5h", ""])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(text)


def test_closing_is_read_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.yml"

    def change(config: dict[str, Any]) -> None:
        config["closing"] = {
            "close_after": "10d",
            "reopen_within": "2w",
            "survey_reminder_after": "36h",
            "recourse": {"en": "the ombudsman", "ko": "옴부즈맨"},
        }

    path.write_text(edited(change), encoding="utf-8")
    closing = load_settings({"COMPLAINTBOT_CONFIG": str(path)}).policy.closing
    assert closing.close_after == timedelta(days=10)
    assert closing.reopen_within == timedelta(weeks=2)
    assert closing.survey_reminder_after == timedelta(hours=36)
    assert (closing.recourse_in("ko"), closing.recourse_in("en")) == ("옴부즈맨", "the ombudsman")


def test_human_hours_are_read_and_checked(tmp_path) -> None:
    import yaml

    from bot.errors import ConfigError

    raw = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    raw["human_hours"] = {"days": ["mon", "sat"], "open": "10:00", "close": "16:30"}
    path = tmp_path / "config.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    hours = load_settings({"COMPLAINTBOT_CONFIG": str(path)}).policy.human_hours
    assert (hours.days, str(hours.opens), str(hours.closes)) == ((0, 5), "10:00:00", "16:30:00")
    raw["human_hours"] = {"days": ["someday"]}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"human_hours\.days"):
        load_settings({"COMPLAINTBOT_CONFIG": str(path)})


def test_the_telegram_token_is_never_shown_in_settings() -> None:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": "123456:SECRET-value"})
    assert settings.telegram is not None and settings.telegram.mode == "polling"
    assert "SECRET-value" not in repr(settings)
    assert "SECRET-value" not in settings.telegram.webhook_secret  # derived, not the token


def test_slack_settings_from_the_environment_and_their_mistakes() -> None:
    from bot.errors import ConfigError

    assert load_settings({}).slack is None
    secret = "8f742231b10e8888abcd99111222285a5"[:32]
    http = load_settings({"SLACK_BOT_TOKEN": "xoxb-1-2-secret", "SLACK_SIGNING_SECRET": secret})
    assert http.slack is not None and http.slack.mode == "http"
    assert "xoxb-1-2-secret" not in repr(http) and secret not in repr(http)
    socket = load_settings({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert socket.slack is not None and socket.slack.mode == "socket"
    mistakes = {
        "not a bot token": {"SLACK_BOT_TOKEN": "xoxp-user", "SLACK_SIGNING_SECRET": "s"},
        "SLACK_SIGNING_SECRET is needed": {"SLACK_BOT_TOKEN": "xoxb-1"},
        "not an app-level token": {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xoxb-2"},
        "SLACK_BOT_TOKEN is not": {"SLACK_SIGNING_SECRET": "s"},
        # a token pasted where the signing secret goes
        "not a signing secret": {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "xoxb-1"},
    }
    for message, env in mistakes.items():
        with pytest.raises(ConfigError, match=message):
            load_settings(env)


def test_staff_roles_languages_and_team_channels_are_checked(tmp_path) -> None:
    import yaml

    from bot.errors import ConfigError

    raw = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))
    path = tmp_path / "config.yml"
    raw["slack"] = {"team_channels": {"billing": "C0BILLING"}, "language": "en"}
    raw["staff"][6] = {**raw["staff"][6], "slack_user_id": "U0HANA", "role": "supervisor"}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    policy = load_settings({"COMPLAINTBOT_CONFIG": str(path)}).policy
    assert policy.team_channels == {"billing": "C0BILLING"}
    hana = policy.slack_staff("U0HANA")
    assert hana is not None and (hana.handle, hana.role, hana.language) == (
        "jung.hana",
        "supervisor",
        "en",
    )
    for change, where in (
        ({"slack": {"team_channels": {"nobody": "C0X"}}}, r"slack\.team_channels\.nobody"),
        ({"slack": {"team_channels": {"billing": "general"}}}, r"slack\.team_channels"),
        ({"staff": [{**raw["staff"][0], "role": "boss"}]}, r"staff\.0\.role"),
        ({"staff": [{**raw["staff"][0], "slack_user_id": "@kim"}]}, r"staff\.0\.slack_user_id"),
    ):
        path.write_text(yaml.safe_dump({**raw, **change}, allow_unicode=True), encoding="utf-8")
        with pytest.raises(ConfigError, match=where):
            load_settings({"COMPLAINTBOT_CONFIG": str(path)})
