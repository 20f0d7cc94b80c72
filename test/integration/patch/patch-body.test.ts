/**
 * The bodies `ktl patch -p` sends, byte for byte as kubectl 1.33 sent them
 * (recorded at the wire against a recording server with kubectl.1.33 patch
 * --type=merge -p ...): YAML read with go-yaml v2's rules (dates stay the
 * strings written, yes/no/on/off/y/n are booleans, a leading 0 is octal,
 * big integers exact), JSON sent as written; and kubectl's parse errors.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { FakeApiServer } from '../fake-server.js';
import { runKtl } from '../../helpers/fake-io.js';

const CM = '/api/v1/namespaces/default/configmaps/a';
const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', resourceVersion: '5' } };

/** [-p as typed, the body kubectl 1.33 sent] */
const KUBECTL_BODIES: Array<[string, string]> = [
  ["d: 2024-01-01", "{\"d\":\"2024-01-01\"}"],
  ["d: 2024-01-01T10:00:00Z", "{\"d\":\"2024-01-01T10:00:00Z\"}"],
  ["d: 2024-01-01 10:00:00", "{\"d\":\"2024-01-01 10:00:00\"}"],
  ["a: yes", "{\"a\":true}"],
  ["a: no", "{\"a\":false}"],
  ["a: on", "{\"a\":true}"],
  ["a: off", "{\"a\":false}"],
  ["a: y", "{\"a\":true}"],
  ["a: n", "{\"a\":false}"],
  ["a: True", "{\"a\":true}"],
  ["a: NO", "{\"a\":false}"],
  ["o: 0755", "{\"o\":493}"],
  ["o: 0o755", "{\"o\":493}"],
  ["o: 0x1F", "{\"o\":31}"],
  ["o: 012", "{\"o\":10}"],
  ["o: 08", "{\"o\":8}"],
  ["big: 12345678901234567890", "{\"big\":12345678901234567890}"],
  ["big: 9007199254740993", "{\"big\":9007199254740993}"],
  ["f: 1e3", "{\"f\":1000}"],
  ["f: 1.0", "{\"f\":1}"],
  ["n: ~", "{\"false\":null}"],
  ["s: 1_000", "{\"s\":1000}"],
  ["b: !!binary aGVsbG8=", "{\"b\":\"hello\"}"],
  ["x: 0b101", "{\"x\":5}"],
  ["x: -0", "{\"x\":0}"],
  ["x: +12", "{\"x\":12}"],
  ["x: 1:20", "{\"x\":\"1:20\"}"],
  ["m: {a: 1, b: [1, 'x']}", "{\"m\":{\"a\":1,\"b\":[1,\"x\"]}}"],
  ["x: -.5", "{\"x\":-0.5}"],
  ["{\"a\": 1.50, \"b\": 10000000000000000000000}", "{\"a\": 1.50, \"b\": 10000000000000000000000}"],
  ["x: 1.5e+400", "{\"x\":\"1.5e+400\"}"],
  ["y: [on, off]", "{\"true\":[true,false]}"],
  ["x: 2024-13-45", "{\"x\":\"2024-13-45\"}"],
  ["x: !!str 12", "{\"x\":\"12\"}"],
  ["x: 0.1e1", "{\"x\":1}"],
  ["x: -0x10", "{\"x\":-16}"],
  ["x: 1e", "{\"x\":\"1e\"}"],
  ["x: 10000000000000000000000", "{\"x\":1e+22}"],
  ["k: [yes, No, ON, off]", "{\"k\":[true,false,true,false]}"],
  ["x: 0x_1F", "{\"x\":31}"],
  ["x: 1__0", "{\"x\":10}"],
  ["x: 0.", "{\"x\":0}"],
  ["x: 1e3e", "{\"x\":\"1e3e\"}"],
  ["x: 18446744073709551616", "{\"x\":18446744073709552000}"],
  ["x: -9223372036854775809", "{\"x\":-9223372036854776000}"],
  ["x: 2024-01-01T10:00:00.5+02:00", "{\"x\":\"2024-01-01T10:00:00.5+02:00\"}"],
];

/** [-p as typed, kubectl 1.33's stderr] (nothing is sent) */
const KUBECTL_ERRORS: Array<[string, string]> = [
  ["f: .inf", "error: unable to parse \"f: .inf\": json: unsupported value: +Inf"],
  ["f: .nan", "error: unable to parse \"f: .nan\": json: unsupported value: NaN"],
  ["a: [1", "error: unable to parse \"a: [1\": yaml: line 1: did not find expected ',' or ']'"],
  ["a: \"x", "error: unable to parse \"a: \\\"x\": yaml: found unexpected end of stream"],
  ["x: .INF", "error: unable to parse \"x: .INF\": json: unsupported value: +Inf"],
  ["a: b: c", "error: unable to parse \"a: b: c\": yaml: mapping values are not allowed in this context"],
  ["\ta: 1", "error: unable to parse \"\\ta: 1\": yaml: found character that cannot start any token"],
  ["a: \"\\q\"", "error: unable to parse \"a: \\\"\\\\q\\\"\": yaml: found unknown escape character"],
  ["@a: 1", "error: unable to parse \"@a: 1\": yaml: found character that cannot start any token"],
  ["a: `x", "error: unable to parse \"a: `x\": yaml: found character that cannot start any token"],
  ["%a: 1", "error: unable to parse \"%a: 1\": yaml: found unexpected non-alphabetical character"],
  ["x: 1\na: b: c", "error: unable to parse \"x: 1\\na: b: c\": yaml: line 2: mapping values are not allowed in this context"],
  ["x: 1\n@a: 1", "error: unable to parse \"x: 1\\n@a: 1\": yaml: line 2: found character that cannot start any token"],
  ["a: 1\n%b: 2", "error: unable to parse \"a: 1\\n%b: 2\": yaml: line 2: found unexpected non-alphabetical character"],
  ["- a\nb: 1", "error: unable to parse \"- a\\nb: 1\": yaml: line 1: did not find expected '-' indicator"],
  ["# c\n- a\nb: 1", "error: unable to parse \"# c\\n- a\\nb: 1\": yaml: line 2: did not find expected '-' indicator"],
  ["a:\n\tb: 1", "error: unable to parse \"a:\\n\\tb: 1\": yaml: line 2: found character that cannot start any token"],
  ["x: 1\n\ty: 2", "error: unable to parse \"x: 1\\n\\ty: 2\": yaml: line 2: found a tab character that violates indentation"],
  ["- x\n\ty", "error: unable to parse \"- x\\n\\ty\": yaml: line 2: found a tab character that violates indentation"],
  ["x: [1]\n\ty: 2", "error: unable to parse \"x: [1]\\n\\ty: 2\": yaml: line 2: found character that cannot start any token"],
];

let server: FakeApiServer;
let dir: string;
beforeAll(async () => {
  server = await FakeApiServer.start();
  dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-patch-body-'));
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => server.reset());

const patch = (p: string) =>
  runKtl(['--server', server.url, '--cache-dir', path.join(dir, 'cache'), '-n', 'default', 'patch', 'cm', 'a', '--type=merge', '-p', p]);

describe('patch bodies as kubectl sends them', () => {
  test.each(KUBECTL_BODIES)('-p %j', async (p, body) => {
    server.discovery();
    server.json('GET', CM, cm);
    server.json('PATCH', CM, cm);
    const r = await patch(p);
    expect(r).toEqual({ code: 0, stdout: 'configmap/a patched (no change)\n', stderr: '' });
    expect(server.requestsTo(CM, 'PATCH').map((q) => q.body)).toEqual([body]);
  });

  test.each(KUBECTL_ERRORS)('-p %j fails as kubectl', async (p, stderr) => {
    server.discovery();
    server.json('GET', CM, cm);
    const r = await patch(p);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `${stderr}\n` });
    expect(server.requestsTo(CM, 'PATCH')).toEqual([]);
  });
});
