# The compute-bound real-program workload of bench/programs.ts: pure-Python
# recursion, dict and string work and a sort, ~2 s under wasmtime. Run by
# CPython 3.12 for wasip1 (bench/fetch.sh python) and natively by python3.
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


d = {}
for i in range(400000):
    d[str(i)] = i * i
s = sum(len(k) for k in d) + sum(sorted(d.values())[::1000])
print("fib=%d sum=%d" % (fib(28), s))
