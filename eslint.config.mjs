// One flat config for the workspace; projects do not add their own (STYLE.md 2.16).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import importX from 'eslint-plugin-import-x';
import jest from 'eslint-plugin-jest';
import tseslint from 'typescript-eslint';

// Vendor SDKs and the one library allowed to import each (plus libs/testing). STYLE.md 2.4.
const vendorHomes = [
  { names: ['kafkajs'], home: 'libs/kafka' },
  { names: ['@opensearch-project/opensearch'], home: 'libs/opensearch' },
  { names: ['@azure/msal-node', '@microsoft/microsoft-graph-client'], home: 'libs/graph-client' },
];
const testingLib = {
  name: '@callrecords/testing',
  message: 'Only tests and test/ may use @callrecords/testing.',
};
const domainBans = [
  { group: ['@nestjs/*'], message: 'Domain code is plain functions: no Nest.' },
  {
    group: [
      'node:fs',
      'node:fs/*',
      'node:http',
      'node:https',
      'node:net',
      'fs',
      'http',
      'https',
      'net',
    ],
    message: 'Domain code does no I/O.',
  },
  {
    group: [
      '@callrecords/kafka',
      '@callrecords/opensearch',
      '@callrecords/graph-client',
      '@callrecords/service-kit',
    ],
    message: 'Domain code does not use adapters.',
  },
];

function vendorPaths(exceptHome) {
  return vendorHomes
    .filter((v) => v.home !== exceptHome)
    .flatMap((v) => v.names.map((name) => ({ name, message: `Only ${v.home} imports ${name}.` })));
}

// no-restricted-imports is replaced, not merged, by a later block: build each folder's full list here.
function restrictedImports({ home, tests = false, domain = false }) {
  const paths = [...vendorPaths(home), ...(tests ? [] : [testingLib])];
  return ['error', { paths, patterns: domain ? domainBans : [] }];
}

// Who may depend on whom (STYLE.md 2.4). Specs may also use the testing lib and the tools (the
// Graph simulator): an adapter's integration test runs against the simulator, not a mock.
const allowedDeps = {
  'type:app': ['type:contracts', 'type:domain', 'type:adapter', 'type:platform'],
  'type:adapter': ['type:contracts', 'type:platform'],
  'type:platform': [],
  'type:domain': ['type:contracts'],
  'type:contracts': [],
  'type:testing': ['type:contracts', 'type:domain', 'type:adapter', 'type:platform'],
  'type:tool': ['type:contracts', 'type:domain', 'type:adapter', 'type:platform', 'type:testing'],
};

function moduleBoundaries(inSpecs) {
  const depConstraints = Object.entries(allowedDeps).map(([sourceTag, tags]) => ({
    sourceTag,
    onlyDependOnLibsWithTags: inSpecs ? [...new Set([...tags, 'type:testing', 'type:tool'])] : tags,
  }));
  return ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }];
}

const jsonParseBan = {
  selector: "CallExpression[callee.object.name='JSON'][callee.property.name='parse']",
  message:
    'Decode through @callrecords/contracts (decodeEvent / schemas); JSON.parse stays in one place.',
};
const clockBans = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Domain code takes `now` as a parameter.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'Domain code takes `now` as a parameter.',
  },
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: 'Domain code takes a seed or random source as a parameter.',
  },
  {
    selector: "MemberExpression[object.name='process'][property.name='env']",
    message: 'Domain code takes config as a parameter.',
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.cache/**',
      '.nx/**',
      '**/.data/**',
      'coverage/**',
      '**/generated/**',
      'tmp/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.mts'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.json', './tsconfig.tools.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { '@nx': nx, 'import-x': importX },
    settings: { 'import-x/resolver-next': [importX.createNodeResolver()] },
    rules: {
      curly: 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
      'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': [
        'error',
        { max: 50, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
      'max-depth': ['error', 3],
      'max-params': ['error', 3],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'separate-type-imports' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/require-await': 'error',
      'import-x/no-cycle': 'error',
      'import-x/order': [
        'error',
        {
          groups: ['builtin', 'external', 'internal', ['parent', 'sibling', 'index']],
          pathGroups: [{ pattern: '@callrecords/**', group: 'internal' }],
          pathGroupsExcludedImportTypes: ['builtin'],
          'newlines-between': 'always',
          distinctGroup: false,
        },
      ],
      '@nx/enforce-module-boundaries': moduleBoundaries(false),
      'no-restricted-imports': restrictedImports({}),
      'no-restricted-syntax': ['error', jsonParseBan],
    },
  },
  // Vendor SDK homes.
  ...vendorHomes.map((v) => ({
    files: [`${v.home}/**/*.ts`],
    rules: { 'no-restricted-imports': restrictedImports({ home: v.home }) },
  })),
  {
    files: ['libs/testing/**/*.ts', 'test/**/*.ts', 'services/*/test/**/*.ts', '**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [] }] },
  },
  // A service's test/ folder (harnesses shared by its integration specs) is test code like its specs:
  // it may use the testing lib and the simulator, which the service's src/ may not.
  {
    files: ['services/*/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries(true) },
  },
  // Where JSON is decoded: contracts, tools and tests.
  {
    files: [
      'libs/contracts/**/*.ts',
      '**/*.mts',
      'test/**/*.ts',
      '**/*.spec.ts',
      'libs/testing/**/*.ts',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Domain code: pure functions (STYLE.md 2.7).
  {
    files: ['services/*/src/domain/**/*.ts', 'libs/call-quality/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': restrictedImports({ domain: true }),
      'no-restricted-syntax': ['error', jsonParseBan, ...clockBans],
    },
  },
  // Tests.
  {
    files: ['**/*.spec.ts'],
    ...jest.configs['flat/recommended'],
    rules: {
      ...jest.configs['flat/recommended'].rules,
      '@nx/enforce-module-boundaries': moduleBoundaries(true),
      'jest/no-focused-tests': 'error',
      'jest/valid-title': ['error', { ignoreTypeOfDescribeName: true }],
      'jest/no-disabled-tests': 'error',
      'jest/expect-expect': 'error',
      'jest/no-standalone-expect': 'error',
      'max-lines-per-function': 'off',
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  // Plain JS config files are not type-checked.
  { files: ['**/*.mjs', '**/*.js', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
