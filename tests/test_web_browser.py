"""The web page end to end in headless Chromium (Debian's `chromium`, which .ci/run
installs), driven by Playwright: a Korean complaint filed by clicking and typing, the
history after a reload, a staff message shown without typing, status by reference and
contact, and markup shown as text.

On a machine without Chromium these tests skip and say why; under CI=true they fail.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import AsyncIterator

import pytest
from aiohttp.test_utils import TestServer

from bot.channels.web import Pace, WebChannel
from bot.server.app import Server
from bot.wiring import waiting_notices
from handlers import casework
from storage.types import utcnow
from tests.conftest import IN_CI, ROOT
from tests.helpers import stored_complaint

CHROMIUM = os.environ.get("COMPLAINTBOT_CHROMIUM") or shutil.which("chromium") or ""
ARTIFACTS = ROOT / "var" / "screenshots"
REFERENCE = re.compile(r"CMP-[0-9A-Z]{4}-[0-9A-Z]{4}")
XSS = "<img src=x onerror=alert(1)>"

if not CHROMIUM:
    reason = "Chromium is not installed (Debian: apt-get install chromium; .ci/run does it)"
    if IN_CI:
        raise RuntimeError(f"the browser tests must run under CI: {reason}")
    pytest.skip(reason, allow_module_level=True)

from playwright.async_api import Browser, Page, async_playwright, expect  # noqa: E402


@pytest.fixture
async def base(desk) -> AsyncIterator[str]:
    settings, database, dialogue = desk
    app = Server(dialogue, database.engine, api_token=None)
    app.mount(
        WebChannel(
            dialogue,
            database.factory,
            settings.policy,
            notices=waiting_notices(database),
            pace=Pace(0),  # the test reloads sooner than a page polls
        )
    )
    server = TestServer(app.app(), host="127.0.0.1", port=0)
    await server.start_server()
    yield str(server.make_url("")).rstrip("/")
    await server.close()


@pytest.fixture
async def chromium() -> AsyncIterator[Browser]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            # root in a container has no user namespaces for Chromium's sandbox
            args=["--no-sandbox", "--disable-dev-shm-usage"],
        )
        yield browser
        await browser.close()


async def new_page(chromium: Browser, locale: str) -> tuple[Page, list[str]]:
    context = await chromium.new_context(locale=locale, viewport={"width": 1200, "height": 900})
    page = await context.new_page()
    dialogs: list[str] = []

    async def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", dismiss)
    return page, dialogs


async def send(page: Page, text: str) -> None:
    """Type a message and press Enter; wait for the desk's answer."""
    answers = page.locator("#log .msg.desk")
    before = await answers.count()
    await page.locator("#message").fill(text)
    await page.locator("#message").press("Enter")
    await expect(answers).not_to_have_count(before)
    await expect(page.locator("#send")).to_be_enabled()


async def click(page: Page, title: str) -> None:
    """Press the newest button with this title; wait for the answer."""
    answers = page.locator("#log .msg.desk")
    before = await answers.count()
    await page.locator("#log .choices button", has_text=title).last.click()
    await expect(answers).not_to_have_count(before)
    await expect(page.locator("#send")).to_be_enabled()


async def test_a_korean_complaint_through_the_widget_then_reload_and_status(
    base, chromium, desk
) -> None:
    page, dialogs = await new_page(chromium, "ko-KR")
    await page.goto(f"{base}/")
    await expect(page.locator("html")).to_have_attribute("lang", "ko")
    await expect(page.locator("h1")).to_have_text("불편하셨던 점을 알려 주세요")
    await expect(page.locator("#chat")).to_have_attribute("data-ready", "true")
    await expect(page.locator("#log .msg.desk").first).to_contain_text("접수번호")

    await send(page, f"세탁기 문이 깨져서 왔어요 {XSS}")
    await click(page, "교환")  # a Rasa button, rendered as a button
    await send(page, "어제요")
    await send(page, "김민지")
    await send(page, "010-2345-6789")
    await expect(page.locator("#log .msg.desk").last).to_contain_text("이대로 접수해 드릴까요")
    await click(page, "네, 접수해 주세요")
    last = page.locator("#log .msg.desk").last
    await expect(last).to_contain_text("접수번호는")
    reference = REFERENCE.search(await last.inner_text())
    assert reference, await last.inner_text()

    # the description's markup is text: shown as typed, no element, no dialog
    await expect(page.locator("#log .msg.you").first).to_contain_text(XSS)
    assert await page.locator("#log img").count() == 0 and dialogs == []
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / "web-page-ko.png"), full_page=True)

    # a reload shows the conversation so far (the server keeps it for the cookie)
    await page.reload()
    await expect(page.locator("#chat")).to_have_attribute("data-ready", "true")
    await expect(page.locator("#log .msg.desk").last).to_contain_text(reference.group(0))
    await expect(page.locator("#log .msg.you").first).to_contain_text(XSS)

    # staff write meanwhile: the page shows it without the customer typing, as text
    settings, database, _ = desk
    complaint = stored_complaint(desk, reference.group(0))
    staff = settings.policy.staff(complaint.assignee.handle)
    assert staff is not None
    done = casework.message(
        database.factory,
        settings.policy,
        reference=complaint.reference,
        text=f"부품을 주문했습니다 {XSS}",
        by=staff,
        now=utcnow(),
    )
    assert done.result == "done"
    await page.reload()  # a page that was closed asks at once; an open one every 30 s
    await expect(page.locator("#chat")).to_have_attribute("data-ready", "true")
    await expect(page.locator("#log .msg.desk").last).to_contain_text("부품을 주문했습니다")
    await expect(page.locator("#log .msg.desk").last).to_contain_text("진행 상황을 알려 드립니다")
    assert await page.locator("#log img").count() == 0 and dialogs == []

    # status from "another device": the reference and the contact given
    other, _ = await new_page(chromium, "ko-KR")
    await other.goto(f"{base}/status")
    await other.locator("#reference").fill(reference.group(0).lower())
    await other.locator("#contact").fill("01023456789")
    await other.get_by_role("button", name="조회하기").click()
    await expect(other.locator("#result")).to_contain_text(reference.group(0))
    await expect(other.locator("#result")).to_contain_text("담당자 확인")  # staff wrote
    await expect(other.locator("#thread")).to_contain_text("부품을 주문했습니다")
    await expect(other.locator("#next")).to_contain_text("답변드리겠습니다")
    assert await other.locator("#result img").count() == 0
    await other.screenshot(path=str(ARTIFACTS / "status-page-ko.png"), full_page=True)

    await other.locator("#reference").fill(reference.group(0))
    await other.locator("#contact").fill("010-1111-2222")
    await other.get_by_role("button", name="조회하기").click()
    await expect(other.locator("#result")).to_contain_text("찾지 못했습니다")
    await expect(other.locator("#result")).not_to_contain_text("담당자 확인")
    await expect(other.locator("#thread")).to_have_count(0)
    assert dialogs == []


async def test_the_english_page_wraps_long_text_and_switches_language(base, chromium, desk) -> None:
    page, dialogs = await new_page(chromium, "en-GB")
    await page.goto(f"{base}/")
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    await expect(page.locator(".targets")).to_contain_text("10 working days")
    await send(page, f"the kettle lid snapped off {XSS}")
    await expect(page.locator("#log .msg.you").last).to_have_text(re.compile(re.escape(XSS)))
    long_word = "a" * 600  # a long reply wraps inside the chat, it does not widen the page
    await send(page, long_word)
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1200
    await page.screenshot(path=str(ARTIFACTS / "web-page-en.png"))
    assert await page.locator("#log img").count() == 0 and dialogs == []
    # the switch to Korean
    await page.get_by_role("link", name="한국어").click()
    await expect(page.locator("html")).to_have_attribute("lang", "ko")
