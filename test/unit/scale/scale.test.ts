import { expect, test } from '@jest/globals';
import { checkPreconditions } from '../../../src/rollout/scale.js';

test('scale preconditions use kubectl\'s wording', () => {
  const scale = { metadata: { resourceVersion: '611' }, spec: { replicas: 3 } };
  expect(() => checkPreconditions(scale, { currentReplicas: 5, resourceVersion: '' })).toThrow('Expected replicas to be 5, was 3');
  expect(() => checkPreconditions(scale, { currentReplicas: -1, resourceVersion: '1' })).toThrow('Expected resource version to be 1, was 611');
  expect(() => checkPreconditions(scale, { currentReplicas: 3, resourceVersion: '611' })).not.toThrow();
  expect(() => checkPreconditions({ spec: {} }, { currentReplicas: 0, resourceVersion: '' })).not.toThrow();
});
