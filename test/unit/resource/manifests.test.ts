import { describe, expect, test } from '@jest/globals';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isManifestError, parseManifestItems, parseManifests, readManifestItems, readManifests, splitYamlDocuments } from '../../../src/resource/index.js';
import { FilenameFlags } from '../../../src/flags/filename.js';
import { kustomizeSource, splitFilenames } from '../../../src/resource/manifests.js';
import { fakeContext } from '../../helpers/fake-io.js';
import { tempDir, tempDirSync } from '../../helpers/temp.js';

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
    const y = parseManifests(`${cm('yy')}spec:\n  on: yes\n  n: 10\n  q: "on"\n  t: 2020-01-01\n`, 'y.yaml');
    expect(y[0]!.object.spec).toEqual({ true: true, false: 10, q: 'on', t: '2020-01-01' });
  });

  test('a syntax error ends its source: earlier documents kept, the error in place, later ones not read', () => {
    const text = `${cm('a')}---\n${cm('b')}  labels: {x: y\n---\n${cm('c')}`;
    const got = parseManifestItems(text, 'bad.yaml');
    expect(got.map((i) => (isManifestError(i) ? i.error.message : i.object.metadata?.name))).toEqual([
      'a',
      // kubectl counts lines within the document; ktl adds which document when it is not the first
      "error parsing bad.yaml: error converting YAML to JSON: yaml: line 5: did not find expected ',' or '}' (document 2)",
    ]);
    expect(() => parseManifests(text, 'bad.yaml')).toThrow('error parsing bad.yaml: error converting YAML to JSON: yaml: line 5:');
  });

  // cases.json: broken manifests; expected.json: kubectl 1.33's message for each (generate.mjs)
  const golden = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../golden/yaml-errors');
  const cases = JSON.parse(readFileSync(path.join(golden, 'cases.json'), 'utf8')) as Array<{ name: string; text: string }>;
  const expected = JSON.parse(readFileSync(path.join(golden, 'expected.json'), 'utf8')) as Record<string, string>;
  // go-yaml errors ktl does not reproduce: a tab on a blank line, a !!binary tag, a mapping as a key
  const gaps = new Set(['a-14-tag', 'a-20-mapkey', 'b-10']);
  test.each(cases.filter((c) => !gaps.has(c.name)))('YAML error text as kubectl: $name', ({ name, text }) => {
    const got = parseManifestItems(text, `${name}.yaml`).find(isManifestError);
    const want = expected[name]!;
    if (want === 'ok') expect(got).toBeUndefined();
    else expect(`error: ${got?.error.message.replace(/ \(document \d+\)$/, '')}`).toBe(want);
  });
  test('the recorded cases cover the gaps too, so they stay visible', () => {
    for (const g of gaps) expect(expected[g]).toBeDefined();
    expect(cases.length).toBe(Object.keys(expected).length);
  });

  test('documents that are not objects or lack kind/apiVersion: per document without validation, ending the source with it', () => {
    const text = `{}\n---\nfoo\n---\n${cm('a')}`;
    const loose = parseManifestItems(text, 's.yaml').map((i) => (isManifestError(i) ? i.error.message : i.object.metadata?.name));
    expect(loose).toEqual([
      `unable to decode "s.yaml": Object 'Kind' is missing in '{}'`,
      'unable to decode "s.yaml": json: cannot unmarshal string into Go value of type unstructured.detector',
      'a',
    ]);
    const strictItems = parseManifestItems(text, 's.yaml', { validate: true }).map((i) => (isManifestError(i) ? i.error.message : i.object.metadata?.name));
    expect(strictItems).toEqual([
      'error validating "s.yaml": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false',
    ]);
  });

  test('a List inside a List is refused as kubectl does', () => {
    const text = 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items: []\n';
    expect(() => parseManifests(text, 'n.yaml')).toThrow('*unstructured.Unstructured is not a list: no Items field in this object');
  });

  test('metadata fields of the wrong JSON type: kubectl\'s ObjectMeta decoding error, with or without validation (issue 10)', () => {
    const doc = (meta: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n${meta}`;
    const err = (text: string) => {
      const msgs = [false, true].map((validate) => parseManifestItems(text, 'm.yaml', { validate }).map((i) => (isManifestError(i) ? i.error.message : i.object.metadata?.name)));
      expect(msgs[0]).toEqual(msgs[1]);
      return msgs[0];
    };
    const field = (what: string, f: string, type: string) => [`unable to decode "m.yaml": json: cannot unmarshal ${what} into Go struct field ObjectMeta.metadata.${f} of type ${type}`];
    // each case captured from kubectl 1.33 (create -f --dry-run=client)
    expect(err(doc('  name: 12345\n'))).toEqual(field('number', 'name', 'string'));
    expect(err(doc('  name: [a]\n'))).toEqual(field('array', 'name', 'string'));
    expect(err(doc('  name: true\n'))).toEqual(field('bool', 'name', 'string'));
    expect(err(doc('  name: {a: b}\n'))).toEqual(field('object', 'name', 'string'));
    expect(err(doc('  name: 5\n  namespace: [a]\n'))).toEqual(field('number', 'name', 'string'));
    expect(err(doc('  name: ok\n  namespace: 5\n'))).toEqual(field('number', 'namespace', 'string'));
    expect(err(doc('  name: ok\n  uid: 5\n'))).toEqual(field('number', 'uid', 'types.UID'));
    expect(err(doc('  name: ok\n  creationTimestamp: 5\n'))).toEqual(field('number', 'creationTimestamp', 'string'));
    expect(err(doc('  name: ok\n  labels: [a]\n'))).toEqual(field('array', 'labels', 'map[string]string'));
    expect(err(doc('  name: ok\n  labels: {a: 5}\n'))).toEqual(field('number', 'labels', 'string'));
    expect(err(doc('  name: ok\n  finalizers: [5]\n'))).toEqual(field('number', 'finalizers', 'string'));
    expect(err(doc('  name: ok\n  generation: 1.5\n'))).toEqual(field('number 1.5', 'generation', 'int64'));
    expect(err(doc('  name: ok\n  generation: "5"\n'))).toEqual(field('string', 'generation', 'int64'));
    expect(err(doc('  name: ok\n  ownerReferences: 5\n'))).toEqual(field('number', 'ownerReferences', '[]v1.OwnerReference'));
    expect(err('apiVersion: v1\nkind: ConfigMap\nmetadata: 7\n')).toEqual([
      'unable to decode "m.yaml": json: cannot unmarshal number into Go struct field metadataOnlyObject.metadata of type v1.ObjectMeta',
    ]);
    // the next document is still read, as kubectl's visitor reads on
    expect(err(`${doc('  name: 5\n')}---\n${cm('b')}`)).toEqual([...field('number', 'name', 'string'), 'b']);
    expect(err(doc('  name: ok\n  labels: {a: "5"}\n  generation: 3\n  annotations: null\n'))).toEqual(['ok']);
  });

  test('a List with scalar or array items is refused whole, as kubectl does (issue 10)', () => {
    const list = (item: string) => `apiVersion: v1\nkind: List\nitems:\n- ${item}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: ls}\n`;
    const msgs = (text: string, validate: boolean) => parseManifestItems(text, 'l.yaml', { validate }).map((i) => (isManifestError(i) ? i.error.message : i.object.metadata?.name));
    const invalid = 'error validating "l.yaml": error validating data: invalid object to validate; if you choose to ignore these errors, turn validation off with --validate=false';
    expect(msgs(list('5'), true)).toEqual([invalid]);
    expect(msgs(list('5'), false)).toEqual(['unable to decode "l.yaml": json: cannot unmarshal number into Go value of type map[string]interface {}']);
    expect(msgs(list('[1]'), true)).toEqual([invalid]);
    expect(msgs(list('[1]'), false)).toEqual(['unable to decode "l.yaml": json: cannot unmarshal array into Go value of type map[string]interface {}']);
    expect(msgs(list('x'), false)).toEqual(['unable to decode "l.yaml": json: cannot unmarshal string into Go value of type map[string]interface {}']);
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

  describe('JSON streams, as kubectl 1.33 reads them (apimachinery YAMLOrJSONDecoder)', () => {
    const j = (name: string) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    const read = (text: string, validate = true) =>
      parseManifestItems(text, 'f.json', { validate }).map((i) => (isManifestError(i) ? i.error.message : i.object.metadata?.name));
    const hint = '; if you choose to ignore these errors, turn validation off with --validate=false';

    test('objects back to back, with or without space between; a BOM dropped; null skipped', () => {
      expect(read(`${j('a')}\n${j('b')}`)).toEqual(['a', 'b']);
      expect(read(`  ${j('a')}${j('b')}\t${j('c')}`)).toEqual(['a', 'b', 'c']);
      expect(read(`\uFEFF${j('a')}${j('b')}`)).toEqual(['a', 'b']);
      expect(read(`${j('a')}\nnull\n${j('c')}`)).toEqual(['a', 'c']);
      // a JSON List in a .json file is flattened as before
      expect(read(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [JSON.parse(j('a')), JSON.parse(j('b'))] }))).toEqual(['a', 'b']);
    });

    test('the upstream multi-resource-json file (a Service then a ReplicationController)', () => {
      const svc = '{\n   "kind":"Service",\n   "apiVersion":"v1",\n   "metadata":{"name":"mock"}\n}\n';
      const rc = '{\n   "kind":"ReplicationController",\n   "apiVersion":"v1",\n   "metadata":{"name":"mock"}\n}\n';
      const got = parseManifests(svc + rc, 'multi-resource-json.json');
      expect(got.map((m) => [m.object.kind, m.object.metadata?.name, m.docIndex])).toEqual([
        ['Service', 'mock', 0],
        ['ReplicationController', 'mock', 1],
      ]);
    });

    test('a `[` first is YAML: the array is one document, refused as kubectl refuses it', () => {
      expect(read(`[${j('a')}, ${j('b')}]`)).toEqual([`error validating "f.json": error validating data: invalid object to validate${hint}`]);
    });

    test('a broken object after two read: Go\'s bare error, the objects before it kept', () => {
      expect(read(`${j('a')}\n${j('b')}\n{"apiVersion":"v1",,}\n${j('d')}`)).toEqual([
        'a',
        'b',
        "error parsing f.json: invalid character ',' looking for beginning of object key string",
      ]);
      expect(read(`${j('a')}\n${j('b')}\n{"apiVersion":"v1"`)).toEqual(['a', 'b', 'error parsing f.json: unexpected EOF']);
      expect(read(`${j('a')}\n${j('b')}\ntrux`)).toEqual(['a', 'b', "error parsing f.json: invalid character 'x' in literal true (expecting 'e')"]);
    });

    test('a broken object first or second: read again as YAML from there, else the JSON error with its byte offset', () => {
      expect(read(`{"apiVersion":"v1",,}\n${j('d')}`)).toEqual(["error parsing f.json: json: offset 20: invalid character ',' looking for beginning of object key string"]);
      expect(read(`${j('a')}\n{"apiVersion":"v1",,}\n${j('d')}`)).toEqual(['a', "error parsing f.json: json: offset 83: invalid character ',' looking for beginning of object key string"]);
      // offsets count bytes (é is two)
      expect(read('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"é"},,}')).toEqual([
        "error parsing f.json: json: offset 64: invalid character ',' looking for beginning of object key string",
      ]);
      expect(read(`${j('a')}\n{"apiVersion":"v1"`)).toEqual(['a', 'error parsing f.json: unexpected EOF']);
      // YAML takes a trailing comma; go-yaml reads one node per document, so what follows it is never read
      expect(read(`${j('a')}\n{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},}\n${j('c')}`)).toEqual(['a', 'x']);
      // YAML after one JSON object: read as YAML (y is a YAML 1.1 boolean)
      expect(read(`${j('a')}\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: y}\n`)).toEqual([
        'a',
        'unable to decode "f.json": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string',
      ]);
      expect(read(`${j('a')}\n---\n${j('b')}`)).toEqual(['a', 'b']);
    });

    test('values that are not objects: validation stops there; without it each fails to decode and the rest is read', () => {
      expect(read(`${j('a')}\n${j('b')}\n5\n${j('c')}`)).toEqual(['a', 'b', `error validating "f.json": error validating data: invalid object to validate${hint}`]);
      expect(read(`${j('a')}\n[1]\n${j('c')}`, false)).toEqual([
        'a',
        'unable to decode "f.json": json: cannot unmarshal array into Go value of type unstructured.detector',
        'c',
      ]);
    });

    test('a YAML file of flow mappings: the first node of each document', () => {
      expect(read('{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n{apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n')).toEqual(['a']);
    });
  });
});

describe('readManifests', () => {
  test('files, comma lists, directories (sorted, known extensions) and -R', async () => {
    const dir = await tempDir('ktl-man-');
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

  test('a directory with nothing to read is an error unless a source before it gave files (cli-runtime builder)', async () => {
    const dir = await tempDir('ktl-man-');
    await mkdir(path.join(dir, 'empty'));
    await mkdir(path.join(dir, 'txt', 'sub'), { recursive: true });
    await writeFile(path.join(dir, 'txt', 'notes.txt'), cm('n'));
    await writeFile(path.join(dir, 'txt', 'sub', 'c.yaml'), cm('c'));
    await writeFile(path.join(dir, 'a.yaml'), cm('a'));
    const { ctx } = fakeContext({ cwd: dir, stdin: cm('s') });
    const names = async (filenames: string[], recursive = false) => (await readManifests(ctx, { filenames, recursive })).map((m) => m.object.metadata?.name);
    const refused = (p: string) => `error reading [${p}]: recognized file extensions are [.json .yaml .yml]`;
    await expect(names(['empty'])).rejects.toThrow(refused('empty'));
    // a .txt in a directory is not read; the sub-directory only with -R
    await expect(names(['txt'])).rejects.toThrow(refused('txt'));
    expect(await names(['txt'], true)).toEqual(['c']);
    await expect(names(['empty,a.yaml'])).rejects.toThrow(refused('empty'));
    expect(await names(['a.yaml', 'empty'])).toEqual(['a']);
    expect(await names(['-', 'empty'])).toEqual(['s']);
  });

  test('a JSON stream on stdin', async () => {
    const { ctx } = fakeContext({ stdin: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}' });
    const got = await readManifests(ctx, { filenames: ['-'], recursive: false });
    expect(got.map((m) => [m.source, m.object.metadata?.name])).toEqual([
      ['STDIN', 'a'],
      ['STDIN', 'b'],
    ]);
  });

  test('stdin is "-" and named STDIN', async () => {
    const { ctx } = fakeContext({ stdin: cm('s') });
    const got = await readManifests(ctx, { filenames: ['-'], recursive: false });
    expect(got.map((m) => [m.source, m.object.metadata?.name])).toEqual([['STDIN', 's']]);
  });

  test('a broken source does not stop the others; the strict reader throws every error', async () => {
    const dir = await tempDir('ktl-man-');
    await writeFile(path.join(dir, 'ok.yaml'), cm('ok'));
    await writeFile(path.join(dir, 'bad.yaml'), `${cm('x')}---\nkind: [\n`);
    await writeFile(path.join(dir, 'bad2.yaml'), 'a: b\n c: d\n');
    const { ctx } = fakeContext({ cwd: dir });
    const items = await readManifestItems(ctx, { filenames: ['ok.yaml', 'bad.yaml', 'bad2.yaml'], recursive: false });
    expect(items.map((i) => (isManifestError(i) ? i.error.message : `${i.source}:${i.object.metadata?.name}`))).toEqual([
      'ok.yaml:ok',
      'bad.yaml:x',
      "error parsing bad.yaml: error converting YAML to JSON: yaml: line 1: did not find expected node content (document 2)",
      'error parsing bad2.yaml: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context',
    ]);
    await expect(readManifests(ctx, { filenames: ['ok.yaml', 'bad.yaml', 'bad2.yaml'], recursive: false })).rejects.toThrow(
      "error parsing bad.yaml: error converting YAML to JSON: yaml: line 1: did not find expected node content (document 2)\nerror parsing bad2.yaml:",
    );
  });
});

describe('FilenameFlags', () => {
  test('-f and -R are read; -k is one source, refused beside -f or -R with kubectl\'s texts', () => {
    const f = new FilenameFlags();
    expect(f.toOptions({ filename: ['a.yaml', 'b'], recursive: true })).toEqual({ filenames: ['a.yaml', 'b'], recursive: true });
    expect(f.toOptions({ kustomize: 'dir,x' })).toEqual({ filenames: [kustomizeSource('dir,x')], recursive: false });
    expect(splitFilenames(f.toOptions({ kustomize: 'dir,x' }).filenames)).toEqual([kustomizeSource('dir,x')]);
    expect(() => f.toOptions({ kustomize: 'dir', filename: ['a.yaml'] })).toThrow('only one of -f or -k can be specified');
    expect(() => f.toOptions({ kustomize: 'dir', recursive: true })).toThrow("the -k flag can't be used with -f or -R");
  });

  test('-k DIR reads the objects kustomize builds, in its order', async () => {
    const dir = tempDirSync('ktl-k-');
    writeFileSync(path.join(dir, 'kustomization.yaml'), 'namePrefix: p-\nconfigMapGenerator:\n- name: c\n  literals:\n  - a=1\nresources:\n- svc.yaml\n');
    writeFileSync(path.join(dir, 'svc.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports:\n  - port: 80\n');
    const { ctx } = fakeContext({ cwd: dir });
    const items = await readManifests(ctx, new FilenameFlags().toOptions({ kustomize: '.' }));
    expect(items.map((m) => `${m.object.kind}/${(m.object.metadata as { name: string }).name}`)).toEqual(['ConfigMap/p-c-h29d89cmmt', 'Service/p-s']);
    expect(items.every((m) => m.source === '.')).toBe(true);
  });
});
