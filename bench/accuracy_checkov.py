"""Checkov's verdicts on Rampart's labelled fixtures, for every rule that carries a Checkov alias.

Checkov's own labelled test resources live only in its source repository (the PyPI sdist and
wheel carry none), so the comparison runs the other way round: every bad*/good* fixture of a
rule with a `CKV_*`/`CKV2_*` alias is copied into a folder of its own, Checkov scans the whole
tree once with just those checks, and per fixture we ask whether Checkov agrees with the label
(a bad fixture fails at least one aliased check, a good one fails none). Rampart agrees with
every label by construction: the fixture test (`cargo test -p rampart_dev --test fixtures`)
enforces it. Each disagreement is explained in bench/accuracy_notes.json under
"<rule>/<fixture>" or "<rule>" or "<CKV id>".

Used by bench/accuracy.py (`--checkov BIN`); also runnable alone:
    python3 bench/accuracy_checkov.py --rampart target/release/rampart --checkov PATH/checkov
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict

CHECKOV_ALIAS = re.compile(r"^CKV2?_[A-Z0-9]+_[0-9]+$")
FRAMEWORKS = ["terraform", "terraform_json", "cloudformation", "kubernetes", "arm"]


def _cases(fixtures_root, rules):
    """(rule id, aliases, fixture name, label, case dir) for each labelled fixture."""
    out = []
    for r in rules:
        aliases = sorted({a.upper() for a in r.get("aliases", []) if CHECKOV_ALIAS.match(a.upper())})
        folder = os.path.join(fixtures_root, r["id"])
        if not aliases or not os.path.isdir(folder):
            continue
        for entry in sorted(os.listdir(folder)):
            label = "bad" if entry.startswith("bad") else "good" if entry.startswith("good") else None
            if label is None or entry.endswith(".expect"):
                continue
            out.append((r["id"], aliases, entry, label, os.path.join(folder, entry)))
    return out


def _checkov_failures(checkov, tree, checks):
    """{case dir: {check ids failed}} from one Checkov run over the whole tree."""
    cmd = [checkov, "-d", tree, "--framework", *FRAMEWORKS, "--check", ",".join(sorted(checks)),
           "-o", "json", "--quiet", "--compact", "--skip-download"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "LOG_LEVEL": "ERROR"})
    try:
        reports = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"checkov did not produce JSON (exit {proc.returncode}): {proc.stderr[-2000:]}")
    if isinstance(reports, dict):
        reports = [reports]
    failed = defaultdict(set)
    for report in reports:
        for f in (report.get("results") or {}).get("failed_checks", []):
            path = f.get("file_abs_path") or os.path.join(tree, (f.get("file_path") or "").lstrip("/"))
            rel = os.path.relpath(os.path.realpath(path), os.path.realpath(tree))
            parts = rel.split(os.sep)
            if len(parts) >= 2:  # <rule id>/<fixture>/...
                failed[os.path.join(parts[0], parts[1])].add(f["check_id"])
    return failed


def _checkov_catalogue(checkov):
    """{check id: {IaC framework (lower case): {entity types}}} from `checkov --list`."""
    proc = subprocess.run([checkov, "--list"], capture_output=True, text=True)
    cat = defaultdict(lambda: defaultdict(set))
    for line in proc.stdout.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 6 and CHECKOV_ALIAS.match(cells[2]):
            cat[cells[2]][cells[6].lower()].add(cells[4])
    return cat


def _framework(path):
    """Checkov's IaC name for a fixture file or folder."""
    files = [path] if os.path.isfile(path) else [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs]
    for f in files:
        if f.endswith((".tf", ".tf.json")):
            return "terraform"
        try:
            text = open(f, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        if "deploymentTemplate.json" in text:
            return "arm"
        if "AWSTemplateFormatVersion" in text or re.search(r"^Resources:|\"Resources\"\s*:", text, re.M):
            return "cloudformation"
        if re.search(r"^\s*apiVersion:|\"apiVersion\"", text, re.M):
            return "kubernetes"
    return "unknown"


def _rampart_kinds(rampart, tree, cases):
    """{(rule id, fixture): {resource kinds Rampart reports}}, one scan per fixture folder.

    One scan of the whole tree would let an account- or region-wide resource of one fixture
    (an `aws_s3_account_public_access_block`, `aws_ec2_instance_metadata_defaults`, ...) cover
    the resources of every other fixture, and the kinds of their findings would be lost."""
    kinds = defaultdict(set)
    for rule_id, _, entry, _, _ in cases:
        folder = os.path.join(tree, rule_id, entry)
        proc = subprocess.run([rampart, "scan", folder, "--format", "json", "--no-color", "--quiet", "--severity", "info"],
                              capture_output=True, text=True)
        try:
            report = json.loads(proc.stdout)
        except json.JSONDecodeError:
            sys.exit(f"rampart did not produce JSON for {folder} (exit {proc.returncode}): {proc.stderr[:500]}")
        for f in report.get("findings", []):
            if f["rule_id"] == rule_id:
                kinds[(rule_id, entry)].add(f.get("resource_kind") or "")
    return kinds


def _automatic_reason(catalogue, aliases, framework, kinds):
    """Why Checkov cannot agree, when its own catalogue says so; None otherwise."""
    implemented = {a: catalogue.get(a, {}).get(framework, set()) for a in aliases}
    if not any(implemented.values()):
        return f"Checkov has no {framework} implementation of {', '.join(aliases)}"
    covered = set().union(*implemented.values())
    if kinds and not kinds & covered:
        return (f"Checkov's {', '.join(a for a in aliases if implemented[a])} covers {', '.join(sorted(covered))}; "
                f"this finding is on {', '.join(sorted(kinds))}")
    return None


def _version(checkov):
    proc = subprocess.run([checkov, "--version"], capture_output=True, text=True)
    return proc.stdout.strip() or "unknown"


def measure(root, rampart, checkov, notes):
    """Markdown lines of the Checkov section of docs/accuracy.md."""
    rules = json.loads(subprocess.run([rampart, "rules", "--format", "json"], capture_output=True, text=True, check=True).stdout)
    cases = _cases(os.path.join(root, "crates", "rampart_rules", "fixtures"), rules)
    tree = tempfile.mkdtemp(prefix="rampart-checkov-")
    try:
        for rule_id, _, entry, _, src in cases:
            dest = os.path.join(tree, rule_id, entry)
            if os.path.isdir(src):
                shutil.copytree(src, dest, ignore=shutil.ignore_patterns("*.expect"))
            else:
                os.makedirs(dest)
                # keep the file name: Checkov picks the framework by extension and content
                shutil.copy(src, os.path.join(dest, entry))
        failed = _checkov_failures(checkov, tree, {a for _, aliases, *_ in cases for a in aliases})
        kinds = _rampart_kinds(rampart, tree, cases)
        frameworks = {(r, e): _framework(src) for r, _, e, _, src in cases}
    finally:
        shutil.rmtree(tree, ignore_errors=True)

    per_rule = defaultdict(lambda: {"aliases": [], "bad": 0, "caught": 0, "good": 0, "clean": 0})
    catalogue = _checkov_catalogue(checkov)
    disagreements = []
    not_comparable = 0
    for rule_id, aliases, entry, label, _ in cases:
        s = per_rule[rule_id]
        s["aliases"] = aliases
        hit = failed.get(os.path.join(rule_id, entry), set()) & set(aliases)
        if label == "bad":
            s["bad"] += 1
            s["caught"] += bool(hit)
            if not hit:
                reason = _automatic_reason(catalogue, aliases, frameworks[(rule_id, entry)], kinds.get((rule_id, entry), set()))
                not_comparable += reason is not None
                disagreements.append((rule_id, entry, aliases, "Checkov passes this bad fixture", reason))
        else:
            s["good"] += 1
            s["clean"] += not hit
            if hit:
                disagreements.append((rule_id, entry, aliases, "Checkov fails this good fixture (" + ", ".join(sorted(hit)) + ")", None))
    tb = sum(s["bad"] for s in per_rule.values())
    tc = sum(s["caught"] for s in per_rule.values())
    tg = sum(s["good"] for s in per_rule.values())
    tk = sum(s["clean"] for s in per_rule.values())
    agree = sum(1 for s in per_rule.values() if s["caught"] == s["bad"] and s["clean"] == s["good"])
    pct = lambda a, b: 100.0 * a / b if b else 100.0
    lines = [
        "## Checkov on Rampart's labelled fixtures",
        "",
        "Checkov's own labelled test resources are not published outside its source repository, so",
        "this part runs the comparison the other way: Checkov "
        f"({_version(checkov)}, `--check` limited to the aliased ids) scans every bad/good fixture of",
        "each rule that carries a Checkov alias, and we count where Checkov agrees with the fixture's",
        "label. Rampart matches every label (the fixture test enforces it), so each disagreement is",
        "a place where the two tools differ; each is explained below.",
        "",
        f"- rules with a Checkov alias and fixtures: **{len(per_rule)}**; rules where Checkov agrees on every fixture: **{agree}**",
        f"- bad fixtures Checkov reports: **{tc} / {tb} ({pct(tc, tb):.1f} %)**",
        f"- good fixtures Checkov keeps clean: **{tk} / {tg} ({pct(tk, tg):.1f} %)**",
        f"- bad fixtures Checkov cannot report by its own catalogue (`checkov --list`: no implementation for the format, or not for the resource type): {not_comparable};"
        f" on the rest Checkov reports **{tc} / {tb - not_comparable} ({pct(tc, tb - not_comparable):.1f} %)**",
        "",
        "| rule | Checkov ids | bad reported by Checkov | good clean under Checkov |",
        "| --- | --- | ---: | ---: |",
    ]
    for rule_id in sorted(per_rule):
        s = per_rule[rule_id]
        lines.append(f"| {rule_id} | {', '.join(s['aliases'])} | {s['caught']}/{s['bad']} | {s['clean']}/{s['good']} |")
    lines += ["", "### Where Checkov and the fixtures disagree", ""]
    for rule_id, entry, aliases, what, reason in disagreements:
        keys = [f"{rule_id}/{entry}", rule_id] + aliases
        why = next((notes[k] for k in keys if k in notes), None) or (reason and reason + ".") or "not yet explained"
        lines.append(f"- `{rule_id}/{entry}` ({', '.join(aliases)}): {what}. {why}")
    if not disagreements:
        lines.append("None.")
    return lines


if __name__ == "__main__":
    import argparse

    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--rampart", required=True)
    ap.add_argument("--checkov", required=True)
    args = ap.parse_args()
    notes_path = os.path.join(here, "accuracy_notes.json")
    notes = json.load(open(notes_path)) if os.path.exists(notes_path) else {}
    print("\n".join(measure(os.path.dirname(here), args.rampart, args.checkov, notes)))
