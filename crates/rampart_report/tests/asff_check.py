"""Checks ASFF findings against the AWS Security Hub service model that botocore ships (run by
tests/report_formats/feeds.rs in the awscli venv, whose awscli vendors botocore).

Input: a JSON file {"findings": [...], "resource_types": [...]}: the `findings` array exactly as
`rampart scan --format asff` wrote it (what `aws securityhub batch-import-findings --findings
file://…` sends), and the ASFF resource types Rampart's mapping can produce.
Output (stdout): a JSON list of problems (strings); empty when all is well.

Checks, all from the published model, nothing hand-written:
- botocore's own `ParamValidator` on the BatchImportFindings input (required members, unknown
  keys, types, minimum lengths and list sizes), in batches of 100 as the CLI would send them;
- every string against its shape's `enum` and `pattern`, and every string, list and map against
  the limits the model's documentation states ("Length Constraints: Minimum length of 1.
  Maximum length of 256.", "Maximum number of 32 items", "Length Constraints: 12."), which
  botocore does not enforce but the service does;
- dates (`…At` members) parse as RFC 3339 with a time zone;
- `ProductArn` is the account's default product for that account and region, as custom
  integrations must use;
- every resource type Rampart can emit is a member of `ResourceDetails` (or `Other`).
"""

import json
import re
import sys
from datetime import datetime

import awscli  # noqa: F401  (awscli vendors botocore and makes it importable)
import botocore.session
from botocore.validate import ParamValidator

BATCH = 100
MAX_PATTERNS = [
    re.compile(r"Maximum length of (\d+)"),
    re.compile(r"Maximum of (\d+) length"),
    re.compile(r"Maximum of (\d+)\b"),
    re.compile(r"Maximum number of (\d+) items"),
]
EXACT = re.compile(r"Length Constraints: (\d+)\.")

session = botocore.session.get_session()
model = session.get_service_model("securityhub")
operation = model.operation_model("BatchImportFindings")
input_shape = operation.input_shape
finding_shape = input_shape.members["Findings"].member


def documented_limits(documentation):
    text = re.sub(r"<[^>]+>", " ", documentation or "")
    maximum = None
    for pattern in MAX_PATTERNS:
        found = pattern.search(text)
        if found:
            maximum = int(found.group(1))
            break
    exact = EXACT.search(text)
    return maximum, int(exact.group(1)) if exact else None


def check_value(shape, value, where, problems, documentation=None):
    maximum, exact = documented_limits(documentation)
    if shape.metadata.get("max") is not None:
        maximum = shape.metadata["max"] if maximum is None else min(maximum, shape.metadata["max"])
    kind = shape.type_name
    if kind == "string" and isinstance(value, str):
        enum = shape.metadata.get("enum")
        if enum and value not in enum:
            problems.append(f"{where}: `{value}` is not one of {enum}")
        pattern = shape.metadata.get("pattern")
        if pattern and not re.fullmatch(pattern, value, re.S):
            problems.append(f"{where}: `{value[:60]}` does not match pattern {pattern}")
        if maximum is not None and len(value) > maximum:
            problems.append(f"{where}: {len(value)} characters, more than the maximum {maximum}")
        if exact is not None and len(value) != exact:
            problems.append(f"{where}: {len(value)} characters, the model requires {exact}")
    elif kind == "structure" and isinstance(value, dict):
        for key, inner in value.items():
            member = shape.members.get(key)
            if member is not None:
                check_value(member, inner, f"{where}.{key}", problems, member.documentation)
    elif kind == "list" and isinstance(value, list):
        if maximum is not None and len(value) > maximum:
            problems.append(f"{where}: {len(value)} items, more than the maximum {maximum}")
        for i, item in enumerate(value):
            check_value(shape.member, item, f"{where}[{i}]", problems)
    elif kind == "map" and isinstance(value, dict):
        if maximum is not None and len(value) > maximum:
            problems.append(f"{where}: {len(value)} entries, more than the maximum {maximum}")
        for key, inner in value.items():
            check_value(shape.key, key, f"{where} key `{key[:40]}`", problems)
            check_value(shape.value, inner, f"{where}.{key}", problems)


def check_finding(finding, where, problems):
    check_value(finding_shape, finding, where, problems)
    if not isinstance(finding, dict):
        return
    for key in finding_shape.members:
        if key.endswith("At") and isinstance(finding.get(key), str):
            try:
                parsed = datetime.fromisoformat(finding[key])
                if parsed.tzinfo is None:
                    problems.append(f"{where}.{key}: `{finding[key]}` has no time zone")
            except ValueError:
                problems.append(f"{where}.{key}: `{finding[key]}` is not an RFC 3339 date")
    arn = finding.get("ProductArn", "")
    account = finding.get("AwsAccountId", "")
    found = re.fullmatch(r"arn:(aws[a-z-]*):securityhub:([a-z0-9-]+):(\d{12}):product/(\d{12})/default", arn)
    if not found:
        problems.append(f"{where}.ProductArn: `{arn}` is not a default product ARN")
    elif found.group(3) != account or found.group(4) != account:
        problems.append(f"{where}.ProductArn: `{arn}` is not the product of account `{account}`")


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    findings = data["findings"]
    problems = []
    if not isinstance(findings, list):
        problems.append("the document is not a JSON array of findings")
        findings = []
    validator = ParamValidator()
    for start in range(0, max(len(findings), 1), BATCH):
        batch = findings[start:start + BATCH]
        if not batch:
            break
        report = validator.validate({"Findings": batch}, input_shape)
        if report.has_errors():
            problems.append(f"botocore (findings {start}..{start + len(batch) - 1}): "
                            f"{report.generate_report()}")
    for i, finding in enumerate(findings):
        check_finding(finding, f"Findings[{i}]", problems)
    details = model.shape_for("ResourceDetails").members
    for resource_type in data.get("resource_types", []):
        if resource_type != "Other" and resource_type not in details:
            problems.append(f"resource type `{resource_type}` is not a ResourceDetails member")
    json.dump(problems, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
