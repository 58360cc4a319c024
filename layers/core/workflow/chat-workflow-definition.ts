import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { workflowErrorName } from './workflow-error-name.js';

/**
 * The chat workflow as one Amazon States Language document, shared by both engines:
 * CDK deploys it as an EXPRESS state machine and the local stack runs it with
 * aws-local-stepfunctions. It stays plain JSON (no CDK types) so both can load it.
 *
 * Each Task receives the whole state and returns it with one key added (`improve`,
 * `retrieve` or `response`). Tasks name the function ARN directly as `Resource` (the
 * classic Lambda integration) rather than `arn:aws:states:::lambda:invoke`, because the
 * local engine maps a Task to a handler by that ARN, and because the direct form hands the
 * handler's return value back unwrapped.
 */
export interface ChatWorkflowResources {
  improveFunctionArn: string;
  retrieveFunctionArn: string;
  answerFunctionArn: string;
}

/** State names, exported so tests and the local runner refer to them without string drift. */
export const CHAT_WORKFLOW_STATES = {
  improve: 'Improve',
  isQuestion: 'IsQuestion',
  retrieve: 'Retrieve',
  answer: 'Answer',
  done: 'Done',
  directReply: 'DirectReply',
  failed: 'Failed',
  notFound: 'NotFound',
  invalidRequest: 'InvalidRequest',
} as const;

/**
 * Placeholder ARNs for engines that map Tasks to in-process handlers (the local stack):
 * the definition validator wants well-formed ARNs even when nothing is invoked remotely.
 */
export const LOCAL_CHAT_WORKFLOW_RESOURCES: ChatWorkflowResources = {
  improveFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:rag-improve-question',
  retrieveFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:rag-retrieve',
  answerFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:rag-answer',
};

/** The error name a failed execution reports, whatever step failed. */
export const CHAT_WORKFLOW_ERROR = 'ChatWorkflowFailed';

// Transient Lambda service faults are worth retrying; errors thrown by the handlers are not,
// because they are deterministic (bad input, missing key) and retrying only adds latency.
const TRANSIENT_LAMBDA_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

function task(resource: string, comment: string, next: string) {
  return {
    Type: 'Task' as const,
    Comment: comment,
    Resource: resource,
    Retry: [
      {
        ErrorEquals: [...TRANSIENT_LAMBDA_ERRORS],
        IntervalSeconds: 1,
        MaxAttempts: 3,
        BackoffRate: 2,
      },
    ],
    Catch: [
      // A refusal keeps its own error name, which the chat route answers with its status (404, 400).
      { ErrorEquals: [workflowErrorName('not_found')], Next: CHAT_WORKFLOW_STATES.notFound },
      { ErrorEquals: [workflowErrorName('invalid_request')], Next: CHAT_WORKFLOW_STATES.invalidRequest },
      {
        ErrorEquals: ['States.ALL'],
        ResultPath: '$.error',
        Next: CHAT_WORKFLOW_STATES.failed,
      },
    ],
    Next: next,
  };
}

/** Builds the improve → (question? retrieve → answer : direct reply) workflow. */
export function buildChatWorkflowDefinition(resources: ChatWorkflowResources): StateMachineDefinition {
  const s = CHAT_WORKFLOW_STATES;
  return {
    Comment: 'Chat turn: improve the message, then retrieve and answer for questions; other intents are answered directly by the improve step.',
    StartAt: s.improve,
    States: {
      [s.improve]: task(
        resources.improveFunctionArn,
        'Classify the message, detect its language and rewrite questions into a standalone query. Non-questions get their reply in $.response here.',
        s.isQuestion,
      ),
      [s.isQuestion]: {
        Type: 'Choice',
        Comment: 'Only real questions pay for embedding and retrieval.',
        Choices: [
          {
            Variable: '$.improve.intent',
            StringEquals: 'question',
            Next: s.retrieve,
          },
        ],
        Default: s.directReply,
      },
      [s.retrieve]: task(resources.retrieveFunctionArn, 'Embed the query and run the hybrid top-k search.', s.answer),
      [s.answer]: task(resources.answerFunctionArn, 'Write the grounded answer with citations into $.response.', s.done),
      [s.done]: {
        Type: 'Succeed',
        Comment: 'The chat response is the workflow output.',
        OutputPath: '$.response',
      },
      [s.directReply]: {
        Type: 'Succeed',
        Comment: 'Greetings, small talk and off-topic messages: the improve step already wrote the reply.',
        OutputPath: '$.response',
      },
      [s.failed]: {
        Type: 'Fail',
        Comment: 'Any step that still fails after its retries ends here; the step error is kept in $.error in the execution history.',
        Error: CHAT_WORKFLOW_ERROR,
        Cause: 'A chat workflow step failed. See the execution history for the failing step and its error.',
      },
      [s.notFound]: {
        Type: 'Fail',
        Comment: 'The caller asked to continue a conversation that is not theirs (or does not exist): the API answers 404.',
        Error: workflowErrorName('not_found'),
        Cause: 'No such conversation.',
      },
      [s.invalidRequest]: {
        Type: 'Fail',
        Comment: 'The request scope (collections, filters) is malformed: the API answers 400.',
        Error: workflowErrorName('invalid_request'),
        Cause: 'The chat request is not valid.',
      },
    },
  };
}
