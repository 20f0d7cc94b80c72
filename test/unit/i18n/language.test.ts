import { describe, expect, test } from '@jest/globals';
import { chooseLanguage, T, useLanguage } from '../../../src/i18n/index.js';

describe('chooseLanguage: the catalogue kubectl 1.33 picks', () => {
  test.each([
    [{}, 'default'],
    [{ LANG: 'de_DE.UTF8' }, 'de_DE'],
    [{ LANG: 'de_DE.UTF-8' }, 'de_DE'],
    [{ LANG: 'pt_BR.ISO-8859-1' }, 'pt_BR'],
    [{ LANG: 'en_US.UTF-8' }, 'en_US'],
    // the language part must be one kubectl knows, spelled as it spells it
    [{ LANG: 'de_AT.UTF-8' }, 'default'],
    [{ LANG: 'de.UTF-8' }, 'default'],
    [{ LANG: 'pt_PT.UTF-8' }, 'default'],
    // exactly one dot: no encoding, or a modifier after a second dot, is English
    [{ LANG: 'de_DE' }, 'default'],
    [{ LANG: 'de' }, 'default'],
    [{ LANG: 'C' }, 'default'],
    [{ LANG: 'C.UTF-8' }, 'default'],
    [{ LANG: 'POSIX' }, 'default'],
    [{ LANG: 'de_DE.UTF-8.x' }, 'default'],
    [{ LANG: 'de_DE.UTF-8@euro' }, 'de_DE'],
    // LC_ALL before LC_MESSAGES before LANG; an empty variable counts as unset
    [{ LC_ALL: 'ja_JP.UTF-8', LC_MESSAGES: 'ko_KR.UTF-8', LANG: 'de_DE.UTF-8' }, 'ja_JP'],
    [{ LC_MESSAGES: 'ko_KR.UTF-8', LANG: 'de_DE.UTF-8' }, 'ko_KR'],
    [{ LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_TW.UTF-8' }, 'zh_TW'],
    // the first one set decides, even when kubectl has no catalogue for it
    [{ LC_ALL: 'C', LANG: 'de_DE.UTF-8' }, 'default'],
    [{ LC_MESSAGES: 'es_ES.UTF-8', LANG: 'de_DE.UTF-8' }, 'default'],
    // LANGUAGE and LC_CTYPE play no part
    [{ LANGUAGE: 'de_DE.UTF-8', LC_CTYPE: 'fr_FR.UTF-8' }, 'default'],
  ])('%j -> %s', (env, lang) => {
    expect(chooseLanguage(env)).toBe(lang);
  });
});

describe('T', () => {
  test('translates a text as printed, keeps what the catalogue lacks, and English loads nothing', async () => {
    await useLanguage({ LANG: 'de_DE.UTF-8' });
    expect(T('Modify kubeconfig files')).toBe('Verändere kubeconfig Dateien');
    // kubectl's long description, as its normalisation prints it
    expect(T('Mark node as schedulable.')).toBe('Markiere Knoten als schedulable.');
    expect(T('no such text')).toBe('no such text');
    expect(T('constructor')).toBe('constructor');
    await useLanguage({ LANG: 'en_US.UTF-8' });
    expect(T('Modify kubeconfig files')).toBe('Modify kubeconfig files');
    await useLanguage({});
    expect(T('Modify kubeconfig files')).toBe('Modify kubeconfig files');
  });
});
