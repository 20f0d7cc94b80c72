import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pemDecode, rootCertificates, x509KeyPair } from '../../../src/client/tls-material.js';

const B = (s: string) => Buffer.from(s);

describe('pemDecode (Go 1.24 encoding/pem)', () => {
  test('text before and after a block; headers; CRLF', () => {
    const r = pemDecode(B('junk\n-----BEGIN THING-----\r\nProc-Type: 4,ENCRYPTED\r\n\r\nYWJj\r\n-----END THING-----\r\nrest'))!;
    expect(r.block.type).toBe('THING');
    expect([...r.block.headers]).toEqual([['Proc-Type', '4,ENCRYPTED']]);
    expect(r.block.bytes.toString()).toBe('abc');
    expect(r.rest.toString()).toBe('rest');
  });

  test('no block: bad base64, wrong END type, BEGIN not at a line start, no END', () => {
    expect(pemDecode(B('-----BEGIN A-----\nnot base64!!\n-----END A-----\n'))).toBeUndefined();
    expect(pemDecode(B('-----BEGIN A-----\nYWJj\n-----END B-----\n'))).toBeUndefined();
    expect(pemDecode(B('x -----BEGIN A-----\nYWJj\n-----END A-----\n'))).toBeUndefined();
    expect(pemDecode(B('-----BEGIN A-----\nYWJj\n'))).toBeUndefined();
    expect(pemDecode(B('garbage'))).toBeUndefined();
  });

  test('an unpadded base64 body is refused as Go refuses it', () => {
    expect(pemDecode(B('-----BEGIN A-----\nYWJjZA\n-----END A-----\n'))).toBeUndefined();
    expect(pemDecode(B('-----BEGIN A-----\nYWJjZA==\n-----END A-----\n'))!.block.bytes.toString()).toBe('abcd');
  });
});

describe('rootCertificates and x509KeyPair', () => {
  let dir: string;
  let cert: string;
  let key: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ktl-pem-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '1', '-subj', '/CN=x'], { cwd: dir, stdio: 'pipe' });
    cert = readFileSync(path.join(dir, 'c.pem'), 'utf8');
    key = readFileSync(path.join(dir, 'k.pem'), 'utf8');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a bundle with one good certificate among bad blocks is trusted (AppendCertsFromPEM)', () => {
    const bad = '-----BEGIN CERTIFICATE-----\nYWJjZA==\n-----END CERTIFICATE-----\n';
    expect(rootCertificates(B(bad + key + cert + 'trailing junk\n'))).toHaveLength(1);
    expect(rootCertificates(B(''))).toBeUndefined();
  });

  test('client-go explains a bundle without a usable certificate', () => {
    expect(() => rootCertificates(B('junk'))).toThrow('unable to load root certificates: unable to parse bytes as PEM block');
    expect(() => rootCertificates(B(key))).toThrow('unable to load root certificates: no valid certificate authority data seen');
    expect(() => rootCertificates(B(`${key}junk`))).toThrow('unable to load root certificates: unable to parse bytes as PEM block');
  });

  test('crypto/tls texts for blocks of other types', () => {
    const other = '-----BEGIN FOO-----\nYWJj\n-----END FOO-----\n';
    expect(() => x509KeyPair(B(other + other), B(key))).toThrow(
      'tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [FOO FOO]',
    );
    expect(() => x509KeyPair(B(cert), B(other + cert))).toThrow(
      'tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [FOO CERTIFICATE]',
    );
    expect(() => x509KeyPair(B(cert), B('-----BEGIN RSA PRIVATE KEY-----\nYWJj\n-----END RSA PRIVATE KEY-----\n'))).toThrow(
      'tls: failed to parse private key',
    );
  });

  test('every key form crypto/tls reads is read, under any PEM label; the others get its texts', () => {
    const pairFor = (algorithm: string[], subject: string) => {
      const k = path.join(dir, `${subject}.key`);
      const c = path.join(dir, `${subject}.crt`);
      execFileSync('openssl', ['req', '-x509', ...algorithm, '-nodes', '-keyout', k, '-out', c, '-days', '1', '-subj', `/CN=${subject}`], { stdio: 'pipe' });
      return { cert: readFileSync(c), key: createPrivateKey(readFileSync(k)) };
    };
    const pem = (der: Buffer, label: string) => B(`-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`);
    const rsa = { cert: B(cert), key: createPrivateKey(key) };
    const ec = pairFor(['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'], 'ec');
    const ed = pairFor(['-newkey', 'ed25519'], 'ed');
    const forms: [string, { cert: Buffer; key: KeyObject }, 'pkcs1' | 'pkcs8' | 'sec1'][] = [
      ['RSA PKCS #1', rsa, 'pkcs1'],
      ['RSA PKCS #8', rsa, 'pkcs8'],
      ['EC SEC 1', ec, 'sec1'],
      ['EC PKCS #8', ec, 'pkcs8'],
      ['Ed25519 PKCS #8', ed, 'pkcs8'],
    ];
    for (const [name, pair, type] of forms) {
      const der = pair.key.export({ type, format: 'der' });
      // Go goes by the bytes, not by the label: each form is read under each label ending in PRIVATE KEY
      for (const label of ['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']) {
        const got = x509KeyPair(pair.cert, pem(der, label));
        expect([name, label, createPrivateKey(got.key).export({ type: 'pkcs8', format: 'der' }).equals(pair.key.export({ type: 'pkcs8', format: 'der' }))]).toEqual([name, label, true]);
      }
    }
    // the right form of the wrong key: the pair check; a key of the right type that Go cannot sign with: its texts
    expect(() => x509KeyPair(ec.cert, pem(rsa.key.export({ type: 'pkcs1', format: 'der' }), 'RSA PRIVATE KEY'))).toThrow('tls: private key type does not match public key type');
    const x25519 = generateKeyPairSync('x25519').privateKey.export({ type: 'pkcs8', format: 'der' });
    expect(() => x509KeyPair(ec.cert, pem(x25519, 'PRIVATE KEY'))).toThrow('tls: found unknown private key type in PKCS#8 wrapping');
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
    expect(() => x509KeyPair(ec.cert, pem(k1.export({ type: 'sec1', format: 'der' }), 'EC PRIVATE KEY'))).toThrow('tls: failed to parse private key');
    expect(() => x509KeyPair(ec.cert, pem(k1.export({ type: 'pkcs8', format: 'der' }), 'PRIVATE KEY'))).toThrow('tls: failed to parse private key');
    // bytes that are none of the forms, and cut-off DER
    expect(() => x509KeyPair(ec.cert, pem(Buffer.from([0x30, 0x03, 0x02, 0x01, 0x00]), 'PRIVATE KEY'))).toThrow('tls: failed to parse private key');
    expect(() => x509KeyPair(ec.cert, pem(Buffer.from([0x30, 0x84, 0xff]), 'PRIVATE KEY'))).toThrow('tls: failed to parse private key');
  });

  test('EC material as Go reads it: named curves it knows, uncompressed points in certificates', () => {
    const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const read = (f: string) => readFileSync(path.join(dir, f));
    ssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.pem');
    ssl('ec', '-in', 'ec.pem', '-conv_form', 'compressed', '-out', 'ec-compressed.pem');
    ssl('ec', '-in', 'ec.pem', '-param_enc', 'explicit', '-out', 'ec-explicit.pem');
    ssl('pkcs8', '-topk8', '-nocrypt', '-in', 'ec-explicit.pem', '-out', 'ec-explicit-pkcs8.pem');
    ssl('req', '-x509', '-key', 'ec.pem', '-out', 'ec.crt', '-days', '1', '-subj', '/CN=ec');
    ssl('req', '-x509', '-key', 'ec-compressed.pem', '-out', 'ec-compressed.crt', '-days', '1', '-subj', '/CN=ec');
    ssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:secp256k1', '-nodes', '-keyout', 'k1.pem', '-out', 'k1.crt', '-days', '1', '-subj', '/CN=k1');
    expect(x509KeyPair(read('ec.crt'), read('ec.pem')).key).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    // Go derives the public key from the private one: a compressed point stored beside it does not matter
    expect(x509KeyPair(read('ec.crt'), read('ec-compressed.pem')).cert).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(() => x509KeyPair(read('ec-compressed.crt'), read('ec.pem'))).toThrow('x509: failed to unmarshal elliptic curve point');
    expect(() => x509KeyPair(read('ec.crt'), read('ec-explicit.pem'))).toThrow('tls: failed to parse private key');
    expect(() => x509KeyPair(read('ec.crt'), read('ec-explicit-pkcs8.pem'))).toThrow('tls: failed to parse private key');
    expect(() => x509KeyPair(read('k1.crt'), read('k1.pem'))).toThrow('x509: unsupported elliptic curve');
    // a CA Go cannot parse is skipped, as AppendCertsFromPEM skips it, and explained when it is the only one
    expect(rootCertificates(Buffer.concat([read('ec-compressed.crt'), read('ec.crt')]))).toHaveLength(1);
    expect(() => rootCertificates(read('ec-compressed.crt'))).toThrow('unable to load root certificates: failed to parse certificate: x509: failed to unmarshal elliptic curve point');
  });

  test('a good pair comes back as PEM Node takes', () => {
    const pair = x509KeyPair(B(cert), B(key));
    expect(pair.cert).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    expect(pair.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  });
});
