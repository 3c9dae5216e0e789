// Conformance vectors: random instances of EVERY constructor and EVERY method
// of schema/api.tl (layer 223) and schema/mtproto.tl, serialized by mtcute's
// own TL writer (@mtcute/tl 223.0.0, @mtcute/tl-runtime 0.30.3), which is an
// implementation independent of tlcpp.
//
//   cd tools/vectors && npm ci && node conformance.mjs
//
// writes tests/vectors/api-constructors.jsonl, api-methods.jsonl and
// mtproto.jsonl, one instance per line:
//
//   {"name": "<TL name>", "json": <tlcpp's canonical JSON>, "hex": "<boxed bytes>"}
//
// tests/conformance_test.cpp then requires, for every line, that tlcpp parses
// the hex into exactly that JSON, turns the JSON into exactly that hex, and
// re-serializes what it parsed into the same bytes; and that every constructor
// and method of both schemas has lines. The output depends only on the schema
// files and SEED: running the script again rewrites the same files.
//
// What the instances cover: every optional field both present (instance 0 sets
// them all) and absent (instance 1 clears them all), the rest at random;
// fields that share a flag bit are set together (the wire cannot say otherwise);
// nested objects of every type, of random constructors, down to MAX_DEPTH (past
// it, the smallest constructor and no optional fields); vectors of 0..3
// elements; strings with 2-, 3- and 4-byte UTF-8, JSON escapes and lengths on
// both sides of the 253/254 length-prefix boundary; bytes likewise; ints and
// longs over the full signed range with their extremes; int128/int256 with
// their extremes; Bool both ways; generic methods (invokeWithLayer...) wrapping
// random methods, themselves generic at times.
//
// The peer's limits, and how this script works around them:
//   * mtcute narrows some longs to JavaScript numbers: its schema types them
//     `int53` (user, chat and channel ids) and its writer's int53() loses
//     values above 2^53 and misencodes negative multiples of 2^32. This script
//     gives every long as a Long and makes the writer's int53() call mtcute's
//     own 64-bit path, long(), so int53 fields take the full range too.
//   * mtcute's writer treats an optional vector that is present but empty as
//     absent: it clears the flag bit and drops the vector. tlcpp keeps "present
//     and empty" apart from "absent", as the wire does, so here an optional
//     vector, when present, has 1..3 elements; the present-and-empty case is
//     covered by hand-checked bytes in tests/conformance_test.cpp.
//   * mtcute cannot write a bare vector of bare objects (future_salts.salts,
//     `vector<future_salt>`): its vector() calls the element writer as
//     fn(element, bare) while the bare writers are declared fn(w = this, v),
//     so the element lands in `w`. The script wraps each bare writer to pass
//     (writer, element); the fields are still written by mtcute's code.
//   * JSON has no NaN, infinities or -0 (JSON.stringify writes -0 as 0):
//     doubles are finite and never -0.
//   * mtcute encodes strings with TextEncoder, which replaces lone surrogates:
//     strings here are made of whole code points (all valid UTF-8).
import { createRequire } from 'node:module'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Long from 'long'
import { TlBinaryWriter, TlSerializationCounter } from '@mtcute/tl-runtime'

const require = createRequire(import.meta.url)
const { __tlWriterMap: writers } = require('@mtcute/tl/binary/writer.js')

const SEED = 0x7e57c0de
const MAX_DEPTH = 3  // nested objects below the top-level one
const INSTANCES = 4  // per constructor or method with fields (one for those without)

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')
const OUT = join(ROOT, 'tests', 'vectors')

// ---------------------------------------------------------------------------
// Deterministic randomness: xoshiro128**, seeded by splitmix32.

function makeRng(seed) {
  let x = seed >>> 0
  const split = () => {
    x = (x + 0x9e3779b9) >>> 0
    let z = x
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
  const s = [split(), split(), split(), split()]
  const rotl = (v, k) => ((v << k) | (v >>> (32 - k))) >>> 0
  const u32 = () => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0
    const t = (s[1] << 9) >>> 0
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    return result
  }
  const below = (n) => u32() % n  // n is small: the bias does not matter here
  return {
    u32,
    below,
    chance: (p) => u32() / 2 ** 32 < p,
    pick: (list) => list[below(list.length)],
    float: () => u32() / 2 ** 32,
    bytes: (n) => Uint8Array.from({ length: n }, () => u32() & 0xff),
  }
}
const rng = makeRng(SEED)

// ---------------------------------------------------------------------------
// The schema, read from the .tl files (not from mtcute's JSON copy of it).

const BUILTINS = new Set(['int', 'long', 'double', 'string', 'bytes', 'int128', 'int256', 'Bool', 'true'])

function parseType(text, generics) {
  let m = text.match(/^([Vv])ector<(.+)>$/)
  if (m) return { kind: 'vector', boxed: m[1] === 'V', elem: parseType(m[2], generics) }
  if (text.startsWith('!')) return { kind: 'generic', name: text.slice(1) }
  if (generics.includes(text)) return { kind: 'generic', name: text }
  if (text === '#') return { kind: 'flags' }
  if (BUILTINS.has(text)) return { kind: 'builtin', name: text }
  if (text.startsWith('%')) return { kind: 'bare', name: text.slice(1) }
  const last = text.split('.').pop()
  if (last[0] === last[0].toLowerCase()) return { kind: 'bare', name: text }
  return { kind: 'boxed', name: text }
}

function loadSchema(file, schemaName) {
  const constructors = []
  const methods = []
  let functions = false
  for (const raw of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
    const line = raw.trim()
    if (!line || line.startsWith('//')) continue
    if (line === '---functions---') { functions = true; continue }
    if (line === '---types---') { functions = false; continue }
    const m = line.match(/^([\w.]+)#([0-9a-f]{8})((?:\s+\{\w+:Type\})*)(.*?)\s*=\s*(.+);$/)
    if (!m) throw new Error(`${file}: cannot read: ${line}`)
    const generics = [...m[3].matchAll(/\{(\w+):Type\}/g)].map((g) => g[1])
    const fields = m[4].trim() === '' ? [] : m[4].trim().split(/\s+/).map((f) => {
      const [name, typeText] = f.split(/:(.*)/s)
      const cond = typeText.match(/^(\w+)\.(\d+)\?(.+)$/)
      return {
        name,
        cond: cond ? { flags: cond[1], bit: Number(cond[2]) } : null,
        type: parseType(cond ? cond[3] : typeText, generics),
      }
    })
    const c = { schema: schemaName, name: m[1], id: parseInt(m[2], 16), fields, result: m[5], method: functions }
    ;(functions ? methods : constructors).push(c)
  }
  return { constructors, methods }
}

const api = loadSchema('schema/api.tl', 'api')
const mtproto = loadSchema('schema/mtproto.tl', 'mtproto')

// mtcute's names: objects of the MTProto schema are `mt_<name>`; fields are camelCase.
const jsName = (c) => (c.schema === 'mtproto' ? `mt_${c.name}` : c.name)
const camel = (name) => name.replace(/_([a-zA-Z0-9])/g, (_, ch) => ch.toUpperCase())

function index(schema) {
  const types = new Map()  // boxed type -> constructors
  const byName = new Map()
  for (const c of schema.constructors) {
    if (!types.has(c.result)) types.set(c.result, [])
    types.get(c.result).push(c)
    byName.set(c.name, c)
  }
  return { ...schema, types, byName }
}
const schemas = { api: index(api), mtproto: index(mtproto) }

// Every combinator must have a writer in mtcute's map, and every field name
// this script derives must appear in that writer (a wrong name would make an
// optional field silently absent).
for (const s of Object.values(schemas)) {
  for (const c of [...s.constructors, ...s.methods]) {
    const w = writers[jsName(c)]
    if (!w) throw new Error(`mtcute has no writer for ${c.name}`)
    const src = w.toString()
    for (const f of c.fields) {
      if (f.type.kind === 'flags') continue
      const n = camel(f.name)
      if (!src.includes(`'${n}'`) && !src.includes(`v.${n}`)) {
        throw new Error(`mtcute's writer of ${c.name} does not mention field ${n}`)
      }
    }
  }
}

// Rank: nested objects needed at least below a constructor (required fields
// only; vectors may be empty). Past MAX_DEPTH, the lowest rank is chosen.
function computeRanks(s) {
  const rank = new Map()  // constructor name -> rank
  const typeRank = (t) => {
    if (t.kind === 'boxed') return Math.min(...s.types.get(t.name).map((c) => rank.get(c.name) ?? Infinity))
    if (t.kind === 'bare') return rank.get(s.byName.get(t.name).name) ?? Infinity
    if (t.kind === 'generic') return 1
    return 0
  }
  for (let changed = true; changed;) {
    changed = false
    for (const c of s.constructors) {
      let r = 1
      for (const f of c.fields) if (!f.cond && f.type.kind !== 'vector') r = Math.max(r, 1 + typeRank(f.type))
      if (r < (rank.get(c.name) ?? Infinity)) { rank.set(c.name, r); changed = true }
    }
  }
  for (const c of s.constructors) if (!Number.isFinite(rank.get(c.name))) throw new Error(`${c.name} cannot end`)
  s.rank = rank
  s.simplest = new Map()
  for (const [type, list] of s.types) {
    const best = Math.min(...list.map((c) => rank.get(c.name)))
    s.simplest.set(type, list.filter((c) => rank.get(c.name) === best))
  }
}
computeRanks(schemas.api)
computeRanks(schemas.mtproto)

// ---------------------------------------------------------------------------
// Values. Each generator returns { js: what mtcute's writer takes, json: tlcpp's canonical JSON }.

const INT_EDGES = [0, 1, -1, 2147483647, -2147483648, 255, 256, 65536]
const LONG_EDGES = [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 32n, -(2n ** 32n), 2n ** 53n + 1n, -(2n ** 53n) - 1n]
const DOUBLE_EDGES = [0, 1, -1, 0.5, -2.75, 0.1, Math.PI, 1e-300, 5e-324, 1.7976931348623157e308, -1e21, 123456789.125]
const SMALL_LENGTHS = [0, 1, 2, 3, 4, 5, 7, 8, 12, 16, 31, 40]
const BOUNDARY_LENGTHS = [252, 253, 254, 255, 256, 257]

// Code points by the number of bytes their UTF-8 takes, with the characters
// JSON must escape among the 1-byte ones.
const CODE_POINTS = [
  null,
  [...'aZ09 .,-_~'].map((ch) => ch.codePointAt(0)).concat([0x00, 0x0a, 0x09, 0x1f, 0x22, 0x5c, 0x2f, 0x7f]),
  [0xe9, 0xdf, 0x416, 0x439, 0x448, 0x5d0, 0x7ff],                     // é ß Ж й ш א, U+07FF
  [0x65e5, 0x672c, 0x8a9e, 0x20ac, 0x26a1, 0x2028, 0xfeff, 0xfffd, 0x800, 0xffff],
  [0x1f600, 0x1f44d, 0x1f3fd, 0x1d11e, 0x10000, 0x10ffff],             // 😀 👍 skin tone 𝄞
]

function byteLength() {
  const r = rng.float()
  if (r < 0.75) return rng.pick(SMALL_LENGTHS)
  if (r < 0.97) return rng.pick(BOUNDARY_LENGTHS)
  return 1000 + rng.below(100)
}

// A string of exactly n bytes of UTF-8, mixing 1- to 4-byte characters.
function genString(n) {
  let s = ''
  for (let left = n; left > 0;) {
    const size = 1 + rng.below(Math.min(left, 4))
    s += String.fromCodePoint(rng.pick(CODE_POINTS[size]))
    left -= size
  }
  return s
}

function wideInt(size) {
  const b = (() => {
    switch (rng.below(8)) {
      case 0: return new Uint8Array(size)                                        // 0
      case 1: return new Uint8Array(size).fill(0xff)                             // -1
      case 2: { const v = new Uint8Array(size); v[size - 1] = 0x80; return v }   // minimum
      case 3: { const v = new Uint8Array(size).fill(0xff); v[size - 1] = 0x7f; return v }  // maximum
      default: return rng.bytes(size)
    }
  })()
  let v = 0n
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i])
  if (b[size - 1] & 0x80) v -= 1n << BigInt(size * 8)
  return { js: b, json: v.toString() }
}

function genBuiltin(name) {
  switch (name) {
    case 'int': {
      const v = rng.chance(0.3) ? rng.pick(INT_EDGES) : rng.u32() | 0
      return { js: v, json: v }
    }
    case 'long': {
      const v = rng.chance(0.3) ? rng.pick(LONG_EDGES) : BigInt.asIntN(64, (BigInt(rng.u32()) << 32n) | BigInt(rng.u32()))
      return { js: Long.fromString(v.toString()), json: v.toString() }
    }
    case 'double': {
      let v = rng.chance(0.3) ? rng.pick(DOUBLE_EDGES) : (rng.float() * 2 - 1) * 10 ** (rng.below(61) - 30)
      if (Object.is(v, -0)) v = 0
      return { js: v, json: v }
    }
    case 'string': {
      const v = genString(byteLength())
      return { js: v, json: v }
    }
    case 'bytes': {
      const v = rng.bytes(byteLength())
      return { js: v, json: Buffer.from(v).toString('base64') }
    }
    case 'int128':
      return wideInt(16)
    case 'int256':
      return wideInt(32)
    case 'Bool': {
      const v = rng.chance(0.5)
      return { js: v, json: v }
    }
    default:
      throw new Error(`no value for ${name}`)
  }
}

// A value of type t, `depth` objects below the top-level one.
function genValue(s, t, depth, nonEmpty = false) {
  switch (t.kind) {
    case 'builtin':
      return genBuiltin(t.name)
    case 'vector': {
      const max = depth >= MAX_DEPTH ? 0 : 3
      const n = nonEmpty ? 1 + rng.below(3) : rng.below(max + 1)
      const items = Array.from({ length: n }, () => genValue(s, t.elem, depth, false))
      return { js: items.map((i) => i.js), json: items.map((i) => i.json) }
    }
    case 'boxed': {
      const list = depth >= MAX_DEPTH ? s.simplest.get(t.name) : s.types.get(t.name)
      return genObject(s, rng.pick(list), depth + 1, 'random')
    }
    case 'bare':
      return genObject(s, s.byName.get(t.name), depth + 1, 'random')
    case 'generic': {
      // Any method; past the depth limit one without required objects.
      const list = depth >= MAX_DEPTH ? s.methods.filter((m) => m.fields.every((f) => f.cond || f.type.kind === 'builtin' || f.type.kind === 'flags')) : s.methods
      return genObject(s, rng.pick(list), depth + 1, 'random')
    }
    default:
      throw new Error(`no value for ${t.kind}`)
  }
}

// mode: 'all' (every optional field present), 'none' (all absent) or 'random'.
function genObject(s, c, depth, mode) {
  const js = { _: jsName(c) }
  const json = { _: c.name }
  const present = new Map()  // "flags.3" -> set?
  for (const f of c.fields) {
    if (f.type.kind === 'flags') continue
    const v = genField(s, c, f, depth, mode, present)
    if (v === undefined) continue
    js[camel(f.name)] = v.js
    json[f.name] = v.json
  }
  return { js, json }
}

function genField(s, c, f, depth, mode, present) {
  if (f.cond) {
    const key = `${f.cond.flags}.${f.cond.bit}`
    if (!present.has(key)) {
      present.set(key, mode === 'all' || (mode === 'random' && depth < MAX_DEPTH && rng.chance(0.5)))
    }
    if (!present.get(key)) return undefined
    if (f.type.kind === 'builtin' && f.type.name === 'true') return { js: true, json: true }
    return genValue(s, f.type, depth, f.type.kind === 'vector')  // see the header: never present and empty
  }
  return genValue(s, f.type, depth)
}

// ---------------------------------------------------------------------------
// mtcute's writer, with int53() routed to its 64-bit long() and bare vector
// elements passed as its bare writers expect (see the header).

for (const [id, write] of Object.entries(writers._bare)) {
  writers._bare[id] = function bareElement(item) {
    write(this, item)
  }
}

function serialize(obj) {
  const size = TlSerializationCounter.countNeededBytes(writers, obj)
  const w = TlBinaryWriter.alloc(writers, size)
  w.int53 = function int53AsLong(v) {
    this.long(v)
  }
  w.object(obj)
  // The counter gives bare vectors 4 bytes too many (it always counts the
  // vector id); the bytes are what the writer wrote.
  if (w.pos > size) throw new Error(`${obj._}: wrote ${w.pos} bytes, counted ${size}`)
  return Buffer.from(w.result()).toString('hex')
}

function vectorsOf(s, list) {
  const lines = []
  for (const c of list) {
    const hasFields = c.fields.length > 0
    const modes = hasFields ? ['all', 'none', ...Array(INSTANCES - 2).fill('random')] : ['none']
    for (const mode of modes) {
      const { js, json } = genObject(s, c, 0, mode)
      // U+2028 and U+2029 are valid raw in JSON, but some line readers split
      // at them: escape them so that each vector is one line for every tool.
      const line = JSON.stringify({ name: c.name, json, hex: serialize(js) })
      lines.push(line.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'))
    }
  }
  return lines.join('\n') + '\n'
}

mkdirSync(OUT, { recursive: true })
const files = {
  'api-constructors.jsonl': vectorsOf(schemas.api, api.constructors),
  'api-methods.jsonl': vectorsOf(schemas.api, api.methods),
  'mtproto.jsonl': vectorsOf(schemas.mtproto, [...mtproto.constructors, ...mtproto.methods]),
}
for (const [name, text] of Object.entries(files)) {
  writeFileSync(join(OUT, name), text)
  console.log(`tests/vectors/${name}: ${text.split('\n').length - 1} vectors, ${(text.length / 1e6).toFixed(1)} MB`)
}
