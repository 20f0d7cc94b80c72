// Records which modules a Node process loads, for tests that check what a
// start of ktl pulls in (test/unit/build/startup-modules.test.ts):
//
//   KTL_MODULE_LOG=/tmp/x.log node --import ./test/helpers/module-log-hook.mjs bin/ktl.js ...
//
// Every ES module file Node loads is appended to the log as a `file:` URL
// line (a module.register() load hook, which runs on Node's hooks thread);
// at exit, the built-in modules loaded in the process (process.moduleLoadList,
// which sees require() of builtins too) are appended as `builtin:NAME` lines.
// Without KTL_MODULE_LOG it does nothing.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

const logFile = process.env.KTL_MODULE_LOG;

if (logFile && isMainThread) {
  // the hooks thread imports this file again and uses its load() below
  register(import.meta.url);
  process.on('exit', () => {
    const builtins = process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => `builtin:${m.slice('NativeModule '.length)}\n`);
    appendFileSync(logFile, builtins.join(''));
  });
}

export async function load(url, context, nextLoad) {
  if (logFile && url.startsWith('file:')) appendFileSync(logFile, `${url}\n`);
  return nextLoad(url, context);
}
