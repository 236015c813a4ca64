/**
 * Malformed CSV inputs: mutations of one valid file (day,visitors,staff; 80 daily rows), read by a
 * data command with random --date, --column and --fill. Each mutation says what it does to the
 * file's validity under those flags (see {@link Effect}): text in a value cell is invalid without
 * --fill and filled with it; dates out of order are invalid with --date and harmless without; a cut
 * at a random byte may or may not leave a valid file.
 *
 * Mutations come in phases, applied in this order so one cannot undo another's effect unnoticed:
 * rows (drop, swap, repeat), cells, header, serialization (line ends, BOM, separators), bytes (cuts,
 * stray quotes, binary junk: these make every other effect uncertain). A whole-file replacement
 * (empty, binary, a device, a FIFO, a folder, 3 GB of zeros) is a case of its own.
 */
import { COMMANDS, dataCommand } from './commands.js';
import { dataExpect, missingValue, refusedValue, type Effect, type Generator, type SandboxEntry } from './case.js';
import type { CaseRng } from './rng.js';

const HEADER = ['day', 'visitors', 'staff'];
const ROWS = 80;

/** The valid CSV every CSV case mutates, and the series the fuzz suite's model is trained on. */
export function baseCsv(): string {
  const lines = [HEADER.join(',')];
  for (let i = 0; i < ROWS; i++) {
    const day = new Date(Date.UTC(2021, 0, 1 + i)).toISOString().slice(0, 10);
    const visitors = 50 + 10 * Math.sin((2 * Math.PI * i) / 7) + 3 * Math.sin(i * 1.7);
    const staff = 3 + (i % 7 >= 5 ? 2 : 0);
    lines.push(`${day},${visitors.toFixed(2)},${staff}`);
  }
  return `${lines.join('\n')}\n`;
}

interface Flags {
  date?: string;
  column?: string;
  fill?: 'previous' | 'linear';
}

/** The file being mutated, the flags it will be read with, and what the mutations did so far. */
interface Csv {
  header: string[];
  rows: string[][];
  flags: Flags;
  /** The header line is removed when serialized (the first data row becomes the header). */
  noHeader: boolean;
  eol: string;
  bom: boolean;
  separator: string;
  quoteAll: boolean;
  blankLines: boolean;
  utf16: boolean;
  effects: Effect[];
  steps: Record<string, unknown>[];
  /** Cells already edited ('row,col'), so no edit overwrites another's effect. */
  used: Set<string>;
}

/** The column the series is read from: --column by name or index, else the last column. */
function valueColumn(flags: Flags): number {
  if (flags.column === 'visitors' || flags.column === '1') return 1;
  return 2;
}

const dated = (c: Csv): boolean => c.flags.date !== undefined;

/** A cell read as missing (empty, a marker, text): invalid without --fill, filled with it. */
function missingEffect(c: Csv, row: number, col: number, what: string): Effect {
  return missingValue({ fill: c.flags.fill, row, last: c.rows.length - 1, read: col === valueColumn(c.flags) }, what);
}

/** A value the reader must refuse without --fill; with --fill it may be filled or refused. */
function refusedEffect(c: Csv, row: number, col: number, what: string): Effect {
  return refusedValue({ fill: c.flags.fill, row, last: c.rows.length - 1, read: col === valueColumn(c.flags) }, what);
}

type Step = (rng: CaseRng, c: Csv) => void;

const ROW_STEPS: Record<string, Step> = {
  'drop-tail': (rng, c) => {
    const k = rng.pick([1, 5, 40, 60, 74, 77, 79, 80]);
    c.rows = c.rows.slice(0, Math.max(0, c.rows.length - k));
    const n = c.rows.length;
    c.effects.push(
      n === 0 ? { validity: 'invalid', note: 'no data rows' } : { validity: n < 40 ? 'maybe' : 'valid', note: `${n} rows left` },
    );
    c.steps.push({ step: 'drop-tail', rows: k });
  },
  'drop-row': (rng, c) => {
    if (c.rows.length < 3) return;
    const i = rng.int(1, c.rows.length - 2);
    c.rows.splice(i, 1);
    c.effects.push(
      !dated(c)
        ? { validity: 'valid', note: 'a row dropped, dates not read' }
        : c.flags.fill
          ? { validity: 'valid', note: 'a missing date filled' }
          : { validity: 'invalid', note: 'a missing date without --fill' },
    );
    c.steps.push({ step: 'drop-row', row: i });
  },
  'swap-rows': (rng, c) => {
    if (c.rows.length < 2) return;
    const i = rng.int(0, c.rows.length - 2);
    [c.rows[i], c.rows[i + 1]] = [c.rows[i + 1], c.rows[i]];
    c.effects.push(
      dated(c) ? { validity: 'invalid', note: 'dates out of order' } : { validity: 'valid', note: 'rows swapped, dates not read' },
    );
    c.steps.push({ step: 'swap-rows', row: i });
  },
  'duplicate-row': (rng, c) => {
    if (c.rows.length < 1) return;
    const i = rng.int(0, c.rows.length - 1);
    c.rows.splice(i, 0, [...c.rows[i]]);
    c.effects.push(
      dated(c) ? { validity: 'invalid', note: 'a repeated date' } : { validity: 'valid', note: 'a row repeated, dates not read' },
    );
    c.steps.push({ step: 'duplicate-row', row: i });
  },
  reverse: (_rng, c) => {
    c.rows.reverse();
    c.effects.push(
      dated(c) ? { validity: 'invalid', note: 'dates in reverse order' } : { validity: 'valid', note: 'rows reversed, dates not read' },
    );
    c.steps.push({ step: 'reverse' });
  },
};

/** A cell of a value column (1 or 2) not edited yet, in a data row that stays one. */
function pickCell(rng: CaseRng, c: Csv, cols: number[]): [number, number] | undefined {
  const first = c.noHeader ? 1 : 0;
  if (c.rows.length - 1 < first) return undefined;
  for (let tries = 0; tries < 20; tries++) {
    const row = rng.int(first, c.rows.length - 1);
    const col = rng.pick(cols);
    if (!c.used.has(`${row},${col}`)) {
      c.used.add(`${row},${col}`);
      return [row, col];
    }
  }
  return undefined;
}

/** A cell edit: the new text for the cell and its effect. */
function cellStep(name: string, cols: number[], edit: (rng: CaseRng, c: Csv, row: number, col: number) => [string, Effect]): Step {
  return (rng, c) => {
    const at = pickCell(rng, c, cols);
    if (!at) return;
    const [row, col] = at;
    const [text, effect] = edit(rng, c, row, col);
    c.rows[row][col] = text;
    c.effects.push(effect);
    c.steps.push({ step: name, row, col, text: text.length > 40 ? `${text.slice(0, 12)}… (${text.length} chars)` : text });
  };
}

const VALUE = [1, 2];
const repeatChar = (ch: string, n: number): string => ch.repeat(n);

const CELL_STEPS: Record<string, Step> = {
  'empty-cell': cellStep('empty-cell', VALUE, (_rng, c, row, col) => ['', missingEffect(c, row, col, 'an empty cell')]),
  marker: cellStep('marker', VALUE, (rng, c, row, col) => {
    const m = rng.pick(['NA', 'NaN', 'null', '?', '-', 'nan', 'N/A']);
    return [m, m === 'N/A' ? refusedEffect(c, row, col, `'${m}'`) : missingEffect(c, row, col, `the marker '${m}'`)];
  }),
  text: cellStep('text', VALUE, (rng, c, row, col) => {
    const t = rng.pick(['n.a.', 'abc', '12 kg', '1.2.3', '—', 'true', '1_000', '$5', '5%', 'five', '"1,5"', "'7'"]);
    return [t, missingEffect(c, row, col, `the text ${t}`)];
  }),
  'hex-number': cellStep('hex-number', VALUE, (rng, c, row, col) => {
    const t = rng.pick(['0x1A', '0X1f', '0b101', '0o17', '0x', '1e', '.', '+', '--5']);
    return [t, refusedEffect(c, row, col, `'${t}' (not a decimal number)`)];
  }),
  'infinite-number': cellStep('infinite-number', VALUE, (rng, c, row, col) => {
    const t = rng.pick(['1e400', '-1e400', 'Infinity', '-Infinity', 'inf', '3.5e38', '-4e38', '1e39']);
    return [t, refusedEffect(c, row, col, `'${t}' (infinite, or beyond float32)`)];
  }),
  'huge-number': cellStep('huge-number', VALUE, (rng, c, row, col) => {
    const t = rng.pick(['1e30', '-2e37', '123456789012345678901234567890', '3.4e38', '1e20']);
    return [
      t,
      col === valueColumn(c.flags)
        ? { validity: 'maybe', note: `the huge value ${t} (training may diverge)` }
        : { validity: 'valid', note: `${t} in a column not read` },
    ];
  }),
  'tiny-number': cellStep('tiny-number', VALUE, (rng, _c, _row, _col) => {
    const t = rng.pick(['1e-400', '1e-45', '-1e-320', '4.9e-324', '1e-30', '0', '-0']);
    return [t, { validity: 'valid', note: `the tiny value ${t}` }];
  }),
  'number-format': cellStep('number-format', VALUE, (rng, _c, _row, _col) => {
    const t = rng.pick(['+5', ' 7 ', '5.', '.5', '1e1', '007', '-3.25', '  12.0', '"42"']);
    // spaces inside quotes (quote-all) are kept by the parser, and a quoted quote is text
    return [t, { validity: /\s|"/.test(t) ? 'maybe' : 'valid', note: `the number ${JSON.stringify(t)}` }];
  }),
  'long-number': cellStep('long-number', VALUE, (rng, c, row, col) => {
    const n = rng.pick([100_000, 1_000_000, 4_000_000]);
    return [repeatChar('9', n), refusedEffect(c, row, col, `a number of ${n} digits`)];
  }),
  'long-text': cellStep('long-text', VALUE, (rng, c, row, col) => {
    const n = rng.pick([100_000, 1_000_000, 4_000_000]);
    return [repeatChar('x', n), missingEffect(c, row, col, `a text of ${n} characters`)];
  }),
  'many-cells': (rng, c) => {
    if (c.rows.length < 1) return;
    const row = rng.int(0, c.rows.length - 1);
    const n = rng.pick([1, 2, 1000, 200_000]);
    c.rows[row] = [...c.rows[row], ...Array.from({ length: n }, () => '1')];
    c.effects.push({ validity: 'invalid', note: `row ${row} has ${n} extra cells` });
    c.steps.push({ step: 'many-cells', row, extra: n });
  },
  'missing-cell': (rng, c) => {
    if (c.rows.length < 1) return;
    const row = rng.int(0, c.rows.length - 1);
    // one or two cells: a row of none would be a blank line, which the reader skips
    c.rows[row] = c.rows[row].slice(0, rng.int(1, 2));
    // no later edit may fill the row back up to three cells
    for (const col of [0, 1, 2]) c.used.add(`${row},${col}`);
    c.effects.push({ validity: 'invalid', note: `row ${row} has too few cells` });
    c.steps.push({ step: 'missing-cell', row, cells: c.rows[row].length });
  },
  'bad-date': cellStep('bad-date', [0], (rng, c, row) => {
    const t = rng.pick(['2021-02-30', '2021-13-01', 'yesterday', '', '0000-00-00', '2021-01-01x', '9999999-01-01']);
    return [
      t,
      dated(c) ? { validity: 'invalid', note: `the date '${t}' in row ${row}` } : { validity: 'valid', note: 'a bad date, dates not read' },
    ];
  }),
  'other-date-format': cellStep('other-date-format', [0], (rng, c, row) => {
    const d = c.rows[row][0];
    const t = rng.pick([
      `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`,
      d.replaceAll('-', ''),
      `${d}T00:00:00Z`,
      `${d}T12:00`,
      `${d} 06:30`,
    ]);
    return [
      t,
      dated(c)
        ? { validity: 'maybe', note: `the date '${t}' written differently or off the daily grid` }
        : { validity: 'valid', note: 'dates not read' },
    ];
  }),
  'repeat-date': (rng, c) => {
    if (c.rows.length < 2) return;
    const row = rng.int(1, c.rows.length - 1);
    if (c.used.has(`${row},0`)) return;
    c.rows[row][0] = c.rows[row - 1][0] ?? '';
    c.used.add(`${row},0`);
    c.effects.push(
      dated(c)
        ? { validity: 'invalid', note: `row ${row} repeats the date before it` }
        : { validity: 'valid', note: 'a repeated date, dates not read' },
    );
    c.steps.push({ step: 'repeat-date', row });
  },
};

/** Whether --date or --column names a header (a removed or renamed header then breaks the reading). */
const named = (c: Csv): string[] => [c.flags.date, c.flags.column].filter((n): n is string => n !== undefined && !/^\d+$/.test(n));

const HEADER_STEPS: Record<string, Step> = {
  'no-header': (_rng, c) => {
    c.noHeader = true;
    c.effects.push(
      named(c).length
        ? { validity: 'invalid', note: `no header line, so no column ${named(c)[0]}` }
        : { validity: 'maybe', note: 'no header line (the first row is read as one)' },
    );
    c.steps.push({ step: 'no-header' });
  },
  'blank-names': (_rng, c) => {
    c.header = c.header.map(() => '');
    c.effects.push(
      named(c).length
        ? { validity: 'invalid', note: 'empty header names' }
        : { validity: 'maybe', note: 'empty header names, columns by index' },
    );
    c.steps.push({ step: 'blank-names' });
  },
  'repeated-name': (rng, c) => {
    const from = rng.int(0, 2);
    const to = (from + rng.int(1, 2)) % 3;
    const name = c.header[from];
    c.header[to] = name;
    const renamed = HEADER[to];
    const hit = named(c).includes(name) || named(c).includes(renamed);
    c.effects.push(
      hit
        ? { validity: 'invalid', note: `the header repeats '${name}' (or lost '${renamed}'), which a flag names` }
        : { validity: 'maybe', note: `the header repeats '${name}'` },
    );
    c.steps.push({ step: 'repeated-name', name, at: to });
  },
  'header-spaces': (_rng, c) => {
    c.header = c.header.map((h) => ` ${h} `);
    c.effects.push({ validity: 'valid', note: 'spaces around the header names (trimmed)' });
    c.steps.push({ step: 'header-spaces' });
  },
};

const SERIAL_STEPS: Record<string, Step> = {
  crlf: (_rng, c) => {
    c.eol = '\r\n';
    c.effects.push({ validity: 'valid', note: 'CRLF line ends' });
    c.steps.push({ step: 'crlf' });
  },
  cr: (_rng, c) => {
    c.eol = '\r';
    c.effects.push({ validity: 'maybe', note: 'CR line ends' });
    c.steps.push({ step: 'cr' });
  },
  bom: (_rng, c) => {
    c.bom = true;
    c.effects.push({ validity: 'valid', note: 'a UTF-8 BOM' });
    c.steps.push({ step: 'bom' });
  },
  utf16: (_rng, c) => {
    c.utf16 = true;
    c.effects.push({ validity: 'invalid', note: 'UTF-16 text' });
    c.steps.push({ step: 'utf16' });
  },
  separator: (rng, c) => {
    c.separator = rng.pick([';', '\t', '|']);
    c.effects.push({ validity: 'invalid', note: `columns separated by ${JSON.stringify(c.separator)}` });
    c.steps.push({ step: 'separator', separator: c.separator });
  },
  'blank-lines': (_rng, c) => {
    c.blankLines = true;
    c.effects.push({ validity: 'valid', note: 'blank lines between rows' });
    c.steps.push({ step: 'blank-lines' });
  },
  'quote-all': (_rng, c) => {
    c.quoteAll = true;
    c.effects.push({ validity: 'valid', note: 'every cell quoted' });
    c.steps.push({ step: 'quote-all' });
  },
};

/** Byte-level mutations of the serialized file: each may break the file or not. */
const BYTE_STEPS: Record<string, (rng: CaseRng, bytes: Buffer, steps: Record<string, unknown>[]) => Buffer> = {
  truncate: (rng, b, steps) => {
    const at = rng.int(0, b.length - 1);
    steps.push({ step: 'truncate', at });
    return b.subarray(0, at);
  },
  'stray-quote': (rng, b, steps) => {
    const at = rng.int(0, b.length);
    steps.push({ step: 'stray-quote', at });
    return Buffer.concat([b.subarray(0, at), Buffer.from('"'), b.subarray(at)]);
  },
  junk: (rng, b, steps) => {
    const at = rng.int(0, b.length - 1);
    const n = rng.int(1, 64);
    steps.push({ step: 'junk', at, bytes: n });
    return Buffer.concat([b.subarray(0, at), Buffer.from(rng.bytes(n)), b.subarray(Math.min(b.length, at + n))]);
  },
  'nul-byte': (rng, b, steps) => {
    const at = rng.int(0, b.length - 1);
    steps.push({ step: 'nul-byte', at });
    const out = Buffer.from(b);
    out[at] = 0;
    return out;
  },
};

function serialize(c: Csv): Buffer {
  // quote-all quotes the data cells (not the header, whose names are matched after trimming)
  const cell = (s: string): string => (c.quoteAll ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [...(c.noHeader ? [] : [c.header.join(c.separator)]), ...c.rows.map((r) => r.map(cell).join(c.separator))];
  const text = (c.bom ? '\uFEFF' : '') + lines.join(c.blankLines ? c.eol + c.eol : c.eol) + c.eol;
  return c.utf16 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text);
}

/** A whole file instead of data.csv: each is invalid. */
const WHOLE_FILES: Record<string, (rng: CaseRng) => Omit<SandboxEntry, 'path'>> = {
  empty: () => ({ content: '' }),
  'header-only': () => ({ content: 'day,visitors,staff\n' }),
  'one-row': () => ({ content: 'day,visitors,staff\n2021-01-01,1,2\n' }),
  whitespace: () => ({ content: '  \n\t\n\n' }),
  binary: (rng) => ({ content: rng.bytes(rng.pick([16, 2048, 65536])) }),
  nuls: () => ({ content: new Uint8Array(1024) }),
  'wide-header': () => ({ content: `${Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(',')}\n` }),
  'dev-zero': () => ({ symlink: '/dev/zero' }),
  'dev-urandom': () => ({ symlink: '/dev/urandom' }),
  'dev-null': () => ({ symlink: '/dev/null' }),
  fifo: () => ({ fifo: true }),
  folder: () => ({ dir: true }),
  'dangling-link': () => ({ symlink: 'no-such-file.csv' }),
  'sparse-3GB': () => ({ sparse: 3 * 2 ** 30 }),
  'sparse-600MB': () => ({ sparse: 600 * 2 ** 20 }),
};

const WHOLE_WEIGHTS: [string, number][] = Object.keys(WHOLE_FILES).map((k) => [
  k,
  ['fifo', 'sparse-3GB', 'dev-urandom'].includes(k) ? 0.5 : 1,
]);

/** The flags a CSV case reads its file with. */
function pickFlags(rng: CaseRng): Flags {
  return {
    date: rng.chance(0.7) ? 'day' : undefined,
    column: rng.pick([undefined, 'visitors', 'visitors', '1', 'staff']),
    fill: rng.pick([undefined, undefined, undefined, 'previous', 'linear'] as const),
  };
}

function flagArgs(file: string, flags: Flags): string[] {
  return [
    '--file',
    file,
    ...(flags.date ? ['--date', flags.date] : []),
    ...(flags.column ? ['--column', flags.column] : []),
    ...(flags.fill ? ['--fill', flags.fill] : []),
  ];
}

/**
 * A CSV case: a command reading a mutated data.csv (or a whole-file replacement).
 * @throws never.
 */
export const csvCase: Generator = (rng, ctx) => {
  const flags = pickFlags(rng);
  const command = rng.pick(COMMANDS);
  const run = dataCommand(rng, ctx, command, flagArgs('data.csv', flags));
  if (rng.chance(0.12)) {
    const what = rng.weighted(WHOLE_WEIGHTS);
    return {
      title: `csv/${command}: whole file ${what}`,
      recipe: { ...run.recipe, flags, file: what },
      files: [...run.files, { path: 'data.csv', ...WHOLE_FILES[what](rng) } as SandboxEntry],
      args: run.args,
      expect: [1],
      why: `data.csv is ${what}, not a series`,
      outputs: run.outputs,
    };
  }
  const c: Csv = {
    header: [...HEADER],
    rows: ctx.csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')),
    flags,
    noHeader: false,
    eol: '\n',
    bom: false,
    separator: ',',
    quoteAll: false,
    blankLines: false,
    utf16: false,
    effects: [],
    steps: [],
    used: new Set(),
  };
  // choose the steps first, then apply them phase by phase (a header removal before choosing cells)
  const groups = [ROW_STEPS, CELL_STEPS, HEADER_STEPS, SERIAL_STEPS] as const;
  const planned: [number, string][] = [];
  const count = rng.pick([1, 1, 2, 2, 3]);
  let bytes: string[] = [];
  for (let k = 0; k < count; k++) {
    const g = rng.weighted<number>([
      [0, 2],
      [1, 5],
      [2, 1.5],
      [3, 1.5],
      [4, 1.5],
    ]);
    if (g === 4) bytes.push(rng.pick(Object.keys(BYTE_STEPS)));
    else planned.push([g, rng.pick(Object.keys(groups[g]))]);
  }
  planned.sort((a, b) => a[0] - b[0]);
  // the header steps run first so cell steps know whether row 0 stays a data row (they only
  // rename or flag the header, so the row steps after them are unaffected)
  for (const [g, name] of planned.filter(([g]) => g === 2)) groups[g][name](rng, c);
  for (const [g, name] of planned.filter(([g]) => g !== 2)) groups[g][name](rng, c);
  let data = serialize(c);
  bytes = [...new Set(bytes)];
  for (const name of bytes) data = BYTE_STEPS[name](rng, data, c.steps);
  // a byte-level change can break a valid file or cut away what made it invalid
  const effects = bytes.length
    ? [
        ...c.effects.map((e) => (e.validity === 'invalid' ? { ...e, validity: 'maybe' as const } : e)),
        { validity: 'maybe' as const, note: bytes.join(', ') },
      ]
    : c.effects;
  const { expect, why } = dataExpect(effects);
  const names = c.steps.map((s) => s.step).join(', ') || 'unchanged';
  return {
    title: `csv/${command}: ${names}`,
    recipe: { ...run.recipe, flags, steps: c.steps },
    files: [...run.files, { path: 'data.csv', content: data }],
    args: run.args,
    expect,
    why,
    outputs: run.outputs,
  };
};
