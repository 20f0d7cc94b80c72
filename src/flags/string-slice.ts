/**
 * pflag's StringSlice flags (`--image`, `--tcp`, `--verb`, `--from-file` ...):
 * each value is one record of Go's encoding/csv, so `--image=a,b` is two
 * values, `"a,b"` one, an empty value none, and a stray quote is refused
 * while the line is parsed, in encoding/csv's words.
 */
import { FlagValueError } from '../errors.js';
import { goQuote } from '../printers/go-format.js';

const BARE = 'bare " in non-quoted-field';
const QUOTE = 'extraneous or missing " in quoted-field';

type CsvRecord = { fields: string[] } | { column: number; problem: string };

/** One CSV record, or where (1-based byte column) and why it is no record. */
export function csvRecord(s: string): CsvRecord {
  const bytes = Buffer.from(s);
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    const field: number[] = [];
    if (bytes[i] === 0x22) {
      i++;
      for (;;) {
        if (i >= bytes.length) return { column: bytes.length + 1, problem: QUOTE };
        if (bytes[i] === 0x22) {
          if (bytes[i + 1] === 0x22) {
            field.push(0x22);
            i += 2;
            continue;
          }
          // a closing quote ends the field
          if (i + 1 < bytes.length && bytes[i + 1] !== 0x2c) return { column: i + 1, problem: QUOTE };
          i++;
          break;
        }
        field.push(bytes[i++]!);
      }
    } else {
      while (i < bytes.length && bytes[i] !== 0x2c) {
        if (bytes[i] === 0x22) return { column: i + 1, problem: BARE };
        field.push(bytes[i++]!);
      }
    }
    fields.push(Buffer.from(field).toString('utf8'));
    if (i >= bytes.length) return { fields };
    i++; // the comma
  }
}

/** A Commander argParser for a StringSlice flag named `flag` ("--image"). */
export function stringSlice(flag: string) {
  return (value: string, previous: string[] = []): string[] => {
    // pflag: an empty value is an empty list, not one empty string
    if (value === '') return previous;
    const r = csvRecord(value);
    if ('problem' in r) throw new FlagValueError(goQuote(value).slice(1, -1), flag, `parse error on line 1, column ${r.column}: ${r.problem}`);
    return [...previous, ...r.fields];
  };
}
