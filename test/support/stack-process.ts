import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './temp-dir.js';

export interface StackProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Stops the process with a signal and waits for it to exit. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Starts `rag serve` as a real child process and resolves once it prints its URL. */
export async function startStackProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<StackProcess> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/rag.js'), 'serve'], {
    env: { ...process.env, NODE_OPTIONS: '', PORT: '0', SFTP_PORT: '0', RAG_SAMPLE: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (data: Buffer) => (output += data.toString()));
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rag serve did not start:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /Web site and API\s+(http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`rag serve exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
