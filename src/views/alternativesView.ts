import * as vscode from 'vscode';
import type { Alternative } from '../estimators/alternatives';
import { kindLabel, lensTitle } from '../estimators/findingEstimate';
import type { ConversionInsights, DocumentFinding } from './conversionInsights';
import type { ShowAlternativesArguments } from './conversionLens';
import type { FootprintHost } from './host';

type Node =
	| { type: 'finding'; item: DocumentFinding; document: vscode.TextDocument }
	| { type: 'alternative'; alternative: Alternative }
	| { type: 'message'; text: string };

/** Opens the input file as a table (the `data` part owns that command). */
async function openAsTable(host: FootprintHost, path: string): Promise<void> {
	try {
		await vscode.commands.executeCommand('footprint.openAsTable', vscode.Uri.file(path));
	} catch (error) {
		host.log.warn(`Open as Table failed for ${path}: ${String(error)}`);
		void vscode.window.showWarningMessage(
			vscode.l10n.t('Could not open {0} as a table: {1}', path, String(error)),
		);
	}
}

/** The Alternatives view: the active editor's conversions, each with its greener options. */
class AlternativesProvider implements vscode.TreeDataProvider<Node> {
	private readonly changed = new vscode.EventEmitter<Node | undefined>();
	readonly onDidChangeTreeData = this.changed.event;

	constructor(private readonly insights: ConversionInsights) {}

	refresh(): void {
		this.changed.fire(undefined);
	}

	getTreeItem(node: Node): vscode.TreeItem {
		if (node.type === 'message') {
			return new vscode.TreeItem(node.text);
		}

		if (node.type === 'finding') {
			const { finding, result } = node.item;
			const line = finding.writeRange.line + 1;
			const item = new vscode.TreeItem(
				`${kindLabel(finding)} · ${vscode.l10n.t('line {0}', line)}`,
				vscode.TreeItemCollapsibleState.Expanded,
			);
			item.description = result
				? lensTitle(result)
						.replace(/ · Greener options…$/, '')
						.replace(/^[^·]+· /, '')
				: vscode.l10n.t('estimating…');
			item.tooltip = finding.evidence;
			item.iconPath = new vscode.ThemeIcon('arrow-swap');
			item.contextValue = 'footprintConversion';
			item.command = {
				command: 'vscode.open',
				title: vscode.l10n.t('Go to the Conversion'),
				arguments: [
					node.document.uri,
					{
						selection: new vscode.Range(
							finding.writeRange.line,
							finding.writeRange.column,
							finding.writeRange.line,
							finding.writeRange.column,
						),
					},
				],
			};
			return item;
		}

		const { alternative } = node;
		const item = new vscode.TreeItem(alternative.title);
		item.description = alternative.estimate;
		item.tooltip = new vscode.MarkdownString().appendText(
			`${alternative.why}\n\n${alternative.estimate}`,
		);
		item.iconPath = new vscode.ThemeIcon(alternative.id === 'openAsTable' ? 'table' : 'lightbulb');
		item.contextValue = `footprintAlternative ${alternative.id}`;
		if (alternative.id === 'openAsTable' && alternative.openPath) {
			item.command = {
				command: 'footprint.openAsTable',
				title: vscode.l10n.t('Open as Table'),
				arguments: [vscode.Uri.file(alternative.openPath)],
			};
		}

		return item;
	}

	async getChildren(node?: Node): Promise<Node[]> {
		if (!node) {
			const editor = vscode.window.activeTextEditor;
			if (!editor) {
				return [];
			}

			return this.insights
				.documentFindings(editor.document)
				.map((item) => ({ type: 'finding', item, document: editor.document }));
		}

		if (node.type !== 'finding') {
			return [];
		}

		const alternatives =
			node.item.key && node.item.result
				? await this.insights.alternatives(node.item.key)
				: undefined;
		if (!alternatives) {
			return [{ type: 'message', text: vscode.l10n.t('Estimating…') }];
		}

		return alternatives.map((alternative) => ({ type: 'alternative', alternative }));
	}

	dispose(): void {
		this.changed.dispose();
	}
}

/** Finds the finding a lens pointed at, or asks which one when several are in the active editor. */
async function pickFinding(
	insights: ConversionInsights,
	argument: ShowAlternativesArguments | undefined,
): Promise<DocumentFinding | undefined> {
	const document = argument
		? vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === argument.uri)
		: vscode.window.activeTextEditor?.document;
	if (!document) {
		return undefined;
	}

	const items = insights.documentFindings(document);
	if (argument) {
		return items.find((item) => item.finding.writeRange.line === argument.line);
	}

	if (items.length <= 1) {
		return items[0];
	}

	const picked = await vscode.window.showQuickPick(
		items.map((item) => ({
			label: `${kindLabel(item.finding)} · ${vscode.l10n.t('line {0}', item.finding.writeRange.line + 1)}`,
			detail: item.finding.evidence,
			item,
		})),
		{ placeHolder: vscode.l10n.t('Which conversion?') },
	);
	return picked?.item;
}

/** Registers the Alternatives view and the `footprint.showAlternatives` quick pick. */
export function registerAlternatives(host: FootprintHost, insights: ConversionInsights): void {
	const provider = new AlternativesProvider(insights);
	host.extension.subscriptions.push(provider);
	const view = vscode.window.createTreeView('footprint.alternatives', {
		treeDataProvider: provider,
		showCollapseAll: false,
	});
	host.extension.subscriptions.push(
		view,
		insights.onDidChange(() => provider.refresh()),
		vscode.window.onDidChangeActiveTextEditor(() => provider.refresh()),
		vscode.workspace.onDidChangeTextDocument((event) => {
			if (event.document === vscode.window.activeTextEditor?.document) {
				provider.refresh();
			}
		}),
	);

	host.extension.subscriptions.push(
		vscode.commands.registerCommand(
			'footprint.showAlternatives',
			async (argument?: ShowAlternativesArguments) => {
				const item = await pickFinding(insights, argument);
				if (!item) {
					void vscode.window.showInformationMessage(
						vscode.l10n.t('No data conversion found in this editor.'),
					);
					return;
				}

				const alternatives =
					item.key && item.result ? await insights.alternatives(item.key) : undefined;
				if (!alternatives) {
					void vscode.window.showInformationMessage(
						vscode.l10n.t('Footprint is still estimating this conversion; try again in a moment.'),
					);
					return;
				}

				const picked = await vscode.window.showQuickPick(
					alternatives.map((alternative) => ({
						label: alternative.title,
						description: alternative.estimate,
						detail: alternative.why,
						alternative,
					})),
					{
						title: vscode.l10n.t('Greener alternatives to {0}', kindLabel(item.finding)),
						matchOnDescription: true,
						matchOnDetail: true,
					},
				);
				if (!picked) {
					return;
				}

				if (picked.alternative.id === 'openAsTable' && picked.alternative.openPath) {
					await openAsTable(host, picked.alternative.openPath);
					return;
				}

				void vscode.window.showInformationMessage(
					`${picked.alternative.title}: ${picked.alternative.estimate}. ${picked.alternative.why}`,
				);
			},
		),
	);
}
