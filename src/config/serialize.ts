/**
 * The bytes client-go writes for a kubeconfig file. Apart from codec.ts so
 * that the YAML printer is loaded only by the commands that write one, not
 * by every command that reads the kubeconfig.
 */
import { marshalYaml } from '../printers/yaml.js';
import { encodeKubeconfig } from './codec.js';
import type { Kubeconfig } from './types.js';

export function serializeKubeconfig(cfg: Kubeconfig): string {
  return marshalYaml(encodeKubeconfig(cfg));
}
