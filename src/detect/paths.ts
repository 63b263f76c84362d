/**
 * Path literals found in code, resolved to candidate files: relative to the script's folder first,
 * then to each workspace root (scripts are often run from the workspace root). Pure: the caller
 * checks which candidate exists.
 */
import { isAbsolute, join, normalize } from 'node:path';

/** Where a script lives and which workspace folders are open. */
export interface PathContext {
	/** Absolute folder of the file holding the code. */
	fileFolder: string;
	/** Absolute workspace root folders, first one first. */
	workspaceRoots: readonly string[];
	/** The user's home folder, for `~/…` paths; absent to leave such paths unresolved. */
	home?: string;
}

/** Candidate absolute paths for a literal, most likely first, without duplicates. */
export function candidatePaths(literal: string, context: PathContext): string[] {
	const trimmed = literal.trim();
	if (trimmed === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || trimmed.includes('\0')) {
		return [];
	}

	if (trimmed.startsWith('~/')) {
		return context.home ? [normalize(join(context.home, trimmed.slice(2)))] : [];
	}

	if (isAbsolute(trimmed)) {
		return [normalize(trimmed)];
	}

	const candidates = [
		join(context.fileFolder, trimmed),
		...context.workspaceRoots.map((root) => join(root, trimmed)),
	];
	return [...new Set(candidates.map((candidate) => normalize(candidate)))];
}

/** The first candidate for which `exists` says yes; `exists` may check the file system. */
export async function resolveDataPath(
	literal: string,
	context: PathContext,
	exists: (path: string) => Promise<boolean>,
): Promise<string | undefined> {
	for (const candidate of candidatePaths(literal, context)) {
		if (await exists(candidate)) {
			return candidate;
		}
	}

	return undefined;
}
