/**
 * TLS material checked as kubectl 1.33 (Go 1.24, client-go) checks it before
 * it connects, so a bad CA bundle, certificate or key gives Go's text instead
 * of OpenSSL's: encoding/pem's Decode, crypto/x509's CertPool.AppendCertsFromPEM
 * with client-go's explanation of a failure, and crypto/tls's X509KeyPair.
 * What is handed to Node is rebuilt from what Go would have accepted.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { messageOf } from '../errors.js';

export interface PemBlock {
  type: string;
  headers: Map<string, string>;
  bytes: Buffer;
}

const PEM_START = Buffer.from('\n-----BEGIN ');
const PEM_END = Buffer.from('\n-----END ');
const DASHES = Buffer.from('-----');

/** One line without its end of line and trailing blanks, and what follows it. */
function getLine(data: Buffer): { line: Buffer; rest: Buffer } {
  let i = data.indexOf(0x0a);
  let j: number;
  if (i < 0) {
    i = data.length;
    j = i;
  } else {
    j = i + 1;
    if (i > 0 && data[i - 1] === 0x0d) i--;
  }
  let end = i;
  while (end > 0 && (data[end - 1] === 0x20 || data[end - 1] === 0x09)) end--;
  return { line: data.subarray(0, end), rest: data.subarray(j) };
}

function endsWith(b: Buffer, suffix: Buffer): boolean {
  return b.length >= suffix.length && b.subarray(b.length - suffix.length).equals(suffix);
}

function trimSpace(b: Buffer): string {
  return b.toString('latin1').replace(/^[ \t\r\n\v\f]+|[ \t\r\n\v\f]+$/g, '');
}

const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** base64.StdEncoding.Decode: newlines skipped, padding required; undefined when Go fails. */
function goBase64(data: Buffer): Buffer | undefined {
  const s = data.toString('latin1').replace(/[\r\n]/g, '');
  if (!B64.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}

/**
 * encoding/pem.Decode as Go 1.24 has it: the next block that starts at the
 * beginning of a line, or undefined when there is none.
 */
export function pemDecode(data: Buffer): { block: PemBlock; rest: Buffer } | undefined {
  let rest = data;
  for (;;) {
    if (rest.subarray(0, PEM_START.length - 1).equals(PEM_START.subarray(1))) {
      rest = rest.subarray(PEM_START.length - 1);
    } else {
      const at = rest.indexOf(PEM_START);
      if (at < 0) return undefined;
      rest = rest.subarray(at + PEM_START.length);
    }
    const first = getLine(rest);
    let typeLine = first.line;
    rest = first.rest;
    if (!endsWith(typeLine, DASHES)) continue;
    typeLine = typeLine.subarray(0, typeLine.length - DASHES.length);

    const headers = new Map<string, string>();
    let truncated = false;
    for (;;) {
      if (rest.length === 0) {
        truncated = true;
        break;
      }
      const { line, rest: next } = getLine(rest);
      const colon = line.indexOf(0x3a);
      if (colon < 0) break;
      headers.set(trimSpace(line.subarray(0, colon)), trimSpace(line.subarray(colon + 1)));
      rest = next;
    }
    if (truncated) return undefined;

    let endIndex: number;
    let endTrailerIndex: number;
    if (headers.size === 0 && rest.subarray(0, PEM_END.length - 1).equals(PEM_END.subarray(1))) {
      endIndex = 0;
      endTrailerIndex = PEM_END.length - 1;
    } else {
      endIndex = rest.indexOf(PEM_END);
      endTrailerIndex = endIndex + PEM_END.length;
    }
    if (endIndex < 0) continue;

    let endTrailer = rest.subarray(endTrailerIndex);
    const endTrailerLen = typeLine.length + DASHES.length;
    if (endTrailer.length < endTrailerLen) continue;
    const restOfEndLine = endTrailer.subarray(endTrailerLen);
    endTrailer = endTrailer.subarray(0, endTrailerLen);
    if (!endTrailer.subarray(0, typeLine.length).equals(typeLine) || !endsWith(endTrailer, DASHES)) continue;
    if (getLine(restOfEndLine).line.length !== 0) continue;

    const b64 = Buffer.from(rest.subarray(0, endIndex).filter((c) => c !== 0x20 && c !== 0x09));
    const bytes = goBase64(b64);
    if (!bytes) continue;
    return {
      block: { type: typeLine.toString('latin1'), headers, bytes },
      rest: getLine(rest.subarray(endIndex + PEM_END.length - 1)).rest,
    };
  }
}

/** An error in Go's words (crypto/tls, crypto/x509, client-go). */
export class TlsMaterialError extends Error {}

/**
 * One DER element with the given tag at the start of `der` (cryptobyte's
 * ReadASN1Element: definite, minimally encoded lengths only).
 */
function derElement(der: Buffer, tag: number): { header: number; length: number } | undefined {
  if (der.length < 2 || der[0] !== tag) return undefined;
  const first = der[1]!;
  if (first < 0x80) return first + 2 <= der.length ? { header: 2, length: first } : undefined;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || der.length < 2 + n) return undefined;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + der[2 + i]!;
  if (der[2] === 0 || length < 0x80) return undefined;
  return 2 + n + length <= der.length ? { header: 2 + n, length } : undefined;
}

const SEQUENCE = 0x30;
const OID = 0x06;

/** The elements one after another in `content` (a constructed element's content); undefined if they do not parse. */
function derChildren(content: Buffer): Array<{ tag: number; content: Buffer }> | undefined {
  const out: Array<{ tag: number; content: Buffer }> = [];
  for (let at = 0; at < content.length; ) {
    const rest = content.subarray(at);
    const e = derElement(rest, rest[0]!);
    if (!e) return undefined;
    out.push({ tag: rest[0]!, content: rest.subarray(e.header, e.header + e.length) });
    at += e.header + e.length;
  }
  return out;
}

/** id-ecPublicKey, and Go's named curves (OID content, hex) with the byte length of one coordinate. */
const ID_EC_PUBLIC_KEY = '2a8648ce3d0201';
const EC_CURVES = new Map([
  ['2b81040021', 28], // P-224
  ['2a8648ce3d030107', 32], // P-256
  ['2b81040022', 48], // P-384
  ['2b81040023', 66], // P-521
]);

/**
 * x509's parsePublicKey for an ECDSA key in a certificate (tbs: the
 * TBSCertificate's content): the curve named by an OID Go knows, the point
 * uncompressed and of the curve's size. OpenSSL also reads explicit curve
 * parameters and compressed points, which Go refuses.
 */
function checkEcPublicKey(tbs: Buffer): void {
  const fields = derChildren(tbs);
  // version [0] is optional; then serial, signature, issuer, validity, subject, subjectPublicKeyInfo
  const spki = fields?.[fields[0]?.tag === 0xa0 ? 6 : 5];
  if (spki?.tag !== SEQUENCE) return;
  const [algorithm, bits] = derChildren(spki.content) ?? [];
  if (algorithm?.tag !== SEQUENCE || bits?.tag !== 0x03) return;
  const [oid, params] = derChildren(algorithm.content) ?? [];
  if (oid?.tag !== OID || oid.content.toString('hex') !== ID_EC_PUBLIC_KEY) return;
  if (params?.tag !== OID) throw new TlsMaterialError('x509: invalid ECDSA parameters');
  const size = EC_CURVES.get(params.content.toString('hex'));
  if (size === undefined) throw new TlsMaterialError('x509: unsupported elliptic curve');
  // after the BIT STRING's count of unused bits
  const point = bits.content.subarray(1);
  if (point.length !== 1 + 2 * size || point[0] !== 0x04) throw new TlsMaterialError('x509: failed to unmarshal elliptic curve point');
}

/**
 * Whether an EC private key names its curve as Go needs (x509's
 * parseECPrivateKey): PKCS #8 by the OID in its AlgorithmIdentifier, else, as
 * SEC 1 always, by the OID in ECPrivateKey's [0] field; explicit curve
 * parameters, which OpenSSL reads, are no curve to Go.
 */
function namesEcCurve(der: Buffer, form: 'pkcs8' | 'sec1'): boolean {
  const top = derElement(der, SEQUENCE);
  let fields = top && derChildren(der.subarray(top.header, top.header + top.length));
  if (!fields) return false;
  if (form === 'pkcs8') {
    const params = fields[1]?.tag === SEQUENCE ? derChildren(fields[1].content)?.[1] : undefined;
    if (params?.tag === OID) return EC_CURVES.has(params.content.toString('hex'));
    const wrapped = fields[2];
    const inner = wrapped?.tag === 0x04 ? derElement(wrapped.content, SEQUENCE) : undefined;
    fields = inner && derChildren(wrapped!.content.subarray(inner.header, inner.header + inner.length));
    if (!fields) return false;
  }
  const curve = fields.find((f) => f.tag === 0xa0);
  const oid = curve && derChildren(curve.content)?.[0];
  return oid?.tag === OID && EC_CURVES.has(oid.content.toString('hex'));
}

/**
 * x509.ParseCertificate. Go's first structural checks are reproduced for
 * their texts; beyond them Node's parser decides, and a certificate it cannot
 * read is reported with Go's most general text.
 */
export function parseCertificate(der: Buffer): X509Certificate {
  const outer = derElement(der, SEQUENCE);
  if (!outer) throw new TlsMaterialError('x509: malformed certificate');
  const body = der.subarray(outer.header, outer.header + outer.length);
  const tbs = derElement(body, SEQUENCE);
  if (!tbs) throw new TlsMaterialError('x509: malformed tbs certificate');
  if (outer.header + outer.length !== der.length) throw new TlsMaterialError('x509: trailing data');
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    throw new TlsMaterialError('x509: malformed certificate');
  }
  checkEcPublicKey(body.subarray(tbs.header, tbs.header + tbs.length));
  return cert;
}

/**
 * The CA bundle as client-go's rootCertPool reads it: every CERTIFICATE block
 * without headers that parses is trusted; none gives client-go's explanation.
 * Returns the trusted certificates as PEM, or undefined for empty data (the
 * system's roots).
 */
export function rootCertificates(data: Buffer): string[] | undefined {
  if (data.length === 0) return undefined;
  const trusted: string[] = [];
  for (let rest = data; rest.length > 0; ) {
    const next = pemDecode(rest);
    if (!next) break;
    rest = next.rest;
    if (next.block.type !== 'CERTIFICATE' || next.block.headers.size !== 0) continue;
    try {
      trusted.push(parseCertificate(next.block.bytes).toString());
    } catch {
      /* AppendCertsFromPEM skips what it cannot parse */
    }
  }
  if (trusted.length > 0) return trusted;
  throw new TlsMaterialError(`unable to load root certificates: ${whyNoCertificates(data)}`);
}

/** client-go's createErrorParsingCAData. */
function whyNoCertificates(data: Buffer): string {
  for (let rest = data; rest.length > 0; ) {
    const next = pemDecode(rest);
    if (!next) return 'unable to parse bytes as PEM block';
    rest = next.rest;
    if (next.block.type !== 'CERTIFICATE' || next.block.headers.size !== 0) continue;
    try {
      parseCertificate(next.block.bytes);
    } catch (e) {
      return `failed to parse certificate: ${messageOf(e)}`;
    }
  }
  return 'no valid certificate authority data seen';
}

const GO_CURVES = new Set(['secp224r1', 'prime256v1', 'secp384r1', 'secp521r1']);

/** Go's key kinds: what crypto/tls can use (rsa, ecdsa on Go's curves, ed25519). */
function goKeyKind(k: KeyObject): 'rsa' | 'ecdsa' | 'ed25519' | undefined {
  if (k.asymmetricKeyType === 'rsa') return 'rsa';
  if (k.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (k.asymmetricKeyType === 'ec' && GO_CURVES.has(k.asymmetricKeyDetails?.namedCurve ?? '')) return 'ecdsa';
  return undefined;
}

function tryKey(der: Buffer, type: 'pkcs1' | 'pkcs8' | 'sec1'): KeyObject | undefined {
  try {
    return createPrivateKey({ key: der, format: 'der', type });
  } catch {
    return undefined;
  }
}

/**
 * The tag of the second element of the DER SEQUENCE a key is (the first is
 * its version), which tells the three forms apart: an INTEGER (0x02, the
 * modulus) in PKCS #1, a SEQUENCE (0x30, the algorithm) in PKCS #8, an OCTET
 * STRING (0x04, the key) in SEC 1. Undefined when the bytes do not say.
 */
function secondTag(der: Buffer): number | undefined {
  // an element at `at`: its tag, then its length (one byte below 0x80, else 0x80 + the count of the length's
  // bytes, 1-4 here); returns where its content starts and how long it is
  const element = (at: number): { content: number; length: number } | undefined => {
    const first = der[at + 1];
    if (first === undefined) return undefined;
    if (first < 0x80) return { content: at + 2, length: first };
    const n = first & 0x7f;
    if (n === 0 || n > 4 || at + 2 + n > der.length) return undefined;
    let length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + der[at + 2 + i]!;
    return { content: at + 2 + n, length };
  };
  if (der[0] !== 0x30) return undefined;
  const sequence = element(0);
  if (!sequence || der[sequence.content] !== 0x02) return undefined;
  const version = element(sequence.content);
  return version ? der[version.content + version.length] : undefined;
}

/**
 * crypto/tls's parsePrivateKey: PKCS #1, then PKCS #8, then SEC 1. A form
 * the DER's structure rules out is not tried (the forms cannot both parse:
 * the result is Go's, without OpenSSL failing first on the wrong ones).
 */
function parsePrivateKey(der: Buffer): { key: KeyObject; label: string } {
  const tag = secondTag(der);
  const may = (t: number) => tag === undefined || tag === t;
  const pkcs1 = may(0x02) ? tryKey(der, 'pkcs1') : undefined;
  if (pkcs1?.asymmetricKeyType === 'rsa') return { key: pkcs1, label: 'RSA PRIVATE KEY' };
  const pkcs8 = may(0x30) ? tryKey(der, 'pkcs8') : undefined;
  if (pkcs8) {
    const kind = goKeyKind(pkcs8);
    if (kind && (kind !== 'ecdsa' || namesEcCurve(der, 'pkcs8'))) return { key: pkcs8, label: 'PRIVATE KEY' };
    // Go reads X25519 keys from PKCS #8 but cannot sign with them
    if (pkcs8.asymmetricKeyType === 'x25519') throw new TlsMaterialError('tls: found unknown private key type in PKCS#8 wrapping');
  }
  const sec1 = may(0x04) ? tryKey(der, 'sec1') : undefined;
  if (sec1 && goKeyKind(sec1) === 'ecdsa' && namesEcCurve(der, 'sec1')) return { key: sec1, label: 'EC PRIVATE KEY' };
  throw new TlsMaterialError('tls: failed to parse private key');
}

/** DER as a PEM block (base64 in lines of 64, as Go's pem.Encode). */
function pemEncode(label: string, der: Buffer): string {
  const b64 = der.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function goList(items: string[]): string {
  return `[${items.join(' ')}]`;
}

/**
 * crypto/tls.X509KeyPair: the certificate chain and the key that goes with
 * its first certificate, in Go's texts. Returns PEM for Node.
 */
export function x509KeyPair(certData: Buffer, keyData: Buffer): { cert: string; key: string } {
  const chain: Buffer[] = [];
  let skipped: string[] = [];
  for (let rest = certData; ; ) {
    const next = pemDecode(rest);
    if (!next) break;
    rest = next.rest;
    if (next.block.type === 'CERTIFICATE') chain.push(next.block.bytes);
    else skipped.push(next.block.type);
  }
  if (chain.length === 0) {
    if (skipped.length === 0) throw new TlsMaterialError('tls: failed to find any PEM data in certificate input');
    if (skipped.length === 1 && skipped[0]!.endsWith('PRIVATE KEY')) {
      throw new TlsMaterialError(
        'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched',
      );
    }
    throw new TlsMaterialError(
      `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: ${goList(skipped)}`,
    );
  }

  skipped = [];
  let keyDer: Buffer;
  for (let rest = keyData; ; ) {
    const next = pemDecode(rest);
    if (!next) {
      if (skipped.length === 0) throw new TlsMaterialError('tls: failed to find any PEM data in key input');
      if (skipped.length === 1 && skipped[0] === 'CERTIFICATE') {
        throw new TlsMaterialError('tls: found a certificate rather than a key in the PEM for the private key');
      }
      throw new TlsMaterialError(
        `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: ${goList(skipped)}`,
      );
    }
    rest = next.rest;
    if (next.block.type === 'PRIVATE KEY' || next.block.type.endsWith(' PRIVATE KEY')) {
      keyDer = next.block.bytes;
      break;
    }
    skipped.push(next.block.type);
  }

  const leaf = parseCertificate(chain[0]!);
  const { key, label } = parsePrivateKey(keyDer);
  const publicKind = goKeyKind(leaf.publicKey);
  if (!publicKind) throw new TlsMaterialError('tls: unknown public key algorithm');
  if (goKeyKind(key) !== publicKind) throw new TlsMaterialError('tls: private key type does not match public key type');
  // the same public key (OpenSSL's X509_check_private_key compares them as Go compares the fields)
  if (!leaf.checkPrivateKey(key)) throw new TlsMaterialError('tls: private key does not match public key');

  // Go sends every CERTIFICATE block; Node needs them to parse
  const pems = chain.flatMap((der, i) => {
    if (i === 0) return [leaf.toString()];
    try {
      return [new X509Certificate(der).toString()];
    } catch {
      return [];
    }
  });
  // the key as it was read, under the label of the form it parsed as (OpenSSL reads all three): no export needed
  return { cert: pems.join(''), key: pemEncode(label, keyDer) };
}
