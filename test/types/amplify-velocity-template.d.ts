// Minimal types for amplify-velocity-template, the Velocity engine the cloud harness renders API Gateway's mapping templates with.
declare module 'amplify-velocity-template' {
  interface CompileOptions {
    escape?: boolean;
    valueMapper?: (value: unknown) => unknown;
  }
  class Compile {
    constructor(ast: unknown, options?: CompileOptions);
    render(context: Record<string, unknown>, macros?: Record<string, unknown>): string;
  }
  function parse(template: string): unknown;
  const velocity: { parse: typeof parse; Compile: typeof Compile };
  export default velocity;
}
