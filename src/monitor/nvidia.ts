/**
 * NVIDIA GPU power through `nvidia-smi`, which ships with the driver. One short-lived process per
 * reading, run asynchronously with a timeout so a hung driver never blocks anything.
 */
import { execFile, type ExecFileException } from 'node:child_process';
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

/** Reads the power of all NVIDIA GPUs now; undefined when nvidia-smi is missing or fails. */
export async function readNvidiaPower(
	options: NvidiaOptions = {},
): Promise<NvidiaReading | undefined> {
	const result = await runQuery(options);
	if (result.error !== undefined) {
		return undefined;
	}

	const reading = parseNvidiaOutput(result.stdout);
	return reading !== undefined && reading.gpusWithPower > 0 ? reading : undefined;
}

/** Checks whether GPU power can be measured here; the reason says why not in plain words. */
export async function probeNvidia(
	options: NvidiaOptions = {},
): Promise<{ availability: Availability; reading?: NvidiaReading }> {
	const result = await runQuery(options);
	if (result.error !== undefined) {
		const error = result.error;
		if (error.code === 'ENOENT') {
			return unavailable('NVIDIA: nvidia-smi not found (no NVIDIA GPU or driver installed)');
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

function unavailable(reason: string): { availability: Availability } {
	return { availability: { available: false, reason } };
}
