#!/usr/bin/env bash
# One REST message: say.sh BOTPORT SENDER "text" — prints the bot's replies and buttons.
port=$1 sender=$2 text=$3
python3 - "$port" "$sender" "$text" <<'PY'
import json, sys, urllib.request
port, sender, text = sys.argv[1:4]
req = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
    data=json.dumps({"sender": sender, "message": text}).encode(),
    headers={"Content-Type": "application/json"})
for m in json.load(urllib.request.urlopen(req, timeout=120)):
    print("BOT:", m.get("text", ""))
    for b in m.get("buttons") or []:
        print("   [button]", b.get("title"), "=>", b.get("payload"))
PY
