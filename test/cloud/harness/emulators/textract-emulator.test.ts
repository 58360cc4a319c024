import { mkdtempSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { GetDocumentTextDetectionCommand, StartDocumentTextDetectionCommand, TextractClient } from '@aws-sdk/client-textract';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { TextractOcr } from '#aws/textract-ocr.js';
import { buildScannedPdf } from '../../../fixtures/pdf-fixtures.js';
import { missingChromium, type RenderedText, renderTextImages } from '../../../support/rendered-text.js';
import { credentialsForRole } from '../functions/role-credentials.js';
import { Authorizer } from '../iam/authorizer.js';
import type { CfnTemplate } from '../template/load-template.js';
import { IntrinsicResolver } from '../template/resolve-intrinsics.js';
import { createHarnessTls, type HarnessTls } from './harness-tls.js';
import { S3Emulator } from './s3-emulator.js';
import { TextractEmulator } from './textract-emulator.js';

const objects = { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Raw', 'Arn'] }, '/*']] };
const TEXT_DETECTION = ['textract:DetectDocumentText', 'textract:StartDocumentTextDetection', 'textract:GetDocumentTextDetection'];

/** Roles as CDK writes them: the ingest role as granted, and two that each lack one half of what Textract needs. */
const TEMPLATE: CfnTemplate = {
  Resources: {
    Raw: { Type: 'AWS::S3::Bucket' },
    ReaderRole: { Type: 'AWS::IAM::Role' },
    ReaderPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: {
        Roles: [{ Ref: 'ReaderRole' }],
        PolicyDocument: {
          Statement: [
            { Effect: 'Allow', Action: 's3:GetObject', Resource: objects },
            { Effect: 'Allow', Action: TEXT_DETECTION, Resource: '*' },
          ],
        },
      },
    },
    NoTextractRole: { Type: 'AWS::IAM::Role' },
    NoTextractPolicy: {
      Type: 'AWS::IAM::Policy',
      Properties: { Roles: [{ Ref: 'NoTextractRole' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: objects }] } },
    },
    NoS3Role: { Type: 'AWS::IAM::Role' },
    NoS3Policy: {
      Type: 'AWS::IAM::Policy',
      Properties: { Roles: [{ Ref: 'NoS3Role' }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action: TEXT_DETECTION, Resource: '*' }] } },
    },
  },
};

const FACT = 'The ferry to the island leaves at seven forty five every morning.';

describe('the Textract emulator', () => {
  const resolver = new IntrinsicResolver(TEMPLATE, { stackName: 'Docs' });
  const bucket = String(resolver.ref('Raw'));
  let workDir: string;
  let tls: HarnessTls;
  let authorizer: Authorizer;
  let s3: S3Emulator;
  let textract: TextractEmulator;

  beforeAll(async () => {
    workDir = mkdtempSync(path.join(os.tmpdir(), 'rag-textract-emulator-'));
    tls = createHarnessTls(workDir);
    authorizer = new Authorizer(resolver);
    s3 = new S3Emulator(resolver, authorizer);
    textract = new TextractEmulator(authorizer, s3, { pollsInProgress: 2, blocksPerAnswer: 5 });
    await textract.start(tls);
  });

  afterAll(async () => {
    await textract?.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  /** An SDK client signing as a role of the template, trusting the harness CA, as a function of the stack would call. */
  const clientAs = (role: string) =>
    new TextractClient({
      endpoint: textract.url,
      region: resolver.region,
      credentials: credentialsForRole(role),
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: tls.ca }) }),
    });

  test.each([
    [
      'a role without textract:StartDocumentTextDetection',
      'AccessDeniedException',
      'NoTextractRole',
      'scans/a.pdf',
      /not authorized to perform: textract:StartDocumentTextDetection/,
    ],
    ['a role that may not read the object', 'InvalidS3ObjectException', 'NoS3Role', 'scans/a.pdf', /Unable to get object metadata from S3/],
    ['a key that is not in the bucket', 'InvalidS3ObjectException', 'ReaderRole', 'scans/missing.pdf', /Unable to get object metadata from S3/],
  ])('%s is refused with %s', async (_name, type, role, key, message) => {
    // prepare
    s3.putObject(bucket, 'scans/a.pdf', Buffer.from(await buildScannedPdf(1)), { contentType: 'application/pdf' });
    const started = textract.calls.length;
    // act
    const error = await clientAs(role)
      .send(new StartDocumentTextDetectionCommand({ DocumentLocation: { S3Object: { Bucket: bucket, Name: key } } }))
      .then(
        () => undefined,
        (caught: Error) => caught,
      );
    // assess
    expect({ name: error?.name, message: error?.message }).toEqual({ name: type, message: expect.stringMatching(message) });
    expect(textract.calls.slice(started).map((call) => call.outcome)).toEqual([type]);
  });

  test('an unknown job id is refused with InvalidJobIdException', async () => {
    // act
    const error = await clientAs('ReaderRole')
      .send(new GetDocumentTextDetectionCommand({ JobId: 'f'.repeat(64) }))
      .then(
        () => undefined,
        (caught: Error) => caught,
      );
    // assess
    expect(error?.name).toBe('InvalidJobIdException');
  });

  const withChromium = missingChromium() ? test.skip : test;

  withChromium(
    'a PDF with a typed page and a scanned one is read for real: polled while in progress, paged by NextToken, each page keeping its number',
    async () => {
      // prepare: page 1 has a text layer, page 2 is the picture of a printed page
      const [scan] = (await renderTextImages([['Ferry timetable', FACT]])) as [RenderedText];
      const pdf = await PDFDocument.create();
      pdf.addPage([612, 792]).drawText('Island transport notes, typed.', { x: 72, y: 700, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
      pdf.addPage([612, 792]).drawImage(await pdf.embedPng(scan.png), { x: 0, y: 0, width: 612, height: 792 });
      s3.putObject(bucket, 'scans/ferry.pdf', Buffer.from(await pdf.save()), { contentType: 'application/pdf' });
      const ocr = new TextractOcr({ client: clientAs('ReaderRole'), locate: (key) => ({ bucket, key }), pollIntervalMs: 50 });
      const started = textract.calls.length;
      // act
      const pages = await ocr.recogniseDocument('scans/ferry.pdf', { language: 'eng', timeoutMs: 300_000, pages: [1, 2] });
      // assess: the adapter reads both pages, from blocks Textract's reading produced
      const calls = textract.calls.slice(started);
      expect(pages?.get(1)?.text).toBe('Island transport notes, typed.');
      expect(pages?.get(2)?.text.replace(/\s+/g, ' ')).toContain(FACT);
      expect(pages?.get(2)?.confidence).toBeGreaterThan(80);
      expect(calls.map((call) => call.operation)[0]).toBe('StartDocumentTextDetection');
      const outcomes = calls.slice(1).map((call) => call.outcome);
      expect(outcomes.slice(0, 2)).toEqual(['IN_PROGRESS', 'IN_PROGRESS']);
      expect(outcomes.filter((outcome) => outcome === 'SUCCEEDED').length).toBeGreaterThan(3);
      expect(calls.filter((call) => call.nextToken).length).toBe(outcomes.filter((outcome) => outcome === 'SUCCEEDED').length - 1);
      const job = textract.job(calls[0]!.jobId!);
      expect(job?.blocks?.filter((block) => block.BlockType === 'PAGE').map((block) => block.Page)).toEqual([1, 2]);
      expect(job?.blocks?.filter((block) => block.BlockType === 'WORD' && block.Page === 2).map((block) => block.Text)).toEqual(
        expect.arrayContaining(['ferry', 'island', 'seven', 'forty', 'five']),
      );
    },
    300_000,
  );
});
