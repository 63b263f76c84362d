/**
 * Flags columns that look like personal data, as a data-sovereignty hint: from the column's name and
 * from the pattern of its sampled values. A hint, not a verdict: it says which column and why, and
 * never repeats the values it saw.
 */
import type { CellValue } from './flatten';

/** Kinds of personal data Footprint looks for. */
export type PersonalDataKind = 'email' | 'phone' | 'name' | 'address' | 'ipAddress' | 'birthDate';

/** One flagged column. */
export interface PersonalDataFlag {
	column: string;
	kind: PersonalDataKind;
	/** Plain-words reason, e.g. `the name "email"` or `18 of 20 sampled values look like email addresses`. */
	reason: string;
}

/** Share of non-empty sampled values that must match a value pattern for a column to be flagged. */
const VALUE_SHARE = 0.5;

const KIND_LABEL: Record<PersonalDataKind, string> = {
	email: 'email addresses',
	phone: 'phone numbers',
	name: "people's names",
	address: 'postal addresses',
	ipAddress: 'IP addresses',
	birthDate: 'birth dates',
};

/** Human label of a kind, e.g. `email addresses`. */
export function personalDataLabel(kind: PersonalDataKind): string {
	return KIND_LABEL[kind];
}

const EMAIL_VALUE = /^[^\s@<>()[\]\\,;:"]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i;
const INTERNATIONAL_PHONE_VALUE = /^\+\d[\d\s().-]{6,18}\d$/;
const NORTH_AMERICAN_PHONE_VALUE = /^\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}$/;
const IPV4_VALUE = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6_VALUE = /^(?=.*[a-f:])([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$|^(?=.*::)[0-9a-f:]{2,39}$/i;
const STREET_VALUE =
	/^\d+[a-z]?\s+([\p{L}'.-]+\s+){0,4}(street|st|avenue|ave|road|rd|lane|ln|boulevard|blvd|drive|dr|way|court|ct|place|pl)\b\.?|^([\p{L}'.-]+\s)?[\p{L}'.-]*(straße|strasse|weg|gasse|allee|platz)\s+\d+[a-z]?\b|^\d+[a-z]?,?\s+(rue|avenue|boulevard|chemin|via|calle)\s/iu;
const PERSON_NAME_VALUE = /^\p{Lu}[\p{Ll}'-]+(\s\p{Lu}\.?)?(\s\p{Lu}[\p{Ll}'-]+){1,2}$/u;

/** Single-token keys that name a person's name. */
const NAME_KEYS = new Set([
	'firstname',
	'lastname',
	'fullname',
	'givenname',
	'familyname',
	'surname',
	'forename',
	'middlename',
	'maidenname',
	'displayname',
]);
const NAME_QUALIFIERS = new Set([
	'first',
	'last',
	'full',
	'given',
	'family',
	'middle',
	'maiden',
	'display',
	'real',
	'legal',
]);
/** Words before `name` that make it a person's name (`customer.name`, `author_name`). */
const PERSON_CONTEXT = new Set([
	'customer',
	'user',
	'person',
	'author',
	'contact',
	'employee',
	'patient',
	'owner',
	'member',
	'student',
	'recipient',
	'sender',
	'buyer',
	'passenger',
	'subscriber',
	'account',
	'holder',
]);
/** Words that make a `name` column something other than a person (`filename`, `host_name`). */
const NOT_PERSON = new Set([
	'file',
	'host',
	'domain',
	'server',
	'path',
	'project',
	'package',
	'app',
	'product',
	'company',
	'org',
	'organisation',
	'organization',
	'event',
	'type',
	'class',
	'table',
	'column',
	'field',
	'key',
	'bucket',
	'branch',
	'repo',
	'module',
	'function',
	'method',
	'browser',
	'city',
	'country',
	'street',
	'variable',
	'tag',
	'label',
	'brand',
	'model',
	'device',
	'team',
	'group',
	'role',
	'category',
	'page',
	'site',
	'service',
	'image',
	'container',
	'node',
	'queue',
	'topic',
	'metric',
	'dataset',
	'sheet',
]);

/** Splits a key like `customer.firstName` or `e_mail` into lower-case words. */
function words(key: string): string[] {
	return key
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z0-9]+/)
		.filter((word) => word.length > 0);
}

function kindFromKey(column: string): PersonalDataKind | undefined {
	const segments = column.split('.');
	const last = segments[segments.length - 1];
	const lastWords = words(last);
	const joined = lastWords.join('');
	const context = segments.slice(0, -1).flatMap(words);
	const all = [...context, ...lastWords];

	// Version, build and release columns hold dotted numbers that look like IPs; never personal.
	if (
		lastWords.some(
			(word) => word === 'version' || word === 'ver' || word === 'release' || word === 'build',
		)
	) {
		return undefined;
	}

	if (
		lastWords.includes('email') ||
		lastWords.includes('mail') ||
		joined === 'email' ||
		joined.startsWith('emailaddress')
	) {
		return 'email';
	}

	if (
		lastWords.includes('ip') ||
		['ipaddress', 'ipv4', 'ipv6', 'ipaddr', 'remoteaddr', 'clientip', 'sourceip'].includes(joined)
	) {
		return 'ipAddress';
	}

	if (
		lastWords.some((word) =>
			['phone', 'telephone', 'tel', 'msisdn', 'fax', 'cellphone'].includes(word),
		) ||
		joined === 'phonenumber' ||
		(lastWords.includes('mobile') && lastWords.includes('number'))
	) {
		return 'phone';
	}

	if (
		lastWords.some((word) => ['dob', 'birthday', 'birthdate', 'birth'].includes(word)) ||
		joined === 'dateofbirth' ||
		(lastWords.includes('born') && lastWords.length <= 2)
	) {
		return 'birthDate';
	}

	if (
		(lastWords.some((word) =>
			['address', 'street', 'addr', 'postcode', 'zipcode', 'zip'].includes(word),
		) ||
			(lastWords.includes('postal') && lastWords.includes('code'))) &&
		!lastWords.some((word) =>
			[
				'mac',
				'ip',
				'email',
				'url',
				'web',
				'wallet',
				'memory',
				'contract',
				'file',
				'archive',
			].includes(word),
		)
	) {
		return 'address';
	}

	if (NAME_KEYS.has(joined)) {
		return 'name';
	}

	if (lastWords.includes('name') && !all.some((word) => NOT_PERSON.has(word))) {
		if (lastWords.some((word) => NAME_QUALIFIERS.has(word))) {
			return 'name';
		}

		if (all.some((word) => PERSON_CONTEXT.has(word))) {
			return 'name';
		}
	}

	return undefined;
}

function valueMatches(kind: PersonalDataKind, text: string): boolean {
	switch (kind) {
		case 'email':
			return EMAIL_VALUE.test(text);
		case 'phone':
			return INTERNATIONAL_PHONE_VALUE.test(text) || NORTH_AMERICAN_PHONE_VALUE.test(text);
		case 'ipAddress':
			return IPV4_VALUE.test(text) || IPV6_VALUE.test(text);
		case 'address':
			return STREET_VALUE.test(text);
		case 'name':
			return PERSON_NAME_VALUE.test(text);
		case 'birthDate':
			return false;
	}
}

/** Kinds detected from values alone; names need a hint from the key (plain `name` columns). */
const VALUE_KINDS: PersonalDataKind[] = ['email', 'ipAddress', 'phone', 'address'];

/**
 * Flags columns of sampled, flattened rows that look like personal data. A column is flagged from
 * its name (typed values only: a boolean `mobile` is not a phone number), or when at least half of its
 * non-empty sampled text values match a pattern.
 */
export function findPersonalData(rows: readonly Record<string, CellValue>[]): PersonalDataFlag[] {
	const values = new Map<string, CellValue[]>();
	for (const row of rows) {
		for (const [column, value] of Object.entries(row)) {
			let list = values.get(column);
			if (!list) {
				list = [];
				values.set(column, list);
			}

			list.push(value);
		}
	}

	const flags: PersonalDataFlag[] = [];
	for (const [column, list] of values) {
		const present = list.filter((value) => value !== null && value !== '');
		if (present.length === 0) {
			continue;
		}

		const texts = present
			.filter((value): value is string => typeof value === 'string')
			.map((value) => value.trim());
		const keyKind = kindFromKey(column);
		if (keyKind) {
			// Booleans and plain numbers under a personal-sounding key are flags or counts, not the data.
			const plausible =
				texts.length > 0 ||
				(keyKind === 'phone' &&
					present.some((value) => typeof value === 'number' && Math.abs(value) >= 1e6));
			if (plausible) {
				flags.push({
					column,
					kind: keyKind,
					reason: `the column name "${column}" suggests ${KIND_LABEL[keyKind]}`,
				});
				continue;
			}
		}

		if (texts.length === 0) {
			continue;
		}

		const last = column.split('.').pop() ?? column;
		const candidates: PersonalDataKind[] =
			words(last).join('') === 'name' ? [...VALUE_KINDS, 'name'] : VALUE_KINDS;
		if (
			keyKind === undefined &&
			words(column).some((word) => word === 'version' || word === 'ver' || word === 'build')
		) {
			continue;
		}

		for (const kind of candidates) {
			const matches = texts.filter((text) => valueMatches(kind, text)).length;
			if (matches >= Math.min(2, texts.length) && matches / texts.length >= VALUE_SHARE) {
				flags.push({
					column,
					kind,
					reason: `${matches} of ${texts.length} sampled values look like ${KIND_LABEL[kind]}`,
				});
				break;
			}
		}
	}

	return flags;
}
