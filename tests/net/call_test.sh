#!/usr/bin/env bash
# tlcpp call against the library's server roles over loopback TCP
# (tlcpp_test_server, on a free port): with every transport, the handshake
# and the three outcomes of photos.updateProfilePhoto (the answer as exact
# canonical JSON, PHOTO_ID_INVALID and FLOOD_WAIT_30 as exit 3 with their
# line), a saved session reused without a second handshake, and a server key
# the client does not trust (exit 1). Bounded: every call has a timeout and
# the server stops when this script closes its input.
# With a third argument, examples/call_update_profile_photo too, with every
# transport.
#   tests/net/call_test.sh TLCPP TLCPP_TEST_SERVER [CALL_UPDATE_PROFILE_PHOTO]
set -euo pipefail
tlcpp=$1
server=$2
example=${3:-}
work=$(mktemp -d)
server_pid=
cleanup() {
  exec 3>&- 2>/dev/null || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkfifo "$work/control"
"$server" "$work/server.pem" <"$work/control" >"$work/server.out" 2>&1 &
server_pid=$!
exec 3>"$work/control"
for _ in $(seq 100); do
  grep -q '^listening on ' "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$work/server.out")
[ -n "$port" ] || { echo "the server did not start:"; cat "$work/server.out"; exit 1; }

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

request() {  # PHOTO_ID
  echo "{\"_\": \"photos.updateProfilePhoto\", \"id\": {\"_\": \"inputPhoto\", \"id\": \"$1\", \"access_hash\": \"77\", \"file_reference\": \"cmVm\"}}"
}

# call TRANSPORT PHOTO_ID [OPTIONS...]: sets out, err and code.
call() {
  local transport=$1 id=$2
  shift 2
  set +e
  out=$(request "$id" | "$tlcpp" call --server "127.0.0.1:$port" --public-key "$work/server.pem" \
    --transport "$transport" --timeout 10 "$@" 2>"$work/err")
  code=$?
  set -e
  err=$(cat "$work/err")
}

# The answer to photo 1, as canonical JSON: mtcute's gzip_packed photos.photo
# (tests/support/answers.hpp, after rpc_result's 12 bytes), inflated by Python's zlib and decoded
# by `tlcpp decode`.
expected=$(sed -n '/packed_photo_rpc_result_hex =/,/;/p' "$(dirname "$0")/../support/answers.hpp" |
  grep '^    "' | tr -d ' ";\n' | cut -c25- | python3 -c '
import sys, zlib
b = bytes.fromhex(sys.stdin.read())
assert b[:4] == bytes.fromhex("a1cf7230")  # gzip_packed
n, at = (b[4], 5) if b[4] < 254 else (int.from_bytes(b[5:8], "little"), 8)
print(zlib.decompress(b[at:at + n], 16 + zlib.MAX_WBITS).hex())' | "$tlcpp" decode)

for transport in abridged intermediate padded full obfuscated; do
  call "$transport" 1
  check "$transport: photos.photo (exit 0)" "0 $expected" "$code $out"
  call "$transport" 2
  check "$transport: PHOTO_ID_INVALID (exit 3)" \
    "3 rpc error: 400 PHOTO_ID_INVALID (tlcpp::errors::photo_id_invalid)|" "$code $err|$out"
  call "$transport" 3
  check "$transport: FLOOD_WAIT_30 (exit 3)" "3 rpc error: 420 FLOOD_WAIT_30 (tlcpp::errors::flood_wait)|" \
    "$code $err|$out"
done

# A saved session: the second call makes no handshake.
call intermediate 1 --session "$work/session"
check "session: first call" "0" "$code"
check "session: file mode 600" "600" "$(stat -c %a "$work/session")"
call intermediate 1 --session "$work/session"
check "session: second call, same key" "0 $expected" "$code $out"

# A key the client does not trust: the handshake fails, exit 1, one line.
openssl genrsa -out "$work/other.pem" 2048 2>/dev/null
openssl rsa -in "$work/other.pem" -RSAPublicKey_out -out "$work/other.pub" 2>/dev/null
set +e
out=$(request 1 | "$tlcpp" call --server "127.0.0.1:$port" --public-key "$work/other.pub" --timeout 10 2>"$work/err")
code=$?
set -e
check "wrong public key: exit 1, one line naming the handshake" "1 1 handshake" \
  "$code $(wc -l <"$work/err") $(grep -o 'handshake' "$work/err" | head -1)"

# Bad input: exit 2.
set +e
echo '{"_": "photos.photo"}' | "$tlcpp" call --server "127.0.0.1:$port" >/dev/null 2>&1
code=$?
set -e
check "a constructor is not a request: exit 2" "2" "$code"

handshakes=16
if [ -n "$example" ]; then
  for transport in abridged intermediate padded full obfuscated; do
    check "example, $transport: the photo" "new profile photo 5823417748812639101 with 4 sizes" \
      "$("$example" "127.0.0.1:$port" "$work/server.pem" 1 "$transport")"
    check "example, $transport: PHOTO_ID_INVALID" \
      "photo_id_invalid (400 PHOTO_ID_INVALID): ask the user for another photo" \
      "$("$example" "127.0.0.1:$port" "$work/server.pem" 2 "$transport")"
    check "example, $transport: FLOOD_WAIT_30" "flood_wait: retry in 30 s" \
      "$("$example" "127.0.0.1:$port" "$work/server.pem" 3 "$transport")"
  done
  handshakes=$((handshakes + 15))
fi

exec 3>&-
wait "$server_pid"
server_pid=
# 5 transports x 3 calls, 2 session calls, 1 refused handshake (the server
# never finishes it): 16 handshakes; the example's 15 more.
check "server: handshakes" "handshakes: $handshakes" "$(grep '^handshakes:' "$work/server.out")"
check "server: no problems" "" "$(grep '^problem:' "$work/server.out" | grep -v 'unknown_fingerprint\|fingerprint' || true)"
[ "$failures" = 0 ] || { echo "$failures failed"; exit 1; }
echo "all passed"
