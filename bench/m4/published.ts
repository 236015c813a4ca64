/**
 * The M4 competition's published scores for Hourly and Weekly (the organisers' "Evaluation and
 * Ranks" sheet, Point Forecasts-Summary; datasets/m4/README.md), and which seqcast model stands for
 * which published benchmark.
 */

/** One published row: sMAPE and MASE averaged over the frequency's series. */
export interface PublishedRow {
  method: string;
  smape: number;
  mase: number;
}

export type Frequency = 'hourly' | 'weekly';

/** The published rows, benchmarks first, then the winner and two of the best combinations. */
export const PUBLISHED: Record<Frequency, PublishedRow[]> = {
  hourly: [
    { method: 'Naive2', smape: 18.383, mase: 2.395 },
    { method: 'seasonal naive', smape: 13.912, mase: 1.193 },
    { method: 'Theta', smape: 18.138, mase: 2.455 },
    { method: "M4's RNN benchmark", smape: 14.698, mase: 3.048 },
    { method: 'Smyl (ES-RNN, the winner)', smape: 9.328, mase: 0.893 },
    { method: 'Pawlikowski et al. (a combination)', smape: 9.611, mase: 0.873 },
    { method: 'Doornik et al. (a combination)', smape: 8.913, mase: 0.801 },
  ],
  weekly: [
    { method: 'Naive2', smape: 9.161, mase: 2.777 },
    { method: 'seasonal naive', smape: 9.161, mase: 2.777 },
    { method: 'Theta', smape: 9.093, mase: 2.637 },
    { method: "M4's RNN benchmark", smape: 15.22, mase: 5.132 },
    { method: 'Smyl (ES-RNN, the winner)', smape: 7.817, mase: 2.356 },
    { method: 'Pawlikowski et al. (a combination)', smape: 6.919, mase: 2.158 },
    { method: 'Doornik et al. (a combination)', smape: 6.728, mase: 2.302 },
  ],
};

/** The published MSIS at 95 % (datasets/m4/README.md gives them for Hourly only). */
export const PUBLISHED_MSIS: Record<Frequency, { method: string; msis: number }[]> = {
  hourly: [
    { method: 'Naive', msis: 71.2 },
    { method: 'ETS', msis: 17.5 },
    { method: 'ARIMA', msis: 7.5 },
    { method: 'Smyl (ES-RNN, the winner)', msis: 7.9 },
  ],
  weekly: [],
};

/** The published benchmark a seqcast model reproduces, by the method's name in {@link PUBLISHED}. */
export const REPRODUCES: Record<string, string> = {
  snaive: 'seasonal naive',
  naive2: 'Naive2',
  theta: 'Theta',
  'm4-rnn': "M4's RNN benchmark",
};
