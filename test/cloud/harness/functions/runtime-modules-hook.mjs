// Loaded with `--import` into every function process. The nodejs22.x runtime provides the AWS SDK v3 outside the
// bundle (the bundles mark @aws-sdk/* external) in the folder NODE_PATH names; CommonJS finds it there, and this
// hook makes ES module imports the bundle cannot resolve retry from the same folder, as the runtime does.
import { register } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const runtimeModules = process.env.NODE_PATH?.split(':')[0];
if (runtimeModules) {
  const runtimeModulesParent = pathToFileURL(path.join(path.dirname(runtimeModules), 'runtime-modules.js')).href;
  register('./runtime-modules-loader.mjs', import.meta.url, { data: { runtimeModulesParent } });
}
