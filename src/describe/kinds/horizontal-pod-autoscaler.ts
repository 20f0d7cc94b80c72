/**
 * HorizontalPodAutoscaler, read as autoscaling/v2 (kubectl's first choice):
 * one "current / target" line per metric, min/max replicas, the scaling
 * behavior when set, replica counts and conditions.
 */
import { goQuote } from '../../printers/go-format.js';
import { getObject, gvr } from '../api.js';
import { describeEvents, eventsFor, refOf, type CoreEvent } from '../events.js';
import { printAnnotationsMultiline, printLabelsMultiline, timeRFC1123Z } from '../format.js';
import { metaOf, type Described } from '../object-meta.js';
import { DescribeWriter, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from '../prefix-writer.js';
import { registerDescriber, type Describer } from '../registry.js';

type Quantity = string | number | null | undefined;

interface MetricTarget {
  type?: string;
  value?: Quantity;
  averageValue?: Quantity;
  averageUtilization?: number | null;
}

interface MetricCurrent {
  value?: Quantity;
  averageValue?: Quantity;
  averageUtilization?: number | null;
}

interface MetricSpec {
  type?: string;
  object?: { metric?: { name?: string }; describedObject?: { kind?: string; name?: string }; target?: MetricTarget };
  pods?: { metric?: { name?: string }; target?: MetricTarget };
  resource?: { name?: string; target?: MetricTarget };
  containerResource?: { name?: string; container?: string; target?: MetricTarget };
  external?: { metric?: { name?: string }; target?: MetricTarget };
}

type MetricStatus = { [K in 'object' | 'pods' | 'resource' | 'containerResource' | 'external']?: { current?: MetricCurrent } | null };

interface ScalingRules {
  stabilizationWindowSeconds?: number | null;
  selectPolicy?: string | null;
  policies?: Array<{ type?: string; value?: number; periodSeconds?: number }> | null;
}

export interface HPA extends Described {
  spec?: {
    scaleTargetRef?: { kind?: string; name?: string };
    minReplicas?: number | null;
    maxReplicas?: number;
    metrics?: MetricSpec[] | null;
    behavior?: { scaleUp?: ScalingRules | null; scaleDown?: ScalingRules | null } | null;
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: MetricStatus[] | null;
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }> | null;
  };
}

/** Quantity.String() of a pointer field: "<nil>" when unset. */
const q = (v: Quantity): string => (v === undefined || v === null ? '<nil>' : String(v));
const set = (v: unknown): boolean => v !== undefined && v !== null;

function writeMetric(w: PrefixWriter, metric: MetricSpec, status: MetricStatus | undefined): void {
  switch (metric.type) {
    case 'External': {
      const ext = metric.external ?? {};
      const cur = status?.external;
      const name = goQuote(ext.metric?.name ?? '');
      if (set(ext.target?.averageValue)) {
        const current = cur && set(cur.current?.averageValue) ? q(cur.current?.averageValue) : '<unknown>';
        w.write(LEVEL_1, `${name} (target average value):\t${current} / ${q(ext.target?.averageValue)}\n`);
      } else {
        const current = cur ? q(cur.current?.value) : '<unknown>';
        w.write(LEVEL_1, `${name} (target value):\t${current} / ${q(ext.target?.value)}\n`);
      }
      return;
    }
    case 'Pods': {
      const pods = metric.pods ?? {};
      const current = status?.pods ? q(status.pods.current?.averageValue) : '<unknown>';
      w.write(LEVEL_1, `${goQuote(pods.metric?.name ?? '')} on pods:\t${current} / ${q(pods.target?.averageValue)}\n`);
      return;
    }
    case 'Object': {
      const obj = metric.object ?? {};
      w.write(LEVEL_1, `"${obj.metric?.name ?? ''}" on ${obj.describedObject?.kind ?? ''}/${obj.describedObject?.name ?? ''} `);
      if (obj.target?.type === 'AverageValue') {
        const current = status?.object ? q(status.object.current?.averageValue) : '<unknown>';
        w.write(LEVEL_0, `(target average value):\t${current} / ${q(obj.target?.averageValue)}\n`);
      } else {
        const current = status?.object ? q(status.object.current?.value) : '<unknown>';
        w.write(LEVEL_0, `(target value):\t${current} / ${q(obj.target?.value)}\n`);
      }
      return;
    }
    case 'Resource':
    case 'ContainerResource': {
      const isContainer = metric.type === 'ContainerResource';
      const src = (isContainer ? metric.containerResource : metric.resource) ?? {};
      const cur = isContainer ? status?.containerResource : status?.resource;
      if (isContainer) w.write(LEVEL_1, `resource ${src.name ?? ''} of container "${metric.containerResource?.container ?? ''}" on pods`);
      else w.write(LEVEL_1, `resource ${src.name ?? ''} on pods`);
      if (set(src.target?.averageValue)) {
        const current = cur ? q(cur.current?.averageValue) : '<unknown>';
        w.write(LEVEL_0, `:\t${current} / ${q(src.target?.averageValue)}\n`);
      } else {
        const util = cur?.current?.averageUtilization;
        const current = cur && set(util) ? `${util}% (${q(cur.current?.averageValue)})` : '<unknown>';
        const target = set(src.target?.averageUtilization) ? `${src.target!.averageUtilization}%` : '<auto>';
        w.write(LEVEL_1, `(as a percentage of request):\t${current} / ${target}\n`);
      }
      return;
    }
    default:
      w.write(LEVEL_1, `<unknown metric type ${goQuote(metric.type ?? '')}>\n`);
  }
}

function printDirectionBehavior(w: PrefixWriter, direction: string, rules: ScalingRules | null | undefined): void {
  if (!rules) return;
  w.write(LEVEL_1, `${direction}:\n`);
  if (set(rules.stabilizationWindowSeconds)) w.write(LEVEL_2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  const policies = rules.policies ?? [];
  if (policies.length > 0) {
    w.write(LEVEL_2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of policies) w.write(LEVEL_3, `- Type: ${p.type ?? ''}\tValue: ${p.value ?? 0}\tPeriod: ${p.periodSeconds ?? 0} seconds\n`);
  }
}

export function renderHPA(hpa: HPA, events: CoreEvent[] | undefined, now: Date): string {
  const md = metaOf(hpa);
  const spec = hpa.spec ?? {};
  const status = hpa.status ?? {};
  const w = new DescribeWriter();
  w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
  w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', md.labels);
  printAnnotationsMultiline(w, 'Annotations', md.annotations);
  w.write(LEVEL_0, `CreationTimestamp:\t${timeRFC1123Z(md.creationTimestamp)}\n`);
  w.write(LEVEL_0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
  w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
  const current = status.currentMetrics ?? [];
  (spec.metrics ?? []).forEach((m, i) => writeMetric(w, m, current[i] ?? undefined));
  w.write(LEVEL_0, `Min replicas:\t${set(spec.minReplicas) ? spec.minReplicas : '<unset>'}\n`);
  w.write(LEVEL_0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
  if (spec.behavior) {
    w.write(LEVEL_0, 'Behavior:\n');
    printDirectionBehavior(w, 'Scale Up', spec.behavior.scaleUp);
    printDirectionBehavior(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(LEVEL_0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
  w.write(LEVEL_0, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
  const conditions = status.conditions ?? [];
  if (conditions.length > 0) {
    w.write(LEVEL_0, 'Conditions:\n');
    w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
    w.write(LEVEL_1, '----\t------\t------\t-------\n');
    for (const c of conditions) w.write(LEVEL_1, `${c.type ?? ''}\t${c.status ?? ''}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  if (events) describeEvents(w, events, now);
  return w.toString();
}

const describeHPA: Describer = async (dc, ns, name) => {
  const hpa = await getObject<HPA>(dc, gvr('autoscaling', 'v2', 'horizontalpodautoscalers'), ns, name);
  return renderHPA(hpa, await eventsFor(dc, refOf(hpa)), dc.now);
};

registerDescriber('autoscaling', 'HorizontalPodAutoscaler', describeHPA);
