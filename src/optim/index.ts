/** Optimizer factories, used as `optimizers.sgd({ learningRate: 1e-6, momentum: 0.9 })`. */
export { sgd, SGD, type SgdOptions } from './sgd.js';
