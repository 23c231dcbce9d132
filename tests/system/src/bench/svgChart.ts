// Series → one SVG document: panels stacked one above the other on a shared x axis (seconds of
// the run), each with its own y scale, a line per series, a legend, and vertical marks (the
// phases). Hand-written so a bench needs no charting dependency; pure, so it is tested as text.

export interface ChartSeries {
  name: string;
  points: readonly (readonly [number, number])[];
  /** Dots instead of a line (one value per event, such as the freshness of each change). */
  dots?: boolean;
}

export interface ChartPanel {
  title: string;
  series: readonly ChartSeries[];
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  panels: readonly ChartPanel[];
  marks?: readonly { x: number; label: string }[];
  width?: number;
  panelHeight?: number;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];
const PAD = { left: 70, right: 20, top: 40, bottom: 40, gap: 50 };

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (n: number) => (Math.abs(n) >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10));

function extent(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

export function svgChart(o: ChartOptions): string {
  const width = o.width ?? 900;
  const panelHeight = o.panelHeight ?? 220;
  const plotWidth = width - PAD.left - PAD.right;
  const height = PAD.top + o.panels.length * (panelHeight + PAD.gap) - PAD.gap + PAD.bottom;
  const [x0, x1] = extent([
    ...o.panels.flatMap((p) => p.series.flatMap((s) => s.points.map(([x]) => x))),
    ...(o.marks ?? []).map((m) => m.x),
  ]);
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0)) * plotWidth;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${String(width)}" height="${String(height)}" viewBox="0 0 ${String(width)} ${String(height)}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${String(width / 2)}" y="20" text-anchor="middle" font-size="14">${escape(o.title)}</text>`,
  ];
  o.panels.forEach((panel, i) => {
    const top = PAD.top + i * (panelHeight + PAD.gap);
    const bottom = top + panelHeight;
    const [y0, y1] = extent([0, ...panel.series.flatMap((s) => s.points.map(([, y]) => y))]);
    const sy = (y: number) => bottom - ((y - y0) / (y1 - y0)) * panelHeight;
    out.push(
      `<g>`,
      `<text x="${String(PAD.left)}" y="${String(top - 8)}" font-size="12">${escape(panel.title)}</text>`,
      `<rect x="${String(PAD.left)}" y="${String(top)}" width="${String(plotWidth)}" height="${String(panelHeight)}" fill="none" stroke="#999"/>`,
      `<text x="${String(PAD.left - 6)}" y="${String(top + 10)}" text-anchor="end">${fmt(y1)}</text>`,
      `<text x="${String(PAD.left - 6)}" y="${String(bottom)}" text-anchor="end">${fmt(y0)}</text>`,
      `<text x="${String(PAD.left)}" y="${String(bottom + 14)}" text-anchor="middle">${fmt(x0)}</text>`,
      `<text x="${String(PAD.left + plotWidth)}" y="${String(bottom + 14)}" text-anchor="middle">${fmt(x1)}</text>`,
    );
    for (const mark of o.marks ?? []) {
      const x = sx(mark.x).toFixed(1);
      out.push(
        `<line x1="${x}" y1="${String(top)}" x2="${x}" y2="${String(bottom)}" stroke="#bbb" stroke-dasharray="4 3"/>`,
        `<text x="${x}" y="${String(top + 12)}" fill="#777" transform="rotate(90 ${x} ${String(top + 12)})">${escape(mark.label)}</text>`,
      );
    }
    panel.series.forEach((series, j) => {
      const color = COLORS[j % COLORS.length] ?? '#000';
      const xy = series.points.map(([x, y]) => [sx(x).toFixed(1), sy(y).toFixed(1)] as const);
      if (series.dots) for (const [x, y] of xy) out.push(`<circle cx="${x}" cy="${y}" r="1.5" fill="${color}"/>`);
      else if (xy.length > 0)
        out.push(
          `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${xy.map(([x, y]) => `${x},${y}`).join(' ')}"/>`,
        );
      const ly = top + 14 + j * 14;
      out.push(
        `<rect x="${String(PAD.left + plotWidth - 180)}" y="${String(ly - 8)}" width="10" height="10" fill="${color}"/>`,
        `<text x="${String(PAD.left + plotWidth - 165)}" y="${String(ly + 1)}">${escape(series.name)}</text>`,
      );
    });
    out.push(`</g>`);
  });
  out.push(
    `<text x="${String(PAD.left + plotWidth / 2)}" y="${String(height - 8)}" text-anchor="middle">${escape(o.xLabel)}</text>`,
    `</svg>`,
  );
  return `${out.join('\n')}\n`;
}
