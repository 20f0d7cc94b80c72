/**
 * kubectl's translations: kubectl prints its command summaries, long
 * descriptions, examples and some flag texts in the language the environment
 * names (LC_ALL, else LC_MESSAGES, else LANG, as `de_DE.UTF-8`), when it has
 * a catalogue for it. ktl's texts are English; for another language the
 * catalogue (data/<lang>.json, made from kubectl's, see data/README.md) is loaded
 * once per run and texts are looked up as they are printed. English costs
 * nothing: no catalogue is loaded.
 */

/** The catalogues kubectl 1.33 knows ("default" and en_US print English). */
export const KNOWN_LANGUAGES = ['default', 'en_US', 'fr_FR', 'zh_CN', 'ja_JP', 'zh_TW', 'it_IT', 'de_DE', 'ko_KR', 'pt_BR'] as const;
export type Language = (typeof KNOWN_LANGUAGES)[number];

type Catalogue = Record<string, string>;

/** One loader a language, so the bundle keeps each catalogue in a part of its own, read only for that language. */
const CATALOGUES: Partial<Record<Language, () => Promise<{ default: Catalogue }>>> = {
  de_DE: () => import('./data/de_DE.json', { with: { type: 'json' } }),
  fr_FR: () => import('./data/fr_FR.json', { with: { type: 'json' } }),
  it_IT: () => import('./data/it_IT.json', { with: { type: 'json' } }),
  ja_JP: () => import('./data/ja_JP.json', { with: { type: 'json' } }),
  ko_KR: () => import('./data/ko_KR.json', { with: { type: 'json' } }),
  pt_BR: () => import('./data/pt_BR.json', { with: { type: 'json' } }),
  zh_CN: () => import('./data/zh_CN.json', { with: { type: 'json' } }),
  zh_TW: () => import('./data/zh_TW.json', { with: { type: 'json' } }),
};

/**
 * The catalogue kubectl picks: the first set of LC_ALL, LC_MESSAGES, LANG;
 * its part before the one dot (`de_DE` of `de_DE.UTF8`) when it is a known
 * language. No variable, a value without exactly one dot (`C`, `de`,
 * `de_DE`) or an unknown language: "default" (English).
 */
export function chooseLanguage(env: Record<string, string | undefined>): Language {
  const value = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  const pieces = value.split('.');
  if (value === '' || pieces.length !== 2) return 'default';
  return (KNOWN_LANGUAGES as readonly string[]).includes(pieces[0]!) ? (pieces[0] as Language) : 'default';
}

let current: Catalogue | undefined;

/** Makes the environment's language the one T() translates to (for this run; English when none applies). */
export async function useLanguage(env: Record<string, string | undefined>): Promise<void> {
  const load = CATALOGUES[chooseLanguage(env)];
  current = load ? (await load()).default : undefined;
}

/**
 * A text as kubectl prints it in the chosen language: the catalogue's
 * translation of the English text as ktl prints it, else the text itself.
 */
export function T(text: string): string {
  if (current === undefined) return text;
  return Object.hasOwn(current, text) ? current[text]! : text;
}
