/** Placeholder: replaced by the command's implementation. */
import type { Command } from 'commander';

export function addTrainCommand(program: Command): Command {
  return program.command('train').description('(in progress)');
}
