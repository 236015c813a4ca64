/**
 * Malformed JSON series inputs: the valid series of csv-cases in the three JSON shapes the reader
 * takes (an array of numbers, an array of objects, an object of arrays), then mutated: wrong types,
 * 1e400 and other numbers JSON or float32 cannot hold, nested junk, mismatched lengths, dates out
 * of order, cut text, deep nesting, a foreign top level. Raw JSON text that JSON.stringify cannot
 * write (1e400, NaN, a 100,000-deep array) goes in through placeholders.
 */
import { COMMANDS, dataCommand } from './commands.js';
import { dataExpect, missingValue, refusedValue, type Effect, type Generator, type ValueSpot } from './case.js';
import type { CaseRng } from './rng.js';

type Shape = 'numbers' | 'objects' | 'columns';

interface Flags {
  date?: string;
  column?: string;
  fill?: 'previous' | 'linear';
}

interface Doc {
  shape: Shape;
  columns: { visitors: unknown[]; staff: unknown[]; day: unknown[] };
  /** Keys removed from one item of the objects shape, as [row, key]. */
  dropped: [number, string][];
  /** An extra key on one item of the objects shape. */
  extra?: number;
  /** A renamed key (objects and columns shapes). */
  rename?: [string, string];
  flags: Flags;
  raws: string[];
  effects: Effect[];
  steps: Record<string, unknown>[];
  used: Set<string>;
}

/** The key the series is read from: --column, else the last key (the only one for numbers). */
function valueKey(d: Doc): 'visitors' | 'staff' {
  if (d.shape === 'numbers') return 'visitors';
  return d.flags.column === 'visitors' || d.flags.column === '1' ? 'visitors' : 'staff';
}

const dated = (d: Doc): boolean => d.flags.date !== undefined;
const n = (d: Doc): number => d.columns.visitors.length;

/** A placeholder for raw JSON text, replaced after JSON.stringify. */
function raw(d: Doc, text: string): string {
  d.raws.push(text);
  return `@@raw${d.raws.length - 1}@@`;
}

function spot(d: Doc, row: number, key: string): ValueSpot {
  return { fill: d.flags.fill, row, last: n(d) - 1, read: key === valueKey(d) };
}

/** A value position (row, key) not edited yet. */
function pickValue(rng: CaseRng, d: Doc): [number, 'visitors' | 'staff'] | undefined {
  if (n(d) === 0) return undefined;
  const keys = d.shape === 'numbers' ? (['visitors'] as const) : (['visitors', 'staff'] as const);
  for (let tries = 0; tries < 20; tries++) {
    const row = rng.int(0, n(d) - 1);
    const key = rng.pick(keys);
    if (!d.used.has(`${row},${key}`)) {
      d.used.add(`${row},${key}`);
      return [row, key];
    }
  }
  return undefined;
}

type Step = (rng: CaseRng, d: Doc) => void;

/** A value edit: what to put at (row, key) and its effect. */
function valueStep(name: string, edit: (rng: CaseRng, d: Doc, at: ValueSpot) => [unknown, Effect, string]): Step {
  return (rng, d) => {
    const at = pickValue(rng, d);
    if (!at) return;
    const [row, key] = at;
    const [value, effect, shown] = edit(rng, d, spot(d, row, key));
    d.columns[key][row] = value;
    d.effects.push(effect);
    d.steps.push({ step: name, row, key, value: shown });
  };
}

const nested = (depth: number, open: string, close: string, inner: string): string => open.repeat(depth) + inner + close.repeat(depth);

const STEPS: Record<string, Step> = {
  null: valueStep('null', (_rng, _d, at) => [null, missingValue(at, 'null'), 'null']),
  'wrong-type': valueStep('wrong-type', (rng, _d, at) => {
    const v = rng.pick<unknown>(['abc', true, false, {}, [], [1], { value: 1 }, '']);
    return [v, refusedValue(at, `the ${Array.isArray(v) ? 'array' : typeof v} ${JSON.stringify(v)}`), JSON.stringify(v)];
  }),
  'numeric-string': valueStep('numeric-string', (rng, _d, at) => {
    const v = rng.pick(['12.5', '7', ' 3 ', '1e2']);
    return [
      v,
      at.read
        ? { validity: 'maybe', note: `the string ${JSON.stringify(v)} where a number belongs` }
        : { validity: 'valid', note: 'a string in a key not read' },
      JSON.stringify(v),
    ];
  }),
  'raw-number': valueStep('raw-number', (rng, d, at) => {
    const t = rng.pick(['1e400', '-1e400', '1e39', '-3.5e38', '1e-400', '1e30', '123456789012345678901234567890']);
    const e: Effect = /e-400/.test(t)
      ? { validity: 'valid', note: `${t} (reads as 0)` }
      : /e(400|39|38)/.test(t)
        ? refusedValue(at, `${t} (infinite, or beyond float32)`)
        : at.read
          ? { validity: 'maybe', note: `the huge value ${t}` }
          : { validity: 'valid', note: `${t} in a key not read` };
    return [raw(d, t), e, t];
  }),
  'not-json-number': valueStep('not-json-number', (rng, d) => {
    const t = rng.pick(['NaN', 'Infinity', '-Infinity', '0x10', '.5', '+1', '01', "'5'"]);
    return [raw(d, t), { validity: 'invalid', note: `${t} is not JSON` }, t];
  }),
  'nested-junk': valueStep('nested-junk', (rng, d, at) => {
    const depth = rng.pick([2, 50, 5000, 100_000]);
    const [open, close, inner] = rng.pick([
      ['[', ']', '1'],
      ['{"a":', '}', '1'],
      ['[{"v":', '}]', 'null'],
    ]);
    return [raw(d, nested(depth, open, close, inner)), refusedValue(at, `junk nested ${depth} deep`), `${open}×${depth}`];
  }),
  'huge-string': valueStep('huge-string', (rng, _d, at) => {
    const len = rng.pick([100_000, 4_000_000]);
    return ['x'.repeat(len), refusedValue(at, `a string of ${len} characters`), `"x"×${len}`];
  }),
  'missing-key': (rng, d) => {
    if (d.shape !== 'objects') return;
    const at = pickValue(rng, d);
    if (!at) return;
    d.dropped.push(at);
    d.effects.push(refusedValue(spot(d, at[0], at[1]), `item ${at[0]} without the key ${at[1]}`));
    d.steps.push({ step: 'missing-key', row: at[0], key: at[1] });
  },
  'extra-key': (rng, d) => {
    if (d.shape !== 'objects' || n(d) === 0) return;
    d.extra = rng.int(0, n(d) - 1);
    d.effects.push({ validity: 'maybe', note: `item ${d.extra} has an extra key` });
    d.steps.push({ step: 'extra-key', row: d.extra });
  },
  'length-mismatch': (rng, d) => {
    if (d.shape !== 'columns' || n(d) === 0) return;
    const key = rng.pick(['day', 'visitors', 'staff'] as const);
    d.columns[key] = d.columns[key].slice(0, rng.int(0, n(d) - 1));
    const read = key === valueKey(d) || (key === 'day' && dated(d));
    d.effects.push(
      read
        ? { validity: 'invalid', note: `the array ${key} is shorter than the others` }
        : { validity: 'maybe', note: `the unread array ${key} is shorter` },
    );
    d.steps.push({ step: 'length-mismatch', key, length: d.columns[key].length });
  },
  'proto-key': (rng, d) => {
    if (d.shape === 'numbers') return;
    const key = rng.pick(['staff', 'visitors']);
    d.rename = [key, rng.pick(['__proto__', 'constructor', 'toString'])];
    d.effects.push({ validity: 'maybe', note: `the key ${key} renamed ${d.rename[1]}` });
    d.steps.push({ step: 'proto-key', key, to: d.rename[1] });
  },
  'swap-dates': (rng, d) => {
    if (d.shape === 'numbers' || n(d) < 2) return;
    const i = rng.int(0, n(d) - 2);
    const day = d.columns.day;
    [day[i], day[i + 1]] = [day[i + 1], day[i]];
    d.effects.push(dated(d) ? { validity: 'invalid', note: 'dates out of order' } : { validity: 'valid', note: 'dates not read' });
    d.steps.push({ step: 'swap-dates', row: i });
  },
  'date-type': (rng, d) => {
    if (d.shape === 'numbers' || n(d) === 0) return;
    const i = rng.int(0, n(d) - 1);
    const v = rng.pick<unknown>([null, 20210101, true, ['2021-01-01'], '']);
    d.columns.day[i] = v;
    d.effects.push(
      dated(d)
        ? { validity: 'invalid', note: `the date ${JSON.stringify(v)} in item ${i}` }
        : { validity: 'valid', note: 'dates not read' },
    );
    d.steps.push({ step: 'date-type', row: i, value: JSON.stringify(v) });
  },
  shorten: (rng, d) => {
    const k = rng.pick([0, 1, 5, 30]);
    for (const key of ['day', 'visitors', 'staff'] as const) d.columns[key] = d.columns[key].slice(0, k);
    d.effects.push(k === 0 ? { validity: 'invalid', note: 'no values' } : { validity: 'maybe', note: `only ${k} values` });
    d.steps.push({ step: 'shorten', to: k });
  },
};

function build(d: Doc): unknown {
  const { day, visitors, staff } = d.columns;
  const [from, to] = d.rename ?? ['', ''];
  const key = (k: string): string => (k === from ? to : k);
  if (d.shape === 'numbers') return visitors;
  if (d.shape === 'columns')
    return Object.fromEntries(
      [
        ['day', day],
        ['visitors', visitors],
        ['staff', staff],
      ].map(([k, v]) => [key(k as string), v]),
    );
  return visitors.map((_, i) => {
    const item: Record<string, unknown> = {};
    for (const [k, v] of [
      ['day', day[i]],
      ['visitors', visitors[i]],
      ['staff', staff[i]],
    ] as const) {
      if (!d.dropped.some(([r, dk]) => r === i && dk === k))
        Object.defineProperty(item, key(k), { value: v, enumerable: true, writable: true });
    }
    if (d.extra === i) item.note = 'holiday';
    return item;
  });
}

/** A whole file instead of data.json: each is invalid. */
const WHOLE: Record<string, () => string> = {
  empty: () => '',
  'top-number': () => '42',
  'top-string': () => '"sunspots"',
  'top-null': () => 'null',
  'top-true': () => 'true',
  'empty-array': () => '[]',
  'empty-object': () => '{}',
  'deep-array': () => nested(100_000, '[', ']', ''),
  'deep-object': () => nested(100_000, '{"a":', '}', '1'),
  'deep-array-10k': () => nested(10_000, '[', ']', '1'),
  'array-of-arrays': () => JSON.stringify(Array.from({ length: 40 }, (_, i) => [i, i * 2])),
  'not-json': () => 'day,visitors\n2021-01-01,5\n',
};

/**
 * A JSON case: a command reading a mutated data.json (or a whole-file replacement).
 * @throws never.
 */
export const jsonCase: Generator = (rng, ctx) => {
  const shape = rng.pick<Shape>(['numbers', 'objects', 'columns']);
  const flags: Flags =
    shape === 'numbers'
      ? { fill: rng.pick([undefined, undefined, 'previous', 'linear'] as const) }
      : {
          date: rng.chance(0.7) ? 'day' : undefined,
          column: rng.pick([undefined, 'visitors', 'staff']),
          fill: rng.pick([undefined, undefined, undefined, 'previous', 'linear'] as const),
        };
  const input = [
    '--file',
    'data.json',
    ...(flags.date ? ['--date', flags.date] : []),
    ...(flags.column ? ['--column', flags.column] : []),
    ...(flags.fill ? ['--fill', flags.fill] : []),
  ];
  const command = rng.pick(COMMANDS);
  const run = dataCommand(rng, ctx, command, input);
  const base = { recipe: { ...run.recipe, shape, flags }, args: run.args, outputs: run.outputs };
  if (rng.chance(0.15)) {
    const what = rng.pick(Object.keys(WHOLE));
    return {
      ...base,
      title: `json/${command}: whole file ${what}`,
      recipe: { ...base.recipe, file: what },
      files: [...run.files, { path: 'data.json', content: WHOLE[what]() }],
      expect: [1],
      why: `data.json is ${what}, not a series`,
    };
  }
  const rows = ctx.csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const d: Doc = {
    shape,
    columns: { day: rows.map((r) => r[0]), visitors: rows.map((r) => Number(r[1])), staff: rows.map((r) => Number(r[2])) },
    dropped: [],
    flags,
    raws: [],
    effects: [],
    steps: [],
    used: new Set(),
  };
  // shorten first, so the value edits land on rows that stay
  const names = Array.from({ length: rng.pick([1, 1, 2, 3]) }, () => rng.pick(Object.keys(STEPS))).sort(
    (a, b) => Number(b === 'shorten') - Number(a === 'shorten'),
  );
  for (const name of new Set(names)) STEPS[name](rng, d);
  let text = JSON.stringify(build(d));
  d.raws.forEach((t, i) => (text = text.replace(`"@@raw${i}@@"`, () => t)));
  const cut = rng.chance(0.08);
  const effects = [...d.effects];
  if (cut) {
    const at = rng.int(0, text.length - 1);
    text = text.slice(0, at);
    d.steps.push({ step: 'truncate', at });
    effects.push({ validity: 'invalid', note: 'the JSON text is cut short' });
  } else if (rng.chance(0.08)) {
    const [extra, effect] = rng.pick<[string, Effect]>([
      ['\n', { validity: 'valid', note: 'a trailing newline' }],
      [' x', { validity: 'invalid', note: 'text after the JSON' }],
      [',', { validity: 'invalid', note: 'a trailing comma' }],
    ]);
    text += extra;
    d.steps.push({ step: 'append', text: extra });
    effects.push(effect);
  } else if (rng.chance(0.05)) {
    text = `\uFEFF${text}`;
    d.steps.push({ step: 'bom' });
    effects.push({ validity: 'maybe', note: 'a UTF-8 BOM before the JSON' });
  }
  const { expect, why } = dataExpect(effects);
  return {
    ...base,
    title: `json/${command} (${shape}): ${d.steps.map((s) => s.step).join(', ') || 'unchanged'}`,
    recipe: { ...base.recipe, steps: d.steps },
    files: [...run.files, { path: 'data.json', content: text }],
    expect,
    why,
  };
};
