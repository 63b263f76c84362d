import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { resolveStorageIntensity } from '../data/gridIntensity';
import { detectConversions, detectLanguageOf } from '../detect/detect';
import type { Finding } from '../detect/finding';
import { detectNotebookCells, type NotebookCell } from '../detect/notebook';
import { resolveDataPath } from '../detect/paths';
import { greenerAlternatives, type Alternative } from '../estimators/alternatives';
import { parseConvention } from '../estimators/conversion/convention';
import { createEstimateContext, type EstimateContext } from '../estimators/energyContext';
import { estimateFinding, type FindingEstimate } from '../estimators/findingEstimate';
import type { FootprintHost } from './host';
import { loadMachineProfile } from '../monitor/profileLoader';

/**
 * Documents longer than this are not scanned: detection runs on the extension host's thread, and a
 * generated file of this size is rarely a script someone edits by hand.
 */
const MAX_SCANNED_CHARACTERS = 2_000_000;

/** How long a looked-up input file's size and time are trusted before they are checked again. */
const INPUT_RECHECK_MS = 5_000;

/** A finding in a document, with its numbers once they are known. */
export interface DocumentFinding {
	finding: Finding;
	/** Cache key of its estimate. */
	key?: string;
	result?: FindingEstimate;
}

interface CachedEstimate {
	result: FindingEstimate;
	alternatives?: Alternative[];
}

/**
 * Detects conversions in open documents and estimates them in the background. Detection results are
 * cached per document version; estimates per input file path, modification time and size (plus the
 * target, converter and convention), so typing never re-reads a data file that did not change.
 */
export class ConversionInsights implements vscode.Disposable {
	private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
	/** Fires when estimates for a document arrive (or everything, with `undefined`). */
	readonly onDidChange = this.changed.event;
	private readonly detections = new Map<string, { version: number; findings: Finding[] }>();
	private readonly estimates = new Map<string, CachedEstimate>();
	private readonly inFlight = new Map<string, { done: Promise<boolean>; signal: AbortSignal }>();
	private readonly running = new Map<string, { identities: string; controller: AbortController }>();
	private context: Promise<EstimateContext | undefined> | undefined;
	private readonly subscriptions: vscode.Disposable[] = [];

	constructor(private readonly host: FootprintHost) {
		this.subscriptions.push(
			this.changed,
			host.configuration.onDidChange(() => {
				this.context = undefined;
				this.estimates.clear();
				this.changed.fire(undefined);
			}),
			vscode.workspace.onDidCloseTextDocument((document) => {
				const key = document.uri.toString();
				this.detections.delete(key);
				this.running.get(key)?.controller.abort();
				this.running.delete(key);
			}),
		);
	}

	/** Findings in a document (synchronous, bounded); `[]` for languages the detectors do not read. */
	findings(document: vscode.TextDocument): Finding[] {
		const key = document.uri.toString();
		const cached = this.detections.get(key);
		if (cached && cached.version === document.version) {
			return cached.findings;
		}

		const findings = this.detect(document);
		this.detections.set(key, { version: document.version, findings });
		return findings;
	}

	private detect(document: vscode.TextDocument): Finding[] {
		const notebook = this.notebookOf(document);
		if (notebook) {
			const cells: NotebookCell[] = notebook.getCells().map((cell) => ({
				kind: cell.kind === vscode.NotebookCellKind.Code ? 'code' : 'markdown',
				source: cell.document.getText(),
			}));
			const index = notebook.getCells().findIndex((cell) => cell.document === document);
			const language = document.languageId === 'r' ? 'r' : 'python';
			return detectNotebookCells(cells, language).filter((finding) => finding.cell === index);
		}

		const language = detectLanguageOf(document.languageId);
		if (!language || language === 'jupyter') {
			return [];
		}

		const text = document.getText();
		if (text.length > MAX_SCANNED_CHARACTERS) {
			this.host.log.debug(
				`${document.uri.fsPath}: ${text.length} characters, too long to scan for conversions`,
			);
			return [];
		}

		const result = detectConversions(text, language);
		if (result.error) {
			this.host.log.warn(`${document.uri.fsPath}: ${result.error}`);
		}

		return result.findings;
	}

	private notebookOf(document: vscode.TextDocument): vscode.NotebookDocument | undefined {
		if (document.uri.scheme !== 'vscode-notebook-cell') {
			return undefined;
		}

		return vscode.workspace.notebookDocuments.find((notebook) =>
			notebook.getCells().some((cell) => cell.document === document),
		);
	}

	/**
	 * Findings with whatever estimates are ready; starts the missing ones in the background (they fire
	 * `onDidChange` when done). Starting again for a document aborts its stale estimates.
	 */
	documentFindings(document: vscode.TextDocument): DocumentFinding[] {
		const findings = this.findings(document).map((finding): DocumentFinding => ({ finding }));
		const pending: DocumentFinding[] = [];
		for (const item of findings) {
			const key = this.cacheKeyWithoutFile(item.finding);
			const ready = this.lookup(item.finding, document);
			if (ready) {
				item.result = ready.result;
				item.key = ready.key;
				// The input file may have changed since it was last looked at: check its size and time
				// again in the background, showing the figures we have meanwhile.
				if (ready.stale) {
					pending.push(item);
				}
			} else {
				item.key = key;
				pending.push(item);
			}
		}

		if (pending.length > 0) {
			this.start(document, pending);
		}

		return findings;
	}

	/** Finding identity → cache key of its input file as last seen, and when it was looked at. */
	private readonly resolvedKeys = new Map<string, { key: string; checkedAt: number }>();

	private lookup(
		finding: Finding,
		document: vscode.TextDocument,
	): { key: string; result: FindingEstimate; stale: boolean } | undefined {
		const resolved = this.resolvedKeys.get(this.findingIdentity(finding, document));
		const cached = resolved ? this.estimates.get(resolved.key) : undefined;
		if (!resolved || !cached) {
			return undefined;
		}

		const stale = Date.now() - resolved.checkedAt > INPUT_RECHECK_MS;
		return { key: resolved.key, result: cached.result, stale };
	}

	private findingIdentity(finding: Finding, document: vscode.TextDocument): string {
		return `${document.uri.toString()}|${finding.from.pathLiteral ?? ''}|${this.cacheKeyWithoutFile(finding)}`;
	}

	private cacheKeyWithoutFile(finding: Finding): string {
		const settings = this.host.configuration.current;
		return `${finding.from.format}>${finding.to.format}|${finding.converter}|${settings.converter}|${settings.arrays}`;
	}

	private start(document: vscode.TextDocument, pending: DocumentFinding[]): void {
		const documentKey = document.uri.toString();
		const identities = pending
			.map((item) => this.findingIdentity(item.finding, document))
			.join('\n');
		const running = this.running.get(documentKey);
		// Lenses and hints ask for the same findings: keep work that is still wanted, abort stale work.
		if (running && running.identities === identities && !running.controller.signal.aborted) {
			return;
		}

		running?.controller.abort();
		const controller = new AbortController();
		this.running.set(documentKey, { identities, controller });
		const folder = this.folderOf(document);

		const work = pending.map(async (item): Promise<boolean> => {
			const identity = this.findingIdentity(item.finding, document);
			const { inputPath, reason, fileKey } = await this.resolveInput(item.finding, folder);
			if (controller.signal.aborted) {
				return false;
			}

			const key = `${fileKey}|${this.cacheKeyWithoutFile(item.finding)}`;
			const previous = this.resolvedKeys.get(identity)?.key;
			this.resolvedKeys.set(identity, { key, checkedAt: Date.now() });
			if (this.estimates.has(key) && previous === key) {
				// Same file, same size and time: nothing new to show.
				return false;
			}

			if (this.estimates.has(key)) {
				return true;
			}

			const flight = this.inFlight.get(key);
			if (flight && !flight.signal.aborted) {
				return flight.done;
			}

			const done = this.estimate(item.finding, inputPath, reason, key, controller.signal);
			this.inFlight.set(key, { done, signal: controller.signal });
			void done.finally(() => {
				if (this.inFlight.get(key)?.done === done) {
					this.inFlight.delete(key);
				}
			});
			return done;
		});

		void Promise.all(work).then(
			(outcomes) => {
				if (this.running.get(documentKey)?.controller === controller) {
					this.running.delete(documentKey);
				}

				// Only news is announced: a failed estimate is not retried until the document changes.
				if (!controller.signal.aborted && outcomes.some((ok) => ok)) {
					this.changed.fire(document.uri);
				}
			},
			(error: unknown) => {
				if (!controller.signal.aborted) {
					this.host.log.warn(`estimating conversions in ${document.uri.fsPath}: ${String(error)}`);
				}
			},
		);
	}

	private folderOf(document: vscode.TextDocument): string {
		const notebook = this.notebookOf(document);
		const uri = notebook?.uri ?? document.uri;
		return uri.scheme === 'file'
			? path.dirname(uri.fsPath)
			: (vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '');
	}

	private async resolveInput(
		finding: Finding,
		folder: string,
	): Promise<{ inputPath?: string; reason?: string; fileKey: string }> {
		const literal = finding.from.pathLiteral;
		if (literal === undefined) {
			return {
				reason: vscode.l10n.t('input path is not a literal in the code'),
				fileKey: 'unknown',
			};
		}

		const roots = (vscode.workspace.workspaceFolders ?? []).map(
			(workspace) => workspace.uri.fsPath,
		);
		const sizes = new Map<string, string>();
		const found = await resolveDataPath(
			literal,
			{ fileFolder: folder, workspaceRoots: roots },
			async (candidate) => {
				try {
					const info = await stat(candidate);
					sizes.set(candidate, `${info.size}@${info.mtimeMs}`);
					return info.isFile();
				} catch {
					return false;
				}
			},
		);
		if (!found) {
			return {
				reason: vscode.l10n.t('{0} not found', literal),
				fileKey: `missing:${literal}:${folder}`,
			};
		}

		return { inputPath: found, fileKey: `${found}|${sizes.get(found)}` };
	}

	private async estimate(
		finding: Finding,
		inputPath: string | undefined,
		reason: string | undefined,
		key: string,
		signal: AbortSignal,
	): Promise<boolean> {
		const settings = this.host.configuration.current;
		try {
			const result = await estimateFinding(finding, {
				inputPath,
				unresolvedReason: reason,
				choice: settings.converter,
				convention: parseConvention(settings.arrays),
				context: await this.energyContext(),
				signal,
			});
			this.estimates.set(key, { result });
			return true;
		} catch (error) {
			if (!signal.aborted) {
				this.host.log.warn(
					`estimate for ${inputPath ?? finding.from.pathLiteral ?? 'a conversion'}: ${String(error)}`,
				);
			}

			return false;
		}
	}

	private energyContext(): Promise<EstimateContext | undefined> {
		this.context ??= (async () => {
			try {
				return createEstimateContext({
					machine: await loadMachineProfile(),
					settings: this.host.configuration.current,
				});
			} catch (error) {
				// Without a grid intensity the lens still shows size, time and memory.
				this.host.log.warn(`no energy figures for conversions: ${String(error)}`);
				return undefined;
			}
		})();
		return this.context;
	}

	/** The greener alternatives for an estimated finding (cached with its estimate). */
	async alternatives(key: string): Promise<Alternative[] | undefined> {
		const cached = this.estimates.get(key);
		if (!cached) {
			return undefined;
		}

		if (!cached.alternatives) {
			const settings = this.host.configuration.current;
			cached.alternatives = await greenerAlternatives(cached.result, {
				usedColumns: cached.result.finding.columns?.length,
				convention: parseConvention(settings.arrays),
				storage: {
					medium: settings.storageMedium,
					replication: settings.storageReplication,
					intensity: resolveStorageIntensity(settings),
				},
			});
		}

		return cached.alternatives;
	}

	dispose(): void {
		for (const { controller } of this.running.values()) {
			controller.abort();
		}

		for (const subscription of this.subscriptions) {
			subscription.dispose();
		}
	}
}
