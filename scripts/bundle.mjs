// Bundles src/main.ts (the CLI) and src/lib/index.ts (the library, `import 'ktl'`)
// into dist/ as ESM. Code split so modules loaded with
// dynamic import() (client-node, yaml, printers) cost nothing at startup.
// dist/meta.json is esbuild's metafile (which output holds which sources).
import { build } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { bundleOptions } from './bundle-options.mjs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const result = await build(bundleOptions);
writeFileSync(new URL('../dist/meta.json', import.meta.url), JSON.stringify(result.metafile));
