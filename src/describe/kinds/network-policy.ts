/**
 * NetworkPolicy (networking.k8s.io/v1): kubectl's prose rendering of the
 * pod selector and the ingress/egress rules ("To Port", "From:",
 * "----------" between rules). No events section, as kubectl.
 */
import { getObject, gvr } from '../api.js';
import { printAnnotationsMultiline, printLabelsMultiline } from '../format.js';
import { formatLabelSelector, type LabelSelector } from '../label-format.js';
import { goTimeString } from '../go-time.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter } from '../prefix-writer.js';
import { registerDescriber } from '../registry.js';

interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string | null;
  endPort?: number | null;
}

interface NetworkPolicyPeer {
  podSelector?: LabelSelector | null;
  namespaceSelector?: LabelSelector | null;
  ipBlock?: { cidr?: string; except?: string[] | null } | null;
}

interface Rule {
  ports?: NetworkPolicyPort[] | null;
  from?: NetworkPolicyPeer[] | null;
  to?: NetworkPolicyPeer[] | null;
}

interface NetworkPolicySpec {
  podSelector?: LabelSelector;
  ingress?: Rule[] | null;
  egress?: Rule[] | null;
  policyTypes?: string[] | null;
}

export interface NetworkPolicy extends Described {
  spec?: NetworkPolicySpec;
}

/** IntOrString's String() of a possibly missing port: "<nil>" when unset. */
function portText(port: number | string | null | undefined): string {
  return port === undefined || port === null ? '<nil>' : String(port);
}

function printPorts(w: PrefixWriter, ports: NetworkPolicyPort[] | null | undefined, indent: string): void {
  if (!ports || ports.length === 0) {
    w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    return;
  }
  for (const p of ports) {
    const proto = p.protocol || 'TCP';
    if (p.endPort === undefined || p.endPort === null) w.write(LEVEL_0, `${indent}To Port: ${portText(p.port)}/${proto}\n`);
    else w.write(LEVEL_0, `${indent}To Port Range: ${portText(p.port)}-${p.endPort}/${proto}\n`);
  }
}

function printPeers(w: PrefixWriter, peers: NetworkPolicyPeer[], title: 'From' | 'To', indent: string): void {
  for (const peer of peers) {
    w.write(LEVEL_0, `${indent}${title}:\n`);
    if (peer.podSelector && peer.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.podSelector) {
      w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
    } else if (peer.namespaceSelector) {
      w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
    } else if (peer.ipBlock) {
      w.write(LEVEL_1, `${indent}IPBlock:\n`);
      w.write(LEVEL_2, `${indent}CIDR: ${peer.ipBlock.cidr ?? ''}\n`);
      w.write(LEVEL_2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
    }
  }
}

function printRules(w: PrefixWriter, rules: Rule[] | null | undefined, direction: 'ingress' | 'egress', indent: string): void {
  if (!rules || rules.length === 0) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${direction} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    printPorts(w, rule.ports, indent);
    const peers = direction === 'ingress' ? rule.from : rule.to;
    if (!peers || peers.length === 0) {
      if (direction === 'ingress') w.write(LEVEL_0, `${indent}From: <any> (traffic not restricted by source)\n`);
      else w.write(LEVEL_0, `${indent}To: <any> (traffic not restricted by destination)\n`);
    } else {
      printPeers(w, peers, direction === 'ingress' ? 'From' : 'To', indent);
    }
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

export function describeNetworkPolicySpec(w: PrefixWriter, spec: NetworkPolicySpec): void {
  w.write(LEVEL_0, 'Spec:\n');
  w.write(LEVEL_1, 'PodSelector: ');
  const sel = spec.podSelector ?? {};
  if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
  } else {
    w.write(LEVEL_2, `${formatLabelSelector(sel)}\n`);
  }
  const types = spec.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.write(LEVEL_1, 'Allowing ingress traffic:\n');
    printRules(w, spec.ingress, 'ingress', '    ');
  } else {
    w.write(LEVEL_1, 'Not affecting ingress traffic\n');
  }
  if (types.includes('Egress')) {
    w.write(LEVEL_1, 'Allowing egress traffic:\n');
    printRules(w, spec.egress, 'egress', '    ');
  } else {
    w.write(LEVEL_1, 'Not affecting egress traffic\n');
  }
  w.write(LEVEL_1, `Policy Types: ${spec.policyTypes ? types.join(', ') || '<none>' : '<none>'}\n`);
}

export function renderNetworkPolicy(np: NetworkPolicy): string {
  const w = new DescribeWriter();
  const md = metaOf(np);
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  w.write(LEVEL_0, `Created on:\t${goTimeString(md.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  describeNetworkPolicySpec(w, np.spec ?? {});
  return w.toString();
}

registerDescriber('networking.k8s.io', 'NetworkPolicy', async (dc, ns, name) =>
  renderNetworkPolicy(await getObject<NetworkPolicy>(dc, gvr('networking.k8s.io', 'v1', 'networkpolicies'), ns, name)),
);
