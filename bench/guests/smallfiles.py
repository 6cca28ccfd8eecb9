# A small-file workload for bench/files.ts --smallfiles (issue 9): CPython
# for wasip1 (bench/fetch.sh python on the speed branch) runs it under each
# runtime, and the host's python3 natively. No build step: the source is the
# guest.
#
#   python smallfiles.py ROOT N
#
# First the same Python work with no file system calls (building the N
# paths and contents, joining and splitting them: `python_ms`), which shows
# how fast the engine runs CPython itself. Then, in a new directory ROOT
# (removed first if a failed run left it): creates N files of 100 bytes in
# nested directories (ROOT/dNN/sN/fNNNN: 10 files a subdirectory, 10
# subdirectories a directory), walks the tree with os.walk (counting files
# and bytes through os.stat), renames every file in its directory, and
# deletes everything. Each phase is timed with time.perf_counter (so
# interpreter start-up is not counted); one line is printed:
#
#   python_ms=T create_ms=T walk_ms=T rename_ms=T delete_ms=T total_ms=T files=N
#
# (total_ms: the four file phases). Exits 1 with a message if anything is
# missing or left over.
import os
import sys
import time

root, n = sys.argv[1], int(sys.argv[2])
data = b"x" * 100


def ms(t0):
    return (time.perf_counter() - t0) * 1000


def remove_tree(root):
    for top, dirs, files in os.walk(root, topdown=False):
        for f in files:
            os.remove(os.path.join(top, f))
        for d in dirs:
            os.rmdir(os.path.join(top, d))
    os.rmdir(root)


if os.path.exists(root):
    remove_tree(root)

t0 = time.perf_counter()
names = {}
for i in range(n):
    d = os.path.join(root, "d%02d" % (i // 100), "s%d" % (i // 10 % 10))
    p = os.path.join(d, "f%04d" % i)
    names[p + ".renamed"] = os.path.split(p)[1] + data.decode()[:1]
python = ms(t0)

start = t0 = time.perf_counter()
os.mkdir(root)
paths = []
for i in range(n):
    d = os.path.join(root, "d%02d" % (i // 100), "s%d" % (i // 10 % 10))
    if i % 10 == 0:
        os.makedirs(d, exist_ok=True)
    p = os.path.join(d, "f%04d" % i)
    with open(p, "wb") as f:
        f.write(data)
    paths.append(p)
create = ms(t0)

t0 = time.perf_counter()
count = size = 0
for top, dirs, files in os.walk(root):
    for f in files:
        count += 1
        size += os.stat(os.path.join(top, f)).st_size
walk = ms(t0)
if count != n or size != n * len(data):
    sys.exit("walk found %d files, %d bytes; expected %d, %d" % (count, size, n, n * len(data)))

t0 = time.perf_counter()
for p in paths:
    os.rename(p, p + ".renamed")
rename = ms(t0)

t0 = time.perf_counter()
remove_tree(root)
delete = ms(t0)
if os.path.exists(root):
    sys.exit("%s is still there" % root)

print("python_ms=%.3f create_ms=%.3f walk_ms=%.3f rename_ms=%.3f delete_ms=%.3f total_ms=%.3f files=%d"
      % (python, create, walk, rename, delete, ms(start), n))
