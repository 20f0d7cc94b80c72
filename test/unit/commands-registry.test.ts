import { describe, expect, test } from '@jest/globals';
import { Command } from 'commander';
import { createApp } from '../../src/cli.js';
import { COMMAND_GROUPS, COMMANDS } from '../../src/commands/index.js';
import { fakeContext } from '../helpers/fake-io.js';

const app = createApp(fakeContext().ctx);

describe('command registry', () => {
  test.each(Object.keys(COMMANDS))('%s: the placeholder summary equals the real command', async (name) => {
    const program = new Command('ktl');
    (await COMMANDS[name]!.load())(program, app);
    const real = program.commands.find((c) => c.name() === name);
    expect(real).toBeDefined();
    expect(real!.summary() || real!.description().split('\n')[0]).toBe(COMMANDS[name]!.summary);
  });

  test('every command but options and the hidden alpha (kept from root help, as in kubectl) is in a help group', () => {
    const grouped = new Set(COMMAND_GROUPS.flatMap((g) => g.commands));
    expect(Object.keys(COMMANDS).filter((n) => !grouped.has(n)).sort()).toEqual(['alpha', 'options']);
    expect(Object.keys(COMMANDS).filter((n) => COMMANDS[n]!.hidden)).toEqual(['alpha']);
  });
});
