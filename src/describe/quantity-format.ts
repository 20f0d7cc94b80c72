/**
 * The little of resource.Quantity the quota describer needs beyond the
 * canonical strings the API server already returns: a quantity's format
 * (from its suffix), its Value() (rounded up to an integer) and
 * NewQuantity(value, format).String() (the canonical text of an integer in
 * that format).
 */
import { parseQuantity } from '../printers/quantity.js';

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent' | '';

/** The format ParseQuantity records for a string; '' for a missing quantity (Go's zero Quantity). */
export function quantityFormat(s: string | null | undefined): QuantityFormat {
  if (s === undefined || s === null || s === '') return '';
  if (/(Ki|Mi|Gi|Ti|Pi|Ei)$/.test(s)) return 'BinarySI';
  if (/[eE][+-]?\d+$/.test(s)) return 'DecimalExponent';
  return 'DecimalSI';
}

/** Quantity.Value(): the value rounded up (away from zero) to an integer. */
export function quantityValue(s: string | null | undefined): bigint {
  if (s === undefined || s === null || s === '') return 0n;
  const parsed = parseQuantity(s);
  if (!parsed) return 0n;
  if (parsed.scale <= 0) return parsed.num * 10n ** BigInt(-parsed.scale);
  const div = 10n ** BigInt(parsed.scale);
  const whole = parsed.num / div;
  const rem = parsed.num % div;
  if (rem === 0n) return whole;
  return parsed.num > 0n ? whole + 1n : whole - 1n;
}

const DECIMAL_SUFFIX: Record<number, string> = { 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** NewQuantity(value, format).String() */
export function integerQuantityString(value: bigint, format: QuantityFormat): string {
  const neg = value < 0n;
  let abs = neg ? -value : value;
  const sign = neg ? '-' : '';
  if (abs === 0n) return '0';
  if (format === 'BinarySI' && abs >= 1024n) {
    let exp = 0;
    while (abs % 1024n === 0n && exp < BINARY_SUFFIX.length - 1) {
      abs /= 1024n;
      exp++;
    }
    return `${sign}${abs}${BINARY_SUFFIX[exp]}`;
  }
  // DecimalSI (also BinarySI below 1024) and DecimalExponent: trailing zeros
  // folded into an exponent that is a multiple of three
  let exp = 0;
  while (abs % 10n === 0n) {
    abs /= 10n;
    exp++;
  }
  while (exp % 3 !== 0) {
    abs *= 10n;
    exp--;
  }
  if (format === 'DecimalExponent') return exp === 0 ? `${sign}${abs}` : `${sign}${abs}e${exp}`;
  if (exp > 18) {
    abs *= 10n ** BigInt(exp - 18);
    exp = 18;
  }
  return `${sign}${abs}${DECIMAL_SUFFIX[exp]}`;
}
