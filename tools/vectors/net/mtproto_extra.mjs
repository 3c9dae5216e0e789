// Writes tests/vectors/mtproto-gramjs.jsonl: conformance vectors for the
// MTProto constructors that mtcute's schema lacks (schema/mtproto.tl adds
// them by hand: tools/schema/convert.mjs, EXTRA_MTP), serialized by GramJS
// (telegram@2.26.22, its own TL writer: Api.*.getBytes()), an implementation
// independent of tlcpp and of mtcute. Same line format as
// tools/vectors/conformance.mjs:
//
//   {"name": "<TL name>", "json": <tlcpp's canonical JSON>, "hex": "<boxed bytes>"}
//
// Instances: the extremes of every int128/int256 field (both ends of the
// signed range, 0 and -1), bytes of lengths 0, 1, 253, 254 and 300 (both
// sides of the 1- / 4-byte length prefix), then random ones from a fixed
// SHA-256 stream, so running it again writes the same file:
//   cd tools/vectors/net && npm ci && node mtproto_extra.mjs
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const { Api } = require('telegram/tl')
const bigInt = require('big-integer')

// A deterministic byte stream: SHA-256("mtproto_extra/" + counter) blocks.
let counter = 0
let pool = Buffer.alloc(0)
const take = (n) => {
  while (pool.length < n) {
    const h = createHash('sha256').update(`mtproto_extra/${counter++}`).digest()
    pool = Buffer.concat([pool, h])
  }
  const out = Buffer.from(pool.subarray(0, n))
  pool = pool.subarray(n)
  return out
}

// Signed little-endian `bits`-bit integers: extremes first, then random.
const signedFrom = (buf) => {
  let v = bigInt(0)
  for (let i = buf.length - 1; i >= 0; --i) v = v.shiftLeft(8).or(buf[i])
  const bits = buf.length * 8
  return buf[buf.length - 1] & 0x80 ? v.minus(bigInt(1).shiftLeft(bits)) : v
}
const extremes = (bits) => [
  bigInt(1).shiftLeft(bits - 1).minus(1),
  bigInt(1).shiftLeft(bits - 1).negate(),
  bigInt(0),
  bigInt(-1),
]
const wide = (bits, i) => (i < 4 ? extremes(bits)[i] : signedFrom(take(bits / 8)))
const lengths = [0, 1, 253, 254, 300]
const bytes = (i, shift) => take(i < lengths.length ? lengths[(i + shift) % lengths.length] : take(1)[0] % 40)

const INSTANCES = 8
const lines = []
const emit = (name, json, obj) => {
  lines.push(JSON.stringify({ name, json: { _: name, ...json }, hex: Buffer.from(obj.getBytes()).toString('hex') }))
}
const b64 = (b) => b.toString('base64')

for (let i = 0; i < INSTANCES; ++i) {
  const pq = bytes(i, 0), p = bytes(i, 1), q = bytes(i, 2)
  const nonce = wide(128, i), serverNonce = wide(128, (i + 1) % 4 + (i >= 4 ? 4 : 0)), newNonce = wide(256, i)
  emit('p_q_inner_data',
    { pq: b64(pq), p: b64(p), q: b64(q), nonce: nonce.toString(), server_nonce: serverNonce.toString(),
      new_nonce: newNonce.toString() },
    new Api.PQInnerData({ pq, p, q, nonce, serverNonce, newNonce }))
}
for (let i = 0; i < INSTANCES; ++i) {
  const nonce = wide(128, i), serverNonce = wide(128, (i + 2) % 4 + (i >= 4 ? 4 : 0))
  const newNonceHash = wide(128, (i + 3) % 4 + (i >= 4 ? 4 : 0))
  emit('server_DH_params_fail',
    { nonce: nonce.toString(), server_nonce: serverNonce.toString(), new_nonce_hash: newNonceHash.toString() },
    new Api.ServerDHParamsFail({ nonce, serverNonce, newNonceHash }))
}

const out = fileURLToPath(new URL('../../../tests/vectors/mtproto-gramjs.jsonl', import.meta.url))
writeFileSync(out, lines.join('\n') + '\n')
console.log(`tests/vectors/mtproto-gramjs.jsonl: ${lines.length} vectors`)
