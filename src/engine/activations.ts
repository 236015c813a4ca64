/**
 * Activations applied in place over a range of a buffer, with their derivatives written in terms
 * of the activation's *output* y, which is what layers keep for the backward pass.
 */

export type ActivationName = 'linear' | 'tanh' | 'sigmoid' | 'relu';

export const ACTIVATIONS: readonly ActivationName[] = ['linear', 'tanh', 'sigmoid', 'relu'];

/** Checks a user-given activation name. @throws on an unknown name, listing the known ones. */
export function checkActivation(name: string): ActivationName {
  if (!(ACTIVATIONS as readonly string[]).includes(name)) {
    throw new Error(`Unknown activation '${name}': use one of ${ACTIVATIONS.join(', ')}.`);
  }
  return name as ActivationName;
}

/** y = act(x) in place on buf[from, to). */
export function activateInPlace(name: ActivationName, buf: Float32Array, from: number, to: number): void {
  switch (name) {
    case 'linear':
      return;
    case 'tanh':
      for (let i = from; i < to; i++) buf[i] = Math.tanh(buf[i]);
      return;
    case 'sigmoid':
      for (let i = from; i < to; i++) buf[i] = 1 / (1 + Math.exp(-buf[i]));
      return;
    case 'relu':
      for (let i = from; i < to; i++) if (buf[i] < 0) buf[i] = 0;
      return;
  }
}

/** dx = dy * act'(x), with act' written from y = act(x): dy[from, to) is overwritten in place. */
export function activationBackwardInPlace(
  name: ActivationName,
  y: Float32Array,
  dy: Float32Array,
  from: number,
  to: number,
  yOff = 0,
): void {
  switch (name) {
    case 'linear':
      return;
    case 'tanh':
      for (let i = from; i < to; i++) {
        const v = y[i + yOff];
        dy[i] *= 1 - v * v;
      }
      return;
    case 'sigmoid':
      for (let i = from; i < to; i++) {
        const v = y[i + yOff];
        dy[i] *= v * (1 - v);
      }
      return;
    case 'relu':
      for (let i = from; i < to; i++) if (y[i + yOff] <= 0) dy[i] = 0;
      return;
  }
}

/**
 * dL/dz for a layer's activated output y = act(z), from dy = dL/dy: dy itself for 'linear', else
 * dy * act'(y) written into the buffer `scratch(n)` gives (never into dy, which is the caller's).
 * @example const dz = activationGradient(this.activation, Y, dy.data, (n) => (this.dz = resizeF32(this.dz, n)));
 * @throws never.
 */
export function activationGradient(
  name: ActivationName,
  y: Float32Array,
  dy: Float32Array,
  scratch: (n: number) => Float32Array,
): Float32Array {
  if (name === 'linear') return dy;
  const dz = scratch(dy.length);
  dz.set(dy);
  activationBackwardInPlace(name, y, dz, 0, dz.length);
  return dz;
}
