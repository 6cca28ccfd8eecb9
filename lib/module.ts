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

/** A wasm value type as `--invoke` converts arguments and prints results. */
export type ValType = "i32" | "i64" | "f32" | "f64" | "v128" | "ref";

/** The parameter and result types of an exported function. */
export interface FuncType {
  params: ValType[];
  results: ValType[];
}

const VALTYPES: Record<number, ValType> = {
  0x7f: "i32",
  0x7e: "i64",
  0x7d: "f32",
  0x7c: "f64",
  0x7b: "v128",
  0x70: "ref",
  0x6f: "ref",
};

/**
 * Reads the type of exported function `name` from the module's bytes (JS
 * has no type reflection for wasm functions yet). `undefined` when there is
 * no such function export. Assumes a module that compiled.
 */
export function exportedFuncType(bytes: Uint8Array, name: string): FuncType | undefined {
  let pos = 8;
  const u32 = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
  };
  const str = (): string => {
    const len = u32();
    const s = new TextDecoder().decode(bytes.subarray(pos, pos + len));
    pos += len;
    return s;
  };
  const types: FuncType[] = [];
  const funcTypes: number[] = []; // type index of every function, imports first
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = u32();
    const end = pos + size;
    if (id === 1) {
      for (let n = u32(); n > 0; n--) {
        // Only plain function types (0x60); GC-proposal rec/sub types are not read.
        if (bytes[pos++] !== 0x60) return undefined;
        const params = Array.from({ length: u32() }, () => VALTYPES[bytes[pos++]] ?? "ref");
        const results = Array.from({ length: u32() }, () => VALTYPES[bytes[pos++]] ?? "ref");
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = u32(); n > 0; n--) {
        str();
        str();
        const kind = bytes[pos++];
        if (kind === 0) funcTypes.push(u32());
        else if (kind === 1 || kind === 2) {
          if (kind === 1) pos++; // table: element reftype
          const flags = bytes[pos++];
          u32();
          if (flags & 1) u32(); // limits: min, max
        } else if (kind === 3) pos += 2; // global: valtype, mutability
        else if (kind === 4) (pos++, u32()); // tag: attribute, type
      }
    } else if (id === 3) {
      for (let n = u32(); n > 0; n--) funcTypes.push(u32());
    } else if (id === 7) {
      for (let n = u32(); n > 0; n--) {
        const exportName = str();
        const kind = bytes[pos++];
        const index = u32();
        if (kind === 0 && exportName === name) return types[funcTypes[index]];
      }
    }
    pos = end;
  }
  return undefined;
}
