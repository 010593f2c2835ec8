import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.data/',
      'client/dist/',
      'server/dist/',
      'client/src/graphql-env.d.ts',
      'test-results/',
      'test/bench/results/',
      'migrations/*-*.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Tests read loosely typed GraphQL responses.
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (DESIGN habit 1).' },
      ],
    },
  },
  {
    // Config files whose tools require a default export.
    files: ['eslint.config.js', 'vitest.config.ts', 'test/support/global-setup.ts', 'client/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // The web client: the rules of hooks, and the React Compiler's checks on top.
  { files: ['client/src/**/*.{ts,tsx}'], ...reactHooks.configs.flat.recommended },
  prettier,
);
