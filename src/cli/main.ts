#!/usr/bin/env node
/**
 * The `seqcast` command. Each subcommand lives in its own file and registers itself on the
 * program; this file only wires them up and turns failures into exit codes:
 *   0  success (and --help, --version)
 *   1  the command ran and failed (its Error's message on stderr, `seqcast: <message>`; a data
 *      error's fix names the flags, e.g. `--fill previous|linear`, see OPTION_FLAGS)
 *   2  the command line is wrong (unknown command or option, bad option value, or an option value
 *      the library refuses with an OptionError, e.g. a network too large to train or a `--config`
 *      field out of its range)
 * Set SEQCAST_DEBUG=1 to see stack traces.
 */
import { packageVersion } from '../package-version.js';
import { Command, CommanderError } from 'commander';
import { addDemoCommand } from './demo.js';
import { addReproduceCommand } from './reproduce.js';
import { addTrainCommand } from './train.js';
import { addForecastCommand } from './forecast.js';
import { addBacktestCommand } from './backtest.js';
import { addLrFindCommand } from './lr-find.js';
import { addPlotCommand } from './plot.js';
import { addWorkerCommand } from './worker.js';
import { addExportCommand } from './export.js';
import { OPTION_FLAGS } from './options.js';
import { messageFor } from '../data/input-error.js';
import { OptionError } from '../errors.js';

const USAGE_ERROR = 2;
const FAILURE = 1;

/** The program with every subcommand; errors throw instead of exiting, so `run` picks the code. */
export function createProgram(): Command {
  const program = new Command('seqcast')
    .description('Time-series forecasting with recurrent neural networks.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .showSuggestionAfterError(true)
    // must come before the subcommands are added: they inherit these settings
    .exitOverride()
    .configureOutput({ outputError: (message, write) => write(message.replace(/^error: /, 'seqcast: ')) });
  addDemoCommand(program);
  addReproduceCommand(program);
  addTrainCommand(program);
  addForecastCommand(program);
  addBacktestCommand(program);
  addLrFindCommand(program);
  addPlotCommand(program);
  addWorkerCommand(program);
  addExportCommand(program);
  return program;
}

/** Parses `argv` (node, script, ...args), runs the command and returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed its message (or the help/version) itself
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
      return USAGE_ERROR;
    }
    const debug = process.env.SEQCAST_DEBUG === '1';
    const message = messageFor(err, OPTION_FLAGS);
    process.stderr.write(`seqcast: ${message}\n`);
    if (debug && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
    return err instanceof OptionError ? USAGE_ERROR : FAILURE;
  }
}

process.exitCode = await run(process.argv);
