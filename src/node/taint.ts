/**
 * kubectl taint's model (k8s.io/kubectl/pkg/cmd/taint): parsing
 * `key[=value]:effect` and `key[:effect]-`, apimachinery's validation texts
 * for the key and value, and how the new list is made (added taints first,
 * then the old ones they do not replace, minus the removed ones) with the
 * operation word kubectl prints (tainted, untainted, modified).
 */
import { ErrorList, KtlError } from '../errors.js';
import { isRecord, listAt } from '../codec/value.js';

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

/** Whether a JSON value is a taint: key and effect strings, value and timeAdded strings when present. */
export function isTaint(v: unknown): v is Taint {
  if (!isRecord(v) || typeof v.key !== 'string' || typeof v.effect !== 'string') return false;
  return (v.value === undefined || typeof v.value === 'string') && (v.timeAdded === undefined || typeof v.timeAdded === 'string');
}

/** The taints of a node's spec as they are (entries of another shape skipped). */
export function taintsOf(spec: unknown): Taint[] {
  const out: Taint[] = [];
  for (const t of listAt(spec, 'taints')) if (isTaint(t)) out.push(t);
  return out;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  // Go: " (e.g. " then each example as "'x', ", joined by " or "
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS_SUBDOMAIN_FMT = `${DNS_LABEL}(\\.${DNS_LABEL})*`;
const DNS_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** validation.IsQualifiedName */
export function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      if (prefix.length > 253) errs.push('prefix part must be no more than 253 characters');
      if (!new RegExp(`^${DNS_SUBDOMAIN_FMT}$`).test(prefix)) errs.push(`prefix part ${regexError(DNS_SUBDOMAIN_MSG, DNS_SUBDOMAIN_FMT, 'example.com')}`);
    }
  } else {
    return [`a qualified name ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!new RegExp(`^${QNAME_FMT}$`).test(name)) errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** validation.IsValidLabelValue */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!new RegExp(`^${LABEL_VALUE_FMT}$`).test(value)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** corev1.Taint.ToString */
export function taintString(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

function parseTaint(st: string): Taint {
  const parts = st.split(':');
  let key: string;
  let value = '';
  let effect = '';
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect)) throw new KtlError(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw new KtlError(`invalid taint spec: ${st}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const errs = labelValueErrors(value);
      if (errs.length) throw new KtlError(`invalid taint spec: ${st}, ${errs.join('; ')}`);
    }
  } else throw new KtlError(`invalid taint spec: ${st}`);
  const errs = qualifiedNameErrors(key);
  if (errs.length) throw new KtlError(`invalid taint spec: ${st}, ${errs.join('; ')}`);
  return value ? { key, value, effect } : { key, effect };
}

/** parseTaints: the taints to add and to remove (`...-`). */
export function parseTaints(specs: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  const seen = new Map<string, Set<string>>();
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      remove.push({ key: t.key, effect: t.effect });
      continue;
    }
    const t = parseTaint(spec);
    if (!t.effect) throw new KtlError(`invalid taint spec: ${spec}`);
    const keys = seen.get(t.effect) ?? new Set<string>();
    // Go's %v of a Taint struct: {key value effect <nil>}
    if (keys.has(t.key)) throw new KtlError(`duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`);
    keys.add(t.key);
    seen.set(t.effect, keys);
    add.push(t);
  }
  return { add, remove };
}

/** The "can not both modify and remove" check of Validate(). */
export function conflicts(add: Taint[], remove: Taint[]): string[] {
  const out: string[] = [];
  for (const a of add) {
    for (const r of remove) {
      if (a.key !== r.key) continue;
      if (!r.effect || a.effect === r.effect) out.push(`${r.key}=${r.effect}`);
    }
  }
  return out;
}

const matches = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect;

/**
 * The node's new taints and kubectl's operation word; throws kubectl's
 * errors (an existing taint without --overwrite, a removed taint not found).
 */
export function updateTaints(nodeName: string, old: Taint[], add: Taint[], remove: Taint[], overwrite: boolean): { operation: string; taints: Taint[] } {
  if (!overwrite) {
    const exists: string[] = [];
    for (const t of add) for (const o of old) if (t.key === o.key && t.effect === o.effect) exists.push(t.key);
    if (exists.length) throw new KtlError(`node ${nodeName} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`);
  }
  let taints = [...add];
  for (const o of old) if (!taints.some((t) => matches(t, o))) taints.push(o);
  const added = old.length !== taints.length;
  const errors: string[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = r.effect ? taints.filter((t) => !matches(r, t)) : taints.filter((t) => t.key !== r.key);
    deleted = taints.length !== before;
    if (!deleted) errors.push(`taint "${taintString(r)}" not found`);
  }
  // one error as "error: ...", several (an aggregate) one per line without "error: "
  if (errors.length === 1) throw new KtlError(errors[0]!);
  if (errors.length) throw new ErrorList(errors.map((e) => new KtlError(e)), 'bare');
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints };
}
