/** `ktl annotate`: label's twin over metadata.annotations (see label.ts). */
import type { Command } from 'commander';
import type { App } from './kit.js';
import { registerMetadataCommand } from './label.js';

const EXAMPLES = `  # Update pod 'foo' with the annotation 'description' and the value 'my frontend'
  # If the same annotation is set multiple times, only the last value will be applied
  ktl annotate pods foo description='my frontend'

  # Update a pod identified by type and name in "pod.json"
  ktl annotate -f pod.json description='my frontend'

  # Update pod 'foo' with the annotation 'description' and the value 'my frontend running nginx', overwriting any existing value
  ktl annotate --overwrite pods foo description='my frontend running nginx'

  # Update all pods in the namespace
  ktl annotate pods --all description='my frontend running nginx'

  # Update pod 'foo' only if the resource is unchanged from version 1
  ktl annotate pods foo description='my frontend running nginx' --resource-version=1

  # Update pod 'foo' by removing an annotation named 'description' if it exists
  # Does not require the --overwrite flag
  ktl annotate pods foo description-`;

export function registerAnnotate(program: Command, app: App): void {
  registerMetadataCommand(program, app, {
    name: 'annotate',
    field: 'annotations',
    noun: 'annotation',
    summary: 'Update the annotations on a resource',
    description:
      `Update the annotations on one or more resources.

 All Kubernetes objects support the ability to store additional data with the object as annotations. Annotations are key/value pairs that can be larger than labels and include arbitrary string values such as structured JSON. Tools and system extensions may use annotations to store their own data.

 Attempting to set an annotation that already exists will fail unless --overwrite is set. If --resource-version is specified and does not match the current resource version on the server the command will fail.

Use "ktl api-resources" for a complete list of supported resources.`,
    usage: '[--overwrite] (-f FILENAME | TYPE NAME) KEY_1=VAL_1 ... KEY_N=VAL_N [--resource-version=version]',
    examples: EXAMPLES,
  });
}
