import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, test, vi } from 'vitest';
import type { StoredDocument } from '../../src/api/api-types.js';
import { accessFrom } from '../../src/access/access.js';
import { DocumentsPanel } from '../../src/documents/documents-panel.js';
import type { Documents, TrackedJob } from '../../src/documents/use-documents.js';
import { translate } from '../../src/i18n/i18n.js';
import { t } from '../support/render-with-i18n.js';

const guide: StoredDocument = { id: 'd1', source: 'api-uploads/guide.md', title: 'User guide', chunkCount: 7, updatedAt: '2026-01-05T10:00:00Z' };

function library(overrides: Partial<Documents> = {}): Documents {
  return {
    documents: [guide],
    loadError: undefined,
    jobs: [],
    uploading: 0,
    uploadError: undefined,
    deleteError: undefined,
    refresh: async () => {},
    upload: async () => {},
    remove: async () => {},
    dismissJob: () => {},
    ...overrides,
  };
}

const failedJob: TrackedJob = {
  id: 'j1',
  files: ['scan.pdf', 'notes.md'],
  job: {
    id: 'j1',
    status: 'partially_failed',
    origin: 'http',
    createdAt: '',
    updatedAt: '',
    progress: { total: 2, done: 2, failed: 1 },
    documents: [
      {
        source: 'api-uploads/scan.pdf',
        action: 'upsert',
        status: 'failed',
        chunks: 0,
        errorCode: 'no_text',
        error: 'scan.pdf: the PDF has no text layer (scanned?)',
      },
      { source: 'api-uploads/notes.md', action: 'upsert', status: 'indexed', chunks: 3 },
    ],
  },
};

describe('DocumentsPanel', () => {
  test('lists documents with status and chunk count', () => {
    render(<DocumentsPanel library={library()} locale="en" t={t} />);

    const item = screen.getByRole('listitem');
    expect(item.textContent).toContain('User guide');
    expect(item.textContent).toContain('Indexed');
    expect(item.textContent).toContain('7 chunks');
  });

  test('a job shows its progress while it runs', () => {
    const running: TrackedJob = {
      id: 'j2',
      files: ['a.md', 'b.md'],
      job: { id: 'j2', status: 'running', origin: 'http', createdAt: '', updatedAt: '', progress: { total: 2, done: 1, failed: 0 }, documents: [] },
    };

    render(<DocumentsPanel library={library({ jobs: [running] })} locale="en" t={t} />);

    const progress = screen.getByRole('progressbar', { name: '1 of 2 processed' });
    expect(progress.getAttribute('value')).toBe('1');
  });

  test('a large document in progress shows the stage it reached, not "Waiting"', () => {
    // prepare
    const at = '2026-01-05T10:00:00Z';
    const running: TrackedJob = {
      id: 'j4',
      files: ['violin.pdf', 'notes.md'],
      job: {
        id: 'j4',
        status: 'running',
        origin: 'http',
        createdAt: '',
        updatedAt: '',
        progress: { total: 2, done: 0, failed: 0 },
        documents: [
          { source: 'api-uploads/violin.pdf', action: 'upsert', status: 'pending', chunks: 0 },
          { source: 'api-uploads/notes.md', action: 'upsert', status: 'pending', chunks: 0 },
        ],
        events: [
          { at, type: 'received', source: 'api-uploads/violin.pdf', detail: '5242880 bytes' },
          { at, type: 'parsed', source: 'api-uploads/violin.pdf', detail: 'pdf, 40 section(s), language en' },
          { at, type: 'chunked', source: 'api-uploads/violin.pdf', detail: '412 chunk(s)' },
        ],
      },
    };

    // act
    render(<DocumentsPanel library={library({ jobs: [running] })} locale="en" t={t} />);

    // assess
    const files = within(screen.getByRole('region', { name: 'Uploads' }))
      .getAllByRole('listitem')
      .filter((item) => item.classList.contains('job-file'));
    expect(files.map((item) => item.querySelector('.job-file-status')!.textContent)).toEqual(['412 passages, embedding…', 'Waiting']);
  });

  test.each([
    ['en', 'Embedding 256 of 412 passages…'],
    ['es', 'Calculando embeddings: 256 de 412 pasajes…'],
  ] as const)('while a large document is embedded, the card says how many of its passages are done (%s)', (locale, expected) => {
    // prepare
    const at = '2026-01-05T10:00:00Z';
    const source = 'api-uploads/violin.pdf';
    const running: TrackedJob = {
      id: 'j5',
      files: ['violin.pdf'],
      job: {
        id: 'j5',
        status: 'running',
        origin: 'http',
        createdAt: '',
        updatedAt: '',
        progress: { total: 1, done: 0, failed: 0 },
        documents: [{ source, action: 'upsert', status: 'pending', chunks: 0 }],
        events: [
          { at, type: 'chunked', source, detail: '412 chunk(s)' },
          { at, type: 'embedded', source, detail: '128 of 412 chunk(s)' },
          { at, type: 'embedded', source, detail: '256 of 412 chunk(s)' },
        ],
      },
    };
    const translateTo: typeof t = (key, values) => translate(locale, key, values);

    // act
    render(<DocumentsPanel library={library({ jobs: [running] })} locale={locale} t={translateTo} />);

    // assess
    const file = document.querySelector('.job-file .job-file-status');
    expect(file!.textContent).toBe(expected);
  });

  test('a failed file shows its reason', () => {
    render(<DocumentsPanel library={library({ jobs: [failedJob] })} locale="en" t={t} />);

    const uploads = screen.getByRole('region', { name: 'Uploads' });
    expect(uploads.textContent).toContain('Some files failed');
    expect(uploads.textContent).toContain('the PDF has no text layer (scanned?)');
  });

  test("a failed file with a known error code gives its reason in the reader's language, the server's detail beside it", () => {
    // prepare
    const es = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate('es', key, values);
    const job: TrackedJob = {
      ...failedJob,
      job: {
        ...failedJob.job!,
        documents: [
          {
            source: 'api-uploads/scan.pdf',
            action: 'upsert',
            status: 'failed',
            chunks: 0,
            errorCode: 'encrypted',
            error: 'api-uploads/scan.pdf: is password-protected; remove the password and upload it again',
          },
        ],
      },
    };

    // act
    render(<DocumentsPanel library={library({ jobs: [job] })} locale="es" t={es} />);

    // assess
    const error = document.querySelector('.job-file-error');
    expect(error!.firstChild!.textContent).toBe('El archivo está protegido con contraseña. Quítale la contraseña y vuelve a subirlo.');
    expect(error!.querySelector('.job-file-error-detail')!.textContent).toBe('is password-protected; remove the password and upload it again');
  });

  test.each([
    ['en', 'scan.pdfNot uploadedThe file is over a size or page limit.the file is larger than the 50 MB limit per file.'],
    ['es', 'scan.pdfNo se subióEl archivo supera un límite de tamaño o de páginas.the file is larger than the 50 MB limit per file.'],
  ] as const)('a file the server refused is named beside the job of its batch-mates, its reason in the reader’s language (%s)', (locale, shown) => {
    // prepare
    const translated = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate(locale, key, values);
    const job: TrackedJob = {
      id: 'j3',
      files: ['notes.md'],
      refused: [{ name: 'scan.pdf', code: 'too_large', reason: 'scan.pdf: the file is larger than the 50 MB limit per file.' }],
      job: {
        id: 'j3',
        status: 'succeeded',
        origin: 'http',
        createdAt: '',
        updatedAt: '',
        progress: { total: 1, done: 1, failed: 0 },
        documents: [{ source: 'api-uploads/notes.md', action: 'upsert', status: 'indexed', chunks: 2 }],
      },
    };

    // act
    render(<DocumentsPanel library={library({ jobs: [job] })} locale={locale} t={translated} />);

    // assess
    const refused = screen.getByRole('list', { name: translated('refusedFiles') });
    expect(within(refused).getByRole('listitem').textContent).toBe(shown);
  });

  test('a refusal with a code the site does not know shows the server’s text', () => {
    // prepare
    const job: TrackedJob = {
      id: 'j4',
      files: [],
      refused: [{ name: 'odd.md', code: 'mystery' as 'too_large', reason: 'odd.md: refused for a reason this site predates.' }],
    };

    // act
    render(<DocumentsPanel library={library({ jobs: [job] })} locale="en" t={t} />);

    // assess
    const refused = screen.getByRole('list', { name: 'Files not uploaded' });
    expect(within(refused).getByRole('listitem').textContent).toBe('odd.mdNot uploadedrefused for a reason this site predates.');
  });

  test.each([
    ['en', 'payload_too_large', 'Upload failed. Every file is over the size limit per file.'],
    ['es', 'payload_too_large', 'No se pudo subir. Todos los archivos superan el límite de tamaño por archivo.'],
    [
      'es',
      'invalid_file_name',
      'No se pudo subir. Un nombre de archivo contiene una ruta, "..", un carácter de control o un punto inicial. Cambia el nombre del archivo y vuelve a subirlo.',
    ],
    ['en', 'internal_error_unknown_to_the_site', 'Upload failed. big.md'],
  ] as const)('an upload refused whole (%s, %s) is worded in the reader’s language, the server’s text under it', (locale, code, lead) => {
    // prepare
    const translated = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate(locale, key, values);
    const message = 'big.md: the file is larger than the 1 MB limit per file.';

    // act
    render(<DocumentsPanel library={library({ uploadError: { code, message } })} locale={locale} t={translated} />);

    // assess
    const alert = screen.getByRole('alert');
    expect(alert.textContent!.startsWith(lead)).toBe(true);
    expect(alert.textContent).toContain(message);
  });

  test('an e-mail’s attachment has no delete button of its own; its e-mail has one', () => {
    // prepare
    const email: StoredDocument = { id: 'd2', source: 'api-uploads/mail.eml', title: 'Policy', chunkCount: 1 };
    const attachment: StoredDocument = {
      id: 'd3',
      source: 'api-uploads/mail.eml/attachments/policy.docx',
      title: 'Expense policy',
      chunkCount: 2,
      metadata: { attachedTo: 'api-uploads/mail.eml' },
    };

    // act
    render(<DocumentsPanel library={library({ documents: [email, attachment] })} locale="en" t={t} />);

    // assess
    expect(screen.getByRole('button', { name: 'Delete Policy' })).toBeDefined();
    expect(screen.queryByRole('button', { name: 'Delete Expense policy' })).toBeNull();
  });

  test('delete needs a second press to confirm', async () => {
    const remove = vi.fn(async () => {});
    render(<DocumentsPanel library={library({ remove })} locale="en" t={t} />);

    fireEvent.click(screen.getByRole('button', { name: 'Delete User guide' }));
    expect(remove).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Confirm delete: User guide' }));

    await waitFor(() => expect(remove).toHaveBeenCalledWith('d1'));
  });

  test('picked files are uploaded together', () => {
    const upload = vi.fn(async () => {});
    const { container } = render(<DocumentsPanel library={library({ upload })} locale="en" t={t} />);
    const files = [new File(['# A'], 'a.md'), new File(['B'], 'b.txt')];

    fireEvent.change(container.querySelector('input[type=file]')!, { target: { files } });

    expect(upload).toHaveBeenCalledWith(files, undefined);
  });

  test('dropped files are uploaded', () => {
    const upload = vi.fn(async () => {});
    render(<DocumentsPanel library={library({ upload })} locale="en" t={t} />);
    const file = new File(['# A'], 'a.md');
    const zone = screen.getByText('Drop files here').closest('.dropzone')!;

    fireEvent.drop(zone, { dataTransfer: { files: [file], types: ['Files'] } });

    expect(upload).toHaveBeenCalledWith([file], undefined);
  });

  test.each([
    ['dropped', (zone: Element, _input: Element, files: File[]) => fireEvent.drop(zone, { dataTransfer: { files, types: ['Files'] } })],
    ['picked with "All files"', (_zone: Element, input: Element, files: File[]) => fireEvent.change(input, { target: { files } })],
  ])('%s files of a type the picker filters out are refused by name, the others uploaded', (_, add) => {
    // prepare
    const upload = vi.fn(async () => {});
    const { container } = render(<DocumentsPanel library={library({ upload })} locale="en" t={t} />);
    const notes = new File(['# A'], 'notes.MD');
    const photo = new File(['x'], 'anim.gif', { type: 'image/gif' });
    const sheet = new File(['x'], 'budget.xlsx');
    const archive = new File(['x'], 'bundle.zip', { type: 'application/zip' });

    // act
    add(screen.getByText('Drop files here').closest('.dropzone')!, container.querySelector('input[type=file]')!, [notes, photo, sheet, archive]);

    // assess
    expect(upload).toHaveBeenCalledWith([notes, sheet], undefined);
    expect(screen.getByRole('alert').textContent).toBe(
      'Not uploaded: anim.gif, bundle.zip. Only PDF, Word, Excel, PowerPoint, OpenDocument, CSV, RTF, JSON, EPUB, e-mail (.eml), HTML, Markdown, plain text or images (PNG, JPEG, TIFF) files can be added.',
    );
  });

  test('a drop of refused files only uploads nothing', () => {
    // prepare
    const upload = vi.fn(async () => {});
    render(<DocumentsPanel library={library({ upload })} locale="en" t={t} />);

    // act
    fireEvent.drop(screen.getByText('Drop files here').closest('.dropzone')!, { dataTransfer: { files: [new File(['x'], 'anim.gif')], types: ['Files'] } });

    // assess
    expect(upload).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('anim.gif');
  });

  test('an empty library says how to start', () => {
    render(<DocumentsPanel library={library({ documents: [] })} locale="en" t={t} />);

    expect(within(screen.getByRole('region', { name: /Library/ })).getByText(/No documents yet/)).toBeTruthy();
  });
});

describe('DocumentsPanel with collections', () => {
  const budget: StoredDocument = { id: 'f1', source: 'api-uploads/finance/budget.md', title: 'Budget', chunkCount: 2, collection: 'finance' };
  const rules: StoredDocument = { id: 'h1', source: 'api-uploads/handbook/rules.md', title: 'House rules', chunkCount: 3, collection: 'handbook' };
  const legal: StoredDocument = { id: 'l1', source: 'api-uploads/legal/terms.md', title: 'Terms', chunkCount: 1, collection: 'legal' };

  test('a reader sees each document with its collection, and neither upload nor delete', () => {
    // prepare
    const access = accessFrom([
      { name: 'finance', role: 'reader' },
      { name: 'handbook', role: 'reader' },
    ]);

    // act
    render(<DocumentsPanel library={library({ documents: [budget, rules] })} access={access} locale="en" t={t} />);

    // assess
    expect(screen.queryByText('Drop files here')).toBeNull();
    expect(screen.getByText('You can read these documents but not add or delete them.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Delete/ })).toBeNull();
    const items = screen.getAllByRole('listitem');
    expect(items.map((item) => within(item).getByTitle(/^Collection: /).textContent)).toEqual(['Collection: finance', 'Collection: handbook']);
  });

  test.each([
    ['the default choice', undefined, 'finance'],
    ['a chosen collection', 'legal', 'legal'],
  ])('an editor of two collections uploads to %s, and may delete only where they edit', async (_, choice, expected) => {
    // prepare
    const upload = vi.fn(async () => {});
    const access = accessFrom([
      { name: 'finance', role: 'editor' },
      { name: 'handbook', role: 'reader' },
      { name: 'legal', role: 'editor' },
    ]);
    render(<DocumentsPanel library={library({ documents: [budget, rules, legal], upload })} access={access} locale="en" t={t} />);
    const file = new File(['# Notes'], 'notes.md', { type: 'text/markdown' });

    // act
    const target = screen.getByRole('combobox', { name: 'Upload to' });
    if (choice) fireEvent.change(target, { target: { value: choice } });
    fireEvent.change(screen.getByTestId('file-input'), { target: { files: [file] } });

    // assess
    expect(upload).toHaveBeenCalledWith([file], expected);
    expect(
      within(target)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['finance', 'legal']);
    expect(screen.getByRole('button', { name: 'Delete Budget' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete Terms' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Delete House rules' })).toBeNull();
  });

  test('an editor of one collection gets no choice to make', () => {
    // act
    render(<DocumentsPanel library={library()} access={accessFrom([{ name: 'finance', role: 'editor' }])} locale="en" t={t} />);

    // assess
    expect(screen.getByText('Drop files here')).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: 'Upload to' })).toBeNull();
  });
});
