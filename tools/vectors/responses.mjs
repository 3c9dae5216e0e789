// Test vectors for typed responses (tests/response_test.cpp and
// examples/update_profile_photo.cpp), written independently of tlcpp:
// objects by mtcute's TL writer, the rpc_result / gzip_packed / msg_container
// framing by mtcute's binary writer by hand (its schema leaves those out, as
// every client frames them itself), gzip by node's zlib.
//   cd tools/vectors && npm ci && node responses.mjs
import { createRequire } from 'node:module'
import { gzipSync } from 'node:zlib'
import Long from 'long'
import { TlBinaryWriter } from '@mtcute/tl-runtime'
import { bytes, answer as seedAnswer } from './seed_objects.mjs'

const require = createRequire(import.meta.url)
const { __tlWriterMap } = require('@mtcute/tl/binary/writer.js')

const obj = (o) => TlBinaryWriter.serializeObject(__tlWriterMap, o)
const hex = (b) => Buffer.from(b).toString('hex')

// Manual framing: a callback writes into a writer big enough for `size` bytes.
const frame = (size, fn) => {
  const w = TlBinaryWriter.manual(size)
  fn(w)
  return w.result()
}
const rpcResult = (reqMsgId, result) =>
  frame(12 + result.length, (w) => {
    w.uint(0xf35c6d01)
    w.long(Long.fromString(reqMsgId))
    w.raw(result)
  })
const gzipPacked = (data) => {
  const gz = gzipSync(data)
  return frame(gz.length + 16, (w) => {
    w.uint(0x3072cfa1)
    w.bytes(gz)
  })
}
const container = (messages) =>
  frame(8 + messages.reduce((n, m) => n + 16 + m.body.length, 0), (w) => {
    w.uint(0x73f1f8dc)
    w.uint(messages.length)
    for (const m of messages) {
      w.long(Long.fromString(m.msgId))
      w.int(m.seqno)
      w.uint(m.body.length)
      w.raw(m.body)
    }
  })

// The seed's photos.photo answer (the object seed.mjs writes).
const answer = obj(seedAnswer)

const req = '7328475419038531588'  // the request's msg_id
const rpcError = (code, message) => obj({ _: 'mt_rpc_error', errorCode: code, errorMessage: message })

const out = {
  // rpc_result { gzip_packed { photos.photo } }
  result_packed_photo: rpcResult(req, gzipPacked(answer)),
  // rpc_result { rpc_error 400 PHOTO_ID_INVALID }, and 420 FLOOD_WAIT_30
  result_photo_id_invalid: rpcResult(req, rpcError(400, 'PHOTO_ID_INVALID')),
  result_flood_wait_30: rpcResult(req, rpcError(420, 'FLOOD_WAIT_30')),
  // rpc_result { gzip_packed { rpc_error 303 FILE_MIGRATE_4 } }
  result_packed_migrate: rpcResult(req, gzipPacked(rpcError(303, 'FILE_MIGRATE_4'))),
  // rpc_result { gzip_packed { 1 MiB of zero bytes } }: a bomb for a small cap
  result_bomb: rpcResult(req, gzipPacked(new Uint8Array(1 << 20))),
  // the request, wrapped as a first call on a connection
  init_request: obj({
    _: 'invokeWithLayer',
    layer: 223,
    query: {
      _: 'initConnection',
      apiId: 12345,
      deviceModel: 'tlcpp test',
      systemVersion: 'Debian 12',
      appVersion: '0.1.0',
      systemLangCode: 'en',
      langPack: '',
      langCode: 'en',
      query: {
        _: 'photos.updateProfilePhoto',
        id: { _: 'inputPhoto', id: Long.fromString('-4156887774564'), accessHash: Long.fromString('-4156887774564'),
              fileReference: bytes('arbitrary data here') },
      },
    },
  }),
  // msg_container: new_session_created, rpc_result { gzip_packed photo },
  // an object of a newer layer (constructor 0x0badf00d), msgs_ack, pong
  container: container([
    { msgId: '7328475420000000001', seqno: 1, body: obj({ _: 'mt_new_session_created',
      firstMsgId: Long.fromString('7328475419038531588'), uniqueId: Long.fromString('-6148914691236517206'),
      serverSalt: Long.fromString('1311768467463790320') }) },
    { msgId: '7328475420000000005', seqno: 3, body: rpcResult(req, gzipPacked(answer)) },
    { msgId: '7328475420000000009', seqno: 5, body: frame(12, (w) => { w.uint(0x0badf00d); w.int(7); w.int(-1) }) },
    { msgId: '7328475420000000013', seqno: 6, body: obj({ _: 'mt_msgs_ack',
      msgIds: [Long.fromString('7328475419038531588'), Long.fromString('7328475419038531592')] }) },
    { msgId: '7328475420000000017', seqno: 7, body: obj({ _: 'mt_pong',
      msgId: Long.fromString('7328475419038531600'), pingId: Long.fromString('42') }) },
  ]),
  // msg_container whose one message body is gzip_packed { pong }
  container_packed: container([
    { msgId: '7328475420000000021', seqno: 9, body: gzipPacked(obj({ _: 'mt_pong',
      msgId: Long.fromString('7328475419038531600'), pingId: Long.fromString('43') })) },
  ]),
}

for (const [name, value] of Object.entries(out)) console.log(`${name} ${hex(value)}`)
