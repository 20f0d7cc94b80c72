// e2e tests talk to a real cluster and wait for controllers: allow 2 minutes each.
import { jest } from '@jest/globals';

jest.setTimeout(120000);
