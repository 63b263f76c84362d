/**
 * Loads the machine profile reader from its own bundle (dist/machineProfile.js) on first use:
 * systeminformation alone is about 320 kB minified, so keeping it out of extension.js and cli.js
 * keeps activation cheap and `footprint estimate` quick to start. Under the unit-test runner the
 * source module beside this one is used.
 */
import * as path from 'node:path';
import type { MachineProfile } from '../core/measurement';

export async function loadMachineProfile(): Promise<MachineProfile> {
	type ProfileModule = { readMachineProfile(): Promise<MachineProfile> };
	// Bundled: dist/machineProfile.js beside the bundle. From source: ./machineProfile.ts.
	const candidates = [
		path.join(__dirname, 'machineProfile.js'),
		path.join(__dirname, 'machineProfile'),
	];
	for (const candidate of candidates) {
		let module: ProfileModule;
		try {
			// A computed path keeps esbuild from inlining the module (and systeminformation) here.
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			module = require(candidate) as ProfileModule;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
				continue;
			}

			throw error;
		}

		return module.readMachineProfile();
	}

	throw new Error(
		`the machine profile reader (machineProfile.js) is missing beside ${__dirname}; run \`npm run build\``,
	);
}
