// Integration tests run ktl in-process against a fake server; the first test of
// a file also pays for loading the command's modules, which took over jest's
// default 5 s on a loaded 2-core CI machine, and 30 s when other jobs shared it. 60 s: a hang still fails.
import { jest } from '@jest/globals';

jest.setTimeout(60000);
