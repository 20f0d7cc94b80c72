/**
 * Go's time.Time.String() for a metav1.Time, as kubectl prints it where a
 * describer formats a timestamp with %s (NetworkPolicy's "Created on"):
 * "2006-01-02 15:04:05 -0700 MST" in local time. Kubernetes timestamps
 * have whole seconds, so no fraction is shown; Go's zero time (an unset
 * field) prints as "0001-01-01 00:00:00 +0000 UTC".
 */
import { parseTimestamp } from '../printers/age.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The zone's abbreviation as Go names it: "UTC", "PST", or "+0530"-style digits when the zone has no letters. */
function zoneName(d: Date, offsetMinutes: number): string {
  if (offsetMinutes === 0 && /^(UTC|Etc\/UTC|Etc\/GMT|GMT|UCT|Zulu|Universal)?$/.test(localZone())) return 'UTC';
  const name = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value;
  if (name && /^[A-Z]{2,5}$/.test(name)) return name;
  // tzdata spells letterless zones as "+03" or "+0530"
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return abs % 60 === 0 ? `${sign}${pad(abs / 60)}` : `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
}

/** time.Time.String() of an instant shown at a given UTC offset (minutes east) and zone abbreviation. */
export function formatGoTimeIn(d: Date, offsetMinutes: number, zone: string): string {
  const t = new Date(d.getTime() + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const date = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const time = `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
  return `${date} ${time} ${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)} ${zone}`;
}

/** time.Time.String() in local time (Go converts decoded API times to local). */
export function formatGoTime(d: Date): string {
  const off = -d.getTimezoneOffset();
  return formatGoTimeIn(d, off, zoneName(d, off));
}

/** time.Time.String() of a metav1.Time value. */
export function goTimeString(value: unknown): string {
  const d = parseTimestamp(value);
  return d ? formatGoTime(d) : '0001-01-01 00:00:00 +0000 UTC';
}
