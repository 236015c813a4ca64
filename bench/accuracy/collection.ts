/**
 * The accuracy collection (datasets/collection/: 15 CSVs and index.json), read with seqcast's own
 * series reader, as a user's file would be; and the validation set (datasets/validation/, the same
 * format: series outside the collection, for choosing rules on).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSeriesText } from '../../src/data/series-input.js';

/** One series of the collection, as index.json lists it, with its values. */
export interface CollectionSeries {
  name: string;
  /** Absolute path of the CSV (the R peer reads the same file). */
  file: string;
  /** The value column of the CSV. */
  valueColumn: string;
  /** Season length (R's frequency): 12 monthly, 4 quarterly, 1 yearly or none. */
  period: number;
  /** M4 horizon: monthly 18, quarterly 8, yearly 6 (BJsales, without a calendar, 12). */
  horizon: number;
  frequency: string;
  values: Float32Array;
}

interface IndexEntry {
  name: string;
  file: string;
  frequency: string;
  period: number;
  length: number;
  horizon: number;
  dateColumn?: string;
  valueColumn: string;
}

/** Where the collection lives. */
export const COLLECTION_DIR = fileURLToPath(new URL('../../datasets/collection/', import.meta.url));

/** Where the validation set lives (bench/r/export-validation.R writes it). */
export const VALIDATION_DIR = fileURLToPath(new URL('../../datasets/validation/', import.meta.url));

/**
 * Every series of the collection (or of another folder in its format), in index.json's order.
 * @throws when index.json or a CSV cannot be read, or a CSV does not hold the length index.json says.
 */
export function readCollection(dir: string = COLLECTION_DIR): CollectionSeries[] {
  const index = JSON.parse(readFileSync(dir + 'index.json', 'utf8')) as { series: IndexEntry[]; generator?: string };
  const generator = index.generator ?? 'bench/r/export-collection.R';
  return index.series.map((entry) => {
    const file = dir + entry.file;
    const read = parseSeriesText(readFileSync(file, 'utf8'), {
      format: 'csv',
      source: entry.file,
      column: entry.valueColumn,
      date: entry.dateColumn,
    });
    if (read.values.length !== entry.length) {
      throw new Error(`${entry.file} has ${read.values.length} values but index.json says ${entry.length}: rerun ${generator}.`);
    }
    return {
      name: entry.name,
      file,
      valueColumn: entry.valueColumn,
      period: entry.period,
      horizon: entry.horizon,
      frequency: entry.frequency,
      values: read.values,
    };
  });
}
