export {
  deploymentConfigSchema,
  parseDeploymentConfig,
  providerModels,
  sftpDropCollections,
  type DeploymentConfig,
  type DeploymentConfigInput,
} from './deployment-config.js';
export {
  DEFAULT_CONFIG_FILE,
  loadDeploymentConfig,
  type ContextSource,
  type LoadDeploymentConfigOptions,
} from './load-deployment-config.js';
