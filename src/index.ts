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

export * as losses from './losses/losses.js';
export type { Loss, LossName } from './losses/losses.js';
export * as optimizers from './optim/index.js';
export type { Optimizer } from './optim/optimizer.js';

export { sequential, Sequential, type SequentialOptions } from './model/sequential.js';
export type { CompileOptions, MetricName } from './model/compile.js';
export { TrainingDivergedError, type FitOptions, type History } from './model/fit.js';
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
export type { SgdOptions, AdamOptions, ClipOptions } from './optim/index.js';
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
export { SeqcastError, InputError, ModelFileError, TrainingError, OptionError } from './errors.js';
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
} from './forecast/forecaster.js';
export { networkForecaster, networkForecasterFromModel, type NetworkForecaster } from './forecast/network.js';
export {
  modelFromSpec,
  compiledModelFromSpec,
  optimizerFromSpec,
  resolveNetworkSpec,
  defaultLearningRate,
  type NetworkSpec,
  type NetworkSpecInput,
  type NetworkKind,
} from './model/model-spec.js';
export { NETWORK_KINDS, NETWORK_KIND_IDS } from './model/network-kinds.js';
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
export { fitAndScore, type FitAndScoreOptions, type ForecasterResult } from './forecast/fit-and-score.js';
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
  thin,
  MAX_LINE_POINTS,
  type SeriesChartOptions,
  type ForecastLine,
  type LossChartOptions,
  type LrChartOptions,
} from './report/specs.js';
export { downsample } from './report/downsample.js';
export { renderSvg, renderPng, writeChart, type PngOptions } from './report/render.js';
export { renderReport, type ReportOptions, type MetricsTable } from './report/html.js';

export { makeForecaster, baselineSpecs, type ForecasterSpec } from './forecast/forecaster-spec.js';
export { COURSE_CASES, runCase, type CourseCase, type CaseResult } from './forecast/course-cases.js';
export { trainMany, createPool, type TrainJob, type TrainResult, type PoolOptions, type TrainManyOptions } from './parallel/pool.js';
export { backtestParallel, type ParallelBacktestOptions } from './parallel/backtest.js';
