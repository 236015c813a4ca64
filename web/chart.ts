/**
 * Small SVG line charts for the playground (loss per epoch, loss against learning rate, forecast
 * against the actual series, with prediction intervals as shaded bands), drawn directly so that
 * the page needs no charting bundle.
 */
import { downsample } from '../src/report/downsample.js';

/** One line of a chart. */
export interface Line {
  label: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  color: string;
}

/** A shaded band between two bounds (a prediction interval), drawn under the lines. */
export interface Band {
  /** The level in percent, e.g. 80 (the polygon's data-level). */
  level: number;
  x: ArrayLike<number>;
  lower: ArrayLike<number>;
  upper: ArrayLike<number>;
  color: string;
  /** Fill opacity; wider levels lighter. */
  opacity: number;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Logarithmic x axis (learning rates). */
  logX?: boolean;
  /** Whole-number x values only (epochs, time steps): no ticks between them. */
  integerX?: boolean;
  width?: number;
  height?: number;
}

const SVG = 'http://www.w3.org/2000/svg';
/** Points drawn per line at most. */
const MAX_POINTS = 2000;
const MARGIN = { left: 64, right: 16, top: 28, bottom: 40 };

/**
 * Replaces the contents of `container` with an SVG chart of `lines` (non-finite points skipped)
 * over shaded `bands` (polygons of class `band`, a point with a non-finite bound left out).
 * @example drawChart(div, [{ label: 'loss', x: [1, 2], y: [0.5, 0.3], color: '#1f77b4' }], { title: 'Loss', xLabel: 'epoch', yLabel: 'loss' });
 * @throws never: with no finite point it draws the axes and the title only.
 */
export function drawChart(
  container: HTMLElement,
  lines: readonly Line[],
  options: ChartOptions,
  bands: readonly Band[] = [],
): SVGSVGElement {
  const width = options.width ?? 640;
  const height = options.height ?? 260;
  const tx = options.logX ? (v: number) => Math.log10(v) : (v: number) => v;
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  const extents: Line[] = [
    ...lines,
    ...bands.flatMap((b) => [
      { label: '', x: b.x, y: b.lower, color: '' },
      { label: '', x: b.x, y: b.upper, color: '' },
    ]),
  ];
  for (const line of extents) {
    for (let i = 0; i < line.x.length; i++) {
      const x = tx(line.x[i]);
      const y = line.y[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
    }
  }
  if (!(x1 >= x0)) [x0, x1, y0, y1] = [0, 1, 0, 1];
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = [y0 - 1, y1 + 1];
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const px = (x: number): number => MARGIN.left + ((tx(x) - x0) / (x1 - x0)) * plotW;
  const py = (y: number): number => MARGIN.top + (1 - (y - y0) / (y1 - y0)) * plotH;

  const svg = element('svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': options.title });
  svg.append(text(options.title, width / 2, 16, { 'text-anchor': 'middle', 'font-weight': 'bold' }));
  svg.append(element('rect', { x: MARGIN.left, y: MARGIN.top, width: plotW, height: plotH, fill: 'none', stroke: '#999' }));
  for (const yv of niceTicks(y0, y1)) {
    svg.append(text(formatTick(yv), MARGIN.left - 6, py(yv) + 4, { 'text-anchor': 'end' }));
    svg.append(element('line', { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: py(yv), y2: py(yv), stroke: '#eee' }));
  }
  // a log axis ticks at the powers of ten (x0, x1 are already log10 there)
  const powers = niceTicks(x0, x1).filter(Number.isInteger);
  const xTicks = options.logX && powers.length >= 2 ? powers : niceTicks(x0, x1).filter((v) => !options.integerX || Number.isInteger(v));
  for (const xv of xTicks) {
    const at = MARGIN.left + ((xv - x0) / (x1 - x0)) * plotW;
    svg.append(
      text(options.logX ? (10 ** xv).toExponential(Number.isInteger(xv) ? 0 : 1) : formatTick(xv), at, height - MARGIN.bottom + 16, {
        'text-anchor': 'middle',
      }),
    );
    svg.append(element('line', { x1: at, x2: at, y1: MARGIN.top + plotH, y2: MARGIN.top + plotH + 4, stroke: '#999' }));
  }
  svg.append(text(options.xLabel, MARGIN.left + plotW / 2, height - 4, { 'text-anchor': 'middle' }));
  svg.append(
    text(options.yLabel, 12, MARGIN.top + plotH / 2, { 'text-anchor': 'middle', transform: `rotate(-90 12 ${MARGIN.top + plotH / 2})` }),
  );
  for (const band of bands) {
    const kept = Array.from({ length: band.x.length }, (_, i) => i).filter(
      (i) => Number.isFinite(band.lower[i]) && Number.isFinite(band.upper[i]),
    );
    const at = (i: number, y: number): string => `${px(band.x[i]).toFixed(1)},${py(y).toFixed(1)}`;
    const points = [...kept.map((i) => at(i, band.upper[i])), ...kept.reverse().map((i) => at(i, band.lower[i]))];
    svg.append(
      element('polygon', {
        points: points.join(' '),
        fill: band.color,
        'fill-opacity': band.opacity,
        stroke: 'none',
        class: 'band',
        'data-level': band.level,
      }),
    );
  }
  lines.forEach((line, n) => {
    const points: string[] = [];
    // at most 2,000 points a line, each stretch's lowest and highest kept (peaks stay drawn)
    for (const i of downsample(line.y, MAX_POINTS)) {
      if (Number.isFinite(tx(line.x[i])) && Number.isFinite(line.y[i]))
        points.push(`${px(line.x[i]).toFixed(1)},${py(line.y[i]).toFixed(1)}`);
    }
    svg.append(element('polyline', { points: points.join(' '), fill: 'none', stroke: line.color, 'stroke-width': 1.5, class: 'line' }));
    svg.append(element('rect', { x: MARGIN.left + 8 + n * 150, y: MARGIN.top + 6, width: 10, height: 10, fill: line.color }));
    svg.append(text(line.label, MARGIN.left + 22 + n * 150, MARGIN.top + 15, {}));
  });
  container.replaceChildren(svg);
  return svg;
}

/**
 * Round tick values inside [lo, hi]: steps of 1, 2 or 5 times a power of ten, about five of them.
 * @example niceTicks(1, 100) // [20, 40, 60, 80, 100]
 * @throws never.
 */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const raw = (hi - lo) / count;
  if (!(raw > 0) || !Number.isFinite(raw)) return [lo];
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

function formatTick(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

function element<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function text(content: string, x: number, y: number, attrs: Record<string, string | number>): SVGTextElement {
  const node = element('text', { x, y, 'font-size': 11, ...attrs });
  node.textContent = content;
  return node;
}
