// Bundles src/main.ts (the CLI) and src/lib/index.ts (the library, `import 'ktl'`)
// into dist/ as ESM. Code split so modules loaded with
// dynamic import() (client-node, yaml, printers) cost nothing at startup.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { ktl: 'src/main.ts', lib: 'src/lib/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __ktlCreateRequire } from 'node:module'; const require = __ktlCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
