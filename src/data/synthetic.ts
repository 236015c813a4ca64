/**
 * The course's synthetic series ("Sequences, Time Series and Prediction", week 1 onwards):
 * baseline + linear trend + a yearly seasonal pattern + Gaussian noise.
 *
 * The course builds it with numpy on a `float32` time axis, so every step below rounds to float32
 * (`Math.fround`) exactly where numpy would, and the noise comes from a numpy-compatible
 * `RandomState`. `syntheticSeries()` therefore reproduces the course's series to float32 precision
 * (the only differences are the last-bit rounding of numpy's float32 `cos`/`exp`).
 */
import { RandomState } from '../engine/random.js';

const f32 = Math.fround;

/** Options of {@link syntheticSeries}; every default is the course's value. */
export interface SyntheticOptions {
  /** Number of time steps; default 1461 (4 * 365 + 1, four years of days). */
  length?: number;
  /** Constant level added to everything; default 10. */
  baseline?: number;
  /** Trend increase per time step; default 0.05. */
  slope?: number;
  /** Peak of the seasonal pattern; default 40. */
  amplitude?: number;
  /** Time steps per season; default 365. */
  period?: number;
  /** Standard deviation of the Gaussian noise; default 5. */
  noiseLevel?: number;
  /** Seed of the numpy-compatible noise generator; default 42. */
  seed?: number;
}

/** A time axis and the series measured on it, both float32 like the course's numpy arrays. */
export interface SyntheticSeries {
  /** 0, 1, ..., length - 1. */
  time: Float32Array;
  series: Float32Array;
}

/**
 * A straight line `slope * time`, in float32 like numpy's `slope * time` on a float32 array.
 *
 * @example trend(Float32Array.of(0, 1, 2), 0.5); // Float32Array [0, 0.5, 1]
 * @throws when `slope` is not finite.
 */
export function trend(time: ArrayLike<number>, slope: number): Float32Array {
  checkFinite(slope, 'trend slope', 'pass a number such as 0.05');
  const s = f32(slope);
  const out = new Float32Array(time.length);
  for (let i = 0; i < time.length; i++) out[i] = s * f32(time[i]); // the float32 store rounds
  return out;
}

/**
 * The course's arbitrary seasonal shape at a season fraction `t` in [0, 1):
 * `t < 0.4 ? cos(2πt) : 1 / exp(3t)`, computed in float32 like numpy on a float32 array.
 *
 * @example seasonalPattern(0); // 1
 * @throws never (a NaN input gives NaN).
 */
export function seasonalPattern(t: number): number {
  const st = f32(t);
  if (st < f32(0.4)) return f32(Math.cos(f32(f32(st * 2) * f32(Math.PI))));
  return f32(1 / f32(Math.exp(f32(3 * st))));
}

/**
 * The seasonal pattern repeated every `period` steps and scaled by `amplitude`:
 * `amplitude * seasonalPattern(((time + phase) mod period) / period)`, float32 throughout.
 * The modulo is floored like numpy's `%`, so negative times wrap into [0, period).
 *
 * @example seasonality(Float32Array.of(0, 365), 365, 40); // Float32Array [40, 40]
 * @throws when `period` is not a positive finite number, or `amplitude`/`phase` is not finite.
 */
export function seasonality(time: ArrayLike<number>, period: number, amplitude = 1, phase = 0): Float32Array {
  if (!(period > 0) || !Number.isFinite(period)) {
    throw new Error(
      `seasonality period must be a positive number of time steps, got ${period}: use e.g. 365 for daily data with a yearly season.`,
    );
  }
  checkFinite(amplitude, 'seasonality amplitude', 'pass a number such as 40');
  checkFinite(phase, 'seasonality phase', 'pass a number of time steps such as 0');
  const p = f32(period);
  const a = f32(amplitude);
  const ph = f32(phase);
  const out = new Float32Array(time.length);
  for (let i = 0; i < time.length; i++) {
    const shifted = f32(f32(time[i]) + ph);
    let r = shifted % p; // exact (fmod), then floored like numpy
    if (r !== 0 && r < 0 !== p < 0) r += p;
    const seasonTime = f32(f32(r) / p);
    out[i] = a * seasonalPattern(seasonTime);
  }
  return out;
}

/**
 * Gaussian noise, one value per time step: `RandomState(seed).randn(time.length) * noiseLevel`,
 * as the course's `noise(time, noise_level, seed)`. Float64, like numpy's result; adding it to a
 * float32 series rounds back to float32 (numpy's in-place `series += noise`).
 *
 * @example noise(new Float32Array(2), 5, 42); // Float64Array [2.4835707650561636, -0.6913215058559232]
 * @throws when `noiseLevel` is not finite or `seed` is not an integer in [0, 2^32 - 1].
 */
export function noise(time: ArrayLike<number>, noiseLevel: number, seed: number): Float64Array {
  checkFinite(noiseLevel, 'noise level', 'pass a standard deviation such as 5');
  const out = new RandomState(seed).randnArray(time.length);
  for (let i = 0; i < out.length; i++) out[i] *= noiseLevel;
  return out;
}

/**
 * The course's synthetic series, exactly as its notebooks build it:
 * ```python
 * time = np.arange(4 * 365 + 1, dtype="float32")
 * series = baseline + trend(time, slope) + seasonality(time, period=365, amplitude=amplitude)
 * series += noise(time, noise_level, seed=42)
 * ```
 *
 * @example
 * const { time, series } = syntheticSeries();
 * series.length; // 1461
 * series[0];     // 52.48357 (float32), as in the course
 * @throws when `length` is not a positive integer, or another option is invalid (see
 *   {@link trend}, {@link seasonality}, {@link noise}).
 */
export function syntheticSeries(options: SyntheticOptions = {}): SyntheticSeries {
  const { length = 4 * 365 + 1, baseline = 10, slope = 0.05, amplitude = 40, period = 365, noiseLevel = 5, seed = 42 } = options;
  if (!Number.isInteger(length) || length < 1) {
    throw new Error(`syntheticSeries length must be a positive integer, got ${length}: pass a number of time steps such as 1461.`);
  }
  checkFinite(baseline, 'syntheticSeries baseline', 'pass a number such as 10');
  const time = new Float32Array(length);
  for (let i = 0; i < length; i++) time[i] = i;
  const up = trend(time, slope);
  const season = seasonality(time, period, amplitude);
  const noisy = noise(time, noiseLevel, seed);
  const b = f32(baseline);
  const series = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    // (baseline + trend) + seasonality in float32, then + float64 noise rounded back to float32.
    const clean = f32(f32(b + up[i]) + season[i]);
    series[i] = clean + noisy[i];
  }
  return { time, series };
}

function checkFinite(value: number, what: string, fix: string): void {
  if (!Number.isFinite(value)) throw new Error(`${what} must be a finite number, got ${value}: ${fix}.`);
}
