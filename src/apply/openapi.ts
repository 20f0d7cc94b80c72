/**
 * Patch metadata from the server's OpenAPI v3 documents, as kubectl apply
 * reads it: GET /openapi/v3 (the index, always fresh), then the document of
 * one group-version, cached on disk by the hash the index gives it
 * (<cacheDir>/ktl/openapi/<host_port>/) and in memory for the process.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Transport } from '../client/transport.js';
import { cacheHostDir } from '../client/discovery.js';
import { ApiError } from '../errors.js';
import { isJsonMap, listAt, mapAt, mapsAt, stringAt, type JsonMap } from '../codec/value.js';
import type { PatchMeta, PatchSchema } from './strategic-merge.js';

/**
 * An OpenAPI v3 document as JSON. Its schema objects are read field by field
 * (`$ref`, `allOf`, `properties`, `additionalProperties`, `items`,
 * `x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`,
 * `x-kubernetes-group-version-kind`); a field of another shape reads as absent.
 */
export type OpenApiDocument = JsonMap;
type SchemaObject = JsonMap;

const REF_PREFIX = '#/components/schemas/';

/** PatchSchema over one OpenAPI v3 schema object. */
export class OpenApiPatchSchema implements PatchSchema {
  constructor(
    private readonly schemas: JsonMap,
    private readonly schema: SchemaObject | undefined,
  ) {}

  private resolve(s: SchemaObject | undefined): SchemaObject | undefined {
    for (let depth = 0; s && depth < 50; depth++) {
      const ref = stringAt(s, '$ref');
      const allOf = listAt(s, 'allOf');
      if (ref) s = mapAt(this.schemas, ref.slice(REF_PREFIX.length));
      else if (allOf.length === 1 && !s.properties && !s.items) {
        const only = allOf[0];
        s = isJsonMap(only) ? only : undefined;
      } else return s;
    }
    return s;
  }

  private field(key: string): SchemaObject | undefined {
    const s = this.resolve(this.schema);
    if (!s) return undefined;
    const prop = mapAt(mapAt(s, 'properties'), key);
    if (prop) return prop;
    return mapAt(s, 'additionalProperties');
  }

  private meta(prop: SchemaObject | undefined): PatchMeta {
    return {
      strategies: (stringAt(prop, 'x-kubernetes-patch-strategy') ?? '').split(',').filter(Boolean),
      mergeKey: stringAt(prop, 'x-kubernetes-patch-merge-key') ?? '',
    };
  }

  forStruct(key: string): { schema: PatchSchema; meta: PatchMeta } {
    const prop = this.field(key);
    return { schema: new OpenApiPatchSchema(this.schemas, this.resolve(prop)), meta: this.meta(prop) };
  }

  forSlice(key: string): { schema: PatchSchema; meta: PatchMeta } {
    const prop = this.field(key);
    const list = this.resolve(prop);
    return { schema: new OpenApiPatchSchema(this.schemas, this.resolve(mapAt(list, 'items'))), meta: this.meta(prop) };
  }
}

/** The schema of a kind in a group-version document, or undefined. */
export function schemaForKind(doc: OpenApiDocument, group: string, version: string, kind: string): PatchSchema | undefined {
  const schemas = mapAt(mapAt(doc, 'components'), 'schemas') ?? {};
  for (const s of Object.values(schemas)) {
    if (!isJsonMap(s)) continue;
    const gvks = mapsAt(s, 'x-kubernetes-group-version-kind');
    if (gvks.some((g) => g.group === group && g.version === version && g.kind === kind)) {
      return new OpenApiPatchSchema(schemas, s);
    }
  }
  return undefined;
}

interface Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

export class OpenApiV3Client {
  private index?: Promise<Index | undefined>;
  private readonly docs = new Map<string, Promise<OpenApiDocument | undefined>>();
  readonly cacheDir: string;

  constructor(
    private readonly transport: Transport,
    cacheRoot: string,
  ) {
    this.cacheDir = path.join(cacheRoot, 'ktl', 'openapi', cacheHostDir(transport.config.cluster.server));
  }

  /** The index, or undefined when the server has no OpenAPI v3. */
  private getIndex(): Promise<Index | undefined> {
    this.index ??= (async () => {
      try {
        const res = await this.transport.request({ method: 'GET', path: '/openapi/v3', defaultTimeoutMs: 32_000 });
        return res.json<Index>();
      } catch (err) {
        if (err instanceof ApiError && (err.statusCode === 404 || err.statusCode === 403)) return undefined;
        throw err;
      }
    })();
    return this.index;
  }

  /** The document for "apis/apps/v1" or "api/v1", or undefined. */
  document(gvPath: string): Promise<OpenApiDocument | undefined> {
    let p = this.docs.get(gvPath);
    if (!p) {
      p = this.loadDocument(gvPath);
      this.docs.set(gvPath, p);
    }
    return p;
  }

  private async loadDocument(gvPath: string): Promise<OpenApiDocument | undefined> {
    const index = await this.getIndex();
    const url = index?.paths?.[gvPath]?.serverRelativeURL;
    if (!url) return undefined;
    const hash = /[?&]hash=([^&]+)/.exec(url)?.[1];
    const file = hash ? path.join(this.cacheDir, `${gvPath.replace(/[^\w.-]/g, '_')}.${hash}.json`) : undefined;
    if (file) {
      const cached = await readFile(file, 'utf8').catch(() => undefined);
      if (cached) {
        try {
          const doc: unknown = JSON.parse(cached);
          if (isJsonMap(doc)) return doc;
        } catch {
          /* refetch a damaged file */
        }
      }
    }
    const res = await this.transport.request({ method: 'GET', path: url, defaultTimeoutMs: 32_000 });
    const text = res.text();
    if (file) {
      await mkdir(this.cacheDir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await rename(tmp, file).catch(() => undefined);
    }
    const doc: unknown = JSON.parse(text);
    // a document that is not an object describes no kind
    return isJsonMap(doc) ? doc : undefined;
  }

  /** Patch metadata for a kind, or undefined when the server does not describe it. */
  async schemaFor(group: string, version: string, kind: string): Promise<PatchSchema | undefined> {
    const doc = await this.document(group ? `apis/${group}/${version}` : `api/${version}`);
    return doc && schemaForKind(doc, group, version, kind);
  }
}

/**
 * API groups compiled into kubectl's scheme: their kinds get a strategic
 * merge patch; anything else (custom resources) a JSON merge patch.
 */
const BUILTIN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'extensions',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

export function isBuiltinGroup(group: string): boolean {
  return BUILTIN_GROUPS.has(group);
}
