// Checks what went into footprint.vsix (a zip): the .vscodeignore allow-list must let the bundles and
// media through and keep sources, tests and node_modules out.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file names in a zip archive, read from its central directory. */
export function zipEntries(file) {
	const bytes = readFileSync(file);
	// The end-of-central-directory record sits in the last 64 KiB + 22 bytes (its comment is ≤ 64 KiB).
	let end = -1;
	for (let offset = bytes.length - 22; offset >= Math.max(0, bytes.length - 65_557); offset--) {
		if (bytes.readUInt32LE(offset) === 0x06054b50) {
			end = offset;
			break;
		}
	}

	if (end < 0) {
		throw new Error(`${file} is not a zip archive`);
	}

	const count = bytes.readUInt16LE(end + 10);
	let offset = bytes.readUInt32LE(end + 16);
	const names = [];
	for (let index = 0; index < count; index++) {
		if (bytes.readUInt32LE(offset) !== 0x02014b50) {
			throw new Error(`${file}: damaged central directory`);
		}

		const nameLength = bytes.readUInt16LE(offset + 28);
		const extraLength = bytes.readUInt16LE(offset + 30);
		const commentLength = bytes.readUInt16LE(offset + 32);
		names.push(bytes.toString('utf8', offset + 46, offset + 46 + nameLength));
		offset += 46 + nameLength + extraLength + commentLength;
	}

	return names;
}

/**
 * Throws, listing the problems, unless the package holds the extension bundle, the webview bundles
 * that were built, the media, and nothing from sources, tests or node_modules.
 */
export function checkVsix(file, root) {
	const names = zipEntries(file);
	const problems = [];
	const required = ['extension/package.json', 'extension/dist/extension.js'];
	if (existsSync(join(root, 'dist', 'webview', 'table.js'))) {
		required.push('extension/dist/webview/table.js');
	}

	for (const name of required) {
		if (!names.includes(name)) {
			problems.push(`missing ${name}`);
		}
	}

	if (!names.some((name) => name.startsWith('extension/media/'))) {
		problems.push('missing extension/media/');
	}

	const forbidden = /^extension\/(src|test|node_modules|out|scripts|sample|bench)\/|\.map$|\.ts$/;
	for (const name of names.filter((entry) => forbidden.test(entry))) {
		problems.push(`should not be packaged: ${name}`);
	}

	if (problems.length > 0) {
		throw new Error(`footprint.vsix is wrong (see .vscodeignore):\n  ${problems.join('\n  ')}`);
	}

	return names;
}
