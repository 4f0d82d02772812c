"""The web page: how to complain (ISO 10002: a transparent, accessible process), a chat
widget, and status by reference and contact.

A channel of its own, not the REST webhook: the REST route trusts the sender id it is
given, and its token cannot live in a public page. Here the server mints each visitor's
session, 128 random bits, at their first chat message, in an HttpOnly, SameSite=Strict
cookie (Secure and `__Host-` over HTTPS). Only keys the server minted count (kept by their
SHA-256 in `web_sessions`, forgotten when idle): a key it never issued is replaced, never
adopted. The identity is `web:` and the first 128 bits of the key's SHA-256: what the
database, staff tools and logs hold opens nothing, and the cookie is the only thing that
grants access to that session's conversation and complaints; it never appears in a URL or
a log line. Cross-site POSTs are refused; every page sends a
strict Content-Security-Policy with no inline script, and the widget inserts all text as
text.
"""

from __future__ import annotations

import html
import ipaddress
import re
import secrets
from collections.abc import Mapping
from importlib import resources
from string import Template
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from sqlalchemy.orm import sessionmaker

from bot.channels.base import Channel, Notices
from bot.channels.web import case
from bot.channels.web.limits import Attempts, FailedLookups, Pace, RedisAttempts
from bot.channels.web.words import WORDS
from bot.dialogue import Dialogue, Reply
from bot.server.clients import Proxies
from bot.server.http import dumps, error, json_object
from bot.text import clean
from bot.workers import DatabaseWorkers
from handlers import closing, inquiries
from handlers.casework import shown_notices
from handlers.fields import parse_contact
from handlers.formatting import format_date, format_span, status_label
from handlers.policy import Policy
from handlers.retention import periods
from storage import web_sessions
from storage.types import utcnow
from storage.vocabulary import PRIORITIES

__all__ = ["COOKIE", "SECURE_COOKIE", "Attempts", "Pace", "RedisAttempts", "WebChannel"]

COOKIE = "complaintbot_web"
SECURE_COOKIE = "__Host-complaintbot_web"
LANGUAGE_COOKIE = "complaintbot_lang"
_SESSION = re.compile(r"^[0-9a-f]{32}$")
HISTORY_LIMIT = 200
# The widget asks for staff messages this often while its tab is shown (chat.js), and the
# server answers one poll per session per POLL_PACE seconds.
POLL_PACE = 10.0
STATIC = {"chat.js": "text/javascript", "page.css": "text/css"}
SECURITY_HEADERS = {
    # no inline script or style, nothing from elsewhere, not framed
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # "no-referrer" would make the browser send `Origin: null` with the page's own form posts
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _read(folder: str, name: str) -> str:
    return resources.files(__package__).joinpath(folder).joinpath(name).read_text(encoding="utf-8")


class WebChannel(Channel):
    """The page at `/`, its chat widget's routes, and `/status`."""

    name = "web"

    def __init__(
        self,
        dialogue: Dialogue,
        factory: sessionmaker,
        policy: Policy,
        *,
        notices: Notices | None = None,
        attempts: FailedLookups | None = None,
        proxies: Proxies | None = None,
        workers: DatabaseWorkers | None = None,
        pace: Pace | None = None,
    ) -> None:
        super().__init__(dialogue, notices)
        self.factory = factory
        self.workers = workers or DatabaseWorkers(factory.kw["bind"])
        self.policy = policy
        self.attempts = attempts or Attempts()
        self.proxies = proxies or Proxies()
        self.pace = pace or Pace(POLL_PACE)
        self._templates = {
            name: Template(_read("templates", f"{name}.html")) for name in ("index", "status")
        }

    def routes(self) -> list[web.RouteDef]:
        """The page, the widget's routes, the status page and the static files."""
        return [
            web.get("/", self.index),
            web.post("/web/messages", self.messages),
            web.get("/web/history", self.history),
            web.get("/web/notices", self.poll),
            web.get("/status", self.status_page),
            web.post("/status", self.status_lookup),
            web.get("/web/static/{name}", self.static),
        ]

    # --- pages ---------------------------------------------------------------------------

    def language(self, request: web.Request, chosen: str | None = None) -> str:
        """`?lang=`, else the visitor's earlier choice, else the browser's languages."""
        for candidate in (chosen, request.query.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
            if candidate in WORDS:
                return str(candidate)
        for part in request.headers.get("Accept-Language", "").split(","):
            code = part.split(";")[0].strip().lower()[:2]
            if code in WORDS:
                return code
        return "en"

    def _common(self, language: str) -> dict[str, str]:
        """The words every page shares, escaped, with config values filled in."""
        other = "en" if language == "ko" else "ko"
        values = {
            "organisation": self.policy.organisation.get(language, ""),
            "human_contact": self.policy.contact_way(language),
            "questions": self.policy.where_questions_go(language),
            "clock": WORDS[language][
                "clock_office" if self.policy.target_clock == "office" else "clock_calendar"
            ],
            **periods(self.policy.retention, language),
        }
        words = {
            key: html.escape(text.format_map(_Keep(values)))
            for key, text in WORDS[language].items()
        }
        return {
            **{key: html.escape(value) for key, value in values.items()},
            **words,
            "lang": language,
            "switch_lang": other,
            "switch_href": f"?lang={other}",
            "max_chars": str(self.policy.max_message_chars),
        }

    def _targets(self, language: str) -> str:
        """The table rows of targets per priority, from `config.yml`."""
        rows = []
        for priority in PRIORITIES:
            targets = self.policy.targets.get(priority)
            if targets is None:
                continue
            cells = (
                WORDS[language][f"priority_{priority}"],
                format_span(self.policy.span(targets.ack), language),
                format_span(self.policy.span(targets.respond), language),
            )
            rows.append(
                "        <tr>"
                + "".join(
                    f"<{tag}>{html.escape(cell)}</{tag}>"
                    for tag, cell in zip(("th", "td", "td"), cells, strict=True)
                )
                + "</tr>"
            )
        return "\n".join(rows)

    def _page(
        self,
        request: web.Request,
        body: str,
        *,
        status: int = 200,
        language: str | None = None,
    ) -> web.Response:
        """An HTML page with the security headers, the session cookie minted if missing,
        and the language choice remembered."""
        response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
        response.headers.update(SECURITY_HEADERS)
        response.headers["Cache-Control"] = "no-store"
        # No session is minted here: arriving from another site's link, the SameSite=Strict
        # cookie is not sent, and a new one would replace the visitor's own. The first chat
        # message mints it.
        if language is not None and request.query.get("lang") == language:
            response.set_cookie(
                LANGUAGE_COOKIE, language, max_age=365 * 86400, samesite="Lax", path="/"
            )
        return response

    async def index(self, request: web.Request) -> web.Response:
        """The complaints page with the chat widget."""
        language = self.language(request)
        values = self._common(language)
        values["targets_rows"] = self._targets(language)
        body = self._templates["index"].substitute(values)
        return self._page(request, body, language=language)

    async def status_page(self, request: web.Request) -> web.Response:
        """The status form."""
        language = self.language(request)
        # `?reference=` from the link in an e-mail: only the reference, never the contact
        # (the customer types it), so the link opens nothing by itself
        reference = clean(request.query.get("reference", ""))[:40].strip()
        return self._page(request, self._status_body(language, "", reference), language=language)

    def _status_body(self, language: str, result: str, reference: str = "") -> str:
        values = self._common(language)
        values["title"] = values["status_title"]
        values["result"] = result
        values["reference_value"] = html.escape(reference)
        if reference:  # the language link keeps the reference typed in
            values["switch_href"] = html.escape(
                f"?{urlencode({'lang': values['switch_lang'], 'reference': reference})}"
            )
        return self._templates["status"].substitute(values)

    async def status_lookup(self, request: web.Request) -> web.Response:
        """A reference and a contact → the status; a wrong pair is answered as an unknown
        reference, and repeated failures from one address are refused for a while."""
        try:
            form = {key: clean(str(value)) for key, value in (await request.post()).items()}
        except (ValueError, HttpProcessingError):  # not UTF-8, a multipart body that is not one
            form = None
        language = self.language(request, (form or {}).get("lang"))
        words = WORDS[language]
        if form is None:
            return self._page(
                request, self._status_body(language, _problem(words["unreadable"])), status=400
            )
        if not self._same_origin(request):
            return self._page(
                request, self._status_body(language, _problem(words["refused"])), status=403
            )
        address = self.client(request)
        wait = await self.attempts.blocked_for(address)
        if wait > 0:
            minutes = max(1, round(wait / 60))
            text = words["too_many"].format(minutes=minutes)
            return self._page(request, self._status_body(language, _problem(text)), status=429)
        reference = str(form.get("reference") or "")[:40]
        typed = str(form.get("contact") or "")[:320]
        contact = parse_contact(typed, self.policy.phone_region)
        parsed = inquiries.read_reference(reference)
        step = str(form.get("step") or "")
        done: str | None = None
        if step in case.STEPS:
            # a step of closing the loop: authorised by the same pair, in the same place
            limit = self.policy.max_message_chars
            answer, found, done = await self.workers.run(
                case.act,
                self.factory,
                self.policy,
                parsed=parsed,
                contact=contact,
                step=step,
                now=utcnow(),
                reason=str(form.get("reason") or "")[:limit],
                score=_score(form.get("score")),
                comment=str(form.get("comment") or "")[:limit],
            )
        else:
            answer, found = await self.workers.run(
                case.look_up, self.factory, self.policy, parsed=parsed, contact=contact
            )
        if answer.outcome == "found" and answer.summary is not None:
            result = self._summary(
                answer.summary, language, found, typed=typed, step=step, done=done
            )
        else:
            await self.attempts.failed(address)
            key = answer.outcome if answer.outcome in ("mistyped", "missing") else "not_found"
            result = _problem(words[key].format(reference=answer.reference or reference))
        return self._page(request, self._status_body(language, result, reference))

    def _summary(
        self,
        summary: inquiries.Summary,
        language: str,
        found: case.Case | None = None,
        *,
        typed: str = "",
        step: str = "",
        done: str | None = None,
    ) -> str:
        """One complaint's status as a definition list, then what happens next and the
        conversation so far."""
        words = WORDS[language]

        def day(moment: Any) -> str:
            return format_date(moment, language, self.policy.timezone)

        rows = [
            (words["status"], status_label(summary.status, language)),
            (words["filed"], day(summary.created_at)),
            (words["updated"], day(summary.updated_at)),
        ]
        if summary.status == "withdrawn" and summary.closed_at:
            rows.append((words["withdrawn"], day(summary.closed_at)))
        elif summary.status == "closed" and summary.closed_at:
            rows.append((words["closed"], day(summary.closed_at)))
        elif summary.responded_at:
            rows.append((words["responded"], day(summary.responded_at)))
        else:
            rows.append((words["respond_by"], day(summary.respond_due_at)))
        items = "".join(
            f"<dt>{html.escape(term)}</dt><dd>{html.escape(value)}</dd>" for term, value in rows
        )
        heading = html.escape(words["found"].format(reference=summary.reference))
        more = case.render(found, self.policy, language, utcnow()) if found else ""
        said = ""
        if step in case.STEPS:
            said = self._done(summary.reference, language, found, step, done)
        loop = self._loop_forms(summary.reference, typed, language, found, done) if found else ""
        return (
            f'  <section class="result" id="result"><h2>{heading}</h2>{said}<dl>{items}</dl>'
            f"{more}{loop}</section>"
        )

    def _done(
        self, reference: str, language: str, found: case.Case | None, step: str, done: str | None
    ) -> str:
        """What the page says after a step of closing the loop: thanks, or what happens
        next and the recourse after a decline; that nothing changed when the complaint had
        moved on (a second press, another tab)."""
        words = WORDS[language]
        if done is None or found is None:
            lines = [words["loop_unchanged"]]
        elif done == "accept":
            lines = [words["loop_accepted"].format(reference=reference)]
        elif done == "decline":
            key = "loop_declined_again" if found.status == "escalated" else "loop_declined"
            team = self.policy.team_name(found.team, language)
            due = found.respond_due_at
            date = (
                case.moment(due, language, self.policy.timezone)
                if due - utcnow() < case.SOON
                else format_date(due, language, self.policy.timezone)
            )
            lines = [
                words[key].format(reference=reference, team=team, date=date),
                words["loop_recourse"].format(recourse=self.policy.closing.recourse_in(language)),
            ]
        elif done == "score" and found.comment_open:
            lines = [words["loop_scored"]]
        else:
            lines = [words["loop_thanks"]]
        paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
        return f'<div class="done" id="done" role="status">{paragraphs}</div>'

    def _loop_forms(
        self, reference: str, typed: str, language: str, found: case.Case, done: str | None
    ) -> str:
        """The answer with "Does this resolve your complaint?" and its two buttons (a
        decline with what is still wrong), or the 1-5 satisfaction question; each form
        carries the reference and the contact typed in, for the same check as the look-up
        (in the page's body, never in a URL)."""
        words = WORDS[language]
        hidden = (
            f'<input type="hidden" name="lang" value="{html.escape(language)}">'
            f'<input type="hidden" name="reference" value="{html.escape(reference)}">'
            f'<input type="hidden" name="contact" value="{html.escape(typed)}">'
        )
        limit = self.policy.max_message_chars
        if found.status == "responded":
            answer = html.escape(found.answer)
            return (
                f'<section class="decide" id="decide"><h3>{html.escape(words["loop_question"])}'
                f"</h3>"
                + (f'<blockquote class="answer">{answer}</blockquote>' if answer else "")
                + f'<form method="post" action="/status" class="accept">{hidden}'
                f'<input type="hidden" name="step" value="accept">'
                f'<button type="submit">{html.escape(words["loop_accept"])}</button></form>'
                f'<form method="post" action="/status" class="decline">{hidden}'
                f'<input type="hidden" name="step" value="decline">'
                f'<label for="reason">{html.escape(words["loop_reason"])}</label>'
                f'<textarea id="reason" name="reason" rows="3" maxlength="{limit}"></textarea>'
                f'<button type="submit">{html.escape(words["loop_decline"])}</button></form>'
                "</section>"
            )
        if found.survey_open:
            buttons = "".join(
                f'<button type="submit" name="score" value="{n}">{n}</button>'
                for n in closing.SCORES
            )
            return (
                f'<section class="survey" id="survey"><h3>{html.escape(words["loop_survey"])}'
                f"</h3>"
                f'<form method="post" action="/status">{hidden}'
                f'<input type="hidden" name="step" value="score">'
                f'<label for="comment">{html.escape(words["loop_comment"])}</label>'
                f'<textarea id="comment" name="comment" rows="3" maxlength="{limit}"></textarea>'
                f'<p class="scores">{buttons}</p></form></section>'
            )
        if done == "score" and found.comment_open:  # a comment is asked once, right after
            return (
                f'<section class="survey" id="survey">'
                f'<form method="post" action="/status">{hidden}'
                f'<input type="hidden" name="step" value="comment">'
                f'<label for="comment">{html.escape(words["loop_comment"])}</label>'
                f'<textarea id="comment" name="comment" rows="3" maxlength="{limit}"></textarea>'
                f'<button type="submit">{html.escape(words["loop_send"])}</button></form>'
                "</section>"
            )
        return ""

    async def static(self, request: web.Request) -> web.Response:
        """The widget's script and the page's style sheet (a fixed list, nothing else)."""
        name = request.match_info["name"]
        if name not in STATIC:
            raise web.HTTPNotFound()
        response = web.Response(
            text=_read("static", name), content_type=STATIC[name], charset="utf-8"
        )
        response.headers.update(SECURITY_HEADERS)
        response.headers["Cache-Control"] = "no-cache"
        return response

    # --- the widget ----------------------------------------------------------------------

    def https(self, request: web.Request) -> bool:
        """Whether the visitor is on HTTPS, for the session cookie: this server's TLS, a
        trusted proxy's word, or anyone's `X-Forwarded-Proto: https` (a claim that can only
        make the cookie stricter: Secure, and only the `__Host-` name read)."""
        proto = request.headers.get("X-Forwarded-Proto", "").split(",")[-1].strip().lower()
        return self.proxies.https(request) or proto == "https"

    def _cookie(self, request: web.Request) -> tuple[str, str | None]:
        """The session cookie's name for this request and the key it holds, if well formed:
        over HTTPS only `__Host-…`, which no other site on the domain can set."""
        name = SECURE_COOKIE if self.https(request) else COOKIE
        value = request.cookies.get(name, "")
        return name, value if _SESSION.match(value) else None

    def _session(self, request: web.Request) -> str | None:
        """The visitor's session key, if the server minted it and it is still live."""
        _, key = self._cookie(request)
        if key is None or not web_sessions.is_live(self.factory, key=key, now=utcnow()):
            return None
        return key

    def _mint(self) -> str:
        """A new session key (128 random bits), kept by its hash."""
        key = secrets.token_hex(16)
        web_sessions.remember(self.factory, key=key, now=utcnow())
        return key

    @staticmethod
    def user_id(session: str) -> str:
        """The conversation's user id: the first 128 bits of the key's SHA-256, so the
        database, the staff's tools and any log line hold an identity that opens nothing;
        only the cookie, which never leaves the visitor's browser and this server, does."""
        return web_sessions.key_hash(session)[:32]

    def _set_session(self, request: web.Request, response: web.StreamResponse, key: str) -> None:
        """Give the visitor a session in a cookie script cannot read or send cross-site;
        over HTTPS (directly or through a proxy) Secure, and named `__Host-…` so that no
        other site on the domain can set it."""
        secure = self.https(request)
        response.set_cookie(
            SECURE_COOKIE if secure else COOKIE,
            key,
            httponly=True,
            samesite="Strict",
            secure=secure,
            path="/",
            max_age=int(web_sessions.LIFETIME.total_seconds()),
        )

    def _same_origin(self, request: web.Request) -> bool:
        """A POST from this site's own page. Browsers say where a request comes from:
        `Sec-Fetch-Site` (computed by the browser, which no page can set) when they send it;
        else `Origin`, compared with the host the visitor asked for (behind a trusted proxy
        that passes it on as `X-Forwarded-Host`)."""
        site = request.headers.get("Sec-Fetch-Site")
        if site is not None:
            return site in ("same-origin", "none")
        origin = request.headers.get("Origin")
        if origin is None:
            return True  # not a browser (curl, a test); browsers send Origin with a POST
        try:
            netloc = urlsplit(origin).netloc
        except ValueError:  # `http://[`: no origin a browser sends
            return False
        return netloc in self.proxies.hosts(request)

    def client(self, request: web.Request) -> str:
        """Who is asking, for counting failed look-ups: the peer's address, or behind a
        trusted proxy the address it saw; an IPv6 address by its /64, the block one
        household or server gets."""
        address = self.proxies.client(request)
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return address
        if ip.version == 6:
            return str(ipaddress.ip_network(f"{ip}/64", strict=False))
        return str(ip)

    async def messages(self, request: web.Request) -> web.Response:
        """`{"message", "language"?}` from the widget → `{"messages": [{text, buttons}]}`."""
        if not self._same_origin(request):
            return error(403, "cross-site requests are not accepted")
        if request.content_type != "application/json":
            return error(415, "send JSON (Content-Type: application/json)")
        body = await json_object(request)
        if isinstance(body, web.Response):
            return body
        message = body.get("message", "")
        if not isinstance(message, str):
            return error(400, "`message` must be a string")
        hint = body.get("language")
        metadata = {"language": hint} if isinstance(hint, str) and hint in WORDS else {}
        known = self._session(request)
        # a key the server never minted, or one expired, is replaced: never adopted
        session = known or self._mint()
        replies = await self.turn(self.user_id(session), message, metadata)
        response = web.json_response({"messages": [_reply(r) for r in replies]}, dumps=dumps)
        response.headers["Cache-Control"] = "no-store"
        if known is None:
            self._set_session(request, response, session)
        return response

    async def history(self, request: web.Request) -> web.Response:
        """This session's conversation so far, for the widget after a reload."""
        session = self._session(request)
        entries: list[tuple[float, dict[str, Any]]] = []
        if session is not None:
            user_id = self.user_id(session)
            tracker = await self.dialogue.agent.tracker_store.retrieve(
                self.identity(user_id).sender_id
            )
            if tracker is not None:
                entries = _conversation(tracker.events)
            # staff messages and other notices (shown at a message or by the poll): not
            # tracker events; each in order by when it was written
            shown_before = await self.workers.run(
                shown_notices, self.factory, channel=self.name, user_id=user_id
            )
            entries += [
                (at.timestamp(), self._shown(kind, values)) for at, kind, values in shown_before
            ]
            entries.sort(key=lambda entry: entry[0])
        messages = [message for _, message in entries[-HISTORY_LIMIT:]]
        response = web.json_response({"messages": messages}, dumps=dumps)
        response.headers["Cache-Control"] = "no-store"
        name, key = self._cookie(request)
        if session is None and key is not None:  # a key that opens nothing is not kept
            secure = name == SECURE_COOKIE  # a `__Host-` cookie is cleared only when Secure
            response.set_cookie(
                name, "", max_age=0, path="/", secure=secure, httponly=True, samesite="Strict"
            )
        return response

    def _shown(self, kind: str, values: Mapping[str, Any]) -> dict[str, Any]:
        """A notice as the widget shows it, in the language of the complaint's customer."""
        return {"from": "desk", **_reply(self._notice(kind, values))}

    async def poll(self, request: web.Request) -> web.Response:
        """What staff sent this session since it last heard, marked shown: the open page
        asks every so often, so a customer need not write again to see it. Answered
        without the database when there is no session cookie, and at most once per session
        per `pace` (429 with `Retry-After` sooner)."""
        if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return error(403, "cross-site requests are not accepted")  # it changes state
        _, key = self._cookie(request)
        messages: list[dict[str, Any]] = []
        if key is not None and self.notices is not None:
            user_id = self.user_id(key)
            wait = self.pace.wait(user_id)
            if wait > 0:
                response = error(429, "polled too soon")
                response.headers["Retry-After"] = str(max(1, round(wait)))
                return response
            waiting = await self.workers.run(self._waiting, key, user_id)
            messages = [self._shown(kind, values) for kind, values in waiting]
        response = web.json_response({"messages": messages}, dumps=dumps)
        response.headers["Cache-Control"] = "no-store"
        return response

    def _waiting(self, key: str, user_id: str) -> list[tuple[str, Mapping[str, Any]]]:
        """The session's waiting notices, taken, if the server minted its key."""
        if self.notices is None or not web_sessions.is_live(self.factory, key=key, now=utcnow()):
            return []
        return self.notices(self.name, user_id)


class _Keep(dict[str, str]):
    """Values for the page's words; a placeholder filled later (`{reference}`) stays."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _score(value: object) -> int | None:
    """A satisfaction score from the form: 1 to 5, else none."""
    text = str(value or "").strip()
    return int(text) if text in {str(n) for n in closing.SCORES} else None


def _problem(text: str) -> str:
    return f'  <section class="result problem" id="result" role="alert"><p>{html.escape(text)}</p></section>'


def _reply(reply: Reply) -> dict[str, Any]:
    return {
        "text": reply.text or "",
        "buttons": [{"title": b.title, "payload": b.payload} for b in reply.buttons],
    }


def _conversation(events: Any) -> list[tuple[float, dict[str, Any]]]:
    """The customer's and the desk's messages from a tracker's events, with their times; a
    pressed button (`/affirm`) is shown by its title, as the customer saw it."""
    messages: list[tuple[float, dict[str, Any]]] = []
    titles: Mapping[str, str] = {}
    for event in events:
        kind = getattr(event, "type_name", "")
        at = float(getattr(event, "timestamp", 0) or 0)
        if kind == "user" and event.text:
            text = str(event.text)
            messages.append((at, {"from": "you", "text": titles.get(text, text), "buttons": []}))
        elif kind == "bot" and (event.text or (event.data or {}).get("buttons")):
            buttons = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in (event.data or {}).get("buttons") or []
            ]
            titles = {b["payload"]: b["title"] for b in buttons} or titles
            messages.append(
                (at, {"from": "desk", "text": str(event.text or ""), "buttons": buttons})
            )
    return messages
