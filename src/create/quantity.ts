/**
 * resource.Quantity's canonical text (what `create quota --hard` prints):
 * "1000m" -> "1", "1024Mi" -> "1Gi", "1.50" -> "1500m"; strings already in
 * canonical form are kept as typed, as Go's parser caches them.
 */
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export function canonicalQuantity(str: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(str);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return undefined;
  if (str === '0') return str;
  const negative = m[1] === '-';
  const num = m[2]!.replace(/^0+/, '') || '0';
  const denom = m[3] ?? '';
  const suf = m[4] ?? '';
  const binary = suf in BINARY;
  const exponent = binary ? BINARY[suf]! : /^[eE]/.test(suf) ? Number(suf.slice(1)) : DECIMAL[suf]!;
  const expFormat = /^[eE]/.test(suf);
  // exact value = (num.denom) * base^exponent, as a fraction digits / 10^scale
  let digits = BigInt(num + denom);
  let scale10 = -denom.length;
  if (binary) digits *= 1n << BigInt(exponent);
  else scale10 += exponent;
  // Go's fast path keeps an already-canonical string
  if (!denom && (binary ? exponent % 10 === 0 && (BigInt(num) & 7n) !== 0n : exponent % 3 === 0 && !num.endsWith('000') && num !== '0')) {
    return str;
  }
  if (digits === 0n) return '0';
  const sign = negative ? '-' : '';
  // a binary quantity stays binary when its value is a whole number of at least 1024 ("1.5Gi" -> "1536Mi")
  const v = !binary ? undefined : scale10 >= 0 ? digits * 10n ** BigInt(scale10) : digits % 10n ** BigInt(-scale10) === 0n ? digits / 10n ** BigInt(-scale10) : undefined;
  if (v !== undefined && v >= 1024n) {
    let p = 0;
    let x = v;
    while (p < 60 && x % 1024n === 0n) {
      x /= 1024n;
      p += 10;
    }
    const name = Object.keys(BINARY).find((k) => BINARY[k] === p);
    return `${sign}${x}${name ?? ''}`;
  }
  // decimal: pick the largest exponent (multiple of 3) that keeps an integer mantissa, nano at least
  while (scale10 < -9) {
    // round up below nano, as Go does
    const rem = digits % 10n;
    digits = digits / 10n + (rem !== 0n ? 1n : 0n);
    scale10++;
  }
  while (scale10 % 3 !== 0) {
    digits *= 10n;
    scale10--;
  }
  while (digits % 1000n === 0n && scale10 < 18) {
    digits /= 1000n;
    scale10 += 3;
  }
  if (expFormat) return `${sign}${digits}${scale10 === 0 ? '' : `e${scale10}`}`;
  const name = Object.keys(DECIMAL).find((k) => DECIMAL[k] === scale10) ?? '';
  return `${sign}${digits}${name}`;
}

/** A quantity's value as a number (for arithmetic such as downward-API divisors); undefined when it does not parse. */
export function quantityNumber(str: string): number | undefined {
  const m = /^([+-]?)(\d*(?:\.\d*)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/.exec(str.trim());
  if (!m || m[2] === '' || m[2] === '.') return undefined;
  const suf = m[3] ?? '';
  const scale = suf in BINARY ? 2 ** BINARY[suf]! : /^[eE]/.test(suf) ? 10 ** Number(suf.slice(1)) : 10 ** DECIMAL[suf]!;
  return (m[1] === '-' ? -1 : 1) * Number(m[2]) * scale;
}
