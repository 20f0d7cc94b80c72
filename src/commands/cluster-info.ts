import type { Command } from 'commander';
import { action, withExamples, type App } from './kit.js';
import type { Context } from '../context.js';
import { write } from '../context.js';
import type { GlobalFlags } from '../flags/global.js';

export interface ClusterInfoOptions {
  ctx: Context;
  flags: GlobalFlags;
}

interface ServiceLike {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> };
  spec?: { ports?: Array<{ name?: string; port?: number }> };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string; hostname?: string }> } };
}

const EXAMPLES = `  # Print the address of the control plane and cluster services
  ktl cluster-info`;

// kubectl's exact footer; ktl has no `cluster-info dump` of its own yet
const FOOTER = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";

export function registerClusterInfo(program: Command, app: App): void {
  const cmd = program
    .command('cluster-info')
    .description(
      'Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. ' +
        "To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.",
    )
    .summary('Display cluster information')
    .usage('[flags] [options]')
    .argument('[args...]')
    .action(
      action(async (_args: string[], _opts: unknown, c: Command) => run({ ctx: app.ctx, flags: app.globals(c) })),
    );
  withExamples(cmd, EXAMPLES);
}

/** <scheme>:<name>:<port-name>, leaving out empty leading parts (the apiserver proxy's form). */
function joinSchemeNamePort(scheme: string, name: string, port: string): string {
  if (scheme) return `${scheme}:${name}:${port}`;
  if (port) return `${name}:${port}`;
  return name;
}

export function serviceLine(server: string, svc: ServiceLike): string {
  const meta = svc.metadata ?? {};
  let link = '';
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length > 0) {
    const host = ingress[0]!.ip || ingress[0]!.hostname || '';
    for (const p of svc.spec?.ports ?? []) link += `http://${host}:${p.port ?? 0} `;
  } else {
    let name = meta.name ?? '';
    const port = svc.spec?.ports?.[0];
    if (port) {
      const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
      name = joinSchemeNamePort(scheme, meta.name ?? '', port.name ?? '');
    }
    link = `${server}/api/v1/namespaces/${meta.namespace ?? ''}/services/${name}/proxy`;
  }
  const title = meta.labels?.['kubernetes.io/name'] || meta.name || '';
  return `${title} is running at ${link}\n`;
}

async function run(o: ClusterInfoOptions): Promise<number> {
  const { connect, resourcePath } = await import('../client/index.js');
  let failure: unknown;
  try {
    const clients = await connect(o.ctx, o.flags, { command: `${o.ctx.binName} cluster-info` });
    try {
      const services = await clients.resolve('services');
      const list = await clients.rest.list<ServiceLike>(resourcePath(services, { namespace: 'kube-system' }), {
        query: { labelSelector: 'kubernetes.io/cluster-service=true' },
        // kubectl sends this one unpaged
        limit: 0,
      });
      const server = clients.config.cluster.server;
      let text = `Kubernetes control plane is running at ${server}\n`;
      for (const svc of list.items) text += serviceLine(server, svc);
      await write(o.ctx.io.out, text);
    } finally {
      clients.close();
    }
  } catch (err) {
    failure = err;
  }
  // kubectl prints the footer even when listing failed
  await write(o.ctx.io.out, FOOTER);
  if (failure) throw failure;
  return 0;
}
