/** Placeholder: replaced by the command's implementation. */
import type { Command } from 'commander';

export function addBacktestCommand(program: Command): Command {
  return program.command('backtest').description('(in progress)');
}
