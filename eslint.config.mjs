// ESLint flat config. Formatting is Prettier's job (.prettierrc.json); ESLint looks for bugs:
// TypeScript (typescript-eslint, with the type-aware promise rules Office.js code needs), the rules of
// React hooks, and accessibility of the pane's JSX.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['lib/', 'dist/', 'coverage/', 'test-output/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A forgotten `await context.sync()` or an unhandled promise is a silent bug in an add-in.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'test/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'test/**/*.tsx'],
    rules: {
      // The pane's effects start the next step when the page or an operation changes (run the check the
      // Review page needs, read the selected project): state set from an effect is the point there.
      'react-hooks/set-state-in-effect': 'off',
    },
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
);
