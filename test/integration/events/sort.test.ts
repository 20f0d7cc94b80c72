/**
 * `ktl events` sorts as kubectl's SortableEvents: by the series' last
 * observation, else lastTimestamp, else eventTime, which is a MicroTime:
 * two events in the same millisecond still sort by their microseconds.
 */
import { describe, expect, test } from '@jest/globals';
import { runKtl } from '../../helpers/fake-io.js';
import { useFakeServer } from '../fake-server.js';

const fake = useFakeServer('ktl-events-sort-');

const event = (name: string, eventTime: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, namespace: 'default', creationTimestamp: '2026-12-06T03:49:04Z' },
  involvedObject: { kind: 'Pod', name },
  reason: 'Scheduled',
  message: `assigned ${name}`,
  type: 'Normal',
  eventTime,
  ...extra,
});

describe('events sort by their time to the microsecond', () => {
  test('eventTime .912602 after .912333, whatever the list order; lastTimestamp wins over eventTime', async () => {
    fake.server.json('GET', '/api/v1/namespaces/default/events', {
      kind: 'EventList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '1' },
      items: [
        event('b-later', '2026-12-06T03:49:04.912602Z'),
        event('a-earlier', '2026-12-06T03:49:04.912333Z'),
        // no eventTime: lastTimestamp (seconds) is its time, before both
        event('c-first', '', { eventTime: null, lastTimestamp: '2026-12-06T03:49:03Z' }),
      ],
    });
    const r = await runKtl(['--server', fake.server.url, '-n', 'default', 'events'], {
      env: { KUBECACHEDIR: fake.dir },
      now: () => new Date('2026-12-06T03:50:04Z'),
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('LAST SEEN   TYPE     REASON      OBJECT          MESSAGE');
    expect(r.stdout.split('\n').slice(1, 4).map((l) => /Pod\/(\S+)/.exec(l)?.[1])).toEqual(['c-first', 'a-earlier', 'b-later']);
  });
});
