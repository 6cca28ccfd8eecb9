/** Directories: preopens and (with the filesystem issue) opened ones. */
import { Filetype } from "../abi/types.ts";
import { Fd } from "./fd.ts";

const utf8 = new TextEncoder();

/** A directory handed to the guest at start under `guestPath`. */
export class PreopenDir extends Fd {
  readonly filetype = Filetype.DIRECTORY;
  readonly hostPath: string;
  readonly guestPath: string;
  readonly readonly: boolean;
  readonly #name: Uint8Array;

  constructor(hostPath: string, guestPath: string, readonly = false) {
    super();
    this.hostPath = hostPath;
    this.guestPath = guestPath;
    this.readonly = readonly;
    this.#name = utf8.encode(guestPath);
  }

  override prestatName(): Uint8Array {
    return this.#name;
  }
}
