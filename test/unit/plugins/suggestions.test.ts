import { describe, expect, test } from '@jest/globals';
import { levenshtein, suggestionsFor } from '../../../src/plugins/unknown-command.js';

/** kubectl 1.33's available top-level commands (alphabetical: the order must come from the module) */
const KUBECTL = [
  'annotate', 'api-resources', 'api-versions', 'apply', 'attach', 'auth', 'autoscale', 'certificate', 'cluster-info',
  'completion', 'config', 'cordon', 'cp', 'create', 'debug', 'delete', 'describe', 'diff', 'drain', 'edit', 'events',
  'exec', 'explain', 'expose', 'get', 'kustomize', 'label', 'logs', 'options', 'patch', 'plugin', 'port-forward',
  'proxy', 'replace', 'rollout', 'run', 'scale', 'set', 'taint', 'top', 'uncordon', 'version', 'wait',
];

describe('cobra suggestions', () => {
  test('levenshtein ignores case', () => {
    expect(levenshtein('GET', 'get')).toBe(0);
    expect(levenshtein('lis', 'logs')).toBe(2);
    expect(levenshtein('', 'abc')).toBe(3);
  });

  // the expected lists are what kubectl.1.33 prints for these words
  test.each([
    ['ap', ['top', 'cp', 'apply', 'api-versions', 'api-resources']],
    ['ex', ['expose', 'set', 'explain', 'get', 'exec', 'cp']],
    ['list', ['get', 'wait']],
    ['rm', ['run', 'delete', 'cp']],
    ['ps', ['get', 'cp', 'wait']],
    ['hel', ['set', 'get']],
    ['alph', ['auth']],
    ['gett', ['set', 'get']],
    ['frobnicate', []],
  ])('%s -> %j', (typed, expected) => {
    expect(suggestionsFor(typed, KUBECTL)).toEqual(expected);
  });
});
