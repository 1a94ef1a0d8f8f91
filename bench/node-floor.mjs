// I/O: the benchmark's reference for "what Node itself does here": the smallest downloader that moves the same bytes
// the way the engine does (one keep-alive `node:https` agent, 16 MiB ranged GETs, each chunk written at its offset
// with a synchronous positional write, a `.part` file renamed when complete) and nothing else: no HEAD, no retry, no
// verification, no resume state, no progress, no cancellation. Not part of the product. Where `cdr` trails rclone
// and this trails it too, the gap is Node's (its HTTP client and one JavaScript thread), not the engine's.
//
// usage: node bench/node-floor.mjs <origin> <out-dir> <key>... (STREAMS=4: requests in flight, cdr's default on 2
// cores; PART_MIB=16). Trusts the CA in NODE_EXTRA_CA_CERTS like any Node program.
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { basename, join } from 'node:path';

const [origin, outDir, ...keys] = process.argv.slice(2);
const STREAMS = Number(process.env.STREAMS ?? 4);
const PART = Number(process.env.PART_MIB ?? 16) << 20;
const client = origin.startsWith('https:') ? https : http;
const agent = new client.Agent({ keepAlive: true, maxSockets: STREAMS });

/** A file's state: its descriptor once the first answer came, and the parts still running. */
class Target {
  fd = -1;
  left = 1;
  constructor(key) {
    this.key = key;
    this.path = join(outDir, basename(key));
  }
}

// Parts of a file already started jump the queue, so files finish in order and few are open at once. A stream with
// nothing to take waits while some first GET has not answered yet: that answer may add parts.
const urgent = [];
let nextKey = 0;
let unsized = 0;
const waiting = [];
async function nextJob() {
  for (;;) {
    if (urgent.length) return urgent.shift();
    if (nextKey < keys.length) {
      unsized++;
      return { target: new Target(keys[nextKey++]), start: 0 };
    }
    if (unsized === 0) return null;
    await new Promise((r) => waiting.push(r));
  }
}
function sized() {
  unsized--;
  for (const r of waiting.splice(0)) r();
}

function fetchPart({ target, start }) {
  return new Promise((resolve, reject) => {
    const headers = { range: `bytes=${start}-${start + PART - 1}` };
    const req = client.get(`${origin}/bench/${target.key}`, { agent, headers }, (res) => {
      if (res.statusCode !== 206 && res.statusCode !== 200) {
        res.resume();
        return reject(new Error(`${target.key}: HTTP ${res.statusCode}`));
      }
      if (start === 0) {
        const total = res.statusCode === 206 ? Number(res.headers['content-range'].split('/')[1]) : 0;
        target.fd = openSync(`${target.path}.part`, 'w');
        for (let at = PART; at < total; at += PART, target.left++) urgent.push({ target, start: at });
        sized();
      }
      let pos = start;
      res.on('data', (chunk) => {
        writeSync(target.fd, chunk, 0, chunk.length, pos);
        pos += chunk.length;
      });
      res.on('end', () => {
        if (--target.left === 0) {
          closeSync(target.fd);
          renameSync(`${target.path}.part`, target.path);
        }
        resolve();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function stream() {
  for (let job = await nextJob(); job; job = await nextJob()) await fetchPart(job);
}
await Promise.all(Array.from({ length: STREAMS }, stream));
agent.destroy();
