/**
 * Jest configuration.
 *
 * - Tests live in test/ and are written in TypeScript (`*.test.ts` / `*.test.tsx`).
 * - The default environment is node; component tests opt into jsdom with an
 *   `@jest-environment jsdom` docblock at the top of the test file.
 * - ts-jest runs in transpile-only mode (tsconfig.json sets `isolatedModules: true`,
 *   which ts-jest 29.4 treats as "transpile each file, skip type-checking") so the
 *   suite stays fast; `npm run typecheck` does the type-checking.
 * - Some suites drive LibreOffice and Chromium, hence the generous timeout.
 */
/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts?(x)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'jsx', 'json', 'node'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/lib/'],
  testTimeout: 60000,
};
