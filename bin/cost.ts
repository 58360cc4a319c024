#!/usr/bin/env node
import path from 'node:path';
import { Command } from 'commander';
import { estimateCost } from '../lib/cost/estimate-cost.js';
import { synthesizeTemplate } from '../lib/cost/synth-template.js';

// npm run cost -- --config config/minimal.json [--json]
const program = new Command('cost')
  .description('Price the synthesized stack of a deployment config from the checked-in us-east-1 list prices')
  .requiredOption('--config <file>', 'deployment config file, e.g. config/minimal.json')
  .option('--json', 'print the estimate as JSON')
  .parse();
const options = program.opts<{ config: string; json?: boolean }>();

const estimate = estimateCost(synthesizeTemplate(path.resolve(options.config)));
if (options.json) {
  process.stdout.write(`${JSON.stringify(estimate, null, 2)}\n`);
} else {
  const usd = (value: number) => `$${value.toFixed(2)}`;
  const lines = [
    `${options.config}: ${usd(estimate.idleMonthlyUsd)}/month idle (${estimate.region} list prices of ${estimate.pricesAsOf})`,
    ...estimate.items.map((item) => `  ${usd(item.idleMonthlyUsd).padStart(9)}  ${item.type.padEnd(30)} ${item.resource}: ${item.basis}`),
    `per 1,000 questions:      ${usd(estimate.perThousandQuestionsUsd)}`,
    `per 1,000 pages ingested: ${usd(estimate.perThousandPagesIngestedUsd)}`,
    ...(estimate.unpricedModels.length > 0 ? [`models without a price in the table: ${estimate.unpricedModels.join(', ')}`] : []),
    ...estimate.notes.map((note) => `note: ${note}`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
