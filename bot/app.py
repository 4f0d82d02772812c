"""Wiring: builds the database, the dialogue and the HTTP server from settings. Nothing else wires."""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass
from pathlib import Path

from rasa.utils.endpoints import EndpointConfig
from rasa_sdk.executor import ActionExecutor
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker

from bot.config import Settings
from bot.dialogue import (
    Dialogue,
    InProcessActionEndpoint,
    lock_store_for,
    tracker_store_for,
)
from bot.model import train
from handlers.actions import ActionContext, build_actions
from storage import repositories as repo
from storage.db import make_engine, make_session_factory, transaction
from storage.migrate import upgrade

log = logging.getLogger(__name__)


@dataclass
class Database:
    """The engine and session factory of our tables."""

    engine: Engine
    factory: sessionmaker


def prepare_database(settings: Settings) -> Database:
    """Apply migrations and load the staff roster from config."""
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        repo.sync_staff(session, roster=settings.policy.roster)
    return Database(engine, factory)


def action_executor(settings: Settings, factory: sessionmaker) -> ActionExecutor:
    """rasa_sdk's executor with every custom action bound to its dependencies."""
    executor = ActionExecutor()
    for action in build_actions(ActionContext(factory=factory, policy=settings.policy)):
        executor.register_action(action)
    return executor


def action_endpoint(settings: Settings, factory: sessionmaker) -> EndpointConfig:
    """In-process actions by default; a separate action server when configured."""
    if settings.action_endpoint_url:
        return EndpointConfig(url=settings.action_endpoint_url)
    return InProcessActionEndpoint(action_executor(settings, factory))


def ensure_model(settings: Settings) -> Path:
    """The up-to-date model, trained first if it is missing or stale."""
    path, trained = train(settings.model_project, settings.model_directory)
    if trained:
        log.info("model.trained", extra={"path": str(path)})
    return path


def build_dialogue(settings: Settings, database: Database, model: Path) -> Dialogue:
    """The Rasa agent with our tracker store, lock store and actions."""
    return Dialogue.load(
        model,
        # Several processes share conversations only through Redis locks; then no cache.
        tracker_store=tracker_store_for(settings.database_url, cached=not settings.redis_url),
        lock_store=lock_store_for(settings.redis_url),
        action_endpoint=action_endpoint(settings, database.factory),
        max_message_chars=settings.policy.max_message_chars,
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
