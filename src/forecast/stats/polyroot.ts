/**
 * The complex roots of a real polynomial, what R's `polyroot` gives (its values, not its method):
 * the ARIMA code asks whether an AR or MA polynomial has all its roots outside the unit circle
 * (stationarity, invertibility) and reflects the MA roots inside it (R's `maInvert`).
 *
 * Method: the Aberth–Ehrlich simultaneous iteration (cubic convergence for simple roots), started
 * on a circle of the Cauchy-bound radius slightly rotated so that no start is real; then each root
 * is polished by a few Newton steps. Degrees here are small (at most 5 + 2·24 for a seasonal AR
 * expanded with period 24), so the O(n²) iteration is cheap.
 *
 * Browser-safe: no Node modules.
 */

/** A complex number as [re, im]. */
export type Complex = [number, number];

/**
 * The roots of c[0] + c[1]·z + ... + c[n]·z^n (R's `polyroot(c)` order of coefficients), trailing
 * zero coefficients dropped first (as R).
 *
 * @example polyroot([1, -0.5]); // [[2, 0]]: 1 − 0.5z vanishes at z = 2
 * @throws Error when every coefficient is zero or one is not finite.
 */
export function polyroot(c: ArrayLike<number>): Complex[] {
  let n = c.length - 1;
  for (let i = 0; i < c.length; i++) if (!Number.isFinite(c[i])) throw new Error(`polyroot: coefficient ${i} is ${c[i]}.`);
  while (n >= 0 && c[n] === 0) n--;
  if (n < 0) throw new Error('polyroot: every coefficient is zero.');
  if (n === 0) return [];
  // monic coefficients a[0..n], a[n] = 1
  const a = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) a[i] = c[i] / c[n];
  let bound = 0;
  for (let i = 0; i < n; i++) bound = Math.max(bound, Math.abs(a[i]));
  // the roots' moduli lie in [min, 1 + bound]; start inside, on a rotated circle
  const radius = Math.min(1 + bound, Math.max(0.5, Math.pow(Math.abs(a[0]) || 1, 1 / n)));
  const zr = new Float64Array(n);
  const zi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (2 * Math.PI * k) / n + 0.4;
    zr[k] = radius * Math.cos(angle);
    zi[k] = radius * Math.sin(angle);
  }
  // p(z) and p'(z) by Horner
  const evaluate = (xr: number, xi: number): [number, number, number, number] => {
    let pr = 1;
    let pi = 0;
    let dr = 0;
    let di = 0;
    for (let i = n - 1; i >= 0; i--) {
      const ndr = dr * xr - di * xi + pr;
      const ndi = dr * xi + di * xr + pi;
      dr = ndr;
      di = ndi;
      const npr = pr * xr - pi * xi + a[i];
      const npi = pr * xi + pi * xr;
      pr = npr;
      pi = npi;
    }
    return [pr, pi, dr, di];
  };
  for (let iter = 0; iter < 500; iter++) {
    let moved = 0;
    for (let k = 0; k < n; k++) {
      const [pr, pi, dr, di] = evaluate(zr[k], zi[k]);
      if (pr === 0 && pi === 0) continue;
      // ratio = p / p'
      const den = dr * dr + di * di;
      let rr: number;
      let ri: number;
      if (den === 0) {
        rr = 1e-8;
        ri = 1e-8;
      } else {
        rr = (pr * dr + pi * di) / den;
        ri = (pi * dr - pr * di) / den;
      }
      // sum of 1 / (z_k − z_j)
      let sr = 0;
      let si = 0;
      for (let j = 0; j < n; j++) {
        if (j === k) continue;
        const ur = zr[k] - zr[j];
        const ui = zi[k] - zi[j];
        const ud = ur * ur + ui * ui;
        if (ud === 0) continue;
        sr += ur / ud;
        si += -ui / ud;
      }
      // w = ratio / (1 − ratio · sum)
      const br = 1 - (rr * sr - ri * si);
      const bi = -(rr * si + ri * sr);
      const bd = br * br + bi * bi;
      const wr = bd === 0 ? rr : (rr * br + ri * bi) / bd;
      const wi = bd === 0 ? ri : (ri * br - rr * bi) / bd;
      zr[k] -= wr;
      zi[k] -= wi;
      moved = Math.max(moved, Math.hypot(wr, wi) / Math.max(1, Math.hypot(zr[k], zi[k])));
    }
    if (moved < 1e-15) break;
  }
  const roots: Complex[] = [];
  for (let k = 0; k < n; k++) {
    let xr = zr[k];
    let xi = zi[k];
    for (let step = 0; step < 3; step++) {
      const [pr, pi, dr, di] = evaluate(xr, xi);
      const den = dr * dr + di * di;
      if (den === 0 || (pr === 0 && pi === 0)) break;
      xr -= (pr * dr + pi * di) / den;
      xi -= (pi * dr - pr * di) / den;
    }
    roots.push([xr, xi]);
  }
  return roots;
}

/**
 * The smallest modulus of the roots of c[0] + c[1]·z + ..., Infinity for a constant polynomial.
 * @example minRootModulus([1, -0.5]); // 2
 * @throws as {@link polyroot}.
 */
export function minRootModulus(c: ArrayLike<number>): number {
  let min = Infinity;
  for (const [re, im] of polyroot(c)) min = Math.min(min, Math.hypot(re, im));
  return min;
}
