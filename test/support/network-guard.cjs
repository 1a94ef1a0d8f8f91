// Preloaded into every test process (NODE_OPTIONS=--require): refuses, loudly, any connection that would
// leave this machine. 169.254.169.254 (IMDS) is routed here and must never be contacted.
'use strict';
const net = require('node:net');

function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // Node defaults to localhost
  const h = String(host)
    .replace(/^\[|\]$/g, '')
    .toLowerCase();
  return (
    h === 'localhost' ||
    h === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(h) ||
    /^::ffff:127\./.test(h) ||
    h.endsWith('.localhost')
  );
}

function refuse(host, port) {
  const msg = `network-guard: refused a connection to ${host}:${port} — tests may only reach 127.0.0.0/8`;
  process.stderr.write(`\n${msg}\n`);
  const err = new Error(msg);
  err.code = 'ECDR_NETWORK_GUARD';
  return err;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  let opts = args[0];
  if (Array.isArray(opts)) opts = opts[0];
  let host;
  let port;
  let path;
  if (opts && typeof opts === 'object') {
    host = opts.host;
    port = opts.port;
    path = opts.path;
  } else if (typeof opts === 'number' || (typeof opts === 'string' && /^\d+$/.test(opts))) {
    port = opts;
    host = typeof args[1] === 'string' ? args[1] : undefined;
  } else if (typeof opts === 'string') {
    path = opts;
  }
  if (!path && !isLoopback(host)) {
    const err = refuse(host, port);
    process.nextTick(() => this.destroy(err));
    return this;
  }
  return originalConnect.apply(this, args);
};
