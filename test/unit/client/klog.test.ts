import { describe, expect, test } from '@jest/globals';
import { Writable } from 'node:stream';
import { bodyForLog, goDuration, headerLines, Klog, klogPrefix, maskHeaderValue } from '../../../src/client/klog.js';
import { encodeQuery } from '../../../src/client/transport.js';
import { cacheHostDir } from '../../../src/client/discovery.js';
import { bypassed, proxyFor } from '../../../src/client/proxy.js';

describe('klog lines', () => {
  const when = new Date(2026, 10, 28, 13, 25, 19, 385);

  test('prefix has severity, date, microseconds, right-aligned pid and source', () => {
    expect(klogPrefix('I', when, 12345, 'round_trippers.go:632')).toBe('I1128 13:25:19.385000   12345 round_trippers.go:632] ');
    expect(klogPrefix('E', when, 7, 'memcache.go:265')).toBe('E1128 13:25:19.385000       7 memcache.go:265] ');
  });

  test('structured values: quoted strings, bare numbers, indented blocks', () => {
    const chunks: string[] = [];
    const out = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) });
    const log = new Klog({ verbosity: 8, out, now: () => when, pid: 42 });
    log.info(6, 'round_trippers.go:632', 'Response', [
      ['verb', 'GET'],
      ['url', 'https://h/api?timeout=32s'],
      ['status', '200 OK'],
      ['milliseconds', 4],
    ]);
    log.info(7, 'round_trippers.go:527', 'Request', [['headers', { block: ['Accept: a', 'Authorization: Bearer <masked>'] }]]);
    log.info(9, 'x.go:1', 'hidden at -v=8');
    expect(chunks.join('')).toBe(
      'I1128 13:25:19.385000      42 round_trippers.go:632] "Response" verb="GET" url="https://h/api?timeout=32s" status="200 OK" milliseconds=4\n' +
        'I1128 13:25:19.385000      42 round_trippers.go:527] "Request" headers=<\n\tAccept: a\n\tAuthorization: Bearer <masked>\n >\n',
    );
  });

  test('Authorization is always masked, other headers are not', () => {
    expect(maskHeaderValue('Authorization', 'Bearer abc.def')).toBe('Bearer <masked>');
    expect(maskHeaderValue('authorization', 'Basic dTpw')).toBe('Basic <masked>');
    expect(maskHeaderValue('Authorization', 'weird')).toBe('<masked>');
    expect(maskHeaderValue('Proxy-Authorization', 'Basic eA==')).toBe('Basic <masked>');
    expect(maskHeaderValue('Impersonate-User', 'jane')).toBe('jane');
    expect(headerLines({ 'user-agent': 'ktl', authorization: 'Bearer secret', accept: 'x', 'impersonate-group': ['a', 'b'] })).toEqual([
      'Accept: x',
      'Authorization: Bearer <masked>',
      'Impersonate-Group: a',
      'Impersonate-Group: b',
      'User-Agent: ktl',
    ]);
  });

  test('bodies are cut near 1 KiB at -v=8 and whole at -v=9', () => {
    const body = 'x'.repeat(3000);
    expect(bodyForLog(body, 8)).toBe(`${'x'.repeat(1024)} [truncated 1976 chars]`);
    expect(bodyForLog(body, 9)).toBe(body);
    expect(bodyForLog('short', 8)).toBe('short');
  });
});

describe('wire helpers', () => {
  test('Go durations as in ?timeout=', () => {
    expect(goDuration(32_000)).toBe('32s');
    expect(goDuration(60_000)).toBe('1m0s');
    expect(goDuration(3_723_000)).toBe('1h2m3s');
    expect(goDuration(500)).toBe('500ms');
    expect(goDuration(1_500)).toBe('1.5s');
  });

  test('query strings are sorted by key and escaped like Go', () => {
    expect(encodeQuery({ timeout: '5s', limit: 500, labelSelector: 'a=b,c in (x y)' })).toBe(
      'labelSelector=a%3Db%2Cc+in+%28x+y%29&limit=500&timeout=5s',
    );
  });

  test('cache folder is named like kubectl\'s', () => {
    expect(cacheHostDir('https://127.0.0.1:16443')).toBe('127.0.0.1_16443');
    expect(cacheHostDir('https://abc.gr7.us-east-1.eks.amazonaws.com')).toBe('abc.gr7.us_east_1.eks.amazonaws.com');
    expect(cacheHostDir('https://rancher.example/k8s/clusters/c-1')).toBe('rancher.example/k8s/clusters/c_1');
  });

  test('proxy from environment honours NO_PROXY and never proxies loopback', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'internal.example,10.0.0.0/8,.corp' };
    expect(proxyFor(new URL('https://api.example.com'), undefined, env)?.host).toBe('proxy:3128');
    expect(proxyFor(new URL('https://k.internal.example'), undefined, env)).toBeUndefined();
    expect(proxyFor(new URL('https://10.1.2.3:6443'), undefined, env)).toBeUndefined();
    expect(proxyFor(new URL('https://a.corp'), undefined, env)).toBeUndefined();
    expect(proxyFor(new URL('https://127.0.0.1:6443'), undefined, env)).toBeUndefined();
    expect(proxyFor(new URL('http://api.example.com'), undefined, env)).toBeUndefined();
    expect(proxyFor(new URL('https://127.0.0.1:6443'), 'http://explicit:8080', env)?.host).toBe('explicit:8080');
    expect(bypassed('host', '443', '*')).toBe(true);
    expect(bypassed('host', '443', 'host:6443')).toBe(false);
  });
});
