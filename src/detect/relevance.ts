/**
 * A cheap test run before the full walk: a file that lacks the words of any reader or any writer
 * cannot hold a conversion, so it is not tokenized at all.
 */
import type { DetectLanguage } from './finding';

/**
 * Words every conversion in a language needs (a reader and a writer). A file without them cannot hold
 * a finding, so it skips tokenizing; matches inside comments only cost the full walk, never a finding.
 */
const NEEDS: Record<Exclude<DetectLanguage, 'jupyter'>, RegExp[]> = {
	python: [
		/read_json|read_csv|read_table|json\.loads?\b|DictReader|csv\.reader/,
		/to_csv|to_excel|to_parquet|to_json|writerows?\b|json\.dump|write_table/,
	],
	javascript: [
		/JSON\.parse|\.json\b|papa|csvParse|csv-parse/i,
		/json2csv|unparse|csv-stringify|\.join\(|JSON\.stringify|parquetWrite/,
	],
	typescript: [],
	shellscript: [/\b(jq|gojq|jaq|mlr|in2csv|csvjson|json2csv)\b/],
	r: [
		/fromJSON|read_json|stream_in|read[._]csv|read_tsv|fread|read\.delim|read\.table/,
		/write[._]|fwrite|stream_out/,
	],
};
NEEDS.typescript = NEEDS.javascript;

/** True when `source` may hold a conversion in `language` (a cheap test before the full walk). */
export function mayConvert(source: string, language: DetectLanguage): boolean {
	if (language === 'jupyter') {
		return true;
	}

	return NEEDS[language].every((pattern) => pattern.test(source));
}
