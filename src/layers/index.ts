/** Layer factories, used as `layers.simpleRNN(40)` and so on. */
export { dense } from './dense.js';
export { simpleRNN } from './simple-rnn.js';
export { lstm } from './lstm.js';
export { gru } from './gru.js';
export { lambda, expandDims, scale } from './lambda.js';
export { conv1d } from './conv1d.js';
export { dropout } from './dropout.js';
export { bidirectional } from './bidirectional.js';
export { monotoneQuantiles } from './monotone-quantiles.js';
