/**
 * How `-k DIR` travels among the -f sources. Apart from manifests.ts so that
 * declaring -f/-k (flags/filename.ts, on every command's startup path) does
 * not load the manifest reader and YAML.
 */

/** Marks a -k directory among the -f sources (a NUL cannot occur in a path or URL). */
export const KUSTOMIZE_MARK = '\0kustomize:';

/** The source entry standing for `-k DIR`. */
export const kustomizeSource = (dir: string) => KUSTOMIZE_MARK + dir;
