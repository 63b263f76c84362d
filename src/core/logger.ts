/**
 * Logging interface injected into the pure core. The extension passes its LogOutputChannel,
 * the command-line tool writes to stderr, tests collect lines.
 */
export interface Logger {
	trace(message: string): void;
	debug(message: string): void;
	info(message: string): void;
	warn(message: string): void;
	error(message: string): void;
}

/** A logger that drops everything: the default where no one listens. */
export const silentLogger: Logger = {
	trace() {},
	debug() {},
	info() {},
	warn() {},
	error() {},
};

/** A logger that keeps lines in memory, for tests and for summaries. */
export class MemoryLogger implements Logger {
	readonly lines: string[] = [];

	trace(message: string): void {
		this.lines.push(`trace ${message}`);
	}

	debug(message: string): void {
		this.lines.push(`debug ${message}`);
	}

	info(message: string): void {
		this.lines.push(`info ${message}`);
	}

	warn(message: string): void {
		this.lines.push(`warn ${message}`);
	}

	error(message: string): void {
		this.lines.push(`error ${message}`);
	}
}
