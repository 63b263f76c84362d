import * as vscode from 'vscode';
import { DETECTED_LANGUAGE_IDS } from '../detect/detect';
import { describeEstimate, inlineHint, lensTitle } from '../estimators/findingEstimate';
import { ConversionInsights, type DocumentFinding } from './conversionInsights';
import type { FootprintHost } from './host';

/** Waiting time after the last keystroke before hints are recomputed (an editor switch is immediate). */
const TYPING_DEBOUNCE_MS = 500;

/** Arguments of `footprint.showAlternatives` when a code lens runs it. */
export interface ShowAlternativesArguments {
	uri: string;
	line: number;
}

function toRange(finding: DocumentFinding['finding']): vscode.Range {
	const range = finding.writeRange;
	return new vscode.Range(range.line, range.column, range.endLine, range.endColumn);
}

/** Shows the relative path of an input file when it is inside the workspace. */
function displayPath(item: DocumentFinding): string | undefined {
	const input = item.result?.inputPath;
	return input ? vscode.workspace.asRelativePath(input, false) : undefined;
}

/** Code lenses above lines that convert data, with the numbers for the real input file. */
class ConversionLensProvider implements vscode.CodeLensProvider {
	private readonly changed = new vscode.EventEmitter<void>();
	readonly onDidChangeCodeLenses = this.changed.event;

	constructor(
		private readonly host: FootprintHost,
		private readonly insights: ConversionInsights,
	) {}

	refresh(): void {
		this.changed.fire();
	}

	provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
		if (!this.host.configuration.current.codeLensEnabled) {
			return [];
		}

		return this.insights.documentFindings(document).map((item) => {
			const range = toRange(item.finding);
			const argument: ShowAlternativesArguments = {
				uri: document.uri.toString(),
				line: item.finding.writeRange.line,
			};
			const title = item.result
				? lensTitle(item.result, displayPath(item))
				: vscode.l10n.t('Footprint: estimating {0}…', item.finding.kind.toUpperCase());
			return new vscode.CodeLens(range, {
				title,
				tooltip: item.result ? describeEstimate(item.result) : item.finding.evidence,
				command: 'footprint.showAlternatives',
				arguments: [argument],
			});
		});
	}

	dispose(): void {
		this.changed.dispose();
	}
}

/** Short hints at the end of converting lines, in the contributed colour. */
class InlineHints implements vscode.Disposable {
	private readonly decoration = vscode.window.createTextEditorDecorationType({
		after: {
			color: new vscode.ThemeColor('footprint.inlineHintForeground'),
			margin: '0 0 0 2em',
			fontStyle: 'italic',
		},
		rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
	});

	constructor(
		private readonly host: FootprintHost,
		private readonly insights: ConversionInsights,
	) {}

	update(editor: vscode.TextEditor | undefined): void {
		if (!editor) {
			return;
		}

		if (!this.host.configuration.current.inlineHintsEnabled) {
			editor.setDecorations(this.decoration, []);
			return;
		}

		const options = this.insights
			.documentFindings(editor.document)
			.map((item): vscode.DecorationOptions => {
				const line = editor.document.lineAt(
					Math.min(item.finding.writeRange.line, editor.document.lineCount - 1),
				);
				const text = item.result
					? inlineHint(item.result)
					: vscode.l10n.t('Footprint: estimating…');
				return {
					range: new vscode.Range(line.range.end, line.range.end),
					renderOptions: { after: { contentText: text } },
					hoverMessage: item.result
						? new vscode.MarkdownString().appendText(describeEstimate(item.result))
						: undefined,
				};
			});
		editor.setDecorations(this.decoration, options);
	}

	dispose(): void {
		this.decoration.dispose();
	}
}

/**
 * Registers the conversion code lens and inline hints. Returns the shared insights so the
 * Alternatives view and its quick pick use the same findings and estimates.
 */
export function registerConversionLens(host: FootprintHost): ConversionInsights {
	const insights = new ConversionInsights(host);
	host.extension.subscriptions.push(insights);
	const lenses = new ConversionLensProvider(host, insights);
	host.extension.subscriptions.push(lenses);
	const hints = new InlineHints(host, insights);
	host.extension.subscriptions.push(hints);

	const selector: vscode.DocumentSelector = DETECTED_LANGUAGE_IDS.filter(
		(id) => id !== 'jupyter',
	).flatMap((language) => [
		{ language, scheme: 'file' },
		{ language, scheme: 'untitled' },
		{ language, scheme: 'vscode-notebook-cell' },
	]);
	host.extension.subscriptions.push(vscode.languages.registerCodeLensProvider(selector, lenses));

	const visible = () =>
		vscode.window.visibleTextEditors.filter(
			(editor) => vscode.languages.match(selector, editor.document) > 0,
		);
	let timer: NodeJS.Timeout | undefined;
	const refreshAll = () => {
		lenses.refresh();
		for (const editor of visible()) {
			hints.update(editor);
		}
	};

	host.extension.subscriptions.push(
		insights.onDidChange(refreshAll),
		host.configuration.onDidChange(refreshAll),
		vscode.window.onDidChangeActiveTextEditor((editor) => hints.update(editor)),
		vscode.window.onDidChangeVisibleTextEditors(refreshAll),
		vscode.workspace.onDidChangeTextDocument((event) => {
			if (!visible().some((editor) => editor.document === event.document)) {
				return;
			}

			clearTimeout(timer);
			timer = setTimeout(() => {
				for (const editor of visible()) {
					if (editor.document === event.document) {
						hints.update(editor);
					}
				}
			}, TYPING_DEBOUNCE_MS);
		}),
		{ dispose: () => clearTimeout(timer) },
	);

	for (const editor of visible()) {
		hints.update(editor);
	}

	return insights;
}
