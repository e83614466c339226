import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['.output*/**', '.scratch*/**', '.wxt/**', 'node_modules/**', 'coverage/**', 'tests/**/fixtures/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly' } },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Plaintext must never be turned into page markup.
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No raw HTML in extension UI.' },
        { selector: "AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]", message: 'No raw HTML.' },
        { selector: "CallExpression[callee.property.name='insertAdjacentHTML']", message: 'No raw HTML.' },
      ],
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // Shipped code must not log (a log line could carry plaintext); warnings about failures are allowed.
    files: ['src/**', 'entrypoints/**'],
    rules: { 'no-console': ['error', { allow: ['warn', 'error'] }] },
  },
);
