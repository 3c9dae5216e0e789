#!/usr/bin/env bash
# The soak: tlcpp_soak's clients through `tlcpp serve`, which drops each
# connection after DROP_AFTER messages and changes its salt every
# ROTATE messages; every call must get its own answer exactly once, and
# memory must stay flat. ctest runs a short one; the README's figures
# come from the full one:
#   tests/net/soak_test.sh TLCPP TLCPP_SOAK [CLIENTS CALLS DROP_AFTER ROTATE]
#   tests/net/soak_test.sh build/tools/cli/tlcpp build/tests/net/tlcpp_soak 50 2000 100 500
set -euo pipefail
tlcpp=$1
soak=$2
clients=${3:-10}
calls=${4:-300}
drop_after=${5:-50}
rotate=${6:-100}
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo '{"method": "photos.updateProfilePhoto", "match": {"id": {"id": "2"}}, "error": [400, "PHOTO_ID_INVALID"]}' \
  >"$work/answers.jsonl"
"$tlcpp" serve --public-key-out "$work/server.pem" --answers "$work/answers.jsonl" \
  --drop-after "$drop_after" --rotate-salt-every "$rotate" >"$work/server.out" 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
  [ "$(wc -l <"$work/server.out")" -ge 2 ] && break
  sleep 0.1
done
port=$(sed -n '1s/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/server.out")
[ -n "$port" ] || { echo "tlcpp serve did not start:"; cat "$work/server.log"; exit 1; }

set +e
timeout 1800 "$soak" "127.0.0.1:$port" "$work/server.pem" "$server_pid" "$clients" "$calls"
code=$?
set -e
echo "server: $(grep -c 'dropped after' "$work/server.log") connections dropped," \
  "$(grep -c 'is not the server salt' "$work/server.log") packets with an old salt (told bad_server_salt)"
others=$(grep '^violation:' "$work/server.log" | grep -v 'is not the server salt' || true)
if [ -n "$others" ]; then
  echo "the server saw rules broken:"
  echo "$others" | head -20
  exit 1
fi
exit "$code"
