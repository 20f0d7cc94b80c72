import { Option, type Command } from 'commander';
import { KtlError } from '../errors.js';
import { kustomizeSource } from '../resource/kustomize-source.js';
import type { Opts } from './opts.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ filename: string[]; kustomize: string }>;

export interface FilenameOptions {
  /** -f sources; -k DIR joins them as one kustomization source (see kustomizeSource) */
  filenames: string[];
  recursive: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/**
 * -f/--filename (repeatable, comma lists), -R/--recursive and -k/--kustomize.
 * -k DIR is carried as a source among the file names, so every command that
 * reads -f reads kustomize's output for -k with no code of its own.
 */
export class FilenameFlags {
  /** @param purpose completes kubectl's help text, e.g. "identifying the resource to get from a server." */
  /** @param kustomize false for the few commands where kubectl has no -k (wait) */
  constructor(
    private readonly purpose = 'identifying the resource.',
    private readonly kustomize = true,
  ) {}

  addTo(cmd: Command): Command {
    cmd
      // a pflag string slice: help shows its empty default as []
      .addOption(new Option('-f, --filename <file>', `Filename, directory, or URL to files ${this.purpose}`).argParser(collect).default(undefined, '[]'))
      .option(
        '-R, --recursive',
        'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.',
      );
    if (this.kustomize) cmd.option('-k, --kustomize <dir>', 'Process the kustomization directory. This flag can\'t be used together with -f or -R.');
    return cmd;
  }

  /** Reads the parsed Commander options, with kubectl's checks of -k against -f and -R. */
  toOptions(opts: Flags): FilenameOptions {
    return filenameOptions(
      opts.filename ?? [],
      !!opts.recursive,
      opts.kustomize,
    );
  }
}

/** -f, -R and -k as one FilenameOptions; kubectl's FilenameOptions validation texts. */
export function filenameOptions(filenames: string[], recursive: boolean, kustomize: string | undefined): FilenameOptions {
  if (kustomize === undefined) return { filenames, recursive };
  if (filenames.length > 0) throw new KtlError('only one of -f or -k can be specified');
  if (recursive) throw new KtlError("the -k flag can't be used with -f or -R");
  return { filenames: [kustomizeSource(kustomize)], recursive };
}
