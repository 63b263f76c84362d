// Child process for the kill test: appends records in a loop and prints each id once its append
// has resolved. The parent kills it with SIGKILL at an arbitrary moment.
import { HistoryStore } from '../../../src/history/store';
import { makeRecord } from './records';

async function main(): Promise<void> {
	const folder = process.argv[2];
	const store = await HistoryStore.open(folder);
	for (;;) {
		// A large label makes each write take long enough that some kills land mid-write.
		const record = makeRecord({ label: 'x'.repeat(20_000) });
		await store.append(record);
		process.stdout.write(`${record.id}\n`);
	}
}

void main();
