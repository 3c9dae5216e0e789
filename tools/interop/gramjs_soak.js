// The soak's calls through GramJS's own client, for scale: CLIENTS
// TelegramClients (intermediate, one connection each) making CALLS pings
// each against `tlcpp serve`, every pong checked against its ping_id.
// Prints calls/s and latency like tests/net/tlcpp_soak. Development time
// only, like gramjs_client.js.
//
//   node gramjs_soak.js PATH/TO/tlcpp [CLIENTS [CALLS [SERVE_OPTION...]]]
"use strict";

const { spawn } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const readline = require("readline");

const bigInt = require("big-integer");
const { TelegramClient, Api } = require("telegram");
const { MemorySession } = require("telegram/sessions");
const { ConnectionTCPAbridged } = require("telegram/network");
const { Logger, LogLevel } = require("telegram/extensions/Logger");
const RSA = require("telegram/crypto/RSA");

setTimeout(() => {
  console.error("gramjs_soak: gave up after 10 minutes");
  process.exit(1);
}, 600000).unref();

function tlBytes(b) {
  const head = b.length < 254 ? Buffer.from([b.length]) : Buffer.from([254, b.length & 255, (b.length >> 8) & 255, b.length >> 16]);
  const body = Buffer.concat([head, b]);
  return Buffer.concat([body, Buffer.alloc((4 - (body.length % 4)) % 4)]);
}

async function main() {
  const [tlcpp, clientsArg, callsArg, ...serveOptions] = process.argv.slice(2);
  if (!tlcpp) {
    console.error("usage: node gramjs_soak.js PATH/TO/tlcpp [CLIENTS [CALLS [SERVE_OPTION...]]]");
    process.exit(2);
  }
  const clients = Number(clientsArg || 50);
  const calls = Number(callsArg || 2000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tlcpp-gramjs-soak-"));
  const pub = path.join(dir, "server.pem");
  const server = spawn(tlcpp, ["serve", "--port", "0", "--public-key-out", pub, ...serveOptions], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  try {
    const out = readline.createInterface({ input: server.stdout })[Symbol.asyncIterator]();
    const port = Number(/:(\d+)$/.exec((await out.next()).value)[1]);
    await out.next();
    const jwk = crypto.createPublicKey(fs.readFileSync(pub, "utf8")).export({ format: "jwk" });
    const n = Buffer.from(jwk.n, "base64url");
    const e = Buffer.from(jwk.e, "base64url");
    const fp = crypto.createHash("sha1").update(Buffer.concat([tlBytes(n), tlBytes(e)])).digest().readBigInt64LE(12);
    RSA._serverKeys.set(fp.toString(), { n: bigInt(n.toString("hex"), 16), e: parseInt(e.toString("hex"), 16) });

    class Pinned extends ConnectionTCPAbridged {
      constructor(o) {
        super({ ...o, port });
      }
    }
    const made = [];
    for (let i = 0; i < clients; ++i) {
      const s = new MemorySession();
      s.setDC(2, "127.0.0.1", port);
      const c = new TelegramClient(s, 1, "0123456789abcdef0123456789abcdef", {
        connection: Pinned,
        connectionRetries: 5,
        baseLogger: new Logger(LogLevel.NONE),
        timeout: 30,
      });
      made.push(c);
    }
    await Promise.all(made.map((c) => c.connect()));
    const latencies = [];
    let ok = 0;
    let wrong = 0;
    const start = process.hrtime.bigint();
    await Promise.all(
      made.map(async (c, i) => {
        for (let k = 0; k < calls; ++k) {
          const id = bigInt(i).shiftLeft(32).add(k);
          const t = process.hrtime.bigint();
          const pong = await c.invoke(new Api.Ping({ pingId: id }));
          latencies.push(Number(process.hrtime.bigint() - t) / 1000);
          if (pong.pingId.equals(id)) ++ok;
          else ++wrong;
        }
      })
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    latencies.sort((a, b) => a - b);
    const total = clients * calls;
    console.log(`gramjs: clients ${clients}, calls ${total} in ${seconds.toFixed(1)} s: ${Math.round(total / seconds)} calls/s`);
    console.log(
      `gramjs: latency p50 ${Math.round(latencies[Math.floor(latencies.length / 2)])} us, ` +
        `p99 ${Math.round(latencies[Math.floor(latencies.length * 0.99)])} us; ok ${ok}, wrong ${wrong}`
    );
    await Promise.all(made.map((c) => c.destroy()));
    process.exitCode = ok === total ? 0 : 1;
  } finally {
    server.kill();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(process.exitCode);
}

main().catch((e) => {
  console.error(`gramjs_soak: ${e.stack || e}`);
  process.exit(1);
});
