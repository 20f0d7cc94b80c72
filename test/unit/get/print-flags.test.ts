import { describe, expect, test } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PrintFlags } from '../../../src/flags/print.js';
import { createPrinter, qualifiedName } from '../../../src/printers/resource-printer.js';
import { colorEnabled, parseColorMode } from '../../../src/printers/color-mode.js';
import { tempDir } from '../../helpers/temp.js';

const flags = new PrintFlags({ table: true });
const ALLOWED =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

describe('PrintFlags.toOptions', () => {
  test('kubectl errors for bad -o values', () => {
    expect(() => flags.toOptions({ output: 'bogus' })).toThrow(
      `unable to match a printer suitable for the output format "bogus", allowed formats are: ${ALLOWED}`,
    );
    expect(() => flags.toOptions({ output: 'jsonpath' })).toThrow('template format specified but no template given');
    expect(() => flags.toOptions({ output: 'go-template=' })).toThrow('template format specified but no template given');
    expect(() => flags.toOptions({ output: 'custom-columns' })).toThrow('custom-columns format specified but no custom columns given');
    expect(() => flags.toOptions({ output: 'json', showLabels: true })).toThrow('--show-labels option cannot be used with json printer');
    expect(() => flags.toOptions({ output: 'name', showLabels: true })).toThrow('--show-labels option cannot be used with name printer');
  });

  test('-o case as cli-runtime reads it: json, yaml and name in any case and whole; the others exact', () => {
    for (const [output, format] of [['JSON', 'json'], ['YAML', 'yaml'], ['Yaml', 'yaml'], ['Name', 'name'], ['NAME', 'name']]) {
      expect(flags.toOptions({ output })).toMatchObject({ output, format, template: '' });
    }
    for (const output of ['WIDE', 'Wide', 'JSONPATH={.a}', 'Go-Template={{.a}}', 'Custom-Columns=A:.a', 'json=x', 'name=x', 'yaml=', 'wide=x']) {
      expect(() => flags.toOptions({ output })).toThrow(`unable to match a printer suitable for the output format "${output}", allowed formats are: ${ALLOWED}`);
    }
  });

  test('format/template split, --template implies go-template, table flags', () => {
    expect(flags.toOptions({ output: 'jsonpath={.a}' })).toMatchObject({ format: 'jsonpath', template: '{.a}' });
    expect(flags.toOptions({ template: '{{.kind}}' })).toMatchObject({ format: 'go-template', template: '{{.kind}}' });
    expect(flags.toOptions({ output: 'wide', headers: false, labelColumns: ['a,b', 'c'], showKind: true })).toMatchObject({
      format: 'wide',
      noHeaders: true,
      labelColumns: ['a', 'b', 'c'],
      showKind: true,
      allowMissingTemplateKeys: true,
    });
    expect(flags.toOptions({ allowMissingTemplateKeys: false }).allowMissingTemplateKeys).toBe(false);
  });
});

describe('createPrinter', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', managedFields: [{ manager: 'x' }] } };
  const print = async (output: string, obj: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
    const p = await createPrinter(flags.toOptions({ output, ...extra }), { cwd: os.tmpdir(), operation: 'created' });
    let s = '';
    p.print(obj, (t) => (s += t));
    return s;
  };

  test('name, with and without an operation', async () => {
    expect(qualifiedName({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } })).toBe('deployment.apps/web');
    expect(await print('name', cm)).toBe('configmap/c\n');
    const p = await createPrinter(flags.toOptions({}), { cwd: '.', operation: 'created (dry run)' });
    let s = '';
    p.print(cm, (t) => (s += t));
    expect(s).toBe('configmap/c created (dry run)\n');
  });

  test('json/yaml hide managedFields unless asked; yaml separates documents', async () => {
    expect(await print('json', cm)).toBe('{\n    "apiVersion": "v1",\n    "kind": "ConfigMap",\n    "metadata": {\n        "name": "c"\n    }\n}\n');
    expect(await print('json', cm, { showManagedFields: true })).toContain('"managedFields"');
    const p = await createPrinter(flags.toOptions({ output: 'yaml' }), { cwd: '.' });
    let s = '';
    p.print(cm, (t) => (s += t));
    p.print(cm, (t) => (s += t));
    expect(s).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
  });

  test('jsonpath, go-template, custom-columns and the -file forms', async () => {
    expect(await print('jsonpath={.metadata.name}', cm)).toBe('c');
    expect(await print('go-template={{.kind}}', cm)).toBe('ConfigMap');
    expect(await print('custom-columns=N:.metadata.name,X:.nope', cm)).toBe('N     X\nc     <none>\n');
    const dir = await tempDir('ktl-pf-');
    await writeFile(path.join(dir, 't.txt'), '{.kind}');
    const p = await createPrinter(flags.toOptions({ output: 'jsonpath-file=t.txt' }), { cwd: dir });
    let s = '';
    p.print(cm, (t) => (s += t));
    expect(s).toBe('ConfigMap');
    await expect(createPrinter(flags.toOptions({ output: 'jsonpath-file=/nope' }), { cwd: dir })).rejects.toThrow(
      'error reading --template /nope, open /nope: no such file or directory',
    );
    // custom-columns-file has its own words (kubectl opens it, then scans it: a folder reads as an empty spec)
    await expect(createPrinter(flags.toOptions({ output: 'custom-columns-file=/nope' }), { cwd: dir })).rejects.toThrow(
      /^error reading template \/nope, open \/nope: no such file or directory$/,
    );
    await expect(createPrinter(flags.toOptions({ output: `custom-columns-file=${dir}` }), { cwd: dir })).rejects.toThrow(
      /^invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.$/,
    );
    await expect(createPrinter(flags.toOptions({ output: `go-template-file=${dir}` }), { cwd: dir })).rejects.toThrow(
      `error reading --template ${dir}, read ${dir}: is a directory`,
    );
    await expect(print('jsonpath={.a', cm)).rejects.toThrow('error parsing jsonpath {.a, unclosed action');
    await expect(print('custom-columns=A', cm)).rejects.toThrow('unexpected custom-columns spec: A, expected <header>:<json-path-expr>');
  });
});

describe('--color', () => {
  test('modes', () => {
    expect(parseColorMode(undefined)).toBe('auto');
    expect(() => parseColorMode('sometimes')).toThrow('invalid argument "sometimes" for "--color" flag');
    expect(colorEnabled('auto', true, {})).toBe(true);
    expect(colorEnabled('auto', true, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled('auto', false, {})).toBe(false);
    expect(colorEnabled('always', false, { NO_COLOR: '1' })).toBe(true);
    expect(colorEnabled('never', true, {})).toBe(false);
  });
});
