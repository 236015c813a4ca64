/** Placeholder: replaced by the command's implementation. */
import type { Command } from 'commander';

export function addForecastCommand(program: Command): Command {
  return program.command('forecast').description('(in progress)');
}
