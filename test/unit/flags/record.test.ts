import { describe, expect, test } from '@jest/globals';
import { Command, Option } from 'commander';
import { addRecordFlag, commandLine, recordCause } from '../../../src/flags/record.js';

function program(): { root: Command; label: Command } {
  const root = new Command('ktl');
  root.addOption(new Option('-n, --namespace <ns>'));
  const label = root.command('label').option('--overwrite').option('-o, --output <f>').option('-f, --filename <f>').option('-R, --recursive');
  addRecordFlag(label);
  return { root, label };
}

describe('--record change cause (cli-runtime parseCommandArguments)', () => {
  test('words, then each flag by its long name in the order given', () => {
    const { label } = program();
    expect(commandLine(label, ['-n', 'x', 'label', 'cm', 'a', 'k=v', '--overwrite', '-oyaml', '--record'], 'ktl')).toBe(
      'ktl label cm a k=v --namespace=x --overwrite=true --output=yaml --record=true',
    );
    expect(commandLine(label, ['label', '-Rf', 'dir', '-n=y', '--', '-x'], 'ktl')).toBe('ktl label -x --recursive=true --filename=dir --namespace=y');
    expect(commandLine(label, ['label', '--nope'], 'ktl')).toBe('');
  });

  test('only --record=true records', () => {
    const { root, label } = program();
    (root as Command & { rawArgs?: string[] }).rawArgs = ['label', 'cm', 'a', 'k=v', '--record'];
    expect(recordCause(label, { record: true }, 'ktl')).toBe('ktl label cm a k=v --record=true');
    expect(recordCause(label, {}, 'ktl')).toBeUndefined();
  });
});
