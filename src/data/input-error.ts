/**
 * Errors about a series and how it is read or windowed, worded for every caller. The message
 * names the problem and a fix without command-line flags, so the playground (which has no flags)
 * and a library user can show it as it is. A caller with options of its own asks for the same
 * message naming them: the CLI passes its flags (`--fill previous|linear`, `--column`, `--window`).
 */
import { InputError } from '../errors.js';

/** The reading and windowing options a fix can point to. */
export type InputOption = 'column' | 'date' | 'fill' | 'format' | 'window' | 'split';

/**
 * How a caller writes "set this option" (to `value`, or to any of its values when `value` is
 * undefined), e.g. the CLI's `fill: (v = 'previous|linear') => `--fill ${v}``. An option left out
 * is one the caller does not have: the message then leaves that fix out or says it in words.
 */
export type OptionNames = { readonly [O in InputOption]?: (value?: string) => string };

/**
 * A problem with a series, its reading options or its window, with one message for every caller.
 * @example
 * throw new SeriesInputError(({ fill }) => `Line 3 of a.csv: the cell is empty: fix or remove that row${fill ? `, or fill it with ${fill()}` : ''}.`);
 * // err.message: 'Line 3 of a.csv: the cell is empty: fix or remove that row.'
 * // err.messageFor({ fill: (v = 'previous|linear') => `--fill ${v}` }): '… fix or remove that row, or fill it with --fill previous|linear.'
 */
export class SeriesInputError extends InputError {
  readonly #say: (names: OptionNames) => string;

  /**
   * @param say the message, naming each option as `names` does; `message` is `say({})`, so it
   *   must read well with no option named.
   * @throws never.
   */
  constructor(say: (names: OptionNames) => string) {
    super(say({}));
    this.#say = say;
  }

  /**
   * The message naming the options as the caller does.
   * @example err.messageFor({ window: (v) => (v ? `--window ${v}` : '--window') })
   * @throws never.
   */
  messageFor(names: OptionNames): string {
    return this.#say(names);
  }
}

/**
 * The message of any thrown value, naming the options as `names` does when it is a {@link SeriesInputError}.
 * @example messageFor(err, CLI_OPTION_NAMES)
 * @throws never.
 */
export function messageFor(err: unknown, names: OptionNames): string {
  if (err instanceof SeriesInputError) return err.messageFor(names);
  return err instanceof Error ? err.message : String(err);
}
