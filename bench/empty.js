// Deliberately empty: bench/startup.ts times `RUNTIME empty.js`, the bare start of each runtime.
