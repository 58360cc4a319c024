import type { Insights } from '../api/api-types.js';
import type { Translate } from '../i18n/i18n.js';
import type { Locale, MessageKey } from '../i18n/messages.js';
import { DataTable } from './data-table.js';
import { BarChart, ShareChart } from './bar-chart.js';
import { INSIGHT_WINDOWS, type InsightsState } from './use-insights.js';

export interface InsightsPageProps {
  state: InsightsState;
  locale: Locale;
  t: Translate;
}

const INTENT_LABELS: Record<string, MessageKey> = {
  question: 'intentQuestion',
  greeting: 'intentGreeting',
  smalltalk: 'intentSmalltalk',
  off_topic: 'intentOffTopic',
};

const STEPS: readonly [keyof Insights['latencyMs'], MessageKey][] = [
  ['improve', 'stepImprove'],
  ['retrieve', 'stepRetrieve'],
  ['answer', 'stepAnswer'],
  ['total', 'stepTotal'],
];

/** Admins: what people ask, what the documents leave unanswered, whether answers help, and what it costs. */
export function InsightsPage({ state, locale, t }: InsightsPageProps) {
  const { insights, loading, error, days, setDays } = state;
  return (
    <main className="admin-page insights-page" id="main" aria-labelledby="insights-title" aria-busy={loading}>
      <div className="admin-column">
        <div className="insights-header">
          <h2 id="insights-title">{t('insightsTitle')}</h2>
          <label className="insights-window">
            <span>{t('insightsWindow')}</span>
            <select value={days} onChange={(event) => setDays(Number(event.target.value) as (typeof INSIGHT_WINDOWS)[number])}>
              {INSIGHT_WINDOWS.map((window) => (
                <option key={window} value={window}>
                  {t('insightsDays', { days: window })}
                </option>
              ))}
            </select>
          </label>
        </div>
        {error && (
          <p className="panel-error" role="alert">
            {t('insightsFailed')} {error}
          </p>
        )}
        {!insights && loading && <p className="muted">{t('insightsLoading')}</p>}
        {insights && <InsightsReport insights={insights} locale={locale} t={t} />}
      </div>
    </main>
  );
}

function InsightsReport({ insights, locale, t }: { insights: Insights; locale: Locale; t: Translate }) {
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const usd = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
  const date = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
  const dateTime = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const { questions, notFound, ratings, tokens, ingest, latencyMs } = insights;
  const cost = tokens.estimatedCostUsd === null ? t('notPriced') : usd.format(tokens.estimatedCostUsd);
  const intents = Object.entries(questions.intents).map(([key, value]) => {
    const label = INTENT_LABELS[key];
    return { key, label: label ? t(label) : key, value };
  });
  const failures = Object.entries(ingest.failuresByReason).sort((a, b) => b[1] - a[1]);

  return (
    <>
      <p className="muted">{t('insightsRange', { from: date(insights.window.from), to: date(insights.window.to) })}</p>
      <dl className="insights-figures">
        <div>
          <dt>{t('insightsQuestions')}</dt>
          <dd>{number.format(questions.total)}</dd>
        </div>
        <div>
          <dt>{t('insightsNotFoundRate')}</dt>
          <dd>
            {percent.format(notFound.rate)} ({number.format(notFound.count)})
          </dd>
        </div>
        <div>
          <dt>{t('insightsRatings')}</dt>
          <dd>
            {t('ratingUp')} {number.format(ratings.up)} · {t('ratingDown')} {number.format(ratings.down)}
          </dd>
        </div>
        <div>
          <dt>{t('insightsCost')}</dt>
          <dd>{cost}</dd>
        </div>
      </dl>

      <section className="admin-section" aria-labelledby="per-day-title">
        <h3 id="per-day-title">{t('questionsPerDay')}</h3>
        <BarChart
          title={t('questionsPerDayChart', { total: questions.total })}
          bars={questions.perDay.map((day) => ({ key: day.day, label: t('questionsOnDay', { day: day.day, count: day.turns }), value: day.turns }))}
        />
      </section>

      <div className="insights-pair">
        <section className="admin-section" aria-labelledby="intent-title">
          <h3 id="intent-title">{t('intentMix')}</h3>
          {intents.length > 0 ? <ShareChart title={t('intentMix')} parts={intents} /> : <p className="muted">{t('noData')}</p>}
        </section>
        <section className="admin-section" aria-labelledby="ratings-title">
          <h3 id="ratings-title">{t('ratingsChart')}</h3>
          {ratings.up + ratings.down > 0 ? (
            <ShareChart
              title={t('ratingsChart')}
              parts={[
                { key: 'up', label: t('ratingUp'), value: ratings.up },
                { key: 'down', label: t('ratingDown'), value: ratings.down },
              ]}
            />
          ) : (
            <p className="muted">{t('noData')}</p>
          )}
        </section>
      </div>

      <section className="admin-section" aria-labelledby="unanswered-title">
        <h3 id="unanswered-title">{t('unansweredTitle')}</h3>
        {notFound.top.length > 0 ? (
          <DataTable
            labelledBy="unanswered-title"
            rows={notFound.top}
            rowKey={(entry) => entry.question}
            columns={[
              { id: 'question', header: t('questionColumn'), cell: (entry) => entry.question },
              { id: 'count', header: t('countColumn'), cell: (entry) => number.format(entry.count), className: 'number' },
              { id: 'last', header: t('lastAskedColumn'), cell: (entry) => dateTime(entry.lastAsked) },
            ]}
          />
        ) : (
          <p className="muted">{t('noData')}</p>
        )}
      </section>

      <section className="admin-section" aria-labelledby="thumbs-down-title">
        <h3 id="thumbs-down-title">{t('thumbsDownTitle')}</h3>
        {ratings.thumbsDown.length > 0 ? (
          <DataTable
            labelledBy="thumbs-down-title"
            rows={ratings.thumbsDown}
            rowKey={(entry) => entry.messageId}
            columns={[
              { id: 'question', header: t('questionColumn'), cell: (entry) => entry.question },
              { id: 'answer', header: t('answerColumn'), cell: (entry) => entry.answer, className: 'clamped' },
              { id: 'comment', header: t('commentColumn'), cell: (entry) => entry.comment ?? '' },
              { id: 'who', header: t('whoColumn'), cell: (entry) => entry.user },
              { id: 'when', header: t('whenColumn'), cell: (entry) => dateTime(entry.at) },
            ]}
          />
        ) : (
          <p className="muted">{t('noData')}</p>
        )}
      </section>

      <section className="admin-section" aria-labelledby="ingest-title">
        <h3 id="ingest-title">{t('ingestTitle')}</h3>
        <p>
          {t('ingestSummary', {
            documents: number.format(ingest.documentsIndexed),
            chunks: number.format(ingest.chunksIndexed),
            failures: number.format(ingest.failures),
          })}
        </p>
        {failures.length > 0 && (
          <DataTable
            labelledBy="ingest-title"
            rows={failures}
            rowKey={([reason]) => reason}
            columns={[
              { id: 'reason', header: t('reasonColumn'), cell: ([reason]) => reason },
              { id: 'count', header: t('countColumn'), cell: ([, count]) => number.format(count), className: 'number' },
            ]}
          />
        )}
      </section>

      <section className="admin-section" aria-labelledby="latency-title">
        <h3 id="latency-title">{t('latencyTitle')}</h3>
        <DataTable
          labelledBy="latency-title"
          rows={STEPS}
          rowKey={([step]) => step}
          columns={[
            { id: 'step', header: t('stepColumn'), cell: ([, label]) => t(label), rowHeader: true },
            { id: 'p50', header: 'p50', cell: ([step]) => number.format(Math.round(latencyMs[step].p50)), className: 'number' },
            { id: 'p95', header: 'p95', cell: ([step]) => number.format(Math.round(latencyMs[step].p95)), className: 'number' },
          ]}
        />
      </section>

      <section className="admin-section" aria-labelledby="tokens-title">
        <h3 id="tokens-title">{t('tokensTitle')}</h3>
        <dl className="insights-list">
          <dt>{t('tokensEmbedding')}</dt>
          <dd>{number.format(tokens.embedding)}</dd>
          <dt>{t('tokensLlmInput')}</dt>
          <dd>{number.format(tokens.llmInput)}</dd>
          <dt>{t('tokensLlmOutput')}</dt>
          <dd>{number.format(tokens.llmOutput)}</dd>
          <dt>{t('insightsCost')}</dt>
          <dd>{cost}</dd>
        </dl>
        <p className="muted">
          {t('pricesAsOf', { models: [tokens.models.embedding, tokens.models.chat].filter(Boolean).join(', '), date: tokens.pricesAsOf })}
        </p>
      </section>
    </>
  );
}
