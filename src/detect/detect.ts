/**
 * The entry point of conversion detection: picks the rules for a language and never throws, so a
 * half-typed file in the editor can only yield fewer findings.
 */
import type { DetectLanguage, Finding } from './finding';
import { detectJavaScript } from './javascript';
import { detectNotebookCells, parseNotebook } from './notebook';
import { detectPython } from './python';
import { detectR } from './r';
import { mayConvert } from './relevance';
import { detectShell } from './shell';

const LANGUAGE_IDS: Record<string, DetectLanguage> = {
	python: 'python',
	javascript: 'javascript',
	javascriptreact: 'javascript',
	typescript: 'typescript',
	typescriptreact: 'typescript',
	shellscript: 'shellscript',
	r: 'r',
	jupyter: 'jupyter',
};

const EXTENSIONS: Record<string, DetectLanguage> = {
	py: 'python',
	js: 'javascript',
	mjs: 'javascript',
	cjs: 'javascript',
	jsx: 'javascript',
	ts: 'typescript',
	mts: 'typescript',
	cts: 'typescript',
	tsx: 'typescript',
	sh: 'shellscript',
	bash: 'shellscript',
	zsh: 'shellscript',
	r: 'r',
	ipynb: 'jupyter',
};

/** VS Code language ids whose documents the detectors read. */
export const DETECTED_LANGUAGE_IDS = Object.keys(LANGUAGE_IDS);

/** Maps a VS Code language id to the detector language, if any. */
export function detectLanguageOf(languageId: string): DetectLanguage | undefined {
	return LANGUAGE_IDS[languageId.toLowerCase()];
}

/** Maps a file name to the detector language by its extension, if any. */
export function detectLanguageOfPath(path: string): DetectLanguage | undefined {
	const match = /\.([A-Za-z]+)$/.exec(path);
	return match ? EXTENSIONS[match[1].toLowerCase()] : undefined;
}

/** The result of a scan: findings, and the reason when the source could not be read at all. */
export interface DetectResult {
	findings: Finding[];
	error?: string;
}

/** Finds data-format conversions in `source`, written in `language`. Never throws. */
export function detectConversions(source: string, language: DetectLanguage): DetectResult {
	if (!mayConvert(source, language)) {
		return { findings: [] };
	}

	try {
		switch (language) {
			case 'python':
				return { findings: detectPython(source) };
			case 'javascript':
			case 'typescript':
				return { findings: detectJavaScript(source) };
			case 'shellscript':
				return { findings: detectShell(source) };
			case 'r':
				return { findings: detectR(source) };
			case 'jupyter': {
				const notebook = parseNotebook(source);
				if ('error' in notebook) {
					return { findings: [], error: notebook.error };
				}

				return { findings: detectNotebookCells(notebook.cells, notebook.language) };
			}
		}
	} catch (error) {
		// Limitation: a detector bug on unusual code costs that file's findings, never the caller.
		return { findings: [], error: `detection failed: ${(error as Error).message}` };
	}
}
