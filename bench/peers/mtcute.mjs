// The peer to beat: mtcute (@mtcute/tl 223.0.0, @mtcute/tl-runtime 0.30.3),
// timed on the workloads of bench/workloads.hpp with its own reader and
// writer. Development time only; it uses the packages installed for
// tools/vectors (cd tools/vectors && npm ci), so the versions are pinned in
// one place (tools/vectors/package-lock.json) and imported from there by path.
//
//   node bench/peers/mtcute.mjs [--workloads DIR] [--json]
//
// It builds each workload from the same description as workloads.hpp and
// writes it with mtcute; with --workloads (files written by
// `tlcpp_bench --workloads_out=DIR`) it first checks that tlcpp's bytes are
// exactly mtcute's, and that mtcute reads them and writes them back
// unchanged, so both sides time the same bytes. Each benchmark: a warm-up,
// then 31 timed batches of at least 5 ms; the result is the median ns/op.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const modules = new URL('../../tools/vectors/node_modules/', import.meta.url)
const { default: Long } = await import(new URL('long/index.js', modules))
const { TlBinaryReader, TlBinaryWriter } = await import(new URL('@mtcute/tl-runtime/index.js', modules))
const require = createRequire(modules)
const { __tlWriterMap } = require('@mtcute/tl/binary/writer.js')  // generated maps: CommonJS only
const { __tlReaderMap } = require('@mtcute/tl/binary/reader.js')

const args = process.argv.slice(2)
const workloadsDir = args.includes('--workloads') ? args[args.indexOf('--workloads') + 1] : undefined
const json = args.includes('--json')

// ---- the workloads (the same values as bench/workloads.hpp)

const sequence = (n, start) => Uint8Array.from({ length: n }, (_, i) => (start + i * 7) & 0xff)
const numbered = (prefix, digits, i) => prefix + String(i).padStart(digits, '0')
const long = (s) => Long.fromString(s)

const w1 = () => ({
  _: 'photos.updateProfilePhoto',
  id: { _: 'inputPhoto', id: long('-4156887774564'), accessHash: long('-4156887774564'),
        fileReference: new TextEncoder().encode('arbitrary data here') },
})

const w2User = (i) => ({
  _: 'user',
  id: 1000000 + i,
  accessHash: long('8422417720593722125').add(i),
  firstName: numbered('first', 3, i),
  lastName: numbered('last', 4, i),
  username: numbered('user_', 5, i),
  photo: { _: 'userProfilePhoto', photoId: long('5823417748812639101').add(i), strippedThumb: sequence(40, 9 + i),
           dcId: 2 },
  status: { _: 'userStatusOffline', wasOnline: 1732550000 + i },
})

const w2 = (n) => ({
  _: 'photos.photo',
  photo: {
    _: 'photo',
    id: long('5823417748812639101'),
    accessHash: long('-7358712937401865217'),
    fileReference: sequence(30, 1),
    date: 1732550400,
    sizes: [
      { _: 'photoStrippedSize', type: 'i', bytes: sequence(40, 3) },
      { _: 'photoSize', type: 'a', w: 160, h: 160, size: 8211 },
      { _: 'photoSize', type: 'b', w: 320, h: 320, size: 25187 },
      { _: 'photoSize', type: 'c', w: 640, h: 640, size: 71544 },
    ],
    dcId: 2,
  },
  users: Array.from({ length: n }, (_, i) => w2User(i)),
})

const write = (obj) => TlBinaryWriter.serializeObject(__tlWriterMap, obj)
const read = (bytes) => TlBinaryReader.deserializeObject(__tlReaderMap, bytes)
const hex = (bytes) => Buffer.from(bytes).toString('hex')

// (mtcute's reader has no methods, so the request is only written.)
const workloads = [
  { name: 'updateProfilePhoto', file: 'w1.bin', value: w1(), method: true },
  { name: 'photos.photo/1', file: 'w2-1.bin', value: w2(1) },
  { name: 'photos.photo/100', file: 'w2-100.bin', value: w2(100) },
]
for (const w of workloads) {
  w.bytes = write(w.value)
  if (workloadsDir !== undefined) {
    const ours = readFileSync(`${workloadsDir}/${w.file}`)
    if (hex(ours) !== hex(w.bytes)) {
      throw new Error(`${w.name}: tlcpp's bytes differ from mtcute's\n tlcpp  ${hex(ours)}\n mtcute ${hex(w.bytes)}`)
    }
  }
  if (!w.method && hex(write(read(w.bytes))) !== hex(w.bytes)) throw new Error(`${w.name}: mtcute does not read its bytes back`)
}

// ---- timing

let sink = 0
const now = () => process.hrtime.bigint()

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1]
}

// Median ns per call of fn over 31 batches of at least 5 ms, after a warm-up
// of at least 0.5 s (so the JIT has compiled the hot paths).
function time(fn) {
  const run = (n) => {
    const start = now()
    for (let i = 0; i < n; ++i) sink ^= fn()
    return Number(now() - start)
  }
  let batch = 1
  while (run(batch) < 5e6) batch *= 2
  for (const start = now(); Number(now() - start) < 5e8;) run(batch)
  const samples = []
  for (let i = 0; i < 31; ++i) samples.push(run(batch) / batch)
  return median(samples)
}

const [request, answer1, answer100] = workloads
const reused = new TlBinaryWriter(__tlWriterMap, new ArrayBuffer(request.bytes.length))

const results = {
  'serialize/updateProfilePhoto': time(() => {
    reused.pos = 0
    reused.object(request.value)
    return reused.pos
  }),
  'serialize/updateProfilePhoto/new_buffer': time(() => write(request.value).length),
}
for (const w of [answer1, answer100]) {
  results[`parse/${w.name}`] = time(() => read(w.bytes).users.length)
  results[`serialize/${w.name}`] = time(() => write(w.value).length)
}

if (json) {
  console.log(JSON.stringify({ node: process.version, sink, results }, null, 2))
} else {
  for (const [name, ns] of Object.entries(results)) console.log(`${name.padEnd(42)} ${ns.toFixed(1).padStart(10)} ns`)
}
