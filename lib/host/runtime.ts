/** The one check for which JS runtime hosts us. */
export const isDeno: boolean = typeof (globalThis as { Deno?: unknown }).Deno === "object";
export const isBun: boolean = typeof (globalThis as { Bun?: unknown }).Bun === "object";
