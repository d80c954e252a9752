"""Checks the AWS CLI commands and boto3 snippets Rampart emits against awscli's and
botocore's own service models (run by tests/awscli.rs inside a venv with `awscli`).

Input: a JSON file {"cli": [{"source", "command"}...], "boto3": [{"source", "code"}...],
"python": [{"source", "code"}...]} (the last only compiled: Pulumi snippets).
Output (stdout): a JSON list of problems, each {"source", "text", "problem"}; empty when all
is well. Exit status 0 unless the input cannot be read.

CLI: the service exists (CLI name, e.g. `s3api`, `configservice`), the operation exists as the
kebab-case of the model's operation name, every `--param` is a member of the operation's input
shape in kebab-case (or `--no-…` of a boolean member, or a global / paging / cli-input option),
every required member is given, and keys inside JSON or shorthand structure values are members
of that structure.

boto3: the snippet compiles, every `boto3.client("svc")` names a service, every call on such a
client names an operation (snake_case of the model's name) with keyword arguments that are
members of its input shape, required ones included.
"""

import ast
import json
import shlex
import sys

from awscli.clidriver import create_clidriver
from botocore import xform_name

GLOBAL = {
    "ca-bundle", "cli-connect-timeout", "cli-read-timeout", "color", "debug", "endpoint-url",
    "no-paginate", "no-sign-request", "no-verify-ssl", "output", "profile", "query", "region",
    "version",
}
PER_OPERATION = {"cli-input-json", "cli-input-yaml", "generate-cli-skeleton"}
PAGING = {"starting-token", "max-items", "page-size"}

driver = create_clidriver()
commands = driver._get_command_table()
session = driver.session


def kebab(name):
    return xform_name(name, "-")


def shape_keys(shape, value, where, problems):
    """Keys of a JSON value must be members of the structure shape, recursively."""
    if shape is None:
        return
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for key, inner in value.items():
            if key not in shape.members:
                problems.append(f"{where}: `{key}` is not a member of {shape.name} "
                                f"({', '.join(sorted(shape.members))})")
            else:
                shape_keys(shape.members[key], inner, f"{where}.{key}", problems)
    elif kind == "list" and isinstance(value, list):
        for i, item in enumerate(value):
            shape_keys(shape.member, item, f"{where}[{i}]", problems)
    elif kind == "map" and isinstance(value, dict):
        for key, inner in value.items():
            shape_keys(shape.value, inner, f"{where}.{key}", problems)


def shorthand_keys(shape, text, where, problems):
    """Top-level keys of `Key=value,Other={…}` shorthand for a structure (or list of them)."""
    if shape.type_name == "list":
        shape = shape.member
    if shape.type_name != "structure":
        return
    depth = 0
    token = ""
    keys = []
    for ch in text + ",":
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        if ch == "," and depth == 0:
            if "=" in token:
                keys.append(token.split("=", 1)[0].strip())
            token = ""
        else:
            token += ch
    for key in keys:
        if key not in shape.members:
            problems.append(f"{where}: `{key}` is not a member of {shape.name} "
                            f"({', '.join(sorted(shape.members))})")


def is_paginated(service, operation):
    try:
        return operation in session.get_paginator_model(service)._paginator_config
    except Exception:  # a service without paginators
        return False


def check_cli(command):
    problems = []
    try:
        words = shlex.split(command)
    except ValueError as e:
        return [f"does not split like a shell command: {e}"]
    if len(words) < 3 or words[0] != "aws":
        return ["is not `aws SERVICE OPERATION …`"]
    service_cli, op_cli = words[1], words[2]
    service_cmd = commands.get(service_cli)
    if service_cmd is None or not hasattr(service_cmd, "_service_name"):
        return [f"`aws {service_cli}` is not an AWS CLI service"]
    model = session.get_service_model(service_cmd._service_name)
    by_cli = {kebab(name): name for name in model.operation_names}
    if op_cli not in by_cli:
        return [f"`{op_cli}` is not an operation of {service_cli} (service model "
                f"{service_cmd._service_name})"]
    op_cmd = service_cmd._get_command_table().get(op_cli)
    if op_cmd is None:
        problems.append(f"`aws {service_cli} {op_cli}` is not offered by the CLI")
    # the CLI's own spelling of a few members (`--no-map-public-ip-on-launch` for an
    # AttributeBooleanValue structure) comes from its customizations
    cli_args = set(op_cmd.arg_table) if op_cmd is not None else set()
    operation = model.operation_model(by_cli[op_cli])
    shape = operation.input_shape
    members = {kebab(m): m for m in (shape.members if shape else {})}
    booleans = {f"no-{k}": v for k, v in members.items()
                if shape.members[v].type_name == "boolean"}
    paginated = is_paginated(service_cmd._service_name, operation.name)
    given = {}
    i = 3
    while i < len(words):
        word = words[i]
        if not word.startswith("--"):
            problems.append(f"`{word}` is not an option")
            i += 1
            continue
        name = word[2:]
        value = None
        if i + 1 < len(words) and not words[i + 1].startswith("--"):
            value = words[i + 1]
            i += 1
        i += 1
        if name in members:
            given[members[name]] = value
            member_shape = shape.members[members[name]]
            if value is not None and not value.startswith("<") and not value.startswith("file://"):
                stripped = value.strip()
                if stripped[:1] in "[{":
                    try:
                        shape_keys(member_shape, json.loads(stripped), name, problems)
                    except json.JSONDecodeError as e:
                        problems.append(f"--{name}: the JSON value does not parse: {e}")
                elif "=" in stripped and member_shape.type_name in ("structure", "list"):
                    shorthand_keys(member_shape, stripped, name, problems)
        elif name in booleans:
            given[booleans[name]] = False
        elif name in GLOBAL or name in PER_OPERATION or (name in PAGING and paginated):
            given[name] = value
        elif name in cli_args and name.removeprefix("no-") in members:
            given[members[name.removeprefix("no-")]] = value
        else:
            problems.append(f"`--{name}` is not a parameter of {service_cli} {op_cli} "
                            f"({', '.join('--' + m for m in sorted(members))})")
    if "cli-input-json" not in given and shape is not None:
        for required in shape.required_members:
            if required not in given:
                problems.append(f"required `--{kebab(required)}` is missing")
    return problems


def check_boto3(code):
    problems = []
    try:
        compile(code, "<snippet>", "exec")
        tree = ast.parse(code)
    except SyntaxError as e:
        return [f"does not compile: {e}"]
    clients = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            call = node.value
            func = call.func
            is_client = isinstance(func, ast.Attribute) and func.attr == "client" \
                and isinstance(func.value, ast.Name) and func.value.id == "boto3"
            if is_client and call.args and isinstance(call.args[0], ast.Constant):
                service = call.args[0].value
                if service not in session.get_available_services():
                    problems.append(f"boto3 has no client `{service}`")
                    continue
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        clients[target.id] = session.get_service_model(service)
    if not clients:
        problems.append("creates no boto3 client")
    calls = 0
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        if not (isinstance(owner, ast.Name) and owner.id in clients):
            continue
        model = clients[owner.id]
        by_snake = {xform_name(name): name for name in model.operation_names}
        method = node.func.attr
        if method in ("get_paginator", "get_waiter", "close"):
            continue
        calls += 1
        if method not in by_snake:
            problems.append(f"`{owner.id}.{method}` is not an operation of {model.service_name}")
            continue
        shape = model.operation_model(by_snake[method]).input_shape
        members = shape.members if shape else {}
        keywords = {k.arg for k in node.keywords if k.arg is not None}
        for k in node.keywords:
            if k.arg is not None and k.arg not in members:
                problems.append(f"`{method}` has no parameter `{k.arg}` "
                                f"({', '.join(sorted(members))})")
            elif k.arg is not None and isinstance(k.value, (ast.Dict, ast.List)):
                try:
                    shape_keys(members[k.arg], ast.literal_eval(k.value), k.arg, problems)
                except ValueError:
                    pass
        if any(k.arg is None for k in node.keywords):
            continue
        for required in (shape.required_members if shape else []):
            if required not in keywords:
                problems.append(f"`{method}` misses required `{required}`")
    if calls == 0:
        problems.append("calls no operation on a boto3 client")
    return problems


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    out = []
    for item in data.get("cli", []):
        for problem in check_cli(item["command"]):
            out.append({"source": item["source"], "text": item["command"], "problem": problem})
    for item in data.get("boto3", []):
        for problem in check_boto3(item["code"]):
            out.append({"source": item["source"], "text": item["code"], "problem": problem})
    for item in data.get("python", []):
        try:
            compile(item["code"], "<snippet>", "exec")
        except SyntaxError as e:
            out.append({"source": item["source"], "text": item["code"],
                        "problem": f"does not compile: {e}"})
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
