/**
 * NVIDIA GPU power through `nvidia-smi`, which ships with the driver. One short-lived process per
 * reading, run asynchronously with a timeout so a hung driver never blocks anything.
 */
import { execFile, type ExecFileException } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Availability } from '../core/measurement';

/** One reading of all NVIDIA GPUs together. */
export interface NvidiaReading {
	/** Sum of `power.draw` over the GPUs that report it, in watts. */
	watts: number;
	/** Mean `utilization.gpu` over the GPUs that report it, 0..1; undefined if none does. */
	utilisation?: number;
	/** GPUs listed, and how many of them reported a power figure. */
	gpuCount: number;
	gpusWithPower: number;
}

/** How to run nvidia-smi; defaults suit the real machine. */
export interface NvidiaOptions {
	/** Executable name or path; default `nvidia-smi` looked up on PATH. */
	command?: string;
	/** Environment for the child (tests put a fake on PATH); default this process's. */
	env?: NodeJS.ProcessEnv;
	/** Milliseconds before the child is killed; default 3000. */
	timeoutMs?: number;
}

const QUERY = ['--query-gpu=power.draw,utilization.gpu', '--format=csv,noheader,nounits'];

/**
 * Parses nvidia-smi's CSV: one line per GPU, `power, utilisation`. Values such as `[N/A]` or
 * `[Not Supported]` (GPUs without a power sensor) are skipped, not read as zero.
 */
export function parseNvidiaOutput(text: string): NvidiaReading | undefined {
	const lines = text
		.split('\n')
		.map((line) => line.trim())
		.filter((line) => line.length > 0);
	let watts = 0;
	let gpusWithPower = 0;
	let utilisationSum = 0;
	let gpusWithUtilisation = 0;
	for (const line of lines) {
		const [power, utilisation] = line.split(',').map((cell) => cell.trim());
		const powerValue = Number.parseFloat(power);
		if (/^[\d.]+$/.test(power ?? '') && Number.isFinite(powerValue)) {
			watts += powerValue;
			gpusWithPower++;
		}

		const utilisationValue = Number.parseFloat(utilisation);
		if (/^[\d.]+$/.test(utilisation ?? '') && Number.isFinite(utilisationValue)) {
			utilisationSum += utilisationValue / 100;
			gpusWithUtilisation++;
		}
	}

	if (lines.length === 0) {
		return undefined;
	}

	return {
		watts,
		utilisation: gpusWithUtilisation > 0 ? utilisationSum / gpusWithUtilisation : undefined,
		gpuCount: lines.length,
		gpusWithPower,
	};
}

interface RunResult {
	stdout: string;
	error?: ExecFileException;
	stderr: string;
}

function runQuery(options: NvidiaOptions): Promise<RunResult> {
	return new Promise((resolve) => {
		execFile(
			options.command ?? 'nvidia-smi',
			QUERY,
			{
				env: options.env ?? process.env,
				timeout: options.timeoutMs ?? 3000,
				windowsHide: true,
				maxBuffer: 64 * 1024,
			},
			(error, stdout, stderr) => {
				resolve({ stdout: String(stdout), stderr: String(stderr), error: error ?? undefined });
			},
		);
	});
}

/** Result of one nvidia-smi run: the reading, or why there is none. */
export interface NvidiaProbe {
	availability: Availability;
	reading?: NvidiaReading;
	/** nvidia-smi is not installed: asking again will not help. */
	missing?: boolean;
}

/** Reads the power of all NVIDIA GPUs now; undefined when nvidia-smi is missing or fails. */
export async function readNvidiaPower(
	options: NvidiaOptions = {},
): Promise<NvidiaReading | undefined> {
	return (await probeNvidia(options)).reading;
}

/** Checks whether GPU power can be measured here; the reason says why not in plain words. */
export async function probeNvidia(options: NvidiaOptions = {}): Promise<NvidiaProbe> {
	// Starting a process only to learn that the executable is missing costs milliseconds of CPU;
	// looking it up on PATH first costs a few microseconds.
	if (!onPath(options.command ?? 'nvidia-smi', options.env ?? process.env)) {
		return {
			...unavailable('NVIDIA: nvidia-smi not found (no NVIDIA GPU or driver installed)'),
			missing: true,
		};
	}

	const result = await runQuery(options);
	if (result.error !== undefined) {
		const error = result.error;
		if (error.code === 'ENOENT') {
			return {
				...unavailable('NVIDIA: nvidia-smi not found (no NVIDIA GPU or driver installed)'),
				missing: true,
			};
		}

		if (error.killed === true) {
			return unavailable(
				`NVIDIA: nvidia-smi did not answer within ${options.timeoutMs ?? 3000} ms`,
			);
		}

		const detail = result.stderr.trim().split('\n')[0] || result.stdout.trim().split('\n')[0];
		return unavailable(`NVIDIA: nvidia-smi failed${detail ? `: ${detail}` : ''}`);
	}

	const reading = parseNvidiaOutput(result.stdout);
	if (reading === undefined) {
		return unavailable('NVIDIA: nvidia-smi listed no GPUs');
	}

	if (reading.gpusWithPower === 0) {
		return unavailable(
			`NVIDIA: none of the ${reading.gpuCount} GPU(s) reports power.draw (shown as [N/A])`,
		);
	}

	return { availability: { available: true }, reading };
}

/**
 * Whether `command` can be run: a path is checked as it is, a bare name in each folder of PATH.
 * Elsewhere than Linux (PATHEXT, .exe), it answers true and leaves the answer to the spawn.
 */
function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
	if (process.platform !== 'linux') {
		return true;
	}

	const candidates = command.includes('/')
		? [command]
		: (env.PATH ?? '')
				.split(delimiter)
				.filter((folder) => folder !== '')
				.map((folder) => join(folder, command));
	for (const candidate of candidates) {
		try {
			accessSync(candidate, constants.X_OK);
			return true;
		} catch {
			// Not here.
		}
	}

	return false;
}

function unavailable(reason: string): NvidiaProbe {
	return { availability: { available: false, reason } };
}
