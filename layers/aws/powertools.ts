import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { MetricValue } from '#core/insights/chat-turn-metrics.js';
import { instrumentAwsClients } from '#core/providers/aws-client-instrumentation.js';

// One instance each per container; service name and namespace come from POWERTOOLS_* env vars.
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rag' });
export const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Rag', serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rag' });
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'rag' });

// The SDK clients the core creates (Bedrock) are traced like the ones created here.
instrumentAwsClients((client) => tracer.captureAWSv3Client(client));

/** Adds the core's operational figures to this invocation's EMF metrics (flushed by the middleware). */
export function addMetrics(values: readonly MetricValue[]): void {
  for (const value of values) metrics.addMetric(value.name, MetricUnit[value.unit], value.value);
}
