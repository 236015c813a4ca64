/**
 * End to end, for test/interop/keras-end-to-end.test.ts (kept out of git until both branches of
 * issue 18 are merged: it needs `modelFromKeras` from src/interop/keras-model.ts, which the TF.js
 * branch writes): each Keras fixture file → readKerasFile → modelFromKeras → seqcast predictions,
 * against a TF.js model built with the same layers and the same weights (a tf-ops reference for
 * GRU with reset_after, which tfjs 4.22's GRU refuses; test/helpers/tfjs-layers.ts's Scale and
 * CausalPad for the course's x * 100 Lambda and Keras's causal padding).
 *
 * Tolerance: rtol 1e-5, atol 1e-6 on max(1, |y|) (assertClose's default): both sides compute in
 * float32 with the same weights but sum in different orders (seqcast's fused GEMMs, tfjs's
 * matMul), so they agree to a few float32 ulps per layer; 20 steps of a recurrence keep that
 * within 1e-5 relative.
 */
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Tensor } from '../../src/engine/tensor.js';
import { readKerasFile } from '../../src/interop/keras-file.js';
import { modelFromKeras } from '../../src/interop/keras-model.js';
import { CASES, type LayerCase, type ModelCase } from '../fixtures/keras/cases.js';
import { assertClose, loadTf, tf } from '../helpers/tfjs.js';
import { CausalPad, Scale } from '../helpers/tfjs-layers.js';

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'keras');
const B = 5; // examples
const W = 20; // the fixtures' window

/** Inputs of a case, seeded: (B, W) or (B, W, 1), values like a scaled series. */
function inputs(c: ModelCase): Tensor {
  const shape = [B, ...(c.inputShape as number[])];
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(
    Float32Array.from({ length: n }, (_, i) => Math.sin(0.37 * i) + 0.01 * (i % 7)),
    shape,
  );
}

/** Keras 2 weights of a layer case, as tf tensors in get_weights() order. */
function tfWeights(l: LayerCase): tf.Tensor[] {
  return l.weights.map((w) => tf.tensor(w.values.slice(), w.shape, 'float32'));
}

/** The GRU (reset_after) of Keras from tf ops, over (B, T, F): its last state. */
function gruResetAfter(x: tf.Tensor3D, l: LayerCase): tf.Tensor {
  const [Wk, U, bias] = tfWeights(l);
  const [b, T, F] = x.shape;
  const H = l.config.units as number;
  const G = 3 * H;
  const bi = bias.slice([0, 0], [1, G]).reshape([G]);
  const bh = bias.slice([1, 0], [1, G]).reshape([G]);
  let h: tf.Tensor = tf.zeros([b, H]);
  for (let t = 0; t < T; t++) {
    const xt = x.slice([0, t, 0], [b, 1, F]).reshape([b, F]);
    const [xz, xr, xh] = tf.split(tf.add(tf.matMul(xt, Wk), bi), 3, 1);
    const [rz, rr, rh] = tf.split(tf.add(tf.matMul(h, U), bh), 3, 1);
    const z = tf.sigmoid(tf.add(xz, rz));
    const r = tf.sigmoid(tf.add(xr, rr));
    const hh = tf.tanh(tf.add(xh, tf.mul(r, rh)));
    h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hh));
  }
  return h;
}

/** The case's model in TF.js with the fixture's weights, applied to x. */
function tfPredict(c: ModelCase, x: Tensor): Float32Array {
  return tf.tidy(() => {
    let y: tf.Tensor = tf.tensor(x.data.slice(), x.shape, 'float32');
    for (const l of c.layers) {
      const cfg = l.config;
      let layer: tf.layers.Layer | null = null;
      switch (l.className) {
        case 'Dense':
          layer = tf.layers.dense({ units: cfg.units as number, activation: cfg.activation as 'relu' | 'linear' });
          break;
        case 'SimpleRNN':
          layer = tf.layers.simpleRNN({ units: cfg.units as number, returnSequences: cfg.return_sequences as boolean });
          break;
        case 'LSTM':
          layer = tf.layers.lstm({
            units: cfg.units as number,
            returnSequences: cfg.return_sequences as boolean,
            recurrentActivation: 'sigmoid',
          });
          break;
        case 'Bidirectional': {
          const inner = l.inner!.config;
          const lstm = tf.layers.lstm({
            units: inner.units as number,
            returnSequences: inner.return_sequences as boolean,
            recurrentActivation: 'sigmoid',
          });
          layer = tf.layers.bidirectional({ layer: lstm, mergeMode: 'concat' });
          break;
        }
        case 'Conv1D': {
          const k = (cfg.kernel_size as number[])[0];
          y = new CausalPad(k, false).apply(y) as tf.Tensor;
          layer = tf.layers.conv1d({ filters: cfg.filters as number, kernelSize: k, padding: 'valid', activation: 'relu' });
          break;
        }
        case 'GRU':
          y = gruResetAfter(y as tf.Tensor3D, l);
          continue;
        case 'Lambda':
          // the course's two: expand_dims first, x * 100 last (the code in the file is never run)
          y = l === c.layers[0] ? tf.expandDims(y, -1) : (new Scale(100).apply(y) as tf.Tensor);
          continue;
        default:
          throw new Error(`no TF.js peer for ${l.className}`);
      }
      layer.apply(y); // builds the layer; its weights are then replaced by the file's
      layer.setWeights(tfWeights(l));
      y = layer.apply(y) as tf.Tensor;
    }
    return Float32Array.from(y.dataSync());
  });
}

describe('a Keras file loads into seqcast and predicts as TF.js with the same weights', async () => {
  await loadTf();
  for (const c of CASES)
    for (const format of ['keras', 'h5'] as const)
      it(`${c.name}.${format}`, async () => {
        const path = join(FIXTURES, `${c.name}.${format}`);
        const { modelConfig, weights } = await readKerasFile(path);
        const model = modelFromKeras(modelConfig, weights, path);
        const x = inputs(c);
        const ours = model.predict(x);
        assertClose(ours.data, tfPredict(c, x), `${c.name}.${format}`);
      });
});
