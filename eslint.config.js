import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import { importX } from 'eslint-plugin-import-x'
import prettierOff from 'eslint-config-prettier/flat'
import vueI18n from '@intlify/eslint-plugin-vue-i18n'

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'frappe/custom_erp/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Server text is never rendered as HTML.
      'vue/no-v-html': 'error',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // Two modules that import each other mean a missing owner (STYLE.md habit 11): the app may have no import circle.
    files: ['src/**/*.{ts,vue}'],
    plugins: { 'import-x': importX },
    // A .vue file imported from a .ts file is parsed with these options too, and its script needs the TS parser.
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.app.json' })],
      'import-x/extensions': ['.ts', '.vue', '.js'],
      'import-x/parsers': { 'vue-eslint-parser': ['.vue'], '@typescript-eslint/parser': ['.ts'] },
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Components are presentational (STYLE.md habit 12): only composables and stores reach the API, IndexedDB and
    // the workers. Types (the wire types, an error's shape) may be named anywhere.
    files: ['src/components/**/*.vue', 'src/pages/**/*.vue', 'src/App.vue'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/api/*', '@/storage/*', '@/workers/*', '**/api/*', '**/storage/*', '**/workers/*'],
              allowTypeImports: true,
              message: 'Components and pages use a composable or a store for this (see docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // Every word the clerk reads comes from src/locales (English and German): a raw text in a template fails,
    // and so does a key that is missing from the message files.
    files: ['src/**/*.vue'],
    plugins: { '@intlify/vue-i18n': vueI18n },
    settings: { 'vue-i18n': { localeDir: './src/locales/*.json', messageSyntaxVersion: '^11.0.0' } },
    rules: {
      '@intlify/vue-i18n/no-raw-text': [
        'error',
        {
          // Symbols, figures and punctuation between translated words are not language.
          ignorePattern: '^[\\s\\d.,:;!?()\\[\\]{}<>/\\\\|+\\-–—−×·…•%€$#*=_~\'"“”‘’«»→←↑↓↺⟳✓✕✗⚠▲▼◀▶]*$',
          // File formats keep their names in every language.
          ignoreText: ['PDF'],
          attributes: { '/.+/': ['title', 'aria-label', 'placeholder', 'alt', 'label', 'data-label'] },
        },
      ],
      '@intlify/vue-i18n/no-missing-keys': 'error',
    },
  },
  // Prettier formats (checked by `npm run lint`); this turns off ESLint's layout rules so there is one formatter.
  prettierOff,
  {
    // Prettier keeps code within 140 characters but never breaks a comment or a string: this catches comments.
    rules: {
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
    },
  },
)
