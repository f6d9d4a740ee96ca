// Plain SVG line and bar charts for the benchmark report: text only, no browser and no library.

export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  /** Drawn dashed (a baseline). */
  readonly dashed?: boolean;
}

const WIDTH = 720;
const HEIGHT = 360;
const MARGIN = { left: 70, right: 170, top: 40, bottom: 50 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#17becf'];

const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(value: number): number {
  if (!(value > 0)) {
    return 1;
  }
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

function frame(title: string, labels: { x: string; y: string }, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${WIDTH / 2}" y="22" text-anchor="middle" font-size="15">${escape(title)}</text>`,
    `<text x="${MARGIN.left + (WIDTH - MARGIN.left - MARGIN.right) / 2}" y="${HEIGHT - 12}" text-anchor="middle">${escape(labels.x)}</text>`,
    `<text transform="translate(16 ${HEIGHT / 2}) rotate(-90)" text-anchor="middle">${escape(labels.y)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function axes(xMax: number, yMax: number, xMin = 0): string[] {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const lines: string[] = [];
  for (let i = 0; i <= 5; i += 1) {
    const y = MARGIN.top + plotH - (plotH * i) / 5;
    const x = MARGIN.left + (plotW * i) / 5;
    lines.push(
      `<line x1="${MARGIN.left}" y1="${y}" x2="${MARGIN.left + plotW}" y2="${y}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${+((yMax * i) / 5).toPrecision(3)}</text>`,
      `<text x="${x}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${+(xMin + ((xMax - xMin) * i) / 5).toPrecision(3)}</text>`,
    );
  }
  lines.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#333"/>`,
  );
  return lines;
}

function legend(names: readonly { name: string; dashed?: boolean }[]): string[] {
  return names.flatMap((entry, i) => {
    const y = MARGIN.top + 10 + i * 18;
    const x = WIDTH - MARGIN.right + 12;
    const dash = entry.dashed ? ' stroke-dasharray="5 3"' : '';
    return [
      `<line x1="${x}" y1="${y}" x2="${x + 22}" y2="${y}" stroke="${COLOURS[i % COLOURS.length]}" stroke-width="2"${dash}/>`,
      `<text x="${x + 28}" y="${y + 4}">${escape(entry.name)}</text>`,
    ];
  });
}

/** A line chart of `series` (x and y from 0, or from the smallest x). */
export function lineChart(
  title: string,
  labels: { readonly x: string; readonly y: string },
  series: readonly Series[],
): string {
  const all = series.flatMap((s) => s.points);
  const xMin = Math.min(0, ...all.map(([x]) => x));
  const xMax = niceMax(Math.max(...all.map(([x]) => x)));
  const yMax = niceMax(Math.max(...all.map(([, y]) => y)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const at = ([x, y]: readonly [number, number]): string =>
    `${(MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW).toFixed(1)},${(MARGIN.top + plotH - (y / yMax) * plotH).toFixed(1)}`;
  const paths = series.flatMap((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const dash = s.dashed ? ' stroke-dasharray="5 3"' : '';
    const dots =
      s.points.length <= 20
        ? s.points.map(
            (p) =>
              `<circle cx="${at(p).split(',')[0]}" cy="${at(p).split(',')[1]}" r="3" fill="${colour}"/>`,
          )
        : [];
    return [
      `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash} points="${s.points.map(at).join(' ')}"/>`,
      ...dots,
    ];
  });
  return frame(title, labels, [...axes(xMax, yMax, xMin), ...paths, ...legend(series)]);
}

/** Horizontal reference lines (goals) are drawn as dashed series by the caller; bars here. */
export function barChart(
  title: string,
  labels: { readonly x: string; readonly y: string },
  bars: readonly { readonly label: string; readonly value: number; readonly goal?: number }[],
): string {
  const yMax = niceMax(Math.max(...bars.flatMap((b) => [b.value, b.goal ?? 0])));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const slot = plotW / Math.max(1, bars.length);
  const shapes = bars.flatMap((bar, i) => {
    const h = (bar.value / yMax) * plotH;
    const x = MARGIN.left + i * slot + slot * 0.2;
    const goal =
      bar.goal === undefined
        ? []
        : [
            `<line x1="${x - slot * 0.1}" x2="${x + slot * 0.7}" y1="${MARGIN.top + plotH - (bar.goal / yMax) * plotH}" y2="${MARGIN.top + plotH - (bar.goal / yMax) * plotH}" stroke="#d62728" stroke-width="2" stroke-dasharray="5 3"/>`,
          ];
    return [
      `<rect x="${x}" y="${MARGIN.top + plotH - h}" width="${slot * 0.6}" height="${h}" fill="${COLOURS[0]}"/>`,
      `<text x="${x + slot * 0.3}" y="${MARGIN.top + plotH - h - 4}" text-anchor="middle">${bar.value.toFixed(2)}</text>`,
      `<text x="${x + slot * 0.3}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${escape(bar.label)}</text>`,
      ...goal,
    ];
  });
  const yAxis = axes(1, yMax).filter((line) => !line.includes('text-anchor="middle"'));
  return frame(title, labels, [
    ...yAxis,
    ...shapes,
    ...legend([{ name: 'goal', dashed: true }]).map((l) => l.replace(COLOURS[0] ?? '', '#d62728')),
  ]);
}
