// The floor any Node HTTPS client pays for a small `get`: one request with
// the credentials bench/small.mjs wrote (server, CA, client certificate and
// key, or a token), asking for a Table as kubectl does, and the first row's
// cells printed. No kubeconfig parsing, no discovery, no checks: what is left
// is Node's start, its TLS and HTTP modules, the handshake and the request.
// Usage: node bench/https-floor.cjs CREDENTIALS.json /api/v1/namespaces/default
'use strict';
const fs = require('node:fs');
const https = require('node:https');

const [file, path] = process.argv.slice(2);
const c = JSON.parse(fs.readFileSync(file, 'utf8'));
const url = new URL(c.server);
const headers = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' };
if (c.token) headers.authorization = `Bearer ${c.token}`;
const req = https.request({ hostname: url.hostname, port: url.port, path, ca: c.ca, cert: c.cert, key: c.key, headers }, (res) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (d) => (body += d));
  res.on('end', () => {
    if (res.statusCode !== 200) {
      process.stderr.write(`error: ${res.statusCode} ${body}\n`);
      process.exitCode = 1;
      return;
    }
    const rows = JSON.parse(body).rows ?? [];
    process.stdout.write(`${rows.length ? rows[0].cells.join(' ') : 'none'}\n`);
  });
});
req.on('error', (err) => {
  process.stderr.write(`error: ${err.message}\n`);
  process.exitCode = 1;
});
req.end();
