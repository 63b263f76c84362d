/**
 * The Open as Table webview: a virtualised table over the pages the host streams in. Only the rows
 * in view are in the DOM. Every file name, key and value is set with textContent, never as HTML, so
 * a hostile key or value is shown, not run.
 */
import { parseHostMessage, type TableInit, type WebviewMessage } from '../../data/tableMessages';

interface VsCodeApi {
	postMessage(message: WebviewMessage): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const ROW_HEIGHT = 22;
const OVERSCAN = 10;

const vscode = acquireVsCodeApi();
let info: TableInit | undefined;
let columns: string[] = [];
const rows: string[][] = [];
let done = false;
let loading = false;
let nextPage = 0;
let sortColumn = -1;
let sortDescending = false;
let search = '';
let filterColumn = -1;
let filterText = '';
/** Indexes into `rows` after filter, search and sort. */
let view: number[] = [];

function element<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	className?: string,
	text?: string,
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	if (className) {
		node.className = className;
	}

	if (text !== undefined) {
		node.textContent = text;
	}

	return node;
}

const root = document.getElementById('root')!;
const header = element('div', 'info');
const title = element('h1', 'title');
const details = element('div', 'details');
header.append(title, details);
const controls = element('div', 'controls');
const searchBox = element('input');
searchBox.type = 'search';
searchBox.placeholder = 'Search loaded rows';
searchBox.setAttribute('aria-label', 'Search loaded rows');
const filterSelect = element('select');
filterSelect.setAttribute('aria-label', 'Column to filter');
const filterBox = element('input');
filterBox.type = 'search';
filterBox.placeholder = 'Filter column contains…';
filterBox.setAttribute('aria-label', 'Filter text');
const loadMore = element('button', undefined, 'Load more');
controls.append(searchBox, filterSelect, filterBox, loadMore);
const status = element('div', 'status');
status.setAttribute('role', 'status');
const errorBox = element('div', 'error');
errorBox.setAttribute('role', 'alert');
const headRow = element('div', 'row head');
headRow.setAttribute('role', 'row');
const viewport = element('div', 'viewport');
viewport.setAttribute('role', 'grid');
const spacer = element('div', 'spacer');
const body = element('div', 'body');
spacer.append(body);
viewport.append(spacer);
root.append(header, controls, errorBox, headRow, viewport, status);

function formatBytes(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}

	return `${unit === 0 ? value.toFixed(0) : value.toPrecision(3)} ${units[unit]}`;
}

function gridTemplate(): string {
	return `repeat(${Math.max(columns.length, 1)}, minmax(8rem, 1fr))`;
}

function renderHeader(): void {
	headRow.replaceChildren();
	headRow.style.gridTemplateColumns = gridTemplate();
	columns.forEach((column, index) => {
		const cell = element('div', 'cell', column);
		cell.setAttribute('role', 'columnheader');
		cell.title = `${column} — click to sort`;
		cell.tabIndex = 0;
		if (index === sortColumn) {
			cell.textContent = `${column} ${sortDescending ? '▼' : '▲'}`;
			cell.setAttribute('aria-sort', sortDescending ? 'descending' : 'ascending');
		}

		const sort = () => {
			if (sortColumn === index) {
				if (sortDescending) {
					sortColumn = -1;
				}

				sortDescending = !sortDescending;
			} else {
				sortColumn = index;
				sortDescending = false;
			}

			recompute();
		};
		cell.addEventListener('click', sort);
		cell.addEventListener('keydown', (event) => {
			if (event.key === 'Enter' || event.key === ' ') {
				event.preventDefault();
				sort();
			}
		});
		headRow.append(cell);
	});

	const selected = filterSelect.value;
	filterSelect.replaceChildren(element('option', undefined, 'any column'));
	filterSelect.options[0].value = '-1';
	columns.forEach((column, index) => {
		const option = element('option', undefined, column);
		option.value = String(index);
		filterSelect.append(option);
	});
	filterSelect.value = selected || '-1';
}

function compare(a: string, b: string): number {
	const x = Number(a);
	const y = Number(b);
	if (a !== '' && b !== '' && Number.isFinite(x) && Number.isFinite(y)) {
		return x - y;
	}

	return a.localeCompare(b);
}

function recompute(): void {
	const needle = search.toLowerCase();
	const filterNeedle = filterText.toLowerCase();
	view = [];
	rows.forEach((row, index) => {
		if (needle && !row.some((cell) => cell.toLowerCase().includes(needle))) {
			return;
		}

		if (filterNeedle) {
			const cells = filterColumn >= 0 ? [row[filterColumn] ?? ''] : row;
			if (!cells.some((cell) => cell.toLowerCase().includes(filterNeedle))) {
				return;
			}
		}

		view.push(index);
	});
	if (sortColumn >= 0) {
		const direction = sortDescending ? -1 : 1;
		view.sort((a, b) => direction * compare(rows[a][sortColumn] ?? '', rows[b][sortColumn] ?? ''));
	}

	renderHeader();
	spacer.style.height = `${view.length * ROW_HEIGHT}px`;
	renderRows();
	renderStatus();
}

function renderRows(): void {
	const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_HEIGHT) - OVERSCAN);
	const count = Math.ceil(viewport.clientHeight / ROW_HEIGHT) + 2 * OVERSCAN;
	const last = Math.min(view.length, first + count);
	body.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
	const fragment = document.createDocumentFragment();
	for (let position = first; position < last; position++) {
		const row = rows[view[position]];
		const line = element('div', 'row');
		line.setAttribute('role', 'row');
		line.setAttribute('aria-rowindex', String(position + 1));
		line.style.gridTemplateColumns = gridTemplate();
		for (let column = 0; column < columns.length; column++) {
			const text = row[column] ?? '';
			const cell = element('div', 'cell', text);
			cell.setAttribute('role', 'gridcell');
			cell.title = text;
			line.append(cell);
		}

		fragment.append(line);
	}

	body.replaceChildren(fragment);
}

function renderStatus(): void {
	const limit =
		info && rows.length >= info.maxRows
			? ` (the first ${info.maxRows.toLocaleString()} rows are kept)`
			: '';
	const shown = view.length === rows.length ? '' : `${view.length.toLocaleString()} match · `;
	status.textContent =
		`${shown}${rows.length.toLocaleString()} rows loaded${done ? ' (whole file)' : ''}${limit} · ` +
		`${columns.length} columns · sort, filter and search apply to loaded rows`;
	loadMore.disabled = done || loading || (info !== undefined && rows.length >= info.maxRows);
}

function requestPage(): void {
	if (loading || done || (info && rows.length >= info.maxRows)) {
		return;
	}

	loading = true;
	loadMore.textContent = 'Loading…';
	vscode.postMessage({ type: 'loadPage', page: nextPage });
}

viewport.addEventListener('scroll', () => {
	renderRows();
	if (viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - ROW_HEIGHT * 20) {
		requestPage();
	}
});
window.addEventListener('resize', () => renderRows());
loadMore.addEventListener('click', requestPage);
searchBox.addEventListener('input', () => {
	search = searchBox.value;
	recompute();
});
filterBox.addEventListener('input', () => {
	filterText = filterBox.value;
	recompute();
});
filterSelect.addEventListener('change', () => {
	filterColumn = Number(filterSelect.value);
	recompute();
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
	const message = parseHostMessage(event.data);
	if (!message) {
		return;
	}

	if (message.type === 'init') {
		info = message;
		title.textContent = message.fileName;
		details.textContent = `${message.layout} · ${formatBytes(message.sizeBytes)} · columns: ${message.convention}`;
		requestPage();
		return;
	}

	if (message.type === 'error') {
		loading = false;
		loadMore.textContent = 'Load more';
		errorBox.textContent = message.message;
		return;
	}

	loading = false;
	loadMore.textContent = 'Load more';
	columns = message.columns;
	const room = (info?.maxRows ?? Infinity) - rows.length;
	rows.push(...message.rows.slice(0, Math.max(0, room)));
	done = message.done;
	nextPage = message.page + 1;
	recompute();
	// Fill the viewport on a tall window before the user scrolls.
	if (!done && view.length * ROW_HEIGHT < viewport.clientHeight * 2) {
		requestPage();
	}
});

vscode.postMessage({ type: 'ready' });
