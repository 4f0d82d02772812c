"""Talk to the fake Telegram of tg_trial.py as one customer.

python tg_say.py CONTROL_PORT USER_ID LANG "text"
python tg_say.py CONTROL_PORT USER_ID LANG press CALLBACK_DATA
python tg_say.py CONTROL_PORT USER_ID LANG poll
"""

from __future__ import annotations

import json
import sys
import urllib.request


def call(port: str, path: str, body: dict[str, str]) -> list[dict[str, object]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=90) as response:
        return list(json.load(response)["messages"])


def main(argv: list[str]) -> None:
    port, user, lang = argv[1], argv[2], argv[3]
    if argv[4] == "press":
        messages = call(port, "press", {"user": user, "lang": lang, "data": argv[5]})
    elif argv[4] == "poll":
        messages = call(port, "poll", {"user": user})
    else:
        messages = call(port, "say", {"user": user, "lang": lang, "text": argv[4]})
    for message in messages:
        print("BOT:", message["text"])
        for button in message["buttons"]:  # type: ignore[attr-defined]
            print("   [button]", button)
    if not messages:
        print("(nothing sent)")


if __name__ == "__main__":
    main(sys.argv)
