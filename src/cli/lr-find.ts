/** Placeholder: replaced by the command's implementation. */
import type { Command } from 'commander';

export function addLrFindCommand(program: Command): Command {
  return program.command('lr-find').description('(in progress)');
}
