#!/usr/bin/env python3
"""Summarises a benchmark run: wall time, CPU time and peak memory of each tool (from
`/usr/bin/time -v`), and agreement on the checks both have (a Rampart rule whose aliases
include the Checkov id), matched by (file, resource address, check).

usage: compare.py OUT_DIR   (expects rampart.json/.time, optional checkov.json/.time, rules.json)
"""
import json
import os
import re
import subprocess
import sys
from collections import defaultdict


def read_time(path):
    if not os.path.exists(path):
        return None
    text = open(path, errors="replace").read()

    def grab(label):
        m = re.search(re.escape(label) + r":\s*(.+)", text)
        return m.group(1).strip() if m else None

    wall = grab("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = 0.0
    if wall:
        for part in wall.split(":"):
            secs = secs * 60 + float(part)
    return {
        "wall_s": secs,
        "user_s": float(grab("User time (seconds)") or 0),
        "sys_s": float(grab("System time (seconds)") or 0),
        "max_rss_mib": int(grab("Maximum resident set size (kbytes)") or 0) / 1024,
    }


def norm_addr(addr):
    # checkov names count/for_each instances without their index
    return re.sub(r'\[[^\]]*\]', '', addr)


def norm_file(path):
    parts = path.replace("\\", "/").split("/")
    return "/".join(parts[-2:])


def rampart_findings(path, alias_of):
    data = json.load(open(path))
    out = set()
    for f in data.get("findings", []):
        if f.get("suppressed"):
            continue
        for ckv in alias_of.get(f["rule_id"], []):
            out.add((norm_file(f.get("file") or ""), norm_addr(f["address"]), ckv))
    return out, len(data.get("findings", []))


def checkov_findings(path, ckv_ids):
    text = open(path).read().strip()
    if not text:
        return set(), 0
    data = json.loads(text)
    reports = data if isinstance(data, list) else [data]
    out = set()
    total = 0
    for rep in reports:
        for f in rep.get("results", {}).get("failed_checks", []):
            total += 1
            if f["check_id"] in ckv_ids:
                out.add((norm_file(f["file_path"]), norm_addr(f["resource"]), f["check_id"]))
    return out, total


def main():
    out = sys.argv[1]
    rules_path = os.path.join(out, "rules.json")
    if not os.path.exists(rules_path):
        binary = os.environ.get("RAMPART_BIN", "rampart")
        with open(rules_path, "w") as fh:
            subprocess.run([binary, "rules", "--format", "json"], stdout=fh, check=False)
    rules = json.load(open(rules_path))
    alias_of = {r["id"]: [a for a in r.get("aliases", []) if a.startswith("CKV")] for r in rules}
    ckv_ids = {a for v in alias_of.values() for a in v}

    rt, ct = read_time(os.path.join(out, "rampart.time")), read_time(os.path.join(out, "checkov.time"))
    print("| tool | wall (s) | user+sys CPU (s) | peak RSS (MiB) |")
    print("| --- | ---: | ---: | ---: |")
    for name, t in (("rampart", rt), ("checkov", ct)):
        if t:
            print(f"| {name} | {t['wall_s']:.2f} | {t['user_s'] + t['sys_s']:.2f} | {t['max_rss_mib']:.0f} |")
    if rt and ct and rt["wall_s"] > 0:
        print(f"\nspeed-up (wall): {ct['wall_s'] / rt['wall_s']:.0f}x; memory: {ct['max_rss_mib'] / max(rt['max_rss_mib'], 1):.0f}x less")

    r_set, r_total = rampart_findings(os.path.join(out, "rampart.json"), alias_of)
    print(f"\nrampart findings: {r_total}")
    cpath = os.path.join(out, "checkov.json")
    if os.path.exists(cpath):
        c_set, c_total = checkov_findings(cpath, ckv_ids)
        print(f"checkov failed checks: {c_total}")
        per = defaultdict(lambda: [0, 0, 0])
        for k in r_set | c_set:
            i = 0 if (k in r_set and k in c_set) else (1 if k in r_set else 2)
            per[k[2]][i] += 1
        print("\nshared checks (matched by file, resource, check):\n")
        print("| check | both | only rampart | only checkov |")
        print("| --- | ---: | ---: | ---: |")
        for ckv in sorted(per):
            b, r, c = per[ckv]
            print(f"| {ckv} | {b} | {r} | {c} |")


if __name__ == "__main__":
    main()
