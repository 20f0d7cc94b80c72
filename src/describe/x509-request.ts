/**
 * Just enough of a PKCS#10 certificate request (PEM "CERTIFICATE REQUEST",
 * DER inside) for `describe csr`: the subject's name attributes and the
 * subject alternative names of the extension request. A small DER reader,
 * no signature check (kubectl shows the request, it does not verify it).
 */

interface Tlv {
  tag: number;
  /** constructed bit */
  constructed: boolean;
  /** contents */
  body: Buffer;
}

export class CsrParseError extends Error {}

/** Reads the TLVs of `buf` in order. */
function readAll(buf: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < buf.length) {
    const first = buf[i++]!;
    if ((first & 0x1f) === 0x1f) throw new CsrParseError('asn1: high-tag-number form is not supported');
    if (i >= buf.length) throw new CsrParseError('asn1: truncated length');
    let len = buf[i++]!;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4 || i + n > buf.length) throw new CsrParseError('asn1: invalid length');
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + buf[i++]!;
    }
    if (i + len > buf.length) throw new CsrParseError('asn1: data truncated');
    out.push({ tag: first, constructed: (first & 0x20) !== 0, body: buf.subarray(i, i + len) });
    i += len;
  }
  return out;
}

function one(buf: Buffer): Tlv {
  const all = readAll(buf);
  if (all.length === 0) throw new CsrParseError('asn1: syntax error: sequence truncated');
  return all[0]!;
}

function oid(body: Buffer): string {
  const parts: number[] = [];
  let v = 0;
  for (const byte of body) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  if (parts.length === 0) return '';
  const head = parts[0]!;
  const a = head < 40 ? 0 : head < 80 ? 1 : 2;
  return [a, head - a * 40, ...parts.slice(1)].join('.');
}

const STRING_TAGS: Record<number, 'utf8' | 'latin1' | 'bmp'> = {
  0x0c: 'utf8', // UTF8String
  0x12: 'latin1', // NumericString
  0x13: 'latin1', // PrintableString
  0x14: 'latin1', // T61String
  0x16: 'latin1', // IA5String
  0x1e: 'bmp', // BMPString
};

function asString(t: Tlv): string | undefined {
  const kind = STRING_TAGS[t.tag];
  if (!kind) return undefined;
  if (kind === 'bmp') {
    let s = '';
    for (let i = 0; i + 1 < t.body.length; i += 2) s += String.fromCharCode(t.body.readUInt16BE(i));
    return s;
  }
  return t.body.toString(kind);
}

export interface CertificateRequest {
  subject: {
    commonName: string;
    serialNumber: string;
    organization: string[];
    organizationalUnit: string[];
    country: string[];
    locality: string[];
    province: string[];
    streetAddress: string[];
    postalCode: string[];
  };
  dnsNames: string[];
  emailAddresses: string[];
  uris: string[];
  ipAddresses: string[];
}

/** pkix.Name.FillFromRDNSequence */
function parseName(name: Buffer): CertificateRequest['subject'] {
  const subject: CertificateRequest['subject'] = {
    commonName: '',
    serialNumber: '',
    organization: [],
    organizationalUnit: [],
    country: [],
    locality: [],
    province: [],
    streetAddress: [],
    postalCode: [],
  };
  for (const rdn of readAll(name)) {
    for (const atv of readAll(rdn.body)) {
      const [type, value] = readAll(atv.body);
      if (!type || !value) continue;
      const v = asString(value);
      if (v === undefined) continue;
      switch (oid(type.body)) {
        case '2.5.4.3': subject.commonName = v; break;
        case '2.5.4.5': subject.serialNumber = v; break;
        case '2.5.4.6': subject.country.push(v); break;
        case '2.5.4.7': subject.locality.push(v); break;
        case '2.5.4.8': subject.province.push(v); break;
        case '2.5.4.9': subject.streetAddress.push(v); break;
        case '2.5.4.10': subject.organization.push(v); break;
        case '2.5.4.11': subject.organizationalUnit.push(v); break;
        case '2.5.4.17': subject.postalCode.push(v); break;
        default: break;
      }
    }
  }
  return subject;
}

const hex4 = (n: number) => n.toString(16);

/** net.IP.String() for a 4- or 16-byte address. */
export function ipString(ip: Buffer): string {
  if (ip.length === 4) return [...ip].join('.');
  if (ip.length !== 16) return `?${ip.toString('hex')}`;
  const mapped = ip.subarray(0, 10).every((x) => x === 0) && ip[10] === 0xff && ip[11] === 0xff;
  if (mapped) return [...ip.subarray(12)].join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(ip.readUInt16BE(i));
  // the longest run of two or more zero groups (first one wins) becomes "::"
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return groups.map(hex4).join(':');
  const head = groups.slice(0, bestStart).map(hex4).join(':');
  const tail = groups.slice(bestStart + bestLen).map(hex4).join(':');
  return `${head}::${tail}`;
}

function parseSAN(value: Buffer, req: CertificateRequest): void {
  const seq = one(value);
  for (const gn of readAll(seq.body)) {
    switch (gn.tag & 0x1f) {
      case 1: req.emailAddresses.push(gn.body.toString('latin1')); break;
      case 2: req.dnsNames.push(gn.body.toString('latin1')); break;
      case 6: req.uris.push(gn.body.toString('latin1')); break;
      case 7:
        if (gn.body.length !== 4 && gn.body.length !== 16) throw new CsrParseError(`x509: cannot parse IP address of length ${gn.body.length}`);
        req.ipAddresses.push(ipString(gn.body));
        break;
      default: break;
    }
  }
}

/** x509.ParseCertificateRequest (the parts describe shows). */
export function parseCertificateRequestDer(der: Buffer): CertificateRequest {
  const outer = one(der);
  const [info] = readAll(outer.body);
  if (!info || info.tag !== 0x30) throw new CsrParseError('asn1: structure error: tags don\'t match');
  const fields = readAll(info.body);
  // version, subject, subjectPublicKeyInfo, [0] attributes
  const subject = fields[1];
  if (!subject || subject.tag !== 0x30) throw new CsrParseError('asn1: structure error: tags don\'t match');
  const req: CertificateRequest = { subject: parseName(subject.body), dnsNames: [], emailAddresses: [], uris: [], ipAddresses: [] };
  const attrs = fields.find((f) => f.tag === 0xa0);
  for (const attr of attrs ? readAll(attrs.body) : []) {
    const [type, values] = readAll(attr.body);
    if (!type || !values || oid(type.body) !== '1.2.840.113549.1.9.14') continue;
    for (const exts of readAll(values.body)) {
      for (const ext of readAll(exts.body)) {
        const parts = readAll(ext.body);
        if (parts.length < 2 || oid(parts[0]!.body) !== '2.5.29.17') continue;
        const value = parts[parts.length - 1]!;
        parseSAN(value.body, req);
      }
    }
  }
  return req;
}

/** certificate.ParseCSR: the first PEM block must be a CERTIFICATE REQUEST. */
export function parseCsrPem(pem: string): CertificateRequest {
  const m = /-----BEGIN ([^-\r\n]+)-----\r?\n((?:[^-]*\r?\n)*?)-----END \1-----/.exec(pem);
  if (!m || m[1] !== 'CERTIFICATE REQUEST') throw new CsrParseError('PEM block type must be CERTIFICATE REQUEST');
  const body = m[2]!.split(/\r?\n/).filter((l) => l && !l.includes(':'));
  return parseCertificateRequestDer(Buffer.from(body.join(''), 'base64'));
}
