"""The web page's channel over real sockets: the page, the cookie identity, cross-site
refusal, history, and status by reference and contact (the browser tests are in
tests/test_web_browser.py)."""

from __future__ import annotations

import ipaddress
import logging
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from aiohttp import ClientSession, CookieJar
from aiohttp.test_utils import TestServer

from bot.channels.web import COOKIE, SECURE_COOKIE, Attempts, Pace, WebChannel
from bot.server.app import Server
from bot.server.clients import Proxies
from bot.wiring import waiting_notices
from handlers import casework, thread
from handlers.formatting import format_date
from handlers.identity import Identity
from handlers.policy import Policy
from storage.types import utcnow
from tests.helpers import REFERENCE, stored_complaint

KOREAN_COMPLAINT = (
    "노트북 충전기가 작동을 안 해요",
    "교환",
    "어제",
    "김민지",
    "010-1234-5678",
    "네",
)


@pytest.fixture
async def site(desk) -> AsyncIterator[Callable]:
    servers: list[TestServer] = []

    async def start(
        attempts: Attempts | None = None, pace: Pace | None = None, policy: Policy | None = None
    ) -> str:
        settings, database, dialogue = desk
        app = Server(dialogue, database.engine, api_token=None)
        app.mount(
            WebChannel(
                dialogue,
                database.factory,
                policy or settings.policy,
                attempts=attempts,
                pace=pace,
                notices=waiting_notices(database),
                proxies=Proxies((ipaddress.ip_network("127.0.0.1/32"),)),  # as behind nginx
            )
        )
        server = TestServer(app.app(), host="127.0.0.1", port=0)
        await server.start_server()
        servers.append(server)
        return str(server.make_url("")).rstrip("/")

    yield start
    for server in servers:
        await server.close()


@pytest.fixture
async def browser() -> AsyncIterator[ClientSession]:
    """A visitor whose cookies are kept, as a browser keeps them (127.0.0.1 included)."""
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as session:
        yield session


async def say(browser: ClientSession, base: str, text: str, **headers: str) -> list[dict]:
    async with browser.post(
        f"{base}/web/messages", json={"message": text}, headers={"Origin": base, **headers}
    ) as response:
        assert response.status == 200, await response.text()
        return (await response.json())["messages"]


def session_of(browser: ClientSession) -> str:
    [cookie] = [c for c in browser.cookie_jar if c.key == COOKIE]
    return cookie.value


async def test_the_page_explains_the_process_with_the_configured_targets(site, browser) -> None:
    base = await site()
    async with browser.get(f"{base}/", headers={"Accept-Language": "ko-KR,ko;q=0.9"}) as r:
        page = await r.text()
        headers = r.headers
    assert '<html lang="ko">' in page and "불편 사항 접수" in page
    assert "영업일 기준 10일" in page  # normal: respond within 10d on the office clock
    assert "업무 시간 기준 4시간" in page  # urgent: acknowledge within 4h
    assert "1588-0000" in page  # how to reach a person, from config.yml
    # the privacy notice: how long data is kept (config.yml retention), how to ask for erasure
    assert "3년 동안 보관" in page and "90일 뒤에 삭제" in page and "개인정보 삭제해 주세요" in page
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in page and not re.search(r"\son\w+=", page)  # no inline script
    async with browser.get(f"{base}/?lang=en") as r:
        english = await r.text()
    assert '<html lang="en">' in english and "10 working days" in english
    assert "for 3 years after" in english and "delete my personal data" in english
    async with browser.get(f"{base}/", headers={"Accept-Language": "ko"}) as r:
        assert '<html lang="en">' in await r.text()  # the choice made is remembered


async def test_the_cookie_is_minted_by_the_server_httponly_and_strict(site, browser) -> None:
    base = await site()
    async with browser.get(f"{base}/") as r:
        # not minted by a page view: arriving from another site's link, the Strict cookie
        # is not sent, and a new one would replace the visitor's own
        assert COOKIE not in r.cookies
    async with browser.post(
        f"{base}/web/messages", json={"message": "hi"}, headers={"Origin": base}
    ) as r:
        cookie = r.cookies[COOKIE]
    assert re.fullmatch(r"[0-9a-f]{32}", cookie.value)  # 128 random bits
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and not cookie["secure"]
    async with browser.post(
        f"{base}/web/messages", json={"message": "hello"}, headers={"Origin": base}
    ) as r:
        assert COOKIE not in r.cookies  # the session is kept, not minted again
    async with (
        ClientSession() as other,
        other.post(
            f"{base}/web/messages",
            json={"message": "hi"},
            headers={"X-Forwarded-Proto": "https", "Origin": base},
        ) as r,
    ):
        secure = r.cookies[SECURE_COOKIE]  # behind a TLS proxy: Secure, and __Host-
    assert secure["secure"] and secure["path"] == "/"


async def test_a_complaint_filed_on_the_page_belongs_to_the_cookie_and_nobody_else(
    site, browser, desk, caplog
) -> None:
    base = await site()
    caplog.set_level(logging.INFO)
    for text in KOREAN_COMPLAINT:
        replies = await say(browser, base, text)
    reply = " ".join(m["text"] for m in replies)
    stored = stored_complaint(desk, reply)
    session = session_of(browser)
    # the identity is derived from the cookie; the cookie itself is stored nowhere
    assert (stored.channel, stored.user_id) == ("web", WebChannel.user_id(session))
    assert session not in stored.user_id
    assert (stored.product, stored.desired_outcome, stored.contact) == (
        "노트북 충전기",
        "교환",
        "010-1234-5678",
    )
    assert session not in caplog.text  # never in a log line

    async with browser.get(f"{base}/web/history") as r:
        history = (await r.json())["messages"]
    assert [m["text"] for m in history if m["from"] == "you"] == list(KOREAN_COMPLAINT)
    assert stored.reference in history[-1]["text"]

    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as stranger:
        async with stranger.get(f"{base}/web/history") as r:
            assert (await r.json())["messages"] == []
        replies = await say(stranger, base, f"{stored.reference} 진행 상황 알려 주세요")
    assert "찾을 수 없습니다" in " ".join(m["text"] for m in replies)  # not theirs


async def test_buttons_come_with_their_payloads_and_are_shown_by_title(site, browser) -> None:
    base = await site()
    for text in ("my washing machine door cracked", "Refund", "yesterday", "Jane Smith"):
        replies = await say(browser, base, text)
    replies = await say(browser, base, "jane@example.com")  # the read-back, with buttons
    buttons = [b for m in replies for b in m["buttons"]]
    submit = next(b for b in buttons if b["payload"].startswith("/"))
    await say(browser, base, submit["payload"])
    async with browser.get(f"{base}/web/history") as r:
        history = (await r.json())["messages"]
    said = [m["text"] for m in history if m["from"] == "you"]
    assert said[-1] == submit["title"]  # as the customer saw it, not "/affirm"
    assert [b for m in history for b in m["buttons"]]  # the choices, for the page to show


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "https://evil.example"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
async def test_cross_site_posts_are_refused(site, browser, desk, headers) -> None:
    base = await site()
    async with browser.post(
        f"{base}/web/messages", json={"message": "my kettle leaks"}, headers=headers
    ) as r:
        assert r.status == 403
    async with browser.post(
        f"{base}/status", data={"reference": "CMP-AAAA-AAAA", "contact": "a@b.cd"}, headers=headers
    ) as r:
        assert r.status == 403
    async with browser.get(f"{base}/web/history") as r:
        assert (await r.json())["messages"] == []  # nothing was said


async def test_behind_a_proxy_the_pages_own_posts_are_accepted(site, browser) -> None:
    base = await site()
    # nginx passes Host: 127.0.0.1:port and the visitor's host as X-Forwarded-Host
    proxied = {"Origin": "https://desk.example.com", "X-Forwarded-Host": "desk.example.com"}
    async with browser.post(f"{base}/web/messages", json={"message": "hi"}, headers=proxied) as r:
        assert r.status == 200
    # a browser's own word is final: Sec-Fetch-Site same-origin whatever the Host
    same = {"Origin": "https://desk.example.com", "Sec-Fetch-Site": "same-origin"}
    async with browser.post(f"{base}/web/messages", json={"message": "hi"}, headers=same) as r:
        assert r.status == 200


def test_failed_look_ups_are_counted_per_client_behind_a_trusted_proxy(desk) -> None:
    from aiohttp.test_utils import make_mocked_request

    settings, database, dialogue = desk
    channel = WebChannel(
        dialogue,
        database.factory,
        settings.policy,
        proxies=Proxies((ipaddress.ip_network("127.0.0.1/32"),)),
    )

    def client(remote: str, forwarded: str = "") -> str:
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        request = make_mocked_request("POST", "/status", headers=headers)
        return channel.client(request.clone(remote=remote))

    assert client("127.0.0.1", "203.0.113.7") == "203.0.113.7"  # the proxy saw the client
    assert client("198.51.100.2", "203.0.113.7") == "198.51.100.2"  # not a trusted proxy
    assert client("2001:db8:1:2:aaaa::1") == client("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"


async def test_a_form_post_to_the_chat_is_refused(site, browser) -> None:
    base = await site()
    # a cross-site form cannot send JSON without a preflight, which this server never grants
    async with browser.post(f"{base}/web/messages", data={"message": "hi"}) as r:
        assert r.status == 415


async def file_in_english(browser: ClientSession, base: str, contact: str) -> str:
    for text in (
        "my washing machine door cracked",
        "replacement",
        "yesterday",
        "Jane Smith",
        contact,
    ):
        await say(browser, base, text)
    replies = await say(browser, base, "yes")
    match = REFERENCE.search(" ".join(m["text"] for m in replies))
    assert match
    return match.group(0)


async def status(browser: ClientSession, base: str, reference: str, contact: str) -> tuple:
    async with browser.post(
        f"{base}/status",
        data={"reference": reference, "contact": contact, "lang": "en"},
        headers={"Origin": base},
    ) as r:
        return r.status, await r.text()


async def test_status_needs_the_reference_and_the_contact_given(site, browser) -> None:
    base = await site()
    reference = await file_in_english(browser, base, "jane.smith@example.com")
    code, page = await status(browser, base, reference.lower(), "Jane.Smith@Example.com ")
    assert code == 200 and "Received" in page and f"Complaint {reference}" in page
    assert "Answer expected by" in page

    _, wrong = await status(browser, base, reference, "someone@example.com")
    _, unknown = await status(browser, base, "CMP-7K2Q-9XWW", "jane.smith@example.com")
    message = "find a complaint with that reference and contact"  # the same for both
    assert message in wrong and message in unknown
    assert "Received" not in wrong  # nothing of the complaint shows

    async with (
        ClientSession() as elsewhere,
        elsewhere.post(
            f"{base}/status",
            data={"reference": reference, "contact": "+82 10 1234 5678", "lang": "ko"},
        ) as r,
    ):
        assert "찾지 못했습니다" in await r.text()  # not this complaint's contact


async def test_a_phone_number_is_matched_however_it_is_written(site, browser) -> None:
    base = await site()
    reference = await file_in_english(browser, base, "010-9876-5432")
    code, page = await status(browser, base, reference, "+82 10 9876 5432")
    assert code == 200 and f"Complaint {reference}" in page


async def test_repeated_failures_are_refused_for_a_while(site, browser) -> None:
    base = await site(Attempts(limit=3, window=600))
    reference = await file_in_english(browser, base, "ratelimit@example.com")
    for _ in range(3):
        code, _page = await status(browser, base, reference, "guess@example.com")
        assert code == 200
    code, page = await status(browser, base, reference, "ratelimit@example.com")
    assert code == 429 and "Too many attempts" in page and f"Complaint {reference}" not in page


async def test_attempts_expire_and_memory_stays_bounded() -> None:
    attempts = Attempts(limit=2, window=60, addresses=3)
    await attempts.failed("a", now=0)
    await attempts.failed("a", now=10)
    assert await attempts.blocked_for("a", now=20) == pytest.approx(40)
    assert await attempts.blocked_for("a", now=61) == 0  # the first failure has expired
    for address in "bcde":
        await attempts.failed(address, now=30)
    assert await attempts.blocked_for("a", now=30) == 0  # forgotten: only 3 addresses are kept


async def test_a_mistyped_reference_is_said_and_markup_is_shown_as_text(site, browser) -> None:
    base = await site()
    _code, page = await status(browser, base, "<b>CMP-7K2Q-9XW4</b>", "a@b.cd")
    assert "look right: one of its characters may be mistyped" in page
    assert "<b>" not in page and "&lt;b&gt;" in page  # echoed, escaped


async def test_only_the_pages_own_static_files_are_served(site, browser) -> None:
    base = await site()
    async with browser.get(f"{base}/web/static/chat.js") as r:
        assert r.status == 200 and r.content_type == "text/javascript"
        assert "textContent" in await r.text() and "innerHTML" not in await r.text()
    for name in ("..%2F__init__.py", "words.py", "missing.css"):
        async with browser.get(f"{base}/web/static/{name}") as r:
            assert r.status == 404


async def test_a_staff_response_shows_at_the_next_message_and_after_a_reload(
    site, browser, desk
) -> None:
    base = await site()
    reference = await file_in_english(browser, base, "answer.me@example.com")
    settings = desk[0]
    complaint = stored_complaint(desk, reference)
    staff = settings.policy.staff(complaint.assignee.handle)
    assert staff is not None
    done = casework.respond(
        desk[1].factory,
        settings.policy,
        reference=reference,
        response="We will replace the door <b>this week</b>.",
        by=staff,
        now=utcnow(),
    )
    assert done.result == "done"
    replies = await say(browser, base, "any news?")
    assert "We will replace the door <b>this week</b>." in replies[0]["text"]  # first, as text
    async with browser.get(f"{base}/web/history") as r:
        history = (await r.json())["messages"]
    assert any("We will replace the door" in m["text"] for m in history)  # kept for a reload


# --- the case thread on the page ---------------------------------------------------------


async def file_in_korean(browser: ClientSession, base: str, desk):
    for text in KOREAN_COMPLAINT:
        replies = await say(browser, base, text)
    return stored_complaint(desk, " ".join(m["text"] for m in replies))


async def poll(browser: ClientSession, base: str) -> list[dict]:
    async with browser.get(f"{base}/web/notices") as r:
        assert r.status == 200, await r.text()
        assert r.headers["Cache-Control"] == "no-store"
        return (await r.json())["messages"]


def staff_message(desk, complaint, text: str, *, ask: bool = False, now=None) -> None:
    settings, database, _ = desk
    staff = settings.policy.staff(complaint.assignee.handle)
    assert staff is not None
    done = casework.message(
        database.factory,
        settings.policy,
        reference=complaint.reference,
        text=text,
        by=staff,
        now=now or utcnow(),
        ask=ask,
    )
    assert done.result == "done"


UPDATE = "부품을 주문했습니다. <script>alert(1)</script>"
QUESTION = "충전기 뒷면 사진을 보내 주실 수 있나요?"
ANSWER = "새 충전기로 교환해 드리겠습니다."


async def test_staff_messages_reach_an_open_page_and_stay_in_the_history_in_order(
    site, browser, desk
) -> None:
    base = await site(pace=Pace(0))
    complaint = await file_in_korean(browser, base, desk)
    assert await poll(browser, base) == []  # nothing from staff yet

    staff_message(desk, complaint, UPDATE)
    [update] = await poll(browser, base)  # no need to write: the open page asks
    assert "진행 상황을 알려 드립니다" in update["text"]  # the Korean frame
    assert UPDATE in update["text"]  # as text: the widget inserts it with textContent
    assert await poll(browser, base) == []  # shown once

    staff_message(desk, complaint, QUESTION, ask=True)
    replies = await say(browser, base, "사진은 내일 보낼게요")
    assert QUESTION in replies[0]["text"]  # a message's reply brings it first
    assert "여쭤볼 것이 있습니다" in replies[0]["text"]
    assert await poll(browser, base) == []

    settings, database, _ = desk
    staff = settings.policy.staff(complaint.assignee.handle)
    assert staff is not None
    casework.respond(
        database.factory,
        settings.policy,
        reference=complaint.reference,
        response=ANSWER,
        by=staff,
        now=utcnow(),
    )
    [answer] = await poll(browser, base)
    assert ANSWER in answer["text"] and "답변입니다" in answer["text"]

    # after a reload: everything once, in the order it was said
    async with browser.get(f"{base}/web/history") as r:
        history = (await r.json())["messages"]

    def where(text: str, side: str = "desk") -> int:
        [index] = [i for i, m in enumerate(history) if m["from"] == side and text in m["text"]]
        return index

    filed = next(i for i, m in enumerate(history) if complaint.reference in m["text"])
    assert "접수번호는" in history[filed]["text"]
    assert filed < where(UPDATE) < where(QUESTION) < where("사진은 내일 보낼게요", "you")
    assert where("사진은 내일 보낼게요", "you") < where(ANSWER)
    assert "진행 상황을 알려 드립니다" in history[where(UPDATE)]["text"]


async def test_the_poll_is_cheap_paced_and_only_for_the_session(site, browser, desk) -> None:
    base = await site(pace=Pace(60))
    async with browser.get(f"{base}/web/notices") as r:
        assert r.status == 200 and (await r.json())["messages"] == []  # no session yet
    complaint = await file_in_korean(browser, base, desk)
    assert await poll(browser, base) == []
    staff_message(desk, complaint, UPDATE)
    async with browser.get(f"{base}/web/notices") as r:
        assert r.status == 429 and int(r.headers["Retry-After"]) > 0  # too soon: untouched
    async with browser.get(f"{base}/web/notices", headers={"Sec-Fetch-Site": "cross-site"}) as r:
        assert r.status == 403
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as forger:
        forger.cookie_jar.update_cookies({COOKIE: "0" * 32})  # a key the server never minted
        async with forger.get(f"{base}/web/notices") as r:
            assert (await r.json())["messages"] == []
    replies = await say(browser, base, "감사합니다")
    assert UPDATE in replies[0]["text"]  # still waiting for the customer, not lost


def test_the_pace_allows_one_request_per_interval_and_forgets_old_keys() -> None:
    pace = Pace(10, keys=2)
    assert pace.wait("a", now=0) == 0
    assert pace.wait("a", now=4) == pytest.approx(6)
    assert pace.wait("a", now=10) == 0
    pace.wait("b", now=11)
    pace.wait("c", now=11)
    assert pace.wait("a", now=12) == 0  # forgotten: only 2 keys are kept


async def status_in(
    browser: ClientSession, base: str, reference: str, contact: str, language: str
) -> str:
    async with browser.post(
        f"{base}/status",
        data={"reference": reference, "contact": contact, "lang": language},
        headers={"Origin": base},
    ) as r:
        assert r.status == 200
        return await r.text()


async def test_status_shows_the_thread_and_what_happens_next_only_to_the_right_pair(
    site, browser, desk
) -> None:
    settings, database, _ = desk
    base = await site()
    complaint = await file_in_korean(browser, base, desk)  # a phone number only
    start = datetime(2026, 3, 2, 6, 5, tzinfo=timezone.utc)  # 15:05 in Seoul
    thread.customer_message(
        database.factory,
        settings.policy,
        reference=complaint.reference,
        identity=Identity("web", complaint.user_id),
        text="언제쯤 연락 주시나요? <b>급해요</b>",
        now=start,
    )
    staff_message(desk, complaint, UPDATE, now=start + timedelta(minutes=1))
    staff_message(desk, complaint, QUESTION, ask=True, now=start + timedelta(minutes=2))

    page = await status_in(browser, base, complaint.reference, "01012345678", "ko")
    team = settings.policy.team_name(settings.policy.team_for(complaint.category), "ko")
    assert "앞으로의 처리" in page
    assert f"{team}에서 고객님께 확인할 내용을 여쭤보았고" in page  # who, and waiting on them
    assert "채팅 창으로" in page and "전화드리겠습니다" in page  # how: the chat, else a call
    mine = page.index("언제쯤 연락 주시나요?")
    assert mine < page.index("부품을 주문했습니다") < page.index(QUESTION)  # in order
    assert "2026년 3월 2일(월) 오후 3:05" in page  # the organisation's time zone
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>급해요" not in page and "&lt;b&gt;급해요" in page

    wrong = await status_in(browser, base, complaint.reference, "010-9999-8888", "ko")
    assert "찾지 못했습니다" in wrong
    for secret in ("앞으로의 처리", "언제쯤 연락", "부품을 주문했습니다", QUESTION, team):
        assert secret not in wrong


async def test_status_says_who_by_when_and_by_e_mail_then_the_answer(site, browser, desk) -> None:
    settings, database, _ = desk
    policy = replace(settings.policy, email_customers=True)
    base = await site(policy=policy)
    reference = await file_in_english(browser, base, "thread.reader@example.com")
    complaint = stored_complaint(desk, reference)
    team = policy.team_name(policy.team_for(complaint.category), "en")
    due = format_date(complaint.respond_due_at, "en", policy.timezone)

    page = await status_in(browser, base, reference, "thread.reader@example.com", "en")
    assert f"{team[0].upper()}{team[1:]} has your complaint and will answer by {due}." in page
    assert "in the chat on our complaints page" in page
    assert "by e-mail to the address you gave" in page
    assert 'id="thread"' not in page  # nothing said yet

    staff = policy.staff(complaint.assignee.handle)
    assert staff is not None
    casework.acknowledge(database.factory, policy, reference=reference, by=staff, now=utcnow())
    casework.respond(
        database.factory,
        policy,
        reference=reference,
        response="A new door is on its way.",
        by=staff,
        now=utcnow(),
    )
    page = await status_in(browser, base, reference, "thread.reader@example.com", "en")
    assert "has answered (below)" in page and "by e-mail" in page
    notice = page.index("We confirmed that we have your complaint")  # the desk's notice
    assert notice < page.index("Our answer") < page.index("A new door is on its way.")
