/**
 * Two small chart kinds for the benchmark report, as plain SVG text (no dependency: a line chart
 * over categories with a linear or log axis, and a grouped bar chart). Missing values leave gaps.
 */

export interface Series {
  name: string;
  values: (number | undefined)[];
  color: string;
  dashed?: boolean;
}

const W = 720;
const H = 400;
const M = { top: 48, right: 200, bottom: 56, left: 72 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, sans-serif"';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) =>
  v >= 1000 ? `${+(v / 1000).toFixed(v >= 10_000 ? 0 : 1)}k` : v >= 10 ? v.toFixed(0) : +v.toPrecision(2) + '';

const finite = (vs: (number | undefined)[]) => vs.filter((v): v is number => v !== undefined && Number.isFinite(v));

/** Round ticks for a linear axis from 0 to at least max. */
function linearTicks(max: number): number[] {
  const raw = max / 5 || 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * mag).find((s) => s >= raw)!;
  return Array.from({ length: Math.ceil(max / step) + 1 }, (_, i) => i * step);
}

/** Ticks 1, 2, 5, 10, 20, 50 ... covering [min, max]. */
function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
    for (const f of [1, 2, 5]) ticks.push(f * 10 ** e);
  }
  const lo = ticks.filter((t) => t <= min).pop() ?? ticks[0];
  const hi = ticks.find((t) => t >= max) ?? ticks[ticks.length - 1];
  return ticks.filter((t) => t >= lo && t <= hi);
}

function frame(title: string, yLabel: string, xLabel: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" ${FONT} font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${M.left}" y="24" font-size="15" font-weight="600">${esc(title)}</text>`,
    `<text transform="translate(18 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
    `<text x="${M.left + PW / 2}" y="${H - 12}" text-anchor="middle">${esc(xLabel)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function yAxis(ticks: number[], y: (v: number) => number): string[] {
  return ticks.map(
    (t) =>
      `<line x1="${M.left}" x2="${M.left + PW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#e5e5e5"/>` +
      `<text x="${M.left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="#444">${fmt(t)}</text>`,
  );
}

function legend(series: { name: string; color: string; dashed?: boolean }[], bars = false): string[] {
  return series.map((s, i) => {
    const y = M.top + 8 + i * 20;
    const x = M.left + PW + 16;
    const mark = bars
      ? `<rect x="${x}" y="${y - 6}" width="18" height="12" fill="${s.color}"/>`
      : `<line x1="${x}" x2="${x + 18}" y1="${y}" y2="${y}" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`;
    return `${mark}<text x="${x + 24}" y="${y + 4}">${esc(s.name)}</text>`;
  });
}

export function lineChart(o: {
  title: string;
  xLabel: string;
  yLabel: string;
  categories: string[];
  series: Series[];
  log?: boolean;
}): string {
  const values = finite(o.series.flatMap((s) => s.values));
  const min = Math.max(Math.min(...values) * 0.9, 0.1);
  const max = Math.max(...values, 1);
  const ticks = o.log ? logTicks(min, max) : linearTicks(max);
  const [lo, hi] = [ticks[0], ticks[ticks.length - 1]];
  const y = o.log
    ? (v: number) => M.top + PH - ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * PH
    : (v: number) => M.top + PH - ((v - lo) / (hi - lo)) * PH;
  const step = PW / Math.max(1, o.categories.length);
  const x = (i: number) => M.left + step * (i + 0.5);
  const body = [
    ...yAxis(ticks, y),
    ...o.categories.map(
      (c, i) => `<text x="${x(i).toFixed(1)}" y="${M.top + PH + 20}" text-anchor="middle" fill="#444">${esc(c)}</text>`,
    ),
    `<line x1="${M.left}" x2="${M.left + PW}" y1="${M.top + PH}" y2="${M.top + PH}" stroke="#888"/>`,
  ];
  for (const s of o.series) {
    const pts = s.values.map((v, i) => (v !== undefined && Number.isFinite(v) && v > 0 ? [x(i), y(v)] : undefined));
    // A gap in the values splits the line.
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) {
        body.push(
          `<polyline fill="none" stroke="${s.color}" stroke-width="2.5"${s.dashed ? ' stroke-dasharray="5 3"' : ''} points="${run.join(' ')}"/>`,
        );
      }
      run = [];
    };
    for (const p of pts) {
      if (!p) flush();
      else {
        run.push(`${p[0].toFixed(1)},${p[1].toFixed(1)}`);
        body.push(`<circle cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="3.5" fill="${s.color}"/>`);
      }
    }
    flush();
  }
  body.push(...legend(o.series));
  return frame(o.title, o.yLabel + (o.log ? ' (log scale)' : ''), o.xLabel, body);
}

export function barChart(o: {
  title: string;
  xLabel: string;
  yLabel: string;
  categories: string[];
  series: Series[];
}): string {
  const max = Math.max(...finite(o.series.flatMap((s) => s.values)), 1);
  const ticks = linearTicks(max);
  const hi = ticks[ticks.length - 1];
  const y = (v: number) => M.top + PH - (v / hi) * PH;
  const step = PW / Math.max(1, o.categories.length);
  const barW = (step * 0.7) / o.series.length;
  const body = [...yAxis(ticks, y)];
  o.categories.forEach((c, i) => {
    const x0 = M.left + step * i + step * 0.15;
    body.push(
      `<text x="${(M.left + step * (i + 0.5)).toFixed(1)}" y="${M.top + PH + 20}" text-anchor="middle" fill="#444">${esc(c)}</text>`,
    );
    o.series.forEach((s, j) => {
      const v = s.values[i];
      if (v === undefined || !Number.isFinite(v)) return;
      const x = x0 + j * barW;
      body.push(
        `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(M.top + PH - y(v)).toFixed(1)}" fill="${s.color}"/>`,
        `<text x="${(x + barW / 2 - 1).toFixed(1)}" y="${(y(v) - 4).toFixed(1)}" text-anchor="middle" font-size="11" fill="#333">${fmt(v)}</text>`,
      );
    });
  });
  body.push(`<line x1="${M.left}" x2="${M.left + PW}" y1="${M.top + PH}" y2="${M.top + PH}" stroke="#888"/>`);
  body.push(...legend(o.series, true));
  return frame(o.title, o.yLabel, o.xLabel, body);
}
