/**
 * Carbon intensity of the electricity grid, offline: annual country averages shipped with
 * `@tgwf/co2`, chosen from a user override, a country setting, a guess from the time zone, or the
 * world average, in that order. Never touches the network.
 */
import { averageIntensity } from '@tgwf/co2/data';
import type { IntensitySource } from '../core/record';

/**
 * Dataset behind the country averages. CO2.js republishes Ember's yearly electricity data (latest
 * year per country, mostly 2022–2023); Ember's data is licensed CC BY-SA 4.0 and must be credited
 * wherever the figures are shown.
 */
export const GRID_DATASET = 'Ember annual averages via @tgwf/co2 0.19 (CC BY-SA 4.0)';

/** Short credit line for surfaces that show intensities. */
export const GRID_CREDIT = 'Grid intensity: Ember (CC BY-SA 4.0), via CO2.js (@tgwf/co2).';

/** The intensity a figure was computed with, with its origin. */
export interface GridIntensity {
	gramsPerKwh: number;
	/** ISO 3166-1 alpha-3 code, `WORLD`, or `CUSTOM` for a user override. */
	region: string;
	source: IntensitySource;
}

/** What the resolver may use; every field is optional. */
export interface GridIntensityOptions {
	/** ISO 3166 alpha-2 or alpha-3 code from settings or a flag ('' = not set). */
	country?: string;
	/** gCO2e/kWh that overrides any country average. */
	intensityOverride?: number | null;
	/** IANA time zone; defaults to the one the runtime reports. */
	timeZone?: string;
}

/** Thrown for a country code that is not ISO 3166 or has no data; the message is for the user. */
export class UnknownCountryError extends Error {
	constructor(readonly code: string) {
		super(
			`unknown country code '${code}': use an ISO 3166 code such as DE or DEU, or set an intensity in gCO2e/kWh`,
		);
		this.name = 'UnknownCountryError';
	}
}

const intensities: Record<string, number> = averageIntensity.data;

// ISO 3166-1 alpha-2 → alpha-3, as pairs. Kosovo (XK/XKX) is a user-assigned code that Ember uses.
const ALPHA_PAIRS =
	'AF AFG AX ALA AL ALB DZ DZA AS ASM AD AND AO AGO AI AIA AQ ATA AG ATG AR ARG AM ARM AW ABW ' +
	'AU AUS AT AUT AZ AZE BS BHS BH BHR BD BGD BB BRB BY BLR BE BEL BZ BLZ BJ BEN BM BMU BT BTN ' +
	'BO BOL BQ BES BA BIH BW BWA BV BVT BR BRA IO IOT BN BRN BG BGR BF BFA BI BDI CV CPV KH KHM ' +
	'CM CMR CA CAN KY CYM CF CAF TD TCD CL CHL CN CHN CX CXR CC CCK CO COL KM COM CG COG CD COD ' +
	'CK COK CR CRI CI CIV HR HRV CU CUB CW CUW CY CYP CZ CZE DK DNK DJ DJI DM DMA DO DOM EC ECU ' +
	'EG EGY SV SLV GQ GNQ ER ERI EE EST SZ SWZ ET ETH FK FLK FO FRO FJ FJI FI FIN FR FRA GF GUF ' +
	'PF PYF TF ATF GA GAB GM GMB GE GEO DE DEU GH GHA GI GIB GR GRC GL GRL GD GRD GP GLP GU GUM ' +
	'GT GTM GG GGY GN GIN GW GNB GY GUY HT HTI HM HMD VA VAT HN HND HK HKG HU HUN IS ISL IN IND ' +
	'ID IDN IR IRN IQ IRQ IE IRL IM IMN IL ISR IT ITA JM JAM JP JPN JE JEY JO JOR KZ KAZ KE KEN ' +
	'KI KIR KP PRK KR KOR KW KWT KG KGZ LA LAO LV LVA LB LBN LS LSO LR LBR LY LBY LI LIE LT LTU ' +
	'LU LUX MO MAC MG MDG MW MWI MY MYS MV MDV ML MLI MT MLT MH MHL MQ MTQ MR MRT MU MUS YT MYT ' +
	'MX MEX FM FSM MD MDA MC MCO MN MNG ME MNE MS MSR MA MAR MZ MOZ MM MMR NA NAM NR NRU NP NPL ' +
	'NL NLD NC NCL NZ NZL NI NIC NE NER NG NGA NU NIU NF NFK MK MKD MP MNP NO NOR OM OMN PK PAK ' +
	'PW PLW PS PSE PA PAN PG PNG PY PRY PE PER PH PHL PN PCN PL POL PT PRT PR PRI QA QAT RE REU ' +
	'RO ROU RU RUS RW RWA BL BLM SH SHN KN KNA LC LCA MF MAF PM SPM VC VCT WS WSM SM SMR ST STP ' +
	'SA SAU SN SEN RS SRB SC SYC SL SLE SG SGP SX SXM SK SVK SI SVN SB SLB SO SOM ZA ZAF GS SGS ' +
	'SS SSD ES ESP LK LKA SD SDN SR SUR SJ SJM SE SWE CH CHE SY SYR TW TWN TJ TJK TZ TZA TH THA ' +
	'TL TLS TG TGO TK TKL TO TON TT TTO TN TUN TR TUR TM TKM TC TCA TV TUV UG UGA UA UKR AE ARE ' +
	'GB GBR US USA UM UMI UY URY UZ UZB VU VUT VE VEN VN VNM VG VGB VI VIR WF WLF EH ESH YE YEM ' +
	'ZM ZMB ZW ZWE XK XKX';

/** ISO 3166-1 alpha-2 → alpha-3. */
export const ALPHA2_TO_ALPHA3: ReadonlyMap<string, string> = pairsToMap(ALPHA_PAIRS);

// IANA time zone → alpha-2, for the zones most people run on. A zone is a good guess of the grid a
// laptop draws from, a poor one for a cloud VM (often UTC, which maps to nothing on purpose).
const ZONE_PAIRS =
	'Europe/London GB Europe/Dublin IE Europe/Lisbon PT Europe/Madrid ES Europe/Paris FR ' +
	'Europe/Brussels BE Europe/Amsterdam NL Europe/Luxembourg LU Europe/Berlin DE Europe/Zurich CH ' +
	'Europe/Vienna AT Europe/Rome IT Europe/Malta MT Europe/Copenhagen DK Europe/Oslo NO ' +
	'Europe/Stockholm SE Europe/Helsinki FI Europe/Tallinn EE Europe/Riga LV Europe/Vilnius LT ' +
	'Europe/Warsaw PL Europe/Prague CZ Europe/Bratislava SK Europe/Budapest HU Europe/Ljubljana SI ' +
	'Europe/Zagreb HR Europe/Belgrade RS Europe/Sarajevo BA Europe/Podgorica ME Europe/Skopje MK ' +
	'Europe/Tirane AL Europe/Athens GR Europe/Sofia BG Europe/Bucharest RO Europe/Chisinau MD ' +
	'Europe/Kiev UA Europe/Kyiv UA Europe/Minsk BY Europe/Moscow RU Europe/Istanbul TR ' +
	'Asia/Nicosia CY Europe/Nicosia CY Atlantic/Reykjavik IS Atlantic/Canary ES Africa/Ceuta ES ' +
	'America/New_York US America/Chicago US America/Denver US America/Phoenix US ' +
	'America/Los_Angeles US America/Anchorage US Pacific/Honolulu US America/Detroit US ' +
	'America/Boise US America/Indiana/Indianapolis US America/Kentucky/Louisville US ' +
	'America/Toronto CA America/Vancouver CA America/Edmonton CA America/Winnipeg CA ' +
	'America/Halifax CA America/St_Johns CA America/Regina CA America/Montreal CA ' +
	'America/Mexico_City MX America/Monterrey MX America/Tijuana MX America/Cancun MX ' +
	'America/Guatemala GT America/El_Salvador SV America/Costa_Rica CR America/Panama PA ' +
	'America/Havana CU America/Jamaica JM America/Santo_Domingo DO America/Puerto_Rico PR ' +
	'America/Bogota CO America/Caracas VE America/Lima PE America/Guayaquil EC America/La_Paz BO ' +
	'America/Santiago CL America/Argentina/Buenos_Aires AR America/Buenos_Aires AR ' +
	'America/Montevideo UY America/Asuncion PY America/Sao_Paulo BR America/Manaus BR ' +
	'America/Fortaleza BR America/Recife BR America/Bahia BR ' +
	'Asia/Tokyo JP Asia/Seoul KR Asia/Shanghai CN Asia/Chongqing CN Asia/Hong_Kong HK ' +
	'Asia/Macau MO Asia/Taipei TW Asia/Manila PH Asia/Singapore SG Asia/Kuala_Lumpur MY ' +
	'Asia/Jakarta ID Asia/Bangkok TH Asia/Ho_Chi_Minh VN Asia/Saigon VN Asia/Yangon MM ' +
	'Asia/Dhaka BD Asia/Kolkata IN Asia/Calcutta IN Asia/Kathmandu NP Asia/Colombo LK ' +
	'Asia/Karachi PK Asia/Kabul AF Asia/Tashkent UZ Asia/Almaty KZ Asia/Tehran IR Asia/Baghdad IQ ' +
	'Asia/Dubai AE Asia/Qatar QA Asia/Riyadh SA Asia/Kuwait KW Asia/Bahrain BH Asia/Muscat OM ' +
	'Asia/Jerusalem IL Asia/Tel_Aviv IL Asia/Amman JO Asia/Beirut LB Asia/Baku AZ Asia/Tbilisi GE ' +
	'Asia/Yerevan AM Asia/Ulaanbaatar MN Asia/Novosibirsk RU Asia/Yekaterinburg RU ' +
	'Asia/Vladivostok RU Australia/Sydney AU Australia/Melbourne AU Australia/Brisbane AU ' +
	'Australia/Perth AU Australia/Adelaide AU Australia/Hobart AU Australia/Darwin AU ' +
	'Pacific/Auckland NZ Pacific/Fiji FJ Africa/Cairo EG Africa/Casablanca MA Africa/Algiers DZ ' +
	'Africa/Tunis TN Africa/Tripoli LY Africa/Lagos NG Africa/Accra GH Africa/Abidjan CI ' +
	'Africa/Dakar SN Africa/Nairobi KE Africa/Addis_Ababa ET Africa/Dar_es_Salaam TZ ' +
	'Africa/Kampala UG Africa/Kigali RW Africa/Johannesburg ZA Africa/Harare ZW Africa/Lusaka ZM ' +
	'Africa/Maputo MZ Africa/Luanda AO Africa/Kinshasa CD Africa/Windhoek NA Africa/Khartoum SD';

/** IANA time zone → alpha-2, for the common zones. */
export const TIME_ZONE_TO_ALPHA2: ReadonlyMap<string, string> = pairsToMap(ZONE_PAIRS);

function pairsToMap(pairs: string): Map<string, string> {
	const words = pairs.split(' ').filter((word) => word.length > 0);
	const map = new Map<string, string>();
	for (let index = 0; index + 1 < words.length; index += 2) {
		map.set(words[index], words[index + 1]);
	}

	return map;
}

/**
 * Normalises a country code to alpha-3 (`de`, `DE`, `DEU` → `DEU`) and checks that intensity data
 * exists for it. Throws UnknownCountryError otherwise.
 */
export function toAlpha3(code: string): string {
	const upper = code.trim().toUpperCase();
	const alpha3 = upper.length === 2 ? ALPHA2_TO_ALPHA3.get(upper) : upper;
	if (!alpha3 || !/^[A-Z]{3}$/.test(alpha3) || intensities[alpha3] === undefined) {
		throw new UnknownCountryError(code.trim());
	}

	return alpha3;
}

/** The runtime's IANA time zone, or '' if it cannot tell. */
export function currentTimeZone(): string {
	try {
		return Intl.DateTimeFormat().resolvedOptions().timeZone ?? '';
	} catch {
		return '';
	}
}

/**
 * Picks the grid intensity: a user override wins; then the country setting (an unknown code
 * throws UnknownCountryError rather than silently using another country); then a guess from the
 * time zone; then the world average from the same dataset.
 */
export function resolveGridIntensity(options: GridIntensityOptions = {}): GridIntensity {
	const override = options.intensityOverride;
	if (override !== undefined && override !== null) {
		if (!Number.isFinite(override) || override < 0 || override > 2000) {
			throw new RangeError(`grid intensity ${override} gCO2e/kWh is outside 0–2000`);
		}

		return {
			gramsPerKwh: override,
			region: 'CUSTOM',
			source: { kind: 'override', dataset: 'user setting', detail: `${override} gCO2e/kWh` },
		};
	}

	const country = options.country?.trim() ?? '';
	if (country !== '') {
		const alpha3 = toAlpha3(country);
		return {
			gramsPerKwh: intensities[alpha3],
			region: alpha3,
			source: { kind: 'setting', dataset: GRID_DATASET, detail: `country ${country} → ${alpha3}` },
		};
	}

	const zone = options.timeZone ?? currentTimeZone();
	const alpha2 = TIME_ZONE_TO_ALPHA2.get(zone);
	const alpha3 = alpha2 ? ALPHA2_TO_ALPHA3.get(alpha2) : undefined;
	if (alpha3 && intensities[alpha3] !== undefined) {
		return {
			gramsPerKwh: intensities[alpha3],
			region: alpha3,
			source: { kind: 'timezone', dataset: GRID_DATASET, detail: `time zone ${zone} → ${alpha3}` },
		};
	}

	return {
		gramsPerKwh: intensities.WORLD,
		region: 'WORLD',
		source: {
			kind: 'world',
			dataset: GRID_DATASET,
			detail: zone
				? `time zone ${zone} names no country; world average used`
				: 'no country set and no time zone; world average used',
		},
	};
}
