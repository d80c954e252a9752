"""Checks OCSF Detection Finding events with two published models of the schema (run by
tests/report_formats/feeds.rs in a venv with `py-ocsf-models` and `ocsf-emitter` from PyPI).

Input: a JSON file holding the events, as `rampart scan --format ocsf` writes them (a JSON
array) or as `--format ocsf-jsonl` does (one event per line).
Output (stdout): a JSON list of problems (strings); empty when all is well.

Each event must pass:
- `py_ocsf_models.events.findings.detection_finding.DetectionFinding.model_validate` (the
  models Prowler uses);
- `ocsf_emitter.validate` on `ocsf_emitter.models.DetectionFinding` (generated from the OCSF
  1.5.0 catalogue; it also checks class, category, `type_uid = class_uid * 100 + activity_id`,
  the caption fields and `metadata.version`);
- a key check: neither model forbids unknown keys (py-ocsf-models ignores them, ocsf-emitter
  allows them), so every key, at every depth, must be a field of the matching model in both,
  or a misspelt key would pass silently. The free-form `unmapped` and `resources[].data` are
  not descended into.
"""

import json
import sys
import typing

import ocsf_emitter
from ocsf_emitter.errors import InvalidFindingError
from py_ocsf_models.events.findings.detection_finding import DetectionFinding
from pydantic import BaseModel, ValidationError

FREE_FORM = {"unmapped", "data"}


def models_in(annotation):
    """The pydantic model classes an annotation can hold (through Optional, list, unions)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found.extend(models_in(arg))
    return found


def unknown_keys(model, value, where, problems, library):
    if isinstance(value, list):
        for i, item in enumerate(value):
            unknown_keys(model, item, f"{where}[{i}]", problems, library)
        return
    if not isinstance(value, dict):
        return
    fields = model.model_fields
    for key, inner in value.items():
        if key not in fields:
            problems.append(f"{where}.{key}: not a field of {library} {model.__name__}")
            continue
        if key in FREE_FORM:
            continue
        for inner_model in models_in(fields[key].annotation)[:1]:
            unknown_keys(inner_model, inner, f"{where}.{key}", problems, library)


def check(event, where, problems):
    if not isinstance(event, dict):
        problems.append(f"{where}: not a JSON object")
        return
    try:
        DetectionFinding.model_validate(event)
    except ValidationError as e:
        for err in e.errors():
            loc = ".".join(str(p) for p in err["loc"])
            problems.append(f"{where}: py-ocsf-models: {loc}: {err['msg']}")
    try:
        ocsf_emitter.validate(ocsf_emitter.models.DetectionFinding.model_validate(event))
    except ValidationError as e:
        for err in e.errors():
            loc = ".".join(str(p) for p in err["loc"])
            problems.append(f"{where}: ocsf-emitter: {loc}: {err['msg']}")
    except InvalidFindingError as e:
        problems.append(f"{where}: ocsf-emitter: {e}: {'; '.join(e.field_errors)}")
    unknown_keys(DetectionFinding, event, where, problems, "py-ocsf-models")
    unknown_keys(ocsf_emitter.models.DetectionFinding, event, where, problems, "ocsf-emitter")


def main():
    with open(sys.argv[1]) as f:
        text = f.read()
    problems = []
    stripped = text.lstrip()
    if stripped.startswith("["):
        events = json.loads(text)
    else:
        events = []
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                problems.append(f"line {n}: empty line in JSON Lines")
                continue
            try:
                events.append(json.loads(line))
            except json.JSONDecodeError as e:
                problems.append(f"line {n}: not one JSON value: {e}")
    for i, event in enumerate(events):
        check(event, f"events[{i}]", problems)
    json.dump(problems, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
