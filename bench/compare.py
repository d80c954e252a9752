#!/usr/bin/env python3
"""Summarises a benchmark run: wall time, CPU time and peak memory of each tool (from
`/usr/bin/time -v`), and agreement on the checks both have (a Rampart rule whose aliases
include the Checkov id), matched by (file, resource address, check).

usage: compare.py OUT_DIR [EXAMPLES]   (EXAMPLES: disagreements to list per rule; expects rampart.json/.time, optional checkov.json/.time, rules.json)
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


def rampart_findings(path):
    """(file, address) -> rule ids of unsuppressed findings, and the total count."""
    data = json.load(open(path))
    by_resource = defaultdict(set)
    for f in data.get("findings", []):
        if f.get("suppressed"):
            continue
        by_resource[(norm_file(f.get("file") or ""), norm_addr(f["address"]))].add(f["rule_id"])
    return by_resource, len(data.get("findings", []))


def checkov_findings(path):
    """(file, address) -> failed check ids, and the total count."""
    text = open(path).read().strip()
    if not text:
        return {}, 0
    data = json.loads(text)
    reports = data if isinstance(data, list) else [data]
    by_resource = defaultdict(set)
    total = 0
    for rep in reports:
        for f in rep.get("results", {}).get("failed_checks", []):
            total += 1
            by_resource[(norm_file(f["file_path"]), norm_addr(f["resource"]))].add(f["check_id"])
    return by_resource, total


def local_name(key):
    # (file, "aws_s3_bucket_acl.b7") -> (file, "b7"): a setting resource and its owner share
    # the local name in the generated corpus
    return (key[0], key[1].rsplit(".", 1)[-1])


def agreement(alias_of, r_by, c_by, examples):
    """Per Rampart rule with Checkov aliases: resources both tools flag (Checkov failing any
    of the rule's aliases), and those only one flags, split by why."""
    r_names = defaultdict(set)
    for key, rules in r_by.items():
        r_names[local_name(key)] |= rules
    c_names = defaultdict(set)
    for key, checks in c_by.items():
        c_names[local_name(key)] |= checks
    rows = []
    samples = {}
    for rule in sorted(alias_of):
        aliases = set(alias_of[rule])
        if not aliases:
            continue
        mine = {k for k, rules in r_by.items() if rule in rules}
        theirs = {k for k, checks in c_by.items() if checks & aliases}
        if not mine and not theirs:
            continue
        only_r = mine - theirs
        only_c = theirs - mine
        related_r = {k for k in only_r if c_names.get(local_name(k), set()) & aliases}
        related_c = {k for k in only_c if rule in r_names.get(local_name(k), set())}
        other_rule = {k for k in only_c - related_c if r_by.get(k)}
        fired = sorted(a for a in aliases if any(a in c for c in c_by.values()))
        rows.append((rule, ",".join(fired) or "-", len(mine & theirs), len(related_r) + len(related_c),
                     len(only_r - related_r), len(other_rule), len(only_c - related_c - other_rule)))
        samples[rule] = (sorted(only_r - related_r)[:examples], sorted(only_c - related_c - other_rule)[:examples],
                         sorted(other_rule)[:examples])
    return rows, samples


def main():
    out = sys.argv[1]
    examples = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    rules_path = os.path.join(out, "rules.json")
    if not os.path.exists(rules_path):
        binary = os.environ.get("RAMPART_BIN", "rampart")
        with open(rules_path, "w") as fh:
            subprocess.run([binary, "rules", "--format", "json"], stdout=fh, check=False)
    rules = json.load(open(rules_path))
    alias_of = {r["id"]: [a for a in r.get("aliases", []) if a.startswith("CKV")] for r in rules}

    rt, ct = read_time(os.path.join(out, "rampart.time")), read_time(os.path.join(out, "checkov.time"))
    print("| tool | wall (s) | user+sys CPU (s) | peak RSS (MiB) |")
    print("| --- | ---: | ---: | ---: |")
    for name, t in (("rampart", rt), ("checkov", ct)):
        if t:
            print(f"| {name} | {t['wall_s']:.2f} | {t['user_s'] + t['sys_s']:.2f} | {t['max_rss_mib']:.0f} |")
    if rt and ct and rt["wall_s"] > 0:
        print(f"\nspeed-up (wall): {ct['wall_s'] / rt['wall_s']:.0f}x; memory: {ct['max_rss_mib'] / max(rt['max_rss_mib'], 1):.0f}x less")

    r_by, r_total = rampart_findings(os.path.join(out, "rampart.json"))
    print(f"\nrampart findings: {r_total}")
    cpath = os.path.join(out, "checkov.json")
    if not os.path.exists(cpath):
        return
    c_by, c_total = checkov_findings(cpath)
    print(f"checkov failed checks: {c_total}")
    rows, samples = agreement(alias_of, r_by, c_by, examples)
    print("\nshared checks, per Rampart rule (a resource counts as flagged by Checkov when it fails any")
    print("of the rule's CKV aliases; 'related resource' = the other tool flagged the owner or the")
    print("setting resource of the same name, e.g. the bucket instead of its aws_s3_bucket_acl):\n")
    print("| rule | Checkov checks that fired | both | related resource | only rampart | only checkov, rampart reports another rule there | only checkov |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    tot = [sum(r[i] for r in rows) for i in range(2, 7)]
    flagged = sum(tot)
    if flagged:
        print(f"\nagreement: {tot[0] + tot[1]} of {flagged} flagged (rule, resource) pairs ({100 * (tot[0] + tot[1]) / flagged:.1f}%)")
    if examples:
        print("\nexamples of disagreements (file, resource):")
        for rule, (only_r, only_c, other) in samples.items():
            for label, keys in (("only rampart", only_r), ("only checkov", only_c), ("checkov, rampart another rule", other)):
                for k in keys:
                    print(f"  {rule} {label}: {k[0]} {k[1]}  rampart={sorted(r_by.get(k, []))} checkov={sorted(c_by.get(k, []))}")

if __name__ == "__main__":
    main()
