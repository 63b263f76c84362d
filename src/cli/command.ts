/** One subcommand of the `footprint` tool. */
export interface CliCommand {
	name: string;
	/** One line for `footprint --help`. */
	summary: string;
	/** Runs with the arguments after the command name; resolves to the process exit code. */
	run(args: string[]): Promise<number>;
}

/** An error whose message is shown to the user as one line, without a stack trace. */
export class UsageError extends Error {
	constructor(
		message: string,
		readonly exitCode = 2,
	) {
		super(message);
		this.name = 'UsageError';
	}
}
