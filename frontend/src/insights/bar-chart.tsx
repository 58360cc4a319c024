/** One bar: its label (read out and shown on hover) and value. */
export interface Bar {
  key: string;
  label: string;
  value: number;
}

export interface BarChartProps {
  bars: readonly Bar[];
  /** What the chart shows, read out by screen readers in place of the drawing. */
  title: string;
  height?: number;
}

/** Vertical bars as plain inline SVG: no chart library in the bundle. Scales to its container's width. */
export function BarChart({ bars, title, height = 120 }: BarChartProps) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = 100 / Math.max(1, bars.length);
  return (
    <svg className="bar-chart" viewBox={`0 0 100 ${height}`} preserveAspectRatio="none" role="img" aria-label={title} height={height} width="100%">
      {bars.map((bar, index) => {
        const barHeight = (bar.value / max) * (height - 2);
        return (
          <rect
            key={bar.key}
            data-value={bar.value}
            x={index * slot + slot * 0.15}
            y={height - barHeight}
            width={slot * 0.7}
            height={barHeight}
            className="bar"
          >
            <title>{bar.label}</title>
          </rect>
        );
      })}
    </svg>
  );
}

export interface ShareChartProps {
  parts: readonly Bar[];
  title: string;
}

/** Shares of a whole as labelled horizontal bars, largest first; the figures are printed, not only drawn. */
export function ShareChart({ parts, title }: ShareChartProps) {
  const total = parts.reduce((sum, part) => sum + part.value, 0);
  const sorted = [...parts].sort((a, b) => b.value - a.value);
  return (
    <ul className="share-chart" aria-label={title}>
      {sorted.map((part) => {
        const share = total > 0 ? part.value / total : 0;
        return (
          <li key={part.key}>
            <span className="share-label">{part.label}</span>
            <svg className="share-bar" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
              <rect x="0" y="0" width="100" height="10" className="share-track" />
              <rect x="0" y="0" width={share * 100} height="10" className={`share-fill share-${part.key}`} />
            </svg>
            <span className="share-value">
              {part.value} ({Math.round(share * 100)}%)
            </span>
          </li>
        );
      })}
    </ul>
  );
}
