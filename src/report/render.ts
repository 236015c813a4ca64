/**
 * Headless chart rendering in Node: Vega-Lite spec → Vega spec (vega-lite `compile`) → SVG (a
 * Vega View with no renderer, `toSVG()`) → PNG (@resvg/resvg-js).
 *
 * Text in the PNG is drawn with DejaVu Sans loaded from the `dejavu-fonts-ttf` package, never from
 * the system, so a chart looks the same on a bare CI machine as on a laptop. The specs of specs.ts
 * already set `font: 'DejaVu Sans'`; a spec from elsewhere gets that font unless it names its own.
 */
import { writeAtomically, type OutputFileOptions } from './write.js';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import type * as Resvg from '@resvg/resvg-js';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

const require = createRequire(import.meta.url);
/** Regular for labels, bold for titles (Vega draws titles bold; with only the regular face they would come out regular). */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
const FONT = 'DejaVu Sans';

/** The three chart libraries, loaded together. */
interface ChartLibraries {
  vega: typeof Vega;
  vegaLite: typeof VegaLite;
  resvg: typeof Resvg;
}

let libraries: Promise<ChartLibraries> | null = null;

/**
 * Vega, Vega-Lite and resvg, loaded at the first chart: together they take about half a second to
 * load, which every command (and `--help`) paid at start before, whether it drew a chart or not.
 */
function chartLibraries(): Promise<ChartLibraries> {
  libraries ??= Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]).then(([vega, vegaLite, resvg]) => ({
    vega,
    vegaLite,
    resvg,
  }));
  return libraries;
}

/** Options of {@link renderPng}. */
export interface PngOptions {
  /** Pixels per SVG unit; default 2 (sharp on high-density screens and in slides). */
  scale?: number;
}

/**
 * Renders a Vega-Lite spec to an SVG document (a string starting with `<svg`).
 *
 * @example const svg = await renderSvg(lossChart({ title: 'Training', loss: history.loss }));
 * @throws when the spec is not valid Vega-Lite (the compiler's or Vega's message, prefixed).
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vegaLite } = await chartLibraries();
  let view: Vega.View;
  try {
    const withFont = { ...spec, config: { font: FONT, ...spec.config } } as TopLevelSpec;
    view = new vega.View(vega.parse(vegaLite.compile(withFont).spec), { renderer: 'none' });
  } catch (err) {
    throw new Error(
      `renderSvg could not compile the chart spec: ${(err as Error).message.replace(/\.+$/, '')}. Check the spec against the Vega-Lite schema.`,
    );
  }
  try {
    return await view.toSVG();
  } finally {
    view.finalize(); // release the dataflow's timers and listeners
  }
}

/**
 * Renders a Vega-Lite spec to PNG bytes. The image is the SVG's size times `scale`.
 *
 * @example await writeFile('loss.png', await renderPng(lossChart({ title: 'Training', loss }), { scale: 1 }));
 * @throws when the spec is not valid Vega-Lite, or `scale` is not a positive number.
 */
export async function renderPng(spec: TopLevelSpec, options: PngOptions = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 2;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new Error(`renderPng scale must be a positive number, got ${scale}: use 1 for the SVG's own size or 2 for a sharp image.`);
  }
  const svg = await renderSvg(spec);
  const { resvg } = await chartLibraries();
  const image = await resvg.renderAsync(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT },
    background: 'white',
  });
  return new Uint8Array(image.asPng());
}

/**
 * Renders a chart and writes it to `path`, as SVG or PNG by the file's extension (`.svg`, `.png`,
 * any case). The file is written to a temporary name first and renamed, so a crash leaves no
 * half-written chart (see `writeAtomically`; `options` name the path in messages).
 *
 * @example await writeChart(seriesChart({ title: 'Forecast', actual, forecasts }), 'out/forecast.png');
 * @throws when the extension is neither .svg nor .png or the spec is invalid; an OutputError naming
 *   the path and the fix when the file cannot be written.
 */
export async function writeChart(spec: TopLevelSpec, path: string, options: OutputFileOptions = {}): Promise<void> {
  const ext = extname(path).toLowerCase();
  let bytes: string | Uint8Array;
  if (ext === '.svg') bytes = await renderSvg(spec);
  else if (ext === '.png') bytes = await renderPng(spec);
  else {
    throw new Error(`writeChart cannot tell the format of "${path}" (extension "${ext}"): name the file .svg or .png.`);
  }
  await writeAtomically(path, bytes, options);
}
