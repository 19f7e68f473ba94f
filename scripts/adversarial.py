#!/usr/bin/python3
"""Runs hostile cases against the built command line and lab and prints held/failed per class.

Usage: scripts/adversarial.py [--cli PATH/LossLandscape.Cli.dll] [--load SECONDS] [--clients N] [--only CLASS,...]

Build first (dotnet build src/LossLandscape.Cli -c Release). Every case runs the CLI as a process of its own with a
time limit, and a watcher kills it when its resident memory passes MEMORY_LIMIT, so a case that would hang or run the
machine out of memory fails instead. The lab runs on a loopback port only (127.0.0.1, a free port). The load test
(class "memory") holds the lab with N clients (default 50) for --load seconds (default 30; the issue's figure is
180: --load 180) and prints the lab's resident memory against its budget.

Each case prints one line: held or FAILED, the class, the case and what was seen. The last lines give the totals.
"""
import argparse
import json
import os
import random
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

MEMORY_LIMIT = 2_500_000_000  # bytes of resident memory a CLI case may reach before it is killed
LAB_BUDGET = 1_000_000_000  # the lab's stated budget for its resident memory
SMALL = ["--samples", "200", "--epochs", "2", "--w1", "-1:1:0.5", "--w2", "-1:1:0.5", "--plotlyjs", "cdn"]

results = []  # (class, case, held, detail)


def record(kind, case, held, detail=""):
    results.append((kind, case, held, detail))
    print(f"{'held  ' if held else 'FAILED'} {kind:<10} {case}: {detail}", flush=True)


def rss(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def run_cli(args, timeout=120, env=None):
    """Runs the CLI; returns (exit code, stdout, stderr, peak resident bytes). Killed at the time or memory limit."""
    process = subprocess.Popen(["dotnet", CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, **(env or {})}, start_new_session=True)
    peak = [0]
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            peak[0] = max(peak[0], rss(process.pid))
            if peak[0] > MEMORY_LIMIT:
                os.killpg(process.pid, signal.SIGKILL)
                return
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        out, err = process.communicate()
        stop.set()
        return None, out, err, peak[0]
    stop.set()
    return process.returncode, out, err, peak[0]


def refused(kind, case, args, option, must=None, timeout=120, written=None):
    """Held when the CLI exits 2 with one line naming the option (and `must`), nothing written at `written`."""
    code, out, err, peak = run_cli(args, timeout)
    lines = [line for line in err.splitlines() if line.strip()]
    ok = code == 2 and len(lines) == 1 and lines[0].startswith(f"error: {option}") and (must is None or must in lines[0])
    if written is not None and os.path.isdir(written) and os.listdir(written):
        ok = False  # something was written
    record(kind, case, ok, f"exit {code}, {peak / 1e6:.0f} MB peak, {lines[0] if lines else '(no message)'}"[:300])


def fresh(name):
    return os.path.join(WORK, f"{name}-{random.randrange(1 << 30)}")


# ---------------------------------------------------------------------------------------------------------- files
def files():
    out = fresh("out")
    refused("files", "--data /dev/zero", ["run", "--data", "/dev/zero", "--out", out, *SMALL], "--data", "limit", written=out)
    refused("files", "--model /dev/zero", ["run", "--model", "/dev/zero", "--out", out, *SMALL], "--model", "limit", written=out)
    refused("files", "--init-weights /dev/zero", ["run", "--init-weights", "/dev/zero", "--out", out, *SMALL], "--init-weights", "limit", written=out)
    refused("files", "--config /dev/zero", ["run", "--config", "/dev/zero", "--out", out], "--config", "limit", written=out)
    big = os.path.join(WORK, "one-line-500MB.csv")
    with open(big, "wb") as f:
        f.write(b"x,y\n1")
    os.truncate(big, 500 << 20)  # sparse: 500 MB without a line end
    refused("files", "500 MB one-line CSV", ["run", "--data", big, "--out", out, *SMALL], "--data", "longer than the limit", written=out)
    os.remove(big)
    config = os.path.join(WORK, "run.json")
    with open(config, "w") as f:
        json.dump({"command": "run", "options": {"data": "/dev/zero"}}, f)
    refused("files", "run.json whose data is /dev/zero", ["run", "--config", config, "--out", out], "--data", "limit", written=out)
    rows = os.path.join(WORK, "rows.csv")
    with open(rows, "wb") as f:
        f.write(b"x,y\n")
        chunk = b"1,2\n" * 1_000_000
        for _ in range(10):
            f.write(chunk)
        f.write(b"1,2\n1,2\n")
    refused("files", "CSV of 10,000,002 rows", ["run", "--data", rows, "--out", out, *SMALL], "--data", "10000000 data rows", written=out)
    os.remove(rows)
    huge = os.path.join(WORK, "standardize.csv")
    with open(huge, "w") as f:
        f.write("x,y\n" + "".join(f"{'1.7e308' if i % 2 else '-1.7e308'},{i}\n" for i in range(100)))
    refused("files", "--standardize on ±1.7e308", ["run", "--data", huge, "--standardize", "--out", out, *SMALL], "--standardize", "too large", written=out)
    bomb = os.path.join(WORK, "bomb.npz")
    import zipfile
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("x.npy", "w", force_zip64=True) as entry:
            header = b"{'descr': '<f8', 'fortran_order': False, 'shape': (300000000,), }"
            entry.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header) + 1) + header + b"\n")
            zeros = bytes(1 << 24)
            for _ in range(144):  # 2.25 GiB of zeros, about 2 MB compressed
                entry.write(zeros)
        archive.writestr("y.npy", b"")
    refused("files", "a .npz entry inflating past 2 GiB", ["run", "--data", bomb, "--out", out, *SMALL], "--data", "limit", written=out)
    os.remove(bomb)
    features = os.path.join(WORK, "features.csv")
    with open(features, "w") as f:
        f.write("x,z,y\n" + "".join(f"{i},{i},{i}\n" for i in range(50)))
    refused("files", "--features x,x", ["run", "--data", features, "--features", "x,x", "--out", out, *SMALL], "--features", "2 times", written=out)


# ------------------------------------------------------------------------------------------------------------ npy
def npy_file(name, version, length, shape):
    header = ("{'descr': '<f8', 'fortran_order': False, 'shape': %s, }\n" % shape).encode()
    path = os.path.join(WORK, name)
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY" + bytes([version, 0]))
        f.write(struct.pack("<H", len(header)) if version == 1 else struct.pack("<I", length))
        f.write(header)
    return path


def npy():
    out = fresh("out")
    for name, version, length, shape in [("v2-huge", 2, 0xFFFFFFF0, "(3,)"), ("v3-huge", 3, 0x7FFFFFFF, "(3,)"),
                                         ("past-end", 2, 500, "(3,)"), ("rows-of-nothing", 1, 0, "(2147483647, 0)"),
                                         ("too-long", 1, 0, "(99999999999999999999999,)"), ("negative", 1, 0, "(-3,)"),
                                         ("square-max", 1, 0, "(2147483647, 2147483647)")]:
        path = npy_file(name + ".npy", version, length, shape)
        refused("npy", name, ["run", "--init-weights", path, "--out", out, *SMALL], "--init-weights", written=out)
    refused("npy", "good.npy:1.5", ["run", "--init-weights", "good.npy:1.5", "--out", out, *SMALL], "--init-weights", "whole number", written=out)


# ---------------------------------------------------------------------------------------------------------- paths
def paths():
    base = fresh("paths")
    os.makedirs(os.path.join(base, "folder"))
    out = os.path.join(base, "out")
    for case, target, must in [("a folder", os.path.join(base, "folder"), "is a folder"),
                               ("a missing folder", os.path.join(base, "missing", "m.onnx"), "does not exist"),
                               ("/proc", "/proc/m.onnx", "cannot write"),
                               ("inside --out", os.path.join(out, "m.onnx"), "inside the run folder")]:
        refused("paths", f"--export-onnx {case}", ["run", "--export-onnx", target, "--out", out, *SMALL], "--export-onnx", must, written=out)
    os.makedirs(os.path.join(base, "real"))
    os.symlink(os.path.join(base, "real"), os.path.join(base, "link"))
    refused("paths", "symlinked --out", ["run", "--out", os.path.join(base, "link"), *SMALL], "--out", "symbolic link")


# ----------------------------------------------------------------------------------------------------------- host
def host():
    for value in ["127.0.0.l", "999.1.1.1", "127.1", "0x7f.0.0.1", "example.com", ""]:
        refused("host", f"--host '{value}'", ["serve", "--port", "0", "--host", value], "--host", "not an IP address", timeout=60)
    refused("host", "--host 0.0.0.0 without --allow-remote", ["serve", "--port", "0", "--host", "0.0.0.0"], "--host", "--allow-remote", timeout=60)
    process = subprocess.Popen(["dotnet", CLI, "serve", "--port", "0", "--host", "0.0.0.0", "--allow-remote"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = process.stdout.readline()
        warning = process.stderr.readline()
        record("host", "--allow-remote warns", "no authentication" in warning, (line.strip() + " / " + warning.strip())[:200])
    finally:
        process.kill()
        process.wait()


# ------------------------------------------------------------------------------------------------------- chromium
def chromium_processes(marker):
    count = 0
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if marker.encode() in f.read():
                        count += 1
            except OSError:
                pass
    return count


def browser():
    if shutil.which("chromium") is None and shutil.which("google-chrome") is None:
        record("browser", "kill -9 during --png", False, "no Chromium on PATH: not tested")
        return
    for command in (["run"], ["compare"]):
        out = fresh("png")
        process = subprocess.Popen(["dotnet", CLI, *command, "--png", "--out", out, "--epochs", "3", "--samples", "1000", "--plotlyjs", "cdn"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        marker = f"losslandscape-chromium-{process.pid}-"
        clock = time.time()
        while chromium_processes(marker) < 2 and time.time() - clock < 120 and process.poll() is None:
            time.sleep(0.05)
        started = chromium_processes(marker)
        process.send_signal(signal.SIGKILL)
        process.wait()
        clock = time.time()
        while time.time() - clock < 15 and (chromium_processes(marker) > 0 or any(n.startswith(marker) for n in os.listdir(tempfile.gettempdir()))):
            time.sleep(0.1)
        left = chromium_processes(marker)
        folders = [n for n in os.listdir(tempfile.gettempdir()) if n.startswith(marker)]
        record("browser", f"kill -9 during {command[0]} --png", started > 0 and left == 0 and not folders,
               f"{started} browser processes before, {left} after, {len(folders)} profile folders left, {time.time() - clock:.1f} s")
    dying = os.path.join(WORK, "dying-browser")
    chrome = shutil.which("chromium") or shutil.which("google-chrome")
    with open(dying, "w") as f:
        f.write("#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --user-data-dir=*) d=\"${a#--user-data-dir=}\";; esac; done\n"
                "( while [ ! -e \"$d/DevToolsActivePort\" ]; do sleep 0.05; done; sleep 2; kill -9 $$ ) &\n"
                f"exec '{chrome}' \"$@\"\n")
    os.chmod(dying, 0o755)
    out = fresh("dying")
    code, _, err, _ = run_cli(["run", "--out", out, *SMALL])
    before = open(os.path.join(out, "run.json")).read() if code == 0 else None
    code, _, err, _ = run_cli(["run", "--png", "--browser", dying, "--out", out, "--samples", "5000", "--epochs", "100", "--w1", "-1:1:0.02", "--w2", "-1:1:0.02", "--plotlyjs", "cdn"])
    lines = [line for line in err.splitlines() if line.strip()]
    after = open(os.path.join(out, "run.json")).read() if os.path.exists(os.path.join(out, "run.json")) else None
    record("browser", "browser killed during the export", code == 1 and len(lines) == 1 and dying in lines[0] and "left as it was" in lines[0] and before == after,
           f"exit {code}: {lines[0] if lines else ''}"[:300])
    code, _, err, _ = run_cli(["run", "--png", "--browser", "/bin/false", "--out", fresh("never"), *SMALL])
    lines = [line for line in err.splitlines() if line.strip()]
    record("browser", "a browser that never works", code == 2 and len(lines) == 1 and "--browser" in lines[0], f"exit {code}: {lines[0] if lines else ''}"[:300])


# ---------------------------------------------------------------------------------------------------------- small
def small():
    out = fresh("small")
    code, stdout, err, _ = run_cli(["run", "--optimizer", "sgd", "--lr", "1e6", "--out", out, *SMALL])
    line = next((l for l in stdout.splitlines() if "2/lr" in l), "")
    record("small", "2/lr for lr 1e6", "2/lr = 0," not in line and "2/lr = 0 " not in line, line.strip()[:200] or f"exit {code} {err.strip()[:150]}")
    refused("small", "--w1 -2:2:1e-300", ["run", "--w1", "-2:2:1e-300", "--out", out, *SMALL[:4]], "--w1")
    code, _, err, _ = run_cli(["run", "--w1", "-2:2:1e-300", "--out", out, *SMALL[:4]])
    digits = max((len(w) for w in err.replace("(", " ").split() if w.isdigit()), default=0)
    record("small", "point count of 1e-300 step", digits < 30, err.strip()[:200])
    refused("small", "record steps, 100000 steps", ["run", "--record", "steps", "--samples", "1000", "--batch-size", "8", "--epochs", "1000", "--out", out], "--record", "100001 records")
    code, stdout, err, _ = run_cli(["run", "--out", out, *SMALL])
    if code == 0:
        directions = json.load(open(os.path.join(out, "directions.json")))
        directions["d1"] = [1e300] * len(directions["d1"])
        bad = os.path.join(WORK, "directions-1e300.json")
        json.dump(directions, open(bad, "w"))
        refused("small", "--directions with 1e300", ["run", "--directions", bad, "--out", fresh("d"), *SMALL[:4], "--plotlyjs", "cdn"], "--directions", "overflow")
    label_out = fresh("labels")
    code, stdout, err, _ = run_cli(["compare", "--run", "sgd label==HYPERLINK(\"http://x\")", "--run", "adam label=\x1b[31mred\x1b[0m", "--epochs", "2", "--samples", "200", "--plotlyjs", "cdn", "--out", label_out])
    csv = open(os.path.join(label_out, "trajectories.csv")).read() if code == 0 else ""
    record("small", "labels: no escape reaches the terminal", code == 0 and "\x1b" not in stdout and "\x1b" not in err, f"exit {code}")
    record("small", "labels: CSV formula quoted", code == 0 and "\n=HYPERLINK" not in csv and "\"'=HYPERLINK" in csv, csv.splitlines()[1][:80] if csv.count("\n") > 1 else err.strip()[:150])


# ------------------------------------------------------------------------------------------------------------ lab
class Lab:
    def __init__(self):
        self.process = subprocess.Popen(["dotnet", CLI, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        self.url = line.split(" is at ")[1].split(" ")[0].rstrip("/")
        self.port = int(self.url.rsplit(":", 1)[1])

    def request(self, method, path, body=None, timeout=200, headers=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers.get("Content-Type", ""), e.read()

    def close(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def raw(port, payload, wait=2.0):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(payload)
        s.settimeout(wait)
        data = b""
        try:
            while chunk := s.recv(65536):
                data += chunk
        except socket.timeout:
            pass
        return data


def lab_limits():
    lab = Lab()
    try:
        heavy = {"samples": 1000000, "layers": [1, 300, 300, 1], "a-range": "-1:1:0.002", "b-range": "-1:1:0.002"}
        status, kind, body = lab.request("POST", "/api/surface", heavy)
        fields = json.loads(body).get("fields") if kind.startswith("application/problem+json") else None
        record("lab", "the issue's heavy surface", status == 422 and fields and "samples" in fields, f"{status} {kind.split(';')[0]} fields={fields}")
        slow = {"samples": 200000, "layers": [1, 300, 300, 1], "a-range": "-1:1:0.1", "b-range": "-1:1:0.1"}

        def hang_up():
            try:
                lab.request("POST", "/api/surface", slow, timeout=3)
            except Exception:
                pass

        clients = [threading.Thread(target=hang_up) for _ in range(2)]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        clock = time.time()
        status, _, _ = lab.request("POST", "/api/surface", {}, timeout=60)
        seconds = time.time() - clock
        record("lab", "a surface after two heavy clients hung up", status == 200 and seconds < 10, f"{status} after {seconds:.1f} s")
        status, kind, _ = lab.request("GET", "/api/runs/x" * 2000)
        record("lab", "a long URI gets problem+json", status == 414 and "problem+json" in kind, f"{status} {kind}")
        answer = raw(lab.port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 40000 + b"\r\n\r\n")
        record("lab", "large headers get problem+json", b" 431 " in answer[:20] and b"problem+json" in answer, answer[:60].decode(errors="replace").splitlines()[0] if answer else "(nothing)")
    finally:
        lab.close()


def memory():
    lab = Lab()
    try:
        peak = rss(lab.process.pid)
        status, _, body = lab.request("POST", "/api/runs", {"landscape": {"samples": 20000}, "epochs": 40, "record": "steps", "batch-size": 16})
        run = json.loads(body)["id"] if status == 201 else None
        if run:
            lab.request("GET", f"/api/runs/{run}/events", timeout=120)
        stop = time.time() + LOAD
        sockets = []
        kept = []

        def runs(run):
            while time.time() < stop:
                status, _, body = lab.request("POST", "/api/runs", run, timeout=200)
                if status == 201:
                    kept.append(json.loads(body)["id"])
                time.sleep(0.2)

        # The run (about 100,000 records) and a quick one of 9,976 records, again and again: the kept runs
        # grow until the budget forgets the least recently used.
        workers = [threading.Thread(target=runs, args=(run,)) for run in
                   ({"epochs": 399, "record": "steps"}, {"landscape": {"samples": 2000}, "epochs": 399, "record": "steps", "batch-size": 64})]
        for worker in workers:
            worker.start()
        while time.time() < stop:
            # Clients that ask for the long run's stream and never read, opened and closed again and again.
            while len(sockets) < CLIENTS and run:
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                s.connect(("127.0.0.1", lab.port))
                s.sendall(f"GET /api/runs/{run}/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
                sockets.append(s)
            time.sleep(1)
            peak = max(peak, rss(lab.process.pid))
            for s in sockets[: len(sockets) // 5]:
                s.close()
            sockets = sockets[len(sockets) // 5:]
        for worker in workers:
            worker.join()
        for s in sockets:
            s.close()
        now = rss(lab.process.pid)
        record("memory", f"{CLIENTS} never-reading clients and {len(kept)} runs of 399 epochs recorded by steps over {LOAD:.0f} s",
               peak < LAB_BUDGET, f"resident memory peak {peak / 1e6:.0f} MB, at the end {now / 1e6:.0f} MB; budget {LAB_BUDGET / 1e6:.0f} MB")
    finally:
        lab.close()


CLASSES = {"files": files, "npy": npy, "paths": paths, "host": host, "browser": browser, "small": small, "lab": lab_limits, "memory": memory}

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--cli", default=os.path.join(root, "src/LossLandscape.Cli/bin/Release/net10.0/LossLandscape.Cli.dll"))
    parser.add_argument("--load", type=float, default=30, help="seconds of the lab's load test (the issue's: 180)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--only", default=",".join(CLASSES))
    arguments = parser.parse_args()
    CLI, LOAD, CLIENTS = arguments.cli, arguments.load, arguments.clients
    if not os.path.exists(CLI):
        sys.exit(f"{CLI} is not built: dotnet build src/LossLandscape.Cli -c Release (or give --cli)")
    WORK = tempfile.mkdtemp(prefix="losslandscape-adversarial-")
    try:
        for name in arguments.only.split(","):
            CLASSES[name]()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
    print()
    for kind in dict.fromkeys(k for k, _, _, _ in results):
        held = sum(1 for k, _, h, _ in results if k == kind and h)
        total = sum(1 for k, _, _, _ in results if k == kind)
        print(f"{kind:<10} {held} held, {total - held} failed")
    failed = sum(1 for r in results if not r[2])
    print(f"total      {len(results) - failed} held, {failed} failed")
    sys.exit(1 if failed else 0)
