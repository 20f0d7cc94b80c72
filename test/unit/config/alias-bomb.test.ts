import { describe, expect, test } from '@jest/globals';
import { decodeKubeconfig } from '../../../src/config/decode-text.js';
import { loadYaml, yamlToJson } from '../../../src/codec/yaml.js';
import { parseManifestItems, isManifestError } from '../../../src/resource/manifests.js';
import { sameContent } from '../../../src/edit/text.js';
import { decodePreference } from '../../../src/kuberc/load.js';
import { parseObjects, parseYaml } from '../../../src/kustomize/yaml-io.js';

/** 9 levels of 9 aliases: 9^9 strings once expanded (kubectl: refused in 0.4 s). */
function bomb(head = ['apiVersion: v1', 'kind: Config']): string {
  const lines = [...head, 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 10; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

// Each reader of YAML must refuse the bomb before anything expands it; without
// the limit these tests do not end (the expansion is 387 million strings).
describe('alias bombs are refused by every YAML reader, with go-yaml\'s text (issue 10)', () => {
  test('kubeconfig (config view and every command)', () => {
    expect(() => decodeKubeconfig(bomb())).toThrow('yaml: document contains excessive aliasing');
  });
  test('ordinary aliases still load', () => {
    const cfg = decodeKubeconfig('apiVersion: v1\nkind: Config\nx: &x [a, b]\ny: *x\ncurrent-context: c\n');
    expect(cfg).toBeDefined();
    expect(loadYaml('p: &x [a, b]\nq: *x\n')).toEqual({ p: ['a', 'b'], q: ['a', 'b'] });
  });
  test('manifests (-f), as kubectl words it', () => {
    const items = parseManifestItems(bomb(['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: b}']), 'bomb.yaml');
    expect(items.map((i) => (isManifestError(i) ? i.error.message : 'object'))).toEqual([
      'error parsing bomb.yaml: error converting YAML to JSON: yaml: document contains excessive aliasing',
    ]);
  });
  test('patch bodies', () => {
    expect(() => yamlToJson(bomb([]))).toThrow('yaml: document contains excessive aliasing');
  });
  test('kustomize: kustomization files and resources', () => {
    expect(() => parseYaml(bomb(['resources: []']), 'invalid Kustomization', true)).toThrow('invalid Kustomization: yaml: document contains excessive aliasing');
    expect(() => parseObjects(bomb(['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: b}']), 'cm.yaml')).toThrow(
      'MalformedYAMLError: yaml: document contains excessive aliasing in File: cm.yaml',
    );
  });
  test('kuberc: the document is not taken as preferences', async () => {
    await expect(decodePreference(bomb(['apiVersion: kubectl.config.k8s.io/v1beta1', 'kind: Preference']), 'kuberc')).rejects.toThrow(
      'no valid preferences found in kuberc',
    );
  });
  test('edit: comparing an edited bomb with the original ends (it is refused when read)', async () => {
    await expect(sameContent(bomb(), bomb())).resolves.toBe(true);
  });
});
