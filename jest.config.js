// jest in native ESM mode: run through `node --experimental-vm-modules` (see package.json).
const tsJest = ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { ignoreCodes: [151002] } }];
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  // only crawl sources and tests: .cluster/ holds etcd's *.snap files, which jest would take for stale snapshots
  roots: ['<rootDir>/src', '<rootDir>/test'],
};
export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/integration/setup-timeout.js'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.js',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.js',
      setupFilesAfterEnv: ['<rootDir>/test/e2e/setup-timeout.js'],
    },
  ],
};
