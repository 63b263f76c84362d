// Types for the part of `@tgwf/co2` Footprint uses; the package ships JavaScript only.
declare module '@tgwf/co2/data' {
	/** Annual average grid intensity in gCO2e/kWh, keyed by ISO 3166-1 alpha-3 code or region name. */
	export const averageIntensity: { type: string; data: Record<string, number> };
}
