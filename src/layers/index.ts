/** Layer factories, used as `layers.simpleRNN(40)` and so on. */
export { dense } from './dense.js';
export { simpleRNN } from './simple-rnn.js';
export { lambda, expandDims, scale } from './lambda.js';
