"""Platform deliveries (Telegram updates, Slack events) handled once, and none lost.

Before an update is handled, this process claims it in `processed_updates` with the update as
it came; once its replies are sent the row is marked done and the payload dropped. A
redelivery is skipped when done, or while a live process holds it; it is handled again when
the claim's process is gone (same host: its pid has ended; elsewhere: it stopped renewing its
claims for `CLAIM_LIFETIME`). What a dead process left unfinished is replayed from the stored
payload at start and every `RENEW_EVERY`, since Telegram does not redeliver an update it saw
acknowledged (a webhook's 200, or the next `getUpdates` offset).

Keys are per bot: Telegram's update ids are per bot (a new token starts again), Slack's
event ids per app and workspace.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from storage import repositories as repo
from storage.repositories import DeliveryClaim
from storage.types import utcnow

log = logging.getLogger(__name__)

# A live process renews its claims this often, so a slow turn (a 20 MB download, a 429
# wait) is not taken for a dead one; a claim not renewed for CLAIM_LIFETIME is dead.
RENEW_EVERY = 10.0
CLAIM_LIFETIME = timedelta(seconds=30)


def _proc_stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name, or None without it."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[-1].split()


def _pid_namespace() -> str:
    try:
        return os.readlink("/proc/self/ns/pid").strip("pid:[]")
    except OSError:
        return ""


def _this_process() -> str:
    """This process's name in claims: host, pid namespace, pid and start time (a reused pid
    is another process), and a random part for platforms without /proc."""
    pid = os.getpid()
    stat = _proc_stat(pid)
    started = stat[19] if stat and len(stat) > 19 else uuid.uuid4().hex[:8]
    return f"{HOST}/{PID_NAMESPACE}/{pid}/{started}"


HOST = socket.gethostname()[:64]
PID_NAMESPACE = _pid_namespace()
OWNER = _this_process()


def process_gone(owner: str) -> bool:
    """Whether a claim's process is known to have ended: it ran on this host (and pid
    namespace) and its pid is gone, a zombie, or another process's now."""
    host, _, rest = owner.partition("/")
    namespace, _, rest = rest.partition("/")
    pid_text, _, started = rest.partition("/")
    if host != HOST or namespace != PID_NAMESPACE:
        return False
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    stat = _proc_stat(pid)
    if stat is not None:
        return stat[0] == "Z" or (len(stat) > 19 and stat[19] != started)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Deliveries:
    """One bot's deliveries on one channel, claimed by this process."""

    def __init__(
        self,
        factory: sessionmaker,
        channel: str,
        bot: str,
        *,
        owner: str = OWNER,
        lifetime: timedelta = CLAIM_LIFETIME,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.factory = factory
        self.channel = channel
        self.bot = bot
        self.owner = owner
        self.lifetime = lifetime
        self.clock = clock
        #: keys this process took over from a dead claim: their turn may already be stored
        self.again: set[int] = set()

    def tag(self, key: int) -> str:
        """The delivery's name in a turn's metadata (how a stored turn is found again)."""
        return f"{self.channel}:{self.bot}:{key}"

    def stale(self, owner: str | None, claimed_at: datetime | None) -> bool:
        """Whether a claim is dead: its process is gone, or it stopped renewing it."""
        if owner == self.owner:
            return False  # in flight here
        if owner is None or claimed_at is None or process_gone(owner):
            return True
        return claimed_at < self.clock() - self.lifetime

    def claim(self, key: int, payload: str | None) -> DeliveryClaim:
        """Claim a delivery before handling it; a database that is away lets it through
        (the turn then answers "please try again")."""
        try:
            claim = repo.claim_delivery(
                self.factory,
                channel=self.channel,
                bot=self.bot,
                key=key,
                owner=self.owner,
                now=self.clock(),
                stale=self.stale,
                payload=payload,
            )
        except SQLAlchemyError as exc:
            log.warning(
                f"{self.channel}.update.unrecorded",
                extra={"update_id": key, "error": type(exc).__name__},
            )
            return DeliveryClaim("handle")
        if claim.again:
            self.again.add(key)
            log.info(f"{self.channel}.update.reclaimed", extra={"update_id": key})
        elif not claim.handle:
            log.info(
                f"{self.channel}.update.duplicate",
                extra={"update_id": key, "outcome": claim.outcome},
            )
        return claim

    def finish(self, key: int) -> None:
        """Mark a delivery done: its replies were sent."""
        self.again.discard(key)
        try:
            repo.finish_delivery(
                self.factory, channel=self.channel, bot=self.bot, key=key, now=self.clock()
            )
        except SQLAlchemyError as exc:
            log.warning(
                f"{self.channel}.update.unfinished",
                extra={"update_id": key, "error": type(exc).__name__},
            )

    def renew(self) -> None:
        """Show this process alive on every claim it holds."""
        repo.renew_deliveries(
            self.factory, channel=self.channel, owner=self.owner, now=self.clock()
        )

    def orphans(self, *, every_bot: bool = False) -> list[tuple[str, int, str | None]]:
        """Unfinished deliveries whose claims are dead, oldest first: (bot, key, payload);
        of this bot, or of every bot of the channel (Slack's workspaces)."""
        rows = repo.unfinished_deliveries(
            self.factory, channel=self.channel, bot=None if every_bot else self.bot
        )
        return [
            (bot, key, payload) for bot, key, owner, at, payload in rows if self.stale(owner, at)
        ]
