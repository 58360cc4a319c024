export {
  buildChatWorkflowDefinition,
  CHAT_WORKFLOW_ERROR,
  CHAT_WORKFLOW_STATES,
  LOCAL_CHAT_WORKFLOW_RESOURCES,
  type ChatWorkflowResources,
} from './chat-workflow-definition.js';
