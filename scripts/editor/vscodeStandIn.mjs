#!/usr/bin/env node
// Stands in for the desktop `code` executable that @vscode/test-electron's runTests() spawns on
// machines that cannot download VS Code: it accepts the same command line
// (`--extensionDevelopmentPath=… --extensionTestsPath=… [folder]`, other flags ignored), runs the
// tests in code-server's real extension host through headless chromium, and exits with the result.
import { resolve } from 'node:path';
import { runExtensionTests } from './extensionTests.mjs';

/** Parses the part of VS Code's command line that matters for an extension test run. */
export function parseCommandLine(args) {
	const options = {
		extensionDevelopmentPaths: [],
		extensionTestsPath: undefined,
		folder: undefined,
	};
	for (let index = 0; index < args.length; index++) {
		const arg = args[index];
		const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
		// Both `--flag=value` and `--flag value` forms are accepted for the two flags that take paths.
		const value = () => inline ?? args[++index];
		if (flag === '--extensionDevelopmentPath') {
			options.extensionDevelopmentPaths.push(resolve(value()));
		} else if (flag === '--extensionTestsPath') {
			options.extensionTestsPath = resolve(value());
		} else if (!arg.startsWith('-') && options.folder === undefined) {
			options.folder = resolve(arg);
		}
	}

	return options;
}

async function main() {
	const options = parseCommandLine(process.argv.slice(2));
	if (options.extensionDevelopmentPaths.length === 0 || !options.extensionTestsPath) {
		console.error(
			'usage: vscodeStandIn.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER]',
		);
		return 2;
	}

	if (options.extensionDevelopmentPaths.length > 1) {
		// Limitation: code-server's payload takes one development extension; the rest are not loaded.
		console.error('vscodeStandIn: only the first --extensionDevelopmentPath is loaded');
	}

	return runExtensionTests({
		extensionDevelopmentPath: options.extensionDevelopmentPaths[0],
		extensionTestsPath: options.extensionTestsPath,
		workspace: options.folder,
	});
}

const code = await main().catch((error) => {
	console.error(`vscodeStandIn: ${error.message}`);
	return 1;
});
// Exit at once: a lingering handle (a browser pipe, a timer) must not keep the caller waiting.
process.exit(code);
