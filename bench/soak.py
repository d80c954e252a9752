#!/usr/bin/env python3
"""Fuzz/soak Rampart with hostile repositories under memory and time limits.

    python3 bench/soak.py [--binary PATH] [--seconds N] [--mem-mib M] [--timeout S]
                          [--seed K] [--out FILE] [--keep DIR]

Two phases, both run the real `rampart` binary in a child process:

1. **Known cases**: every hostile input named in the reliability guarantees
   (docs/reliability.md) — self-referencing parameters, exponential strings, huge `count`,
   `file()` on devices and FIFOs, reads outside the scanned tree, suppression strings inside
   values, silent-skip inputs, 800 fixes in one run. Each runs once and must end with the
   status it documents.
2. **Mutations** for the rest of `--seconds`: seed files from `examples/` and the loaders'
   test fixtures are mutated (byte flips, truncation, duplicated slices, deep nesting, hostile
   tokens, invalid UTF-8, huge numbers) and scanned; some runs also `fix --dry-run`.

Every child is watched: its resident memory is sampled every 10 ms and it is killed above
`--mem-mib` (a *limit breach*), or when it runs past `--timeout` seconds (also a breach). A
*crash* is death by a signal we did not send, an exit status other than 0/1/2, or a panic or
stack-overflow message on stderr. The summary (JSON, also printed) counts runs, crashes,
breaches, status mismatches of the known cases, and peak memory/time; crashing inputs are
saved under `--keep` for replay. Exit status 0 only when there are no crashes, breaches or
mismatches.
"""

import argparse
import json
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SECRET_TOKEN = "SOAK-OUTSIDE-SECRET-7f3a9c"


# ---------------------------------------------------------------- running one child

def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def run_limited(argv, cwd, mem_mib, timeout_s):
    """Run argv; return a dict with status, signal, peak RSS (MiB), seconds, breach, stderr."""
    started = time.monotonic()
    child = subprocess.Popen(argv, cwd=cwd, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "NO_COLOR": "1"}, start_new_session=True)
    outputs = {}

    def drain(name, stream):
        data = bytearray()
        while True:
            chunk = stream.read(65536)
            if not chunk:
                break
            if len(data) < 4 << 20:  # keep the first 4 MiB; the rest is counted, not kept
                data.extend(chunk)
            outputs[name + "_bytes"] = outputs.get(name + "_bytes", 0) + len(chunk)
        outputs[name] = bytes(data)

    readers = [threading.Thread(target=drain, args=(n, s), daemon=True)
               for n, s in (("stdout", child.stdout), ("stderr", child.stderr))]
    for reader in readers:
        reader.start()
    breach, peak = None, 0
    while child.poll() is None:
        peak = max(peak, rss_kib(child.pid))
        elapsed = time.monotonic() - started
        if peak > mem_mib * 1024:
            breach = f"memory above {mem_mib} MiB"
        elif elapsed > timeout_s:
            breach = f"time above {timeout_s} s"
        if breach:
            try:
                os.killpg(child.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            child.wait()
            break
        time.sleep(0.01)
    for reader in readers:
        reader.join(timeout=5)
    code = child.returncode
    return {
        "status": code if code is not None and code >= 0 else None,
        "signal": -code if code is not None and code < 0 else None,
        "peak_mib": round(peak / 1024, 1),
        "seconds": round(time.monotonic() - started, 3),
        "breach": breach,
        "stdout": outputs.get("stdout", b""),
        "stderr": outputs.get("stderr", b""),
        "stdout_bytes": outputs.get("stdout_bytes", 0),
    }


def crash_of(result):
    if result["breach"]:
        return None
    if result["signal"] is not None:
        return f"killed by signal {result['signal']}"
    if result["status"] not in (0, 1, 2):
        return f"exit status {result['status']}"
    err = result["stderr"]
    for marker in (b"panicked at", b"stack overflow", b"RUST_BACKTRACE", b"memory allocation of"):
        if marker in err:
            return "stderr: " + marker.decode()
    return None


# ---------------------------------------------------------------- the known hostile cases

def write_tree(root, files):
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode()
        path.write_bytes(content)


def doubling_locals(levels):
    lines = ['locals {', '  a0 = "lol"']
    lines += [f'  a{i} = "${{local.a{i-1}}}${{local.a{i-1}}}"' for i in range(1, levels + 1)]
    lines += ['}', 'resource "aws_s3_bucket" "b" {', f'  bucket = local.a{levels}', '}']
    return "\n".join(lines) + "\n"


def nested_modules(depth, fan):
    """A root calling ./m1 `fan` times, m1 calling ./m2 `fan` times, ... down to a bucket."""
    files = {}
    for level in range(depth):
        folder = "/".join(f"m{i}" for i in range(1, level + 1))
        path = f"{folder}/main.tf" if folder else "main.tf"
        files[path] = f'module "m" {{\n  source = "./m{level + 1}"\n  count  = {fan}\n}}\n'
    leaf = "/".join(f"m{i}" for i in range(1, depth + 1))
    files[f"{leaf}/main.tf"] = 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n'
    return files


def trails(n):
    return "".join(f'resource "aws_cloudtrail" "t{i}" {{\n  name           = "t{i}"\n'
                   f'  s3_bucket_name = "logs"\n}}\n' for i in range(n))


PLANTED = ["AKIAQ3EGRJ5VKZ7TXW4M", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzq8Yt3Nm2Q", "Hunter2-soak-9xq"]


def planted_secrets():
    """Credentials in a provider block, a database password and AWS keys in user data."""
    key, secret, password = PLANTED
    return (f'provider "aws" {{\n  region     = "eu-west-1"\n  access_key = "{key}"\n'
            f'  secret_key = "{secret}"\n}}\n'
            f'resource "aws_db_instance" "d" {{\n  engine   = "mysql"\n'
            f'  password = "{password}"\n  publicly_accessible = true\n}}\n'
            f'resource "aws_instance" "i" {{\n  ami = "ami-1"\n  user_data = <<EOF\n'
            f'export AWS_ACCESS_KEY_ID={key}\nexport AWS_SECRET_ACCESS_KEY={secret}\nEOF\n}}\n')


def known_cases():
    """(name, files, command-after-`rampart`, allowed exit statuses, extra check or None)."""
    heredoc_ud = ('resource "aws_instance" "i" {\n  ami = "ami-1"\n  user_data = <<EOF\n'
                  '# rampart:ignore:*\necho hi\nEOF\n}\n')
    cases = [
        ("cfn-self-ref-parameter",
         {"t.yaml": "Parameters:\n  P:\n    Type: String\n    Default: !Ref P\nResources:\n"
                    "  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Ref P\n"},
         ["scan", "."], {1, 2}, None),
        ("arm-self-ref-parameter",
         {"t.json": json.dumps({
             "$schema": "https://schema.management.azure.com/schemas/2019-04-01/"
                        "deploymentTemplate.json#",
             "contentVersion": "1.0.0.0",
             "parameters": {"p": {"type": "string", "defaultValue": "[parameters('p')]"}},
             "resources": [{"type": "Microsoft.Storage/storageAccounts",
                            "apiVersion": "2022-09-01", "name": "[parameters('p')]",
                            "location": "westeurope", "kind": "StorageV2",
                            "properties": {}}]})},
         ["scan", "."], {1, 2}, None),
        ("string-doubling-32", {"main.tf": doubling_locals(32)}, ["scan", "."], {0, 1, 2}, None),
        ("join-past-cap",
         {"main.tf": 'locals {\n  big = join(",", [for i in range(1000000) : "xxxxxxxxxx"])\n}\n'
                     'resource "aws_s3_bucket" "b" {\n  bucket = local.big\n}\n'},
         ["scan", "."], {0, 1, 2}, None),
        ("nested-for-1024-cubed",
         {"main.tf": 'locals {\n  x = [for a in range(1024) : [for b in range(1024) : '
                     '[for c in range(1024) : "${a}${b}${c}"]]]\n}\n'
                     'resource "aws_s3_bucket" "b" {\n  bucket = length(local.x)\n}\n'},
         ["scan", "."], {0, 1, 2}, None),
        ("count-through-modules", nested_modules(3, 1000), ["scan", "."], {1, 2}, None),
        ("count-one-million",
         {"main.tf": 'resource "aws_s3_bucket" "b" {\n  count  = 1000000\n  bucket = "b${count.index}"\n}\n'},
         ["scan", "."], {1, 2}, None),
        ("count-1e9",
         {"main.tf": 'resource "aws_s3_bucket" "b" {\n  count  = 1e9\n  bucket = "b"\n}\n'},
         ["scan", "."], {1, 2}, None),
        ("file-dev-zero",
         {"main.tf": 'resource "aws_instance" "i" {\n  ami = "ami-1"\n  user_data = file("/dev/zero")\n}\n'},
         ["scan", "."], {1, 2}, None),
        ("file-fifo", {"main.tf": 'resource "aws_instance" "i" {\n  ami = "ami-1"\n'
                                  '  user_data = file("${path.module}/pipe")\n}\n',
                       "__fifo__": "pipe"},
         ["scan", "."], {1, 2}, None),
        ("config-baseline-dev-zero", {".rampart.toml": 'baseline = "/dev/zero"\n',
                                      "main.tf": 'resource "aws_s3_bucket" "b" {}\n'},
         ["scan", "."], {2}, None),
        ("config-var-files-dev-zero", {".rampart.toml": 'var_files = ["/dev/zero"]\n',
                                       "main.tf": 'resource "aws_s3_bucket" "b" {}\n'},
         ["scan", "."], {2}, None),
        ("file-outside-tree",
         {"repo/main.tf": 'resource "aws_instance" "i" {\n  ami = "ami-1"\n'
                          '  user_data = file("../outside/secret.txt")\n}\n',
          "outside/secret.txt": SECRET_TOKEN + "\n"},
         ["scan", "repo", "--format", "json", "--remediation"], {0, 1, 2}, "no-secret-token"),
        ("suppression-in-tag",
         {"main.tf": 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n'
                     '  tags = { note = "# rampart:ignore:*" }\n}\n'},
         ["scan", "."], {1}, None),
        ("suppression-in-heredoc", {"main.tf": heredoc_ud}, ["scan", "."], {1}, None),
        ("suppression-checkov-in-string",
         {"main.tf": 'resource "aws_ebs_volume" "v" {\n  availability_zone = "a"\n'
                     '  tags = { x = "#checkov:skip=CKV_AWS_3:x" }\n}\n'},
         ["scan", "."], {1}, None),
        ("cfn-invalid-utf8",
         {"t.yaml": b"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
                    b"      BucketName: \xff\xfe\n"},
         ["scan", "."], {2}, None),
        ("k8s-deep-indented-comment",
         {"pod.yaml": "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n" + " " * 1001 +
                      "# deep\nspec:\n  containers:\n  - name: c\n    image: nginx\n"},
         ["scan", "."], {1, 2}, None),
        ("duplicate-resource-address",
         {"a.tf": 'resource "aws_s3_bucket" "b" {}\n', "b.tf": 'resource "aws_s3_bucket" "b" {}\n'},
         ["scan", "."], {2}, None),
        ("state-resource-without-instances",
         {"terraform.tfstate": json.dumps({"version": 4, "terraform_version": "1.6.0",
                                           "resources": [{"mode": "managed", "type": "aws_s3_bucket",
                                                          "name": "b", "provider": "aws"}]})},
         ["scan", "."], {1, 2}, None),
        ("json-duplicate-keys",
         {"t.json": '{"Resources": {"B": {"Type": "AWS::S3::Bucket"}, "B": {"Type": "AWS::S3::Bucket"}}}'},
         ["scan", "."], {2}, None),
        ("hcl-1e400", {"main.tf": 'locals {\n  n = 1e400\n}\nresource "aws_s3_bucket" "b" {}\n'},
         ["scan", "."], {0, 1}, None),
        ("binary-tf", {"main.tf": bytes(range(256)) * 4}, ["scan", "."], {2}, None),
        ("rule-and-skip-rule", {"main.tf": 'resource "aws_s3_bucket" "b" {}\n'},
         ["scan", ".", "--rule", "AWS-S3-001", "--skip-rule", "AWS-S3-001"], {2}, None),
        ("yaml-deep-nesting", {"t.yaml": "Resources: " + "[" * 100000 + "]" * 100000 + "\n"},
         ["scan", "."], {0, 1, 2}, None),
        ("cfn-deep-intrinsics",
         {"t.json": '{"Resources": {"B": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": '
                    + '{"Fn::Join": ["", [' * 5000 + '"x"' + ']]}' * 5000 + '}}}}'},
         ["scan", "."], {0, 1, 2}, None),
        ("yaml-alias-bomb",
         {"t.yaml": "AWSTemplateFormatVersion: '2010-09-09'\nMetadata:\n  a0: &a0 [" +
                    ",".join(['"lol"'] * 9) + "]\n" +
                    "".join(f"  a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]\n"
                            for i in range(1, 10)) +
                    "Resources:\n  B:\n    Type: AWS::S3::Bucket\n"},
         ["scan", "."], {2}, None),
        ("locals-cycle", {"main.tf": 'locals {\n  a = local.b\n  b = local.a\n}\n'
                                     'resource "aws_s3_bucket" "b" {\n  bucket = local.a\n}\n'},
         ["scan", "."], {0, 1, 2}, None),
        ("module-calls-itself", {"main.tf": 'module "self" {\n  source = "./"\n}\n'
                                            'resource "aws_s3_bucket" "b" {}\n'},
         ["scan", "."], {1, 2}, None),
        ("templatefile-includes-itself",
         {"main.tf": 'resource "aws_instance" "i" {\n  ami = "ami-1"\n'
                     '  user_data = templatefile("${path.module}/t.tpl", {})\n}\n',
          "t.tpl": '${templatefile("t.tpl", {})}'},
         ["scan", "."], {0, 1, 2}, None),
        ("fix-800-trails", {"main.tf": trails(800)},
         ["fix", ".", "--rule", "AWS-CT-001", "--dry-run"], {0, 1}, None),
    ]
    for form in (["scan", "."], ["scan", ".", "--format", "json"],
                 ["scan", ".", "--format", "sarif"], ["fix", ".", "--dry-run"]):
        name = "-".join(a.lstrip("-") for a in form if a not in (".", "--format"))
        cases.append(("planted-secrets-" + name,
                      {"main.tf": planted_secrets()}, form, {0, 1}, "no-planted-secret"))
    return cases


def run_known(binary, work, mem_mib, timeout_s):
    results = []
    for name, files, command, allowed, check in known_cases():
        case_dir = work / name
        case_dir.mkdir(parents=True)
        fifo = files.pop("__fifo__", None) if isinstance(files, dict) else None
        write_tree(case_dir, files)
        if fifo:
            os.mkfifo(case_dir / fifo)
        cwd = case_dir
        result = run_limited([str(binary), *command], cwd, mem_mib, timeout_s)
        problem = None
        crash = crash_of(result)
        if crash:
            problem = "crash: " + crash
        elif result["breach"]:
            problem = "breach: " + result["breach"]
        elif result["status"] not in allowed:
            problem = f"status {result['status']}, expected one of {sorted(allowed)}"
        elif check == "no-secret-token" and (SECRET_TOKEN.encode() in result["stdout"]
                                             or SECRET_TOKEN.encode() in result["stderr"]):
            problem = "the contents of a file outside the scanned tree reached the output"
        elif check == "no-planted-secret" and any(token.encode() in result["stdout"]
                                                  or token.encode() in result["stderr"]
                                                  for token in PLANTED):
            problem = "a planted secret reached the output"
        results.append({"case": name, "status": result["status"], "signal": result["signal"],
                        "seconds": result["seconds"], "peak_mib": result["peak_mib"],
                        "stdout_bytes": result["stdout_bytes"], "problem": problem,
                        "stderr_head": result["stderr"][:300].decode("utf-8", "replace")
                        if problem else None})
    return results


# ---------------------------------------------------------------- mutations

HOSTILE_TOKENS = [b"${", b"}", b"[", b"]", b"{", b"!Ref ", b"!Sub ", b"[parameters('p')]",
                  b"\x00", b"\xff\xfe", b"1e400", b"-1e400", b"9" * 400, b"<<EOF\n", b"\nEOF\n",
                  b"# rampart:ignore:*", b"\x1b[31m", b"&anchor ", b"*anchor", b"<<: *a",
                  b"\t", b"\r", b"\"", b"'", b"\\", b"count = 100000", b"for_each = {}",
                  b"file(\"/dev/zero\")", b"range(100000000)", b"---\n", b"Fn::Join",
                  b"\n" + b" " * 2000 + b"#\n", "\u2028".encode()]

SEED_SUFFIXES = {".tf", ".yaml", ".yml", ".json", ".tfvars", ".template"}


def seed_files():
    seeds = []
    for base in [ROOT / "examples", ROOT / "crates" / "rampart_ingest" / "tests" / "fixtures",
                 ROOT / "crates" / "rampart_rules" / "tests" / "fixtures",
                 ROOT / "crates" / "rampart_rules" / "fixtures"]:
        if base.is_dir():
            for path in sorted(base.rglob("*")):
                if path.is_file() and path.suffix in SEED_SUFFIXES and path.stat().st_size < 200_000:
                    seeds.append(path)
    return seeds


def mutate(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        kind = rng.randrange(7)
        pos = rng.randrange(len(data) + 1)
        if kind == 0 and data:  # flip a byte
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif kind == 1:  # truncate
            data = data[:pos]
        elif kind == 2 and data:  # duplicate a slice
            end = min(len(data), pos + rng.randint(1, 400))
            data[pos:pos] = data[pos:end] * rng.randint(1, 8)
        elif kind == 3:  # hostile token
            data[pos:pos] = rng.choice(HOSTILE_TOKENS)
        elif kind == 4:  # deep nesting
            depth = rng.choice([10, 100, 1000, 20000])
            opener = rng.choice([b"[", b"{", b"(", b"- "])
            data[pos:pos] = opener * depth
        elif kind == 5 and data:  # delete a slice
            del data[pos:pos + rng.randint(1, 200)]
        elif kind == 6:  # swap lines
            lines = bytes(data).split(b"\n")
            rng.shuffle(lines)
            data = bytearray(b"\n".join(lines))
    return bytes(data)


def run_mutations(binary, work, seconds, mem_mib, timeout_s, rng, keep):
    seeds = seed_files()
    stats = {"runs": 0, "crashes": [], "breaches": [], "peak_mib": 0.0, "max_seconds": 0.0,
             "seeds": len(seeds), "statuses": {}}
    deadline = time.monotonic() + seconds
    n = 0
    while seeds and time.monotonic() < deadline:
        n += 1
        case_dir = work / f"m{n}"
        case_dir.mkdir(parents=True)
        picked = rng.sample(seeds, k=min(len(seeds), rng.randint(1, 3)))
        for i, seed in enumerate(picked):
            (case_dir / f"{i}_{seed.name}").write_bytes(mutate(seed.read_bytes(), rng))
        command = ["scan", ".", "--format", rng.choice(["text", "json", "sarif", "junit", "asff", "ocsf"])]
        if rng.random() < 0.15:
            command = ["fix", ".", "--dry-run"]
        result = run_limited([str(binary), *command], case_dir, mem_mib, timeout_s)
        stats["runs"] += 1
        stats["peak_mib"] = max(stats["peak_mib"], result["peak_mib"])
        stats["max_seconds"] = max(stats["max_seconds"], result["seconds"])
        key = str(result["status"])
        stats["statuses"][key] = stats["statuses"].get(key, 0) + 1
        crash = crash_of(result)
        if crash or result["breach"]:
            entry = {"run": n, "command": command, "problem": crash or result["breach"],
                     "seeds": [str(p.relative_to(ROOT)) for p in picked],
                     "stderr_head": result["stderr"][:300].decode("utf-8", "replace")}
            if keep:
                saved = Path(keep) / f"m{n}"
                shutil.copytree(case_dir, saved, dirs_exist_ok=True)
                entry["saved"] = str(saved)
            stats["crashes" if crash else "breaches"].append(entry)
        shutil.rmtree(case_dir, ignore_errors=True)
    return stats


# ---------------------------------------------------------------- main

def build_binary():
    target = Path(os.environ.get("CARGO_TARGET_DIR", Path.home() / ".cache" / "rampart-target"))
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "rampart"], cwd=ROOT, check=True,
                   env={**os.environ, "CARGO_TARGET_DIR": str(target)})
    return target / "release" / "rampart"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", help="rampart binary (default: cargo build --release)")
    parser.add_argument("--seconds", type=float, default=300, help="mutation phase length")
    parser.add_argument("--mem-mib", type=int, default=2048, help="memory limit per run")
    parser.add_argument("--timeout", type=float, default=30, help="time limit per run (s)")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--out", default=str(HERE / "out" / "soak.json"), help="summary file")
    parser.add_argument("--keep", default=str(HERE / "out" / "soak-failures"),
                        help="folder for inputs that crashed or breached a limit")
    args = parser.parse_args()
    binary = Path(args.binary) if args.binary else build_binary()
    rng = random.Random(args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="rampart-soak-") as tmp:
        work = Path(tmp)
        known = run_known(binary, work / "known", args.mem_mib, args.timeout)
        mutations = run_mutations(binary, work / "mut", args.seconds, args.mem_mib,
                                  args.timeout, rng, args.keep)
    problems = [k for k in known if k["problem"]]
    summary = {
        "binary": str(binary), "seed": args.seed, "mem_mib": args.mem_mib,
        "timeout_s": args.timeout, "wall_s": round(time.monotonic() - started, 1),
        "known_cases": len(known), "known_problems": len(problems),
        "known_peak_mib": max((k["peak_mib"] for k in known), default=0),
        "known_max_seconds": max((k["seconds"] for k in known), default=0),
        "mutation_runs": mutations["runs"], "mutation_seeds": mutations["seeds"],
        "mutation_statuses": mutations["statuses"],
        "crashes": len(mutations["crashes"]) + sum(1 for k in problems
                                                   if k["problem"].startswith("crash")),
        "limit_breaches": len(mutations["breaches"]) + sum(1 for k in problems
                                                           if k["problem"].startswith("breach")),
        "mutation_peak_mib": mutations["peak_mib"], "mutation_max_seconds": mutations["max_seconds"],
        "known": known, "mutation_crashes": mutations["crashes"],
        "mutation_breaches": mutations["breaches"],
    }
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(summary, indent=2))
    for k in known:
        mark = "ok  " if not k["problem"] else "FAIL"
        print(f"{mark} {k['case']:<36} status={k['status']} {k['seconds']:>7.2f}s "
              f"{k['peak_mib']:>7.1f}MiB" + (f"  {k['problem']}" if k["problem"] else ""))
    print(f"mutations: {mutations['runs']} runs from {mutations['seeds']} seeds, "
          f"statuses {mutations['statuses']}, peak {mutations['peak_mib']} MiB, "
          f"slowest {mutations['max_seconds']} s")
    print(f"crashes: {summary['crashes']}, limit breaches: {summary['limit_breaches']}, "
          f"known-case problems: {len(problems)}  (summary in {args.out})")
    return 0 if not problems and not summary["crashes"] and not summary["limit_breaches"] else 1


if __name__ == "__main__":
    sys.exit(main())
