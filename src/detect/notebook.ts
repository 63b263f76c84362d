/**
 * Jupyter notebooks: code cells are read as one program (a variable read in one cell and written in a
 * later one is followed), then every position is mapped back to its own cell. Shell escapes (`!jq …`)
 * go to the shell rules; IPython magics are blanked out.
 */
import type { Finding, SourceRange } from './finding';
import { detectPython } from './python';
import { detectR } from './r';
import { mayConvert } from './relevance';
import { detectShell } from './shell';

/** One cell of a notebook as the detectors see it. */
export interface NotebookCell {
	/** Only `code` cells are read. */
	kind: 'code' | 'markdown' | 'raw';
	source: string;
}

/** Why a notebook file could not be read, or its cells. */
export type NotebookParse = { cells: NotebookCell[]; language: string } | { error: string };

/** Reads an .ipynb document's cells; bad JSON gives an error message rather than throwing. */
export function parseNotebook(text: string): NotebookParse {
	let document: unknown;
	try {
		document = JSON.parse(text);
	} catch (error) {
		return { error: `not a readable notebook: ${(error as Error).message}` };
	}

	if (
		typeof document !== 'object' ||
		document === null ||
		!Array.isArray((document as { cells?: unknown }).cells)
	) {
		return { error: 'not a notebook: no "cells" list' };
	}

	const notebook = document as {
		cells: Array<{ cell_type?: unknown; source?: unknown }>;
		metadata?: { kernelspec?: { language?: unknown }; language_info?: { name?: unknown } };
	};
	const language = String(
		notebook.metadata?.language_info?.name ?? notebook.metadata?.kernelspec?.language ?? 'python',
	).toLowerCase();
	const cells = notebook.cells.map((cell): NotebookCell => {
		const source = Array.isArray(cell.source)
			? cell.source.map(String).join('')
			: typeof cell.source === 'string'
				? cell.source
				: '';
		const kind =
			cell.cell_type === 'code' ? 'code' : cell.cell_type === 'markdown' ? 'markdown' : 'raw';
		return { kind, source };
	});
	return { cells, language };
}

const NON_BLANK = /\S/;

/** Finds conversions across a notebook's code cells; each finding carries the cell index of its write. */
export function detectNotebookCells(cells: NotebookCell[], language = 'python'): Finding[] {
	const program: string[] = [];
	const shell: string[] = [];
	const cellOfLine: number[] = [];
	const firstLine: number[] = [];

	cells.forEach((cell, index) => {
		firstLine.push(program.length);
		if (cell.kind !== 'code') {
			return;
		}

		for (const line of cell.source.split('\n')) {
			// The first character after leading blanks (what trimStart would keep), without copying the line.
			const first = line[line.search(NON_BLANK)];
			cellOfLine.push(index);
			if (first === '!') {
				// Keep columns: the shell text sits where the `!` command was.
				shell.push(line.replace('!', ' '));
				program.push('');
			} else if (first === '%') {
				shell.push('');
				program.push('');
			} else {
				shell.push('');
				program.push(line);
			}
		}
	});

	const detect = language === 'r' ? detectR : detectPython;
	const code = program.join('\n');
	const commands = shell.join('\n');
	const findings = [
		...(mayConvert(code, language === 'r' ? 'r' : 'python') ? detect(code) : []),
		...(mayConvert(commands, 'shellscript') ? detectShell(commands) : []),
	];
	const toCell = (range: SourceRange): { range: SourceRange; cell: number } => {
		const cell = cellOfLine[range.line] ?? 0;
		const offset = firstLine[cell];
		return {
			cell,
			range: { ...range, line: range.line - offset, endLine: range.endLine - offset },
		};
	};

	return findings
		.map((finding) => {
			const write = toCell(finding.writeRange);
			const from = toCell(finding.from.range);
			const to = toCell(finding.to.range);
			return {
				...finding,
				cell: write.cell,
				writeRange: write.range,
				from: { ...finding.from, range: from.range, cell: from.cell },
				to: { ...finding.to, range: to.range },
				evidence:
					from.cell === write.cell
						? finding.evidence
						: `${finding.evidence}; read in cell ${from.cell + 1}, written in cell ${write.cell + 1}`,
			};
		})
		.sort((a, b) => a.cell - b.cell || a.writeRange.line - b.writeRange.line);
}
