import * as path from 'node:path';
import type { FootprintRecord } from '../core/record';

/** File extensions of scripts that get a history code lens: Python, JavaScript/TypeScript, shell. */
export const SCRIPT_EXTENSIONS = [
	'.py',
	'.js',
	'.mjs',
	'.cjs',
	'.ts',
	'.mts',
	'.cts',
	'.sh',
	'.bash',
	'.zsh',
] as const;

/** Whether a file is a script whose runs are looked up. */
export function isScriptPath(filePath: string): boolean {
	const extension = path.extname(filePath).toLowerCase();
	return (SCRIPT_EXTENSIONS as readonly string[]).includes(extension);
}

/**
 * The words of a command line that could name a file: split at blanks and shell operators, quotes
 * taken off, plus every quoted string whole (so `sh -c "python x.py"` and `"my file.py"` both count).
 */
export function pathCandidates(commandLine: string): string[] {
	const words = commandLine
		.split(/[\s;|&()<>]+/)
		.map((word) => word.replace(/^['"]+|['"]+$/g, ''))
		.filter((word) => word !== '' && !word.startsWith('-'));
	for (const match of commandLine.matchAll(/"([^"]+)"|'([^']+)'/g)) {
		words.push(match[1] ?? match[2]);
	}

	return words;
}

/**
 * Whether a recorded command ran the script: a word of its command line, resolved against the
 * working folder it ran in, is the script's path.
 */
export function commandRunsScript(command: string, cwd: string, scriptPath: string): boolean {
	const target = path.resolve(scriptPath);
	return pathCandidates(command).some((word) => {
		if (!isScriptPath(word)) {
			return false;
		}

		// Limitation: `~` and environment variables in the command line are not expanded, and a
		// script reached through a symbolic link under another name is not recognised.
		return path.resolve(cwd || '/', word) === target;
	});
}

/** The records that ran the script, newest first. */
export function runsOfScript(
	records: readonly FootprintRecord[],
	scriptPath: string,
): FootprintRecord[] {
	return records
		.filter((record) => commandRunsScript(record.command, record.cwd, scriptPath))
		.sort((a, b) => b.endedAt.localeCompare(a.endedAt));
}
