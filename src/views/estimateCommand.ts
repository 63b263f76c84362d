import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseConvention } from '../estimators/conversion/convention';
import { CONVERTERS } from '../estimators/conversion/converterCost';
import {
	estimateConversion,
	OUTPUT_FORMATS,
	type OutputFormat,
} from '../estimators/conversion/estimateConversion';
import { EstimateError } from '../estimators/conversion/estimateError';
import { converterCosts, formatEstimate } from '../estimators/conversion/report';
import { createEstimateContext, type EstimateContext } from '../estimators/energyContext';
import type { FootprintHost } from './host';
import { loadMachineProfile } from '../monitor/profileLoader';

/** The command id (see package.json). */
export const ESTIMATE_CONVERSION = 'footprint.estimateConversion';

const FORMAT_DESCRIPTIONS: Record<OutputFormat, string> = {
	csv: 'comma-separated text',
	tsv: 'tab-separated text',
	parquet: 'columnar, compressed (Snappy)',
	ndjson: 'one JSON record per line',
	json: 'one JSON array',
	'csv.gz': 'CSV compressed with gzip',
};

/**
 * Registers **Estimate Conversion of This File**: asks for a target format, estimates the converted
 * size from a bounded sample of the file and what common converters would spend doing it, and shows
 * the same report as `footprint estimate` in a read-only editor. All reading is asynchronous and
 * cancellable from the progress notification.
 */
export function registerEstimateCommand(host: FootprintHost): void {
	host.extension.subscriptions.push(
		vscode.commands.registerCommand(ESTIMATE_CONVERSION, (uri?: vscode.Uri, to?: OutputFormat) =>
			estimateFile(host, uri, to),
		),
	);
}

/** Resolves to the report text, or undefined when the user cancelled or the file could not be read. */
async function estimateFile(
	host: FootprintHost,
	uri: vscode.Uri | undefined,
	to: OutputFormat | undefined,
): Promise<string | undefined> {
	const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
	if (!target || target.scheme !== 'file') {
		void vscode.window.showWarningMessage(
			vscode.l10n.t(
				'Footprint: open a JSON, NDJSON, CSV or TSV file on disk to estimate its conversion.',
			),
		);
		return undefined;
	}

	const format = to ?? (await pickFormat(target));
	if (!format) {
		return undefined;
	}

	const settings = host.configuration.current;
	const name = path.basename(target.fsPath);
	try {
		return await vscode.window.withProgress(
			{
				location: vscode.ProgressLocation.Notification,
				title: vscode.l10n.t('Footprint: estimating {0} → {1}…', name, format.toUpperCase()),
				cancellable: true,
			},
			async (_progress, token) => {
				const controller = new AbortController();
				const subscription = token.onCancellationRequested(() => controller.abort());
				try {
					const estimate = await estimateConversion(target.fsPath, {
						to: format,
						convention: parseConvention(settings.arrays),
						signal: controller.signal,
					});
					const context = await energyContext(host);
					const report = formatEstimate(
						vscode.workspace.asRelativePath(target, false),
						estimate,
						converterCosts(estimate, CONVERTERS, context),
					);
					const document = await vscode.workspace.openTextDocument({
						content: report,
						language: 'plaintext',
					});
					await vscode.window.showTextDocument(document, { preview: true });
					return report;
				} finally {
					subscription.dispose();
				}
			},
		);
	} catch (error) {
		if (error instanceof EstimateError && error.code === 'cancelled') {
			return undefined;
		}

		const message = error instanceof Error ? error.message : String(error);
		host.log.warn(`estimate ${target.fsPath}: ${message}`);
		void vscode.window.showErrorMessage(vscode.l10n.t('Footprint: {0}', message));
		return undefined;
	}
}

async function pickFormat(target: vscode.Uri): Promise<OutputFormat | undefined> {
	const from = path.extname(target.fsPath).slice(1).toLowerCase();
	const items = OUTPUT_FORMATS.filter((format) => format !== from).map((format) => ({
		label: format.toUpperCase(),
		description: FORMAT_DESCRIPTIONS[format],
		format,
	}));
	const picked = await vscode.window.showQuickPick(items, {
		title: vscode.l10n.t('Estimate the conversion of {0} to…', path.basename(target.fsPath)),
		placeHolder: vscode.l10n.t('Target format'),
	});
	return picked?.format;
}

/** Energy figures need the machine and a grid intensity; without them size, time and memory stand. */
async function energyContext(host: FootprintHost): Promise<EstimateContext | null> {
	try {
		return createEstimateContext({
			machine: await loadMachineProfile(),
			settings: host.configuration.current,
		});
	} catch (error) {
		host.log.warn(`no energy figures for the estimate: ${String(error)}`);
		return null;
	}
}
