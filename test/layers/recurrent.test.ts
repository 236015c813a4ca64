import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import { Recurrent } from '../../src/layers/recurrent.js';
import { simpleRNN, SimpleRNN, type SimpleRNNOptions } from '../../src/layers/simple-rnn.js';
import { lstm, LSTM } from '../../src/layers/lstm.js';
import { gru, GRU } from '../../src/layers/gru.js';
import { dense } from '../../src/layers/dense.js';
import { sequential } from '../../src/model/sequential.js';
import { Rng, gradCheckLayer, gradCheckLayerWithState, assertGradients } from '../helpers/gradcheck.js';
import { tf, loadTf, tfLayerGoldenMulti, assertClose } from '../helpers/tfjs.js';
import { built, reversedInTime, tfRecurrentArgs, weightsOf } from '../helpers/recurrent.js';

const KINDS = [
  { name: 'simpleRNN', make: simpleRNN, cls: SimpleRNN, states: 1 },
  { name: 'lstm', make: lstm, cls: LSTM, states: 2 },
  { name: 'gru', make: gru, cls: GRU, states: 1 },
] as const;

for (const k of KINDS) {
  test(`${k.name}(units).cloneWith(overrides) gives a fresh unbuilt layer of the same kind and settings`, () => {
    const original = k.make(3, { returnSequences: true, useBias: false, name: `orig_${k.name}`, inputShape: [null, 2] });
    original.build([null, 2]);
    const clone = original.cloneWith({ goBackwards: true, name: `backward_${k.name}` });
    assert.ok(clone instanceof k.cls && clone instanceof Recurrent);
    assert.equal(clone.name, `backward_${k.name}`);
    assert.equal(clone.params.length, 0, 'the clone is unbuilt');
    assert.equal(clone.stateCount, k.states);
    assert.deepEqual(clone.config(), { ...original.config(), name: clone.name, goBackwards: true });
    assert.deepEqual(clone.build([null, 2]), [null, 3]);
    assert.deepEqual(
      clone.params.map((p) => p.shape),
      original.params.map((p) => p.shape),
    );
    // without a name the clone gets a new default one, and the original is untouched
    const again = original.cloneWith();
    assert.notEqual(again.name, original.name);
    assert.equal(original.goBackwards, false);
    assert.equal(again.goBackwards, false);
  });

  test(`${k.name}(units, { goBackwards }) equals the layer on the time-reversed input, output in processing order`, () => {
    const rng = new Rng(5);
    const x = rng.tensor([3, 6, 2]);
    const fwd = built(k.make(4, { returnSequences: true }), [null, 2], 9);
    const bwd = fwd.cloneWith({ goBackwards: true });
    bwd.build([null, 2]);
    fwd.params.forEach((p, i) => bwd.params[i].value.set(p.value));
    const y = bwd.forward(x, true);
    assertClose(y, fwd.forward(reversedInTime(x), true), 'y');
    const dy = rng.tensor(y.shape);
    const dx = bwd.backward(dy);
    assertClose(dx, reversedInTime(fwd.backward(dy)), 'dx');
    bwd.params.forEach((p, i) => assertClose(p.grad, fwd.params[i].grad, `d${p.name}`));
  });

  test(`${k.name}(units).forwardWithState gives [output, ${k.states === 2 ? 'h, c' : 'h'}], h the last processed step`, () => {
    const x = new Rng(6).tensor([2, 5, 3]);
    for (const goBackwards of [false, true]) {
      const layer = built(k.make(4, { returnSequences: true, returnState: true, goBackwards }), [null, 3], 10);
      const ys = layer.forwardWithState(x, false);
      assert.equal(ys.length, 1 + k.states);
      assert.deepEqual(
        ys.map((y) => y.shape),
        [[2, 5, 4], ...Array(k.states).fill([2, 4])],
      );
      const last = ys[0].slice([0, 4, 0], [2, 1, 4]).reshape([2, 4]);
      assert.deepEqual([...ys[1].data], [...last.data]);
      assert.deepEqual([...layer.forward(x, false).data], [...ys[0].data], 'forward gives the main output');
    }
    const seqToVec = built(k.make(4, { returnState: true }), [null, 3], 10);
    const [y, h] = seqToVec.forwardWithState(x, false);
    assert.deepEqual(y.shape, [2, 4]);
    assert.deepEqual([...y.data], [...h.data]);
  });

  test(`${k.name}(units).backwardWithState checks its gradients and needs a training forward`, () => {
    const layer = built(k.make(3, { returnState: true }), [null, 2], 11);
    const x = new Rng(7).tensor([2, 4, 2]);
    assert.throws(() => layer.backwardWithState(null, []), /needs a forward\(x, true\)/);
    layer.forwardWithState(x, false);
    assert.throws(() => layer.backwardWithState(null, []), /needs a forward\(x, true\)/, 'an inference forward keeps nothing');
    layer.forwardWithState(x, true);
    const g = Tensor.zeros([2, 3]);
    assert.throws(() => layer.backwardWithState(g, Array(k.states + 1).fill(g)), /takes up to \d state gradient\(s\) of shape \[2, 3\]/);
    assert.throws(() => layer.backwardWithState(g, [Tensor.zeros([2, 4])]), /state gradient/);
    // no gradient at all flows nowhere: dx and the weight gradients stay zero
    const dx = layer.backwardWithState(null, []);
    assert.ok(dx.data.every((v) => v === 0) && layer.params.every((p) => p.grad.every((v) => v === 0)));
  });

  test(`${k.name}(units, { returnState }) inside sequential passes only the main output on`, () => {
    const model = sequential([k.make(4, { returnState: true, inputShape: [null, 2] }), dense(1)], { seed: 3 });
    const y = model.forward(new Rng(8).tensor([5, 6, 2]), true);
    assert.deepEqual(y.shape, [5, 1]);
    assert.deepEqual(model.backward(Tensor.zeros([5, 1])).shape, [5, 6, 2]);
  });
}

// SimpleRNN gains goBackwards and returnState from the base: gradient checks and tfjs goldens
const SRNN: SimpleRNNOptions[] = [
  { goBackwards: true },
  { goBackwards: true, returnSequences: true },
  { returnState: true, returnSequences: true },
  { returnState: true, goBackwards: true, activation: 'relu' },
];

for (const options of SRNN) {
  for (const [T, F] of [
    [1, 1],
    [6, 3],
  ]) {
    test(`simpleRNN(4, ${JSON.stringify(options)}) on T=${T}, F=${F}: gradients match finite differences`, () => {
      const layer = built(simpleRNN(4, options), [null, F], 20 + T);
      const x = new Rng(T + F).tensor([3, T, F], options.activation === 'relu' ? 0 : -1, 1);
      const check = options.activation === 'relu' ? { allowKinks: true, eps: 1e-3 } : {};
      assertGradients(gradCheckLayer(layer, x, check), layer.name);
      if (options.returnState)
        assertGradients(gradCheckLayerWithState(layer, x, { ...check, use: [false, true] }), `${layer.name} through h`);
    });
  }
}

for (const options of SRNN) {
  test(`simpleRNN(5, ${JSON.stringify(options)}) matches tf.layers.simpleRNN: outputs, state and gradients`, async () => {
    await loadTf();
    const rng = new Rng(71);
    const layer = built(simpleRNN(5, options), [null, 3], 72);
    const x = rng.tensor([4, 7, 3]);
    const ys = layer.forwardWithState(x, true);
    const outputs = options.returnState ? ys : ys.slice(0, 1);
    const Rs = outputs.map((y) => rng.tensor(y.shape));
    const dx = layer.backwardWithState(Rs[0], Rs.slice(1));
    const tfLayer = tf.layers.simpleRNN({ units: 5, ...tfRecurrentArgs(options), activation: options.activation ?? 'tanh' });
    const golden = tfLayerGoldenMulti(tfLayer, weightsOf(layer), x, Rs);
    assert.equal(golden.ys.length, outputs.length);
    outputs.forEach((y, k) => assertClose(y, golden.ys[k], ['y', 'h'][k]));
    assertClose(dx, golden.dx!, 'dx');
    layer.params.forEach((p, k) => assertClose(new Tensor(p.grad, p.shape), golden.dWeights[k], `d${p.name}`));
  });
}
