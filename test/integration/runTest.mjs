// The @vscode/test-electron entry point for the integration suite. On a machine that can download
// desktop VS Code, `FOOTPRINT_DESKTOP_VSCODE=1` runs the suite there; otherwise runTests() spawns a
// stand-in for the `code` executable that runs the very same suite in code-server's extension host.
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Runs out/integration/index.js (built by scripts/editor/integration.mjs) against a fresh copy of
 * test/fixtures/workspace, with a temp storage folder for the extension. Resolves to the exit code.
 */
export async function runIntegrationTests() {
	const scratch = mkdtempSync(join(tmpdir(), 'footprint-workspace-'));
	const workspace = join(scratch, 'workspace');
	cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
	const desktop = process.env.FOOTPRINT_DESKTOP_VSCODE === '1';
	try {
		await runTests({
			// Undefined: download desktop VS Code (needs the internet).
			vscodeExecutablePath: desktop
				? undefined
				: join(root, 'scripts', 'editor', 'vscodeStandIn.mjs'),
			// Profile folders are made fresh per run by the stand-in; desktop VS Code uses .vscode-test/.
			reuseMachineInstall: !desktop,
			extensionDevelopmentPath: root,
			extensionTestsPath: join(root, 'out', 'integration', 'index.js'),
			launchArgs: [workspace],
			extensionTestsEnv: {
				FOOTPRINT_STORAGE_DIR: join(scratch, 'storage'),
				FOOTPRINT_TEST_WORKSPACE: workspace,
			},
		});
		return 0;
	} catch (error) {
		// runTests rejects with the exit code when the suite fails; the output already says why.
		return typeof error?.code === 'number' ? error.code : 1;
	} finally {
		rmSync(scratch, { recursive: true, force: true });
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	process.exit(await runIntegrationTests());
}
