// Lint, and the house rule: only src/host (and the tests that run in the extension host)
// may import `vscode`; the panel's browser code imports only the protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noVscode = { name: 'vscode', message: 'Only src/host/ may import vscode: put VS Code code behind a port in src/host.' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', 'test-results/**', 'lessons/**', 'test/host/fixtures/*/pack/**', '.vscode-test/**', 'packages/*/dist/**', 'packages/*/lessons/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noVscode] }],
    },
  },
  { files: ['src/host/**', 'test/host/**', 'test/bench/suite/**'], rules: { 'no-restricted-imports': 'off' } },
  // Test fixture extensions are plain CommonJS, loaded by VS Code as they are.
  { files: ['test/host/fixtures/**/*.js'], languageOptions: { sourceType: 'commonjs' }, rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['src/webview/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [noVscode],
        patterns: [{ group: ['../core/*', '../host/*', '../core/**', '../host/**'], allowTypeImports: true, message: 'The webview imports protocol/ only (type imports from core are fine).' }],
      }],
    },
  },
  { files: ['**/*.mjs'], languageOptions: { globals: { ...globals.node } } },
);
