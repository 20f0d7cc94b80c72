/**
 * ServiceAccount: image pull secrets, mountable secrets and legacy token
 * secrets, each marked "(not found)" when the secret is missing. Listing
 * secrets may be forbidden; kubectl then describes without that check.
 */
import type { V1Secret, V1ServiceAccount } from '@kubernetes/client-node';
import { getObject, gvr, listObjects } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { printAnnotationsMultiline, printLabelsMultiline } from '../format.js';
import { LEVEL_0, tabbedString } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';

const EMPTY_HEADER = '                   ';

export function renderServiceAccount(sa: V1ServiceAccount, tokens: string[], missing: ReadonlySet<string>, events: CoreEvent[] | undefined, now: Date): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', sa.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', sa.metadata?.annotations);
    const sections: Array<[string, string[]]> = [
      ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s) => s.name ?? '')],
      ['Mountable secrets: ', (sa.secrets ?? []).map((s) => s.name ?? '')],
      ['Tokens:            ', tokens],
    ];
    for (const [header, names] of sections) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const n of names) {
        w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`);
        prefix = EMPTY_HEADER;
      }
    }
    if (events) describeEvents(w, events, now);
  });
}

const describeServiceAccount: Describer = async (dc, namespace, name) => {
  const sa = await getObject<V1ServiceAccount>(dc, gvr('', 'v1', 'serviceaccounts'), namespace, name);
  const tokens: string[] = [];
  const missing = new Set<string>();
  try {
    const secrets = await listObjects<V1Secret>(dc, gvr('', 'v1', 'secrets'), namespace);
    const existing = new Set<string>();
    for (const s of secrets) {
      const ann = s.metadata?.annotations ?? {};
      if (
        s.type === 'kubernetes.io/service-account-token' &&
        (ann['kubernetes.io/service-account.name'] ?? '') === sa.metadata?.name &&
        (ann['kubernetes.io/service-account.uid'] ?? '') === sa.metadata?.uid
      ) {
        tokens.push(s.metadata?.name ?? '');
      }
      existing.add(s.metadata?.name ?? '');
    }
    for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) {
      if (!existing.has(s.name ?? '')) missing.add(s.name ?? '');
    }
  } catch {
    // kubectl tolerates a failed secret list: names are shown without the check
  }
  const events = await eventsFor(dc, refOf(sa));
  return renderServiceAccount(sa, tokens, missing, events, dc.now);
};

registerDescriber('', 'ServiceAccount', describeServiceAccount);
