// Writes tests/net/vectors/independent.json: MTProto crypto vectors made by
// implementations independent of tlcpp, for tests/net/independent_vectors_test.cpp.
//
//   - RSA_PAD of a fixed p_q_inner_data to Telegram's test DC key, by GramJS
//     (telegram@2.26.22, network/Authenticator.js, driven through a fake
//     sender), with its random bytes replaced by a fixed stream: once where
//     the first temp_key is accepted and once where GramJS has to retry.
//   - MTProto 2.0 packets for a fixed auth key, salt, session id, msg_ids
//     and padding: client to server by mtcute (@mtcute/core 0.30.3,
//     AuthKey.encryptMessage) and by GramJS (MTProtoState.encryptMessageData);
//     server to client assembled from mtcute's KDF and IGE
//     (createAesIgeForMessage, @mtcute/wasm) and accepted by both GramJS
//     (decryptMessageData) and mtcute (AuthKey.decryptMessage).
//
// The committed JSON is what the C++ tests read; run this only to remake it:
//   cd tools/vectors/net && npm ci && node crypto.mjs
// (GramJS and mtcute are never build or runtime dependencies of tlcpp.)
import { createHash } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

import Long from 'long'
import { initSync, getWasmUrl, ige256Encrypt, ige256Decrypt } from '@mtcute/wasm'
// Internal modules of @mtcute/core (not in its exports map): by file.
const mtcuteFile = (path) => import(new URL(`./node_modules/@mtcute/core/${path}`, import.meta.url))
const { AuthKey: MtAuthKey } = await mtcuteFile('network/auth-key.js')
const { createAesIgeForMessage } = await mtcuteFile('utils/crypto/mtproto.js')

const require = createRequire(import.meta.url)
const gramjs = require('telegram')
const GramHelpers = require('telegram/Helpers')
const { Api } = require('telegram/tl')
const { doAuthentication } = require('telegram/network/Authenticator')
const { MTProtoState } = require('telegram/network/MTProtoState')
const { AuthKey: GramAuthKey } = require('telegram/crypto/AuthKey')
const bigInt = require('big-integer')

initSync(readFileSync(getWasmUrl()))

const hex = (b) => Buffer.from(b).toString('hex')
const sha = (algo, ...parts) => {
  const h = createHash(algo)
  for (const p of parts) h.update(p)
  return new Uint8Array(h.digest())
}

// A deterministic byte stream: SHA-256(label, counter) blocks, in order.
function stream(label) {
  let counter = 0
  let pool = Buffer.alloc(0)
  const drawn = []
  const take = (n) => {
    while (pool.length < n) pool = Buffer.concat([pool, Buffer.from(sha('sha256', `${label}/${counter++}`))])
    const out = pool.subarray(0, n)
    pool = pool.subarray(n)
    drawn.push(Buffer.from(out))
    return Buffer.from(out)
  }
  return { take, drawn }
}

// GramJS draws all its randomness through Helpers.generateRandomBytes (the
// module's exports object, which its other modules call through).
function withGramRandom(s, fn) {
  const saved = GramHelpers.generateRandomBytes
  GramHelpers.generateRandomBytes = (n) => s.take(n)
  gramjs.helpers.generateRandomBytes = GramHelpers.generateRandomBytes
  return fn().finally(() => {
    GramHelpers.generateRandomBytes = saved
    gramjs.helpers.generateRandomBytes = saved
  })
}

const silent = { debug() {}, info() {}, warn() {}, error() {}, canSend: () => false }

// ---- RSA_PAD through GramJS's handshake, up to req_DH_params ----
const TEST_KEY_FINGERPRINT = '-5595554452916591101'
const PQ = 1468428376148703121n // the samples-auth_key page's pq

async function gramRsaPad(label) {
  const s = stream(label)
  const serverNonce = bigInt.fromArray([...sha('sha256', `${label}/server_nonce`).subarray(0, 16)], 256, false)
  let captured
  const sender = {
    async send(req) {
      if (req instanceof Api.ReqPqMulti) {
        const pq = Buffer.from(PQ.toString(16).padStart(16, '0'), 'hex')
        return new Api.ResPQ({
          nonce: req.nonce,
          serverNonce,
          pq,
          serverPublicKeyFingerprints: [bigInt(TEST_KEY_FINGERPRINT)],
        })
      }
      if (req instanceof Api.ReqDHParams) {
        captured = req
        throw new Error('captured')
      }
      throw new Error(`unexpected ${req.className}`)
    },
  }
  await withGramRandom(s, () => doAuthentication(sender, silent).catch((e) => {
    if (e.message !== 'captured') throw e
  }))
  // s.drawn: nonce (16), new_nonce (32), padding (192 - data), temp_key (32) per attempt.
  const [nonce, newNonce, padding, ...tempKeys] = s.drawn
  // The data GramJS padded: p_q_inner_data with the same values.
  const data = new Api.PQInnerData({
    pq: Buffer.from(PQ.toString(16).padStart(16, '0'), 'hex'),
    p: captured.p,
    q: captured.q,
    nonce: GramHelpers.readBigIntFromBuffer(nonce, false, true),
    serverNonce,
    newNonce: GramHelpers.readBigIntFromBuffer(newNonce, true, true),
  }).getBytes()
  if (data.length + padding.length !== 192) throw new Error('padding length')
  return {
    key_fingerprint: TEST_KEY_FINGERPRINT,
    data: hex(data),
    random: hex(Buffer.concat([padding, ...tempKeys])),
    temp_keys_drawn: tempKeys.length,
    encrypted_data: hex(captured.encryptedData),
  }
}

const rsaPad = []
for (let i = 0; rsaPad.length < 2 && i < 200; i++) {
  const v = await gramRsaPad(`tlcpp rsa_pad ${i}`)
  // One vector accepted at the first temp_key, one that needed a retry.
  if ((rsaPad.length === 0 && v.temp_keys_drawn === 1) || (rsaPad.length === 1 && v.temp_keys_drawn > 1)) rsaPad.push(v)
}
if (rsaPad.length !== 2) throw new Error('no RSA_PAD retry found')

// ---- MTProto 2.0 packets ----
const authKey = new Uint8Array(Buffer.concat([0, 1, 2, 3, 4, 5, 6, 7].map((i) => Buffer.from(sha('sha256', `tlcpp auth key ${i}`)))))
const salt = Long.fromString('-6113862913475238190')
const sessionId = Long.fromString('8417391283411742713')
const le64 = (l) => Buffer.from(l.toBytesLE())
const header = (msgId, seqNo, length) => {
  const b = Buffer.alloc(16)
  b.writeBigInt64LE(BigInt(msgId), 0)
  b.writeInt32LE(seqNo, 8)
  b.writeInt32LE(length, 12)
  return b
}
// ping#7abe77ec ping_id:long and pong#347773c5 msg_id:long ping_id:long
const ping = (id) => {
  const b = Buffer.alloc(12)
  b.writeUInt32LE(0x7abe77ec, 0)
  b.writeBigInt64LE(id, 4)
  return b
}
const pong = (msgId, id) => {
  const b = Buffer.alloc(20)
  b.writeUInt32LE(0x347773c5, 0)
  b.writeBigInt64LE(msgId, 4)
  b.writeBigInt64LE(id, 12)
  return b
}

const mtCrypto = {
  sha1: (d) => sha('sha1', d),
  sha256: (d) => sha('sha256', d),
  createAesIge: (key, iv) => ({ encrypt: (d) => ige256Encrypt(d, key, iv), decrypt: (d) => ige256Decrypt(d, key, iv) }),
  randomFill: null,
}
const mtLog = { verbose() {}, warn(...a) { throw new Error(`mtcute: ${a[0]}`) }, debug() {} }
// decryptMessage reads only the header fields before its callback: no TL reader map needed.
const mtKey = new MtAuthKey(mtCrypto, mtLog, {})
mtKey.setup(authKey)

const packets = []

// Client to server, by mtcute, for several body sizes (padding 12..27 bytes).
for (const [i, msgId] of [[1, 7317438240913702916n], [2, 7317438240913703940n], [3, 7317438240913704964n]]) {
  const s = stream(`tlcpp mtcute padding ${i}`)
  mtCrypto.randomFill = (buf) => buf.set(s.take(buf.length))
  const body = Buffer.concat([ping(BigInt(i) * 1000003n), Buffer.alloc(4 * (i - 1), i)])  // 12, 16, 20 bytes
  const message = Buffer.concat([header(msgId, 2 * i - 1, body.length), body])
  const packet = mtKey.encryptMessage(message, salt, sessionId)
  const plaintext = Buffer.concat([le64(salt), le64(sessionId), message, ...s.drawn])
  packets.push({ by: 'mtcute AuthKey.encryptMessage', direction: 'client_to_server', plaintext: hex(plaintext), packet: hex(packet) })
}

// Client to server, by GramJS.
const gramKey = new GramAuthKey()
await gramKey.setKey(Buffer.from(authKey))
const state = new MTProtoState(gramKey, silent)
state.salt = bigInt(salt.toString())
state.id = bigInt(sessionId.toString())
for (const [i, msgId] of [[4, 7317438240913705988n], [5, 7317438240913707012n]]) {
  const s = stream(`tlcpp gramjs padding ${i}`)
  const body = Buffer.concat([ping(BigInt(i) * 1000003n), Buffer.alloc(4 * i, i)])
  const message = Buffer.concat([header(msgId, 2 * i - 1, body.length), body])
  const packet = await withGramRandom(s, () => state.encryptMessageData(message))
  const plaintext = Buffer.concat([le64(salt), le64(sessionId), message, ...s.drawn])
  packets.push({ by: 'GramJS MTProtoState.encryptMessageData', direction: 'client_to_server', plaintext: hex(plaintext), packet: hex(packet) })
}

// Server to client: mtcute's KDF (x = 8) and IGE; both libraries must accept it.
for (const [i, padLen] of [[6, 12], [7, 40], [8, 1012]]) {
  const s = stream(`tlcpp server padding ${i}`)
  const msgId = 7317438244213702657n + BigInt(4 * i)
  const body = pong(7317438240913702916n, BigInt(i) * 1000003n)
  const message = Buffer.concat([header(msgId, 2 * i, body.length), body])
  const unpadded = Buffer.concat([le64(salt), le64(sessionId), message])
  const total = Math.ceil((unpadded.length + padLen) / 16) * 16
  const plaintext = Buffer.concat([unpadded, s.take(total - unpadded.length)])
  const msgKey = sha('sha256', authKey.subarray(96, 128), plaintext).subarray(8, 24)
  const encrypted = createAesIgeForMessage(mtCrypto, authKey, msgKey, false).encrypt(plaintext)
  const packet = Buffer.concat([mtKey.id, msgKey, encrypted])
  const gram = await state.decryptMessageData(packet)  // throws unless msg_key and all checks pass
  if (gram.msgId.toString() !== msgId.toString() || gram.obj.pingId.toString() !== (BigInt(i) * 1000003n).toString())
    throw new Error('GramJS read another message')
  let seen = false
  mtKey.decryptMessage(packet, sessionId, (id) => { seen = id.toString() === msgId.toString() })
  if (!seen) throw new Error('mtcute refused the server packet')
  packets.push({ by: 'mtcute createAesIgeForMessage (x = 8), accepted by GramJS decryptMessageData and mtcute decryptMessage',
                 direction: 'server_to_client', plaintext: hex(plaintext), packet: hex(packet) })
}

const out = {
  generated_by: 'tools/vectors/net/crypto.mjs with telegram (GramJS) 2.26.22, @mtcute/core 0.30.3, @mtcute/wasm 0.30.3',
  rsa_pad: rsaPad,
  mtproto2: { auth_key: hex(authKey), auth_key_id: hex(mtKey.id), salt: salt.toString(), session_id: sessionId.toString(), packets },
}
const path = fileURLToPath(new URL('../../../tests/net/vectors/independent.json', import.meta.url))
writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`)
console.log(`wrote ${path}: ${rsaPad.length} RSA_PAD vectors, ${packets.length} packets`)
