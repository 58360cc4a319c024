export { BarChart, ShareChart, type Bar } from './bar-chart.js';
export { InsightsPage, type InsightsPageProps } from './insights-page.js';
export { INSIGHT_WINDOWS, useInsights, type InsightWindow, type InsightsState } from './use-insights.js';
