import type { BrowserContext, Page } from "playwright-core";
export declare const CHROMIUM_PATH: string;
export declare const CHROMIUM_ARGS: string[];
export declare function chromiumMissing(): string | undefined;
export declare function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }>;
export declare function openPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }>;
