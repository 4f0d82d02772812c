"""Slack: the staff's workplace (cards, buttons, the respond modal, slash commands) and a
channel for internal customers who DM the app.

Built on slack-bolt's `AsyncApp`. In HTTP mode Slack posts events, interactivity and slash
commands to `POST /slack/events`; Bolt checks the signature (a bad or stale one is 401) and
acknowledges within Slack's 3 seconds, the work going on after the acknowledgement. With
`SLACK_APP_TOKEN` the same app runs over Socket Mode instead. A retried event (Slack sends
`X-Slack-Retry-Num` with the same `event_id`) is processed once, also across a restart; an
event whose process died mid-turn is handled again (`bot/channels/deliveries.py`).

The staff actions are `handlers/casework.py`'s use cases; what they change reaches Slack
through the outbox (`SlackSender`): DMs, the team channel's card (posted once, then updated
in place with `chat.update`), the customer's messages in the thread of each card, and
customers who filed from a Slack DM. Staff write to the customer in modals (Respond, Update,
Ask the customer) that stay open with their text when the use case refuses.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import hashlib
import json
import logging
import re
from collections.abc import Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from bot.channels.base import Channel
from bot.channels.deliveries import RENEW_EVERY, Deliveries
from bot.channels.slack_cards import (
    MODALS,
    Thread,
    card,
    escape,
    history_line,
    read_thread,
    say,
    staff_modal,
    status_word,
    thread_reply,
    value_word,
)
from bot.channels.slack_desk import PAGE, desk_say, desk_view, note_reply
from bot.dialogue import Dialogue, Reply
from bot.errors import StartupError
from bot.jobs.digest import DIGEST
from bot.jobs.outbox import RetryLater, Unreachable
from bot.server.http import error
from bot.settings import SlackSettings
from bot.text import TooDeep, clean_value
from bot.workers import DatabaseWorkers
from handlers import casework, closing, notes, thread
from handlers.casework import (
    NOTIFICATIONS,
    STAFF_ASSIGNED,
    STAFF_CARD,
    STAFF_ESCALATED,
    STAFF_REMINDER,
    STAFF_THREAD,
    STAFF_WITHDRAWN,
)
from handlers.policy import Policy
from handlers.references import parse_reference
from handlers.thread import Entry
from storage import repositories as repo
from storage.db import transaction
from storage.models import Complaint, SlackCard
from storage.repositories import StaffMember
from storage.types import utcnow
from storage.vocabulary import allows

log = logging.getLogger(__name__)

# The staff DMs with a card, and the line above the card in each.
DM_HEADINGS = {
    STAFF_ASSIGNED: "assigned_dm",
    STAFF_ESCALATED: "escalated_dm",
    STAFF_REMINDER: "reminder_dm",
    closing.STAFF_DECLINED: "declined_dm",
    closing.STAFF_REOPENED: "reopened_dm",
    closing.STAFF_FEEDBACK: "feedback_dm",
}
CHANNEL_ID = re.compile(r"[CG][A-Z0-9]{2,}")
CUSTOMER_BUTTON = re.compile(r"^customer:\d+$")
# What the customer says changes nothing: a refusal names who made the last change.
QUIET_EVENTS = ("customer_message", "human_requested", "attachment.added")
# Recipients that cannot be reached: the person left, the channel is gone or archived.
UNREACHABLE = {
    "channel_not_found",
    "user_not_found",
    "account_inactive",
    "is_archived",
    "not_in_channel",
    "cannot_dm_bot",
    "user_disabled",
}


def handles(member: StaffMember | None, complaint: Complaint) -> bool:
    """Whether a staff member still handles a complaint: its assignee, or a lead (leads see
    every complaint's contact); a card in anyone else's DM stays for the record only."""
    return member is not None and casework.can_see_contact(member, complaint)


def event_key(event_id: str) -> int:
    """A Slack event id as the number `processed_updates` keeps (63 bits of its hash)."""
    return int(hashlib.sha256(event_id.encode()).hexdigest()[:15], 16)


def customer_message(event: Mapping[str, Any]) -> bool:
    """Whether an event is a person writing to the app directly (a DM, or a file in one);
    edits, deletions, joins and bots' messages are nothing a customer said."""
    return (
        event.get("type") == "message"
        and event.get("channel_type") == "im"
        and not event.get("bot_id")
        and event.get("subtype") in (None, "file_share")
        and bool(event.get("user"))
    )


async def check_token(settings: SlackSettings) -> dict[str, Any]:
    """Ask Slack who the token belongs to (auth.test): its answer, or one clear error."""
    client = _client(settings)
    try:
        answer = await client.auth_test()
    except SlackApiError as exc:
        error = exc.response.get("error", "") if exc.response is not None else ""
        raise StartupError(
            f"SLACK_BOT_TOKEN was refused by Slack (auth.test: {error}): copy the Bot User "
            "OAuth Token again (Slack app → OAuth & Permissions)"
        ) from exc
    except Exception as exc:  # aiohttp's connection errors, timeouts
        where = settings.api_base_url or "https://slack.com"
        raise StartupError(f"cannot reach the Slack Web API at {where}: {exc}") from exc
    return dict(answer.data) if isinstance(answer.data, dict) else {}


def _client(settings: SlackSettings) -> AsyncWebClient:
    base = f"{settings.api_base_url}/api/" if settings.api_base_url else None
    if base:
        return AsyncWebClient(token=settings.bot_token, base_url=base)
    return AsyncWebClient(token=settings.bot_token)


class SlackChannel(Channel):
    """The Slack app: staff work, and customers who DM it (`slack:<team>:<user>`)."""

    name = "slack"

    def __init__(
        self,
        dialogue: Dialogue,
        factory: sessionmaker,
        policy: Policy,
        settings: SlackSettings,
        *,
        workers: DatabaseWorkers | None = None,
    ) -> None:
        super().__init__(dialogue)
        self.factory = factory
        self.workers = workers or DatabaseWorkers(factory.kw["bind"])
        self.policy = policy
        self.settings = settings
        self.client = _client(settings)
        self.app = AsyncApp(
            client=self.client,
            signing_secret=settings.signing_secret or None,
            # Socket Mode has no signature; HTTP mode always checks it
            request_verification_enabled=settings.app_token is None,
            process_before_response=False,  # acknowledge first, then work
        )
        self.identity_of_bot: dict[str, Any] = {}
        self._locales: dict[str, str] = {}
        self._socket: Any = None
        self._claims: dict[str, Deliveries] = {}
        self._keeper: asyncio.Task[None] | None = None
        # an attachment's id -> the staff-only address cards link it to ("" : no link)
        self.file_link: Callable[[int], str] = lambda _id: ""
        self._add_listeners()

    # -- lifecycle ---------------------------------------------------------------------
    async def start(self) -> None:
        """Check the token (auth.test); connect over Socket Mode when configured."""
        self.identity_of_bot = await check_token(self.settings)
        if self.settings.app_token:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            self._socket = AsyncSocketModeHandler(self.app, self.settings.app_token)
            await self._socket.connect_async()
        await self._replay()
        self._keeper = asyncio.create_task(self._keep())
        log.info(
            "slack.started",
            extra={
                "workspace": self.identity_of_bot.get("team"),
                "bot": self.identity_of_bot.get("user"),
                "mode": self.settings.mode,
            },
        )

    async def stop(self) -> None:
        """Close Socket Mode's connection."""
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper
        if self._socket is not None:
            await self._socket.close_async()

    def routes(self) -> list[web.RouteDef]:
        return [] if self.settings.app_token else [web.post("/slack/events", self.events)]

    async def events(self, request: web.Request) -> web.Response:
        """Everything Slack posts: events, button presses, modal submissions, commands."""
        try:  # Bolt parses the body as it builds the request: bytes that are not UTF-8,
            # JSON that is not JSON or nests without end, a body that is not an object
            bolt_request = await to_bolt_request(request)
        except web.HTTPException:  # over the size limit: the server's 413
            raise
        except Exception as exc:
            log.info("slack.request.unreadable", extra={"error": type(exc).__name__})
            return error(400, "the body is not a Slack request")
        try:
            response = await self.app.async_dispatch(bolt_request)
        except (AttributeError, KeyError, TypeError) as exc:  # Bolt's context, before _error
            log.warning("slack.request.unreadable", exc_info=exc)
            return error(400, "the body is not a Slack request")
        return await to_aiohttp_response(response)

    # -- listeners ---------------------------------------------------------------------
    def _add_listeners(self) -> None:
        app = self.app
        app.middleware(self._clean)
        app.middleware(self._once)
        app.event("message")(self._message)
        app.action(CUSTOMER_BUTTON)(self._customer_button)
        for action in ("ack", "investigate"):
            app.action(action)(self._work)
        for kind in MODALS:  # respond, message, ask, close, escalate, note
            app.action(kind)(self._open_modal)
            app.view(kind)(self._submitted)
        app.action("reassign")(self._reassign)
        app.command("/complaint")(self._complaint_command)
        app.command("/complaints")(self._complaints_command)
        app.error(self._error)

    async def _clean(self, req: AsyncBoltRequest, next: Any) -> BoltResponse | None:
        """Text from Slack made safe to store, once the signature has been checked (the
        signature covers the body as sent): `bot.text.clean` on every string."""
        try:
            req.body = clean_value(req.body)
        except TooDeep:
            return BoltResponse(status=400, body="the body is nested too deeply")
        return await next()

    async def _once(self, body: dict[str, Any], next: Any) -> BoltResponse | None:
        """An event is claimed (stored) before it is handled; a redelivery stops here when
        it was handled or is in flight, and goes on when the process handling it died."""
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if not event_id:
            return await next()
        deliveries = self._deliveries(body)
        key = event_key(str(event_id))
        if not deliveries.claim(key, json.dumps(body)).handle:
            return BoltResponse(status=200, body="")
        if not customer_message(body.get("event") or {}):
            deliveries.finish(key)  # no turn to finish after the ack
        return await next()

    def _deliveries(self, body: dict[str, Any]) -> Deliveries:
        """The deliveries of the app and workspace an event came for (its ids are theirs)."""
        bot = f"{body.get('api_app_id') or ''}:{body.get('team_id') or ''}"[:64]
        if bot not in self._claims:
            self._claims[bot] = Deliveries(self.factory, self.name, bot)
        return self._claims[bot]

    def _delivery(self, body: dict[str, Any]) -> tuple[Deliveries, int] | None:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        return (self._deliveries(body), event_key(str(event_id))) if event_id else None

    async def _replay(self) -> None:
        """Dispatch again the events that a process which died left unfinished (Slack had
        its acknowledgement and will not send them again)."""
        try:
            orphans = await asyncio.to_thread(
                Deliveries(self.factory, self.name, "").orphans, every_bot=True
            )
        except SQLAlchemyError as exc:
            log.warning("slack.replay.failed", extra={"error": type(exc).__name__})
            return
        for _, key, payload in orphans:
            try:
                body = json.loads(payload or "")
            except ValueError:
                body = None
            if not isinstance(body, dict):
                log.warning("slack.replay.unreadable", extra={"update_id": key})
                continue
            log.info("slack.replay", extra={"update_id": key})
            # as Socket Mode delivers: no signature to check on what we stored ourselves
            await self.app.async_dispatch(AsyncBoltRequest(body=body, mode="socket_mode"))

    async def _keep(self) -> None:
        """Renew this process's claims, and replay what a dead process left, periodically."""
        while True:
            await asyncio.sleep(RENEW_EVERY)
            try:
                await asyncio.to_thread(Deliveries(self.factory, self.name, "").renew)
            except SQLAlchemyError as exc:
                log.warning("slack.claims.unrenewed", extra={"error": type(exc).__name__})
                continue
            await self._replay()

    async def _error(
        self, error: Exception, body: dict[str, Any], response: BoltResponse | None
    ) -> BoltResponse | None:
        if response is not None and isinstance(error, AttributeError | KeyError | TypeError):
            # A signed body with parts of types Slack never sends (Bolt reads them as it
            # dispatches): refused, not a 500.
            log.warning("slack.request.unreadable", exc_info=error)
            return BoltResponse(status=400, body="the body is not a Slack request")
        log.error("slack.request.failed", exc_info=error)
        if not isinstance(error, SQLAlchemyError):
            return None
        # A staff member whose command or button met a database error is told privately
        # that nothing changed (customers' DMs are answered by their turn).
        user = str(body.get("user_id") or (body.get("user") or {}).get("id") or "")
        member = self._staff(user)
        if member is None:
            return None
        text = say(member.language, "try_again")
        if response is not None:  # not acknowledged yet (a slash command): the answer says it
            return BoltResponse(status=200, body=text)
        try:
            await self._tell(body, member, text)
        except SlackApiError as exc:
            log.warning("slack.apology.failed", extra={"error": exc.response.get("error")})
        return None

    # customers ---------------------------------------------------------------------------
    async def _message(self, event: dict[str, Any], body: dict[str, Any]) -> None:
        delivery = self._delivery(body)
        cancelled = False
        try:
            await self._customer_message(event, body, delivery)
        except asyncio.CancelledError:  # stopping: left unfinished, replayed later
            cancelled = True
            raise
        finally:
            if delivery is not None and not cancelled:
                await asyncio.to_thread(delivery[0].finish, delivery[1])

    async def _customer_message(
        self, event: dict[str, Any], body: dict[str, Any], delivery: tuple[Deliveries, int] | None
    ) -> None:
        if not customer_message(event):
            return
        subtype = event.get("subtype")
        user, text = str(event["user"]), event.get("text") or ""
        team = event.get("team") or body.get("team_id") or ""
        channel = event.get("channel") or user
        if subtype == "file_share":
            # Files sent here are not fetched or kept (that needs files:read and storage):
            # the customer is told, and a comment sent with the file is read as a message.
            language = await self._locale(user)
            identity = self.identity(f"{team}:{user}")
            said = await self.dialogue.language_of(identity, text, hint=language)
            note = Reply(self.dialogue.render("utter_slack_file_not_kept", said))
            replies = (
                await self.turn(f"{team}:{user}", text, {"language": language})
                if text.strip()
                else []
            )
            await self.send(channel, [note, *replies])
            return
        await self._converse(team, user, channel, text, delivery)

    async def _customer_button(
        self, ack: Any, body: dict[str, Any], action: dict[str, Any]
    ) -> None:
        await ack()
        user = body.get("user", {})
        team = user.get("team_id") or body.get("team", {}).get("id") or ""
        channel = body.get("channel", {}).get("id") or user.get("id")
        message = body.get("message") or {}
        if channel and message.get("ts"):  # one answer per question: the buttons go
            kept = [b for b in message.get("blocks", []) if b.get("type") != "actions"]
            try:
                await self.client.chat_update(
                    channel=channel, ts=message["ts"], text=message.get("text", ""), blocks=kept
                )
            except SlackApiError as exc:
                log.info("slack.buttons.kept", extra={"error": exc.response.get("error")})
        await self._converse(team, user.get("id", ""), channel, str(action.get("value") or ""))

    async def _converse(
        self,
        team: str,
        user: str,
        channel: str,
        text: str,
        delivery: tuple[Deliveries, int] | None = None,
    ) -> None:
        language = await self._locale(user)
        metadata = {"language": language}
        if delivery is not None:
            deliveries, key = delivery
            metadata["delivery"] = deliveries.tag(key)
            if key in deliveries.again:
                # taken over from a process that died: its turn may be stored already
                stored = await self.dialogue.replies_to(
                    self.identity(f"{team}:{user}"), metadata["delivery"]
                )
                if stored is not None:
                    await self.send(channel, stored)
                    return
        replies = await self.turn(f"{team}:{user}", text, metadata)
        await self.send(channel, replies)

    async def _locale(self, user: str) -> str:
        """The Slack user's language (`ko*` → Korean), asked once per user and process."""
        if user not in self._locales:
            locale = ""
            try:
                answer = await self.client.users_info(user=user, include_locale=True)
                locale = str((answer.get("user") or {}).get("locale") or "")
            except SlackApiError as exc:
                log.info("slack.locale.unknown", extra={"error": exc.response.get("error")})
            self._locales[user] = "ko" if locale.lower().startswith("ko") else "en"
        return self._locales[user]

    async def send(self, channel: str, replies: list[Reply], *, retries: int = 2) -> None:
        """A turn's replies as one message; Rasa buttons as Block Kit buttons. A reply that
        meets a 429 is sent again after Slack's `Retry-After` (`retries` times at most; the
        outbox passes 0 and does its own waiting)."""
        text, blocks = reply_blocks(replies)
        if not text:
            return
        for attempt in range(retries + 1):
            try:
                await self.client.chat_postMessage(channel=channel, text=text, blocks=blocks)
                return
            except SlackApiError as exc:
                if exc.response is None or exc.response.status_code != 429 or attempt == retries:
                    raise
                await asyncio.sleep(min(retry_after(exc), 30.0))

    # staff ---------------------------------------------------------------------------
    def _staff(self, user_id: str) -> StaffMember | None:
        return self.policy.slack_staff(user_id)

    async def _refuse(self, body: dict[str, Any]) -> None:
        user = body.get("user", {}).get("id", "")
        channel = body.get("channel", {}).get("id") or user
        text = say(await self._locale(user), "not_staff")  # not staff: their Slack's language
        await self.client.chat_postEphemeral(channel=channel, user=user, text=text)
        log.info("slack.refused", extra={"action": _action_id(body)})

    async def _member(self, body: dict[str, Any]) -> StaffMember | None:
        """The staff member who pressed; anyone else is told privately, and gets None."""
        member = self._staff(body.get("user", {}).get("id", ""))
        if member is None:
            await self._refuse(body)
        return member

    async def _report(
        self, body: dict[str, Any], member: StaffMember, outcome: casework.Outcome, reference: str
    ) -> None:
        """Tell the staff member privately why nothing changed (a change shows on the card)."""
        if outcome.result != "done":
            await self._tell(body, member, self._outcome_text(member, outcome, reference))

    async def _tell(self, body: dict[str, Any], member: StaffMember, text: str) -> None:
        user = body.get("user", {}).get("id", "")
        channel = body.get("channel", {}).get("id") or user
        try:
            await self.client.chat_postEphemeral(channel=channel, user=user, text=text)
        except SlackApiError as exc:  # a modal has no channel: a DM instead
            log.info("slack.ephemeral.failed", extra={"error": exc.response.get("error")})
            await self.client.chat_postMessage(channel=user, text=text)

    def _outcome_text(self, member: StaffMember, outcome: casework.Outcome, reference: str) -> str:
        language = member.language
        if outcome.result == "not_found":
            return say(language, "not_found", reference=reference)
        if outcome.result == "no_such_staff":
            return say(language, "no_such_staff")
        if outcome.result == "no_reason":
            return say(language, "close_empty")
        if outcome.result == "not_allowed":
            return say(language, "not_allowed", reference=reference, name=self._name(outcome.by))
        if outcome.result in ("at_top", "no_one_above"):
            return desk_say(language, outcome.result, reference=reference)
        status = status_word(language, outcome.status or "")
        by = ""
        if outcome.by and outcome.by.startswith(("customer:", "system:")):
            # the customer withdrew it, or the sweep moved it: never an internal id
            by = say(language, "by_customer" if outcome.by.startswith("c") else "by_desk")
        elif outcome.by:
            by = say(language, "by", name=self._name(outcome.by))
        if outcome.result == "already_escalated":
            role = desk_say(language, casework.ESCALATION_ROLES.get(outcome.level, "supervisor"))
            return desk_say(language, "already_escalated", reference=reference, role=role, by=by)
        if outcome.result == "not_now":
            return say(language, "not_now", reference=reference, status=status, by=by)
        return say(language, "done", reference=reference, status=status)

    def _name(self, handle: str | None) -> str:
        member = self.policy.staff(handle or "")
        return member.display_name if member else (handle or "-")

    async def _work(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Acknowledge, Investigate."""
        await ack()
        member = await self._member(body)
        if member is None:
            return
        reference = str(action.get("value") or "")
        use_case = {
            "ack": casework.acknowledge,
            "investigate": casework.investigate,
        }[action["action_id"]]
        outcome = await self.workers.run(
            use_case, self.factory, self.policy, reference=reference, by=member, now=utcnow()
        )
        await self._report(body, member, outcome, reference)

    async def _open_modal(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        """Respond, Update, Ask the customer, Close, Escalate, Note: the modal to write it
        in, with the customer's language and last message; from a button on a card drawn
        before the complaint moved on (answered, closed), the member is told why instead."""
        await ack()
        member = await self._member(body)
        if member is None:
            return
        kind, reference = str(action["action_id"]), str(action.get("value") or "")

        def look_up() -> tuple[casework.Outcome | None, str, Entry | None]:
            with transaction(self.factory) as session:
                complaint = repo.get_by_reference(session, reference=reference)
                if complaint is None:
                    return casework.Outcome("not_found"), "", None
                event = MODALS[kind]
                if event is not None and not allows(event, complaint.status):
                    events = repo.events_for(session, complaint=complaint)
                    done = [e.actor for e in events if e.kind not in QUIET_EVENTS]
                    by = done[-1].removeprefix("staff:") if done else None
                    return casework.Outcome("not_now", complaint.status, by=by), "", None
                said = [e for e in thread.conversation(session, complaint) if e.who == "customer"]
                return None, complaint.language, said[-1] if said else None

        refused, spoken, last = await self.workers.run(look_up)
        if refused is not None:
            await self._tell(body, member, self._outcome_text(member, refused, reference))
            return
        view = staff_modal(
            kind,
            reference,
            member.language,
            customer_language=spoken,
            last_message=last,
            timezone=self.policy.timezone,
            causes=self._causes(member.language) if kind == "note" else (),
        )
        await self.client.views_open(trigger_id=body["trigger_id"], view=view)

    def _causes(self, language: str) -> list[tuple[str, str]]:
        """The configured root causes as (key, label in the language)."""
        return [
            (key, notes.root_cause_label(self.policy, key, language))
            for key in self.policy.root_causes
        ]

    async def _submitted(self, ack: Any, body: dict[str, Any], view: dict[str, Any]) -> None:
        """A modal sent: the use case runs before Slack is answered, so that a refusal or a
        database error shows on the text field and the modal stays open with what the staff
        member wrote (`response_action: errors`); done, the modal closes."""
        kind = str(view.get("callback_id") or "")
        member = self._staff(body.get("user", {}).get("id", ""))
        values = view.get("state", {}).get("values", {})
        text = str(values.get("answer", {}).get("text", {}).get("value") or "").strip()
        if member is None:
            await ack()
            await self._refuse(body)
            return
        if not text:
            await ack(
                response_action="errors", errors={"answer": say(member.language, f"{kind}_empty")}
            )
            return
        reference = str(view.get("private_metadata") or "")
        now = utcnow()
        if kind == "respond":
            use_case = functools.partial(casework.respond, response=text)
        elif kind == "close":  # closed without the customer's acceptance: why
            use_case = functools.partial(closing.close_by_staff, reason=text)
        elif kind == "escalate":
            use_case = functools.partial(casework.escalate, reason=text)
        elif kind == "note":
            picked = values.get("cause", {}).get("cause", {}).get("selected_option") or {}
            cause = str(picked.get("value") or "") or None
            use_case = functools.partial(notes.add_note, text=text, root_cause=cause)
        else:
            use_case = functools.partial(casework.message, text=text, ask=kind == "ask")
        try:
            outcome = await self.workers.run(
                use_case, self.factory, self.policy, reference=reference, by=member, now=now
            )
        except SQLAlchemyError as exc:
            log.warning("slack.submission.failed", extra={"error": type(exc).__name__})
            await ack(
                response_action="errors", errors={"answer": say(member.language, "try_again")}
            )
            return
        if kind == "note" and outcome.result == "not_allowed":  # the list changed meanwhile
            cause_gone = desk_say(member.language, "cause_unknown")
            await ack(response_action="errors", errors={"cause": cause_gone})
            return
        if outcome.result != "done":
            reason = self._outcome_text(member, outcome, reference)
            await ack(response_action="errors", errors={"answer": reason})
            return
        await ack()

    async def _reassign(self, ack: Any, body: dict[str, Any], action: dict[str, Any]) -> None:
        await ack()
        member = await self._member(body)
        if member is None:
            return
        block = str(action.get("block_id") or "")
        reference = block.removeprefix("work:")
        # the roster's picker gives a handle; a card drawn before it, a Slack user
        option = action.get("selected_option") or {}
        chosen = self._staff(str(action.get("selected_user") or ""))
        to = str(option.get("value") or "") or (chosen.handle if chosen else "")
        outcome = await self.workers.run(
            casework.assign,
            self.factory,
            self.policy,
            reference=reference,
            to=to,
            by=member,
            now=utcnow(),
        )
        await self._report(body, member, outcome, reference)

    # slash commands -------------------------------------------------------------------
    async def _complaint_command(self, ack: Any, command: dict[str, Any]) -> None:
        """`/complaint CMP-…`: the details and history, to the staff member only."""
        member = self._staff(command.get("user_id", ""))
        if member is None:
            await ack(text=say(await self._locale(command.get("user_id", "")), "not_staff"))
            return
        language = member.language
        given = (command.get("text") or "").strip()
        parsed = parse_reference(given)
        if not given:
            await ack(text=say(language, "usage"))
            return
        if parsed.outcome == "malformed":
            await ack(text=say(language, "malformed", given=escape(given)))
            return
        if parsed.outcome == "mistyped":
            await ack(text=say(language, "mistyped", given=escape(given)))
            return

        def look_up() -> tuple[str, list[dict[str, Any]], list[str]] | None:
            with transaction(self.factory) as session:
                complaint = repo.get_by_reference(session, reference=parsed.reference or "")
                if complaint is None:
                    return None
                text, blocks = card(
                    complaint,
                    language=language,
                    timezone=self.policy.timezone,
                    show_contact=casework.can_see_contact(member, complaint),
                    case=read_thread(
                        session, complaint, self.policy, language=language, link=self.file_link
                    ),
                )
                history = [
                    history_line(e, language=language, policy=self.policy, zone=self._zone())
                    for e in repo.events_for(session, complaint=complaint)
                ]
            return text, blocks, history

        found = await self.workers.run(look_up)
        if found is None:
            await ack(text=say(language, "not_found", reference=parsed.reference))
            return
        text, blocks, history = found
        blocks = [b for b in blocks if b.get("type") != "actions"]
        blocks.append(
            {
                "type": "section",
                "text": {
                    "type": "mrkdwn",
                    "text": f"*{say(language, 'history')}*\n" + "\n".join(history[-20:]),
                },
            }
        )
        await ack(text=text, blocks=blocks)

    async def _complaints_command(self, ack: Any, command: dict[str, Any]) -> None:
        """`/complaints mine | overdue | open [category] | search <words>`, each `page N`
        on: a list of 30, to the staff member."""
        member = self._staff(command.get("user_id", ""))
        if member is None:
            await ack(text=say(await self._locale(command.get("user_id", "")), "not_staff"))
            return
        view = desk_view(command.get("text") or "")
        if view is None:
            await ack(text=say(member.language, "usage"))
            return
        if view.which == "search" and not view.words:
            await ack(text=desk_say(member.language, "search_usage"))
            return
        if view.which == "search":  # who looked, and how much: never the words
            log.info("slack.complaints.search", extra={"words": len(view.words)})
        categories = None
        if view.which == "open" and view.words:
            categories = self.policy.categories_named(" ".join(view.words))
        now = utcnow()
        language = member.language

        def listed() -> list[str]:
            with transaction(self.factory) as session:
                rows = repo.list_complaints(
                    session,
                    status="open" if view.which != "search" else None,
                    mine=member.handle if view.which == "mine" else None,
                    overdue_at=now if view.which == "overdue" else None,
                    categories=categories,
                    search=view.words if view.which == "search" else (),
                    by_due=True,
                    offset=(view.page - 1) * PAGE,
                    limit=PAGE + 1,
                )
                return [
                    f"• *{c.reference}* {status_word(language, c.status)} · "
                    f"{value_word(language, 'priority', c.priority)} · "
                    f"{value_word(language, 'category', c.category)} · {escape(c.product)[:60]} · "
                    f"{c.respond_due_at.astimezone(self._zone()):%m-%d %H:%M}"
                    for c in rows
                ]

        lines = await self.workers.run(listed)
        if len(lines) > PAGE:  # one more than a page: say how to see the next
            more = " ".join([view.which, *view.words, "page", str(view.page + 1)])
            lines = [*lines[:PAGE], desk_say(member.language, "page", page=view.page, more=more)]
        await ack(text="\n".join(lines) if lines else say(member.language, "none"))

    def _zone(self) -> ZoneInfo:
        return ZoneInfo(self.policy.timezone)

    # -- the outbox ---------------------------------------------------------------------
    def sender(self) -> SlackSender:
        """What the outbox dispatcher sends Slack notifications with."""
        return SlackSender(self)


def retry_after(exc: SlackApiError) -> float:
    """How long Slack asked us to wait (its `Retry-After` header, in seconds)."""
    headers = exc.response.headers if exc.response is not None else {}
    try:
        return max(float(headers.get("Retry-After") or headers.get("retry-after") or 1), 0.0)
    except ValueError:
        return 1.0


def _action_id(body: dict[str, Any]) -> str:
    actions = body.get("actions") or [{}]
    return str(actions[0].get("action_id") or body.get("type") or "")


def reply_blocks(replies: list[Reply]) -> tuple[str, list[dict[str, Any]]]:
    """A turn's replies as one Slack message: escaped text, then the buttons."""
    texts = [escape(r.text) for r in replies if r.text]
    text = "\n\n".join(texts)
    if not text:
        return "", []
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": t[:3000]}} for t in texts
    ]
    buttons = [b for r in replies for b in r.buttons]
    if buttons:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"customer:{i}",
                        "text": {"type": "plain_text", "text": b.title[:75]},
                        "value": b.payload[:2000],
                    }
                    for i, b in enumerate(buttons[:25])
                ],
            }
        )
    return text, blocks


class SlackSender:
    """Outbox notifications in Slack: staff DMs and cards, and customers who filed in a DM.

    A 429 becomes "retry after `Retry-After`" for the dispatcher; a person or channel that
    is gone, an unreachable recipient; anything else a retry with backoff. The dispatcher
    paces each recipient to about one message a second, Slack's limit per channel.
    """

    channel = "slack"
    per_chat_interval = 1.0

    def __init__(self, slack: SlackChannel) -> None:
        self.slack = slack
        # A customer's message half posted (some threads, then an error): the threads it
        # reached, so that the outbox's retry (the next row for its `card:` recipient, as
        # the outbox sends in order) posts only to the others.
        self._threaded: dict[tuple[str, str], set[str]] = {}
        self._channel_ids: dict[str, str] = {}  # channel name -> id

    async def deliver(self, recipient: str, kind: str, payload: Mapping[str, Any]) -> None:
        """Send one notification."""
        try:
            if kind in NOTIFICATIONS:
                await self._customer(recipient, kind, payload)
            elif kind in DM_HEADINGS:
                await self._dm(recipient, kind, str(payload.get("reference")))
            elif kind == STAFF_CARD:
                await self._cards(str(payload.get("reference")))
            elif kind == STAFF_THREAD:
                await self._thread(str(payload.get("reference")), payload)
            elif kind == STAFF_WITHDRAWN:
                await self._withdrawn(recipient, str(payload.get("reference")))
            elif kind == DIGEST:
                await self._digest(recipient, payload)
            else:
                raise Unreachable(f"no Slack message for {kind}")
        except SlackApiError as exc:
            response = exc.response
            error = str(response.get("error", "")) if response is not None else ""
            if response is not None and response.status_code == 429:
                raise RetryLater(retry_after(exc), "429 ratelimited") from exc
            if error in UNREACHABLE:
                raise Unreachable(error) from exc
            raise

    async def _digest(self, channel: str, payload: Mapping[str, Any]) -> None:
        """The weekly digest: its chart uploaded (files.getUploadURLExternal, the bytes,
        files.completeUploadExternal) with the headline figures as the message."""
        await self.slack.client.files_upload_v2(
            channel=await self._channel_id(channel),
            file=base64.b64decode(str(payload["png"])),
            filename=str(payload["filename"]),
            title=str(payload["title"]),
            initial_comment=str(payload["text"]),
        )

    async def _channel_id(self, channel: str) -> str:
        """A channel's id (files.completeUploadExternal takes no name), looked up by name
        among the channels the app can see."""
        if CHANNEL_ID.fullmatch(channel):
            return channel
        name = channel.removeprefix("#")
        if name not in self._channel_ids:
            cursor = None
            while True:
                page = await self.slack.client.conversations_list(
                    types="public_channel,private_channel",
                    exclude_archived=True,
                    limit=1000,
                    cursor=cursor,
                )
                for found in page.get("channels") or []:
                    self._channel_ids[str(found.get("name"))] = str(found.get("id"))
                cursor = (page.get("response_metadata") or {}).get("next_cursor")
                if name in self._channel_ids or not cursor:
                    break
        if name not in self._channel_ids:
            raise Unreachable(f"no channel named #{name} that the app can see")
        return self._channel_ids[name]

    async def _customer(self, recipient: str, kind: str, payload: Mapping[str, Any]) -> None:
        user = recipient.split(":", 1)[-1]  # `<team>:<user>`
        # with its buttons (the answer's accept and decline, the survey's 1-5)
        await self.slack.send(user, [self.slack.dialogue.notice(kind, payload)], retries=0)

    def _complaint(self, session: Any, reference: str) -> Complaint:
        complaint = repo.get_by_reference(session, reference=reference)
        if complaint is None:
            raise Unreachable(f"no complaint {reference}")
        return complaint

    def _roster(self) -> tuple[tuple[str, str], ...]:
        return tuple((m.handle, m.display_name) for m in self.slack.policy.roster)

    def _drawn(
        self,
        session: Any,
        complaint: Complaint,
        viewer: str | None,
        cases: dict[str, Thread],
        heading: str = "",
    ) -> tuple[str, list[dict[str, Any]]]:
        """A card as it shows now in the team channel (no `viewer`) or in a viewer's DM:
        with the contact for whom it may, and for a viewer who no longer handles the
        complaint (reassigned, left the roster) without contact or buttons, saying who has
        it now. `heading`: the line above it (by default, what the card is to its viewer)."""
        policy = self.slack.policy
        member = policy.staff(viewer) if viewer else None
        language = member.language if member else policy.staff_language
        if language not in cases:
            cases[language] = read_thread(
                session, complaint, policy, language=language, link=self.slack.file_link
            )
        reference = complaint.reference
        drawn = functools.partial(
            card,
            complaint,
            language=language,
            timezone=policy.timezone,
            case=cases[language],
            roster=self._roster(),
        )
        if viewer is None:
            heading = heading or say(language, "channel_heading", reference=reference)
            return drawn(show_contact=False, heading=heading)
        if member is not None and handles(member, complaint):
            assignee = complaint.assignee.handle if complaint.assignee else None
            key = (
                "yours_dm"
                if member.handle == assignee
                else "escalated_dm"
                if complaint.escalation_level
                else "team_dm"
            )
            heading = heading or say(language, key, reference=reference)
            # no Escalate that could only be refused (a manager's, or past the viewer's level)
            escalate = casework.may_escalate(policy, member, complaint)
            return drawn(show_contact=True, heading=heading, escalate=escalate)
        name = complaint.assignee.display_name if complaint.assignee else say(language, "nobody")
        heading = say(language, "moved_dm", name=escape(name), reference=reference)
        return drawn(show_contact=False, heading=heading, moved_to=name)

    async def _dm(self, user: str, kind: str, reference: str) -> None:
        """A staff member's DM about a complaint: its card, posted once per DM; after that
        the card is redrawn and the news (a reminder, an escalation) goes in its thread,
        shown in the DM too, so that a DM holds one card per complaint, always true."""
        member = self.slack.policy.slack_staff(user)
        if member is None:
            raise Unreachable("no longer on the staff roster")
        heading = say(member.language, DM_HEADINGS[kind], reference=reference)
        with transaction(self.slack.factory) as session:
            complaint = self._complaint(session, reference)
            posted = session.execute(
                select(SlackCard.channel, SlackCard.ts).where(
                    SlackCard.complaint_id == complaint.id, SlackCard.viewer == member.handle
                )
            ).first()
            cases: dict[str, Thread] = {}
            if posted is None:
                text, blocks = self._drawn(session, complaint, member.handle, cases, heading)
            else:
                text, blocks = self._drawn(session, complaint, member.handle, cases)
                news = f"{heading} · {status_word(member.language, complaint.status)}"
            complaint_id = complaint.id
        client = self.slack.client
        if posted is None:
            answer = await client.chat_postMessage(channel=user, text=text, blocks=blocks)
            self._remember(complaint_id, str(answer["channel"]), str(answer["ts"]), member.handle)
            return
        channel, ts = posted
        await client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        await client.chat_postMessage(
            channel=channel,
            thread_ts=ts,
            reply_broadcast=True,  # a bot's thread reply notifies nobody: shown in the DM too
            text=news,
            blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f"*{heading}*"}}],
        )

    def _remember(
        self, complaint_id: int, channel: str, ts: str, viewer: str | None = None
    ) -> None:
        with transaction(self.slack.factory) as session:
            row = session.execute(
                select(SlackCard).where(
                    SlackCard.complaint_id == complaint_id, SlackCard.channel == channel
                )
            ).scalar_one_or_none()
            if row is None:
                session.add(
                    SlackCard(complaint_id=complaint_id, channel=channel, ts=ts, viewer=viewer)
                )
            else:
                row.ts, row.viewer = ts, viewer

    async def _cards(self, reference: str) -> None:
        """Post the team channel's card once; redraw every card of the complaint, in every
        channel and DM, in place."""
        policy = self.slack.policy
        with transaction(self.slack.factory) as session:
            complaint = self._complaint(session, reference)
            team = policy.team_for(complaint.category)
            team_channel = policy.team_channels.get(team)
            cards = [
                (c.channel, c.ts, c.viewer)
                for c in session.execute(
                    select(SlackCard).where(SlackCard.complaint_id == complaint.id)
                ).scalars()
            ]
            posted = {channel for channel, _, _ in cards}
            cases: dict[str, Thread] = {}
            drawn = {
                channel: self._drawn(session, complaint, viewer, cases)
                for channel, _ts, viewer in cards
            }
            channel_card = self._drawn(session, complaint, None, cases)
            complaint_id = complaint.id
        for channel, ts, _viewer in cards:
            text, blocks = drawn[channel]
            await self.slack.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)
        if team_channel and team_channel not in posted:
            text, blocks = channel_card
            answer = await self.slack.client.chat_postMessage(
                channel=team_channel, text=text, blocks=blocks
            )
            self._remember(complaint_id, str(answer["channel"]), str(answer["ts"]))

    def _thread_targets(
        self, reference: str
    ) -> tuple[list[tuple[str, str | None, str, bool]], bool]:
        """Where a customer's message goes: (channel, thread ts or None for a DM, language,
        broadcast) for each card of the complaint, and whether its team channel's card is
        still to be posted. The assignee's DM card's reply is also shown in the DM itself
        (`reply_broadcast`: a bot's thread notifies nobody); an assignee without a DM card
        gets a DM."""
        policy = self.slack.policy
        with transaction(self.slack.factory) as session:
            complaint = self._complaint(session, reference)
            cards = session.execute(
                select(SlackCard.channel, SlackCard.ts, SlackCard.viewer)
                .where(SlackCard.complaint_id == complaint.id)
                .order_by(SlackCard.id)
            ).all()
            team_channel = policy.team_channels.get(policy.team_for(complaint.category))
            assignee = policy.staff(complaint.assignee.handle) if complaint.assignee else None
            moved = {
                viewer
                for _, _, viewer in cards
                if viewer and not handles(policy.staff(viewer), complaint)
            }
        targets: list[tuple[str, str | None, str, bool]] = []
        for channel, ts, viewer in cards:
            if viewer in moved:  # no longer theirs: the customer's words are not either
                continue
            member = policy.staff(viewer) if viewer else None
            language = member.language if member else policy.staff_language
            targets.append((channel, ts, language, bool(assignee and viewer == assignee.handle)))
        if (
            assignee is not None
            and assignee.slack_user_id
            and not any(viewer == assignee.handle for _, _, viewer in cards)
        ):
            targets.append((assignee.slack_user_id, None, assignee.language, False))
        unposted = bool(team_channel) and team_channel not in {c for c, _, _ in cards}
        return targets, unposted

    async def _thread(self, reference: str, payload: Mapping[str, Any]) -> None:
        """A customer's message in the thread of each of the complaint's cards (the card
        posted first when it has none yet)."""
        targets, unposted = self._thread_targets(reference)
        if unposted:
            await self._cards(reference)
            targets, _ = self._thread_targets(reference)
        key = (reference, json.dumps(dict(payload), sort_keys=True, default=str))
        done = self._threaded.setdefault(key, set())
        while len(self._threaded) > 1000:  # rows the outbox gave up on
            self._threaded.pop(next(iter(self._threaded)))
        client = self.slack.client
        for channel, ts, language, broadcast in targets:
            if channel in done:
                continue
            if payload.get("note"):  # staff's internal note, not the customer's words
                text, blocks = note_reply(language, reference, payload, self.slack.policy)
            else:
                text, blocks = thread_reply(language, reference, payload)
            try:
                if ts is None:
                    await client.chat_postMessage(channel=channel, text=text, blocks=blocks)
                else:
                    await client.chat_postMessage(
                        channel=channel,
                        thread_ts=ts,
                        reply_broadcast=broadcast,
                        text=text,
                        blocks=blocks,
                    )
            except SlackApiError as exc:
                error = str(exc.response.get("error", "")) if exc.response is not None else ""
                if error not in UNREACHABLE:
                    raise  # retried by the outbox, to the threads not reached yet
                # that card's person or channel is gone: the others still get it
                log.info("slack.thread.unreachable", extra={"error": error})
            done.add(channel)
        self._threaded.pop(key, None)

    async def _withdrawn(self, user: str, reference: str) -> None:
        """The assignee told that the customer withdrew the complaint (the cards show it)."""
        member = self.slack.policy.slack_staff(user)
        if member is None:
            raise Unreachable("no longer on the staff roster")
        text = say(member.language, "withdrawn_dm", reference=reference)
        await self.slack.client.chat_postMessage(channel=user, text=text)
