"""The fake Slack Web API and request builders of tests/fakes/slack.py, over real HTTP."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs

import aiohttp
import pytest

from tests.fakes.slack import (
    FakeSlackAPI,
    SlackRequests,
    dm_channel,
    retry_headers,
    sign,
)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlackAPI]:
    api = FakeSlackAPI()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def _call(
    http: aiohttp.ClientSession,
    fake: FakeSlackAPI,
    method: str,
    token: str | None = None,
    **kwargs: Any,
) -> tuple[int, dict[str, str], dict[str, Any]]:
    headers = {"Authorization": f"Bearer {token or fake.token}"}
    async with http.post(f"{fake.url}/api/{method}", headers=headers, **kwargs) as response:
        return response.status, dict(response.headers), await response.json()


async def test_auth_test_checks_the_token(fake, http):
    status, _, body = await _call(http, fake, "auth.test")
    assert status == 200
    assert body == {
        "ok": True,
        "url": "https://example-team.slack.com/",
        "team": "Example Team",
        "user": "complaintbot",
        "team_id": "T0EXAMPLE",
        "user_id": "U0BOT",
        "bot_id": "B0BOT",
        "is_enterprise_install": False,
    }
    status, _, body = await _call(http, fake, "auth.test", token="xoxb-wrong")
    assert (status, body) == (200, {"ok": False, "error": "invalid_auth"})
    # The token as a form field, as older clients send it.
    async with http.post(f"{fake.url}/api/auth.test", data={"token": fake.token}) as response:
        assert (await response.json())["user_id"] == "U0BOT"
    assert fake.unknown == []


async def test_post_to_a_user_then_update_it(fake, http):
    blocks = [{"type": "section", "block_id": "b1", "text": {"type": "mrkdwn", "text": "hi"}}]
    status, _, posted = await _call(
        http, fake, "chat.postMessage", json={"channel": "U0ALICE", "text": "hi", "blocks": blocks}
    )
    assert status == 200 and posted["ok"] is True
    assert posted["channel"] == dm_channel("U0ALICE") == "D0ALICE"
    assert posted["ts"] == "1700000000.000100"
    assert posted["message"]["text"] == "hi"
    assert posted["message"]["blocks"] == blocks
    assert posted["message"]["user"] == "U0BOT"

    # Form-encoded, blocks as a JSON string: decoded like Slack does.
    new_blocks = [{"type": "section", "block_id": "b1", "text": {"type": "mrkdwn", "text": "done"}}]
    form = {
        "channel": "D0ALICE",
        "ts": posted["ts"],
        "text": "done",
        "blocks": json.dumps(new_blocks),
    }
    _, _, updated = await _call(http, fake, "chat.update", data=form)
    assert updated["ok"] is True
    assert (updated["channel"], updated["ts"], updated["text"]) == ("D0ALICE", posted["ts"], "done")
    assert fake.called("chat.update")[0].params["blocks"] == new_blocks
    assert fake.messages[("D0ALICE", posted["ts"])]["text"] == "done"
    assert fake.messages[("D0ALICE", posted["ts"])]["blocks"] == new_blocks

    _, _, missing = await _call(
        http, fake, "chat.update", json={"channel": "D0ALICE", "ts": "1.2", "text": "x"}
    )
    assert missing == {"ok": False, "error": "message_not_found"}

    _, _, second = await _call(http, fake, "chat.postMessage", json={"channel": "C1", "text": "x"})
    assert second["ts"] > posted["ts"]
    assert [c.params["text"] for c in fake.posted("U0ALICE")] == ["hi"]
    assert fake.posted("D0ALICE") == fake.posted("U0ALICE")
    assert [c.params["text"] for c in fake.posted()] == ["hi", "x"]

    _, _, opened = await _call(http, fake, "conversations.open", params={"users": "U0ALICE"})
    assert opened == {"ok": True, "channel": {"id": "D0ALICE"}}


async def test_rate_limit_then_success_and_error_variants(fake, http):
    fake.fail_next("chat.postMessage", status=429, retry_after=3)
    fake.fail_next("chat.postMessage", error="channel_not_found")
    fake.fail_next("chat.postMessage", status=500)
    message = {"channel": "C1", "text": "hello"}

    status, headers, body = await _call(http, fake, "chat.postMessage", json=message)
    assert (status, headers["Retry-After"], body) == (
        429,
        "3",
        {"ok": False, "error": "ratelimited"},
    )
    status, _, body = await _call(http, fake, "chat.postMessage", json=message)
    assert (status, body) == (200, {"ok": False, "error": "channel_not_found"})
    status, _, body = await _call(http, fake, "chat.postMessage", json=message)
    assert status == 500 and body["ok"] is False
    status, _, body = await _call(http, fake, "chat.postMessage", json=message)
    assert status == 200 and body["ok"] is True and body["message"]["text"] == "hello"

    assert len(fake.called("chat.postMessage")) == 4
    assert [c.params for c in fake.posted("C1")] == [message]
    assert fake.messages == {("C1", body["ts"]): body["message"]}


async def test_unknown_method_is_recorded(fake, http):
    status, _, body = await _call(http, fake, "chat.scheduleMessage", json={"channel": "C1"})
    assert (status, body) == (200, {"ok": False, "error": "unknown_method"})
    assert fake.unknown == ["chat.scheduleMessage"]


async def test_users_info_views_and_ephemeral(fake, http):
    fake.add_user("U0ALICE", "alice", locale="en-US", real_name="Alice Kim")
    async with http.get(
        f"{fake.url}/api/users.info",
        params={"user": "U0ALICE", "include_locale": "1"},
        headers={"Authorization": f"Bearer {fake.token}"},
    ) as response:
        body = await response.json()
    user = body["user"]
    assert (user["id"], user["name"], user["locale"], user["tz"]) == (
        "U0ALICE",
        "alice",
        "en-US",
        "Asia/Seoul",
    )
    assert user["profile"] == {
        "display_name": "alice",
        "real_name": "Alice Kim",
        "team": "T0EXAMPLE",
    }
    _, _, none = await _call(http, fake, "users.info", params={"user": "U0NOBODY"})
    assert none == {"ok": False, "error": "user_not_found"}

    view = {
        "type": "modal",
        "callback_id": "complaint",
        "title": {"type": "plain_text", "text": "T"},
    }
    _, _, bad = await _call(http, fake, "views.open", json={"view": view})
    assert bad == {"ok": False, "error": "invalid_arguments"}
    _, _, opened = await _call(http, fake, "views.open", json={"view": view, "trigger_id": "1.2.3"})
    assert opened["view"]["callback_id"] == "complaint"
    assert opened["view"]["state"] == {"values": {}}
    assert opened["view"]["id"].startswith("V")

    _, _, ephemeral = await _call(
        http, fake, "chat.postEphemeral", json={"channel": "C1", "user": "U0ALICE", "text": "psst"}
    )
    assert ephemeral["ok"] is True and ephemeral["message_ts"].startswith("1700000000.")


def test_signature_matches_slacks_worked_example():
    secret = "8f742231b10e8888abcd99yyyzzz85a5"
    body = (
        b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
        b"&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
        b"&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2F"
        b"commands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        b"&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"
    )
    headers = sign(body, secret, 1531420618, "application/x-www-form-urlencoded")
    expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
    assert headers == {
        "X-Slack-Request-Timestamp": "1531420618",
        "X-Slack-Signature": expected,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    recomputed = hmac.new(secret.encode(), b"v0:1531420618:" + body, hashlib.sha256).hexdigest()
    assert expected == f"v0={recomputed}"
    assert sign(body, "another-secret", 1531420618)["X-Slack-Signature"] != expected
    assert retry_headers(2) == {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_timeout"}


async def test_request_builders(fake, http):
    fake.add_user("U0ALICE", "alice")
    requests = SlackRequests(fake=fake)

    body, content_type = requests.message_im("U0ALICE", "my parcel is late")
    envelope = json.loads(body)
    assert content_type == "application/json"
    assert envelope["type"] == "event_callback" and envelope["event_id"].startswith("Ev")
    event = envelope["event"]
    assert (event["type"], event["channel_type"], event["channel"], event["text"]) == (
        "message",
        "im",
        "D0ALICE",
        "my parcel is late",
    )
    assert event["ts"] == event["event_ts"]
    assert (
        json.loads(requests.message_im("U0ALICE", "again")[0])["event_id"] != envelope["event_id"]
    )

    button = {
        "type": "button",
        "action_id": "confirm",
        "text": {"type": "plain_text", "text": "OK"},
    }
    blocks = [{"type": "actions", "block_id": "choices", "elements": [button]}]
    _, _, posted = await _call(
        http, fake, "chat.postMessage", json={"channel": "C1", "text": "sure?", "blocks": blocks}
    )
    body, content_type = requests.block_actions(
        "U0ALICE", "confirm", value="yes", channel="C1", message_ts=posted["ts"]
    )
    assert content_type == "application/x-www-form-urlencoded"
    payload = json.loads(parse_qs(body.decode())["payload"][0])
    assert payload["type"] == "block_actions"
    assert payload["user"] == {
        "id": "U0ALICE",
        "username": "alice",
        "name": "alice",
        "team_id": "T0EXAMPLE",
    }
    assert payload["container"] == {
        "type": "message",
        "message_ts": posted["ts"],
        "channel_id": "C1",
        "is_ephemeral": False,
    }
    assert payload["message"]["text"] == "sure?" and payload["message"]["blocks"] == blocks
    action = payload["actions"][0]
    assert (action["type"], action["action_id"], action["block_id"], action["value"]) == (
        "button",
        "confirm",
        "choices",
        "yes",
    )

    async with http.post(payload["response_url"], json={"text": "thanks"}) as response:
        assert response.status == 200
    assert [c.params for c in fake.responses()] == [{"text": "thanks", "_n": 1}]

    body, _ = requests.slash_command("U0ALICE", "/complain", "late parcel")
    fields = {k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
    assert (fields["command"], fields["text"], fields["user_name"]) == (
        "/complain",
        "late parcel",
        "alice",
    )
    assert fields["response_url"] == f"{fake.url}/response/2"

    values = {"what": {"text": {"type": "plain_text_input", "value": "broken"}}}
    body, _ = requests.view_submission("U0ALICE", "complaint", values, private_metadata="42")
    view = json.loads(parse_qs(body.decode())["payload"][0])["view"]
    assert (view["callback_id"], view["private_metadata"], view["state"]) == (
        "complaint",
        "42",
        {"values": values},
    )
    assert fake.unknown == []


async def test_replies_thread_under_their_parent_as_slack_threads_them(fake, http):
    _, _, parent = await _call(
        http, fake, "chat.postMessage", json={"channel": "C1", "text": "the card"}
    )
    _, _, reply = await _call(
        http,
        fake,
        "chat.postMessage",
        json={"channel": "C1", "text": "in the thread", "thread_ts": parent["ts"]},
    )
    assert reply["ok"] is True and reply["message"]["thread_ts"] == parent["ts"]
    # form-encoded, with the reply also shown in the conversation (a DM: a user id)
    _, _, dm = await _call(http, fake, "chat.postMessage", json={"channel": "U0ALICE", "text": "x"})
    form = {
        "channel": "D0ALICE",
        "text": "also here",
        "thread_ts": dm["ts"],
        "reply_broadcast": "true",
    }
    _, _, broadcast = await _call(http, fake, "chat.postMessage", data=form)
    assert broadcast["message"]["subtype"] == "thread_broadcast"
    assert [m["text"] for m in fake.replies("C1", parent["ts"])] == ["in the thread"]
    assert [m["text"] for m in fake.replies("U0ALICE", dm["ts"])] == ["also here"]
    assert fake.messages[("C1", parent["ts"])]["reply_count"] == 1
    assert fake.messages[("C1", parent["ts"])]["latest_reply"] == reply["ts"]
    # a reply to a message that is not there is taken and shown nowhere; a malformed ts fails
    _, _, lost = await _call(
        http, fake, "chat.postMessage", json={"channel": "C1", "text": "?", "thread_ts": "1.5"}
    )
    assert lost == {"ok": False, "error": "invalid_thread_ts"}
    _, _, nowhere = await _call(
        http,
        fake,
        "chat.postMessage",
        json={"channel": "C1", "text": "?", "thread_ts": "1699999999.000001"},
    )
    assert nowhere["ok"] is True and fake.replies("C1", "1699999999.000001") == []
    assert fake.replies("C1", parent["ts"])[-1]["text"] == "in the thread"


async def test_a_failure_can_be_meant_for_one_channel(fake, http):
    fake.fail_next("chat.postMessage", 500, channel="U0ALICE")
    _, _, other = await _call(http, fake, "chat.postMessage", json={"channel": "C1", "text": "a"})
    status, _, failed = await _call(
        http, fake, "chat.postMessage", json={"channel": "D0ALICE", "text": "b"}
    )
    _, _, again = await _call(
        http, fake, "chat.postMessage", json={"channel": "U0ALICE", "text": "c"}
    )
    assert other["ok"] and (status, failed["ok"]) == (500, False) and again["ok"]
