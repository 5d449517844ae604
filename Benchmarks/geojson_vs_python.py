#!/usr/bin/env python3
"""GeoJSON parse throughput and peak memory: Cartouche against CPython's json.load, in one run.

For each data set (../shared/data/bench/malta, ../shared/data/naturalearth/10m and the
generated large set of ../shared/peers, 125 MB) it runs, each in a process of its own:
  - cartouche-bench "geojson parse SET" (release build): every file of the set read into
    feature tables, kept until the end; 1 warm-up and 5 timed runs, min and median;
  - CPython: json.load of every file of the set, kept until the end; 1 warm-up and 3
    timed runs, min and median.
Throughput is MB (10^6 bytes of GeoJSON) per second of wall time; both are single-threaded,
so it is one core's throughput. On a shared machine the best run is the least disturbed;
MB per second of the process's CPU time (user + system, start-up and warm-up included) is
shown as well, as it does not count time spent waiting for the core. Peak memory is the
process's maximum resident set
(ru_maxrss from wait4), shown whole and less that of the same program doing nothing (the
runtime, libraries and interpreter), which is the memory the loaded set takes.

With --repeat N, cartouche-bench runs N times per set (5 N timed runs): on a busy machine
the best of more runs is closer to what the core does undisturbed.

Usage: Benchmarks/geojson_vs_python.py [--no-build] [--repeat N] [--python PYTHON]
The large set is generated into $PEERDATA/large (default /tmp/peerdata) if absent.
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared"))
PEERDATA = os.environ.get("PEERDATA", "/tmp/peerdata")
BENCH = os.path.join(HERE, ".build", "release", "cartouche-bench")

SETS = [
    ("malta", os.path.join(SHARED, "data", "bench", "malta")),
    ("naturalearth-10m", os.path.join(SHARED, "data", "naturalearth", "10m")),
    ("large", os.path.join(PEERDATA, "large")),
]

PYTHON_LOADER = r"""
import json, sys, time
files = sys.argv[2:]
runs = int(sys.argv[1])
times = []
for run in range(runs + 1):
    start = time.perf_counter()
    documents = []
    for path in files:
        with open(path, "rb") as f:
            documents.append(json.load(f))
    elapsed = time.perf_counter() - start
    if run > 0:
        times.append(elapsed)
    del documents
print(" ".join(repr(t) for t in times))
"""


def geojson_files(directory):
    if not os.path.isdir(directory):
        return []
    return sorted(os.path.join(directory, n) for n in os.listdir(directory) if n.endswith(".geojson"))


def run_measured(command):
    """Runs a command; returns its stdout, its peak resident memory in MiB and its CPU seconds."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr}")
    return stdout, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


CARTOUCHE_RUNS = 6  # the harness: 1 warm-up and 5 timed runs


def cartouche(set_name, repeat):
    """Best and median wall time, CPU time per run and peak memory over `repeat` processes."""
    minima, medians, cpus, peaks = [], [], [], []
    for _ in range(repeat):
        stdout, peak, cpu = run_measured([BENCH, f"geojson parse {set_name}"])
        cells = next((c for c in ([c.strip() for c in line.split("|")] for line in stdout.splitlines())
                      if c[0] == f"geojson parse {set_name}"), None)
        if cells is None:
            sys.exit(f"no result for {set_name} in:\n{stdout}")
        medians.append(float(cells[2]))
        minima.append(float(cells[3]))
        cpus.append(cpu / CARTOUCHE_RUNS)
        peaks.append(peak)
    return min(minima), statistics.median(medians), min(cpus), max(peaks)


def cpython(python, files, runs=3):
    stdout, peak, cpu = run_measured([python, "-c", PYTHON_LOADER, str(runs)] + files)
    times = [float(t) for t in stdout.split()]
    return min(times), statistics.median(times), cpu / (runs + 1), peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="use the existing release build of cartouche-bench")
    parser.add_argument("--repeat", type=int, default=1, help="cartouche-bench processes per set (default 1)")
    parser.add_argument("--python", default=sys.executable, help="the CPython to compare with (default: this one)")
    args = parser.parse_args()

    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--package-path", HERE, "--product", "cartouche-bench"], check=True)
    if not geojson_files(os.path.join(PEERDATA, "large")):
        print(f"generating the large set into {PEERDATA}/large ...", file=sys.stderr)
        subprocess.run([sys.executable, os.path.join(SHARED, "peers", "gen_data.py"), "large"], check=True,
                       env=dict(os.environ, PEERDATA=PEERDATA))

    _, idle_cartouche, _ = run_measured([BENCH, "no benchmark has this name"])
    _, idle_python, _ = run_measured([args.python, "-c", "import json, sys, time"])
    python_version = subprocess.run([args.python, "--version"], capture_output=True, text=True).stdout.strip()

    rows = []
    for name, directory in SETS:
        files = geojson_files(directory)
        if not files:
            print(f"skipping {name}: no .geojson files in {directory}", file=sys.stderr)
            continue
        megabytes = sum(os.path.getsize(f) for f in files) / 1e6
        mib = megabytes * 1e6 / 2**20
        c_min, c_median, c_cpu, c_peak = cartouche(name, args.repeat)
        p_min, p_median, p_cpu, p_peak = cpython(args.python, files)
        rows.append((name, len(files), megabytes, mib, c_min, c_median, c_cpu, c_peak, p_min, p_median, p_cpu, p_peak))

    print(f"\nCartouche (release, cartouche-bench, {5 * args.repeat} timed runs per set) against {python_version} json.load (3 runs); "
          f"idle peak RSS: Cartouche {idle_cartouche:.0f} MiB, CPython {idle_python:.0f} MiB; load average {os.getloadavg()[0]:.2f}\n")
    print("| set | files | MB | Cartouche MB/s: best (median), per CPU s | CPython MB/s: best (median), per CPU s | "
          "speed-up, best | Cartouche peak MiB (less idle) | CPython peak MiB (less idle) | Cartouche memory / file size |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, count, mb, mib, c_min, c_median, c_cpu, c_peak, p_min, p_median, p_cpu, p_peak in rows:
        print(f"| {name} | {count} | {mb:.1f} | {mb / c_min:.0f} ({mb / c_median:.0f}), {mb / c_cpu:.0f} | "
              f"{mb / p_min:.1f} ({mb / p_median:.1f}), {mb / p_cpu:.1f} | {p_min / c_min:.0f}x | "
              f"{c_peak:.0f} ({c_peak - idle_cartouche:.0f}) | {p_peak:.0f} ({p_peak - idle_python:.0f}) | "
              f"{c_peak / mib:.2f} ({(c_peak - idle_cartouche) / mib:.2f}) |")


if __name__ == "__main__":
    main()
