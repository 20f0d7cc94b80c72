/**
 * The resource.Quantity arithmetic describers need: exact values, Value()
 * and MilliValue() (rounded up, as Go does), sums, and the canonical text
 * of a computed quantity in the format of the first operand.
 */
import { canonicalQuantity } from '../create/quantity.js';
import { parseQuantity, type Quantity } from '../printers/quantity.js';

export type { Quantity };

export function q(s: string | undefined | null): Quantity {
  return (s ? parseQuantity(s) : undefined) ?? { num: 0n, scale: 0 };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const d = a / b;
  return a % b !== 0n && a > 0n === b > 0n ? d + 1n : d;
}

/** Value(): rounded up to an integer (away from zero for positives). */
export function value(x: Quantity): bigint {
  return x.scale <= 0 ? x.num * 10n ** BigInt(-x.scale) : ceilDiv(x.num, 10n ** BigInt(x.scale));
}

/** MilliValue(): thousandths, rounded up. */
export function milliValue(x: Quantity): bigint {
  return value({ num: x.num, scale: x.scale - 3 });
}

export function add(a: Quantity, b: Quantity): Quantity {
  const scale = Math.max(a.scale, b.scale);
  return { num: a.num * 10n ** BigInt(scale - a.scale) + b.num * 10n ** BigInt(scale - b.scale), scale };
}

export function isZero(x: Quantity): boolean {
  return x.num === 0n;
}

export function cmp(a: Quantity, b: Quantity): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.num * 10n ** BigInt(scale - a.scale);
  const y = b.num * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

/** The format a quantity string was written in (what Go keeps in Quantity.Format). */
export function formatOf(s: string | undefined | null): QuantityFormat {
  if (!s) return 'DecimalSI';
  if (/(Ki|Mi|Gi|Ti|Pi|Ei)$/.test(s)) return 'BinarySI';
  if (/[eE][+-]?\d+$/.test(s)) return 'DecimalExponent';
  return 'DecimalSI';
}

/** Quantity.String() of an exact value in a format. */
export function quantityString(x: Quantity, format: QuantityFormat): string {
  if (x.num === 0n) return '0';
  // write the value as a plain decimal, then let the canonicaliser pick suffixes
  const neg = x.num < 0n;
  const abs = neg ? -x.num : x.num;
  let text: string;
  if (x.scale <= 0) text = (abs * 10n ** BigInt(-x.scale)).toString();
  else {
    const s = abs.toString().padStart(x.scale + 1, '0');
    text = `${s.slice(0, s.length - x.scale)}.${s.slice(s.length - x.scale)}`.replace(/\.?0+$/, '');
  }
  const sign = neg ? '-' : '';
  if (format === 'BinarySI') {
    // Go falls back to decimal for values below 1024 or with fractions
    const whole = x.scale <= 0 || abs % 10n ** BigInt(x.scale) === 0n;
    if (whole) {
      const v = x.scale <= 0 ? abs * 10n ** BigInt(-x.scale) : abs / 10n ** BigInt(x.scale);
      if (v >= 1024n) return binaryText(sign, v);
    }
  }
  const canon = canonicalQuantity(`${sign}${text}`);
  if (format === 'DecimalExponent' && canon) return canonicalQuantity(`${sign}${text}e0`) ?? canon;
  return canon ?? `${sign}${text}`;
}

function binaryText(sign: string, v: bigint): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
  let i = 0;
  while (i < units.length - 1 && v % 1024n === 0n && v !== 0n) {
    v /= 1024n;
    i++;
  }
  if (i === 0) return `${sign}${v}`;
  return `${sign}${v}${units[i]}`;
}
