/** Compiling a module and checking, before it runs, that we can satisfy it. */
import { SIGNATURES } from "./abi/signatures.ts";
import { WasiRunError } from "./errors.ts";

const PREVIEW1 = "wasi_snapshot_preview1";
const KNOWN = new Set(SIGNATURES.map((s) => s.name));

/** Compiles wasm bytes; a malformed module becomes a one-line WasiRunError. */
export async function compile(bytes: Uint8Array<ArrayBuffer>): Promise<WebAssembly.Module> {
  if (bytes.byteLength === 0) throw new WasiRunError("file is empty");
  try {
    return await WebAssembly.compile(bytes);
  } catch (e) {
    if (e instanceof WebAssembly.CompileError) {
      throw new WasiRunError(
        `not a valid wasm module: ${e.message.replace(/^WebAssembly\.\w+\(\): /, "")}`,
      );
    }
    throw e;
  }
}

/** Refuses imports we do not provide, naming the first one. */
export function checkImports(module: WebAssembly.Module): void {
  for (const imp of WebAssembly.Module.imports(module)) {
    if (imp.module === "wasi_unstable") {
      throw new WasiRunError(
        `module imports '${imp.module}.${imp.name}': WASI preview0 (wasi_unstable) is not supported; ` +
          "rebuild it for wasm32-wasip1",
      );
    }
    if (imp.module !== PREVIEW1 || !KNOWN.has(imp.name) || imp.kind !== "function") {
      throw new WasiRunError(
        `module imports '${imp.module}.${imp.name}', which wasirun does not provide`,
      );
    }
  }
}

/** Instantiates, turning link errors (e.g. a wrong import signature) into one line. */
export async function instantiate(
  module: WebAssembly.Module,
  imports: WebAssembly.Imports,
): Promise<WebAssembly.Instance> {
  try {
    return await WebAssembly.instantiate(module, imports);
  } catch (e) {
    if (e instanceof WebAssembly.LinkError) {
      throw new WasiRunError(
        `cannot link module: ${e.message.replace(/^WebAssembly\.\w+\(\): /, "")}`,
      );
    }
    throw e;
  }
}
