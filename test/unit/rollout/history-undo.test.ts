import { describe, expect, test } from '@jest/globals';
import {
  controllerRevisions,
  deploymentRevisions,
  historyTable,
  printedRevision,
  selectorString,
  templatesEqualIgnoringHash,
} from '../../../src/rollout/history.js';
import { describePodTemplate } from '../../../src/rollout/template.js';
import { planControllerRevisionUndo, planDeploymentUndo } from '../../../src/rollout/undo.js';
import { formatRFC3339, pausePatch, restartPatch, resumePatch } from '../../../src/rollout/mutations.js';

const owner = { metadata: { name: 'web', uid: 'u1', annotations: { 'deployment.kubernetes.io/revision': '2' } }, spec: { template: tpl('nginx:2') } };
function tpl(image: string, hash?: string) {
  return { metadata: { labels: { app: 'web', ...(hash ? { 'pod-template-hash': hash } : {}) } }, spec: { containers: [{ name: 'nginx', image }] } };
}
const rs = (rev: number, image: string, extra: Record<string, string> = {}) => ({
  metadata: {
    name: `web-${rev}`,
    annotations: { 'deployment.kubernetes.io/revision': String(rev), ...extra },
    ownerReferences: [{ controller: true, uid: 'u1' }],
  },
  spec: { template: tpl(image, `h${rev}`) },
});

describe('deployment history', () => {
  const revs = deploymentRevisions(owner, [rs(2, 'nginx:2', { 'kubernetes.io/change-cause': 'set to 2' }), rs(1, 'nginx:1'), { metadata: { name: 'other' } }]);
  test('table (kubectl bytes: name, space, newline, padded table)', () => {
    expect(historyTable(revs)).toBe('\nREVISION  CHANGE-CAUSE\n1         <none>\n2         set to 2\n');
  });
  test('revision template carries the change-cause and hash', () => {
    expect(describePodTemplate(revs[1]!.template)).toBe(
      'Pod Template:\n  Labels:\tapp=web\n\tpod-template-hash=h2\n  Annotations:\tkubernetes.io/change-cause: set to 2\n  Containers:\n   nginx:\n    Image:\tnginx:2\n    Port:\t<none>\n    Host Port:\t<none>\n    Environment:\t<none>\n    Mounts:\t<none>\n  Volumes:\t<none>\n  Node-Selectors:\t<none>\n  Tolerations:\t<none>\n',
    );
  });
  test('undo to the previous revision is a JSON patch without the hash label', () => {
    const plan = planDeploymentUndo(owner, revs, 0);
    expect(plan.kind).toBe('patch');
    if (plan.kind !== 'patch') return;
    expect(plan.patchType).toBe('json');
    expect(plan.patch).toEqual([
      { op: 'replace', path: '/spec/template', value: tpl('nginx:1') },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '2' } },
    ]);
  });
  test('undo to the current template is skipped', () => {
    expect(planDeploymentUndo(owner, revs, 2)).toEqual({ kind: 'skip', message: 'skipped rollback (current template already matches revision 2)' });
  });
  test('undo errors', () => {
    expect(() => planDeploymentUndo(owner, revs, 9)).toThrow('unable to find specified revision 9 in history');
    // a negative revision is looked up like any other (kubectl: not found), not taken as "the previous one"
    expect(() => planDeploymentUndo(owner, revs, -1)).toThrow('unable to find specified revision -1 in history');
    expect(() => planDeploymentUndo(owner, revs.slice(0, 1), 0)).toThrow('no rollout history found for deployment "web"');
    expect(() => planDeploymentUndo({ ...owner, spec: { ...owner.spec, paused: true } }, revs, 0)).toThrow(
      "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    );
  });
});

describe('controller revisions', () => {
  const ds = { metadata: { name: 'ds', uid: 'd1' }, spec: { template: tpl('busybox:2') } };
  const cr = (rev: number, image: string) => ({
    metadata: { name: `ds-${rev}`, ownerReferences: [{ controller: true, uid: 'd1' }] },
    revision: rev,
    data: { spec: { template: { ...tpl(image), $patch: 'replace' } } },
  });
  const revs = controllerRevisions(ds, [cr(2, 'busybox:2'), cr(1, 'busybox:1')]);
  test('templates come from the recorded patch', () => {
    expect(revs.map((r) => r.revision)).toEqual([1, 2]);
    expect(revs[0]!.template).toEqual(tpl('busybox:1'));
  });
  test('-o prints the workload with that revision\'s template (typed: creationTimestamp null), as kubectl 1.33', () => {
    const cr1 = { kind: 'ControllerRevision', ...cr(1, 'busybox:1') };
    const [r1] = controllerRevisions(ds, [cr1]);
    const printed = printedRevision({ kind: 'DaemonSet', ...ds }, r1!);
    expect(printed.kind).toBe('DaemonSet');
    expect((printed as { spec: { template: unknown } }).spec.template).toEqual({ ...tpl('busybox:1'), metadata: { creationTimestamp: null, ...tpl('busybox:1').metadata } });
    expect(Object.keys((printed as { spec: { template: { metadata: object } } }).spec.template.metadata)[0]).toBe('creationTimestamp');
  });
  test('undo re-applies the recorded data as a strategic patch', () => {
    const plan = planControllerRevisionUndo(ds, revs, 0);
    expect(plan).toMatchObject({ kind: 'patch', patchType: 'strategic', patch: cr(1, 'busybox:1').data });
    expect(planControllerRevisionUndo(ds, revs, 2).kind).toBe('skip');
    expect(() => planControllerRevisionUndo(ds, revs.slice(1), 0)).toThrow('no last revision to roll back to');
  });
});

test('selectors and template equality', () => {
  expect(selectorString({ matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'c', operator: 'In', values: ['y', 'x'] }] })).toBe('a=1,b=2,c in (x,y)');
  expect(templatesEqualIgnoringHash(tpl('a', 'h1'), tpl('a'))).toBe(true);
  expect(templatesEqualIgnoringHash(tpl('a', 'h1'), tpl('b'))).toBe(false);
});

describe('pause, resume, restart', () => {
  test('patches and refusals', () => {
    expect(pausePatch('apps', 'Deployment', { spec: {} })).toEqual({ spec: { paused: true } });
    expect(() => pausePatch('apps', 'Deployment', { spec: { paused: true } })).toThrow('is already paused');
    expect(() => pausePatch('apps', 'DaemonSet', {})).toThrow('pausing is not supported');
    expect(resumePatch('apps', 'Deployment', { spec: { paused: true } })).toEqual({ spec: { paused: null } });
    expect(() => resumePatch('apps', 'Deployment', { spec: {} })).toThrow('is not paused');
    expect(() => resumePatch('apps', 'StatefulSet', {})).toThrow('resuming is not supported');
    expect(() => restartPatch('apps', 'Deployment', { spec: { paused: true } }, new Date())).toThrow(
      "can't restart paused deployment (run rollout resume first)",
    );
    expect(() => restartPatch('', 'Pod', {}, new Date())).toThrow('restarting is not supported');
    const p = restartPatch('apps', 'DaemonSet', {}, new Date('2026-01-02T03:04:05Z')) as any;
    expect(p.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe(formatRFC3339(new Date('2026-01-02T03:04:05Z')));
  });
  test('RFC3339 like Go', () => {
    expect(formatRFC3339(new Date('2026-01-02T03:04:05.678Z'))).toMatch(/^2026-01-0\dT\d\d:\d\d:05(Z|[+-]\d\d:\d\d)$/);
  });
});
