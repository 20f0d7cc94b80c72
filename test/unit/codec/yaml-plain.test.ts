/**
 * The quick kubeconfig reader (src/codec/yaml-plain.ts) must give the full
 * reader's answer (loadFirstYaml: go-yaml v2's rules) whenever it gives one,
 * and must give one for the kubeconfigs tools write, or small commands load
 * js-yaml again. Checked on every kubeconfig kubectl 1.33 wrote in the
 * config goldens, the hand-made fixtures (YAML 1.1 words, quoting, two
 * documents, tabs, bad types), and several thousand documents generated
 * from pieces chosen to sit on both sides of each rule.
 */
import { describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFirstYaml } from '../../../src/codec/yaml.js';
import { readPlainYaml } from '../../../src/codec/yaml-plain.js';

const golden = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../golden/config');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

/** What the full reader makes of the text, or 'error'. */
function full(text: string): unknown {
  try {
    return loadFirstYaml(text);
  } catch {
    return 'error';
  }
}

/** For a text the quick reader answers: its answer next to the full reader's (they must be equal). */
function agreement(text: string): { quick: unknown; full: unknown } | 'not answered' {
  const quick = readPlainYaml(text);
  return quick === undefined ? 'not answered' : { quick, full: full(text) };
}

describe('readPlainYaml: the quick kubeconfig reader', () => {
  const files = yamlFiles(golden);

  test('the corpus is there (kubeconfigs kubectl wrote and the fixtures)', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  test('on every kubeconfig of the config goldens it answers as the full reader or not at all', () => {
    for (const f of files) {
      const a = agreement(readFileSync(f, 'utf8'));
      if (a !== 'not answered') expect([f, a.quick]).toEqual([f, a.full]);
    }
  });

  test('it answers for the kubeconfigs kubectl writes (every file kubectl wrote in the goldens)', () => {
    const written = files.filter((f) => f.includes(`${path.sep}files${path.sep}`));
    expect(written.length).toBeGreaterThan(30);
    const unanswered = written.filter((f) => readPlainYaml(readFileSync(f, 'utf8')) === undefined);
    expect(unanswered).toEqual([]);
  });

  test('it answers for a kubeconfig as the local cluster, kind and the cloud CLIs write one', () => {
    const text = [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: ktl-dev',
      '  cluster:',
      '    server: https://127.0.0.1:6443',
      '    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUM=',
      'contexts:',
      '- context:',
      '    cluster: kind-kind',
      '    user: kind-kind',
      '  name: kind-kind',
      'current-context: kind-kind',
      'preferences: {}',
      'users:',
      '- name: kind-kind',
      '  user:',
      '    client-key-data: LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQo=',
      '- name: gke_proj_zone_c',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      '      command: gke-gcloud-auth-plugin',
      '      args:',
      '      - --project',
      '      - my-project',
      '      env: null',
      '      installHint: Install gke-gcloud-auth-plugin for use with kubectl',
      '      interactiveMode: IfAvailable',
      '      provideClusterInfo: true',
      '',
    ].join('\n');
    // the one line with blanks in a value (installHint) is left to the full reader
    expect(readPlainYaml(text)).toBeUndefined();
    const without = text.replace(/ *installHint:.*\n/, '');
    const a = agreement(without);
    expect(a).not.toBe('not answered');
    if (a !== 'not answered') expect(a.quick).toEqual(a.full);
  });

  test('names of Object.prototype are strings to both readers', () => {
    for (const word of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__proto__']) {
      const text = `a: ${word}\n`;
      expect(loadFirstYaml(text)).toEqual({ a: word });
      // a comment sends it to the full reader: the same answer either way
      expect(loadFirstYaml(`${text}# x\n`)).toEqual({ a: word });
      expect(readPlainYaml(text)).toEqual({ a: word });
    }
  });

  test('what it leaves to the full reader', () => {
    for (const text of [
      'a: 1\n', // numbers
      'a: yes\n', // YAML 1.1 booleans
      'a: True\n',
      'a: ~\n',
      'a: .inf\n',
      'a: -1\n',
      'a: 0755\n',
      'yes: a\n', // keys that are words
      'on: a\n',
      'a: &x b\nc: *x\n', // anchors and aliases
      'a: !!str b\n', // tags
      'a: |\n  b\n', // block scalars
      'a: {b: c}\n', // flow collections
      'a: [b]\n',
      'a: "b\\n"\n', // escapes
      "a: 'it''s'\n",
      'a: b # c\n', // comments after a value
      'a: b c\n', // blanks inside a value
      'a: b\na: c\n', // duplicate keys
      'a:\tb\n', // tabs
      'a: b\r\n', // carriage returns
      'a: b \n', // trailing blanks
      '---\na: b\n', // document markers
      'a: b\n---\nc: d\n',
      '%YAML 1.1\n---\na: b\n',
      'a: b\n  c: d\n', // a value continued on the next line
      '- - a\n', // nested compact sequences
      '-   a: b\n    c: d\n', // an item's mapping indented more than two
      'a: é\n', // non-ASCII
      '__proto__: a\n',
      'a\n', // a scalar document
      '',
      '# only a comment\n',
    ]) {
      expect([text, readPlainYaml(text)]).toEqual([text, undefined]);
    }
  });

  test('generated documents: every answer it gives is the full reader\'s', () => {
    const keys = ['name', 'server', 'a', 'b_c', 'x.y/z', 'yes', 'on', 'Null', '1a', 'k-8', '__proto__'];
    const scalars = [
      'https://127.0.0.1:6443', '10.0.0.1', '1.2', '1.2.3e4', '1_000.0.1', 'LS0tLS1=', 'Zm9v', 'ab==', '/root/.kube/ca.crt', 'kind-kind', 'user@cluster', 'a:b', 'a,b', '~x', 'x~',
      'true', 'false', 'True', 'yes', 'no', 'off', 'null', '~', '1', '0x1F', '.5', '-1', '--flag', '-v', '-', '-.inf', '+1', '1e3',
      '"quoted"', '""', "'single'", "''", '"a\\"b"', '{}', '[]', '{a: b}', '[a]', 'a: b', 'a b', '&x', '*x', '!t', '|', '>', '@x', '`x', '%x', 'x:',
    ];
    // a small deterministic generator (no randomness between runs)
    let seed = 12345;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[next(xs.length)]!;
    const mapping = (indent: number, depth: number): string[] => {
      const lines: string[] = [];
      for (let i = 0, n = 1 + next(3); i < n; i++) {
        const key = `${' '.repeat(indent)}${pick(keys)}:`;
        if (depth >= 3 || next(3) !== 0) lines.push(`${key} ${pick(scalars)}`);
        else if (next(2) === 0) lines.push(key, ...mapping(indent + 2, depth + 1));
        // a sequence under a key: at the key's own indentation or deeper
        else lines.push(key, ...sequence(next(2) === 0 ? indent : indent + 2, depth + 1));
      }
      return lines;
    };
    const sequence = (indent: number, depth: number): string[] => {
      const lines: string[] = [];
      for (let i = 0, n = 1 + next(3); i < n; i++) {
        if (depth >= 3 || next(2) === 0) lines.push(`${' '.repeat(indent)}- ${pick(scalars)}`);
        else {
          // a mapping that begins on the item's line
          const inner = mapping(indent + 2, depth + 1);
          lines.push(`${' '.repeat(indent)}- ${inner[0]!.trimStart()}`, ...inner.slice(1));
        }
      }
      return lines;
    };
    let answered = 0;
    for (let i = 0; i < 4000; i++) {
      const text = `${mapping(0, 0).join('\n')}\n`;
      const a = agreement(text);
      if (a === 'not answered') continue;
      answered++;
      expect([text, a.quick]).toEqual([text, a.full]);
    }
    // enough of them were answered for the comparison to mean something
    expect(answered).toBeGreaterThan(200);
  });
});
