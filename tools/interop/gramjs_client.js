// GramJS's own TelegramClient (npm telegram@2.26.22, pinned in package.json)
// against `tlcpp serve` on 127.0.0.1: with each transport, the handshake,
// photos.updateProfilePhoto answered with photos.Photo, PHOTO_ID_INVALID and
// FLOOD_WAIT_30 (as GramJS's own types), then a second connection with the
// auth key the first one made. A development-time check of tlcpp's server
// side against a client nobody here wrote; never a build dependency.
//
//   npm ci && node gramjs_client.js PATH/TO/tlcpp [TRANSPORT...]
//
// Prints one line per transport and exits 0 when every scenario gave what
// it should; bounded: it gives up after two minutes.
"use strict";

const { spawn } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const readline = require("readline");

const bigInt = require("big-integer");
const { TelegramClient, Api, errors } = require("telegram");
const { MemorySession } = require("telegram/sessions");
const { ConnectionTCPAbridged, ConnectionTCPFull, ConnectionTCPObfuscated } = require("telegram/network");
const { PacketCodec, ObfuscatedConnection } = require("telegram/network/connection/Connection");
const { Logger, LogLevel } = require("telegram/extensions/Logger");
const RSA = require("telegram/crypto/RSA");

const deadline = setTimeout(() => {
  console.error("gramjs_client: gave up after 120 s");
  process.exit(1);
}, 120000);

// --- the two transports GramJS lacks, as codecs of its own Connection ---

// Intermediate: tag eeeeeeee, then each frame as a 4-byte length and the payload.
class IntermediateCodec extends PacketCodec {
  constructor(c) {
    super(c);
    this.tag = IntermediateCodec.tag;
    this.obfuscateTag = IntermediateCodec.obfuscateTag;
  }
  encodePacket(data) {
    const h = Buffer.alloc(4);
    h.writeUInt32LE(data.length, 0);
    return Buffer.concat([h, data]);
  }
  async readPacket(reader) {
    const len = (await reader.read(4)).readUInt32LE(0);
    return reader.read(len);
  }
}
IntermediateCodec.tag = Buffer.from("eeeeeeee", "hex");
IntermediateCodec.obfuscateTag = IntermediateCodec.tag;

// Padded intermediate: tag dddddddd, 0..15 random bytes after each payload.
// The length does not say where the payload ends: an encrypted one is 24
// bytes and whole AES blocks, a plain one says its own length.
class PaddedCodec extends IntermediateCodec {
  constructor(c) {
    super(c);
    this.tag = PaddedCodec.tag;
    this.obfuscateTag = PaddedCodec.obfuscateTag;
  }
  encodePacket(data) {
    return super.encodePacket(Buffer.concat([data, crypto.randomBytes(crypto.randomInt(16))]));
  }
  async readPacket(reader) {
    const frame = await super.readPacket(reader);
    if (frame.length >= 20 && frame.subarray(0, 8).equals(Buffer.alloc(8)))
      return frame.subarray(0, 20 + frame.readUInt32LE(16));
    return frame.subarray(0, 24 + Math.floor((frame.length - 24) / 16) * 16);
  }
}
PaddedCodec.tag = Buffer.from("dddddddd", "hex");
PaddedCodec.obfuscateTag = PaddedCodec.tag;

class ConnectionTCPIntermediate extends ConnectionTCPFull {
  constructor(o) {
    super(o);
    this.PacketCodecClass = IntermediateCodec;
  }
}
class ConnectionTCPPadded extends ConnectionTCPFull {
  constructor(o) {
    super(o);
    this.PacketCodecClass = PaddedCodec;
  }
}
class ConnectionTCPObfuscatedIntermediate extends ConnectionTCPObfuscated {
  constructor(o) {
    super(o);
    this.PacketCodecClass = IntermediateCodec;
  }
}
// (ObfuscatedConnection is what the obfuscated classes extend.)
if (!(ConnectionTCPObfuscated.prototype instanceof ObfuscatedConnection)) throw new Error("GramJS changed");

const transports = {
  abridged: ConnectionTCPAbridged,
  full: ConnectionTCPFull,
  obfuscated: ConnectionTCPObfuscated,
  intermediate: ConnectionTCPIntermediate,
  padded: ConnectionTCPPadded,
  obfuscated_intermediate: ConnectionTCPObfuscatedIntermediate,
};

// GramJS dials port 80 (443 with WSS) whatever the session says: pin it.
function pinned(Base, port) {
  return class extends Base {
    constructor(o) {
      super({ ...o, port });
    }
  };
}

// --- the server's key, and its fingerprint computed here ---

// TL bytes: a length prefix, the bytes, zero padding to a multiple of 4.
function tlBytes(b) {
  const head = b.length < 254 ? Buffer.from([b.length]) : Buffer.from([254, b.length & 255, (b.length >> 8) & 255, b.length >> 16]);
  const body = Buffer.concat([head, b]);
  return Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
}

function serverKey(pem) {
  const jwk = crypto.createPublicKey(pem).export({ format: "jwk" });
  const n = Buffer.from(jwk.n, "base64url");
  const e = Buffer.from(jwk.e, "base64url");
  const h = crypto.createHash("sha1").update(Buffer.concat([tlBytes(n), tlBytes(e)])).digest();
  const fp = h.readBigInt64LE(12); // the lower 64 bits, as resPQ lists them
  return {
    hex: BigInt.asUintN(64, fp).toString(16).padStart(16, "0"),
    fingerprint: fp.toString(),
    n: bigInt(n.toString("hex"), 16),
    e: parseInt(e.toString("hex"), 16),
  };
}

// --- the server ---

async function startServer(tlcpp, dir) {
  const answers = path.join(dir, "answers.jsonl");
  const photo = {
    _: "photo",
    id: "1",
    access_hash: "2",
    file_reference: "AQI=", // canonical JSON writes bytes as base64
    date: 1700000000,
    sizes: [{ _: "photoSize", type: "x", w: 640, h: 640, size: 1024 }],
    dc_id: 2,
  };
  fs.writeFileSync(
    answers,
    [
      { method: "photos.updateProfilePhoto", match: { id: { _: "inputPhoto", id: "2" } }, error: [400, "PHOTO_ID_INVALID"] },
      { method: "photos.updateProfilePhoto", match: { id: { _: "inputPhoto", id: "3" } }, error: [420, "FLOOD_WAIT_30"] },
      { method: "photos.updateProfilePhoto", answer: { _: "photos.photo", photo, users: [{ _: "userEmpty", id: "1" }] } },
    ]
      .map((l) => JSON.stringify(l))
      .join("\n") + "\n"
  );
  const pub = path.join(dir, "server.pem");
  const args = ["serve", "--port", "0", "--public-key-out", pub, "--answers", answers, "--record", path.join(dir, "record.jsonl")];
  const server = spawn(tlcpp, args, { stdio: ["ignore", "pipe", "pipe"] });
  const log = [];
  readline.createInterface({ input: server.stderr }).on("line", (l) => log.push(l));
  const out = readline.createInterface({ input: server.stdout })[Symbol.asyncIterator]();
  const first = (await out.next()).value;
  const second = (await out.next()).value;
  const m = /^listening on 127\.0\.0\.1:(\d+)$/.exec(first || "");
  const f = /^fingerprint: ([0-9a-f]{16})$/.exec(second || "");
  if (!m || !f) throw new Error(`tlcpp serve printed ${JSON.stringify([first, second])}`);
  return { server, port: Number(m[1]), printed: f[1], pem: fs.readFileSync(pub, "utf8"), log, dir };
}

// --- the scenarios ---

function inputPhoto(id) {
  return new Api.InputPhoto({ id: bigInt(id), accessHash: bigInt(2), fileReference: Buffer.from("0102", "hex") });
}

function client(session, Connection, port) {
  return new TelegramClient(session, 1, "0123456789abcdef0123456789abcdef", {
    connection: pinned(Connection, port),
    connectionRetries: 3,
    floodSleepThreshold: 0, // FLOOD_WAIT_30 is thrown, not slept through
    autoReconnect: false,
    baseLogger: new Logger(process.env.GRAMJS_LOG || LogLevel.NONE), // GRAMJS_LOG=debug to see it work
    timeout: 10,
  });
}

async function expectError(p, check) {
  try {
    await p;
  } catch (e) {
    if (check(e)) return e;
    throw new Error(`unexpected error ${e && e.constructor && e.constructor.name}: ${e && e.message}`);
  }
  throw new Error("an answer where an error was expected");
}

async function scenario(name, srv) {
  const Connection = transports[name];
  const done = [];
  const handshakesBefore = srv.log.filter((l) => l.includes("handshake done")).length;
  const session = new MemorySession();
  session.setDC(2, "127.0.0.1", srv.port);
  const c = client(session, Connection, srv.port);
  await c.connect(); // the handshake, then invokeWithLayer(initConnection(help.getConfig))
  done.push("handshake");
  const photo = await c.invoke(new Api.photos.UpdateProfilePhoto({ id: inputPhoto(1) }));
  if (!(photo instanceof Api.photos.Photo) || !(photo.photo instanceof Api.Photo) || photo.photo.id.toString() !== "1")
    throw new Error(`photos.updateProfilePhoto answered ${photo && photo.className}`);
  done.push("photos.Photo");
  await expectError(
    c.invoke(new Api.photos.UpdateProfilePhoto({ id: inputPhoto(2) })),
    (e) => e instanceof errors.RPCError && e.code === 400 && e.errorMessage === "PHOTO_ID_INVALID"
  );
  done.push("PHOTO_ID_INVALID");
  await expectError(
    c.invoke(new Api.photos.UpdateProfilePhoto({ id: inputPhoto(3) })),
    (e) => e instanceof errors.FloodWaitError && e.seconds === 30
  );
  done.push("FLOOD_WAIT_30");
  const key = c.session.getAuthKey();
  await c.destroy();
  const handshakes = srv.log.filter((l) => l.includes("handshake done")).length - handshakesBefore;

  const again = new MemorySession();
  again.setDC(2, "127.0.0.1", srv.port);
  again.setAuthKey(key);
  const c2 = client(again, Connection, srv.port);
  await c2.connect();
  const photo2 = await c2.invoke(new Api.photos.UpdateProfilePhoto({ id: inputPhoto(1) }));
  if (!(photo2 instanceof Api.photos.Photo)) throw new Error("the second connection got no photos.Photo");
  await c2.destroy();
  const after = srv.log.filter((l) => l.includes("handshake done")).length - handshakesBefore;
  if (after !== handshakes) throw new Error("the second connection made a new auth key");
  done.push("saved key");
  return `${done.join(", ")} (auth keys made: ${handshakes})`;
}

async function main() {
  const [tlcpp, ...wanted] = process.argv.slice(2);
  if (!tlcpp) {
    console.error("usage: node gramjs_client.js PATH/TO/tlcpp [TRANSPORT...]");
    process.exit(2);
  }
  const names = wanted.length ? wanted : Object.keys(transports);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tlcpp-interop-"));
  const srv = await startServer(tlcpp, dir);
  let failed = 0;
  try {
    const key = serverKey(srv.pem);
    if (key.hex !== srv.printed) throw new Error(`fingerprint: tlcpp serve says ${srv.printed}, computed here ${key.hex}`);
    console.log(`fingerprint ${key.hex}: the same computed here from the PEM`);
    RSA._serverKeys.set(key.fingerprint, { n: key.n, e: key.e });
    for (const name of names) {
      if (!transports[name]) throw new Error(`unknown transport ${name} (${Object.keys(transports).join(", ")})`);
      try {
        console.log(`gramjs ${name}: ${await scenario(name, srv)}`);
      } catch (e) {
        ++failed;
        console.log(`gramjs ${name}: FAILED: ${e.message}`);
      }
    }
    const lines = fs.readFileSync(path.join(dir, "record.jsonl"), "utf8").trim().split("\n");
    const methods = [...new Set(lines.map((l) => JSON.parse(l)._))].join(", ");
    console.log(`tlcpp serve recorded ${lines.length} requests: ${methods}`);
    // GramJS's bytes of the first call, as tlcpp read them.
    const want =
      '{"_":"photos.updateProfilePhoto","id":{"_":"inputPhoto","id":"1","access_hash":"2","file_reference":"AQI="}}';
    if (!lines.includes(want)) {
      ++failed;
      console.log(`  unexpected: no request recorded as ${want}`);
    }
    // Two habits of GramJS that Telegram tolerates: it starts every
    // connection with salt 0 (and learns the salt from bad_server_salt), and
    // after an rpc_error it acknowledges its own request's msg_id (as
    // Telethon does). Anything else tlcpp serve objects to fails the run.
    const violations = srv.log.filter((l) => l.startsWith("violation:"));
    const salts = violations.filter((l) => l.includes("is not the server salt")).length;
    const selfAcks = violations.filter((l) => l.includes(", a client msg_id")).length;
    console.log(
      `tlcpp serve logged ${violations.length} violations: ${salts} the salt 0 GramJS starts with, ` +
        `${selfAcks} GramJS acknowledging its own request after an rpc_error`
    );
    for (const v of violations.filter((l) => !l.includes("is not the server salt") && !l.includes(", a client msg_id"))) {
      ++failed;
      console.log(`  unexpected: ${v}`);
    }
  } finally {
    srv.server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  clearTimeout(deadline);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`gramjs_client: ${e.stack || e}`);
  process.exit(1);
});
