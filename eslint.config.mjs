// ESLint flat config. Formatting is Prettier's job (.prettierrc.json); ESLint looks for bugs:
// TypeScript (typescript-eslint, with the type-aware promise rules Office.js code needs), the rules of
// React hooks, and accessibility of the pane's JSX.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';
import * as espree from 'espree';

export default tseslint.config(
  { ignores: ['lib/', 'dist/', 'coverage/', 'test-output/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Type-aware rules cost a type check; they run on the add-in's code, where Office.js promises live,
    // and keep `npm run lint` quick (tests get the syntactic rules). tsconfig.eslint.json is src/ alone:
    // a program without the tests and jest's types.
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    languageOptions: {
      parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A forgotten `await context.sync()` or an unhandled promise is a silent bug in an add-in.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // Hooks live in the pane and the preview; the engine and hosts hold none. The two classic hook rules: the preset's React Compiler rules compile every component and double
    // the lint time for code the compiler does not build.
    files: ['src/taskpane/**/*.ts', 'src/preview/**/*.ts', 'src/**/*.tsx', 'test/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    files: ['src/**/*.tsx'],
    ...jsxA11y.flatConfigs.recommended,
  },
  {
    // The in-memory host imitates Office.js's dynamic proxies and ExcelJS's loose types: `any` is the honest type there.
    files: ['src/hosts/**/*.ts', 'test/**/*.ts', 'test/**/*.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Callbacks passed to Playwright's page.evaluate run in the browser.
    files: ['scripts/bench-ui.js', 'scripts/ui-support.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The pane's start-up status script runs before office.js in whatever webview Office has, even one
    // too old for the pane (it then says so): plain ES5, copied as-is by webpack.
    files: ['src/taskpane/boot-status.js'],
    languageOptions: { parser: espree, ecmaVersion: 5, sourceType: 'script', globals: { ...globals.browser } },
  },
);
