import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Gives the calling suite its own temporary folder: made before its first test (and handed to
 * `receive`), removed with everything in it after its last.
 */
export function suiteTemporaryFolder(prefix: string, receive: (folder: string) => void): void {
	let folder: string | undefined;
	suiteSetup(async () => {
		folder = await mkdtemp(join(tmpdir(), prefix));
		receive(folder);
	});
	suiteTeardown(async () => {
		if (folder !== undefined) {
			await rm(folder, { recursive: true, force: true });
		}
	});
}
