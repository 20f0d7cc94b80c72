/**
 * The kustomization file: its fields (kustomize v5.6.0's Kustomization type),
 * the strict decoding kustomize applies (unknown fields are errors), the
 * deprecation warnings it prints, and the legacy fields folded into their
 * replacements (bases -> resources, imageTags -> images, envs).
 */
import { KtlError } from '../errors.js';
import { isMap, type Json, type JsonMap } from './resource.js';
import { parseYaml } from './yaml-io.js';

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export interface Patch {
  path?: string;
  patch?: string;
  target?: Selector;
  options?: Record<string, boolean>;
}

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  options?: GeneratorOptions;
  type?: string;
}

export interface Image {
  name?: string;
  newName?: string;
  newTag?: string;
  digest?: string;
  tagSuffix?: string;
}

export interface Label {
  pairs?: Record<string, string>;
  includeSelectors?: boolean;
  includeTemplates?: boolean;
  fields?: Array<{ path?: string; kind?: string; group?: string; version?: string; create?: boolean }>;
}

export interface Kustomization {
  apiVersion?: string;
  kind?: string;
  metadata?: JsonMap;
  namePrefix?: string;
  nameSuffix?: string;
  namespace?: string;
  commonLabels?: Record<string, string>;
  labels?: Label[];
  commonAnnotations?: Record<string, string>;
  patchesStrategicMerge?: string[];
  patchesJson6902?: Patch[];
  patches?: Patch[];
  images?: Image[];
  imageTags?: Image[];
  replacements?: JsonMap[];
  replicas?: Array<{ name?: string; count?: number }>;
  vars?: JsonMap[];
  sortOptions?: JsonMap;
  resources?: string[];
  components?: string[];
  crds?: string[];
  bases?: string[];
  configMapGenerator?: GeneratorArgs[];
  secretGenerator?: GeneratorArgs[];
  helmGlobals?: JsonMap;
  helmCharts?: JsonMap[];
  helmChartInflationGenerator?: JsonMap[];
  generatorOptions?: GeneratorOptions;
  configurations?: string[];
  generators?: string[];
  transformers?: string[];
  validators?: string[];
  buildMetadata?: string[];
  openapi?: Record<string, string>;
}

type FieldType = 'string' | 'strings' | 'stringMap' | 'bool' | 'int' | 'any' | { list: Fields } | { object: Fields };
/**
 * A field: its type, the Go struct that declares it and the embedded structs
 * it is reached through (Go's decoding errors name both:
 * "Go struct field KvPairSources.configMapGenerator.GeneratorArgs.KvPairSources.literals").
 */
interface Field {
  t: FieldType;
  struct: string;
  via?: string[];
}
interface Fields {
  [k: string]: Field;
}

const fields = (struct: string, types: Record<string, FieldType>, via?: string[]): Fields =>
  Object.fromEntries(Object.entries(types).map(([k, t]) => [k, { t, struct, via }]));

const SELECTOR: Fields = {
  ...fields('Gvk', { group: 'string', version: 'string', kind: 'string' }, ['ResId', 'Gvk']),
  ...fields('ResId', { name: 'string', namespace: 'string' }, ['ResId']),
  ...fields('Selector', { labelSelector: 'string', annotationSelector: 'string' }),
};
const GEN_OPTIONS = fields('GeneratorOptions', { labels: 'stringMap', annotations: 'stringMap', disableNameSuffixHash: 'bool', immutable: 'bool' });
const GENERATOR: Fields = {
  ...fields('GeneratorArgs', { name: 'string', namespace: 'string', behavior: 'string', options: { object: GEN_OPTIONS } }, ['GeneratorArgs']),
  ...fields('KvPairSources', { literals: 'strings', files: 'strings', envs: 'strings', env: 'string' }, ['GeneratorArgs', 'KvPairSources']),
};
const PATCH = fields('Patch', { path: 'string', patch: 'string', target: { object: SELECTOR }, options: 'any' });
const IMAGE = fields('Image', { name: 'string', newName: 'string', newTag: 'string', digest: 'string', tagSuffix: 'string' });
const FIELD_SPEC: Fields = {
  ...fields('FieldSpec', { path: 'string', create: 'bool' }),
  ...fields('Gvk', { kind: 'string', group: 'string', version: 'string' }, ['Gvk']),
};

const KUSTOMIZATION: Fields = fields('Kustomization', {
  apiVersion: 'string',
  kind: 'string',
  metadata: 'any',
  openapi: 'stringMap',
  namePrefix: 'string',
  nameSuffix: 'string',
  namespace: 'string',
  commonLabels: 'stringMap',
  labels: {
    list: {
      ...fields('Label', { pairs: 'stringMap', includeSelectors: 'bool', includeTemplates: 'bool' }),
      fields: { t: { list: FIELD_SPEC }, struct: 'Label' },
    },
  },
  commonAnnotations: 'stringMap',
  patchesStrategicMerge: 'strings',
  patchesJson6902: { list: PATCH },
  patches: { list: PATCH },
  images: { list: IMAGE },
  imageTags: { list: IMAGE },
  replacements: 'any',
  replicas: { list: fields('Replica', { name: 'string', count: 'int' }) },
  vars: 'any',
  sortOptions: 'any',
  resources: 'strings',
  components: 'strings',
  crds: 'strings',
  bases: 'strings',
  configMapGenerator: { list: GENERATOR },
  secretGenerator: { list: { ...GENERATOR, ...fields('SecretArgs', { type: 'string' }) } },
  helmGlobals: 'any',
  helmCharts: 'any',
  helmChartInflationGenerator: 'any',
  generatorOptions: { object: GEN_OPTIONS },
  configurations: 'strings',
  generators: 'strings',
  transformers: 'strings',
  validators: 'strings',
  buildMetadata: 'strings',
});

const goType = (v: Json) =>
  Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : typeof v === 'string' ? 'string' : 'object';

/** Decodes like Go's json with unknown fields disallowed; message as encoding/json words it. */
function check(v: Json, f: Field, stack: string[]): void {
  const t = f.t;
  if (v === null || t === 'any') return;
  const fail: (want: string, got?: Json) => never = (want, got = v) => {
    throw new KtlError(`invalid Kustomization: json: cannot unmarshal ${goType(got)} into Go struct field ${f.struct}.${stack.join('.')} of type ${want}`);
  };
  if (t === 'string') {
    if (typeof v !== 'string') fail('string');
  } else if (t === 'bool') {
    if (typeof v !== 'boolean') fail('bool');
  } else if (t === 'int') {
    if (typeof v !== 'number' || !Number.isInteger(v)) fail('int');
  } else if (t === 'strings') {
    if (!Array.isArray(v)) fail('[]string');
    for (const s of v) if (s !== null && typeof s !== 'string') fail('string', s);
  } else if (t === 'stringMap') {
    if (!isMap(v)) fail('map[string]string');
    for (const s of Object.values(v)) if (s !== null && typeof s !== 'string') fail('string', s);
  } else if ('list' in t) {
    if (!Array.isArray(v)) fail('[]');
    for (const e of v) checkFields(e, t.list, stack);
  } else {
    checkFields(v, t.object, stack);
  }
}

/** checkFields over a whole file: a map that passes has the shape of a Kustomization. */
function checkKustomization(v: JsonMap): asserts v is JsonMap & Kustomization {
  checkFields(v, KUSTOMIZATION, []);
}

/**
 * The struct field a key decodes into, as encoding/json finds it: the exact
 * name, else one equal to it without regard to case (`nameprefix` is
 * namePrefix).
 */
function fieldFor(fs: Fields, key: string): string | undefined {
  if (Object.hasOwn(fs, key)) return key;
  const folded = key.toLowerCase();
  return Object.keys(fs).find((name) => name.toLowerCase() === folded);
}

/** Checks a map's fields; keys that match a field only without regard to case are renamed to it, in place, the later key winning. */
function checkFields(v: Json, fs: Fields, stack: string[]): void {
  if (v === null) return;
  if (!isMap(v)) throw new KtlError(`invalid Kustomization: json: cannot unmarshal ${goType(v)} into Go value of type types.Kustomization`);
  const entries = Object.entries(v);
  for (const [k, val] of entries) {
    const name = fieldFor(fs, k);
    if (!name) throw new KtlError(`invalid Kustomization: json: unknown field "${k}"`);
    const f = fs[name]!;
    check(val, f, [...stack, ...(f.via ?? []), name]);
  }
  // the decoded struct: each value under its field's own name, in the order of the keys
  const renamed = entries.map(([k, val]) => [fieldFor(fs, k)!, val] as const);
  if (renamed.every(([name], i) => name === entries[i]![0])) return;
  for (const k of Object.keys(v)) delete v[k];
  for (const [name, val] of renamed) v[name] = val;
}

export const DEPRECATIONS: Array<[keyof Kustomization, string]> = [
  ['bases', "# Warning: 'bases' is deprecated. Please use 'resources' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['commonLabels', "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['imageTags', "# Warning: 'imageTags' is deprecated. Please use 'images' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['patchesJson6902', "# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['patchesStrategicMerge', "# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize edit fix' to update your Kustomization automatically."],
  ['vars', "# Warning: 'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] Run 'kustomize edit fix' to update your Kustomization automatically."],
];

/**
 * Parses and checks a kustomization file's text; returns the kustomization
 * with legacy fields folded in, and the deprecation warnings to print.
 */
export function parseKustomization(text: string, fileName: string, root: string): { k: Kustomization; warnings: string[] } {
  const v = parseYaml(text, 'invalid Kustomization', true);
  if (v !== null && !isMap(v)) throw new KtlError(`invalid Kustomization: json: cannot unmarshal ${goType(v)} into Go value of type types.Kustomization`);
  const raw: JsonMap = v ?? {};
  checkKustomization(raw);
  const k: Kustomization = structuredClone(raw);
  const warnings = DEPRECATIONS.filter(([f]) => raw[f] !== undefined && raw[f] !== null).map(([, w]) => w);
  if (!k.kind) k.kind = 'Kustomization';
  const isEmpty = Object.keys(raw).filter((f) => f !== 'apiVersion' && f !== 'kind' && raw[f] !== null).length === 0;
  if (!k.apiVersion) k.apiVersion = k.kind === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1';
  k.resources = [...(k.resources ?? []), ...(k.bases ?? [])];
  delete k.bases;
  k.images = [...(k.images ?? []), ...(k.imageTags ?? [])];
  delete k.imageTags;
  for (const g of [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])]) {
    if (g.env) g.envs = [...(g.envs ?? []), g.env];
    delete g.env;
  }
  if (isEmpty) throw new KtlError(`${fileName} is empty`);
  const errs: string[] = [];
  if (k.kind !== 'Kustomization' && k.kind !== 'Component') errs.push('kind should be Kustomization or Component');
  const required = k.kind === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1';
  if (k.apiVersion !== required) errs.push(`apiVersion for ${k.kind} should be ${required}`);
  if (errs.length) throw new KtlError(`Failed to read kustomization file under ${root}:\n${errs.join('\n')}`);
  return { k, warnings };
}
