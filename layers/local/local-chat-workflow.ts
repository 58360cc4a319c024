import '#core/polyfills.js';
import { StateMachine } from 'aws-local-stepfunctions';
import type { ChatResponse, ChatState, ChatTurnInput } from '#core/chat-workflow/chat-state.js';
import { type ChatDependencies, answerStep, improveStep, retrieveStep } from '#core/chat-workflow/chat-steps.js';
import { initialChatState } from '#core/chat-workflow/run-chat-turn.js';
import { CHAT_WORKFLOW_STATES, LOCAL_CHAT_WORKFLOW_RESOURCES, buildChatWorkflowDefinition } from '#core/workflow/chat-workflow-definition.js';

type Step = (state: ChatState, deps: ChatDependencies) => Promise<ChatState>;

/**
 * Runs the chat workflow's Amazon States Language definition — the very document CDK deploys
 * as an EXPRESS state machine — with aws-local-stepfunctions, each Task mapped to the same
 * step function its Lambda handler calls.
 */
export class LocalChatWorkflow {
  // The definition is built by code and validated by its own test (chat-workflow-definition.test.ts);
  // validating it again here compiled the ASL JSON schemas on every start, about 1.2 s of `rag ask`.
  private readonly machine = new StateMachine(buildChatWorkflowDefinition(LOCAL_CHAT_WORKFLOW_RESOURCES), { validationOptions: { noValidate: true } });

  constructor(private readonly deps: ChatDependencies) {}

  /** One chat turn. `onAnswerDelta` receives answer text as it is produced (streaming providers). */
  async run(input: ChatTurnInput, extra: Pick<ChatDependencies, 'onAnswerDelta' | 'signal'> = {}): Promise<ChatResponse> {
    const initial = initialChatState(input);
    const deps: ChatDependencies = { ...this.deps, ...extra };
    // The Fail state reports a generic cause; keep the step's own error so callers can map it
    // (a missing API key, an unreachable database) to a precise HTTP status.
    let stepError: unknown;
    const local = (step: Step) => async (payload: unknown) => {
      try {
        return (await step(payload as ChatState, deps)) as unknown as Record<string, never>;
      } catch (error) {
        stepError = error;
        throw error;
      }
    };
    const s = CHAT_WORKFLOW_STATES;
    const execution = this.machine.run(initial as unknown as Record<string, never>, {
      overrides: {
        taskResourceLocalHandlers: { [s.improve]: local(improveStep), [s.retrieve]: local(retrieveStep), [s.answer]: local(answerStep) },
        // Local steps are not Lambda invocations; their errors are not the transient service faults the Retry targets.
        retryIntervalOverrides: { [s.improve]: 0, [s.retrieve]: 0, [s.answer]: 0 },
      },
    });
    try {
      return (await execution.result) as unknown as ChatResponse;
    } catch (error) {
      throw stepError ?? error;
    }
  }
}
