// The runtime side of a function process: loads the handler the way the nodejs22.x runtime does (from
// LAMBDA_TASK_ROOT, `_HANDLER` = file.export), then runs one invocation at a time as the harness sends them over
// the IPC channel, with a Lambda-shaped context.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const taskRoot = process.env.LAMBDA_TASK_ROOT ?? process.cwd();
const handlerSpec = process.env._HANDLER ?? 'index.handler';

function errorShape(error, fallbackType) {
  if (error instanceof Error) return { errorType: error.name || fallbackType, errorMessage: error.message, stackTrace: String(error.stack ?? '').split('\n') };
  return { errorType: fallbackType, errorMessage: String(error), stackTrace: [] };
}

async function loadHandler() {
  const dot = handlerSpec.lastIndexOf('.');
  const moduleName = handlerSpec.slice(0, dot);
  const exportPath = handlerSpec.slice(dot + 1).split('.');
  const file = ['.mjs', '.js', '.cjs'].map((extension) => path.join(taskRoot, moduleName + extension)).find((candidate) => existsSync(candidate));
  if (!file) throw Object.assign(new Error(`Cannot find module '${moduleName}'`), { name: 'Runtime.ImportModuleError' });
  let target = await import(pathToFileURL(file).href);
  for (const key of exportPath) target = target?.[key] ?? target?.default?.[key];
  if (typeof target !== 'function') throw Object.assign(new Error(`${handlerSpec} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  return target;
}

let handler;
try {
  handler = await loadHandler();
  process.send({ type: 'ready' });
} catch (error) {
  process.send({ type: 'init-error', error: errorShape(error, 'Runtime.ImportModuleError') });
  process.exit(1);
}

process.on('unhandledRejection', (reason) => {
  process.send({ type: 'crash', error: errorShape(reason, 'Runtime.UnhandledPromiseRejection') }, () => process.exit(128));
});

process.on('message', async (message) => {
  if (message?.type !== 'invoke') return;
  const { id, event, deadlineMs, requestId, traceId, clientContext, identity } = message;
  process.env._X_AMZN_TRACE_ID = traceId;
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    clientContext,
    identity,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
  try {
    const result =
      handler.length >= 3
        ? await new Promise((resolve, reject) => {
            const maybe = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
            if (maybe && typeof maybe.then === 'function') maybe.then(resolve, reject);
          })
        : await handler(event, context);
    process.send({ type: 'result', id, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (error) {
    process.send({ type: 'error', id, error: errorShape(error, 'Error') });
  }
});
