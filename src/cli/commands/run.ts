/**
 * `footprint run [options] -- CMD [ARGS…]`: runs a command with its own stdio, measures its whole
 * process tree, and prints what it cost on stderr (stdout belongs to the command). Exits with the
 * command's own status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Logger } from '../../core/logger';
import type { TaskMeasurement } from '../../core/measurement';
import type { FootprintRecord } from '../../core/record';
import { createEstimateContext, type EstimateContext } from '../../estimators/energyContext';
import { buildFootprintRecord } from '../../estimators/footprint';
import { UnknownCountryError } from '../../estimators/gridIntensity';
import { loadMachineProfile } from '../../monitor/profileLoader';
import { probeNvidia } from '../../monitor/nvidia';
import { probeRapl } from '../../monitor/rapl';
import { TaskMeter } from '../../monitor/taskMeter';
import { UsageError, type CliCommand } from '../command';
import { energyFlags, formatHelp, parseFlags, settingsFromFlags, type FlagSpec } from '../options';
import { formatSummary } from '../summary';

const FLAGS: FlagSpec[] = [
	{ name: 'json', help: 'Print the footprint record as JSON on stderr instead of the summary.' },
	{ name: 'out', value: 'FILE', help: 'Also write the JSON record to FILE.' },
	{
		name: 'interval',
		value: 'SECONDS',
		setting: 'samplingIntervalSeconds',
		help: 'Sampling interval, 0.5–60 (default 2).',
	},
	...energyFlags(
		'country',
		'intensity',
		'pue',
		'cpu-watts',
		'cpu-idle-watts',
		'memory-watts-per-gb',
	),
	{ name: 'verbose', help: 'Log sampling details on stderr.' },
];

const USAGE = 'footprint run [options] -- CMD [ARGS…]';
const DESCRIPTION =
	'Runs CMD with its own input and output, then prints its duration, CPU time, peak memory,\n' +
	'energy (Wh) and carbon (gCO2e) on stderr, with the method and region behind them.\n' +
	'The exit status is the command’s own (128 + n when it was killed by signal n).';

/** Everything `run` was asked to do. */
export interface RunRequest {
	json: boolean;
	out?: string;
	intervalMs: number;
	verbose: boolean;
	settings: ReturnType<typeof settingsFromFlags>;
	command: string[];
}

/** Splits `[options] -- CMD [ARGS…]`; throws UsageError on a missing `--`, bad flags or values. */
export function parseRunArguments(args: string[]): RunRequest | 'help' {
	const separator = args.indexOf('--');
	const options = separator === -1 ? args : args.slice(0, separator);
	if (options.includes('--help') || options.includes('-h')) {
		return 'help';
	}

	if (separator === -1) {
		throw new UsageError(
			args.length === 0
				? `no command given: ${USAGE}`
				: `missing \`--\` before the command: ${USAGE} (e.g. footprint run -- ${args.join(' ')})`,
		);
	}

	const command = args.slice(separator + 1);
	if (command.length === 0 || command[0] === '') {
		throw new UsageError(`no command after \`--\`: ${USAGE}`);
	}

	const flags = parseFlags(options, FLAGS, 'run');
	const settings = settingsFromFlags(flags, FLAGS);
	const out = flags.get('out');
	return {
		json: flags.has('json'),
		out: typeof out === 'string' ? resolve(out) : undefined,
		intervalMs: Math.round(settings.samplingIntervalSeconds * 1000),
		verbose: flags.has('verbose'),
		settings,
		command,
	};
}

function stderrLogger(verbose: boolean): Logger {
	const write = (level: string) => (message: string) => {
		process.stderr.write(`footprint: ${level}: ${message}\n`);
	};
	const drop = () => {};
	return {
		trace: verbose ? write('trace') : drop,
		debug: verbose ? write('debug') : drop,
		info: verbose ? write('info') : drop,
		warn: write('warning'),
		error: write('error'),
	};
}

/** Quotes an argument for display only when a shell would need it. */
function quote(arg: string): string {
	return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Writes next to the target and renames, so a reader never sees half a record. */
async function writeAtomically(file: string, text: string): Promise<void> {
	const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
	try {
		await fs.writeFile(temporary, text);
		await fs.rename(temporary, file);
	} catch (error) {
		await fs.rm(temporary, { force: true });
		throw error;
	}
}

function checkOutPath(file: string): void {
	const folder = dirname(file);
	if (!existsSync(folder) || !statSync(folder).isDirectory()) {
		throw new UsageError(`--out: folder ${folder} does not exist`);
	}

	if (existsSync(file) && statSync(file).isDirectory()) {
		throw new UsageError(`--out: ${file} is a folder`);
	}
}

type Exit = [number | null, NodeJS.Signals | null];
type Started =
	| { child: ChildProcess; exited: Promise<Exit>; release: () => void }
	| { error: NodeJS.ErrnoException };

/**
 * Spawns and waits for either the process to exist or the spawn to fail (ENOENT, EACCES).
 * SIGINT and SIGTERM are handled from the moment the child exists: registering them any later
 * would leave a window in which a Ctrl-C kills footprint and orphans the command. Footprint itself
 * never dies of them while the command runs: it waits for the command's own status.
 */
function start(command: string[]): Promise<Started> {
	// The handlers go in before the child exists: the child can print and be signalled while this
	// thread is still descheduled right after spawn() returns, and an unhandled SIGINT kills footprint.
	let child: ChildProcess | undefined;
	const pending: NodeJS.Signals[] = [];
	const forward = (signal: NodeJS.Signals) => {
		if (child) {
			child.kill(signal);
		} else {
			pending.push(signal);
		}
	};
	// Ctrl-C in a terminal already reaches the command (same foreground process group); sending
	// it again would interrupt the command's own clean-up, or a REPL's next line.
	const fromTerminal = process.stdin.isTTY === true;
	const onInterrupt = () => {
		if (!fromTerminal) {
			forward('SIGINT');
		}
	};
	const onTerminate = () => forward('SIGTERM');
	process.on('SIGINT', onInterrupt);
	process.on('SIGTERM', onTerminate);
	const release = () => {
		process.off('SIGINT', onInterrupt);
		process.off('SIGTERM', onTerminate);
	};

	return new Promise((resolveStart) => {
		const spawned = spawn(command[0], command.slice(1), { stdio: 'inherit' });
		child = spawned;
		for (const signal of pending.splice(0)) {
			spawned.kill(signal);
		}

		const exited = new Promise<Exit>((resolveExit) => {
			spawned.once('exit', (code, signal) => resolveExit([code, signal]));
		});
		spawned.once('spawn', () => resolveStart({ child: spawned, exited, release }));
		spawned.once('error', (error: NodeJS.ErrnoException) => {
			release();
			resolveStart({ error });
		});
	});
}

function exitStatus(code: number | null, signal: NodeJS.Signals | null): number {
	if (code !== null) {
		return code;
	}

	const number = signal ? osConstants.signals[signal] : undefined;
	return number ? 128 + number : 1;
}

async function prepare(request: RunRequest, logger: Logger): Promise<EstimateContext> {
	// Probing runs before the command starts, so its own children never count as the task's.
	const [machine, nvidia] = await Promise.all([loadMachineProfile(), probeNvidia()]);
	const rapl = probeRapl().availability;
	const gpu = nvidia.availability;
	try {
		return createEstimateContext({ machine, settings: request.settings, rapl, gpu });
	} catch (error) {
		if (error instanceof UnknownCountryError || error instanceof RangeError) {
			throw new UsageError(`--country: ${error.message}`);
		}

		logger.debug(`estimate context failed: ${String(error)}`);
		throw error;
	}
}

async function runCommand(request: RunRequest): Promise<number> {
	const logger = stderrLogger(request.verbose);
	if (request.out) {
		checkOutPath(request.out);
	}

	const context = await prepare(request, logger);
	const cwd = process.cwd();
	const started = await start(request.command);
	if ('error' in started) {
		const { error } = started;
		if (error.code === 'ENOENT') {
			process.stderr.write(`footprint: command not found: ${request.command[0]}\n`);
			return 127;
		}

		process.stderr.write(`footprint: cannot run ${request.command[0]}: ${error.message}\n`);
		return 126;
	}

	const { child } = started;
	const meter = new TaskMeter(child.pid as number, {
		intervalMs: request.intervalMs,
		logger,
		rootIsOwnChild: true,
		gpu: context.gpu.available,
	});
	meter.start();

	const [code, signal] = await started.exited;
	const measurement: TaskMeasurement = await meter.stop();
	started.release();

	const status = exitStatus(code, signal);
	const record: FootprintRecord = buildFootprintRecord(
		measurement,
		{
			origin: 'cli',
			command: request.command.map(quote).join(' '),
			cwd,
			exitCode: code ?? (signal ? status : null),
		},
		context,
	);

	const json = JSON.stringify(record, null, 2) + '\n';
	process.stderr.write(request.json ? json : formatSummary(record));
	if (request.out) {
		try {
			await writeAtomically(request.out, json);
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error);
			process.stderr.write(`footprint: could not write ${request.out}: ${reason}\n`);
			return status === 0 ? 1 : status;
		}
	}

	return status;
}

/** The `run` subcommand. */
export const runCommandDefinition: CliCommand = {
	name: 'run',
	summary: 'Run a command and print its energy, carbon, CPU time and memory.',
	async run(args: string[]): Promise<number> {
		let request: RunRequest | 'help';
		try {
			request = parseRunArguments(args);
		} catch (error) {
			if (error instanceof UsageError) {
				process.stderr.write(`footprint run: ${error.message}\n`);
				return error.exitCode;
			}

			throw error;
		}

		if (request === 'help') {
			process.stdout.write(formatHelp(USAGE, DESCRIPTION, FLAGS));
			return 0;
		}

		try {
			return await runCommand(request);
		} catch (error) {
			if (error instanceof UsageError) {
				process.stderr.write(`footprint run: ${error.message}\n`);
				return error.exitCode;
			}

			throw error;
		}
	},
};
