// Shared by the benchmarks that work on the large generated events file: where it lives, how it is
// written, and how a command is timed in its own process by /usr/bin/time.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root; benchmarks run their commands from here. */
export const root = join(__dirname, '..');

/** Where benchmarks keep generated inputs and outputs (ignored by git). */
export const work = join(root, '.bench');

/** The ≈200 MB JSON array of event records shared by the conversion and table benchmarks. */
export const eventsJson = join(work, 'events-200MB.json');

/**
 * Writes `eventsJson` unless it is already there: the sample workspace's real event records,
 * repeated with new ids until the file is 200 MB.
 */
export function ensureEventsJson(): void {
	mkdirSync(work, { recursive: true });
	if (!existsSync(eventsJson)) {
		writeJsonArray(eventsJson, 200);
	}
}

function writeJsonArray(file: string, megabytes: number): void {
	const seed = JSON.parse(
		readFileSync(join(root, 'sample', 'data', 'events.json'), 'utf8'),
	) as object[];
	const descriptor = openSync(file, 'w');
	let bytes = writeSync(descriptor, '[');
	for (let index = 0; bytes < megabytes * 1e6; index++) {
		const record = { ...seed[index % seed.length], id: `evt_${index.toString(36)}` };
		bytes += writeSync(descriptor, (index === 0 ? '' : ',') + JSON.stringify(record));
	}

	writeSync(descriptor, ']');
	closeSync(descriptor);
}

/** A command's wall time and peak RSS as /usr/bin/time saw them, or its stderr when it failed. */
export type TimedRun =
	{ ok: true; seconds: number; peakMiB: number; stdout: string } | { ok: false; stderr: string };

/** Runs `command` from the repository root under `/usr/bin/time -f '%e %M'`. */
export function timeCommand(command: string[]): TimedRun {
	const result = spawnSync('/usr/bin/time', ['-f', '%e %M', ...command], {
		cwd: root,
		encoding: 'utf8',
		maxBuffer: 1 << 26,
	});
	const match = /([\d.]+) (\d+)\s*$/.exec(result.stderr);
	if (result.status !== 0 || !match) {
		return { ok: false, stderr: result.stderr };
	}

	return {
		ok: true,
		seconds: Number(match[1]),
		peakMiB: Number(match[2]) / 1024,
		stdout: result.stdout,
	};
}
