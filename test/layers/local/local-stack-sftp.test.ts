import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildPdf } from '../../fixtures/pdf-fixtures.js';
import { chat, startTestStack, waitForJob } from '../../support/local-stack-harness.js';
import { makeTempDir } from '../../support/temp-dir.js';
import { sftpBatchArgs } from '../../support/openssh-sftp-args.js';

const run = promisify(execFile);

describe('local stack SFTP drop (real OpenSSH client)', () => {
  let t: Awaited<ReturnType<typeof startTestStack>>;
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let key: string;
  let knownHosts: string;

  beforeAll(async () => {
    temp = await makeTempDir();
    key = path.join(temp.dir, 'id_ed25519');
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'alice@test', '-f', key]);
    const publicKey = (await readFile(`${key}.pub`, 'utf8')).trim();
    t = await startTestStack({ RAG_SFTP_USERS: JSON.stringify([{ user: 'alice', publicKey }]) });
    knownHosts = path.join(temp.dir, 'known_hosts');
    await writeFile(knownHosts, `[127.0.0.1]:${t.stack.sftpPort} ${t.stack.sftpHostPublicKey}\n`);
  });

  afterAll(async () => {
    await t.close();
    await temp.cleanup();
  });

  async function sftp(commands: string[]) {
    const batch = path.join(temp.dir, 'batch');
    await writeFile(batch, `${commands.join('\n')}\n`);
    return run('sftp', sftpBatchArgs({ batchFile: batch, keyFile: key, port: t.stack.sftpPort!, user: 'alice', knownHostsFile: knownHosts }), {
      cwd: temp.dir,
      timeout: 20_000,
    });
  }

  async function latestSftpJob() {
    const jobs = (await (await fetch(`${t.url}/api/jobs`)).json()) as { id: string; origin: string }[];
    return jobs.find((job) => job.origin === 'sftp')!;
  }

  test('a PDF dropped over SFTP is ingested as a job, cited in answers, and removed when deleted', async () => {
    // prepare: a real two-page PDF
    const pdf = await buildPdf(
      [
        { lines: ['Expense policy', '', 'Meals on business trips are reimbursed up to 45 euros per day.'] },
        { lines: ['Taxis to the airport are reimbursed when no train runs before 7 am.'] },
      ],
      { title: 'Expense policy' },
    );
    await writeFile(path.join(temp.dir, 'expenses.pdf'), pdf);

    // act: upload
    await sftp(['mkdir policies', 'put expenses.pdf policies/expenses.pdf', 'ls policies']);
    const uploaded = await latestSftpJob();
    const job = await waitForJob(t.url, uploaded.id);
    const answer = await chat(t.url, 'How much are meals reimbursed per day on business trips?');

    // assess
    expect(job.status).toBe('succeeded');
    expect(job.documents).toEqual([expect.objectContaining({ source: 'alice/policies/expenses.pdf', status: 'indexed' })]);
    expect(answer.body.citations[0]).toMatchObject({ source: 'alice/policies/expenses.pdf', title: 'Expense policy', page: 1 });
    expect(answer.body.answer).toContain('45 euros');

    // act: delete over SFTP
    await sftp(['rm policies/expenses.pdf']);
    const removal = await latestSftpJob();
    const removed = await waitForJob(t.url, removal.id);

    // assess
    expect(removal.id).not.toBe(uploaded.id);
    expect(removed.documents).toEqual([expect.objectContaining({ source: 'alice/policies/expenses.pdf', status: 'deleted' })]);
    expect(await t.stack.runtime.store.findDocumentBySource('alice/policies/expenses.pdf')).toBeUndefined();
  });
});
