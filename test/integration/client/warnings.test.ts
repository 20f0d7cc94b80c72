import { beforeEach, describe, expect, test } from '@jest/globals';
import path from 'node:path';
import { parseWarningHeaders, WarningPrinter } from '../../../src/client/warnings.js';
import { runKtl } from '../../helpers/fake-io.js';
import { standardResources, useFakeServer } from '../fake-server.js';

describe('parseWarningHeaders', () => {
  test('code, agent, quoted text with escapes, optional date, comma-separated lists', () => {
    expect(
      parseWarningHeaders([
        '299 - "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice"',
        '299 - "a \\"quoted\\" word, and a comma", 199 agent "other" "Wed, 21 Oct 2015 07:28:00 GMT"',
      ]),
    ).toEqual([
      { code: 299, agent: '-', text: 'v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice' },
      { code: 299, agent: '-', text: 'a "quoted" word, and a comma' },
      { code: 199, agent: 'agent', text: 'other' },
    ]);
  });
  test('what does not parse is dropped from there on', () => {
    expect(parseWarningHeaders(['299 - unquoted', 'abc', '299 - "ok", nonsense'])).toEqual([{ code: 299, agent: '-', text: 'ok' }]);
  });
});

describe('WarningPrinter', () => {
  test('prints 299 warnings once each; colour only when asked', () => {
    let text = '';
    const p = new WarningPrinter({ write: (t: string) => (text += t) }, false);
    p.handle(['299 - "one"', '199 - "not a 299"']);
    p.handle(['299 - "one", 299 - "two"']);
    expect(text).toBe('Warning: one\nWarning: two\n');
    expect(p.count).toBe(2);
    let colored = '';
    new WarningPrinter({ write: (t: string) => (colored += t) }, true).handle(['299 - "x"']);
    expect(colored).toBe('\u001b[33;1mWarning:\u001b[0m x\n');
  });
});

describe('server warnings through a command', () => {
  const env = useFakeServer('ktl-warn-');
  const ktl = (...args: string[]) => runKtl(['--server', env.server.url, '--cache-dir', path.join(env.dir, 'cache'), ...args]);
  beforeEach(() => {
    env.server.discovery(standardResources());
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default' } };
    env.server.json('GET', '/api/v1/namespaces/default/configmaps/a', cm, 200, { Warning: '299 - "this API is going away"' });
  });

  test('printed on stderr as "Warning: ...", the command succeeds', async () => {
    const r = await ktl('get', 'configmap', 'a', '-o', 'name');
    expect(r).toEqual({ code: 0, stdout: 'configmap/a\n', stderr: 'Warning: this API is going away\n' });
  });

  test('--warnings-as-errors: the output is kept, then "error: 1 warning received" and exit 1', async () => {
    const r = await ktl('get', 'configmap', 'a', '-o', 'name', '--warnings-as-errors');
    expect(r).toEqual({ code: 1, stdout: 'configmap/a\n', stderr: 'Warning: this API is going away\nerror: 1 warning received\n' });
  });
});
