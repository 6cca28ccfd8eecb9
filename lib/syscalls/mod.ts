/** Every implemented syscall by its spec name; the rest answer NOSYS (lib/wasi.ts). */
export * from "./args.ts";
export * from "./clock.ts";
export * from "./fd.ts";
export * from "./path.ts";
export * from "./poll.ts";
export * from "./proc.ts";
export * from "./random.ts";
export * from "./sched.ts";
export * from "./sock.ts";
