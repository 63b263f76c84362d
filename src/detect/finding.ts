/**
 * What the conversion detectors report: one finding per place in source code where data read in one
 * format is written out in another (for example a JSON file read by pandas and written as CSV).
 */

/** Data formats the detectors tell apart. */
export type DataFormat = 'json' | 'ndjson' | 'csv' | 'tsv' | 'parquet' | 'excel';

/** The kind of conversion, as shown to the user (`json→csv`, `csv→parquet`, …). */
export type ConversionKind = `${DataFormat}→${DataFormat}`;

/** The tool that does the conversion, which decides its measured time and memory. */
export type Converter = 'pandas' | 'node' | 'miller' | 'jq' | 'r' | 'python-csv';

/** How sure the detector is that this code converts data when it runs. */
export type Confidence = 'high' | 'medium' | 'low';

/** A stretch of source, 0-based lines and columns (UTF-16 code units), end exclusive. */
export interface SourceRange {
	line: number;
	column: number;
	endLine: number;
	endColumn: number;
}

/** One side of a conversion: the format, the path as written in the code (when literal), where. */
export interface FindingEnd {
	format: DataFormat;
	/** The path as the code spells it, when it is a literal (or built from literals); else absent. */
	pathLiteral?: string;
	range: SourceRange;
	/** For notebooks: the cell holding this end, when it differs from the finding's `cell`. */
	cell?: number;
}

/** A conversion found in source code. */
export interface Finding {
	kind: ConversionKind;
	from: FindingEnd;
	to: FindingEnd;
	/** The call that writes the converted data (or converts it, when the write is not visible). */
	writeRange: SourceRange;
	converter: Converter;
	confidence: Confidence;
	/** One plain sentence saying why this is a conversion: which read reaches which write. */
	evidence: string;
	/** Column names the code visibly keeps before writing (`df[['a', 'b']]`, `columns=[…]`, jq `[.a, .b]`). */
	columns?: string[];
	/** For notebooks: the index of the code cell (among all cells) holding the write; ranges are cell-relative. */
	cell?: number;
}

/** Languages the detectors read, by VS Code language id (plus `jupyter` for whole .ipynb files). */
export type DetectLanguage =
	'python' | 'javascript' | 'typescript' | 'shellscript' | 'r' | 'jupyter';

/** Builds the kind label from two formats. */
export function conversionKind(from: DataFormat, to: DataFormat): ConversionKind {
	return `${from}→${to}`;
}

/** Guesses a data format from a path's extension (ignoring a trailing `.gz`). */
export function formatOfPath(path: string | undefined): DataFormat | undefined {
	if (path === undefined) {
		return undefined;
	}

	const lower = path.toLowerCase().replace(/\.(gz|bz2|zip|xz|zst)$/, '');
	const match = /\.([a-z0-9]+)$/.exec(lower);
	switch (match?.[1]) {
		case 'json':
		case 'geojson':
			return 'json';
		case 'ndjson':
		case 'jsonl':
			return 'ndjson';
		case 'csv':
			return 'csv';
		case 'tsv':
		case 'tab':
			return 'tsv';
		case 'parquet':
		case 'pq':
			return 'parquet';
		case 'xlsx':
		case 'xls':
			return 'excel';
		default:
			return undefined;
	}
}
