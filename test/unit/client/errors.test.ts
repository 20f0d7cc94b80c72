import { describe, expect, test } from '@jest/globals';
import { apiErrorFrom } from '../../../src/client/transport.js';
import { toConnectionError } from '../../../src/client/net-errors.js';
import { ApiError, ConnectionError, ErrorList, RequestTimeoutError, UnknownResourceError } from '../../../src/errors.js';
import { formatError } from '../../../src/errors-format.js';

const fmt = (err: unknown) => formatError(err, { binName: 'ktl', verbosity: 0 });
const nodeErr = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...extra });
const target = { host: '127.0.0.1', port: 1 };

describe('error texts (KUBECTL-REFERENCE §6.1)', () => {
  test('unknown type', () => {
    expect(fmt(new UnknownResourceError('foo'))).toEqual({ text: 'error: the server doesn\'t have a resource type "foo"', code: 1 });
  });

  test('NotFound and Forbidden Status bodies', () => {
    const nf = apiErrorFrom(404, Buffer.from(JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'NotFound', message: 'pods "nope" not found', code: 404 })), 'GET', '');
    expect(fmt(nf).text).toBe('Error from server (NotFound): pods "nope" not found');
    const msg = 'secrets is forbidden: User "system:serviceaccount:default:ci" cannot list resource "secrets" in API group "" in the namespace "default"';
    const fb = apiErrorFrom(403, Buffer.from(JSON.stringify({ kind: 'Status', reason: 'Forbidden', message: msg, code: 403 })), 'GET', '');
    expect(fmt(fb).text).toBe(`Error from server (Forbidden): ${msg}`);
  });

  test('401 with and without a Status body', () => {
    const withStatus = apiErrorFrom(401, Buffer.from(JSON.stringify({ kind: 'Status', reason: 'Unauthorized', message: 'Unauthorized', code: 401 })), 'GET', '');
    expect(fmt(withStatus).text).toBe('error: You must be logged in to the server (Unauthorized)');
    const bare = apiErrorFrom(401, Buffer.from('Unauthorized'), 'GET', '');
    expect(fmt(bare).text).toBe('error: You must be logged in to the server (the server has asked for the client to provide credentials)');
  });

  test('Invalid with one and several causes', () => {
    const one = new ApiError(422, {
      kind: 'Status',
      reason: 'Invalid',
      message: 'Pod "invalid" is invalid',
      details: { name: 'invalid', kind: 'Pod', causes: [{ field: 'spec.containers[0].image', message: 'Required value' }] },
    });
    expect(fmt(one).text).toBe('The Pod "invalid" is invalid: spec.containers[0].image: Required value');
    const two = new ApiError(422, {
      reason: 'Invalid',
      details: { name: 'x', kind: 'ConfigMap', causes: [{ field: 'a', message: 'bad' }, { field: 'b', message: 'worse' }] },
    });
    expect(fmt(two).text).toBe('The ConfigMap "x" is invalid: \n* a: bad\n* b: worse');
  });

  test('Invalid naming no object (seen from kubectl 1.33 on a JSON patch removing a missing path)', () => {
    const e = new ApiError(422, {
      kind: 'Status',
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    });
    expect(fmt(e).text).toBe('The request is invalid: the server rejected our request due to an error in our request');
  });

  test('Invalid as kubectl\'s checkErr words it: kind/name, message only without causes, "FIELD: MESSAGE" deduplicated', () => {
    const st = (details: unknown, message = 'm') => fmt(new ApiError(422, { kind: 'Status', reason: 'Invalid', message, details } as never)).text;
    // no details: the message
    expect(st(undefined)).toBe('The request is invalid: m');
    expect(st(undefined, '')).toBe('The request is invalid');
    // kind or name: never the message
    expect(st({ kind: 'ConfigMap', name: 'x' })).toBe('The ConfigMap "x" is invalid');
    expect(st({ name: 'x' })).toBe('The  "x" is invalid');
    expect(st({ kind: 'deployments' })).toBe('The deployments "" is invalid');
    // causes without kind/name: not the message (it repeats them); an empty field keeps its colon
    expect(st({ causes: [{ field: 'patch', message: 'Invalid value: "x"' }] }, ' "" is invalid: patch: Invalid value: "x"')).toBe(
      'The request is invalid: patch: Invalid value: "x"',
    );
    expect(st({ kind: 'Pod', name: 'p', causes: [{ message: 'bad' }, { message: 'bad' }] })).toBe('The Pod "p" is invalid: : bad');
    expect(st({ causes: [{ field: 'a', message: 'x' }, { field: 'b', message: 'y' }, { field: 'a', message: 'x' }] })).toBe(
      'The request is invalid: \n* a: x\n* b: y',
    );
  });

  test('non-Status error bodies get client-go\'s generic texts', () => {
    expect(fmt(apiErrorFrom(404, Buffer.from('404 page not found'), 'GET', '')).text).toBe(
      'Error from server (NotFound): the server could not find the requested resource',
    );
    expect(fmt(apiErrorFrom(500, Buffer.from('boom'), 'GET', '')).text).toBe(
      'Error from server (InternalError): an error on the server ("boom") has prevented the request from succeeding',
    );
    expect(fmt(apiErrorFrom(503, Buffer.from(''), 'GET', '')).text).toBe(
      'Error from server (ServiceUnavailable): the server is currently unable to handle the request',
    );
  });

  test('connection refused names host:port only', () => {
    const e = toConnectionError(nodeErr('ECONNREFUSED'), target);
    expect(e).toBeInstanceOf(ConnectionError);
    expect(fmt(e).text).toBe('The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?');
  });

  test('DNS, TLS and timeouts are "Unable to connect to the server"', () => {
    const dns = fmt(toConnectionError(nodeErr('ENOTFOUND'), { host: 'nonexistent.invalid', port: 6443 })).text;
    expect(dns).toMatch(/^Unable to connect to the server: dial tcp: lookup nonexistent\.invalid( on [^:]+:53)?: no such host$/);
    for (const code of ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT']) {
      expect(fmt(toConnectionError(nodeErr(code), target)).text).toBe(
        'Unable to connect to the server: tls: failed to verify certificate: x509: certificate signed by unknown authority',
      );
    }
    const noIpSan = toConnectionError(nodeErr('ERR_TLS_CERT_ALTNAME_INVALID', { cert: { subjectaltname: 'DNS:kubernetes' } }), {
      host: '10.255.255.1',
      port: 443,
    });
    expect(fmt(noIpSan).text).toBe(
      "Unable to connect to the server: tls: failed to verify certificate: x509: cannot validate certificate for 10.255.255.1 because it doesn't contain any IP SANs",
    );
    const wrongName = toConnectionError(nodeErr('ERR_TLS_CERT_ALTNAME_INVALID', { cert: { subjectaltname: 'DNS:localhost, IP Address:127.0.0.1' } }), {
      host: 'api.example.com',
      port: 443,
    });
    expect(fmt(wrongName).text).toBe('Unable to connect to the server: tls: failed to verify certificate: x509: certificate is valid for localhost, not api.example.com');
    expect(fmt(new RequestTimeoutError('net/http: request canceled (Client.Timeout exceeded while awaiting headers)', 'h:1')).text).toBe(
      'Unable to connect to the server: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
    );
  });
});

describe('a refused connection among several failures (auth reconcile -f with two objects, dead server)', () => {
  test('each line names the server as kubectl\'s StandardErrorMessage does', () => {
    const refused = () => new ConnectionError('dial tcp 127.0.0.1:1: connect: connection refused', 'refused', '127.0.0.1:1');
    const line = 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?\n';
    for (const style of ['server', 'standard', 'api'] as const) {
      expect(formatError(new ErrorList([refused(), refused()], style), { binName: 'ktl', verbosity: 0 })).toEqual({ text: line + line, code: 1 });
    }
  });
});
