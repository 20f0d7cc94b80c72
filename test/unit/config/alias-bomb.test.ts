import { describe, expect, test } from '@jest/globals';
import { decodeKubeconfig } from '../../../src/config/codec.js';

/** 9 levels of 9 aliases: 9^9 strings once expanded. */
function bomb(): string {
  const lines = ['apiVersion: v1', 'kind: Config', 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

describe('kubeconfig alias bomb', () => {
  test("refused with go-yaml's text instead of expanding", () => {
    expect(() => decodeKubeconfig(bomb())).toThrow('yaml: document contains excessive aliasing');
  });
  test('ordinary aliases still load', () => {
    const cfg = decodeKubeconfig('apiVersion: v1\nkind: Config\nx: &x [a, b]\ny: *x\ncurrent-context: c\n');
    expect(cfg).toBeDefined();
  });
});
