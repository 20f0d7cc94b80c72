/** `set image`: parse CONTAINER=IMAGE pairs and apply them to a pod spec. Pure. */
import type { V1Container, V1PodSpec } from '@kubernetes/client-node';

export function parseImageArgs(pairs: string[]): Map<string, string> {
  const images = new Map<string, string>();
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0 || eq === p.length - 1) continue;
    images.set(p.slice(0, eq), p.slice(eq + 1));
  }
  return images;
}

/** Splits the positional args into resource args and CONTAINER=IMAGE pairs. */
export function splitImageArgs(args: string[]): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const a of args) (a.includes('=') ? pairs : resources).push(a);
  return { resources, pairs };
}

/** Sets images in place; returns the container names no list has (kubectl reports each and still sends the rest). */
export function applyImages(spec: V1PodSpec | undefined, images: Map<string, string>): string[] {
  const lists: Array<Array<Pick<V1Container, 'name' | 'image'>>> = [spec?.initContainers, spec?.containers, spec?.ephemeralContainers].filter(Array.isArray);
  const missing: string[] = [];
  for (const [name, image] of images) {
    let found = false;
    for (const list of lists) {
      for (const c of list) {
        if (name === '*' || c.name === name) {
          c.image = image;
          found = true;
        }
      }
    }
    if (!found) missing.push(name);
  }
  return missing;
}
