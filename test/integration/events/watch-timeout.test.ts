/**
 * --request-timeout on a watch (events --watch, get --watch): as client-go's
 * http.Client.Timeout, it cuts the watch stream; kubectl then ends as when
 * the server ends the watch (exit 0, what arrived printed) and its stream
 * watcher logs the cut at -v=5 (checked against kubectl.1.33).
 */
import { describe, expect, test } from '@jest/globals';
import type http from 'node:http';
import { runKtl } from '../../helpers/fake-io.js';
import { useFakeServer, type RecordedRequest } from '../fake-server.js';

const fake = useFakeServer('ktl-watch-timeout-');

const KLOG =
  /^I\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ streamwatcher\.go:123\] "Unable to decode an event from the watch stream" err="net\/http: request canceled \(Client\.Timeout or context cancellation while reading body\)"$/;

/** One event, then the stream stays open. */
const hanging = (event: unknown) => (_req: RecordedRequest, res: http.ServerResponse) => {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
  res.write(JSON.stringify(event) + '\n');
};

const ev = {
  metadata: { name: 'pi.1', namespace: 'default', creationTimestamp: '2026-12-06T03:49:04Z' },
  involvedObject: { kind: 'CronJob', name: 'pi' },
  reason: 'InvalidSchedule',
  message: 'invalid schedule',
  type: 'Warning',
  lastTimestamp: '2026-12-06T03:49:04Z',
};

const run = (args: string[]) =>
  runKtl(['--server', fake.server.url, '-n', 'default', ...args], { env: { KUBECACHEDIR: fake.dir }, now: () => new Date('2026-12-06T03:50:04Z') });

describe('--request-timeout ends a watch as kubectl ends it', () => {
  test('events --watch --request-timeout: the events that came, exit 0; at --v=5 the stream watcher\'s line', async () => {
    fake.server.on('GET', '/api/v1/namespaces/default/events', hanging({ type: 'ADDED', object: ev }));
    const started = Date.now();
    const r = await run(['events', '--watch', '--request-timeout=300ms']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^LAST SEEN +TYPE +REASON +OBJECT +MESSAGE\n\S+ +Warning +InvalidSchedule +CronJob\/pi +invalid schedule\n$/);
    const v5 = await run(['events', '--watch', '--request-timeout=300ms', '--v=5']);
    expect(v5.code).toBe(0);
    expect(v5.stderr.split('\n').filter((l) => l.includes('streamwatcher'))).toHaveLength(1);
    expect(v5.stderr.split('\n').find((l) => l.includes('streamwatcher'))).toMatch(KLOG);
  });

  test('get --watch --request-timeout --v=5: the list, then the line, exit 0 (not at --v=4)', async () => {
    fake.server.discovery();
    fake.server.on('GET', '/api/v1/namespaces/default/configmaps', (req, res) => {
      if (req.query.get('watch') !== 'true') {
        return { body: { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: '5' }, items: [{ metadata: { name: 'c', namespace: 'default', resourceVersion: '5' } }] } };
      }
      return void hanging({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '6' } } })(req, res);
    });
    const r = await run(['get', 'configmaps', '--watch', '--request-timeout=300ms', '--v=5', '-o', 'name']);
    expect({ code: r.code, err: r.code ? r.stderr : '' }).toEqual({ code: 0, err: '' });
    expect(r.stdout).toBe('configmap/c\n');
    expect(r.stderr.split('\n').filter((l) => l.includes('streamwatcher'))).toHaveLength(1);
    expect(r.stderr.split('\n').find((l) => l.includes('streamwatcher'))).toMatch(KLOG);
    const v4 = await run(['get', 'configmaps', '--watch', '--request-timeout=300ms', '--v=4', '-o', 'name']);
    expect(v4).toMatchObject({ code: 0, stdout: 'configmap/c\n' });
    expect(v4.stderr).not.toContain('streamwatcher');
  });
});
