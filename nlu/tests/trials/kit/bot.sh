#!/usr/bin/env bash
# (Re)start a trial bot: bot.sh CHECKOUT BOTPORT TGPORT DBFILE — kills what holds BOTPORT,
# starts `complaintbot run` from CHECKOUT with the fake Telegram on TGPORT, waits for /healthz.
set -euo pipefail
checkout=$1 port=$2 tg=$3 db=$4
pid=$(ss -ltnp "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
[ -n "$pid" ] && kill "$pid" && sleep 2
mkdir -p "$(dirname "$db")"
cd "$checkout"
PYTHONPATH=$checkout COMPLAINTBOT_HTTP_PORT=$port DATABASE_URL="sqlite:///$db" \
  TELEGRAM_BOT_TOKEN=123456:TEST-token TELEGRAM_API_BASE_URL="http://127.0.0.1:$tg" \
  nohup .venv/bin/complaintbot run >>"$(dirname "$db")/bot.log" 2>&1 &
for _ in $(seq 1 180); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && { echo "bot up on :$port"; exit 0; }
  sleep 1
done
echo "bot did not come up; see $(dirname "$db")/bot.log" >&2; exit 1
