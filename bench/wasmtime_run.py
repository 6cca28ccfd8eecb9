# Runs a WASI preview1 command with wasmtime through its Python API (pip
# package `wasmtime`), for the benchmarks: python3 bench/wasmtime_run.py
# [--cache] [--dir PATH]... MODULE.wasm [ARGS...]. --cache turns on wasmtime's
# compilation cache (~/.cache/wasmtime); --dir PATH preopens host directory
# PATH under the same path. Stdio is inherited; empty env.
import sys

from wasmtime import Config, Engine, ExitTrap, Linker, Module, Store, WasiConfig

argv = sys.argv[1:]
config = Config()
if argv and argv[0] == "--cache":
    argv = argv[1:]
    config.cache = True
dirs = []
while argv and argv[0] == "--dir":
    dirs.append(argv[1])
    argv = argv[2:]
engine = Engine(config)
linker = Linker(engine)
linker.define_wasi()
wasi = WasiConfig()
wasi.argv = argv
wasi.inherit_stdin()
wasi.inherit_stdout()
wasi.inherit_stderr()
for d in dirs:
    wasi.preopen_dir(d, d)
store = Store(engine)
store.set_wasi(wasi)
instance = linker.instantiate(store, Module.from_file(engine, argv[0]))
code = 0
try:
    instance.exports(store)["_start"](store)
except ExitTrap as e:
    code = e.code
sys.stdout.flush()
sys.exit(code)
