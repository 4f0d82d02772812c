"""Closing the loop on the status page (issue 21): the answer's two buttons after the
reference and contact matched, a decline with what is still wrong, the 1-5 survey; each
step authorised exactly as the look-up is, through the real HTTP server."""

from __future__ import annotations

from aiohttp import ClientSession

from bot.channels.web import Attempts
from handlers import casework
from storage import repositories as repo
from storage.db import transaction
from storage.types import utcnow
from tests.helpers import stored_complaint
from tests.test_web import browser, file_in_english, file_in_korean, site  # noqa: F401

EMAIL = "loop.closer@example.com"
ANSWER_EN = "A new door is on its way & fitted on Friday."
ANSWER_KO = "새 충전기로 교환해 드리겠습니다."


def answer(desk, reference: str, text: str) -> None:
    """Staff acknowledge (when not yet) and answer the complaint."""
    settings, database, _ = desk
    complaint = stored_complaint(desk, reference)
    staff = settings.policy.staff(complaint.assignee.handle)
    assert staff is not None
    casework.acknowledge(
        database.factory, settings.policy, reference=reference, by=staff, now=utcnow()
    )
    done = casework.respond(
        database.factory,
        settings.policy,
        reference=reference,
        response=text,
        by=staff,
        now=utcnow(),
    )
    assert done.result == "done"


async def post(browser: ClientSession, base: str, **form: str) -> tuple[int, str]:  # noqa: F811
    headers = {"Origin": base}
    headers.update({k: form.pop(k) for k in ("Sec-Fetch-Site",) if k in form})
    async with browser.post(f"{base}/status", data=form, headers=headers) as r:
        return r.status, await r.text()


def events(desk, reference: str, kind: str | None = None) -> list[tuple[str, dict]]:
    with transaction(desk[1].factory) as session:
        complaint = repo.get_by_reference(session, reference=reference)
        assert complaint is not None
        return [
            (e.kind, dict(e.data or {}))
            for e in repo.events_for(session, complaint=complaint)
            if kind is None or e.kind == kind
        ]


async def test_accept_on_the_page_closes_it_and_stores_the_survey(site, browser, desk) -> None:  # noqa: F811
    base = await site()
    reference = await file_in_english(browser, base, EMAIL)
    answer(desk, reference, ANSWER_EN)

    code, page = await post(browser, base, reference=reference, contact=EMAIL, lang="en")
    assert code == 200
    assert "Does this resolve your complaint?" in page
    assert "A new door is on its way &amp; fitted on Friday." in page  # the answer, escaped
    assert 'name="step" value="accept"' in page and 'name="step" value="decline"' in page
    assert "Yes, it&#x27;s resolved" in page and "No, not yet" in page
    assert "If not, what is still wrong? (optional)" in page

    # a wrong contact: the answer of an unknown reference, nothing recorded
    code, wrong = await post(
        browser, base, reference=reference, contact="other@example.com", lang="en", step="accept"
    )
    assert code == 200 and "find a complaint with that reference and contact" in wrong
    assert "Does this resolve" not in wrong and "now closed" not in wrong
    # a bare reference, no contact at all: the same
    _, bare = await post(browser, base, reference=reference, lang="en", step="accept")
    assert "find a complaint with that reference and contact" in bare
    # from another site: refused before anything is read
    code, _ = await post(
        browser,
        base,
        reference=reference,
        contact=EMAIL,
        lang="en",
        step="accept",
        **{"Sec-Fetch-Site": "cross-site"},
    )
    assert code == 403
    assert stored_complaint(desk, reference).status == "responded"
    assert events(desk, reference, "accepted") == []

    code, page = await post(
        browser, base, reference=reference, contact=EMAIL, lang="en", step="accept"
    )
    assert code == 200
    assert f"Your complaint {reference} is now closed." in page
    assert "How satisfied are you with how we handled your complaint?" in page
    assert 'name="score" value="1"' in page and 'name="score" value="5"' in page
    assert "Does this resolve" not in page
    assert stored_complaint(desk, reference).status == "closed"
    assert [k for k, _ in events(desk, reference, "accepted")] == ["accepted"]

    # pressed again (another tab): nothing changes, and the page says so
    _, again = await post(
        browser, base, reference=reference, contact=EMAIL, lang="en", step="accept"
    )
    assert "Nothing was recorded" in again
    assert len(events(desk, reference, "accepted")) == 1

    code, page = await post(
        browser,
        base,
        reference=reference,
        contact=EMAIL,
        lang="en",
        step="score",
        score="4",
        comment="A call on Thursday would have helped.",
    )
    assert code == 200 and "Thank you for your feedback." in page
    assert "How satisfied" not in page  # asked once
    complaint = stored_complaint(desk, reference)
    assert complaint.satisfaction_score == 4
    assert complaint.satisfaction_comment == "A call on Thursday would have helped."


async def test_decline_in_korean_goes_back_to_work_with_the_reason_and_the_recourse(
    site,  # noqa: F811
    browser,  # noqa: F811
    desk,
) -> None:
    settings, _, _ = desk
    base = await site()
    complaint = await file_in_korean(browser, base, desk)  # a phone number only
    reference = complaint.reference
    answer(desk, reference, ANSWER_KO)

    code, page = await post(browser, base, reference=reference, contact="01012345678", lang="ko")
    assert code == 200
    assert "이 답변으로 불편 사항이 해결되었는지 알려 주시겠어요?" in page
    assert ANSWER_KO in page and "네, 해결되었습니다" in page
    assert "아니요, 아직 해결되지 않았습니다" in page

    reason = "교환받은 충전기도 작동하지 않습니다 <b>"
    code, page = await post(
        browser,
        base,
        reference=reference,
        contact="010-1234-5678",
        lang="ko",
        step="decline",
        reason=reason,
    )
    assert code == 200
    after = stored_complaint(desk, reference)
    assert after.status == "investigating"
    [(_, data)] = events(desk, reference, "declined")
    assert data["reason"] == reason and data["to"] == "investigating"
    team = settings.policy.team_name(settings.policy.team_for(after.category), "ko")
    assert f"{reference} 건을 {team}에 다시 전달했습니다" in page
    assert "까지 답변드리겠습니다" in page  # the new due date
    assert settings.policy.closing.recourse_in("ko") in page  # the recourse
    assert "상급 부서의 재검토" in page
    assert "<b>" not in page.split('id="thread"')[-1]  # the reason shown as text
    assert "이 답변으로 불편 사항이 해결되었는지" not in page  # back to work: no buttons

    # answered again, accepted, a score without a comment, then the comment
    answer(desk, reference, "기사님이 방문해 교체해 드리겠습니다.")
    _, page = await post(
        browser, base, reference=reference, contact="01012345678", lang="ko", step="accept"
    )
    assert f"{reference} 건은 처리를 완료했습니다" in page
    assert "얼마나 만족하셨는지" in page
    _, page = await post(
        browser,
        base,
        reference=reference,
        contact="01012345678",
        lang="ko",
        step="score",
        score="2",
    )
    assert "평가해 주셔서 감사합니다" in page and 'name="step" value="comment"' in page
    _, page = await post(
        browser,
        base,
        reference=reference,
        contact="01012345678",
        lang="ko",
        step="comment",
        comment="처음부터 확인해 주셨으면 좋았겠습니다.",
    )
    assert "의견 주셔서 감사합니다" in page
    done = stored_complaint(desk, reference)
    assert (done.status, done.satisfaction_score) == ("closed", 2)
    assert done.satisfaction_comment == "처음부터 확인해 주셨으면 좋았겠습니다."


async def test_failed_decisions_count_as_failed_look_ups(site, browser, desk) -> None:  # noqa: F811
    base = await site(Attempts(limit=2, window=600))
    reference = await file_in_english(browser, base, EMAIL)
    answer(desk, reference, ANSWER_EN)
    for _ in range(2):
        await post(browser, base, reference=reference, contact="a@b.cd", lang="en", step="accept")
    code, page = await post(
        browser, base, reference=reference, contact=EMAIL, lang="en", step="accept"
    )
    assert code == 429 and "Too many attempts" in page
    assert stored_complaint(desk, reference).status == "responded"


async def test_the_link_of_an_e_mail_fills_in_the_reference_only(site, browser) -> None:  # noqa: F811
    base = await site()
    async with browser.get(f"{base}/status?reference=CMP-7K2Q-9XWW&lang=ko") as r:
        page = await r.text()
    assert 'value="CMP-7K2Q-9XWW"' in page and "진행 상황 조회" in page
    assert (
        'name="contact"' in page
        and 'name="contact" autocomplete="email tel" maxlength="320" placeholder' in page
    )
    assert "lang=en&amp;reference=CMP-7K2Q-9XWW" in page  # the language switch keeps it
    async with browser.get(f'{base}/status?reference="><script>') as r:
        page = await r.text()
    assert "<script>" not in page and "&quot;&gt;&lt;script&gt;" in page
