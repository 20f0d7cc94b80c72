/**
 * @kubernetes/client-node (ESM only, and large), loaded only for users with an
 * auth-provider. The CLI build (scripts/bundle-options.mjs) replaces this
 * module's body: the CLI's files are CommonJS run by bin/load-cli.js, which hands
 * it the launcher's own import().
 */
export function importClientNode(): Promise<typeof import('@kubernetes/client-node')> {
  return import('@kubernetes/client-node');
}
