/**
 * A run report as one self-contained HTML file: title, metrics tables, charts as inline SVG, the
 * model summary, the settings and notes. It opens offline and from an e-mail attachment: no
 * scripts, no external stylesheets, fonts or images, no URLs in the markup. Every piece of text
 * that comes from the caller (titles, column names, cell values, settings) is HTML-escaped.
 */
import { packageVersion } from '../package-version.js';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render.js';

/** A table of numbers for the report, e.g. one row per forecaster and one column per metric. */
export interface MetricsTable {
  headers: string[];
  rows: (string | number)[][];
  /** Shown above the table, e.g. "Validation period 1000..1460". */
  caption?: string;
}

/** Input of {@link renderReport}. */
export interface ReportOptions {
  title: string;
  subtitle?: string;
  /** The run's settings (window, epochs, learning rate...), shown as a key/value table. */
  settings: Record<string, unknown>;
  metrics: MetricsTable[];
  /** The model summary text (`model.summary()`), shown as preformatted text. */
  summary?: string;
  charts: { title: string; spec: TopLevelSpec }[];
  notes?: string[];
  /** The time printed as "generated at"; default now. */
  generatedAt?: Date;
}

/**
 * Builds the report's HTML. Charts are rendered to SVG with {@link renderSvg} and embedded inline.
 *
 * @example
 * const html = await renderReport({
 *   title: 'Synthetic series, SimpleRNN',
 *   settings: { window: 20, epochs: 100 },
 *   metrics: [{ headers: ['forecaster', 'MAE'], rows: [['naive', 5.9379], ['rnn', 5.01]] }],
 *   charts: [{ title: 'Forecast', spec: seriesChart({ title: 'Forecast', actual, forecasts }) }],
 * });
 * await writeFile('report.html', html);
 * @throws when a metrics row has a different number of cells than its headers, or a chart's spec
 *   cannot be rendered (the message names the chart).
 */
export async function renderReport(options: ReportOptions): Promise<string> {
  const { title, subtitle, settings, metrics, summary, charts, notes = [] } = options;
  const generatedAt = (options.generatedAt ?? new Date()).toISOString();
  const sections: string[] = [];

  if (metrics.length > 0) sections.push(section('Metrics', metrics.map(metricsTable).join('\n')));
  if (charts.length > 0) {
    const figures: string[] = [];
    for (const [k, chart] of charts.entries()) {
      let svg: string;
      try {
        svg = await renderSvg(chart.spec);
      } catch (err) {
        throw new Error(`renderReport could not render chart "${chart.title}": ${(err as Error).message}`);
      }
      figures.push(`<figure>\n${inlineSvg(svg, `chart${k}-`)}\n<figcaption>${escapeHtml(chart.title)}</figcaption>\n</figure>`);
    }
    sections.push(section('Charts', figures.join('\n')));
  }
  if (summary !== undefined) sections.push(section('Model', `<pre>${escapeHtml(summary)}</pre>`));
  const settingRows = Object.entries(settings).map(
    ([key, value]) => `<tr><th scope="row">${escapeHtml(key)}</th><td>${escapeHtml(formatValue(value))}</td></tr>`,
  );
  if (settingRows.length > 0) sections.push(section('Settings', `<table class="settings">\n${settingRows.join('\n')}\n</table>`));
  if (notes.length > 0) sections.push(section('Notes', `<ul>\n${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}\n</ul>`));

  const made = `Generated at ${escapeHtml(generatedAt)} by seqcast ${escapeHtml(packageVersion())}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="seqcast ${escapeHtml(packageVersion())}">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
${subtitle === undefined ? '' : `<p class="subtitle">${escapeHtml(subtitle)}</p>\n`}<p class="meta">${made}</p>
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}

/** Escapes text for HTML element content and quoted attribute values: '<script>' → '&lt;script&gt;'. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function section(heading: string, body: string): string {
  return `<section>\n<h2>${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

function metricsTable(table: MetricsTable, k: number): string {
  const { headers, rows, caption } = table;
  for (const [r, row] of rows.entries()) {
    if (row.length !== headers.length) {
      throw new Error(
        `renderReport metrics table ${k + 1}${caption ? ` ("${caption}")` : ''} row ${r + 1} has ${row.length} cells for ${headers.length} headers: give every row one cell per header.`,
      );
    }
  }
  const head = `<tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = rows.map(
    (row) =>
      `<tr>${row.map((cell) => (typeof cell === 'number' ? `<td class="num">${escapeHtml(metricNumber(cell))}</td>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`,
  );
  return `<table class="metrics">\n${caption === undefined ? '' : `<caption>${escapeHtml(caption)}</caption>\n`}<thead>${head}</thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table>`;
}

/**
 * Vega's SVG made fit to sit inline in HTML: the XML namespace declarations go (HTML puts <svg>
 * in the SVG namespace itself, and they are the only URLs in it), and element ids get a per-chart
 * prefix so two charts' clip paths or gradients cannot collide.
 */
function inlineSvg(svg: string, prefix: string): string {
  return svg
    .replace(/\s+xmlns(:\w+)?="[^"]*"/g, '')
    .replace(/\bid="([^"]*)"/g, `id="${prefix}$1"`)
    .replace(/url\(#([^)]*)\)/g, `url(#${prefix}$1)`)
    .replace(/href="#([^"]*)"/g, `href="#${prefix}$1"`)
    .replace('<svg ', '<svg role="img" ');
}

/** Numbers with up to 6 significant digits (5.93794, 1.2e-7), integers in full; NaN stays visible. */
/** A table cell: integers as they are, scores to 4 decimals as the terminal prints them. */
function metricNumber(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e7 ? v.toFixed(4) : v.toPrecision(4);
}

function formatNumber(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
  return String(Number(v.toPrecision(6)));
}

function formatValue(value: unknown): string {
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
  if (value === null || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value, (_, v: unknown) =>
      ArrayBuffer.isView(v) ? Array.from(v as Float32Array) : typeof v === 'bigint' ? String(v) : v,
    );
  } catch {
    return String(value); // a circular structure
  }
}

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; padding: 1.5rem 2rem 3rem; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222; background: #fafafa; }
header, main { max-width: 1060px; margin: 0 auto; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid #ddd; }
.subtitle { font-size: 1.05rem; color: #444; margin: 0; }
.meta { font-size: .85rem; color: #777; }
table { border-collapse: collapse; margin: 0 0 1.2rem; background: #fff; }
caption { caption-side: top; text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border: 1px solid #ddd; padding: .3rem .7rem; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.settings th { font-weight: 600; background: #f6f6f6; }
table.settings td { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem; word-break: break-word; }
figure { margin: 0 0 1.5rem; padding: .5rem; background: #fff; border: 1px solid #e3e3e3; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #555; margin-top: .3rem; }
pre { background: #fff; border: 1px solid #e3e3e3; padding: .8rem 1rem; overflow-x: auto; font-size: .85rem; line-height: 1.35; }
`;
