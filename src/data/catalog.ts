/**
 * The series that ship with seqcast, one entry each: what the CLI's `--dataset` offers (and its
 * default split), what the playground's series picker shows, what the course's reproduction cases
 * train on, and where the loaders find the values (`shipped-node.ts` reads the files from disk,
 * the playground fetches them). Browser-safe: no `node:` imports.
 *
 * Where the CLI and the playground use different values for the same series, both are here, the
 * page's under `page`: its chart title, the name of its value column (synthetic only) and the
 * season length of its seasonal-naive baseline. The CLI names a series by its `id`, its column by
 * `column`, and takes its season from the dates (`--season`, default 12 for monthly data, 365 or 7
 * for daily data, none without dates).
 */

/** One shipped series. */
export interface DatasetEntry {
  /** The name users pass (`--dataset sunspots`) and the page's picker value. */
  readonly id: string;
  /**
   * The CSV file in the package's `datasets/` folder, with its date column; absent for the
   * synthetic series, which `syntheticSeries()` generates.
   */
  readonly file?: { readonly name: string; readonly date: string };
  /** The value column: the CSV header, and the column name the CLI reports. */
  readonly column: string;
  /** The course's split: train on the values before it, validate on the rest. */
  readonly split: number;
  /** Where the numbers come from, for reports. */
  readonly source: string;
  /** What the playground shows. */
  readonly page: {
    /** The series picker's text. */
    readonly label: string;
    /** The name in the forecast chart's title and in the models the page saves. */
    readonly title: string;
    /** The value column's name in the chart and the saved model, when it is not `column`. */
    readonly column?: string;
    /** Default season length of the page's seasonal-naive baseline (the CLI's comes from the dates). */
    readonly period: number;
  };
}

/** The shipped series, in the course's order (the page lists them so, the synthetic series first). */
export const DATASET_CATALOG = [
  {
    id: 'synthetic',
    column: 'value',
    split: 1000,
    source: "The course's synthetic series: trend + yearly seasonality + noise, seed 42 (syntheticSeries())",
    page: { label: "the course's synthetic series", title: 'synthetic', column: 'series', period: 365 },
  },
  {
    id: 'sunspots',
    file: { name: 'sunspots.csv', date: 'Date' },
    column: 'Monthly Mean Total Sunspot Number',
    split: 3000,
    source: 'Monthly mean total sunspot number, SILSO, Royal Observatory of Belgium (CC BY-NC 4.0)',
    // 132 months: the ~11-year solar cycle (the CLI's season from the monthly dates is 12)
    page: { label: 'sunspots (monthly)', title: 'sunspots', period: 132 },
  },
  {
    id: 'temperatures',
    file: { name: 'daily-min-temperatures.csv', date: 'Date' },
    column: 'Temp',
    split: 2500,
    source: 'Daily minimum temperature in Melbourne 1981-1990, Australian Bureau of Meteorology',
    page: { label: 'Melbourne minimum temperatures (daily)', title: 'Melbourne temperatures', period: 365 },
  },
] as const satisfies readonly DatasetEntry[];

/** The name of a shipped series: 'synthetic', 'sunspots' or 'temperatures'. */
export type DatasetName = (typeof DATASET_CATALOG)[number]['id'];

/** The names of the shipped series, in catalog order. */
export const DATASETS: readonly DatasetName[] = DATASET_CATALOG.map((d) => d.id);

/**
 * Whether `name` is a shipped series.
 * @example isDatasetName('sunspots') // true
 * @throws never.
 */
export function isDatasetName(name: unknown): name is DatasetName {
  return DATASETS.includes(name as DatasetName);
}

/**
 * The catalog entry of a shipped series.
 * @example datasetEntry('temperatures').split // 2500
 * @throws when `name` is not a shipped series, listing the names.
 */
export function datasetEntry(name: string): DatasetEntry & { readonly id: DatasetName } {
  const entry: DatasetEntry | undefined = DATASET_CATALOG.find((d) => d.id === name);
  if (!entry) throw new Error(`Unknown dataset '${name}': use one of ${DATASETS.join(', ')}.`);
  return entry as DatasetEntry & { readonly id: DatasetName };
}
