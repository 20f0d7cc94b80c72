/** `set image`: parse CONTAINER=IMAGE pairs and apply them to a pod spec. Pure. */
import type { V1Container, V1PodSpec } from '@kubernetes/client-node';
import { KtlError } from '../errors.js';
import { splitResourcesAndPairs } from '../mutate/metadata-update.js';

/**
 * CONTAINER=IMAGE pairs as kubectl's ParsePairs reads them (no removal for
 * images): split at the first "=", so `c=` sets an empty image; anything else
 * (`c-`, `c`) is an invalid image format, all of them in one error.
 */
export function parseImageArgs(pairs: string[]): Map<string, string> {
  const images = new Map<string, string>();
  const invalid: string[] = [];
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq > 0) images.set(p.slice(0, eq), p.slice(eq + 1));
    else invalid.push(p);
  }
  if (invalid.length > 0) throw new KtlError(`invalid image format: ${invalid.join(', ')}`);
  return images;
}

/** Splits the positional args into resource args and CONTAINER=IMAGE pairs (kubectl's GetResourcesAndPairs). */
export function splitImageArgs(args: string[]): { resources: string[]; pairs: string[] } {
  return splitResourcesAndPairs(args, 'image');
}

/** Sets images in place; returns the container names no list has (kubectl reports each and still sends the rest). */
export function applyImages(spec: V1PodSpec | undefined, images: Map<string, string>): string[] {
  // kubectl 1.33 leaves ephemeral containers alone
  const lists: Array<Array<Pick<V1Container, 'name' | 'image'>>> = [spec?.initContainers, spec?.containers].filter(Array.isArray);
  const missing: string[] = [];
  for (const [name, image] of images) {
    let found = false;
    for (const list of lists) {
      for (const c of list) {
        if (name === '*' || c.name === name) {
          // an empty image is no image: kubectl's typed container omits the field
          if (image === '') delete c.image;
          else c.image = image;
          found = true;
        }
      }
    }
    if (!found) missing.push(name);
  }
  return missing;
}
