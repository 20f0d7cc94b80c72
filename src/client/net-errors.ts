/**
 * Node socket/TLS errors turned into the typed errors kubectl users know, with
 * Go's wording (what client-go would have printed for the same failure).
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { ConnectionError, RequestTimeoutError } from '../errors.js';
import { isRecord, stringAt } from '../codec/value.js';

/** The fields of a Node network/TLS/parser error that the messages read. */
interface NodeError {
  code?: string;
  message?: string;
  host?: string;
  cert?: { subjectaltname?: string };
  /** the bytes an HTTP parser error (HPE_*) choked on */
  rawPacket?: Buffer;
  /** the address and port a failed connect dialed (the first of several a name resolved to) */
  address?: string;
  port?: number;
}

/** Reads those fields off a thrown value; a field of another type reads as absent. */
function nodeErrorOf(err: unknown): NodeError {
  if (!isRecord(err)) return {};
  const cert = err.cert;
  return {
    code: stringAt(err, 'code'),
    message: stringAt(err, 'message'),
    host: stringAt(err, 'host'),
    cert: isRecord(cert) ? { subjectaltname: stringAt(cert, 'subjectaltname') } : undefined,
    rawPacket: Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined,
    ...dialedAddress(err),
  };
}

/**
 * The address a failed connect dialed. With several addresses (Node's
 * AggregateError) the first one's, as Go reports its primary dial's error.
 */
function dialedAddress(err: Record<string, unknown>): { address?: string; port?: number } {
  const first = Array.isArray(err.errors) && isRecord(err.errors[0]) ? err.errors[0] : err;
  const address = stringAt(first, 'address');
  return address !== undefined && typeof first.port === 'number' ? { address, port: first.port } : {};
}

const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
]);

export interface Target {
  host: string;
  port: number;
}

/** "host:port", bracketing IPv6 as Go does. */
export function hostPort(t: Target): string {
  return isIP(t.host) === 6 ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}

/** The first nameserver in resolv.conf, which Go names in "lookup X on NS:53". */
function resolverAddress(): string | undefined {
  try {
    const m = /^\s*nameserver\s+(\S+)/m.exec(readFileSync('/etc/resolv.conf', 'utf8'));
    return m ? `${m[1]}:53` : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a transport failure to ConnectionError (or leaves it when it is ours already). */
export function toConnectionError(err: unknown, target: Target): Error {
  if (err instanceof ConnectionError || err instanceof RequestTimeoutError) return err;
  const e = nodeErrorOf(err);
  const hp = hostPort(target);
  // Go names the address it dialed (localhost:1 -> 127.0.0.1:1), not the host of the URL
  const dialed = e.address !== undefined && e.port !== undefined ? hostPort({ host: e.address, port: e.port }) : hp;
  const code = e?.code ?? '';
  if (code === 'ERR_INVALID_PROTOCOL') {
    // Node refuses a scheme it has no client for: Go's net/http words it so
    const scheme = /"([^"]*):"/.exec(e.message ?? '')?.[1] ?? '';
    return new ConnectionError(`unsupported protocol scheme ${goQuote(scheme)}`, 'other', hp, code);
  }
  if (code === 'ECONNREFUSED') {
    return new ConnectionError(`dial tcp ${dialed}: connect: connection refused`, 'refused', hp, code);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NODATA') {
    const ns = resolverAddress();
    return new ConnectionError(`dial tcp: lookup ${target.host}${ns ? ` on ${ns}` : ''}: no such host`, 'other', hp, code);
  }
  if (UNKNOWN_AUTHORITY.has(code)) {
    return new ConnectionError(
      'tls: failed to verify certificate: x509: certificate signed by unknown authority',
      'other',
      hp,
      code,
    );
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    // Node checks the --tls-server-name when one is set; it reports the name it checked in err.host
    return new ConnectionError(`tls: failed to verify certificate: ${altNameMessage(e, e.host || target.host)}`, 'other', hp, code);
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return new ConnectionError(
      'tls: failed to verify certificate: x509: certificate has expired or is not yet valid',
      'other',
      hp,
      code,
    );
  }
  if (code === 'ETIMEDOUT') return new ConnectionError(`dial tcp ${dialed}: i/o timeout`, 'other', hp, code);
  if (code === 'EHOSTUNREACH') return new ConnectionError(`dial tcp ${dialed}: connect: no route to host`, 'other', hp, code);
  if (code === 'ENETUNREACH') return new ConnectionError(`dial tcp ${dialed}: connect: network is unreachable`, 'other', hp, code);
  // the server closed the connection before answering: Go's net/http says EOF
  if (code === 'ECONNRESET' && e.message === 'socket hang up') return new ConnectionError('EOF', 'other', hp, code);
  if (code === 'ECONNRESET') return new ConnectionError(`read tcp ${hp}: read: connection reset by peer`, 'other', hp, code);
  if (code.startsWith('HPE_')) {
    const malformed = malformedResponse(e.rawPacket);
    if (malformed) return new ConnectionError(`net/http: HTTP/1.x transport connection broken: ${malformed}`, 'other', hp, code);
  }
  if (code === 'EPIPE') return new ConnectionError(`write tcp ${hp}: write: broken pipe`, 'other', hp, code);
  if (code === 'EPROTO' || code.startsWith('ERR_SSL')) {
    return new ConnectionError(`tls: ${e.message}`, 'other', hp, code);
  }
  return new ConnectionError(e?.message ?? String(err), 'other', hp, code || undefined);
}

/**
 * What Go's http.ReadResponse says of a first line that is not an HTTP
 * status line (a server that does not speak HTTP), from the bytes Node's
 * parser refused; undefined when the status line was not the problem.
 */
export function malformedResponse(raw: Buffer | undefined): string | undefined {
  if (!raw || raw.length === 0) return undefined;
  const text = raw.toString('latin1');
  const nl = text.indexOf('\n');
  const line = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  const sp = line.indexOf(' ');
  if (sp < 0) return `malformed HTTP response ${goQuote(line)}`;
  const proto = line.slice(0, sp);
  const status = line.slice(sp + 1).replace(/^ +/, '');
  const codeText = status.split(' ')[0]!;
  if (codeText.length !== 3 || !/^\d{3}$/.test(codeText)) return `malformed HTTP status code ${goQuote(codeText)}`;
  if (!/^HTTP\/\d\.\d$/.test(proto)) return `malformed HTTP version ${goQuote(proto)}`;
  return undefined;
}

/** Go's strconv.Quote (%q): printable runes as they are, others escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (c >= 0x20 && c < 0x7f) out += ch;
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0b) out += '\\v';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else if (c === 0xfffd) out += ch;
    else if (/[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else if (c < 0x10000) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += '\\U' + c.toString(16).padStart(8, '0');
  }
  return out + '"';
}

function altNameMessage(e: NodeError, host: string): string {
  const sans = (e.cert?.subjectaltname ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (isIP(host)) {
    const ips = sans.filter((s) => s.startsWith('IP Address:')).map((s) => s.slice('IP Address:'.length));
    if (ips.length === 0) return `x509: cannot validate certificate for ${host} because it doesn't contain any IP SANs`;
    return `x509: certificate is valid for ${ips.join(', ')}, not ${host}`;
  }
  const dns = sans.filter((s) => s.startsWith('DNS:')).map((s) => s.slice(4));
  if (dns.length === 0) return `x509: certificate is not valid for any names, but wanted to match ${host}`;
  return `x509: certificate is valid for ${dns.join(', ')}, not ${host}`;
}

/** What client-go says when http.Client.Timeout fires before the response headers. */
export function requestTimeout(target: Target): RequestTimeoutError {
  return new RequestTimeoutError(
    'net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
    hostPort(target),
  );
}
