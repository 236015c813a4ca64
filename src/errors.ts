/**
 * The errors seqcast throws on purpose, as a small hierarchy a caller can catch by kind:
 *
 *   SeqcastError            anything seqcast refuses, with a message that names the problem and the fix
 *     InputError            a series, a file of values or its reading options (SeriesInputError is one)
 *     ModelFileError        a saved model that is missing, corrupt, foreign, edited or unsafe to read
 *     TrainingError         training that cannot give a result (TrainingDivergedError is one)
 *     OptionError           an option or argument out of its range or of the wrong type
 *     OutputError           a file or folder that cannot be written where asked (the path, a folder
 *                           seqcast did not write, a full or read-only disk)
 *     QueueError            the job queue's Redis server cannot be reached or used
 *
 * Browser-safe: no Node modules. The CLI prints any of them as one line and exits 1 (2 for an
 * OptionError that came from the command line).
 */

/**
 * The root of seqcast's own errors.
 * @example try { await loadModel('run/model'); } catch (e) { if (e instanceof SeqcastError) console.error(e.message); else throw e; }
 */
export class SeqcastError extends Error {
  /**
   * @param message the problem and the fix, in one sentence or two.
   * @throws never.
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * A series, a file of values or its reading options cannot be used as given.
 * @example throw new InputError("Line 4 of a.csv: column 'value' has 'abc', which is not a number: fix or remove that row.");
 */
export class InputError extends SeqcastError {}

/**
 * A training part too short for conformal intervals (fewer values than two seasons and the
 * horizon): the point forecast can still be made without intervals.
 * @example throw new TooShortToCalibrateError('conformal: 18-step intervals need at least 24 training values ...');
 */
export class TooShortToCalibrateError extends InputError {}

/**
 * A saved model cannot be read: missing, truncated, corrupt, foreign, hand-edited or not a regular file.
 * @example throw new ModelFileError("'run/model/weights.bin' does not match its checksum: the file is corrupt; train and save the model again.");
 */
export class ModelFileError extends SeqcastError {}

/**
 * Training cannot give a usable model (e.g. the loss diverged).
 * @example throw new TrainingError('The loss became NaN at epoch 3: lower the learning rate.');
 */
export class TrainingError extends SeqcastError {}

/**
 * An option or argument is out of its range or of the wrong type.
 * @example throw new OptionError('units must be an integer from 1 to 4096, got 100000: use e.g. 32.');
 */
export class OptionError extends SeqcastError {}

/**
 * A result cannot be written where asked: the path cannot be created, is a folder (or a file)
 * where the other is needed, holds files seqcast did not write, or the disk refuses. Nothing that
 * was there before is changed.
 * @example throw new OutputError("Cannot create the folder '/proc/x/run': '/proc' does not accept new files: choose a folder you can write to.");
 */
export class OutputError extends SeqcastError {}

/**
 * The job queue cannot be used: its Redis server does not answer, refuses the connection or the
 * password, or the connection is lost during a run.
 * @example throw new QueueError("Cannot reach Redis at redis://10.0.0.5:6379 (connect ECONNREFUSED): start redis-server there, or check the host and port.");
 */
export class QueueError extends SeqcastError {}
