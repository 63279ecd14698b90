export const SCHEMA_SOURCE: string;
export const SCHEMA_FILE: string;
export function telemetryJsonSchema(): Record<string, unknown>;
export function telemetryJsonSchemaText(): string;
