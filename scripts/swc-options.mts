// How the workspace compiles TypeScript with swc outside Jest (the source hook, the production
// build): Nest's legacy decorators with their metadata, which Nest's dependency injection reads.
export const SWC_NEST_OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
    keepClassNames: true,
  },
} as const;
