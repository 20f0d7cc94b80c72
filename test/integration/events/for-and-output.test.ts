/**
 * `ktl events` as kubectl 1.33's events command: --for TYPE/ with no name
 * filters nothing, an empty TYPE is the RESTMapper's refusal, an unknown
 * TYPE.GROUP names its group; -o output goes through the same tabwriter as
 * the table, and the printer's error is dropped (exit 0).
 */
import { beforeEach, describe, expect, test } from '@jest/globals';
import { runKtl } from '../../helpers/fake-io.js';
import { useFakeServer } from '../fake-server.js';

const fake = useFakeServer('ktl-events-for-');
const EVENTS = '/api/v1/namespaces/default/events';
const ktl = (...args: string[]) =>
  runKtl(['--server', fake.server.url, '-n', 'default', 'events', ...args], {
    env: { KUBECACHEDIR: fake.dir },
    now: () => new Date('2026-12-06T03:50:04Z'),
  });

const event = (name: string, reason: string) => ({
  metadata: { name, namespace: 'default', creationTimestamp: '2026-12-06T03:49:04Z' },
  involvedObject: { kind: 'Pod', name, apiVersion: 'v1' },
  reason,
  message: `about ${name}`,
  type: 'Normal',
  lastTimestamp: '2026-12-06T03:49:04Z',
});

beforeEach(() => {
  fake.server.discovery();
  fake.server.json('GET', EVENTS, {
    kind: 'EventList',
    apiVersion: 'v1',
    metadata: { resourceVersion: '1' },
    items: [event('a', 'Scheduled'), event('bb', 'Pulled')],
  });
});

describe('events --for', () => {
  test('TYPE/ with no name: every event, no field selector sent', async () => {
    const r = await ktl('--for', 'pod/', '--no-headers');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect(fake.server.requestsTo(EVENTS)[0]!.query.get('fieldSelector')).toBeNull();
  });

  test("an empty TYPE: the RESTMapper's text; an unknown TYPE.GROUP names the group", async () => {
    expect(await ktl('--for', '/x')).toEqual({ code: 1, stdout: '', stderr: 'error: a resource must be present, got: /, Resource=\n' });
    expect(await ktl('--for', 'pod.bad/x')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'the server doesn\'t have a resource type "pod" in group "bad"\n',
    });
    expect(await ktl('--for', 'deployments.v9.apps/x')).toEqual({
      code: 1,
      stdout: '',
      stderr: 'the server doesn\'t have a resource type "deployments" in group "v9.apps"\n',
    });
    expect(fake.server.requestsTo(EVENTS)).toEqual([]);
  });
});

describe('events -o', () => {
  test('a template\'s tabs are aligned by the tabwriter, as in the table', async () => {
    const r = await ktl('-o', 'jsonpath={range .items[*]}{.involvedObject.name}{"\\t"}{.reason}{"\\n"}{end}');
    expect(r).toEqual({ code: 0, stdout: 'a     Scheduled\nbb    Pulled\n', stderr: '' });
  });

  test("the printer's error is dropped: jsonpath prints nothing, exit 0", async () => {
    expect(await ktl('--allow-missing-template-keys=false', '-o', 'jsonpath={.nope}')).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
