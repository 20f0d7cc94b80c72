/** `ktl explain TYPE[.field...]`: resolve the type as kubectl does, render its OpenAPI v3 schema. */
import { OpenApiV3Client } from '../apply/openapi.js';
import { groupResource, type ResourceMapping } from '../client/mapper.js';
import { warningPrinterFor } from '../client/warnings.js';
import { ExitError, KtlError, UnknownResourceError } from '../errors.js';
import { repeatDiscoveryFailureLog } from '../client/discovery.js';
import type { Factory } from '../factory.js';
import { JsonPathParseError, parseJsonPathTemplate, type JsonPathNode } from '../printers/jsonpath.js';
import { explainV2, V2Models } from './v2.js';
import { ExplainError, explainPlaintext, type Gvr } from './v3.js';

export interface ExplainOptions {
  factory: Factory;
  out: (s: string) => Promise<void>;
  err: (s: string) => Promise<void>;
  arg: string;
  apiVersion: string;
  output: string;
  recursive: boolean;
}

/**
 * kubectl reads the argument as the JSONPath "{.ARG}" (one trailing dot
 * dropped): its parse errors are the user's errors, and the nodes must be
 * fields to name a type and its fields.
 */
function jsonPathNodes(text: string): JsonPathNode[] {
  const t = text.endsWith('.') ? text.slice(0, -1) : text;
  let root;
  try {
    root = parseJsonPathTemplate(`{.${t}}`);
  } catch (e) {
    if (e instanceof JsonPathParseError) throw new KtlError(e.message);
    throw e;
  }
  const [only, ...more] = root.nodes;
  if (only?.type !== 'list' || more.length) throw new KtlError('must pass in 1 jsonpath string');
  return only.nodes;
}

/** The names of field nodes; any other node is `message`. */
function fieldNames(nodes: JsonPathNode[], message: string): string[] {
  return nodes.map((n) => {
    if (n.type !== 'field') throw new KtlError(message);
    return n.name;
  });
}

const FIRST_NOT_FIELD = 'invalid jsonpath syntax, first node must be field node';

function parseGroupVersion(gv: string): { group: string; version: string } {
  const parts = gv.split('/');
  if (parts.length === 1) return { group: '', version: parts[0]! };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  throw new KtlError(`unexpected GroupVersion string: ${gv}`);
}

function gvrString(g: Gvr): string {
  return `${g.group}/${g.version}, Resource=${g.resource}`;
}

/** kubectl prints a NoResourceMatchError bare (no "error: " in front). */
async function unknown(o: ExplainOptions, resource: string): Promise<never> {
  await o.err(new UnknownResourceError(resource).message + '\n');
  throw new ExitError(1);
}

export async function runExplain(o: ExplainOptions): Promise<void> {
  const clients = await o.factory.clients();
  const nodes = jsonPathNodes(o.arg);
  const head = nodes[0];
  if (head?.type !== 'field') throw new KtlError(FIRST_NOT_FIELD);
  const first = head.name;
  let mapper = await clients.mapper().catch((err: unknown) => {
    // kubectl's ResourceFor goes through the shortcut expander: a failed discovery is tried twice
    repeatDiscoveryFailureLog(err, 1);
    throw err;
  });
  // a type missing from cached discovery: ask the server again, as kubectl's mapper does
  if (mapper.allFor(first).length === 0) mapper = await clients.mapper({ fresh: true });
  let gvr: Gvr;
  let fields: string[];
  if (!o.apiVersion) {
    const all: ResourceMapping[] = mapper.allFor(first);
    if (all.length === 0) return unknown(o, first);
    const prefixed = all.find((m) => o.arg.startsWith(groupResource(m)));
    if (prefixed) {
      gvr = { group: prefixed.group, version: prefixed.version, resource: prefixed.resource };
      // what follows "group.resource" is read on its own; its first node (the dot's) is passed over
      const suffix = o.arg.slice(groupResource(prefixed).length);
      fields = suffix ? fieldNames(jsonPathNodes(suffix).slice(1), FIRST_NOT_FIELD) : [];
    } else {
      const m = all[0]!;
      // kubectl's shortcut expander: a short name other resources also have warns of each of them
      for (const other of mapper.shortNameAlternatives(first)) {
        warningPrinterFor(o.factory.ctx).print(`short name "${first.toLowerCase()}" could also match lower priority resource ${other}`);
      }
      gvr = { group: m.group, version: m.version, resource: m.resource };
      fields = fieldNames(nodes.slice(1), FIRST_NOT_FIELD);
    }
  } else {
    const m = mapper.allFor(first)[0];
    if (!m) return unknown(o, first);
    gvr = { group: m.group, version: m.version, resource: m.resource };
    fields = fieldNames(nodes.slice(1), 'invalid jsonpath syntax, all nodes must be field nodes');
  }

  const renderV2 = async () => {
    const kindOf = mapper.allFor(gvr.resource).find((m) => m.group === gvr.group && m.version === gvr.version) ?? mapper.allFor(gvr.resource).find((m) => m.group === gvr.group);
    const gvk = { group: gvr.group, version: gvr.version, kind: kindOf?.kind ?? '' };
    if (o.apiVersion) Object.assign(gvk, parseGroupVersion(o.apiVersion));
    const res = await clients.transport.request({ method: 'GET', path: '/openapi/v2', accept: 'application/json', defaultTimeoutMs: 32_000 });
    const spec = res.json<{ definitions?: Record<string, unknown> }>();
    await o.out(explainV2(new V2Models(spec.definitions ?? {}), gvk, fields, o.recursive));
  };
  if (o.output === 'plaintext-openapiv2') return renderV2();
  const v3Served = () =>
    clients.transport.request({ method: 'GET', path: '/openapi/v3', defaultTimeoutMs: 32_000 }).then(
      () => true,
      () => false,
    );
  if (o.apiVersion) Object.assign(gvr, parseGroupVersion(o.apiVersion));
  const openapi = new OpenApiV3Client(clients.transport, clients.config.cacheDir);
  const gvPath = gvr.group ? `apis/${gvr.group}/${gvr.version}` : `api/${gvr.version}`;
  let doc: Awaited<ReturnType<OpenApiV3Client['document']>>;
  try {
    doc = await openapi.document(gvPath);
  } catch (err) {
    // kubectl renders from OpenAPI v2 when the server does not answer /openapi/v3
    if (o.output === 'plaintext' && !(await v3Served())) return renderV2();
    throw err;
  }
  if (!doc && o.output === 'plaintext' && !(await v3Served())) return renderV2();
  if (!doc) throw new KtlError(`couldn't find resource for "${gvrString(gvr)}"`);
  if (o.output !== 'plaintext') throw new KtlError(`unrecognized format: ${o.output}`);
  let text = '';
  try {
    explainPlaintext(doc, gvr, fields, o.recursive, (s) => void (text += s));
  } catch (err) {
    await o.out(text);
    if (err instanceof ExplainError) throw new KtlError(err.message.replace(/^error: /, ''));
    throw err;
  }
  await o.out(text);
}
