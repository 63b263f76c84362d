import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { classifyDataFile, isTableable } from '../data/formats';
import { RecordReaderError } from '../data/recordReader';
import { parseWebviewMessage, type HostMessage } from '../data/tableMessages';
import { TableSession } from '../data/tableSession';
import type { FootprintHost } from './host';

/** The command id, also called with a Uri by the Data view and the alternatives feature. */
export const OPEN_AS_TABLE_COMMAND = 'footprint.openAsTable';

/** The view type of the table panels (tests find panels by it). */
export const TABLE_VIEW_TYPE = 'footprint.table';

/** The HTML shell: a strict policy with a nonce, one script from dist/webview, styles inline. */
function tableHtml(
	webview: vscode.Webview,
	scriptUri: vscode.Uri,
	nonce: string,
	title: string,
): string {
	const policy = [
		"default-src 'none'",
		`script-src 'nonce-${nonce}'`,
		`style-src ${webview.cspSource} 'nonce-${nonce}'`,
	].join('; ');
	// The title goes into the page only through the script (textContent); here it is escaped text.
	const escapedTitle = title.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapedTitle}</title>
<style nonce="${nonce}">
body { padding: 0 12px; color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
#root { display: flex; flex-direction: column; height: 100vh; }
.title { font-size: 1.2em; margin: 8px 0 2px; word-break: break-all; }
.details, .status { color: var(--vscode-descriptionForeground); margin: 2px 0 6px; }
.controls { display: flex; gap: 6px; margin-bottom: 6px; flex-wrap: wrap; }
.controls input, .controls select { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; }
.controls button { background: var(--vscode-button-background); color: var(--vscode-button-foreground); border: none; padding: 3px 10px; cursor: pointer; }
.controls button:disabled { opacity: 0.5; cursor: default; }
.error { color: var(--vscode-errorForeground); white-space: pre-wrap; }
.error:empty { display: none; }
.viewport { flex: 1; overflow: auto; position: relative; border-top: 1px solid var(--vscode-panel-border); }
.spacer { position: relative; }
.body { position: absolute; top: 0; left: 0; right: 0; }
.row { display: grid; height: 22px; line-height: 22px; border-bottom: 1px solid var(--vscode-editorGroup-border, transparent); }
.row.head { font-weight: 600; background: var(--vscode-editor-background); }
.row.head .cell { cursor: pointer; }
.cell { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; padding: 0 6px; border-right: 1px solid var(--vscode-editorGroup-border, transparent); }
</style>
</head>
<body>
<div id="root"></div>
<script nonce="${nonce}" src="${scriptUri.toString()}"></script>
</body>
</html>`;
}

/** The Uri to open: the argument (Explorer, Data view, alternatives), else the active editor's file. */
function targetUri(argument: unknown): vscode.Uri | undefined {
	if (argument instanceof vscode.Uri) {
		return argument;
	}

	const fromItem = (argument as { resourceUri?: unknown } | undefined)?.resourceUri;
	if (fromItem instanceof vscode.Uri) {
		return fromItem;
	}

	return vscode.window.activeTextEditor?.document.uri;
}

/** Registers Open as Table: a streamed, paged table of a JSON, NDJSON, CSV or TSV file. */
export function registerOpenAsTable(host: FootprintHost): void {
	const panels = new Map<string, vscode.WebviewPanel>();
	const webviewRoot = vscode.Uri.joinPath(host.extension.extensionUri, 'dist', 'webview');

	const open = async (argument: unknown): Promise<vscode.WebviewPanel | undefined> => {
		const uri = targetUri(argument);
		if (!uri) {
			void vscode.window.showInformationMessage(
				vscode.l10n.t('Open a JSON, NDJSON, CSV or TSV file to show it as a table.'),
			);
			return undefined;
		}

		if (uri.scheme !== 'file') {
			void vscode.window.showErrorMessage(vscode.l10n.t('Open as Table reads files on disk only.'));
			return undefined;
		}

		if (!isTableable(classifyDataFile(uri.fsPath))) {
			void vscode.window.showErrorMessage(
				vscode.l10n.t('Open as Table works on JSON, NDJSON, CSV and TSV files (not compressed).'),
			);
			return undefined;
		}

		const existing = panels.get(uri.fsPath);
		if (existing) {
			existing.reveal();
			return existing;
		}

		let session: TableSession;
		try {
			session = await TableSession.open(uri.fsPath, host.configuration.current.arrays);
		} catch (error) {
			const message = error instanceof RecordReaderError ? error.message : String(error);
			host.log.warn(`Open as Table: ${message}`);
			void vscode.window.showErrorMessage(vscode.l10n.t('Cannot open as a table: {0}', message));
			return undefined;
		}

		const fileName = uri.path.split('/').pop() ?? uri.fsPath;
		const panel = vscode.window.createWebviewPanel(
			TABLE_VIEW_TYPE,
			vscode.l10n.t('Table: {0}', fileName),
			vscode.ViewColumn.Active,
			{ enableScripts: true, localResourceRoots: [webviewRoot], retainContextWhenHidden: false },
		);
		panels.set(uri.fsPath, panel);
		const nonce = randomBytes(16).toString('base64');
		const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(webviewRoot, 'table.js'));
		const post = (message: HostMessage) => {
			void panel.webview.postMessage(message);
		};

		// Pages are read one at a time, in order of asking, so a fast scroll cannot interleave reads.
		let queue = Promise.resolve();
		const subscription = panel.webview.onDidReceiveMessage((raw: unknown) => {
			const message = parseWebviewMessage(raw);
			if (!message) {
				host.log.warn('Open as Table: ignored an unexpected message from the webview');
				return;
			}

			queue = queue.then(async () => {
				if (message.type === 'ready') {
					post(session.init());
				} else {
					post(await session.page(message.page));
				}
			});
		});
		panel.onDidDispose(() => {
			subscription.dispose();
			panels.delete(uri.fsPath);
			void queue.then(() => session.close());
		});
		panel.webview.html = tableHtml(panel.webview, script, nonce, fileName);
		return panel;
	};

	host.extension.subscriptions.push(vscode.commands.registerCommand(OPEN_AS_TABLE_COMMAND, open), {
		dispose: () => {
			for (const panel of panels.values()) {
				panel.dispose();
			}
		},
	});
}
