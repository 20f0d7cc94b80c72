/**
 * Reading and printing resources as kustomize does. kustomize parses with a
 * YAML 1.2 parser (yes/no/on/off stay strings) and prints each object through
 * JSON and back to YAML, which sorts keys: the same path `kubectl get -o yaml`
 * takes, so the project's emitter gives the same bytes.
 */
import yaml from 'js-yaml';
import { marshalYaml } from '../printers/yaml.js';
import { depthLimited } from '../codec/depth.js';
import { goYamlError, splitYamlDocuments } from '../codec/yaml.js';
import { KtlError } from '../errors.js';
import { isMap, type Json, type JsonMap } from './resource.js';
import { checkAliasing } from '../codec/aliases.js';

/** YAML -> JSON-like values: keys become strings, timestamps stay text (CORE schema has none). */
function toJson(v: unknown): Json {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map(toJson);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    const out: JsonMap = {};
    for (const [k, val] of Object.entries(v)) out[k] = toJson(val);
    return out;
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  // nothing else comes out of the CORE schema
  return null;
}

/** YAML 1.1 booleans (y/yes/on/off...), as go-yaml v2 reads the kustomization file. */
const yaml11Bool = new yaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (d: string) => /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/.test(d),
  construct: (d: string) => /^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/.test(d),
  predicate: (v: unknown) => typeof v === 'boolean',
});
const YAML11 = yaml.CORE_SCHEMA.extend({ implicit: [yaml11Bool] });

/** The loaded value, refused as go-yaml refuses alias bombs (before anything expands it). */
function checked(v: unknown): unknown {
  checkAliasing(v);
  return v;
}

/**
 * Parses one YAML/JSON document (YAML 1.2 as kyaml reads resources, or 1.1
 * as the kustomization file is read); a syntax error is reported in
 * go-yaml's words.
 */
export function parseYaml(text: string, what: string, yaml11 = false): Json {
  try {
    return toJson(checked(yaml.load(text, depthLimited({ schema: yaml11 ? YAML11 : yaml.CORE_SCHEMA, json: true }))));
  } catch (e) {
    throw new KtlError(`${what}: yaml: ${goYamlError(text, e)}`);
  }
}

/**
 * go-yaml v3 (kyaml) places an unclosed flow collection at the line (counted
 * from 0) where it opened, where v2 names the end of the text.
 */
function v3Lines(msg: string, text: string): string {
  if (!/^line \d+: did not find expected ',' or '[\]}]'$/.test(msg)) return msg;
  const stack: number[] = [];
  let line = 0;
  let quote = '';
  for (const c of text) {
    if (c === '\n') line++;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') stack.push(line);
    else if ((c === ']' || c === '}') && stack.length) stack.pop();
  }
  return stack.length ? msg.replace(/^line \d+/, `line ${stack[stack.length - 1]}`) : msg;
}

/** The documents of a YAML stream as objects; empty documents skipped, Lists flattened. */
export function parseObjects(text: string, what: string): JsonMap[] {
  const out: JsonMap[] = [];
  for (const chunk of splitYamlDocuments(text.replace(/\r\n/g, '\n'))) {
    let v: Json;
    try {
      v = toJson(checked(yaml.load(chunk, depthLimited({ schema: yaml.CORE_SCHEMA, json: true }))));
    } catch (e) {
      throw new KtlError(`MalformedYAMLError: yaml: ${v3Lines(goYamlError(chunk, e), chunk)} in File: ${what}`);
    }
    if (v === null) continue;
    if (!isMap(v)) throw new KtlError(`${what}: expected a YAML mapping at the top level of each document`);
    if (Object.keys(v).length === 0) continue;
    if (typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) {
      for (const it of v.items) if (isMap(it)) out.push(it);
      continue;
    }
    out.push(v);
  }
  return out;
}

/** kustomize's output: each object as YAML, separated by `---` lines. */
export function emitObjects(objs: readonly JsonMap[]): string {
  return objs.map((o) => marshalYaml(o)).join('---\n');
}
