/**
 * Just enough of Kubernetes resource.Quantity to compare two quantities
 * exactly (for --sort-by): `100m`, `1.5Gi`, `2e3`, `-1k`.
 */

/** An exact value: numerator / 10^scale. */
export interface Quantity {
  num: bigint;
  scale: number;
}

const BINARY: Record<string, bigint> = { Ki: 2n ** 10n, Mi: 2n ** 20n, Gi: 2n ** 30n, Ti: 2n ** 40n, Pi: 2n ** 50n, Ei: 2n ** 60n };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** Parses a quantity string; undefined when resource.ParseQuantity would fail. */
export function parseQuantity(s: string): Quantity | undefined {
  const m = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(.*)$/.exec(s.trim() === s ? s : '');
  if (!m) return undefined;
  const [, sign, number, suffix] = m;
  const [intPart, frac = ''] = number.split('.');
  let num = BigInt((intPart || '0') + frac);
  let scale = frac.length;
  if (Object.hasOwn(BINARY, suffix)) num *= BINARY[suffix];
  else if (Object.hasOwn(DECIMAL, suffix)) scale -= DECIMAL[suffix];
  else {
    const e = /^[eE]([+-]?\d+)$/.exec(suffix);
    if (!e) return undefined;
    scale -= Number(e[1]);
  }
  if (sign === '-') num = -num;
  return { num, scale };
}

/** -1, 0 or 1. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const scale = Math.max(a.scale, b.scale);
  const x = a.num * 10n ** BigInt(scale - a.scale);
  const y = b.num * 10n ** BigInt(scale - b.scale);
  return x < y ? -1 : x > y ? 1 : 0;
}
