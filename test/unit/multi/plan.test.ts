import { describe, expect, test } from '@jest/globals';
import {
  boolFlag,
  contextArgs,
  multiCommandKind,
  MultiContextError,
  outputOf,
  parseMultiContext,
  selectContexts,
} from '../../../src/multi/plan.js';

describe('parseMultiContext', () => {
  test('one context (or none) is no plan: the line stays kubectl', () => {
    expect(parseMultiContext(['get', 'pods'])).toBeUndefined();
    expect(parseMultiContext(['--context', 'a', 'get', 'pods'])).toBeUndefined();
    expect(parseMultiContext(['get', 'pods', '--context=a', '--all-contexts=false'])).toBeUndefined();
  });

  test('a comma list, --all-contexts, --contexts; the flags and --yes leave the line', () => {
    expect(parseMultiContext(['--context', 'a,b,a', 'get', 'pods'])).toEqual({
      select: { kind: 'list', names: ['a', 'b'] },
      yes: false,
      args: ['get', 'pods'],
    });
    expect(parseMultiContext(['delete', 'pod', 'x', '--all-contexts', '--yes'])).toEqual({
      select: { kind: 'all' },
      yes: true,
      args: ['delete', 'pod', 'x'],
    });
    expect(parseMultiContext(['get', '--contexts', '^prod-', 'ns'])).toEqual({
      select: { kind: 'regex', pattern: '^prod-' },
      yes: false,
      args: ['get', 'ns'],
    });
    expect(parseMultiContext(['exec', 'p', '--', 'sh', '--all-contexts'])).toBeUndefined();
  });

  test('refusals', () => {
    expect(() => parseMultiContext(['get', '--all-contexts', '--context', 'a'])).toThrow(
      new MultiContextError('only one of --context, --all-contexts and --contexts may be given'),
    );
    expect(() => parseMultiContext(['get', '--context=a,,b'])).toThrow('empty context name in --context "a,,b"');
    expect(() => parseMultiContext(['get', '--contexts=('])).toThrow('invalid --contexts regular expression "("');
    expect(() => parseMultiContext(['get', '--all-contexts=maybe'])).toThrow(
      'invalid argument "maybe" for "--all-contexts" flag: strconv.ParseBool: parsing "maybe": invalid syntax',
    );
  });
});

test('selectContexts: all sorted, a regex that must match something, a list as given', () => {
  const names = ['prod-b', 'dev', 'prod-a'];
  expect(selectContexts({ kind: 'all' }, names)).toEqual(['dev', 'prod-a', 'prod-b']);
  expect(selectContexts({ kind: 'regex', pattern: '^prod' }, names)).toEqual(['prod-a', 'prod-b']);
  expect(() => selectContexts({ kind: 'regex', pattern: 'qa' }, names)).toThrow('no context matches --contexts "qa"');
  expect(selectContexts({ kind: 'list', names: ['z', 'a'] }, names)).toEqual(['z', 'a']);
});

test('multiCommandKind', () => {
  expect(multiCommandKind('get')).toBe('read');
  expect(multiCommandKind('top pod')).toBe('read');
  expect(multiCommandKind('auth can-i')).toBe('read');
  expect(multiCommandKind('rollout restart')).toBe('write');
  expect(multiCommandKind('set image')).toBe('write');
  expect(multiCommandKind('set env')).toBeUndefined();
  expect(multiCommandKind('exec')).toBeUndefined();
});

test('flag readers and the line each context runs', () => {
  expect(outputOf(['get', '-o', 'yaml'])).toBe('yaml');
  expect(outputOf(['get', '-ojson'])).toBe('json');
  expect(outputOf(['get', '--output=jsonpath={.a}'])).toBe('jsonpath={.a}');
  expect(boolFlag(['get', '-w'], '-w', '--watch')).toBe(true);
  expect(boolFlag(['get', '--watch=false'], '-w', '--watch')).toBe(false);
  expect(contextArgs(['get', 'pods'], 'a', false)).toEqual(['--context=a', 'get', 'pods']);
  expect(contextArgs(['get', 'pods', '-o', 'yaml', '--template', 'x', '-n', 'n'], 'a', true)).toEqual([
    '--context=a',
    'get',
    'pods',
    '-n',
    'n',
    '-o',
    'json',
  ]);
});
