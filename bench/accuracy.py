#!/usr/bin/env python3
"""Measures agreement with an external labelled corpus (the good/bad examples Aqua Security
publishes with its Trivy checks; see ../shared/corpora/README.md).

For every Rampart rule with an `AVD-*` alias that the corpus has, each example is written to
its own folder (main.tf / template.yaml / manifest.yaml), everything is scanned in one run, and
per rule we count bad examples caught and good examples kept clean. Results go to
docs/accuracy.md; explanations of remaining disagreements come from bench/accuracy_notes.json
({"<rule id>": "why", "<rule id>/<format>/<good|bad>/<n>": "why"}).

A second part (bench/accuracy_checkov.py) runs Checkov over Rampart's labelled fixtures for every
rule with a Checkov alias; install it with
    python3 -m venv ~/.cache/rampart-checkov-venv && ~/.cache/rampart-checkov-venv/bin/pip install checkov==3.3.30

usage: bench/accuracy.py [--corpus DIR] [--rampart BIN] [--checkov BIN] [--write docs/accuracy.md]
The corpus is not part of the project: when it is absent the script says so and exits 0.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

try:
    import yaml  # PyYAML, only needed for this script
except ImportError:  # pragma: no cover
    yaml = None

FILE_NAMES = {"terraform": "main.tf", "cloudformation": "template.yaml", "kubernetes": "manifest.yaml"}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=os.path.join(root, "..", "shared", "corpora", "trivy-checks"))
    ap.add_argument("--rampart", default=os.environ.get("RAMPART_BIN", os.path.join(root, "target", "release", "rampart")))
    ap.add_argument("--write", default=os.path.join(root, "docs", "accuracy.md"))
    ap.add_argument("--keep", action="store_true", help="keep the temporary example tree")
    ap.add_argument("--checkov", default=os.path.expanduser("~/.cache/rampart-checkov-venv/bin/checkov"),
                    help="Checkov executable for the fixture comparison")
    args = ap.parse_args()
    if yaml is None:
        sys.exit("this script needs PyYAML: pip install pyyaml")
    index_path = os.path.join(args.corpus, "index.json")
    if not os.path.exists(index_path):
        print(f"corpus not found at {args.corpus}; nothing to measure")
        return 0
    index = json.load(open(index_path))
    rules = json.loads(subprocess.run([args.rampart, "rules", "--format", "json"], capture_output=True, text=True, check=True).stdout)
    by_avd = defaultdict(list)
    for r in rules:
        for a in r.get("aliases", []):
            if a.upper().startswith("AVD-"):
                by_avd[a.upper()].append(r["id"])
    notes_path = os.path.join(here, "accuracy_notes.json")
    notes = json.load(open(notes_path)) if os.path.exists(notes_path) else {}

    tmp = tempfile.mkdtemp(prefix="rampart-accuracy-")
    # One case per example of a mapped check. When several rules share a check's alias (the
    # check is the union of narrower rules), the example counts as caught when any of them
    # reports it, and as clean when none does.
    cases = []  # (avd, rule_ids, fmt, label, n, dir)
    checks_in_corpus = 0
    for check in index["checks"]:
        if check.get("deprecated"):
            continue
        checks_in_corpus += 1
        avd = check["avd_id"].upper()
        if avd not in by_avd or not check.get("examples"):
            continue
        ex_path = os.path.join(args.corpus, check["examples"])
        if not os.path.exists(ex_path):
            continue
        examples = yaml.safe_load(open(ex_path)) or {}
        for fmt, file_name in FILE_NAMES.items():
            block = examples.get(fmt) or {}
            for label in ("bad", "good"):
                for n, text in enumerate(block.get(label) or []):
                    d = os.path.join(tmp, avd, f"{fmt}-{label}-{n}")
                    os.makedirs(d, exist_ok=True)
                    with open(os.path.join(d, file_name), "w") as fh:
                        fh.write(text)
                    cases.append((avd, sorted(set(by_avd[avd])), fmt, label, n, d))
    # Each example is scanned on its own: a scan of one tree treats all its folders as one
    # address space, so two examples declaring `aws_s3_bucket.example` would shadow each other.
    hits = defaultdict(set)  # dir -> rule ids
    errors = defaultdict(list)

    def scan_one(d):
        proc = subprocess.run([args.rampart, "scan", d, "--format", "json", "--no-color", "--quiet", "--severity", "info"], capture_output=True, text=True)
        try:
            return d, json.loads(proc.stdout), None
        except json.JSONDecodeError:
            return d, None, f"rampart did not produce JSON (exit {proc.returncode}): {proc.stderr[:500]}"

    dirs = sorted({d for *_, d in cases})
    with ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1))) as pool:
        for d, report, failure in pool.map(scan_one, dirs):
            key = os.path.abspath(d)
            if report is None:
                errors[key].append(failure)
                continue
            for f in report.get("findings", []):
                hits[key].add(f["rule_id"])
            for e in report.get("errors", []):
                if e.get("level") == "error":
                    errors[key].append(e.get("message", ""))

    per_format = defaultdict(lambda: defaultdict(int))
    per_check = defaultdict(lambda: {"rules": [], "bad": 0, "caught": 0, "good": 0, "clean": 0, "misses": []})
    for avd, rule_ids, fmt, label, n, d in cases:
        s = per_check[avd]
        s["rules"] = rule_ids
        found = hits.get(os.path.abspath(d), set())
        reported = any(r in found for r in rule_ids)
        per_format[fmt][label] += 1
        per_format[fmt][f"{label}_ok"] += reported if label == "bad" else not reported
        keys = [f"{avd}/{fmt}/{label}/{n}"] + [f"{r}/{fmt}/{label}/{n}" for r in rule_ids]
        if label == "bad":
            s["bad"] += 1
            s["caught"] += reported
            if not reported:
                err = errors.get(os.path.abspath(d))
                s["misses"].append((keys, "not reported" + (f" (load error: {err[0]})" if err else "")))
        else:
            s["good"] += 1
            s["clean"] += not reported
            if reported:
                s["misses"].append((keys, "false alarm by " + ", ".join(r for r in rule_ids if r in found)))
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)

    tb = sum(s["bad"] for s in per_check.values())
    tc = sum(s["caught"] for s in per_check.values())
    tg = sum(s["good"] for s in per_check.values())
    tk = sum(s["clean"] for s in per_check.values())
    mapped_rules = {r for s in per_check.values() for r in s["rules"]}
    pct = lambda a, b: 100.0 * a / b if b else 100.0
    lines = [
        "# Accuracy against an external corpus",
        "",
        "Generated by `bench/accuracy.py` (rerun: `cargo build --release && python3 bench/accuracy.py`).",
        "The corpus is the set of good/bad examples Aqua Security publishes with its open Trivy checks",
        "(read from the folder `--corpus` names, outside this project, never copied into it). A rule is mapped",
        "to a check through its `AVD-*` alias. A *bad* example must be reported by the rule; a *good*",
        "example must not be. When several rules carry one check's alias (the check is the union of",
        "narrower rules), a bad example counts as caught when any of them reports it.",
        "",
        f"- checks in the corpus (not deprecated): {checks_in_corpus}",
        f"- checks mapped to a Rampart rule: **{len(per_check)}** (rules: {len(mapped_rules)})",
        f"- bad examples caught: **{tc} / {tb} ({pct(tc, tb):.1f} %)**",
        f"- good examples kept clean: **{tk} / {tg} ({pct(tk, tg):.1f} %)**",
        "",
        "| format | bad caught | good clean |",
        "| --- | ---: | ---: |",
    ]
    for fmt in sorted(per_format):
        c = per_format[fmt]
        lines.append(f"| {fmt} | {c['bad_ok']} / {c['bad']} ({pct(c['bad_ok'], c['bad']):.1f} %) | {c['good_ok']} / {c['good']} ({pct(c['good_ok'], c['good']):.1f} %) |")
    lines += [
        "",
        "| check | rules | bad caught | good clean |",
        "| --- | --- | ---: | ---: |",
    ]
    for avd in sorted(per_check):
        s = per_check[avd]
        lines.append(f"| {avd} | {', '.join(s['rules'])} | {s['caught']}/{s['bad']} | {s['clean']}/{s['good']} |")
    lines += ["", "## Disagreements", ""]
    any_miss = False
    for avd in sorted(per_check):
        s = per_check[avd]
        for keys, what in s["misses"]:
            any_miss = True
            why = next((notes[k] for k in keys if k in notes), None) or next((notes[r] for r in s["rules"] if r in notes), None) or "not yet explained"
            lines.append(f"- `{keys[0]}` ({', '.join(s['rules'])}): {what}. {why}")
    if not any_miss:
        lines.append("None.")
    if os.path.exists(args.checkov):
        import accuracy_checkov

        lines += [""] + accuracy_checkov.measure(root, args.rampart, args.checkov, notes)
    else:
        print(f"Checkov not found at {args.checkov}: the Checkov section is not measured (see the usage)")
        lines += ["", "## Checkov on Rampart's labelled fixtures", "", f"Not measured in this run: no Checkov at `{args.checkov}`."]
    text = "\n".join(lines) + "\n"
    if args.write:
        os.makedirs(os.path.dirname(args.write), exist_ok=True)
        with open(args.write, "w") as fh:
            fh.write(text)
    print("\n".join(lines[8:12]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
