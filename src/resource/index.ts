/**
 * src/resource: turns what the user typed (arguments, -f, -l ...) into
 * ResourceInfos for commands to act on. Shared by get, apply, create,
 * delete, scale, rollout, wait, set ...
 */
export type { KubeObject, ResourceInfo } from './types.js';
export {
  readManifests,
  readManifestItems,
  parseManifests,
  parseManifestItems,
  isManifestError,
  splitFilenames,
  splitYamlDocuments,
  MANIFEST_EXTENSIONS,
  type Manifest,
  type ManifestItem,
  type ManifestError,
} from './manifests.js';
export {
  resolveResourceArgs,
  resolveResources,
  parseResourceArgs,
  splitResourceArgument,
  NO_RESOURCES_MESSAGE,
  MISSING_RESOURCE_MESSAGE,
  type ResolveOptions,
  type ParsedArgs,
} from './args.js';
export { FilenameFlags, type FilenameOptions } from '../flags/filename.js';
export { SelectorFlags, type SelectorOptions } from '../flags/selector.js';
export { PrintFlags, type PrintOptions } from '../flags/print.js';
export { validateName, validateNamespace, InvalidPathSegmentError, pathSegmentProblems } from './validate.js';
