#!/usr/bin/env bash
# tlcpp serve, driven by tlcpp call over loopback TCP: its first two lines
# (the fingerprint recomputed here from the PEM it wrote), the answers file
# (first fit wins, match, delay, refusals with their line number), the
# built-in answers, --record, and each fault it injects, with every
# transport. Bounded: every call has a timeout, every server is killed at
# the end (and `timeout` stops one that hangs).
#   tests/net/serve_test.sh TLCPP
set -euo pipefail
tlcpp=$1
work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

failures=0
check() {  # NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    echo "FAIL $1"
    echo "  expected: $2"
    echo "  actual:   $3"
    failures=$((failures + 1))
  else
    echo "ok   $1"
  fi
}

photo='{"_":"photos.photo","photo":{"_":"photo","id":"7","access_hash":"8","file_reference":"AQI=","date":1700000000,"sizes":[{"_":"photoSize","type":"x","w":640,"h":640,"size":1024}],"dc_id":2},"users":[{"_":"userEmpty","id":"1"}]}'
cat >"$work/answers.jsonl" <<EOF
{"method": "photos.updateProfilePhoto", "match": {"id": {"_": "inputPhoto", "id": "2"}}, "error": [400, "PHOTO_ID_INVALID"]}
{"method": "photos.updateProfilePhoto", "match": {"id": {"id": "3"}}, "error": [420, "FLOOD_WAIT_30"]}

{"method": "photos.updateProfilePhoto", "match": {"id": {"id": "4"}}, "answer": $photo, "delay_ms": 300}
{"method": "photos.updateProfilePhoto", "answer": $photo}
{"method": "photos.updateProfilePhoto", "error": [500, "NEVER_REACHED"]}
EOF

# serve NAME [OPTIONS...]: starts a server; sets port, fp (its second line) and log.
serve() {
  local name=$1
  shift
  timeout 300 "$tlcpp" serve --public-key-out "$work/$name.pem" --answers "$work/answers.jsonl" "$@" \
    >"$work/$name.out" 2>"$work/$name.log" &
  pids+=($!)
  for _ in $(seq 100); do
    [ "$(wc -l <"$work/$name.out")" -ge 2 ] && break
    sleep 0.1
  done
  port=$(sed -n '1s/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/$name.out")
  fp=$(sed -n '2s/^fingerprint: \([0-9a-f]\{16\}\)$/\1/p' "$work/$name.out")
  log="$work/$name.log"
  [ -n "$port" ] && [ -n "$fp" ] || { echo "tlcpp serve did not start:"; cat "$work/$name.out" "$log"; exit 1; }
  key="$work/$name.pem"
}

request() {  # PHOTO_ID
  echo "{\"_\": \"photos.updateProfilePhoto\", \"id\": {\"_\": \"inputPhoto\", \"id\": \"$1\", \"access_hash\": \"77\", \"file_reference\": \"cmVm\"}}"
}

# call TRANSPORT JSON [OPTIONS...]: sets out, err and code.
call() {
  local transport=$1 json=$2
  shift 2
  set +e
  out=$(echo "$json" | "$tlcpp" call --server "127.0.0.1:$port" --public-key "$key" --transport "$transport" \
    --timeout 10 "$@" 2>"$work/err")
  code=$?
  set -e
  err=$(cat "$work/err")
}

serve main --record "$work/record.jsonl"

# The fingerprint: the lower 64 bits of SHA1 of n and e as TL bytes, from
# the PKCS#1 PEM it wrote, with a DER reader of its own.
computed=$(python3 - "$key" <<'EOF'
import base64, hashlib, sys
der = base64.b64decode("".join(l for l in open(sys.argv[1]) if not l.startswith("-----")))
def item(b, at):  # tag, value, next offset
    tag, n, at = b[at], b[at + 1], at + 2
    if n & 0x80:
        k = n & 0x7F
        n, at = int.from_bytes(b[at:at + k], "big"), at + k
    return tag, b[at:at + n], at + n
_, seq, _ = item(der, 0)
_, n, at = item(seq, 0)
_, e, _ = item(seq, at)
def tl(x):
    x = x.lstrip(b"\0")
    h = bytes([len(x)]) if len(x) < 254 else bytes([254]) + len(x).to_bytes(3, "little")
    s = h + x
    return s + bytes(-len(s) % 4)
print(hashlib.sha1(tl(n) + tl(e)).digest()[12:20][::-1].hex())
EOF
)
check "fingerprint: the one computed from the PEM" "$computed" "$fp"

for transport in abridged intermediate padded full obfuscated; do
  call "$transport" "$(request 1)"
  check "$transport: the scripted answer" "0 $photo" "$code $out"
  call "$transport" "$(request 2)"
  check "$transport: PHOTO_ID_INVALID" "3 rpc error: 400 PHOTO_ID_INVALID (tlcpp::errors::photo_id_invalid)" \
    "$code $err"
  call "$transport" "$(request 3)"
  check "$transport: FLOOD_WAIT_30 (a partial match)" "3 rpc error: 420 FLOOD_WAIT_30 (tlcpp::errors::flood_wait)" \
    "$code $err"
done
check "the log names each transport" "abridged,intermediate,padded intermediate,full,obfuscated2/intermediate" \
  "$(sed -n 's/^connection [0-9]* from [0-9.:]*: \(.*\)$/\1/p' "$log" | awk '!seen[$0]++' | paste -sd,)"

start=$(date +%s%N)
call intermediate "$(request 4)"
elapsed=$((($(date +%s%N) - start) / 1000000))
check "delay_ms: answered, not before 300 ms" "0 $photo yes" "$code $out $([ "$elapsed" -ge 300 ] && echo yes || echo "no ($elapsed ms)")"

# Built-in answers, and what nothing answers.
call intermediate '{"_": "help.getConfig"}'
check "help.getConfig: this DC at this server" "0 2 127.0.0.1:$port" \
  "$code $(echo "$out" | python3 -c 'import json,sys; c=json.load(sys.stdin); o=c["dc_options"][0]; print(c["this_dc"], "%s:%d" % (o["ip_address"], o["port"]))')"
call intermediate '{"_": "help.getNearestDc"}'
check "help.getNearestDc" '0 {"_":"nearestDc","country":"ZZ","this_dc":2,"nearest_dc":2}' "$code $out"
call intermediate '{"_": "updates.getState"}'
check "updates.getState" '0 updates.state' "$code $(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["_"])')"
call intermediate '{"_": "ping", "ping_id": "99"}'
check "ping: pong" '0 {"_":"pong","msg_id":"'"$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["msg_id"])' 2>/dev/null)"'","ping_id":"99"}' "$code $out"
call intermediate '{"_": "help.getAppConfig", "hash": 0}'
check "unscripted: 400 METHOD_NOT_SCRIPTED" "3 rpc error: 400 METHOD_NOT_SCRIPTED" "$code $(echo "$err" | sed 's/ (.*//')"

# --record: each request as canonical JSON, the wrappers taken off.
check "record: every request, in order" \
  "photos.updateProfilePhoto:1 photos.updateProfilePhoto:2 photos.updateProfilePhoto:3" \
  "$(head -3 "$work/record.jsonl" | python3 -c 'import json,sys; print(" ".join("%s:%s" % (r["_"], r["id"]["id"]) for r in map(json.loads, sys.stdin)))')"
check "record: the request exactly" \
  '{"_":"photos.updateProfilePhoto","id":{"_":"inputPhoto","id":"1","access_hash":"77","file_reference":"cmVm"}}' \
  "$(head -1 "$work/record.jsonl")"
check "record: 21 requests" "21" "$(wc -l <"$work/record.jsonl")"
check "a well-behaved client breaks no rule" "" "$(grep '^violation:' "$log" || true)"

# Faults. A server salt that changes under every message: the client is told
# (bad_server_salt), resends, and gets its answer.
# (The second call comes back with the salt its session file saved.)
serve salts --rotate-salt-every 1
call full "$(request 1)" --session "$work/salts.session"
check "--rotate-salt-every 1: the first call" "0 $photo" "$code $out"
call full "$(request 1)" --session "$work/salts.session"
check "--rotate-salt-every 1: the answer after bad_server_salt" "0 $photo" "$code $out"
check "--rotate-salt-every 1: the server logged the wrong salt" "yes" \
  "$(grep -q 'is not the server salt: answered bad_server_salt' "$log" && echo yes || echo no)"

# A server clock 10 minutes ahead: its dates say so, and the client, which
# takes the server's time from the handshake, breaks no msg_id rule.
serve clock --time-offset 600
call abridged '{"_": "help.getConfig"}'
check "--time-offset 600: the server's date is 600 s ahead" "0 yes" \
  "$code $(echo "$out" | python3 -c 'import json,sys,time; d=json.load(sys.stdin)["date"]-time.time(); print("yes" if 595<d<605 else d)')"
check "--time-offset 600: no msg_id out of its window" "" "$(grep 'clock (allowed' "$log" || true)"

# A key the server does not know, and one it refuses.
call padded "$(request 1)" --session "$work/session"
check "a saved session: first call" "0" "$code"
serve reject --reject-key
call padded "$(request 1)" --session "$work/session" --public-key "$key"
check "--reject-key: exit 1, the key is gone (-404)" "1 yes" "$code $(echo "$err" | grep -q -- '-404' && echo yes || echo no)"
check "--reject-key: the saved session is kept" "yes" "$([ -s "$work/session" ] && echo yes || echo no)"

# The line drops with the request in flight: the call fails, typed, no hang.
serve drop --drop-after 1
call intermediate "$(request 1)"
check "--drop-after 1: exit 1" "1" "$code"
check "--drop-after 1: the server dropped it" "yes" "$(grep -q 'dropped after 1 messages' "$log" && echo yes || echo no)"
serve dropmid --drop-after 1 --drop-mid-frame
call obfuscated "$(request 1)"
check "--drop-after 1 --drop-mid-frame: exit 1" "1" "$code"
check "--drop-mid-frame: the server cut a frame" "yes" "$(grep -q 'in the middle of a frame' "$log" && echo yes || echo no)"

# Bad answers files: refused at start-up, with the line.
refused() {  # LINE... : the message tlcpp serve exits 2 with
  printf '%s\n' "$@" >"$work/bad.jsonl"
  set +e
  "$tlcpp" serve --answers "$work/bad.jsonl" >/dev/null 2>"$work/bad.err"
  local c=$?
  set -e
  echo "$c $(sed "s|$work/||" "$work/bad.err")"
}
check "refused: not JSON" "2 tlcpp serve: bad.jsonl:2: invalid JSON at column 2: syntax error while parsing object key - invalid literal; last read: '{m'; expected string literal" \
  "$(refused '{"method": "ping", "error": [400, "X"]}' '{method}')"
check "refused: an unknown method" \
  "2 tlcpp serve: bad.jsonl:1: \"photos.updateProfilePhotos\" is not a method of the API layer or MTProto" \
  "$(refused '{"method": "photos.updateProfilePhotos", "error": [400, "X"]}')"
check "refused: an answer of another type" \
  "2 yes" "$(refused '{"method": "photos.updateProfilePhoto", "answer": {"_": "userEmpty", "id": "1"}}' | sed 's/^\(2\) tlcpp serve: bad.jsonl:1: "answer" is not a photos.Photo .*/\1 yes/')"
check "refused: neither answer nor error" "2 tlcpp serve: bad.jsonl:1: give exactly one of \"answer\" and \"error\"" \
  "$(refused '{"method": "ping"}')"
check "refused: an unknown key" \
  "2 tlcpp serve: bad.jsonl:1: unknown key \"answers\" (method, match, answer, error, delay_ms)" \
  "$(refused '{"method": "ping", "answers": {}}')"

[ "$failures" = 0 ] || { echo "$failures failed"; exit 1; }
echo "all passed"
