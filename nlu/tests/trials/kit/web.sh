#!/usr/bin/env bash
# One message on the web page's chat, with a cookie jar per visitor:
# web.sh BOTPORT JARNAME LANG "text"  (LANG ko or en; jars under /tmp/webjars)
port=$1 jar=$2 lang=$3 text=$4
mkdir -p /tmp/webjars
python3 -c 'import json,sys; print(json.dumps({"message": sys.argv[1], "language": sys.argv[2]}))' "$text" "$lang" |
curl -s -b "/tmp/webjars/$jar" -c "/tmp/webjars/$jar" -H 'Content-Type: application/json' \
  -H 'Sec-Fetch-Site: same-origin' --data-binary @- "http://127.0.0.1:$port/web/messages" |
python3 -c 'import json,sys
for m in json.load(sys.stdin).get("messages", []):
    print("BOT:", m.get("text", ""))
    for b in m.get("buttons") or []: print("   [button]", b)'
