/** wasirun's version; kept equal to deno.json's (tests/cli_test.ts checks). */
export const VERSION = "0.1.0";
