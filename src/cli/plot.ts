/** Placeholder: replaced by the command's implementation. */
import type { Command } from 'commander';

export function addPlotCommand(program: Command): Command {
  return program.command('plot').description('(in progress)');
}
