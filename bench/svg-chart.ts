export interface Bar {
  label: string;
  value: number;
  /** Spread of the repetitions, drawn as a whisker. */
  min?: number;
  max?: number;
  /** Colour key: bars with the same series share a colour. */
  series?: string;
}

export interface BarChartOptions {
  title: string;
  unit: string;
  bars: readonly Bar[];
  /** Draws a dashed vertical line, e.g. a target. */
  reference?: { value: number; label: string };
  digits?: number;
}

const PALETTE = ['#2b6cb0', '#dd6b20', '#718096', '#38a169', '#805ad5', '#d53f8c'];
const ROW = 26;
const LABEL_WIDTH = 230;
const PLOT_WIDTH = 420;
const VALUE_WIDTH = 130;

/** A self-contained horizontal bar chart as SVG text; no fonts or scripts are loaded. */
export function barChart(options: BarChartOptions): string {
  const digits = options.digits ?? 1;
  const top = 40;
  const height = top + options.bars.length * ROW + 30;
  const width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH;
  const highest = Math.max(...options.bars.map((bar) => Math.max(bar.value, bar.max ?? 0)), options.reference?.value ?? 0, 1e-9);
  const scale = (value: number) => (value / highest) * PLOT_WIDTH;
  const series = [...new Set(options.bars.map((bar) => bar.series ?? bar.label))];
  const colour = (bar: Bar) => PALETTE[series.indexOf(bar.series ?? bar.label) % PALETTE.length]!;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  options.bars.forEach((bar, index) => {
    const y = top + index * ROW;
    const w = Math.max(1, scale(bar.value));
    parts.push(`<text x="${LABEL_WIDTH - 8}" y="${y + 15}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    parts.push(`<rect x="${LABEL_WIDTH}" y="${y + 3}" width="${w.toFixed(1)}" height="${ROW - 8}" fill="${colour(bar)}"/>`);
    if (bar.min !== undefined && bar.max !== undefined && bar.max > bar.min) {
      const x1 = LABEL_WIDTH + scale(bar.min);
      const x2 = LABEL_WIDTH + scale(bar.max);
      const mid = y + ROW / 2 - 1;
      parts.push(
        `<path d="M${x1.toFixed(1)} ${mid}H${x2.toFixed(1)}M${x1.toFixed(1)} ${mid - 4}V${mid + 4}M${x2.toFixed(1)} ${mid - 4}V${mid + 4}" stroke="#1a202c" stroke-width="1.2" fill="none"/>`,
      );
    }
    const text =
      bar.min !== undefined && bar.max !== undefined && bar.max > bar.min
        ? `${bar.value.toFixed(digits)} (${bar.min.toFixed(digits)}–${bar.max.toFixed(digits)})`
        : bar.value.toFixed(digits);
    parts.push(`<text x="${LABEL_WIDTH + Math.max(w, scale(bar.max ?? 0)) + 6}" y="${y + 15}">${escapeXml(text)}</text>`);
  });
  if (options.reference) {
    const x = LABEL_WIDTH + scale(options.reference.value);
    parts.push(`<line x1="${x.toFixed(1)}" y1="${top - 4}" x2="${x.toFixed(1)}" y2="${height - 26}" stroke="#e53e3e" stroke-dasharray="4 3"/>`);
    parts.push(`<text x="${x.toFixed(1)}" y="${height - 12}" text-anchor="middle" fill="#e53e3e">${escapeXml(options.reference.label)}</text>`);
  }
  parts.push(`<text x="${width - 10}" y="22" text-anchor="end" fill="#4a5568">${escapeXml(options.unit)}</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!);
}
