export function quantile(values: readonly number[], q: number): number;
export function median(values: readonly number[]): number;
export function sum(values: readonly number[]): number;
export function round(value: number, decimals?: number): number;
