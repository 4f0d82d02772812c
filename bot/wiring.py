"""Wiring: builds the database, the dialogue and the HTTP server from settings. Nothing else wires.

Rasa is imported only by the functions that need it, so back-office commands that touch
the database alone (`complaints`, `db upgrade`) start in well under two seconds.
"""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.settings import Settings
from bot.workers import DatabaseWorkers
from storage import repositories as repo
from storage.db import make_engine, make_session_factory, transaction
from storage.migrate import upgrade

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from rasa.utils.endpoints import EndpointConfig
    from rasa_sdk.executor import ActionExecutor

    from bot.channels.base import Notices
    from bot.channels.telegram import TelegramChannel
    from bot.dialogue import Dialogue
    from bot.jobs.outbox import Sender
    from bot.server.app import Server


@dataclass
class Database:
    """The engine and session factory of our tables (Rasa's tracker store shares the engine)."""

    engine: Engine
    factory: sessionmaker
    # the threads every use case runs on, off the event loop (see bot/workers.py)
    workers: DatabaseWorkers = field(init=False)

    def __post_init__(self) -> None:
        self.workers = DatabaseWorkers(self.engine)


def prepare_database(settings: Settings, say: Callable[[str], None] | None = None) -> Database:
    """Apply any pending migrations and load the staff roster from config."""
    engine = make_engine(settings.database_url)
    applied = upgrade(engine)
    if applied and say:
        say(f"• database: applied migrations {', '.join(applied)}")
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        repo.sync_staff(session, roster=settings.policy.roster)
    return Database(engine, factory)


def model(settings: Settings, say: Callable[[str], None] | None = None) -> Path:
    """The up-to-date model, trained first if it is missing or stale."""
    from bot.training import train

    path, trained = train(settings.model_project, settings.model_directory, say=say)
    if say:
        say(f"• model: {'trained' if trained else 'up to date'} ({path.name})")
    return path


def action_executor(settings: Settings, factory: sessionmaker) -> ActionExecutor:
    """rasa_sdk's executor with every custom action bound to its dependencies."""
    from rasa_sdk.executor import ActionExecutor

    from handlers.actions import ActionContext, build_actions

    executor = ActionExecutor()
    context = ActionContext(
        factory=factory,
        policy=settings.policy,
        responses=responses(settings.model_project),
        files=settings.attachments.directory,
    )
    for action in build_actions(context):
        executor.register_action(action)
    return executor


def responses(project: Path) -> dict[str, Any]:
    """The domain's responses, for actions that put one message together from several
    (Rasa sends custom actions no domain unless asked, and the whole of it then)."""
    import yaml

    domain = yaml.safe_load((project / "domain.yml").read_text(encoding="utf-8")) or {}
    return dict(domain.get("responses") or {})


def action_endpoint(
    settings: Settings, factory: sessionmaker, workers: DatabaseWorkers | None = None
) -> EndpointConfig:
    """In-process actions by default (run on `workers`, off the event loop); a separate
    action server when configured."""
    from bot.runtime.actions import InProcessActionEndpoint

    from rasa.utils.endpoints import EndpointConfig

    from handlers.actions import WITHOUT_HISTORY

    if settings.action_endpoint_url:
        return EndpointConfig(url=settings.action_endpoint_url)
    return InProcessActionEndpoint(
        action_executor(settings, factory), workers, without_history=WITHOUT_HISTORY
    )


def build_dialogue(
    settings: Settings, database: Database, model: Path, *, stock_rasa: bool = False
) -> Dialogue:
    """The Rasa agent with our tracker store, lock store and actions.

    `stock_rasa` runs Rasa as shipped (Rasa's in-memory tracker store, dask, no runtime
    changes): the benchmark's baseline.
    """
    from bot.runtime.lock_store import lock_store_for
    from bot.runtime.tracker_store import tracker_store_for

    from bot.dialogue import Dialogue

    if stock_rasa:
        from rasa.core.tracker_store import InMemoryTrackerStore

        tracker_store = InMemoryTrackerStore(None)  # the Agent gives it the domain
    else:
        # Several processes share conversations through Redis locks: each brings its cache up
        # to date from the rows the others stored.
        tracker_store = tracker_store_for(
            database.engine, cached=True, shared=bool(settings.redis_url)
        )
    return Dialogue.load(
        model,
        tracker_store=tracker_store,
        lock_store=lock_store_for(settings.redis_url, lifetime=settings.turn_lock_seconds),
        action_endpoint=action_endpoint(settings, database.factory, database.workers),
        max_message_chars=settings.policy.max_message_chars,
        stock_rasa=stock_rasa,
    )


def waiting_notices(database: Database) -> Notices:
    """What staff sent a REST or console customer since their last message."""
    from handlers.casework import waiting_notices as waiting
    from storage.types import utcnow

    def notices(channel: str, user_id: str) -> list[tuple[str, Mapping[str, Any]]]:
        return waiting(database.factory, channel=channel, user_id=user_id, now=utcnow())

    return notices


def build_server(settings: Settings, database: Database, dialogue: Dialogue) -> Server:
    """The HTTP server with every configured channel mounted."""
    from bot.channels.rest import RestChannel
    from bot.server.app import Server
    from bot.server.files import Files, signed_link

    server = Server(
        dialogue, database.engine, api_token=settings.api_token, workers=database.workers
    )
    server.mount(RestChannel(dialogue, token=settings.api_token, notices=waiting_notices(database)))
    files = Files(database.factory, settings.attachments.directory, settings.api_token)
    server.routes += files.routes()  # the files customers sent, for staff
    from bot.channels.web import Attempts, RedisAttempts, WebChannel
    from bot.server.clients import Proxies

    # the page at `/` (how to complain, the chat widget) and `/status`
    attempts = RedisAttempts.from_url(settings.redis_url) if settings.redis_url else Attempts()
    server.mount(
        WebChannel(
            dialogue,
            database.factory,
            settings.policy,
            notices=waiting_notices(database),
            attempts=attempts,
            proxies=Proxies(settings.trusted_proxies),
            workers=database.workers,
        )
    )
    if isinstance(attempts, RedisAttempts):
        server.stopping.append(attempts.close)
    senders: dict[str, Sender] = {}
    if settings.telegram is not None:
        telegram = telegram_channel(settings, database, dialogue)
        server.mount(telegram)
        senders[telegram.name] = telegram.sender()
    if settings.slack is not None:
        from bot.channels.slack import SlackChannel

        slack = SlackChannel(
            dialogue, database.factory, settings.policy, settings.slack, workers=database.workers
        )
        if settings.public_url and settings.api_token:
            slack.file_link = functools.partial(
                signed_link, settings.public_url, settings.api_token
            )
        server.mount(slack)
        senders[slack.name] = slack.sender()
    if settings.email is not None:
        from bot.channels.email import EmailSender

        # customers of REST, the web page and the console who gave an e-mail address
        email = EmailSender(dialogue.render, settings.email, settings.policy.organisation)
        senders[email.channel] = email
    if senders:
        from bot.jobs.outbox import OutboxDispatcher, RedisPacer

        # one pace per recipient for every process on one Redis; per process without it
        pacer = RedisPacer(settings.redis_url) if settings.redis_url else None
        dispatcher = OutboxDispatcher(database.factory, senders, pacer=pacer)

        async def start_dispatcher() -> None:
            dispatcher.start()

        server.starting.append(start_dispatcher)
        server.stopping.append(dispatcher.stop)
    from bot.jobs.scheduler import ChaseScheduler

    chaser = ChaseScheduler(
        database.factory,
        settings.policy,
        settings.chase,
        observe=server.metrics.sweep_finished,
        workers=database.workers,
        files=settings.attachments.directory,
    )

    async def start_chasing() -> None:
        chaser.start()

    server.starting.append(start_chasing)
    server.stopping.append(chaser.stop)
    if settings.digest is not None:
        weekly_digest(server, settings, database)
    return server


def weekly_digest(server: Server, settings: Settings, database: Database) -> None:
    """Post the weekly digest (`reports:`) when Slack is configured to send it."""
    if settings.slack is None:
        log.warning("digest.off", extra={"reason": "reports.weekly is set but Slack is not"})
        return
    from bot.jobs.digest import WeeklyDigest

    assert settings.digest is not None
    digest = WeeklyDigest(
        database.factory, settings.policy, settings.digest, workers=database.workers
    )

    async def start_digest() -> None:
        digest.start()

    server.starting.append(start_digest)
    server.stopping.append(digest.stop)


def telegram_channel(settings: Settings, database: Database, dialogue: Dialogue) -> TelegramChannel:
    """The Telegram channel as configured (`TELEGRAM_*`)."""
    from bot.channels.telegram import TelegramChannel
    from handlers.attachments import Limits

    assert settings.telegram is not None
    rules = settings.attachments
    return TelegramChannel(
        dialogue,
        database.factory,
        settings.telegram,
        Limits(rules.directory, rules.max_bytes, rules.types),
        settings.policy,
    )


def settle_after_load() -> None:
    """Tune the garbage collector for serving, once the model and code are loaded.

    Rasa, TensorFlow and the model leave ~530,000 long-lived objects that every full
    collection walked again: under load one took ~0.3 s, stalling every conversation, and
    collections took ~4 % of the CPU. Frozen, they are never walked; with a larger first
    generation the short-lived objects of a turn mostly die before a collection.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
