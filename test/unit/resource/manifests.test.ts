import { describe, expect, test } from '@jest/globals';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseManifests, readManifests, splitYamlDocuments } from '../../../src/resource/index.js';
import { FilenameFlags } from '../../../src/flags/filename.js';
import { fakeContext } from '../../helpers/fake-io.js';

const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('parseManifests', () => {
  test('multi-document YAML: empty documents skipped, doc index kept, List flattened', () => {
    const text = `${cm('a')}---\n# only a comment\n---\n${cm('b')}--- # trailing comment\napiVersion: v1\nkind: List\nitems:\n- ${cm('c').replace(/\n(?=.)/g, '\n  ')}`;
    const got = parseManifests(text, 'f.yaml');
    expect(got.map((m) => [m.object.metadata?.name, m.docIndex, m.source])).toEqual([
      ['a', 0, 'f.yaml'],
      ['b', 2, 'f.yaml'],
      ['c', 3, 'f.yaml'],
    ]);
  });

  test('JSON documents, YAML 1.1 booleans and quoted strings as go-yaml reads them', () => {
    const got = parseManifests('{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "yes"}}', 'x.json');
    expect(got[0]!.object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'yes' } });
    // go-yaml v2 reads unquoted on/yes/n as booleans, keys included
    const y = parseManifests(`${cm('y')}spec:\n  on: yes\n  n: 10\n  q: "on"\n  t: 2020-01-01\n`, 'y.yaml');
    expect(y[0]!.object.spec).toEqual({ true: true, false: 10, q: 'on', t: '2020-01-01' });
  });

  test('a parse error names the file and the line within its document', () => {
    const text = `${cm('a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  labels: [a, b\n`;
    expect(() => parseManifests(text, 'bad.yaml')).toThrow(/^error parsing bad\.yaml: error converting YAML to JSON: yaml: line \d+: /);
    try {
      parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n name: a\n  bad: [\n', 'one.yaml');
    } catch (e) {
      expect((e as Error).message).toMatch(/^error parsing one\.yaml: error converting YAML to JSON: yaml: line [45]: /);
    }
  });

  test('missing kind / apiVersion', () => {
    expect(() => parseManifests('apiVersion: v1\nmetadata:\n  name: a\n', 's.yaml')).toThrow(
      `unable to decode "s.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"a"}}'`,
    );
    expect(() => parseManifests('kind: Pod\n', 's.yaml')).toThrow(`unable to decode "s.yaml": Object 'apiVersion' is missing in '{"kind":"Pod"}'`);
  });

  test('splitYamlDocuments splits only on --- lines', () => {
    expect(splitYamlDocuments('a: 1\n---\nb: "---"\n----x\n')).toEqual(['a: 1', 'b: "---"\n----x\n']);
  });
});

describe('readManifests', () => {
  test('files, comma lists, directories (sorted, known extensions) and -R', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-man-'));
    await mkdir(path.join(dir, 'd', 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'd', 'b.yaml'), cm('b'));
    await writeFile(path.join(dir, 'd', 'a.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }));
    await writeFile(path.join(dir, 'd', 'notes.txt'), 'not yaml: [');
    await writeFile(path.join(dir, 'd', 'sub', 'c.yml'), cm('c'));
    await writeFile(path.join(dir, 'top.txt'), cm('t'));
    const { ctx } = fakeContext({ cwd: dir });
    const names = async (filenames: string[], recursive = false) =>
      (await readManifests(ctx, { filenames, recursive })).map((m) => `${m.source}:${m.object.metadata?.name}`);
    expect(await names(['d'])).toEqual(['d/a.json:a', 'd/b.yaml:b']);
    expect(await names(['d'], true)).toEqual(['d/a.json:a', 'd/b.yaml:b', 'd/sub/c.yml:c']);
    expect(await names(['top.txt,d/b.yaml', 'd/sub/c.yml'])).toEqual(['top.txt:t', 'd/b.yaml:b', 'd/sub/c.yml:c']);
    await expect(names(['missing.yaml'])).rejects.toThrow('the path "missing.yaml" does not exist');
  });

  test('stdin is "-" and named STDIN', async () => {
    const { ctx } = fakeContext({ stdin: cm('s') });
    const got = await readManifests(ctx, { filenames: ['-'], recursive: false });
    expect(got.map((m) => [m.source, m.object.metadata?.name])).toEqual([['STDIN', 's']]);
  });

  test('a broken document anywhere fails the whole read (nothing is returned to send)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ktl-man-'));
    await writeFile(path.join(dir, 'ok.yaml'), cm('ok'));
    await writeFile(path.join(dir, 'bad.yaml'), `${cm('x')}---\nkind: [\n`);
    const { ctx } = fakeContext({ cwd: dir });
    await expect(readManifests(ctx, { filenames: ['ok.yaml', 'bad.yaml'], recursive: false })).rejects.toThrow(
      /^error parsing bad\.yaml: error converting YAML to JSON: yaml: line \d: /,
    );
  });
});

describe('FilenameFlags', () => {
  test('-k is refused; -f and -R are read', () => {
    const f = new FilenameFlags();
    expect(() => f.toOptions({ kustomize: 'dir' })).toThrow('-k/--kustomize is not supported by ktl');
    expect(f.toOptions({ filename: ['a.yaml', 'b'], recursive: true })).toEqual({ filenames: ['a.yaml', 'b'], recursive: true });
  });
});
