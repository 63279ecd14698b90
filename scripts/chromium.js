// Headless Chromium for the HTML report's browser tests, its benchmark and its screenshot: Debian's
// chromium driven by playwright-core (never a downloaded browser), with the flags this platform needs
// (without the networking ones, its own background connections are refused here, many at a time).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const CHROMIUM_PATH = process.env.NNCHECK_CHROMIUM ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** Why the browser cannot be started, or undefined when it can. */
export function chromiumMissing() {
  return existsSync(CHROMIUM_PATH)
    ? undefined
    : `chromium is not installed at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" (or set NNCHECK_CHROMIUM)`;
}

/** Launches Chromium with a fresh profile; `close()` ends it and removes the profile. */
export async function launchChromium() {
  const missing = chromiumMissing();
  if (missing !== undefined) throw new Error(missing);
  const { chromium } = await import("playwright-core");
  const profile = mkdtempSync(path.join(tmpdir(), "nncheck-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens a page that records console errors and uncaught exceptions in `errors`. */
export async function openPage(context) {
  const page = await context.newPage();
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return { page, errors };
}
