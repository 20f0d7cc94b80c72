/**
 * The kustomization's `crds` field: files of OpenAPI definitions (the
 * gen-openapi shape, `{ "<pkg>.<Kind>": { "Schema": {...} } }`, JSON or YAML)
 * whose x-kubernetes-* extensions teach the build about fields of custom
 * types: a field holding another object's name (rewritten when that object is
 * renamed), a label selector (gets commonLabels), an annotation map (gets
 * commonAnnotations), an identity (gets the name prefix). kustomize merges
 * these into its transformer configuration, which flows from a kustomization
 * to the ones that include it; so does this.
 */
import { goJsonSyntaxError } from '../codec/go-json-error.js';
import { KtlError } from '../errors.js';
import type { FieldSpec } from './field-path.js';
import type { Loader } from './loader.js';
import type { Gvk } from './resource.js';
import { isMap, type Json, type JsonMap } from './resource.js';
import { parseYaml } from './yaml-io.js';

export interface NameRefSpec {
  /** the referenced type (kind and version from the extensions) */
  target: Partial<Gvk>;
  /** the field of the custom type holding the name */
  referrer: FieldSpec;
}

export interface CrdConfig {
  labels: FieldSpec[];
  annotations: FieldSpec[];
  prefix: FieldSpec[];
  nameRefs: NameRefSpec[];
}

export const emptyCrdConfig = (): CrdConfig => ({ labels: [], annotations: [], prefix: [], nameRefs: [] });

const sameSpec = (a: FieldSpec, b: FieldSpec) =>
  a.kind === b.kind && a.group === b.group && a.version === b.version && a.path === b.path && a.create === b.create;

function addSpecs(into: FieldSpec[], from: readonly FieldSpec[]): void {
  for (const fs of from) if (!into.some((o) => sameSpec(o, fs))) into.push(fs);
}

/** Adds `from` to `into` (duplicates dropped, as kustomize's config merge drops them). */
export function mergeCrdConfig(into: CrdConfig, from: CrdConfig): void {
  addSpecs(into.labels, from.labels);
  addSpecs(into.annotations, from.annotations);
  addSpecs(into.prefix, from.prefix);
  for (const n of from.nameRefs) {
    const dup = into.nameRefs.some(
      (o) => o.target.kind === n.target.kind && o.target.version === n.target.version && sameSpec(o.referrer, n.referrer),
    );
    if (!dup) into.nameRefs.push(n);
  }
}

/** encoding/json matches struct fields case-insensitively: "Schema", "schema", ... */
function field(m: JsonMap, name: string): Json | undefined {
  if (name in m) return m[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(m)) if (k.toLowerCase() === lower) return m[k];
  return undefined;
}

/**
 * An x- extension's string value. kube-openapi stores extensions under the
 * key as written but looks them up lower-cased, so only lower-case keys are
 * ever found; a value that is not a string counts as absent.
 */
function extension(schema: JsonMap, key: string): string | undefined {
  const v = schema[key];
  return typeof v === 'string' ? v : undefined;
}

const goType = (v: Json): string => (Array.isArray(v) ? '[]interface {}' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? 'number' : 'string');

function properties(def: Json | undefined): JsonMap {
  if (!isMap(def)) return {};
  const schema = field(def, 'Schema');
  if (!isMap(schema)) return {};
  const props = field(schema, 'properties');
  return isMap(props) ? props : {};
}

function parseDefinitions(text: string, path: string, json: boolean): JsonMap {
  let doc: Json;
  if (json) {
    const syntax = goJsonSyntaxError(text);
    if (syntax !== undefined) throw new KtlError(`unable to parse open API definition from '${path}': ${syntax}`);
    doc = JSON.parse(text);
  } else {
    doc = parseYaml(text, `unable to parse open API definition from '${path}': error converting YAML to JSON`);
  }
  if (doc === null) return {};
  const intoMap = (what: string) =>
    new KtlError(
      `unable to parse open API definition from '${path}': ${json ? '' : 'error unmarshaling JSON: while decoding JSON: '}json: cannot unmarshal ${what}`,
    );
  if (!isMap(doc)) throw intoMap(`${goType(doc) === '[]interface {}' ? 'array' : goType(doc)} into Go value of type accumulator.nameToApiMap`);
  const jsonKind = (v: Json) => `JSON ${Array.isArray(v) ? 'array' : typeof v === 'boolean' ? 'boolean' : typeof v}`;
  const schemaError = (v: Json, into: string) =>
    new KtlError(
      `unable to parse open API definition from '${path}': ${json ? 'json: cannot' : 'error unmarshaling JSON: while decoding JSON: json: cannot'} unmarshal Go value of type spec.Schema: json: cannot unmarshal ${jsonKind(v)} into Go value of type ${into}`,
    );
  for (const v of Object.values(doc)) {
    if (v !== null && !isMap(v)) throw intoMap(`${Array.isArray(v) ? 'array' : goType(v)} into Go value of type accumulator.OpenAPIDefinition`);
    const schema = v === null ? undefined : field(v, 'Schema');
    if (schema === undefined || schema === null) continue;
    if (!isMap(schema)) throw schemaError(schema, 'struct { spec.Extensions; spec.SchemaProps; spec.SwaggerSchemaProps }');
    const props = field(schema, 'properties');
    if (props !== undefined && props !== null && !isMap(props)) throw schemaError(props, 'map[string]spec.Schema');
  }
  return doc;
}

function collect(out: CrdConfig, kind: string, defs: JsonMap, typeName: string, path: string[], seen: Set<string>): void {
  if (!(typeName in defs) || seen.has(typeName)) return;
  const inner = new Set(seen).add(typeName);
  for (const [prop, schema] of Object.entries(properties(defs[typeName]))) {
    if (!isMap(schema)) continue;
    const here = [...path, prop];
    const fs = (p: string[]): FieldSpec => ({ kind, group: '', version: '', path: p.join('/'), create: false });
    if (extension(schema, 'x-kubernetes-annotation') !== undefined) addSpecs(out.annotations, [fs(here)]);
    if (extension(schema, 'x-kubernetes-label-selector') !== undefined) addSpecs(out.labels, [fs(here)]);
    if (extension(schema, 'x-kubernetes-identity') !== undefined) addSpecs(out.prefix, [fs(here)]);
    const version = extension(schema, 'x-kubernetes-object-ref-api-version');
    const refKind = extension(schema, 'x-kubernetes-object-ref-kind');
    if (version !== undefined && refKind !== undefined) {
      const key = extension(schema, 'x-kubernetes-object-ref-name-key') ?? 'name';
      mergeCrdConfig(out, { ...emptyCrdConfig(), nameRefs: [{ target: { kind: refKind, version }, referrer: fs([...here, key]) }] });
    }
    const ref = schema.$ref;
    if (typeof ref === 'string' && ref !== '') collect(out, kind, defs, ref, here, inner);
  }
}

/** The configuration the kustomization's `crds` files add. */
export function loadCrdConfig(ldr: Loader, paths: readonly string[]): CrdConfig {
  const out = emptyCrdConfig();
  for (const p of paths) {
    const text = ldr.load(p).toString('utf8');
    const defs = parseDefinitions(text, p, text.startsWith('{'));
    for (const name of Object.keys(defs)) {
      const props = properties(defs[name]);
      if (!('kind' in props && 'apiVersion' in props && 'metadata' in props)) continue;
      const kind = name.split('.').pop() ?? name;
      collect(out, kind, defs, name, [], new Set());
    }
  }
  return out;
}
