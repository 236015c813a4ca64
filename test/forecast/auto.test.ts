import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticSeries } from '../../src/data/synthetic.js';
import {
  autoCandidates,
  AUTO_NETWORK_STEPS,
  autoForecaster,
  autoForecasterFromFitted,
  innerFolds,
  runCandidate,
  runCandidatesInline,
  type CandidateJob,
  type CandidateOutcome,
  type CandidateRunner,
  type AutoForecaster,
} from '../../src/forecast/auto.js';
import { makeForecaster } from '../../src/forecast/forecaster-spec.js';
import { InputError, OptionError, TrainingError } from '../../src/errors.js';
import { makeBaseForecaster } from '../../src/forecast/base-forecaster-spec.js';
import { meanForecaster, type MeanForecaster } from '../../src/forecast/mean-forecaster.js';
import { savedForecasterFromJSON, savedForecasterToJSON } from '../../src/forecast/saved-forecaster.js';

const { series } = syntheticSeries({ length: 120, period: 12, amplitude: 10, slope: 0.2, noiseLevel: 1, seed: 3 });
const train = series.slice(0, 100);

/**
 * A runner that answers each job of the inner backtest with what `answer` gives for its candidate's
 * label, recording the jobs; the chosen members' final fits (`keep`) it runs for real.
 */
function scriptedRunner(answer: (label: string, job: CandidateJob) => number[] | null, jobs: CandidateJob[] = []): CandidateRunner {
  const labels = new Map(
    autoCandidates({ period: 12, horizon: 6, candidates: 'statistical' }).map((c) => [JSON.stringify(c.spec), c.label]),
  );
  return async (given) => {
    jobs.push(...given);
    return Promise.all(
      given.map(async (job): Promise<CandidateOutcome> => {
        if (job.keep) return runCandidate(job);
        const forecast = answer(labels.get(JSON.stringify(job.spec))!, job);
        return { forecast, error: forecast ? null : 'scripted failure', seconds: 0 };
      }),
    );
  };
}

test('auto runs its inner backtest on the training part alone: every job trains before its origin and scores inside train', async () => {
  const jobs: CandidateJob[] = [];
  const auto = autoForecaster({ period: 12, horizon: 6, candidates: 'statistical' }, async (given, signal) => {
    jobs.push(...given);
    return runCandidatesInline(given, signal);
  });
  await auto.fit(train);
  assert.ok(jobs.length > 0);
  for (const job of jobs) assert.equal(job.series.length, train.length, 'the runner gets the training part, nothing after it');
  // ETS and ARIMA choose their forms once, on all of train (their forecast past it is never read) ...
  const formFits = jobs.filter((j) => j.origin === train.length && !j.keep);
  assert.deepEqual(
    formFits.map((j) => j.spec),
    [
      { kind: 'ets', period: 12 },
      { kind: 'arima', period: 12 },
    ],
  );
  // ... and every scored job forecasts inside train; theirs fit the forms chosen
  const scored = jobs.filter((j) => !formFits.includes(j) && !j.keep);
  for (const job of scored) assert.ok(job.origin + job.horizon <= train.length);
  // the chosen members then fit on all of train, on the runner too, last: one job each
  const finals = jobs.filter((j) => j.keep);
  assert.deepEqual(
    finals.map((j) => j.spec),
    auto.choice!.members.map((m) => m.spec),
  );
  assert.deepEqual(jobs.slice(-finals.length), finals);
  for (const job of finals) assert.equal(job.origin, train.length);
  const arimaFolds = jobs.filter((j) => j.spec.kind === 'arima' && j.origin < train.length);
  assert.equal(arimaFolds.length, 3);
  const arima = makeForecaster({ kind: 'arima', period: 12 });
  await arima.fit(train);
  for (const job of arimaFolds) assert.deepEqual(job.spec, arima.fixedForm!());
  // three inner folds back to back at the end of train: origins 82, 88 and 94
  assert.deepEqual(auto.choice!.folds, [
    { origin: 82, horizon: 6 },
    { origin: 88, horizon: 6 },
    { origin: 94, horizon: 6 },
  ]);
  assert.deepEqual([...new Set(jobs.map((j) => j.origin))], [100, 82, 88, 94]);
});

test('auto picks the candidate with the lowest inner MASE, and says so in plain words when it is a baseline', async () => {
  // seasonal naive forecasts each inner fold exactly; the others are off by 5
  const auto = autoForecaster(
    { period: 12, horizon: 6, candidates: 'statistical', maxMembers: 1 },
    scriptedRunner((label, job) =>
      Array.from(train.subarray(job.origin, job.origin + job.horizon), (v) => (label === 'seasonal naive (12)' ? v : v + 5)),
    ),
  );
  await auto.fit(train);
  const choice = auto.choice!;
  assert.deepEqual(
    choice.members.map((m) => m.label),
    ['seasonal naive (12)'],
  );
  assert.equal(choice.score, 0);
  assert.equal(choice.baselineWins, true);
  assert.match(
    choice.message,
    /^A baseline beats every model on this series: seasonal naive \(12\) scored MASE 0\.000 on the inner backtest, the best model \((ets|theta)\) \d+\.\d{3}/,
  );
  // the member is refitted on the whole training part: its forecast is the last season repeated
  assert.deepEqual(auto.forecast(train, 3), makeForecaster({ kind: 'seasonal-naive', period: 12 }).forecast(train, 3));
});

test('auto averages the best few when their combination scores better than the best alone', async () => {
  // ets is 2 too high, theta 2 too low, naive 3 too high: ets + theta average to the truth
  const offset: Record<string, number> = { ets: 2, theta: -2, naive: 3, 'seasonal naive (12)': 4, arima: 5 };
  const auto = autoForecaster(
    { period: 12, horizon: 6, candidates: 'statistical' },
    scriptedRunner((label, job) => Array.from(train.subarray(job.origin, job.origin + job.horizon), (v) => v + offset[label])),
  );
  await auto.fit(train);
  const choice = auto.choice!;
  assert.deepEqual(choice.members.map((m) => m.label).sort(), ['ets', 'theta']);
  assert.ok(choice.score < 1e-6, `the pair's inner MASE is 0, got ${choice.score}`);
  assert.equal(choice.baselineWins, false);
  assert.deepEqual(
    choice.candidates.map((c) => c.label),
    ['ets', 'theta', 'naive', 'seasonal naive (12)', 'arima'].sort((a, b) => Math.abs(offset[a]) - Math.abs(offset[b])),
  );
  // the forecast is the mean of the two members refitted on all of train
  const ets = makeForecaster({ kind: 'ets', period: 12 });
  const theta = makeForecaster({ kind: 'theta', period: 12 });
  await ets.fit(train);
  await theta.fit(train);
  const [e, t, a] = [ets.forecast(train, 6), theta.forecast(train, 6), auto.forecast(train, 6)];
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(a[i] - (e[i] + t[i]) / 2) < 1e-4 * Math.abs(a[i]), `step ${i + 1}`);
  assert.match(
    auto.describe(),
    /^mean of (ets ETS\([ANM],[ANM]d?,[ANM]\) \+ theta|theta \+ ets ETS\([ANM],[ANM]d?,[ANM]\)) \(inner-backtest MASE 0\.000\)$/,
  );
});

test("combine 'median' takes the median of the best maxMembers, 'mean' their mean, even when the best alone scores better", async () => {
  const offset: Record<string, number> = { ets: 2, theta: -2, naive: 3, 'seasonal naive (12)': 4, arima: 5 };
  const runner = scriptedRunner((label, job) => Array.from(train.subarray(job.origin, job.origin + job.horizon), (v) => v + offset[label]));
  const median = autoForecaster({ period: 12, horizon: 6, candidates: 'statistical', combine: 'median', maxMembers: 3 }, runner);
  await median.fit(train);
  assert.deepEqual(
    median.choice!.members.map((m) => m.label),
    ['ets', 'theta', 'naive'],
  );
  assert.equal(median.choice!.combine, 'median');
  // the inner folds' median is the truth + 2 (of +2, −2, +3): MASE 2 / the fold's scale, not 0 as the mean of ets and theta
  assert.ok(median.choice!.score > 0.1, `got ${median.choice!.score}`);
  assert.match(median.describe(), /^median of ets ETS\(.*\) \+ theta \+ naive \(inner-backtest MASE \d\.\d{3}\)$/);
  const fitted = await Promise.all(
    [{ kind: 'ets', period: 12 } as const, { kind: 'theta', period: 12 } as const, { kind: 'naive' } as const].map(async (spec) => {
      const f = makeForecaster(spec);
      await f.fit(train);
      return f.forecast(train, 6);
    }),
  );
  const m = median.forecast(train, 6);
  for (let i = 0; i < 6; i++) {
    const sorted = fitted.map((f) => f[i]).sort((a, b) => a - b);
    assert.ok(Math.abs(m[i] - sorted[1]) <= 1e-4 * Math.abs(sorted[1]), `step ${i + 1}: ${m[i]} is not the median ${sorted[1]}`);
  }
  // 'mean' of the best two, although ets alone (offset 0) is exact
  const exact: Record<string, number> = { ...offset, ets: 0, theta: 4 };
  const mean = autoForecaster(
    { period: 12, horizon: 6, candidates: 'statistical', combine: 'mean', maxMembers: 2 },
    scriptedRunner((label, job) => Array.from(train.subarray(job.origin, job.origin + job.horizon), (v) => v + exact[label])),
  );
  await mean.fit(train);
  assert.deepEqual(
    mean.choice!.members.map((x) => x.label),
    ['ets', 'naive'],
  );
  assert.equal(mean.choice!.combine, 'mean');
  assert.ok(mean.choice!.score > 0);
});

test('the defaults of each candidate set: all candidates, the median of the best 5 on 5 inner folds; the networks, the mean of theirs; the statistical, the best few on 3', () => {
  const pick = ({ innerFolds, maxMembers, combine }: ReturnType<typeof autoForecaster>['options']) => ({ innerFolds, maxMembers, combine });
  assert.deepEqual(pick(autoForecaster({ period: 12 }).options), { innerFolds: 5, maxMembers: 5, combine: 'median' });
  assert.deepEqual(pick(autoForecaster({ period: 12, candidates: 'networks' }).options), { innerFolds: 3, maxMembers: 3, combine: 'mean' });
  assert.deepEqual(pick(autoForecaster({ period: 12, candidates: 'statistical' }).options), {
    innerFolds: 3,
    maxMembers: 3,
    combine: 'best',
  });
  // an option given wins over the set's default
  assert.deepEqual(pick(autoForecaster({ period: 12, innerFolds: 3, combine: 'best' }).options), {
    innerFolds: 3,
    maxMembers: 5,
    combine: 'best',
  });
  assert.throws(() => autoForecaster({ combine: 'max' as never }), /auto combine must be one of median, mean, best, got "max"/);
});

test('a candidate that fails on the inner backtest is left out, with its reason; when all fail, fit says why', async () => {
  const auto = autoForecaster(
    { period: 12, horizon: 6, candidates: 'statistical' },
    scriptedRunner((label, job) => (label === 'theta' ? Array.from(train.subarray(job.origin, job.origin + job.horizon)) : null)),
  );
  await auto.fit(train);
  assert.deepEqual(
    auto.choice!.members.map((m) => m.label),
    ['theta'],
  );
  const failed = auto.choice!.candidates.filter((c) => c.score === null);
  assert.equal(failed.length, 4);
  assert.ok(failed.every((c) => c.error === 'scripted failure'));

  const none = autoForecaster(
    { period: 12, horizon: 6, candidates: 'statistical' },
    scriptedRunner(() => null),
  );
  await assert.rejects(none.fit(train), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.match((e as Error).message, /^auto \(statistical\): every candidate failed|^auto: every candidate failed on the inner backtest/);
    return true;
  });
});

test('a short training part gets one shorter inner fold; too short for any is refused with the count it needs', async () => {
  const auto = autoForecaster({ period: 12, horizon: 18, candidates: 'statistical' });
  await auto.fit(train.subarray(0, 30)); // 30 − 18 = 12 < 24: one fold of the 6 values after the first 24
  assert.deepEqual(auto.choice!.folds, [{ origin: 24, horizon: 6 }]);
  // 6 values cannot measure 18-step errors: ETS, chosen by AICc on all 30, whatever the fold preferred
  assert.deepEqual(
    auto.choice!.members.map((m) => m.label),
    ['ets'],
  );
  assert.match(
    auto.choice!.message,
    /too short for an inner backtest of 18 values after two seasons, so auto does not choose by one: it forecasts with ETS/,
  );
  assert.ok(auto.choice!.candidates.filter((c) => c.score !== null).length >= 4, 'the inner scores are kept for the record');
  const ets = makeForecaster({ kind: 'ets', period: 12 });
  await ets.fit(train.subarray(0, 30));
  assert.deepEqual(auto.forecast(train.subarray(0, 30), 18), ets.forecast(train.subarray(0, 30), 18));
  await assert.rejects(autoForecaster({ period: 12 }).fit(train.subarray(0, 23)), /auto: fit needs at least 24 training values, got 23/);
});

test('a training part of just two seasons (the fewest the accuracy protocol trains on) gets a fold of its last value, and ETS', async () => {
  assert.deepEqual(innerFolds(24, { period: 12, horizon: 18, innerFolds: 5 }), [{ origin: 23, horizon: 1 }]);
  assert.deepEqual(innerFolds(25, { period: 12, horizon: 18, innerFolds: 5 }), [{ origin: 24, horizon: 1 }]);
  assert.deepEqual(innerFolds(8, { period: 1, horizon: 6, innerFolds: 5 }), [{ origin: 7, horizon: 1 }]);
  const auto = autoForecaster({ period: 12, horizon: 18 });
  assert.equal(auto.minHistory, 24);
  await auto.fit(train.subarray(0, 24));
  assert.deepEqual(auto.choice!.folds, [{ origin: 23, horizon: 1 }]);
  assert.deepEqual(
    auto.choice!.members.map((m) => m.label),
    ['ets'],
  );
  assert.match(auto.choice!.message, /^The training part \(24 values\) is too short for an inner backtest of 18 values/);
  const ets = makeForecaster({ kind: 'ets', period: 12 });
  await ets.fit(train.subarray(0, 24));
  assert.deepEqual(auto.forecast(train.subarray(0, 24), 18), ets.forecast(train.subarray(0, 24), 18));
});

test('auto with all its candidates: a real choice, deterministic, and a fitted copy forecasts the same', async () => {
  const make = () => autoForecaster({ period: 12, horizon: 6, seed: 1 });
  const a = make();
  await a.fit(train);
  const b = make();
  await b.fit(train);
  const timeless = (c: typeof a.choice) => ({ ...c!, candidates: c!.candidates.map(({ seconds: _s, ...rest }) => rest) });
  assert.deepEqual(timeless(a.choice), timeless(b.choice));
  assert.deepEqual(a.forecast(train, 12), b.forecast(train, 12));
  assert.equal(a.choice!.candidates.length, autoCandidates({ period: 12, horizon: 6 }).length);
  assert.ok(a.choice!.candidates.some((c) => c.label.startsWith('mlp')) && a.choice!.candidates.some((c) => c.label === 'ets'));
  const copy = autoForecasterFromFitted(a.options, a.choice!, [...a.members!]);
  assert.deepEqual(copy.forecast(series, 7), a.forecast(series, 7));
  assert.deepEqual(copy.predictSliding(series, 100), a.predictSliding(series, 100));
});

test('the chosen members fit on the runner, a mean of seeds one job per seed, and forecast as members fitted in this thread would', async () => {
  const jobs: CandidateJob[] = [];
  const options = { period: 12, horizon: 6, candidates: 'networks' as const, networkSeeds: 2 };
  const auto = autoForecaster(options, async (given, signal) => {
    jobs.push(...given);
    return runCandidatesInline(given, signal);
  });
  await auto.fit(train);
  const members = auto.choice!.members;
  assert.equal(members.length, 3);
  // every job holds one network: a candidate's seeds are apart, in the inner backtest and at the end
  assert.ok(jobs.every((j) => j.spec.kind === 'network'));
  const finals = jobs.filter((j) => j.keep);
  assert.deepEqual(
    finals.map((j) => j.spec),
    members.flatMap((m) => (m.spec.kind === 'mean' ? m.spec.of : [])),
  );
  assert.equal(finals.length, 6);
  // the fitted members are the means of their seeds, and forecast to the bit as the old in-thread fit
  const reference = meanForecaster(
    members.map((m) => makeBaseForecaster(m.spec)),
    'reference',
    auto.choice!.combine,
  );
  await reference.fit(train);
  assert.deepEqual(auto.forecast(train, 12), reference.forecast(train, 12));
  assert.deepEqual(auto.predictSliding(series, 100), reference.predictSliding(series, 100));
  for (const member of auto.members!) assert.equal((member as MeanForecaster).members.length, 2);
});

test('a chosen member that fails on the whole training part is one TrainingError naming it', async () => {
  const runner = scriptedRunner((label, job) =>
    Array.from(train.subarray(job.origin, job.origin + job.horizon), (v) => v + (label === 'theta' ? 0 : 5)),
  );
  const failing: CandidateRunner = async (given, signal) =>
    given[0]?.keep ? given.map(() => ({ forecast: null, error: 'the loss became NaN', seconds: 0 })) : runner(given, signal);
  const auto = autoForecaster({ period: 12, horizon: 6, candidates: 'statistical', maxMembers: 1 }, failing);
  await assert.rejects(auto.fit(train), (e: unknown) => {
    assert.ok(e instanceof TrainingError);
    assert.equal(
      (e as Error).message,
      'auto (statistical): theta, chosen by the inner backtest, failed to fit on the whole training part: the loss became NaN.',
    );
    return true;
  });
  assert.equal(auto.choice, null, 'nothing half-fitted is kept');
});

test('auto refuses bad options with the option named', () => {
  assert.throws(
    () => autoForecaster({ period: 0 }),
    (e: unknown) => e instanceof OptionError && /auto period must be an integer from 1/.test(e.message),
  );
  assert.throws(
    () => autoForecaster({ candidates: 'best' as never }),
    /auto candidates must be one of all, networks, statistical, got "best"/,
  );
  assert.throws(() => autoForecaster({ horizon: 1.5 }), /auto horizon must be an integer/);
  assert.throws(() => autoForecaster({ window: 3 } as never), /Unknown auto option 'window'/);
  assert.throws(() => makeForecaster({ kind: 'auto', maxMembers: 0 }), /auto maxMembers must be an integer from 1 to 20, got 0/);
});

test('the candidates: baselines, ETS and ARIMA (seasons up to 24), Theta, STL + ETS and STL + ARIMA for several seasons, and networks on windows of two seasons', () => {
  const all = autoCandidates({ period: 12, horizon: 18 }).map((c) => c.label);
  assert.deepEqual(all.slice(0, 5), ['naive', 'seasonal naive (12)', 'ets', 'arima', 'theta']);
  assert.ok(all.slice(5).every((l) => /^mlp \(window 24, .*; 1 seed\)$/.test(l)));
  assert.ok(!autoCandidates({ period: 48 }).some((c) => c.label === 'ets' || c.label === 'arima'), 'no ETS or ARIMA above a season of 24');
  // STL + ETS where ETS alone cannot follow the seasons: two of them, or one above 24
  const hourly = autoCandidates({ period: 24, horizon: 48, seasons: [24, 168], candidates: 'statistical' });
  // a seasonal naive for each season: the day's and the week's
  assert.deepEqual(
    hourly.filter((c) => c.baseline).map((c) => [c.label, c.spec]),
    [
      ['naive', { kind: 'naive' }],
      ['seasonal naive (24)', { kind: 'seasonal-naive', period: 24 }],
      ['seasonal naive (168)', { kind: 'seasonal-naive', period: 168 }],
    ],
  );
  assert.deepEqual(hourly.find((c) => c.label.startsWith('stlf'))?.spec, { kind: 'stlf', periods: [24, 168] });
  // ... and on logs
  assert.deepEqual(hourly.find((c) => c.label === 'stlf (24, 168) on logs')?.spec, {
    kind: 'box-cox',
    lambda: 0,
    of: { kind: 'stlf', periods: [24, 168] },
  });
  // STL + ARIMA beside it, on the values and on logs
  assert.deepEqual(
    hourly.filter((c) => c.label.startsWith('stl')).map((c) => c.label),
    ['stlf (24, 168)', 'stlf (24, 168) on logs', 'stl-arima (24, 168)', 'stl-arima (24, 168) on logs'],
  );
  assert.deepEqual(hourly.find((c) => c.label === 'stl-arima (24, 168) on logs')?.spec, {
    kind: 'box-cox',
    lambda: 0,
    of: { kind: 'stl-arima', periods: [24, 168] },
  });
  assert.ok(autoCandidates({ period: 48 }).some((c) => c.label === 'stlf (48)'));
  assert.ok(autoCandidates({ period: 48 }).some((c) => c.label === 'stl-arima (48)'));
  assert.ok(!autoCandidates({ period: 12 }).some((c) => c.label.startsWith('stl')), 'one season ETS can follow: no STL candidate');
  assert.throws(() => autoCandidates({ period: 24, seasons: [24, 0] }), /auto seasons\[1\] must be an integer from 1/);
  const networks = autoCandidates({ candidates: 'networks', seed: 5 });
  assert.equal(networks.length, 3);
  for (const c of networks) {
    assert.equal(c.spec.kind, 'mean');
    const members = (c.spec as { of: { kind: string; spec: { seed: number; maxSteps: number } }[] }).of;
    assert.deepEqual(
      members.map((m) => (assert.equal(m.kind, 'network'), m.spec.seed)),
      [5, 6, 7, 8, 9], // five seeds among the networks alone
    );
    assert.ok(
      members.every((m) => m.spec.maxSteps === AUTO_NETWORK_STEPS),
      'each trains for auto’s budget of steps',
    );
  }
  const seedsOf = (c: { spec: unknown }): number => (c.spec as { of: unknown[] }).of.length;
  assert.ok(
    autoCandidates({ period: 12, horizon: 18 })
      .slice(5)
      .every((c) => seedsOf(c) === 1),
    'one among every candidate',
  );
  assert.ok(autoCandidates({ candidates: 'networks', networkSeeds: 3 }).every((c) => seedsOf(c) === 3 && c.label.endsWith('; 3 seeds)')));
  assert.throws(() => autoCandidates({ networkSeeds: 0 }), /auto networkSeeds must be an integer from 1 to 20, got 0/);
  assert.ok(!autoCandidates({ period: 1 }).some((c) => c.label.startsWith('seasonal naive')));
});

test('on a training part too short for two seasons the networks get a window of half of it, so they still fit', async () => {
  const auto = autoForecaster({ period: 12, horizon: 18, candidates: 'networks' });
  await auto.fit(train.subarray(0, 36)); // one inner fold: 24 values to train on, then 12
  const choice = auto.choice!;
  assert.deepEqual(choice.folds, [{ origin: 24, horizon: 12 }]);
  assert.ok(
    choice.candidates.every((c) => c.label.startsWith('mlp (window 12, ')),
    choice.candidates.map((c) => c.label).join('; '),
  );
  assert.ok(choice.members.length >= 1 && choice.candidates.some((c) => c.score !== null));
  assert.equal(auto.forecast(train.subarray(0, 36), 18).length, 18);
  // one that holds two seasons keeps them
  assert.ok(autoCandidates({ period: 12, candidates: 'networks' }, 26).every((c) => c.label.startsWith('mlp (window 24, ')));
  assert.ok(autoCandidates({ period: 12, candidates: 'networks' }, 25).every((c) => c.label.startsWith('mlp (window 12, ')));
});

test('a saved auto keeps its combination: loaded, a median forecasts the same; a corrupt one is refused', async () => {
  const spec = { kind: 'auto', period: 12, horizon: 6, candidates: 'statistical', combine: 'median', maxMembers: 3 } as const;
  const auto = makeForecaster(spec);
  await auto.fit(train);
  const json = savedForecasterToJSON(spec, auto, () => {
    throw new Error('no networks here');
  }) as { choice: { combine: string } };
  assert.equal(json.choice.combine, 'median');
  const noNetworks = async (): Promise<never> => {
    throw new Error('no networks here');
  };
  const loaded = await savedForecasterFromJSON(JSON.parse(JSON.stringify(json)), noNetworks);
  assert.deepEqual(loaded.forecast(series, 6), auto.forecast(series, 6));
  await assert.rejects(
    savedForecasterFromJSON({ ...json, choice: { ...json.choice, combine: 'max' } }, noNetworks),
    /\.choice\.combine must be 'mean' or 'median', got "max"/,
  );
  // a run saved before networkSeeds was an option averaged three seeds, even among the networks
  // alone (whose default is now five): its options load saying three
  const { networkSeeds: _n, ...older } = (json as unknown as { options: Record<string, unknown> }).options;
  const old = (await savedForecasterFromJSON({ ...json, options: { ...older, candidates: 'networks' } }, noNetworks)) as AutoForecaster;
  assert.equal(old.options.networkSeeds, 3);
  assert.deepEqual(old.forecast(series, 6), auto.forecast(series, 6));
});
