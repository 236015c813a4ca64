/**
 * A fitted statistical forecaster (ETS, Theta, auto and the baselines auto may choose) as plain
 * JSON, and back: what `seqcast train --model ets|theta|auto` saves, so that `seqcast forecast`
 * forecasts with it exactly as before saving. Each kind keeps what its forecasts need:
 *
 *   naive, seasonal-naive, moving-average, drift   the spec (they learn nothing)
 *   ets      its toJSON(): period, model string, damped, and the fitted model (ets-json.ts)
 *   arima    its toJSON(): period, orders, drift, mean, and the fitted model (arima-json.ts)
 *   theta    { kind, fitted }: the fitted state (thetaForecasterFromJSON reads it)
 *   stlf     its toJSON(): the periods and the ETS model of the seasonally adjusted training part
 *            (forecasts decompose the history they are given again)
 *   stl-arima  likewise, with the ARIMA model of the seasonally adjusted training part
 *   network  { kind, model }: a reference to a saved model folder (the caller saves and loads it:
 *            weights with checksums, through the model format)
 *   mean     { kind, members }: each member fitted, in order (an ensemble, e.g. one network's seeds)
 *   auto     { kind, options, choice, members }: its options, what it chose, and each member fitted
 *            on the whole training part, in the choice's order
 *   box-cox  { kind, lambda, inner }: the λ it used (fixed, or estimated at fit) and the wrapped
 *            forecaster fitted on the transformed training part
 *   conformal { kind, options, calibration, inner }: its options, the calibration (each step's
 *            sorted errors: at most origins × horizon numbers, 200 × 1,000) and the wrapped
 *            forecaster fitted on the whole training part, so a loaded one gives the same intervals
 *
 * Reading checks every field: a hand-edited or foreign file is one ModelFileError, never a
 * forecast from nonsense. Browser-safe: no Node modules (the caller reads and writes files).
 */
import { ModelFileError, SeqcastError } from '../errors.js';
import { autoForecasterFromFitted, type AutoChoice, type AutoForecaster, type AutoOptions } from './auto.js';
import { makeBaseForecaster, type BaseForecasterSpec } from './base-forecaster-spec.js';
import type { ForecasterSpec } from './forecaster-spec.js';
import type { Forecaster } from './forecaster.js';
import type { NetworkForecaster } from './network.js';
import { meanForecaster, type MeanForecaster } from './mean-forecaster.js';
import { etsForecaster, type EtsForecaster, type EtsForecasterJSON } from './stats/ets.js';
import { arimaForecaster, type ArimaForecaster, type ArimaForecasterJSON } from './stats/arima.js';
import { stlfForecaster, type StlfForecaster, type StlfForecasterJSON } from './stats/stlf.js';
import { stlArimaForecaster, type StlArimaForecaster, type StlArimaForecasterJSON } from './stats/stl-arima.js';
import { thetaForecasterFromJSON, type ThetaForecaster, type ThetaState } from './stats/theta.js';
import { conformalForecasterFromFitted, type ConformalCalibration, type ConformalForecaster, type ConformalOptions } from './conformal.js';
import { boxCoxForecasterFromFitted, checkLambdaRange, type BoxCoxForecaster } from './box-cox-forecaster.js';
import { isObject } from '../is-object.js';

/** A fitted forecaster as JSON (see the file's comment). */
export type SavedForecasterJSON =
  | Extract<BaseForecasterSpec, { kind: 'naive' | 'seasonal-naive' | 'moving-average' | 'drift' }>
  | EtsForecasterJSON
  | ArimaForecasterJSON
  | StlfForecasterJSON
  | StlArimaForecasterJSON
  | { kind: 'theta'; fitted: ThetaState }
  | { kind: 'network'; model: string }
  | { kind: 'mean'; members: SavedForecasterJSON[] }
  | { kind: 'box-cox'; lambda: number; inner: SavedForecasterJSON }
  | { kind: 'auto'; options: Required<AutoOptions>; choice: AutoChoice; members: SavedForecasterJSON[] }
  | { kind: 'conformal'; options: Required<ConformalOptions>; calibration: ConformalCalibration; inner: SavedForecasterJSON };

/**
 * A fitted forecaster, made from `spec`, as JSON; `saveNetwork(member, index)` saves each network
 * inside it (index 0, 1, ... in the order they appear, members of auto and means included) and
 * returns the reference to store.
 * @example const json = savedForecasterToJSON({ kind: 'ets', period: 12 }, ets, () => { throw new Error('no networks'); });
 * @throws Error when the forecaster is not fitted (a bug in the caller).
 */
export function savedForecasterToJSON(
  spec: ForecasterSpec,
  forecaster: Forecaster,
  saveNetwork: (member: NetworkForecaster, index: number) => string,
): SavedForecasterJSON {
  let next = 0;
  return toJSON(spec, forecaster, (member) => saveNetwork(member, next++));
}

function toJSON(spec: ForecasterSpec, forecaster: Forecaster, saveNetwork: (member: NetworkForecaster) => string): SavedForecasterJSON {
  const kind = spec.kind;
  switch (kind) {
    case 'ets': {
      const json = (forecaster as EtsForecaster).toJSON();
      if (!json.fitted) throw new Error(`${forecaster.name}: save needs a fitted ETS forecaster: call fit(train) first.`);
      return json;
    }
    case 'arima': {
      const json = (forecaster as ArimaForecaster).toJSON();
      if (!json.fitted) throw new Error(`${forecaster.name}: save needs a fitted ARIMA forecaster: call fit(train) first.`);
      return json;
    }
    case 'stlf': {
      const json = (forecaster as StlfForecaster).toJSON();
      if (!json.fitted) throw new Error(`${forecaster.name}: save needs a fitted STL forecaster: call fit(train) first.`);
      return json;
    }
    case 'stl-arima': {
      const json = (forecaster as StlArimaForecaster).toJSON();
      if (!json.fitted) throw new Error(`${forecaster.name}: save needs a fitted STL + ARIMA forecaster: call fit(train) first.`);
      return json;
    }
    case 'theta':
      return { kind: 'theta', fitted: (forecaster as ThetaForecaster).toJSON() };
    case 'network':
      return { kind: 'network', model: saveNetwork(forecaster as NetworkForecaster) };
    case 'mean': {
      const members = (forecaster as MeanForecaster).members;
      return { kind: 'mean', members: members.map((m, i) => toJSON(spec.of[i], m, saveNetwork)) };
    }
    case 'box-cox': {
      const boxCox = forecaster as BoxCoxForecaster;
      if (boxCox.lambda === null) throw new Error(`${boxCox.name}: save needs a fitted Box-Cox forecaster: call fit(train) first.`);
      return { kind: 'box-cox', lambda: boxCox.lambda, inner: toJSON(spec.of, boxCox.inner, saveNetwork) };
    }
    case 'auto': {
      const auto = forecaster as AutoForecaster;
      if (!auto.choice || !auto.members) throw new Error(`${auto.name}: save needs a fitted auto forecaster: call fit(train) first.`);
      const choice = auto.choice;
      return {
        kind: 'auto',
        options: auto.options,
        choice,
        members: auto.members.map((m, i) => toJSON(choice.members[i].spec, m, saveNetwork)),
      };
    }
    case 'conformal': {
      const conformal = forecaster as ConformalForecaster;
      if (!conformal.inner || !conformal.calibration)
        throw new Error(`${conformal.name}: save needs a fitted conformal forecaster: call fit(train) first.`);
      return {
        kind: 'conformal',
        options: conformal.options,
        calibration: conformal.calibration,
        inner: toJSON(spec.of, conformal.inner, saveNetwork),
      };
    }
    case 'naive':
    case 'drift':
    case 'seasonal-naive':
    case 'moving-average':
      return { ...spec }; // they learn nothing: the spec is the forecaster
    default:
      throw new Error(`savedForecasterToJSON: cannot save a forecaster of kind '${kind as string}'.`);
  }
}

/**
 * A fitted forecaster from its JSON; `loadNetwork(reference)` loads a network member.
 * @example const f = await savedForecasterFromJSON(JSON.parse(text), (ref) => loadNetworkMember(dir, ref));
 * @throws ModelFileError when the JSON is not a saved forecaster (naming the field), or what
 *   `loadNetwork` throws.
 */
export async function savedForecasterFromJSON(
  json: unknown,
  loadNetwork: (reference: string) => Promise<Forecaster>,
  where = 'forecaster',
): Promise<Forecaster> {
  const bad = (what: string): never => {
    throw new ModelFileError(`Not a saved seqcast forecaster: ${where}${what}. Train it again with seqcast train.`);
  };
  if (!isObject(json)) return bad(' must be a JSON object');
  const wrapped = <T>(make: () => T): T => {
    try {
      return make();
    } catch (err) {
      if (err instanceof ModelFileError) throw err;
      if (err instanceof SeqcastError) return bad(` is out of range (${err.message})`);
      throw err;
    }
  };
  switch (json.kind) {
    case 'naive':
    case 'drift':
    case 'seasonal-naive':
    case 'moving-average':
      return wrapped(() => makeBaseForecaster(json as BaseForecasterSpec));
    case 'ets': {
      if (!isObject(json.fitted)) return bad('.fitted must be the fitted ETS model');
      const { kind: _kind, ...options } = json as unknown as EtsForecasterJSON;
      return wrapped(() => etsForecaster(options));
    }
    case 'arima': {
      if (!isObject(json.fitted)) return bad('.fitted must be the fitted ARIMA model');
      const { kind: _kind, ...options } = json as unknown as ArimaForecasterJSON;
      return wrapped(() => arimaForecaster(options));
    }
    case 'stlf': {
      if (!isObject(json.fitted)) return bad('.fitted must be the fitted ETS model of the adjusted series');
      const { periods, fitted } = json as unknown as StlfForecasterJSON;
      return wrapped(() => stlfForecaster({ periods, fitted }));
    }
    case 'stl-arima': {
      if (!isObject(json.fitted)) return bad('.fitted must be the fitted ARIMA model of the adjusted series');
      const { periods, fitted } = json as unknown as StlArimaForecasterJSON;
      return wrapped(() => stlArimaForecaster({ periods, fitted }));
    }
    case 'theta':
      return thetaForecasterFromJSON(json.fitted);
    case 'network':
      if (typeof json.model !== 'string' || !/^[a-z0-9/_-]+$/i.test(json.model) || json.model.split('/').includes('..'))
        return bad('.model must be the relative folder of a saved network');
      return loadNetwork(json.model);
    case 'mean': {
      const members = json.members;
      if (!Array.isArray(members) || members.length === 0 || members.length > 1000)
        return bad('.members must be a non-empty list of fitted forecasters');
      const fitted: Forecaster[] = [];
      for (let i = 0; i < members.length; i++)
        fitted.push(await savedForecasterFromJSON(members[i], loadNetwork, `${where}.members[${i}]`));
      return meanForecaster(fitted);
    }
    case 'box-cox': {
      const lambda = json.lambda;
      try {
        checkLambdaRange(lambda, 'lambda', ModelFileError);
      } catch {
        return bad(`.lambda must be the Box-Cox lambda it was fitted with, a number from -1 to 2, got ${JSON.stringify(lambda)}`);
      }
      if (!isObject(json.inner)) return bad('.inner must be the wrapped forecaster, fitted');
      const inner = await savedForecasterFromJSON(json.inner, loadNetwork, `${where}.inner`);
      return boxCoxForecasterFromFitted(inner, lambda);
    }
    case 'auto':
      return loadAuto(json, loadNetwork, where, bad);
    case 'conformal': {
      if (!isObject(json.options)) return bad('.options must be an object');
      if (!isObject(json.calibration)) return bad('.calibration must be an object');
      if (!isObject(json.inner) || json.inner.kind === 'conformal') return bad('.inner must be the wrapped forecaster, fitted');
      const inner = await savedForecasterFromJSON(json.inner, loadNetwork, `${where}.inner`);
      try {
        return conformalForecasterFromFitted(
          inner,
          json.options as unknown as ConformalOptions,
          json.calibration as unknown as ConformalCalibration,
        );
      } catch (err) {
        return bad(` is not a valid calibration (${(err as Error).message})`);
      }
    }
    default:
      return bad(
        `.kind is ${JSON.stringify(json.kind)}, not one of naive, seasonal-naive, moving-average, drift, ets, arima, stlf, theta, network, mean, box-cox, auto, conformal`,
      );
  }
}

async function loadAuto(
  json: Record<string, unknown>,
  loadNetwork: (reference: string) => Promise<Forecaster>,
  where: string,
  bad: (what: string) => never,
): Promise<Forecaster> {
  const { options, choice, members } = json;
  if (!isObject(options)) return bad('.options must be an object');
  if (!isObject(choice)) return bad('.choice must be an object');
  const chosen = choice.members;
  if (!Array.isArray(chosen) || chosen.length === 0) return bad('.choice.members must be a non-empty list');
  chosen.forEach((m, i) => {
    if (!isObject(m) || typeof m.label !== 'string' || !isObject(m.spec) || typeof m.spec.kind !== 'string' || typeof m.score !== 'number')
      bad(`.choice.members[${i}] must have a label, a spec and a score`);
  });
  if (typeof choice.score !== 'number') bad('.choice.score must be a number');
  if (choice.combine !== undefined && choice.combine !== 'mean' && choice.combine !== 'median')
    bad(`.choice.combine must be 'mean' or 'median', got ${JSON.stringify(choice.combine)}`);
  if (!Array.isArray(choice.candidates) || !Array.isArray(choice.folds)) bad('.choice.candidates and .choice.folds must be lists');
  if (typeof choice.baselineWins !== 'boolean' || typeof choice.message !== 'string')
    bad('.choice.baselineWins must be a boolean and .choice.message a string');
  if (!Array.isArray(members) || members.length !== chosen.length)
    return bad(`.members must list the ${chosen.length} member(s) of the choice, each fitted`);
  const fitted: Forecaster[] = [];
  for (let i = 0; i < members.length; i++) {
    const member = members[i] as unknown;
    const want = (chosen[i] as { spec: { kind: string } }).spec.kind;
    if (!isObject(member) || member.kind !== want) bad(`.members[${i}] is not the choice's ${want}`);
    fitted.push(await savedForecasterFromJSON(member, loadNetwork, `${where}.members[${i}]`));
  }
  try {
    // a run saved before networkSeeds was an option averaged three seeds, whatever its candidates
    return autoForecasterFromFitted({ networkSeeds: 3, ...options } as AutoOptions, choice as unknown as AutoChoice, fitted);
  } catch (err) {
    if (err instanceof SeqcastError) return bad(`.options are out of range (${err.message})`);
    throw err;
  }
}
