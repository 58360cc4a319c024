// Module resolution hook: see runtime-modules-hook.mjs.
let runtimeModulesParent;

export function initialize(data) {
  runtimeModulesParent = data?.runtimeModulesParent;
}

const BARE = /^(?![./]|node:|file:|data:)/;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!runtimeModulesParent || !BARE.test(specifier) || error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    return nextResolve(specifier, { ...context, parentURL: runtimeModulesParent });
  }
}
