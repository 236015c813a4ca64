/**
 * seqcast: time-series forecasting with recurrent neural networks, the Keras way, in TypeScript.
 *
 * @example
 * import { sequential, layers, losses, optimizers, windowedDataset, syntheticSeries, modelForecast, metrics } from 'seqcast';
 */
export { Tensor } from './engine/tensor.js';
export type { Shape, LayerShape } from './engine/shape.js';
export { RandomState } from './engine/random.js';
export type { ActivationName } from './engine/activations.js';

export * as layers from './layers/index.js';
export { Layer, type Param, type LayerOptions } from './layers/layer.js';
export { Dense, type DenseOptions } from './layers/dense.js';
export { SimpleRNN, type SimpleRNNOptions } from './layers/simple-rnn.js';
export { Recurrent, type RecurrentOptions } from './layers/recurrent.js';
export { LSTM, type LSTMOptions } from './layers/lstm.js';
export { GRU, type GRUOptions } from './layers/gru.js';
export { Lambda, registerLambda, type LambdaFn, type LambdaOptions } from './layers/lambda.js';
export { Conv1D, type Conv1DOptions, type Conv1DPadding } from './layers/conv1d.js';
export { Dropout, type DropoutOptions } from './layers/dropout.js';
export { Bidirectional, type BidirectionalOptions, type MergeMode } from './layers/bidirectional.js';
export { MonotoneQuantiles, type MonotoneQuantilesOptions } from './layers/monotone-quantiles.js';

export * as losses from './losses/losses.js';
export type { Loss, LossName } from './losses/losses.js';
export * as optimizers from './optim/index.js';
export type { Optimizer } from './optim/optimizer.js';

export { sequential, Sequential, type SequentialOptions } from './model/sequential.js';
export type { CompileOptions, MetricName } from './model/compile.js';
export { TrainingDivergedError, DIVERGENCE_FACTOR, type FitOptions, type History } from './model/fit.js';
export { simpleRnnLab, type CourseModelOptions } from './model/course-models.js';
export { learningRateScheduler, type Callback, type Logs, type TrainingModel } from './model/callbacks.js';

export { syntheticSeries, trend, seasonality, noise } from './data/synthetic.js';
export { windowedDataset } from './data/window.js';
export type { Batch, Dataset } from './data/dataset.js';

export { modelForecast, type ModelForecastOptions } from './forecast/model-forecast.js';
export * from './forecast/baselines.js';
export * as metrics from './metrics/errors.js';
export { earlyStopping, EarlyStopping, type EarlyStoppingOptions } from './model/early-stopping.js';
export { windows, type WindowOptions, type WindowedDataset, type SeriesInput, type WindowLabelOptions } from './data/window.js';
export type { ParamSegment } from './optim/optimizer.js';
export type { SgdOptions, AdamOptions, RmspropOptions, ClipOptions } from './optim/index.js';
export { bilstmLab, convLstm, dnn, type ConvLstmOptions, type DnnOptions } from './model/course-models.js';
export { kernelBackend, setKernelBackend, kernelLoadError, type KernelBackend } from './engine/gemm.js';

export {
  modelToFiles,
  modelFromFiles,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  type ModelFiles,
  type SaveOptions,
  type ToFilesOptions,
  type FromFilesOptions,
  type Sha256,
  type ModelManifest,
  type TensorEntry,
  type TrainingJSON,
  type WeightsManifest,
} from './model/serialize.js';
export { saveModel, loadModel } from './model/save-node.js'; // importing it also gives model.save(dir) its file system
export { layerToJSON, layerFromJSON, type LayerJSON } from './layers/registry.js';
export { readKerasFile, readKerasBytes, MAX_KERAS_FILE_BYTES, type KerasFileContents } from './interop/keras-file.js';
export { loadKerasModel } from './interop/load-keras.js';
export type { NamedTensor } from './interop/named-tensor.js';
// models that travel (docs/interop.md): the Keras/TF.js translator, the TF.js layers format, exports
export { modelFromKeras, modelToKeras } from './interop/keras-model.js';
export {
  modelFromTfjsFiles,
  modelToTfjs,
  isTfjsModelJson,
  MAX_TFJS_WEIGHTS_BYTES,
  TFJS_SHARD_BYTES,
  type TfjsFiles,
} from './interop/tfjs-artifacts.js';
export { loadTfjsModel, saveTfjsModel, isTfjsModelDir } from './interop/tfjs-format.js';
export { readSidecar, SIDECAR_FILE, type Sidecar } from './interop/sidecar.js';
export { exportModel, EXPORT_FORMATS, type ExportFormat, type ExportOptions, type ExportResult } from './interop/export.js';
export { modelToOnnx, ONNX_OPSET, ONNX_IR_VERSION, type OnnxExportOptions, type OnnxShape } from './interop/onnx-export.js';
export { onnxSidecar, type OnnxSidecar, type OnnxForecastLayout } from './interop/onnx-sidecar.js';
export { saveOnnx } from './interop/onnx-save-node.js';

export {
  parseSeriesText,
  seriesCsvReader,
  checkLongEnough,
  type SeriesReader,
  type SeriesInputResult,
  type SeriesReadOptions,
  type SeriesTextOptions,
} from './data/series-input.js';
export { loadSeriesInput, type SeriesInputOptions } from './cli/series-file.js';
export { DATASETS, DATASET_CATALOG, datasetEntry, type DatasetEntry, type DatasetName } from './data/catalog.js';
export { loadShipped, type ShippedSeries } from './data/shipped-node.js';
export { readM4, readM4Rows, type M4Series, type M4Row } from './data/m4.js';
export {
  SeqcastError,
  InputError,
  ModelFileError,
  TrainingError,
  OptionError,
  OutputError,
  QueueError,
  TooShortToCalibrateError,
} from './errors.js';
export { SeriesInputError, messageFor, type InputOption, type OptionNames } from './data/input-error.js';
export { checkWindowFits, type WindowFitOptions } from './data/window-spec.js';
export { inferFrequency, dateGrid, type DateGrid, type DateSequence } from './data/date-grid.js';
export { SeriesDates, type DateList } from './data/series-dates.js';
export { cellValue, MISSING_MARKERS } from './data/cell.js';
export { futureDates, describeFrequency, parseDate, type DateFrequency, type MonthAnchor, type ParsedDate } from './data/dates.js';
export { fillMissing, FILL_METHODS, type FillMethod } from './data/fill.js';
export {
  CsvReader,
  parseSeriesCsv,
  readCsvTable,
  readCsvHeader,
  type CsvRowHandler,
  type CsvSeries,
  type CsvSeriesOptions,
  type CsvTable,
} from './data/csv.js';
export { fitScaler, scalerFromJSON, type Scaler, type ScalerJSON, type ScalerKind } from './data/scaling.js';
export type { TargetTransform, TransformJSON, TransformKind, BoxCoxJSON } from './data/transforms/transform.js';
export { differenceTransform, seasonalDifferenceTransform } from './data/transforms/difference.js';
export { logTransform } from './data/transforms/log.js';
export { boxCoxTransform, boxCoxValue, invBoxCoxValue, type BoxCoxOptions } from './data/transforms/box-cox.js';
export { guerreroLambda, guerreroCriterion, type GuerreroOptions } from './data/transforms/guerrero.js';
export { minimizeBrent, type MinimizeOptions as BrentOptions, type MinimizeResult as BrentResult } from './data/transforms/minimize.js';
export { scalingTransform } from './data/transforms/scale.js';
export { chainTransforms } from './data/transforms/chain.js';
export { makeTransform, transformFromJSON, type TransformSpec, type TransformName } from './data/transforms/registry.js';
export {
  windowNormalizer,
  windowNormalizerFromJSON,
  type WindowNormalizer,
  type WindowNormalizerOptions,
  type WindowNormalizerJSON,
  type WindowStats,
  type WindowCenter,
  type WindowScale,
} from './data/transforms/window-normalizer.js';

export {
  naiveForecaster,
  seasonalNaiveForecaster,
  movingAverageForecaster,
  driftForecaster,
  checkSliding,
  checkRecursive,
  checkTrain,
  type Forecaster,
  type FitReport,
  type FitCallOptions,
  type IntervalForecast,
  type PredictionInterval,
} from './forecast/forecaster.js';
export { forecastWithIntervals, checkLevels, DEFAULT_LEVELS, MAX_LEVELS, type IntervalOptions } from './forecast/intervals.js';
export {
  conformalForecaster,
  conformalForecasterFromFitted,
  conformalRank,
  calibrationStart,
  MAX_CONFORMAL_HORIZON,
  MAX_CONFORMAL_ORIGINS,
  type ConformalForecaster,
  type ConformalOptions,
  type ConformalCalibration,
} from './forecast/conformal.js';
export { coverage, meanWidth, msis, type MsisOptions } from './metrics/interval-scores.js';
export { normalQuantile } from './metrics/normal-quantile.js';
export { networkForecaster, networkForecasterFromModel, type NetworkForecaster, type QuantileForecast } from './forecast/network.js';
export {
  globalNetwork,
  globalNetworkFromModel,
  resolveGlobalSpec,
  DEFAULT_WINDOWS_PER_EPOCH,
  MAX_ID_SERIES,
  type GlobalNetwork,
  type GlobalSpec,
  type ResolvedGlobalSpec,
  type GlobalNormalize,
  type FitManyOptions,
  type FitManyReport,
  type GlobalSkippedSeries,
  type GlobalNetworkJSON,
} from './forecast/global-network.js';
export { saveGlobalNetwork, loadGlobalNetwork } from './forecast/global-network-node.js';
export {
  backtestGlobal,
  type GlobalBacktestOptions,
  type GlobalBacktestResult,
  type GlobalSeriesResult,
  type GlobalFoldResult,
  type GlobalFoldFit,
} from './forecast/global-backtest.js';
export { fitGlobalMany, forecastWithGlobal, GLOBAL_NO_INTERVALS } from './forecast/global-many.js';
export { etsForecaster, type EtsForecaster, type EtsOptions, type EtsForecasterJSON } from './forecast/stats/ets.js';
export { fitEts, fitEtsForm, checkEtsSpec, type EtsSpec } from './forecast/stats/ets-fit.js';
export {
  etsForecastDistribution,
  etsForecastMean,
  etsForecastClass,
  type EtsForecastDistribution,
  type EtsDistributionModel,
} from './forecast/stats/ets-forecast-distribution.js';
export {
  etsFilter,
  etsPointForecast,
  etsFormName,
  etsStateCount,
  admissible,
  withinUsualBounds,
  rootsWithin,
  fittedModel,
  ETS_BOUNDS,
  type EtsForm,
  type EtsModel,
  type EtsParams,
  type EtsErrorType,
  type EtsTrendType,
  type EtsSeasonType,
  type EtsFilterOutput,
} from './forecast/stats/ets-model.js';
export { initialStates, decompose } from './forecast/stats/ets-init.js';
export { etsModelToJSON, etsModelFromJSON, type EtsModelJSON } from './forecast/stats/ets-json.js';
export { minimize, type MinimizeOptions, type MinimizeResult } from './forecast/stats/optimize.js';
export { arimaForecaster, type ArimaForecaster, type ArimaOptions, type ArimaForecasterJSON } from './forecast/stats/arima.js';
export { fitArima, fixedArima, type ArimaFit, type ArimaFitOptions } from './forecast/stats/arima-fit.js';
export { autoArima, type AutoArimaOptions, type AutoArimaResult, type AutoArimaTrial } from './forecast/stats/auto-arima.js';
export {
  arimaForecastDistribution,
  arimaOneStep,
  type ArimaForecastModel,
  type ArimaForecastDistribution,
} from './forecast/stats/arima-forecast.js';
export { arimaModelToJSON, arimaModelFromJSON, type ArimaModel, type ArimaModelJSON } from './forecast/stats/arima-json.js';
export {
  arimaName,
  expandArma,
  partrans,
  invPartrans,
  maInvert,
  arStationary,
  difference,
  differencingPolynomial,
  type ArimaOrder,
} from './forecast/stats/arima-model.js';
export {
  armaKalman,
  armaCss,
  armaAutocovariance,
  stationaryCovariance,
  type KalmanResult,
  type KalmanState,
} from './forecast/stats/arima-likelihood.js';
export { kpssStatistic, kpssPValue, ndiffs, isConstant } from './forecast/stats/kpss.js';
export { bfgs, optimHessian, type BfgsOptions, type BfgsResult } from './forecast/stats/bfgs.js';
export { polyroot, minRootModulus, type Complex } from './forecast/stats/polyroot.js';
export type { ArimaConstant } from './forecast/stats/arima-regression.js';
export {
  thetaForecaster,
  thetaForecasterFromJSON,
  fitTheta,
  thetaForecast,
  type ThetaForecaster,
  type ThetaOptions,
  type ThetaState,
} from './forecast/stats/theta.js';
export { m4SeasonalFigure } from './forecast/stats/m4-seasonality.js';
export { stl, type StlOptions, type StlDecomposition } from './forecast/stats/stl.js';
export { mstl, MSTL_SEASONAL_WINDOWS, type MstlOptions, type MstlDecomposition } from './forecast/stats/mstl.js';
export { superSmoother } from './forecast/stats/supsmu.js';
export { seasonalStrength, nsdiffs, NSDIFFS_THRESHOLD } from './forecast/stats/seasonal-strength.js';
export {
  stlfForecaster,
  stlDecomposeForForecast,
  type StlfForecaster,
  type StlfOptions,
  type StlfForecasterJSON,
} from './forecast/stats/stlf.js';
export { naive2Forecaster, type Naive2Forecaster } from './forecast/naive2.js';
export { m4RnnForecaster, type M4RnnForecaster, type M4RnnOptions } from './forecast/m4-rnn.js';
export {
  modelFromSpec,
  compiledModelFromSpec,
  optimizerFromSpec,
  resolveNetworkSpec,
  defaultLearningRate,
  trainingBytes,
  trainingEpochs,
  checkTrainingMemory,
  headWidth,
  type TrainingSize,
  type NetworkSpec,
  type NetworkSpecInput,
  type NetworkKind,
} from './model/model-spec.js';
export { NETWORK_KINDS, NETWORK_KIND_IDS } from './model/network-kinds.js';
export {
  MAX_UNITS,
  MAX_LAYERS,
  MAX_WINDOW,
  MAX_EPOCHS,
  MAX_BATCH_SIZE,
  MAX_HORIZON,
  MAX_FOLDS,
  MAX_SEEDS,
  MAX_WORKERS,
  MAX_SWEEP_EPOCHS,
  MAX_TRAINING_BYTES,
  MAX_LAYOUT_VALUES,
  MAX_PARAM_VALUES,
  MAX_QUANTILES,
} from './limits.js';
export { resolveQuantiles, checkQuantileTransform, medianIndex, QUANTILE_TRANSFORMS } from './model/quantile-spec.js';
export { checkQuantiles } from './losses/pinball.js';
export {
  resolveTargetSpec,
  outputSteps,
  specTransform,
  transformKinds,
  type TargetSpec,
  type TargetSpecInput,
  type Strategy,
  type Normalize,
} from './model/target-spec.js';
export { networkTrainingData, specNormalizer, type TrainingDataOptions } from './model/network-data.js';
export {
  backtest,
  foldPlan,
  runFold,
  scoreForecast,
  meanScores,
  type BacktestOptions,
  type BacktestResult,
  type FoldPlanOptions,
  type Fold,
  type FoldResult,
  type ForecasterFold,
  type MeanScores,
  type Scores,
} from './forecast/backtest.js';
export {
  fitAndScore,
  FORECAST_MODES,
  type FitAndScoreOptions,
  type ForecasterResult,
  type ForecastMode,
} from './forecast/fit-and-score.js';
export { m4Horizon } from './forecast/horizon.js';
export {
  rollingOriginPlan,
  scoreFold,
  forecastFold,
  type RollingOriginOptions,
  type RollingOriginPlan,
  type FoldScores,
  type FoldForecast,
  type ForecastFoldOptions,
} from './forecast/rolling-origin.js';
export {
  summarizeFolds,
  type FoldOutcome,
  type SeriesMean,
  type MethodMean,
  type RollingOriginSummary,
} from './forecast/rolling-origin-summary.js';
export {
  runMetadata,
  readRunMetadata,
  type RunMetadata,
  type RunInput,
  type RunSeries,
  type Seasons,
  type ForecasterScores,
  type SavedScores,
} from './forecast/run-metadata.js';
export { lrFind, suggestLearningRate, sweepEpochs, type LrFindOptions, type LrFindResult, type LrPoint } from './model/lr-find.js';

export {
  seriesChart,
  lossChart,
  lrChart,
  stepErrorChart,
  thin,
  MAX_LINE_POINTS,
  type SeriesChartOptions,
  type ForecastLine,
  type LossChartOptions,
  type LrChartOptions,
  type StepErrorChartOptions,
} from './report/specs.js';
export { downsample } from './report/downsample.js';
export { renderSvg, renderPng, writeChart, type PngOptions } from './report/render.js';
export { renderReport, type ReportOptions, type MetricsTable } from './report/html.js';

export {
  makeForecaster,
  baselineSpecs,
  type ForecasterSpec,
  type BaseForecasterSpec,
  type ConformalSpec,
} from './forecast/forecaster-spec.js';
export {
  autoForecaster,
  autoForecasterFromFitted,
  autoCandidates,
  runCandidate,
  runCandidatesInline,
  AUTO_CANDIDATE_SETS,
  AUTO_COMBINES,
  AUTO_DEFAULTS,
  AUTO_NETWORK_STEPS,
  type AutoCombine,
  type AutoForecaster,
  type AutoOptions,
  type AutoChoice,
  type AutoCandidate,
  type AutoCandidateSet,
  type CandidateJob,
  type CandidateOutcome,
  type CandidateRunner,
  type CandidateScore,
} from './forecast/auto.js';
export { meanForecaster, averageForecasts, combineForecasts, type Combination, type MeanForecaster } from './forecast/mean-forecaster.js';
export { fittedToTransfer, fittedFromTransfer, type FittedTransfer } from './forecast/fitted-transfer.js';
export {
  boxCoxForecaster,
  boxCoxForecasterFromFitted,
  type BoxCoxForecaster,
  type BoxCoxForecasterOptions,
} from './forecast/box-cox-forecaster.js';
export { networkWindow } from './forecast/network-window.js';
export { poolCandidateRunner } from './parallel/candidates.js';
export { COURSE_CASES, runCase, type CourseCase, type CaseResult } from './forecast/course-cases.js';
export { trainMany, createPool, type TrainJob, type TrainResult, type PoolOptions, type TrainManyOptions } from './parallel/pool.js';
export { backtestParallel, type ParallelBacktestOptions } from './parallel/backtest.js';
export { queueRunner, type QueueRunnerOptions } from './queue/queue-runner.js';
export { startQueueWorker, type QueueWorker, type QueueWorkerOptions, type QueueWorkerEvent } from './queue/queue-worker.js';
export { parseRedisUrl, checkRedis, type RedisTarget } from './queue/redis-target.js';
export { encode as encodeWire, decode as decodeWire, toWire, fromWire } from './queue/wire.js';
export { threadRunner, poolRunner, type TaskRunner, type TaskName, type RunOptions } from './parallel/task-runner.js';
export {
  manySeriesCsvReader,
  parseManySeries,
  isManySeries,
  type ManySeriesOptions,
  type ManySeriesReader,
  type ManySeriesResult,
  type SeriesEntry,
  type SkippedSeries,
} from './data/many-series.js';
export { finishSeries, type SeriesRows, type FinishedSeries, type FinishOptions } from './data/series-finish.js';
export { forecastMany, backtestMany, defaultChunkSize, type ManyOptions, type ManyResult, type ManySeriesInput } from './forecast/many.js';
export { summarizeMany, type ManySummary, type ForecasterSummary } from './forecast/many-summary.js';
export {
  runSeriesChunk,
  forecastSeries,
  backtestSeries,
  type SeriesChunkTask,
  type SeriesOutcome,
  type SeriesForecast,
  type SeriesBacktest,
  type SeriesFoldScores,
} from './forecast/series-chunk.js';
