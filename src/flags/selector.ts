import type { Command } from 'commander';
import type { Opts } from './opts.js';

/** The flags read here, as Commander parses them. */
type Flags = Opts<{ fieldSelector: string; selector: string }>;

export interface SelectorOptions {
  selector: string;
  fieldSelector: string;
  all: boolean;
  allNamespaces: boolean;
}

export interface SelectorFlagSet {
  selector?: boolean;
  fieldSelector?: boolean;
  all?: boolean;
  allNamespaces?: boolean;
}

/** -l/--selector, --field-selector, --all and -A/--all-namespaces; each can be left out. */
export class SelectorFlags {
  constructor(private readonly which: SelectorFlagSet = { selector: true, fieldSelector: true, allNamespaces: true }) {}

  addTo(cmd: Command): Command {
    if (this.which.allNamespaces) {
      cmd.option(
        '-A, --all-namespaces',
        'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
      );
    }
    if (this.which.all) cmd.option('--all', 'Select all resources in the namespace of the specified resource types.');
    if (this.which.fieldSelector) {
      cmd.option(
        '--field-selector <selector>',
        "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
      );
    }
    if (this.which.selector) {
      cmd.option(
        '-l, --selector <selector>',
        "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2,key3 in (value3)). Matching objects must satisfy all of the specified label constraints.",
      );
    }
    return cmd;
  }

  toOptions(opts: Flags): SelectorOptions {
    return {
      selector: opts.selector ?? '',
      fieldSelector: opts.fieldSelector ?? '',
      all: !!opts.all,
      allNamespaces: !!opts.allNamespaces,
    };
  }
}
