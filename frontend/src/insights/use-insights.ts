import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/api-client.js';
import type { Insights } from '../api/api-types.js';

/** The windows an admin can pick, in days. */
export const INSIGHT_WINDOWS = [7, 30, 90] as const;
export type InsightWindow = (typeof INSIGHT_WINDOWS)[number];

export interface InsightsState {
  days: InsightWindow;
  setDays(days: InsightWindow): void;
  insights: Insights | undefined;
  loading: boolean;
  error: string | undefined;
}

/** The insights of the chosen window; a newer choice cancels the request of an older one. */
export function useInsights(api: ApiClient, initialDays: InsightWindow = 30): InsightsState {
  const [days, setDays] = useState<InsightWindow>(initialDays);
  const [insights, setInsights] = useState<Insights | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api.insights(days, controller.signal).then(
      (loaded) => {
        setInsights(loaded);
        setLoading(false);
      },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(failure instanceof Error ? failure.message : String(failure));
        setLoading(false);
      },
    );
    return () => controller.abort();
  }, [api, days]);

  return { days, setDays, insights, loading, error };
}
