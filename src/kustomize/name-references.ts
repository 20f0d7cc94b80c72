/**
 * After renames (prefix, suffix, namespace, hash suffix), the fields that
 * name other objects are rewritten to the new names: kustomize's name
 * reference table, its candidate sieves (previous names, types, namespaces,
 * same prefixes/suffixes), run once on the whole build.
 */
import { KtlError } from '../errors.js';
import { getAt, setAt, spec, walkSpec, type Holder } from './field-path.js';
import type { NameRefSpec } from './crds.js';
import type { FieldSpec } from './field-path.js';
import { NAME_REFERENCES } from './reference-specs.js';
import { gvkSelected, idString, isClusterScoped, isMap, sameNamespace, type Gvk, type JsonMap, type Resource } from './resource.js';
import { emitObjects } from './yaml-io.js';

const gvkOf = (s: string): Partial<Gvk> => {
  const [kind, group, version] = s.split('|');
  return { kind, group, version };
};

/** ServiceAccount namespaces named as subjects of a (Cluster)RoleBinding. */
function bindingNamespaces(r: Resource): Set<string> {
  const out = new Set<string>();
  if (r.kind !== 'RoleBinding' && r.kind !== 'ClusterRoleBinding') return out;
  const subjects = r.obj.subjects;
  if (Array.isArray(subjects)) {
    for (const s of subjects) if (isMap(s) && s.kind === 'ServiceAccount' && typeof s.namespace === 'string') out.add(s.namespace);
  }
  return out;
}

function referableBy(all: Resource[], referrer: Resource): Resource[] {
  const rid = referrer.curId();
  if (isClusterScoped(rid)) return all;
  const ns = bindingNamespaces(referrer);
  return all.filter((t) => {
    const id = t.curId();
    return isClusterScoped(id) || sameNamespace(id, rid) || ns.has(t.namespace);
  });
}

function sameEnding(a: string[], b: string[]): boolean {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (s.length === 0) return l.length === 0;
  const diff = l.length - s.length;
  return s.every((x, i) => l[i + diff] === x);
}

function affixesEqual(r: Resource, o: Resource, allowEmpty: boolean): boolean {
  if (!allowEmpty) return sameEnding(r.prefixes, o.prefixes) && sameEnding(r.suffixes, o.suffixes);
  const pe = r.prefixes.length === 0 || o.prefixes.length === 0;
  const se = r.suffixes.length === 0 || o.suffixes.length === 0;
  return (pe || sameEnding(r.prefixes, o.prefixes)) && (se || sameEnding(r.suffixes, o.suffixes));
}

function select(oldName: string, cands: Resource[], target: Partial<Gvk>, referrer: Resource, path: string, withNs: boolean): Resource | undefined {
  let c = cands.filter((r) => r.prevIds().some((id) => id.name === oldName));
  c = c.filter((r) => r.prevIds().some((id) => gvkSelected(id, target)));
  if (path.endsWith('roleRef/name')) {
    const rr = referrer.obj.roleRef;
    if (isMap(rr) && typeof rr.apiGroup === 'string' && typeof rr.kind === 'string') {
      const sel = { group: rr.apiGroup, kind: rr.kind };
      c = c.filter((r) => r.prevIds().some((id) => gvkSelected(id, sel)));
    }
  }
  const rid = referrer.curId();
  if (!isClusterScoped(rid)) c = c.filter((r) => isClusterScoped(r.curId()) || r.kind === 'ServiceAccount' || sameNamespace(rid, r.curId()));
  if (c.length === 1) return c[0];
  c = c.filter((r) => affixesEqual(r, referrer, true));
  if (c.length > 1) c = c.filter((r) => affixesEqual(r, referrer, false));
  if (c.length === 1) return c[0];
  if (c.length === 0) return undefined;
  const same = c.every((r) => r.name === c[0]!.name && (!withNs || r.namespace === c[0]!.namespace));
  if (same) return c[0];
  const details = c.map((r, i) => `--- possible referral ${i}:\n${emitObjects([r.obj])}\n`).join('');
  throw new KtlError(
    `updating name reference in '${path}' field of '${idString(referrer.curId())}': found multiple possible referrals: ${c.map((r) => idString(r.curId())).join(', ')}\n\n**** Too many possible referral targets to referrer:\n${emitObjects([referrer.obj])}\n${details}`,
  );
}

/** The built-in table, then the fields `crds` files declared. */
function referenceTable(extra: readonly NameRefSpec[]): Array<[Partial<Gvk>, FieldSpec]> {
  const out: Array<[Partial<Gvk>, FieldSpec]> = [];
  for (const [targetStr, referrers] of NAME_REFERENCES) for (const r of referrers) out.push([gvkOf(targetStr), spec(r)]);
  for (const n of extra) out.push([n.target, n.referrer]);
  return out;
}

export function fixNameReferences(resources: Resource[], extra: readonly NameRefSpec[] = []): void {
  for (const [target, fs] of referenceTable(extra)) {
    for (const r of resources) {
      if (!gvkSelected(r.orgId(), fs)) continue;
      const cands = referableBy(resources, r);
      const onScalar = (h: Holder, key: string | number) => {
        const v = getAt(h, key);
        if (typeof v !== 'string') return;
        const ref = select(v, cands, target, r, fs.path, false);
        if (ref && ref.name !== v) setAt(h, key, ref.name);
      };
      const onMap = (m: JsonMap) => {
        if (typeof m.name !== 'string') return;
        let cs = cands;
        if (typeof m.namespace === 'string') {
          const ns = m.namespace;
          const byOrg = cands.filter((c) => (c.prevIds()[0]?.namespace ?? c.namespace) === ns || c.orgId().namespace === ns);
          cs = byOrg.length ? byOrg : cands.filter((c) => c.namespace === ns);
        }
        const ref = select(m.name, cs, target, r, fs.path, true);
        if (!ref) return;
        if (ref.name === m.name && ref.namespace === '') return;
        m.name = ref.name;
        if (ref.namespace !== '') m.namespace = ref.namespace;
      };
      walkSpec(r.obj, { ...fs, kind: '', group: '', version: '' }, undefined, (h, key) => {
        const v = getAt(h, key);
        if (v === null || v === undefined) return;
        if (typeof v === 'string') onScalar(h, key);
        else if (isMap(v)) onMap(v);
        else if (Array.isArray(v)) {
          v.forEach((e, i) => {
            if (typeof e === 'string') onScalar(v, i);
            else if (isMap(e)) onMap(e);
          });
        }
      });
    }
  }
}
