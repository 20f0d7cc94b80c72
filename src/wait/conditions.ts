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
    // kubectl's order: the number of parts, the relaxed expression, the value, then the parser
    const parts = splitJsonPathInput(spec.slice('jsonpath='.length));
    if (parts.length < 1 || parts.length > 2) throw new KtlError(JSONPATH_FORMAT);
    let relaxed: string;
    try {
      relaxed = relaxedJsonPathExpression(parts[0]!);
    } catch (e) {
      throw new KtlError(messageOf(e));
    }
    let value: string | undefined;
    if (parts.length === 2) {
      value = parts[1]!.replace(/^['"]+|['"]+$/g, '');
      if (value === '') throw new KtlError(`jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3`);
    }
    if (relaxed === '') throw new KtlError('jsonpath expression cannot be empty');
    let parser: JsonPath;
    try {
      parser = new JsonPath(relaxed);
    } catch (e) {
      throw new KtlError(messageOf(e));
    }
    return value === undefined ? { kind: 'jsonpath', expression: relaxed, parser } : { kind: 'jsonpath', expression: relaxed, value, parser };
  }
  throw new KtlError(`unrecognized condition: "${spec}"`);
}

/**
 * kubectl's split of "EXPR[=VALUE]": at every single "=", a "==" (as in a
 * filter's comparison) staying in its part; "{.a}===3" -> ["{.a}==", "3"],
 * "{.a}=x=y" -> three parts (refused), "" -> [""].
 */
export function splitJsonPathInput(input: string): string[] {
  const out: string[] = [];
  let part = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== '=') part += input[i];
    else if (input[i + 1] === '=') {
      part += '==';
      i++;
    } else {
      out.push(part);
      part = '';
    }
  }
  out.push(part);
  return out;
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
