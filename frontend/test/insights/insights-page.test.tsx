import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useMemo } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { ApiClient } from '../../src/api/api-client.js';
import type { CollectionAccess, Insights } from '../../src/api/api-types.js';
import { App } from '../../src/app.js';
import { I18nProvider } from '../../src/i18n/i18n.js';
import type { Locale } from '../../src/i18n/messages.js';
import { InsightsPage } from '../../src/insights/insights-page.js';
import { useInsights } from '../../src/insights/use-insights.js';
import { t } from '../support/render-with-i18n.js';
import { type Route, type ScriptedServer, sendJson, startScriptedServer } from '../support/scripted-server.js';

/** A window as `GET /api/insights` reports it, shaped by its contract. */
function insightsFor(days: number, overrides: Partial<Insights> = {}): Insights {
  return {
    window: { days, from: '2026-11-06T00:00:00.000Z', to: '2026-12-06T00:00:00.000Z' },
    questions: {
      total: 9,
      perDay: [
        { day: '2026-12-04', turns: 2, questions: 2 },
        { day: '2026-12-05', turns: 0, questions: 0 },
        { day: '2026-12-06', turns: 7, questions: 5 },
      ],
      intents: { question: 7, greeting: 2 },
      languages: { en: 6, es: 3 },
    },
    notFound: {
      count: 3,
      rate: 3 / 7,
      top: [
        { question: 'what is the parking policy', count: 2, lastAsked: '2026-12-06T10:00:00.000Z' },
        { question: 'quién aprueba los viajes', count: 1, lastAsked: '2026-12-04T09:00:00.000Z' },
      ],
    },
    ratings: {
      up: 4,
      down: 1,
      thumbsDown: [
        {
          messageId: '3f2b8c1e-5d4a-4b7e-9c21-7a1e0d9b6f42',
          question: 'How long is the trial?',
          answer: 'Not in your documents.',
          comment: 'The pricing page says 30 days.',
          user: 'alice',
          at: '2026-12-06T11:00:00.000Z',
        },
      ],
    },
    tokens: {
      embedding: 12345,
      llmInput: 0,
      llmOutput: 0,
      estimatedCostUsd: null,
      models: { embedding: 'local:hashing', chat: null },
      pricesAsOf: '2026-11-01',
    },
    ingest: { documentsIndexed: 12, chunksIndexed: 340, failures: 3, failuresByReason: { unsupported_format: 1, empty_text: 2 } },
    latencyMs: {
      improve: { p50: 1, p95: 2 },
      retrieve: { p50: 14.4, p95: 40.6 },
      answer: { p50: 3, p95: 9 },
      total: { p50: 20, p95: 52 },
    },
    ...overrides,
  };
}

function Harness({ baseUrl, locale = 'en' }: { baseUrl: string; locale?: Locale }) {
  const api = useMemo(() => new ApiClient({ baseUrl, authorization: async () => undefined }), [baseUrl]);
  return <InsightsPage state={useInsights(api)} locale={locale} t={t} />;
}

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A real HTTP server answering `GET /api/insights` with the fixture for the asked window. */
async function startInsights(route?: Route) {
  server = await startScriptedServer({
    'GET /api/insights':
      route ?? ((request, _body, reply) => sendJson(reply, 200, insightsFor(Number(new URL(request.url ?? '', 'http://x').searchParams.get('days'))))),
  });
  return `${server.url}/api`;
}

const rows = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));

describe('InsightsPage', () => {
  test('draws the figures of the last 30 days from the server', async () => {
    // act
    render(<Harness baseUrl={await startInsights()} />);
    const unanswered = await screen.findByRole('table', { name: 'Most frequent unanswered questions' });

    // assess
    expect(server!.requests.map((request) => request.url)).toEqual(['/api/insights?days=30']);
    const bars = screen.getByRole('img', { name: 'Bar chart of questions per day, 9 in all' }).querySelectorAll('rect');
    expect([...bars].map((bar) => bar.getAttribute('data-value'))).toEqual(['2', '0', '7']);
    expect([...bars].map((bar) => bar.textContent)).toEqual(['2026-12-04: 2', '2026-12-05: 0', '2026-12-06: 7']);
    expect(
      within(screen.getByRole('list', { name: 'Kinds of message' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Questions7 (78%)', 'Greetings2 (22%)']);
    expect(
      within(screen.getByRole('list', { name: 'Ratings' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['Helpful4 (80%)', 'Unhelpful1 (20%)']);
    expect(rows(unanswered).map((row) => row.slice(0, 2))).toEqual([
      ['what is the parking policy', '2'],
      ['quién aprueba los viajes', '1'],
    ]);
    expect(rows(screen.getByRole('table', { name: 'Answers rated unhelpful' }))[0]?.slice(0, 4)).toEqual([
      'How long is the trial?',
      'Not in your documents.',
      'The pricing page says 30 days.',
      'alice',
    ]);
    expect(rows(screen.getByRole('table', { name: 'Ingestion' }))).toEqual([
      ['empty_text', '2'],
      ['unsupported_format', '1'],
    ]);
    expect(rows(screen.getByRole('table', { name: 'Answer time per step (ms)' }))).toEqual([
      ['Question rewrite', '1', '2'],
      ['Search', '14', '41'],
      ['Answer', '3', '9'],
      ['Total', '20', '52'],
    ]);
    expect(screen.getByText('12 documents and 340 chunks indexed, 3 failures.')).toBeTruthy();
    expect(screen.getAllByText('not priced')).toHaveLength(2);
    expect(screen.getByText('42.9% (3)')).toBeTruthy();
    expect(screen.getByText('12,345')).toBeTruthy();
  });

  test('a priced window shows the cost in dollars', async () => {
    // prepare
    const priced = insightsFor(30, {
      tokens: { embedding: 1000, llmInput: 2000, llmOutput: 500, estimatedCostUsd: 0.0125, models: { embedding: 'e', chat: 'c' }, pricesAsOf: '2026-11-01' },
    });

    // act
    render(<Harness baseUrl={await startInsights((_request, _body, reply) => sendJson(reply, 200, priced))} />);

    // assess
    expect(await screen.findAllByText('$0.0125')).toHaveLength(2);
    expect(screen.queryByText('not priced')).toBeNull();
    expect(screen.getByText('Models: e, c. List prices as of 2026-11-01.')).toBeTruthy();
  });

  test('choosing another window asks the server for it', async () => {
    // prepare
    render(<Harness baseUrl={await startInsights()} />);
    await screen.findByRole('table', { name: 'Most frequent unanswered questions' });

    // act
    fireEvent.change(screen.getByRole('combobox', { name: 'Period' }), { target: { value: '7' } });

    // assess
    await waitFor(() => expect(server!.requests.map((request) => request.url)).toEqual(['/api/insights?days=30', '/api/insights?days=7']));
    expect(
      within(screen.getByRole('combobox', { name: 'Period' }))
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Last 7 days', 'Last 30 days', 'Last 90 days']);
  });

  test('a refusal is shown instead of the figures', async () => {
    // act
    render(
      <Harness
        baseUrl={
          await startInsights((_request, _body, reply) => sendJson(reply, 403, { error: { code: 'forbidden', message: 'Only admins can see insights.' } }))
        }
      />,
    );

    // assess
    expect((await screen.findByRole('alert')).textContent).toContain('Only admins can see insights.');
    expect(screen.queryByRole('table')).toBeNull();
  });
});

describe('the Insights page in the site', () => {
  async function openSite(collections: CollectionAccess[]) {
    server = await startScriptedServer({
      'GET /api/health': (_request, _body, reply) => sendJson(reply, 200, { status: 'ok', chat: 'local:extractive' }),
      'GET /api/collections': (_request, _body, reply) => sendJson(reply, 200, collections),
      'GET /api/documents': (_request, _body, reply) => sendJson(reply, 200, []),
      'GET /api/jobs': (_request, _body, reply) => sendJson(reply, 200, []),
      'GET /api/insights': (_request, _body, reply) => sendJson(reply, 200, insightsFor(30)),
    });
    const url = server.url;
    render(
      <I18nProvider initialLocale="es">
        <App loadConfig={async () => ({ apiUrl: `${url}/api`, auth: { type: 'none' } })} />
      </I18nProvider>,
    );
  }

  test('an admin opens it from the top bar, in their language, and goes back to the chat', async () => {
    // prepare
    await openSite([{ name: 'default', role: 'admin' }]);

    // act
    fireEvent.click(await screen.findByRole('button', { name: 'Estadísticas' }));
    const unanswered = await screen.findByRole('table', { name: 'Preguntas sin respuesta más frecuentes' });
    const shown = screen.getByRole('heading', { level: 2, name: 'Estadísticas' });
    fireEvent.click(screen.getByRole('button', { name: 'Volver al chat' }));

    // assess
    expect(unanswered).toBeTruthy();
    expect(shown).toBeTruthy();
    expect(await screen.findByLabelText('Haz una pregunta sobre tus documentos')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  test('a reader is not offered it', async () => {
    // act
    await openSite([{ name: 'finance', role: 'reader' }]);
    await screen.findByRole('textbox');
    await waitFor(() => expect(server!.requests.some((request) => request.url === '/api/collections')).toBe(true));

    // assess
    expect(screen.queryByRole('button', { name: 'Estadísticas' })).toBeNull();
    expect(server!.requests.some((request) => request.url.startsWith('/api/insights'))).toBe(false);
  });
});
