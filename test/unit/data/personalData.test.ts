import * as assert from 'node:assert';
import type { CellValue } from '../../../src/data/flatten';
import { findPersonalData } from '../../../src/data/personalData';

function flagsOf(rows: Record<string, CellValue>[]): Record<string, string> {
	return Object.fromEntries(findPersonalData(rows).map((flag) => [flag.column, flag.kind]));
}

suite('personal-data flags', () => {
	test('flags columns from their names', () => {
		const rows = [
			{
				'customer.email': 'a@example.org',
				'user.firstName': 'Ada',
				last_name: 'Lovelace',
				phone: '0170 1234567',
				date_of_birth: '1815-12-10',
				'billing.street': 'Main St 1',
				client_ip: '10.0.0.1',
				'author.name': 'Ada',
			},
		];
		assert.deepStrictEqual(flagsOf(rows), {
			'customer.email': 'email',
			'user.firstName': 'name',
			last_name: 'name',
			phone: 'phone',
			date_of_birth: 'birthDate',
			'billing.street': 'address',
			client_ip: 'ipAddress',
			'author.name': 'name',
		});
	});

	test('flags columns from their values when the name says nothing', () => {
		const rows = [
			{
				contact: 'ann@example.com',
				peer: '192.168.1.20',
				c: '+49 30 1234567',
				where: '12 Baker Street',
			},
			{
				contact: 'bob@example.co.uk',
				peer: '2001:db8::1',
				c: '+1 (555) 010-9999',
				where: '221B Baker Street',
			},
			{
				contact: 'carol@mail.example',
				peer: '10.1.2.3',
				c: '+33 1 23 45 67 89',
				where: 'Hauptstraße 5',
			},
		];
		assert.deepStrictEqual(flagsOf(rows), {
			contact: 'email',
			peer: 'ipAddress',
			c: 'phone',
			where: 'address',
		});
		const reason = findPersonalData(rows).find((flag) => flag.column === 'contact')!.reason;
		assert.match(reason, /3 of 3 sampled values look like email addresses/);
		assert.ok(!reason.includes('ann@'), 'the reason never repeats the data');
	});

	test('a plain name column is flagged only when it holds people’s names', () => {
		assert.deepStrictEqual(flagsOf([{ name: 'Grace Hopper' }, { name: 'Alan Turing' }]), {
			name: 'name',
		});
		assert.deepStrictEqual(flagsOf([{ name: 'build' }, { name: 'lint' }]), {});
	});

	test('near misses are not flagged', () => {
		const rows = [
			{
				filename: 'report.csv',
				hostname: 'db-01.internal',
				'file.name': 'x.json',
				'client.version': '110.0.5481.77',
				version: '1.2.3.4',
				'client.mobile': true,
				'geo.city': 'Berlin',
				timestamp: '2026-11-16T14:16:09.976Z',
				date: '2026-11-16',
				durationMs: 451848,
				package_name: 'left-pad',
				email_verified: false,
				zipFile: 'a.zip',
				mac_address: '00:1a:2b:3c:4d:5e',
				count: '1234567',
				ratio: '12.5.2026',
			},
			{
				filename: 'b.csv',
				hostname: 'db-02.internal',
				'file.name': 'y.json',
				'client.version': '111.0.1.2',
				version: '2.0.0.1',
				'client.mobile': false,
				'geo.city': 'New York',
				timestamp: '2026-11-17T10:00:00Z',
				date: '2026-11-17',
				durationMs: 12,
				package_name: 'is-odd',
				email_verified: true,
				zipFile: 'b.zip',
				mac_address: '00:1a:2b:3c:4d:5f',
				count: '7654321',
				ratio: '1.2.2025',
			},
		];
		assert.deepStrictEqual(flagsOf(rows), {});
	});
});
