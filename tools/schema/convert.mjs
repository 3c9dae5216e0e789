#!/usr/bin/env node
// Development-time converter: npm package @mtcute/tl (JSON schema) -> real TL text.
//
//   cd tools/schema && npm ci && node convert.mjs
//
// Reads  node_modules/@mtcute/tl/{api-schema.json,mtp-schema.json,raw-errors.json}
// Writes schema/api.tl, schema/mtproto.tl, schema/errors.tsv (relative to the repo root).
//
// Only facts are copied (names, ids, fields, error names/codes); every `comment` /
// `description` string of the package is dropped. Every emitted TL line is proven by
// recomputing its constructor id (CRC32 of the normalized line); any mismatch aborts.
//
// Adjustments mtcute makes to the schema, undone here:
//   * `int53` (mtcute's marker for "long that fits a JS number") is TL `long`.
//   * MTProto entries are named `mt_<name>` and so are argument types referring to them
//     (e.g. `mt_future_salt`); the prefix is stripped.
//   * MTProto functions are stored as `kind: "class"` ("for simplicity we make them all
//     classes"); MTP_FUNCTIONS below lists the real functions of mtproto.tl.
//   * Vector-ness, bareness and flag conditions live in `typeModifiers`, not in `type`:
//       predicate "flags.N"/"flags2.N" -> `flags.N?T`
//       isVector                        -> `Vector<T>` (also on method result types)
//       isBareVector                    -> `vector<T>`
//       isBareUnion                     -> `%T`
//       isBareType                      -> T is already a bare constructor name (`future_salt`)
//       constructorId                   -> derived helper (id of the referenced constructor);
//                                          not TL, only cross-checked.
//   * `generics` ([{name, type}]) -> `{X:Type}` before the fields. For the id, Telegram keeps
//     `X:Type` and drops only the braces (dropping the whole `{X:Type}` gives wrong ids).
//   * `available` / `throws` are documentation, not TL; they go to errors.tsv only.
//   * the `u` (union comments) part of api-schema.json is ignored.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const PKG_NAME = '@mtcute/tl'
const PKG_VERSION = '223.0.0'
const LAYER = 223

// Entries of the package that are NOT real layer-223 definitions and are left out.
// Every name here must exist in the input (a stale entry is an error).
const EXCLUDED = {
  // api-schema.json
  'inputPeerPhotoFileLocationLegacy':
    'TDLib-only compatibility alias (TDLib telegram_api.tl), merged in by mtcute: the id 27d69997 is the '
    + 'CRC of an older definition named inputPeerPhotoFileLocation (volume_id/local_id form), so the '
    + 'line fails the CRC under its "Legacy" name; not part of the official layer-223 api.tl.',
  'inputStickerSetThumbLegacy':
    'TDLib-only compatibility alias, as above: id 0dbaeae9 is the CRC of the old inputStickerSetThumb '
    + 'definition (volume_id/local_id form); fails the CRC under this name; not in layer 223.',
  'mtcute.dummyUpdate':
    'mtcute-internal (mtcute packages/tl/data/custom.tl), never on the wire; its id is merely the CRC '
    + 'mtcute computed from its own text.',
  'mtcute.dummyInputPeerMinUser':
    'mtcute-internal (custom.tl), never on the wire; id computed by mtcute from its own text.',
  'mtcute.dummyInputPeerMinChannel':
    'mtcute-internal (custom.tl), never on the wire; id computed by mtcute from its own text.',
  'mtcute.customMethod':
    'mtcute-internal (custom.tl) raw-bytes escape hatch, not a Telegram method; result type `bytes` is '
    + 'not TL (the id is the CRC of "... = string"), so the line fails the CRC.',
}

// mtp-schema.json marks everything `kind: "class"`; these are the functions of
// Telegram's mtproto.tl (section ---functions---). The CRC cannot prove the section,
// so the split is stated here explicitly and every name is required to exist.
const MTP_FUNCTIONS = new Set([
  'req_pq_multi',
  'req_DH_params',
  'set_client_DH_params',
  'rpc_drop_answer',
  'get_future_salts',
  'ping',
  'ping_delay_disconnect',
  'destroy_session',
  'destroy_auth_key',
])

const EXCLUDED_MTP = {}

// Lines of Telegram's mtproto.tl that mtp-schema.json lacks, added by hand:
// facts from core.telegram.org/mtproto/auth_key (steps 4 and 5) and
// core.telegram.org/schema/mtproto. A handshake needs them: p_q_inner_data is
// the plain form of the RSA-encrypted inner data (recorded handshakes use it),
// and server_DH_params_fail is a server's answer to req_DH_params. Each line is
// CRC-verified like the rest and goes in after the line named by `after`.
const EXTRA_MTP = [
  {
    after: 'p_q_inner_data_temp_dc',
    line: 'p_q_inner_data#83c95aec pq:bytes p:bytes q:bytes nonce:int128 server_nonce:int128 new_nonce:int256 = P_Q_inner_data;',
  },
  {
    after: 'server_DH_params_ok',
    line: 'server_DH_params_fail#79cb045d nonce:int128 server_nonce:int128 new_nonce_hash:int128 = Server_DH_Params;',
  },
]

const HERE = dirname(fileURLToPath(import.meta.url))
const ROOT = resolve(HERE, '..', '..')
const PKG_DIR = join(HERE, 'node_modules', ...PKG_NAME.split('/'))
const OUT_DIR = join(ROOT, 'schema')

// ---------------------------------------------------------------------------------------
// CRC32 (IEEE 802.3 / zlib), table driven. node 20 has no zlib.crc32.

const CRC_TABLE = new Uint32Array(256)
for (let n = 0; n < 256; n++) {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  CRC_TABLE[n] = c >>> 0
}
function crc32(str) {
  let c = 0xffffffff
  for (const b of Buffer.from(str, 'utf8')) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

// ---------------------------------------------------------------------------------------

const failures = []
function fail(msg) {
  failures.push(msg)
}
function die(msg) {
  console.error(`convert.mjs: ${msg}`)
  process.exit(1)
}

function readJson(file) {
  const p = join(PKG_DIR, file)
  try {
    return JSON.parse(readFileSync(p, 'utf8'))
  } catch (e) {
    die(`cannot read ${p} (${e.message}); run \`npm ci\` in tools/schema first`)
  }
}

const hex8 = id => (id >>> 0).toString(16).padStart(8, '0')

const ENTRY_KEYS = new Set(['kind', 'name', 'type', 'id', 'comment', 'arguments', 'generics',
  'available', 'throws', 'typeModifiers'])
const ARG_KEYS = new Set(['name', 'type', 'comment', 'typeModifiers'])
const MODIFIER_KEYS = new Set(['predicate', 'isVector', 'isBareVector', 'isBareUnion', 'isBareType',
  'constructorId'])
const seenModifierKeys = new Set()

function checkKeys(obj, allowed, what) {
  for (const k of Object.keys(obj)) if (!allowed.has(k)) fail(`${what}: unknown key "${k}"`)
}

// Render one (possibly modified) type reference back to TL syntax.
function renderType(type, mods, ctx, what) {
  mods = mods ?? {}
  for (const k of Object.keys(mods)) {
    seenModifierKeys.add(k)
    if (!MODIFIER_KEYS.has(k)) fail(`${what}: unknown typeModifiers key "${k}"`)
  }
  let t = ctx.unprefix(type)
  if (t === 'int53') t = 'long'
  if (/[<>%\s]/.test(t)) fail(`${what}: unexpected type syntax "${type}"`)
  if (mods.isBareUnion && mods.isBareType) fail(`${what}: both isBareUnion and isBareType`)
  if (mods.isBareUnion) t = `%${t}`
  if (mods.isBareType && !/^[a-z]/.test(t.split('.').pop())) fail(`${what}: isBareType on non-constructor "${t}"`)
  if (mods.constructorId !== undefined) ctx.ctorRefs.push({ what, type: t, mods })
  if (mods.isVector && mods.isBareVector) fail(`${what}: both isVector and isBareVector`)
  if (mods.isVector) t = `Vector<${t}>`
  if (mods.isBareVector) t = `vector<${t}>`
  if (mods.predicate !== undefined) {
    if (!/^[a-z_][a-z0-9_]*\.\d+$/.test(mods.predicate)) fail(`${what}: odd predicate "${mods.predicate}"`)
    t = `${mods.predicate}?${t}`
  }
  return t
}

function renderEntry(e, ctx) {
  const what = `${ctx.file}: ${e.name}`
  checkKeys(e, ENTRY_KEYS, what)
  const name = ctx.unprefix(e.name)
  if (!Number.isInteger(e.id) || e.id < 0 || e.id > 0xffffffff) fail(`${what}: bad id ${e.id}`)
  const parts = [`${name}#${hex8(e.id)}`]
  for (const g of e.generics ?? []) parts.push(`{${g.name}:${g.type}}`)
  for (const a of e.arguments) {
    checkKeys(a, ARG_KEYS, `${what}.${a.name}`)
    parts.push(`${a.name}:${renderType(a.type, a.typeModifiers, ctx, `${what}.${a.name}`)}`)
  }
  parts.push('=', `${renderType(e.type, e.typeModifiers, ctx, `${what} (result)`)};`)
  return parts.join(' ')
}

// Telegram's id rule, applied to the emitted text itself: drop `#id` and the final `;`,
// drop every `name:flags.N?true` field, keep generics but without their braces
// (`{X:Type}` -> `X:Type`; dropping them entirely gives wrong ids, e.g. invokeWithLayer),
// write a field's top-level (or conditional) `bytes` as `string`, `<`/`>` -> spaces.
function normalizeForCrc(line) {
  const m = /^(\S+?)#[0-9a-f]{8}((?: \S+)*?) = (\S+);$/.exec(line)
  if (!m) throw new Error(`unparsable line: ${line}`)
  const kept = []
  for (const f of m[2].split(' ')) {
    if (f === '') continue
    if (/^[^:]+:[a-z_][a-z0-9_]*\.\d+\?true$/.test(f)) continue // x:flags.N?true
    const g = /^\{(.+)\}$/.exec(f)
    if (g) {
      kept.push(g[1]) // {X:Type} -> X:Type
      continue
    }
    kept.push(f.replace(/^([^:]+:(?:[a-z_][a-z0-9_]*\.\d+\?)?)bytes$/, '$1string'))
  }
  const s = [m[1], ...kept, '=', m[3]].join(' ')
  return s.replace(/[<>]/g, ' ').replace(/ +/g, ' ').trim()
}

function selfTest() {
  const a = crc32('inputPhoto id:long access_hash:long file_reference:string = InputPhoto')
  const b = normalizeForCrc('photos.updateProfilePhoto#09e82039 flags:# fallback:flags.0?true bot:flags.1?InputUser id:InputPhoto = photos.Photo;')
  const c = normalizeForCrc('invokeWithLayer#da9b0d0d {X:Type} layer:int query:!X = X;')
  const d = normalizeForCrc('inputPeerEmpty#7f3b18ea = InputPeer;')
  if (a !== 0x3bb3b94a || crc32(b) !== 0x09e82039 || crc32(c) !== 0xda9b0d0d || crc32(d) !== 0x7f3b18ea) {
    die('CRC32 / normalization self-test failed')
  }
}

function convert({ entries, file, unprefix, excluded, isFunction }) {
  const ctx = { file, unprefix, ctorRefs: [] }
  const byId = new Map(entries.map(e => [e.id >>> 0, e]))
  const constructors = []
  const functions = []
  const names = new Set(entries.map(e => unprefix(e.name)))
  for (const n of Object.keys(excluded)) if (!names.has(n)) fail(`${file}: EXCLUDED entry "${n}" not in input`)
  for (const e of entries) {
    const name = unprefix(e.name)
    if (Object.hasOwn(excluded, name)) continue
    if (e.kind !== 'class' && e.kind !== 'method') fail(`${file}: ${e.name}: unknown kind ${e.kind}`)
    const line = renderEntry(e, ctx)
    const got = crc32(normalizeForCrc(line))
    if (got !== e.id >>> 0) {
      fail(`${file}: CRC mismatch for ${e.name}: id ${hex8(e.id)}, crc32("${normalizeForCrc(line)}") = ${hex8(got)}`)
    }
    ;(isFunction(e) ? functions : constructors).push(line)
  }
  // constructorId is a derived helper: it must point at a constructor of the referenced type
  for (const { what, type, mods } of ctx.ctorRefs) {
    const target = byId.get(mods.constructorId >>> 0)
    const bareName = type.replace(/^%/, '')
    if (!target || target.kind !== 'class'
      || (mods.isBareType ? unprefix(target.name) !== bareName : unprefix(target.type) !== bareName)) {
      fail(`${what}: constructorId ${hex8(mods.constructorId)} does not match type ${type}`)
    }
  }
  return { constructors, functions }
}

// Build every file first, write only when all of them are good.
const outputs = []
function addOutput(file, lines, allowTab) {
  const text = `${lines.join('\n')}\n`
  if (/\r/.test(text) || (!allowTab && /\t/.test(text))) die(`${file}: refusing to write CR${allowTab ? '' : '/TAB'} characters`)
  outputs.push([file, text])
}

function tsvSafe(v, what) {
  const s = String(v)
  if (/[\t\r\n]/.test(s) || s === '') fail(`errors.tsv: bad value for ${what}: ${JSON.stringify(s)}`)
  return s
}

// ---------------------------------------------------------------------------------------

selfTest()

const pkgJson = readJson('package.json')
if (pkgJson.name !== PKG_NAME || pkgJson.version !== PKG_VERSION) {
  die(`expected ${PKG_NAME}@${PKG_VERSION}, found ${pkgJson.name}@${pkgJson.version}`)
}

// ---- api.tl
const api = readJson('api-schema.json')
checkKeys(api, new Set(['l', 'e', 'u']), 'api-schema.json')
if (api.l !== LAYER) die(`api-schema.json: layer ${api.l}, expected ${LAYER}`)
const apiOut = convert({
  entries: api.e,
  file: 'api-schema.json',
  unprefix: s => s,
  excluded: EXCLUDED,
  isFunction: e => e.kind === 'method',
})

// ---- mtproto.tl
const mtp = readJson('mtp-schema.json')
if (!Array.isArray(mtp)) die('mtp-schema.json: expected an array')
const unprefixMt = (s) => {
  if (s.startsWith('mt_')) return s.slice(3)
  return s
}
for (const e of mtp) {
  if (!e.name.startsWith('mt_')) fail(`mtp-schema.json: ${e.name}: name without mt_ prefix`)
  if (e.kind !== 'class') fail(`mtp-schema.json: ${e.name}: unexpected kind ${e.kind}`)
}
const mtpNames = new Set(mtp.map(e => unprefixMt(e.name)))
for (const n of MTP_FUNCTIONS) if (!mtpNames.has(n)) fail(`mtp-schema.json: MTP_FUNCTIONS entry "${n}" not in input`)
const mtpOut = convert({
  entries: mtp,
  file: 'mtp-schema.json',
  unprefix: unprefixMt,
  excluded: EXCLUDED_MTP,
  isFunction: e => MTP_FUNCTIONS.has(unprefixMt(e.name)),
})

for (const { after, line } of EXTRA_MTP) {
  const name = line.slice(0, line.indexOf('#'))
  if (mtpNames.has(name)) fail(`EXTRA_MTP: ${name} is in mtp-schema.json now; drop it from EXTRA_MTP`)
  const id = parseInt(line.slice(line.indexOf('#') + 1, line.indexOf(' ')), 16) >>> 0
  const got = crc32(normalizeForCrc(line))
  if (got !== id) fail(`EXTRA_MTP: CRC mismatch for ${name}: id ${hex8(id)}, crc32 = ${hex8(got)}`)
  const at = mtpOut.constructors.findIndex(l => l.startsWith(`${after}#`))
  if (at < 0) fail(`EXTRA_MTP: ${name}: no line ${after} to follow`)
  mtpOut.constructors.splice(at + 1, 0, line)
}

// ---- errors.tsv
const errs = readJson('raw-errors.json')
checkKeys(errs, new Set(['base', 'errors', 'throws', 'userOnly', 'botOnly']), 'raw-errors.json')
const tsv = [
  `# Source: npm package ${PKG_NAME}@${PKG_VERSION}, file raw-errors.json; facts only (names, codes, methods), descriptions omitted`,
  `# Also from the same package, file api-schema.json: per-method "throws" and "available" (comments omitted).`,
  '# Generated by tools/schema/convert.mjs; do not edit by hand.',
  '#',
  '# Format: UTF-8, LF, tab-separated; lines starting with "#" are comments. First column = record kind:',
  '#   error<TAB>CODE<TAB>NAME              raw-errors.json "errors"; sorted by NAME (code-unit order).',
  '#                                        CODE may be negative (-500: "Invalid msgs_ack query" etc.,',
  '#                                        -503: "Timeout", "Timedout").',
  '#                                        NAME may contain %d placeholders (FLOOD_WAIT_%d, FILE_PART_%d_MISSING,',
  '#                                        PREVIOUS_CHAT_IMPORT_ACTIVE_WAIT_%dMIN) and may contain spaces',
  '#                                        ("Invalid msgs_ack query", "Timeout").',
  '#   param<TAB>NAME<TAB>P1[,P2...]        names of the %d placeholders of error NAME, in order ("_paramNames").',
  '#   base<TAB>CODE<TAB>NAME               raw-errors.json "base" (base error classes by HTTP-like code); file order.',
  '#   errthrows<TAB>KEY<TAB>ERROR          raw-errors.json "throws": KEY is a method/constructor name or, where',
  '#                                        the source had no name, a signed decimal TL id (1817183516 =',
  '#                                        0x6c50051c messages.importChatInvite, -130635115 = 0xf836aa95',
  '#                                        channels.leaveChannel); may name MTProto constructors (msgs_ack) or',
  '#                                        methods absent from layer 223; file order. ERROR need not be an "error".',
  '#   useronly<TAB>METHOD                  raw-errors.json "userOnly" (may name methods absent from layer 223).',
  '#   botonly<TAB>METHOD                   raw-errors.json "botOnly".',
  '#   throws<TAB>METHOD<TAB>ERROR<TAB>CODE api-schema.json method "throws" entries, method order then list order;',
  '#                                        CODE is the code given there (may differ from the "error" record).',
  '#   available<TAB>METHOD<TAB>user|bot|both  api-schema.json method "available" as given (in this package',
  '#                                        version every method that has it says "user", even botonly ones).',
]
const errorEntries = Object.entries(errs.errors)
const errorLines = []
const paramLines = []
for (const [key, v] of errorEntries) {
  checkKeys(v, new Set(['code', 'name', 'description', '_paramNames']), `raw-errors.json errors.${key}`)
  if (key !== v.name) fail(`raw-errors.json: errors key ${key} != name ${v.name}`)
  if (!Number.isInteger(v.code)) fail(`raw-errors.json: ${key}: bad code ${v.code}`)
}
const sortedErrors = errorEntries.map(([, v]) => v).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
for (const v of sortedErrors) {
  errorLines.push(`error\t${tsvSafe(v.code, v.name)}\t${tsvSafe(v.name, 'error name')}`)
  if (v._paramNames) {
    if (!Array.isArray(v._paramNames) || v._paramNames.some(p => /[,\s]/.test(p))) fail(`raw-errors.json: ${v.name}: odd _paramNames`)
    paramLines.push(`param\t${v.name}\t${tsvSafe(v._paramNames.join(','), `${v.name} params`)}`)
  }
}
tsv.push(...errorLines, ...paramLines)
for (const [name, code] of Object.entries(errs.base)) {
  if (!Number.isInteger(code)) fail(`raw-errors.json: base ${name}: bad code`)
  tsv.push(`base\t${code}\t${tsvSafe(name, 'base name')}`)
}
for (const [key, list] of Object.entries(errs.throws)) {
  if (!Array.isArray(list)) fail(`raw-errors.json: throws.${key} is not a list`)
  for (const n of list) tsv.push(`errthrows\t${tsvSafe(key, 'throws key')}\t${tsvSafe(n, 'throws error')}`)
}
for (const [kind, obj] of [['useronly', errs.userOnly], ['botonly', errs.botOnly]]) {
  for (const [m, flag] of Object.entries(obj)) {
    if (flag !== 1) fail(`raw-errors.json: ${kind} ${m}: unexpected value ${flag}`)
    tsv.push(`${kind}\t${tsvSafe(m, kind)}`)
  }
}
const methods = api.e.filter(e => e.kind === 'method')
for (const e of api.e) {
  if (e.kind !== 'method' && (e.throws || e.available)) fail(`api-schema.json: ${e.name}: throws/available on a class`)
  if (Object.hasOwn(EXCLUDED, e.name) && (e.throws || e.available)) fail(`api-schema.json: ${e.name}: excluded entry carries throws/available`)
}
for (const e of methods) {
  if (Object.hasOwn(EXCLUDED, e.name)) continue
  for (const t of e.throws ?? []) {
    checkKeys(t, new Set(['code', 'name', 'comment']), `api-schema.json ${e.name}.throws`)
    if (!Number.isInteger(t.code)) fail(`api-schema.json: ${e.name}: throws ${t.name}: bad code`)
    tsv.push(`throws\t${e.name}\t${tsvSafe(t.name, `${e.name} throws`)}\t${t.code}`)
  }
}
for (const e of methods) {
  if (Object.hasOwn(EXCLUDED, e.name) || e.available === undefined) continue
  if (!['user', 'bot', 'both'].includes(e.available)) fail(`api-schema.json: ${e.name}: odd available ${e.available}`)
  tsv.push(`available\t${e.name}\t${e.available}`)
}

// ---- verdict and output

const unexpectedModifiers = [...seenModifierKeys].filter(k => !MODIFIER_KEYS.has(k))
if (unexpectedModifiers.length) fail(`unexpected typeModifiers keys: ${unexpectedModifiers.join(', ')}`)
if (failures.length) {
  console.error(`convert.mjs: ${failures.length} problem(s); nothing written:`)
  for (const f of failures) console.error(`  - ${f}`)
  process.exit(1)
}

const src = `npm package ${PKG_NAME}@${PKG_VERSION}`
addOutput('api.tl', [
  `// Telegram API layer ${LAYER}.`,
  `// Source: ${src}, file api-schema.json (facts only: names, ids, fields; descriptions omitted).`,
  '// Generated by tools/schema/convert.mjs; do not edit by hand.',
  ...apiOut.constructors,
  '---functions---',
  ...apiOut.functions,
  `// LAYER ${LAYER}`,
], false)
addOutput('mtproto.tl', [
  `// MTProto service schema (layer ${LAYER} era). Source: ${src}, file mtp-schema.json (facts only: names, ids, fields).`,
  '// The package stores every entry as a constructor; the ---functions--- split is restored by MTP_FUNCTIONS in convert.mjs.',
  `// Added by EXTRA_MTP in convert.mjs (absent from the package): ${EXTRA_MTP.map(e => e.line.slice(0, e.line.indexOf(' '))).join(', ')};`,
  '// source core.telegram.org/mtproto/auth_key and core.telegram.org/schema/mtproto.',
  '// Generated by tools/schema/convert.mjs; do not edit by hand.',
  ...mtpOut.constructors,
  '---functions---',
  ...mtpOut.functions,
], false)
addOutput('errors.tsv', tsv, true)
mkdirSync(OUT_DIR, { recursive: true })
for (const [file, text] of outputs) writeFileSync(join(OUT_DIR, file), text)

console.log(`api.tl:      ${apiOut.constructors.length} constructors, ${apiOut.functions.length} functions (all CRC-verified)`)
console.log(`mtproto.tl:  ${mtpOut.constructors.length} constructors, ${mtpOut.functions.length} functions (all CRC-verified)`)
console.log(`errors.tsv:  ${tsv.filter(l => !l.startsWith('#')).length} records`)
console.log(`excluded:    ${Object.keys(EXCLUDED).join(', ')}`)
console.log(`typeModifiers keys seen: ${[...seenModifierKeys].sort().join(', ')}`)
