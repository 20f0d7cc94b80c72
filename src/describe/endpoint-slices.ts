/**
 * kubectl's formatEndpointSlices: the ready endpoints of a Service's
 * EndpointSlices as "ip:port" (or bare addresses for port-less slices),
 * at most three shown, then " + N more...". `portNames` limits the ports
 * to those names (undefined: every port).
 */

export interface SliceLike {
  ports?: Array<{ name?: string | null; port?: number | null }> | null;
  endpoints?: Array<{ addresses?: string[] | null; conditions?: { ready?: boolean | null } | null }> | null;
}

/** net.JoinHostPort: IPv6 literals in brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const isReady = (e: { conditions?: { ready?: boolean | null } | null }) => e.conditions?.ready !== false;

export function formatEndpointSlices(slices: readonly SliceLike[], portNames?: ReadonlySet<string>): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const slice of slices) {
    const ports = slice.ports ?? [];
    const endpoints = slice.endpoints ?? [];
    if (ports.length === 0) {
      // headless services may have no ports
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!isReady(e)) continue;
        if (!more) list.push(e.addresses?.[0] ?? '');
        count++;
      }
      continue;
    }
    for (const port of ports) {
      if (portNames && !portNames.has(port.name ?? '')) continue;
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!isReady(e)) continue;
        if (!more) list.push(joinHostPort(e.addresses?.[0] ?? '', port.port ?? 0));
        count++;
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}
