import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A temporary folder for one test. */
export function temporaryFolder(prefix: string): string {
	return mkdtempSync(join(tmpdir(), `footprint-${prefix}-`));
}

/**
 * Writes `bytes` of compressible pseudo-random text (words of base-36 digits), so gzip has real
 * work to do.
 */
export function writeWorkloadFile(path: string, bytes: number): void {
	const parts: string[] = [];
	let length = 0;
	let state = 12345;
	while (length < bytes) {
		state = (state * 1103515245 + 12345) % 2147483648;
		const word = state.toString(36) + (state % 7 === 0 ? '\n' : ' ');
		parts.push(word);
		length += word.length;
	}

	writeFileSync(path, parts.join(''));
}

/** Resolves with the exit code once the child has exited and its output streams are closed. */
export function closed(child: ChildProcess): Promise<number | null> {
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('close', (code) => resolve(code));
	});
}

/** Collects a stream's text; `waitFor` resolves once the text matches. */
export function collect(stream: NodeJS.ReadableStream | null): {
	text: () => string;
	waitFor: (pattern: RegExp) => Promise<RegExpMatchArray>;
} {
	let text = '';
	const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
	stream?.setEncoding('utf8');
	stream?.on('data', (chunk: string) => {
		text += chunk;
		for (const waiter of [...waiters]) {
			const match = text.match(waiter.pattern);
			if (match) {
				waiters.splice(waiters.indexOf(waiter), 1);
				waiter.resolve(match);
			}
		}
	});
	return {
		text: () => text,
		waitFor: (pattern) =>
			new Promise((resolve) => {
				const match = text.match(pattern);
				if (match) {
					resolve(match);
				} else {
					waiters.push({ pattern, resolve });
				}
			}),
	};
}

/**
 * Parses the output of the POSIX `times` builtin: two lines, the shell's own user and system time,
 * then its children's. Works for dash (`0m0.010000s`) and bash (`0m0.010s`).
 */
export function parseTimes(text: string): { shell: number; children: number } {
	const values = [...text.matchAll(/(\d+)m([\d.]+)s/g)].map(
		(match) => Number(match[1]) * 60 + Number(match[2]),
	);
	if (values.length < 4) {
		throw new Error(`no times output in: ${text}`);
	}

	const last = values.slice(-4);
	return { shell: last[0] + last[1], children: last[2] + last[3] };
}

/** Spawns `sh -c script` with piped stdio. */
export function shell(script: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
	return spawn('sh', ['-c', script], {
		stdio: ['pipe', 'pipe', 'pipe'],
		env: { ...process.env, ...env },
	});
}
