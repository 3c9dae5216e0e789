#!/usr/bin/env bash
# The tlcpp tool (tools/cli): what each subcommand prints for good input, and
# for bad input the exact one-line message on stderr, a non-zero exit and
# nothing on stdout.
#
#   tests/cli_test.sh path/to/tlcpp
set -u
tool=$1
failures=0
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT

seed_hex=3920e809000000004ab9b33b9c4a2e2638fcffff9c4a2e2638fcffff1361726269747261727920646174612068657265
seed_json='{"_":"photos.updateProfilePhoto","id":{"_":"inputPhoto","id":"-4156887774564","access_hash":"-4156887774564","file_reference":"YXJiaXRyYXJ5IGRhdGEgaGVyZQ=="}}'

fail() {
  echo "FAIL: $1"
  failures=$((failures + 1))
}

# ok NAME STDIN EXPECTED_STDOUT ARGS...: exit 0, exactly this on stdout, nothing on stderr.
ok() {
  local name=$1 input=$2 expected=$3
  shift 3
  printf '%s' "$input" | "$tool" "$@" >"$out" 2>"$err"
  local rc=$?
  [ "$rc" -eq 0 ] || fail "$name: exit $rc, stderr: $(cat "$err")"
  [ "$(cat "$out")" = "$expected" ] || fail "$name: stdout
  got:      $(cat "$out")
  expected: $expected"
  [ ! -s "$err" ] || fail "$name: stderr not empty: $(cat "$err")"
}

# bad NAME STDIN CODE EXPECTED_STDERR ARGS...: exit CODE, this one line on stderr, nothing on stdout.
bad() {
  local name=$1 input=$2 code=$3 expected=$4
  shift 4
  printf '%s' "$input" | "$tool" "$@" >"$out" 2>"$err"
  local rc=$?
  [ "$rc" -eq "$code" ] || fail "$name: exit $rc, expected $code"
  [ "$(cat "$err")" = "$expected" ] || fail "$name: stderr
  got:      $(cat "$err")
  expected: $expected"
  [ "$(wc -l <"$err")" -eq 1 ] || fail "$name: stderr is not one line"
  [ ! -s "$out" ] || fail "$name: stdout not empty: $(head -c 200 "$out")"
}

# --- decode
ok "decode the seed" "$seed_hex" "$seed_json" decode
ok "decode: white space and upper case" "$(echo "$seed_hex" | tr a-f A-F | sed 's/.\{8\}/& /g; s/.\{36\}/&\n/')" \
  "$seed_json" decode
ok "decode --pretty" "$seed_hex" '{
  "_": "photos.updateProfilePhoto",
  "id": {
    "_": "inputPhoto",
    "id": "-4156887774564",
    "access_hash": "-4156887774564",
    "file_reference": "YXJiaXRyYXJ5IGRhdGEgaGVyZQ=="
  }
}' decode --pretty
ok "decode --type (bare)" "9c4a2e2638fcffff9c4a2e2638fcffff1361726269747261727920646174612068657265" \
  '{"_":"inputPhoto","id":"-4156887774564","access_hash":"-4156887774564","file_reference":"YXJiaXRyYXJ5IGRhdGEgaGVyZQ=="}' \
  decode --type inputPhoto
# --raw: the binary is made by the tool itself (encode --raw), so that no
# other program is needed.
printf '%s' "$seed_json" | "$tool" encode --raw | "$tool" decode --raw >"$out" 2>"$err"
[ "$(cat "$out")" = "$seed_json" ] || fail "encode --raw | decode --raw: $(cat "$out" "$err")"
got=$(printf '%s' "$seed_json" | "$tool" encode --raw | od -An -v -tx1 | tr -d ' \n')
[ "$got" = "$seed_hex" ] || fail "encode --raw: $got"
# Generic methods decode their query through the registry.
ok "decode invokeWithLayer" 0d0d9bdadf000000b75994bf6b18f9c4 \
  '{"_":"invokeWithLayer","layer":223,"query":{"_":"invokeWithoutUpdates","query":{"_":"help.getConfig"}}}' decode
ok "decode MTProto" c57377340100000000000000ffffffffffffffff '{"_":"pong","msg_id":"1","ping_id":"-1"}' decode

bad "decode: not hex" "3920e8x9" 1 \
  "tlcpp decode: invalid hex: character 'x' at offset 6 of the input (use --raw for binary input)" decode
bad "decode: odd digits" "3920e80" 1 "tlcpp decode: invalid hex: an odd number of digits (7)" decode
bad "decode: empty" "" 1 "tlcpp decode: empty input: expected one boxed TL object" decode
bad "decode: white space only" "  
 " 1 "tlcpp decode: empty input: expected one boxed TL object" decode
bad "decode: truncated" "${seed_hex:0:60}" 1 \
  "tlcpp decode: truncated input: 19 more bytes needed at byte 29, 1 left" decode
bad "decode: short id" "3920" 1 "tlcpp decode: truncated input: 4 more bytes needed at byte 0, 2 left" decode
bad "decode: unknown id" "01020304" 1 "tlcpp decode: unknown constructor id 0x04030201 for Object at byte 0" decode
bad "decode: wrong nested constructor" "3920e80900000000c97ea07d" 1 \
  "tlcpp decode: unknown constructor id 0x7da07ec9 for InputPhoto at byte 8" decode
bad "decode: trailing bytes" "${seed_hex}00000000" 1 \
  "tlcpp decode: 4 trailing bytes after the object at byte 48" decode
bad "decode: unknown flags" "3920e80904000000" 1 \
  "tlcpp decode: flags of photos.updateProfilePhoto at byte 4 set bits 0x00000004 that no field uses" decode
bad "decode: invalid UTF-8" "e094467402 61ff 00" 1 \
  "tlcpp decode: invalid UTF-8 in the string at \$.text: byte 1 of the string, byte 6 of the TL bytes" decode
bad "decode --type: unknown name" "00000000" 1 'tlcpp decode: unknown constructor or method "inputPhotoo"' \
  decode --type inputPhotoo
bad "decode --type: short" "4ab9b33b" 1 "tlcpp decode: truncated input: 8 more bytes needed at byte 0, 4 left" \
  decode --type inputPhoto
bad "decode: unknown option" "" 2 \
  "tlcpp: The following argument was not expected: --hex (see tlcpp --help)" decode --hex

# --- encode
ok "encode the seed" "$seed_json" "$seed_hex" encode
ok "encode: any member order, white space" \
  "$(printf '{ "id": {"file_reference": "YXJiaXRyYXJ5IGRhdGEgaGVyZQ==", "access_hash": "-4156887774564",\n "id": "-4156887774564", "_": "inputPhoto"}, "_": "photos.updateProfilePhoto" }')" \
  "$seed_hex" encode
ok "decode | encode" "$(printf '%s' "$seed_hex" | "$tool" decode)" "$seed_hex" encode
ok "decode --pretty | encode" "$(printf '%s' "$seed_hex" | "$tool" decode --pretty)" "$seed_hex" encode
got=$(echo "$seed_hex" | "$tool" decode | "$tool" encode)
[ "$got" = "$seed_hex" ] || fail "pipeline decode | encode: $got"

bad "encode: empty" "" 1 \
  "tlcpp encode: invalid JSON at byte 0: parse error at line 1, column 1: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal" \
  encode
bad "encode: invalid JSON" '{"_": "inputPhoto",}' 1 \
  "tlcpp encode: invalid JSON at byte 19: parse error at line 1, column 20: syntax error while parsing object key - unexpected '}'; expected string literal" \
  encode
bad "encode: not an object" '[1]' 1 "tlcpp encode: \$: expected an object, got an array" encode
bad "encode: no _" '{"id": 1}' 1 "tlcpp encode: \$: missing \"_\" (the constructor name)" encode
bad "encode: unknown _" '{"_":"inputPhotoo"}' 1 'tlcpp encode: $: unknown constructor "inputPhotoo"' encode
bad "encode: wrong type" '{"_":"photos.updateProfilePhoto","id":{"_":"inputPeerSelf"}}' 1 \
  'tlcpp encode: $.id: "inputPeerSelf" is not a constructor of InputPhoto' encode
bad "encode: missing field" '{"_":"photos.updateProfilePhoto"}' 1 'tlcpp encode: $.id: required field is missing' encode
bad "encode: unknown field" '{"_":"inputPhotoEmpty","id":"1"}' 1 'tlcpp encode: $.id: unknown field of inputPhotoEmpty' \
  encode
bad "encode: int out of range" '{"_":"invokeWithLayer","layer":4294967296,"query":{"_":"help.getConfig"}}' 1 \
  'tlcpp encode: $.layer: 4294967296 does not fit in a 32-bit int' encode
bad "encode: bad long" "${seed_json/-4156887774564/1e5}" 1 \
  'tlcpp encode: $.id.id: expected a long as a decimal string, got "1e5"' encode
bad "encode: bad base64" "${seed_json/ZQ==/ZQ=}" 1 'tlcpp encode: $.id.file_reference: invalid base64 at character 27' \
  encode
bad "encode: query not a method" '{"_":"invokeWithLayer","layer":223,"query":{"_":"inputPeerSelf"}}' 1 \
  'tlcpp encode: $.query: "inputPeerSelf" is a constructor; a method belongs here' encode

# --- describe
describe_seed='tl: photos.updateProfilePhoto#09e82039 flags:# fallback:flags.0?true bot:flags.1?InputUser id:InputPhoto = photos.Photo;
id: 0x09e82039
kind: method (api)
result: photos.Photo'
ok "describe by name" "" "$describe_seed" describe photos.updateProfilePhoto
ok "describe by id" "" "$describe_seed" describe 0x09e82039
ok "describe by short id" "" "$describe_seed" describe 0x9E82039
ok "describe a constructor" "" 'tl: inputPhoto#3bb3b94a id:long access_hash:long file_reference:bytes = InputPhoto;
id: 0x3bb3b94a
kind: constructor (api)
type: InputPhoto' describe inputPhoto
ok "describe a type" "" 'type: InputPhoto (api), 2 constructors
tl: inputPhotoEmpty#1cd7bf0d = InputPhoto;
tl: inputPhoto#3bb3b94a id:long access_hash:long file_reference:bytes = InputPhoto;' describe InputPhoto
ok "describe MTProto" "" 'tl: ping#7abe77ec ping_id:long = Pong;
id: 0x7abe77ec
kind: method (mtproto)
result: Pong' describe ping

bad "describe: unknown name" "" 1 'tlcpp describe: no constructor, method or type named "photos.updateProfilePhotoo"' \
  describe photos.updateProfilePhotoo
bad "describe: unknown id" "" 1 "tlcpp describe: no constructor or method has the id 0x12345678" describe 0x12345678
bad "describe: bad id" "" 1 'tlcpp describe: invalid id "0x123456789": expected 0x and 1 to 8 hex digits' \
  describe 0x123456789
bad "describe: not hex" "" 1 'tlcpp describe: invalid id "0xzz": expected 0x and 1 to 8 hex digits' describe 0xzz
bad "describe: no name" "" 2 "tlcpp: name is required (see tlcpp --help)" describe

# --- no subcommand
bad "no subcommand" "" 2 "tlcpp: A subcommand is required (see tlcpp --help)"

if [ "$failures" -ne 0 ]; then
  echo "$failures failures"
  exit 1
fi
echo "all passed"
