/**
 * Kubeconfig text to its in-memory form with the full YAML reader (go-yaml
 * v2's rules, its error texts). Kept apart from codec.ts so that loading a
 * plain kubeconfig (codec/yaml-plain.ts) does not load js-yaml.
 */
import { goYamlError, loadFirstYaml } from '../codec/yaml.js';
import { KtlError } from '../errors.js';
import { DecodeError, decodeKubeconfigDocument, emptyKubeconfig } from './codec.js';
import type { Kubeconfig } from './types.js';

/** Parses kubeconfig text into the canonical in-memory form. */
export function decodeKubeconfig(text: string): Kubeconfig {
  if (text.length === 0) return emptyKubeconfig();
  // the decoder checks every field it reads, so the document stays unknown until then
  let doc: unknown;
  try {
    // sigs.k8s.io/yaml reads the first document, with go-yaml v2's rules
    doc = loadFirstYaml(text);
  } catch (e) {
    // the alias-bomb refusal already reads `yaml: ...`
    if (e instanceof KtlError) throw new DecodeError(e.message);
    throw new DecodeError(`yaml: ${goYamlError(text, e)}`);
  }
  return decodeKubeconfigDocument(doc, text);
}
