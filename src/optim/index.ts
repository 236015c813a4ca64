/** Optimizer factories, used as `optimizers.sgd({ learningRate: 1e-6, momentum: 0.9 })` or `optimizers.adam()` or `optimizers.rmsprop()`. */
export { sgd, SGD, type SgdOptions } from './sgd.js';
export { adam, Adam, type AdamOptions } from './adam.js';
export { rmsprop, Rmsprop, type RmspropOptions } from './rmsprop.js';
export { clipGradients, type ClipOptions } from './clip.js';
export type { Optimizer, ParamSegment } from './optimizer.js';
