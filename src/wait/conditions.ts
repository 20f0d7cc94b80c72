/**
 * `wait --for=...`: parsing the condition and deciding whether an object
 * meets it. Pure; src/commands/wait.ts does the watching.
 */
import { KtlError, messageOf } from '../errors.js';
import { JsonPath, relaxedJsonPathExpression } from '../printers/jsonpath.js';
import type { KubeObject } from '../client/rest.js';
import { mapAt, mapsAt, numberAt, stringAt } from '../codec/value.js';

export type WaitFor =
  | { kind: 'delete' }
  | { kind: 'create' }
  | { kind: 'condition'; name: string; value: string }
  | { kind: 'jsonpath'; expression: string; value?: string; parser: JsonPath };

const JSONPATH_FORMAT = "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'";

export function parseWaitFor(spec: string): WaitFor {
  const lower = spec.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (lower.startsWith('condition=')) {
    const rest = spec.slice('condition='.length);
    const eq = rest.indexOf('=');
    if (eq >= 0) return { kind: 'condition', name: rest.slice(0, eq), value: rest.slice(eq + 1) };
    return { kind: 'condition', name: rest, value: 'true' };
  }
  if (lower.startsWith('jsonpath=')) {
    const [expr, value] = splitJsonPathInput(spec.slice('jsonpath='.length));
    let relaxed: string;
    try {
      relaxed = relaxedJsonPathExpression(expr);
    } catch (e) {
      throw new KtlError(messageOf(e));
    }
    let parser: JsonPath;
    try {
      parser = new JsonPath(relaxed);
    } catch (e) {
      throw new KtlError(messageOf(e));
    }
    if (value === undefined) return { kind: 'jsonpath', expression: relaxed, parser };
    const trimmed = value.replace(/^['"]+|['"]+$/g, '');
    if (trimmed === '') throw new KtlError('jsonpath wait has to have a value after equal sign');
    return { kind: 'jsonpath', expression: relaxed, value: trimmed, parser };
  }
  throw new KtlError(`unrecognized condition: "${spec}"`);
}

/**
 * "{.a}=v" -> ["{.a}", "v"]; the value starts at the first "=" after the
 * expression's last "}" (or the first "=" when there are no braces).
 */
export function splitJsonPathInput(input: string): [string, string?] {
  const close = input.lastIndexOf('}');
  const eq = input.indexOf('=', close >= 0 ? close : 0);
  if (eq < 0) {
    if (input === '') throw new KtlError(JSONPATH_FORMAT);
    return [input];
  }
  const expr = input.slice(0, eq);
  if (expr === '') throw new KtlError(JSONPATH_FORMAT);
  return [expr, input.slice(eq + 1)];
}

/** condition=NAME[=VALUE]: a status.conditions entry of that type with that status, for the current generation. */
export function conditionMet(obj: KubeObject, name: string, value: string): boolean {
  const status = mapAt(obj, 'status');
  const generation = numberAt(obj.metadata, 'generation');
  // entries that are not objects have no type: skipped
  for (const c of mapsAt(status, 'conditions')) {
    const type = stringAt(c, 'type');
    if (type === undefined || type.toLowerCase() !== name.toLowerCase()) continue;
    const cs = stringAt(c, 'status');
    if (cs === undefined) continue;
    if (generation !== undefined) {
      const observed = numberAt(c, 'observedGeneration') ?? numberAt(status, 'observedGeneration');
      if (observed !== undefined && observed < generation) return false;
    }
    return cs.toLowerCase() === value.toLowerCase();
  }
  return false;
}

/** jsonpath=EXPR[=VALUE]: the one value the expression selects exists (and prints as VALUE). */
export function jsonPathMet(obj: KubeObject, w: Extract<WaitFor, { kind: 'jsonpath' }>): boolean {
  let results: unknown[][];
  try {
    results = w.parser.findResults(obj);
  } catch {
    return false;
  }
  const first = results[0];
  if (!first || first.length === 0) return false;
  if (first.length > 1) throw new KtlError('given jsonpath expression matches more than one value');
  const v = first[0];
  if (v !== null && typeof v === 'object') throw new KtlError('jsonpath leads to a nested object or list which is not supported');
  if (w.value === undefined) return true;
  return goString(v) === w.value;
}

function goString(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  return String(v);
}
