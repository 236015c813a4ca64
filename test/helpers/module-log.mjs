/**
 * A preload (`node --import ./module-log.mjs`) that appends the URL of every module the process
 * resolves to the file named by SEQCAST_MODULE_LOG, one per line: for tests of what a command
 * loads at start (module-log-hooks.mjs does the work on node's hooks thread).
 */
import { register } from 'node:module';

register('./module-log-hooks.mjs', import.meta.url);
