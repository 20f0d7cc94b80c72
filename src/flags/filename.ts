import type { Command } from 'commander';
import { KtlError } from '../errors.js';

export interface FilenameOptions {
  filenames: string[];
  recursive: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** -f/--filename (repeatable, comma lists), -R/--recursive and the -k refusal. */
export class FilenameFlags {
  /** @param purpose completes kubectl's help text, e.g. "identifying the resource to get from a server." */
  constructor(private readonly purpose = 'identifying the resource.') {}

  addTo(cmd: Command): Command {
    return cmd
      .option('-f, --filename <file>', `Filename, directory, or URL to files ${this.purpose}`, collect)
      .option(
        '-R, --recursive',
        'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.',
      )
      .option('-k, --kustomize <dir>', 'Process the kustomization directory. Not supported by ktl.');
  }

  /** Reads the parsed Commander options; refuses -k. */
  toOptions(opts: Record<string, unknown>): FilenameOptions {
    if (opts.kustomize !== undefined) {
      throw new KtlError(
        '-k/--kustomize is not supported by ktl; render the kustomization first (kustomize build DIR) and pass the result with -f -',
      );
    }
    return { filenames: (opts.filename as string[] | undefined) ?? [], recursive: !!opts.recursive };
  }
}
