import { describe, expect, test } from '@jest/globals';
import { accessRows, breakdownRule, combineResourceGroup, compactRules, ruleString } from '../../../src/auth/rules.js';

describe('auth can-i --list rules', () => {
  test('broken down per group, resource, verb and name; URLs per verb', () => {
    expect(breakdownRule({ verbs: ['get', 'list'], apiGroups: ['', 'apps'], resources: ['pods'] })).toEqual([
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], apiGroups: ['apps'], resources: ['pods'] },
      { verbs: ['list'], apiGroups: ['apps'], resources: ['pods'] },
    ]);
    expect(breakdownRule({ verbs: ['get'], nonResourceURLs: ['/a', '/b'] })).toEqual([
      { verbs: ['get'], nonResourceURLs: ['/a'] },
      { verbs: ['get'], nonResourceURLs: ['/b'] },
    ]);
  });

  test('simple rules merge their verbs in arrival order (repeats kept); URL rules stay apart, first', () => {
    const rules = compactRules([
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      { verbs: ['list'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
    ]);
    expect(rules).toEqual([
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      { verbs: ['get'], nonResourceURLs: ['/healthz'] },
      { verbs: ['get', 'list', 'get'], apiGroups: [''], resources: ['pods'] },
    ]);
  });

  test('sorted by the Go text of the rule: verbs first, then groups, then resources ("/" before "]")', () => {
    const rows = accessRows(
      {
        resourceRules: [
          { verbs: ['get'], apiGroups: [''], resources: ['pods', 'pods/log'] },
          { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews'] },
          { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
        ],
        nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      },
      false,
    );
    expect(rows).toEqual([
      ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'],
      ['*.*', '[]', '[]', '[*]'],
      ['', '[*]', '[]', '[*]'],
      ['selfsubjectaccessreviews.authorization.k8s.io', '[]', '[]', '[create]'],
      ['pods/log', '[]', '[]', '[get]'],
      ['pods', '[]', '[]', '[get]'],
    ]);
    expect(ruleString({ verbs: ['get'], apiGroups: [''] })).toBe('&PolicyRule{Verbs:[get],APIGroups:[],Resources:[],ResourceNames:[],NonResourceURLs:[],}');
    expect(combineResourceGroup(['deployments/scale'], ['apps'])).toBe('deployments.apps/scale');
  });
});
