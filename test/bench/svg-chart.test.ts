import { barChart, escapeXml } from '../../bench/svg-chart.js';

describe('barChart', () => {
  test('one bar per value, a whisker for the spread, escaped labels and a reference line', () => {
    // act
    const svg = barChart({
      title: 'Ingest <throughput>',
      unit: 'chunks/s',
      bars: [
        { label: 'this project', value: 300, min: 280, max: 320, series: 'project' },
        { label: 'LangChain & co', value: 100, series: 'langchain' },
      ],
      reference: { value: 250, label: 'target' },
    });

    // assess
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg).toContain('Ingest &lt;throughput&gt;');
    expect(svg).toContain('LangChain &amp; co');
    expect(svg).toContain('300.0 (280.0–320.0)');
    expect(svg).toContain('stroke-dasharray');
    expect(svg.match(/<path /g)).toHaveLength(1);
  });

  test('bars are scaled to the largest value', () => {
    // act
    const svg = barChart({
      title: 't',
      unit: 'u',
      bars: [
        { label: 'a', value: 10 },
        { label: 'b', value: 5 },
      ],
    });

    // assess
    const widths = [...svg.matchAll(/<rect x="\d+" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBeCloseTo(widths[1]! * 2, 5);
  });

  test.each([
    ['a<b', 'a&lt;b'],
    ['"q"', '&quot;q&quot;'],
    ["it's", 'it&apos;s'],
  ])('escapeXml(%j)', (input, expected) => {
    expect(escapeXml(input)).toBe(expected);
  });
});
