#!/usr/bin/env python3
"""Writes the named Retry policies of retry-policies.json into every Task of statemachines/*.asl.json.

A Task gets the policy its file names for its resource (retry-policies.json "byFile"), else the
policy of its resource ("byResource"; null: no Retry). The files are written back in the layout
they are kept in: two-space indentation, and a short value, an object of plain values (a Payload), a
Retry or a Catch on as few lines of at most 120 columns as it takes. RetryPoliciesTest (localcloud) fails on any other Retry block.
Usage: statemachines/write-retry-policies.py [FILE.asl.json ...]   (default: every ASL file)
"""
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
WIDTH = 120


def policy_for(definition, file_name, resource):
    by_file = definition.get("byFile", {}).get(file_name, {})
    name = by_file[resource] if resource in by_file else definition["byResource"].get(resource)
    return None if name is None else definition["policies"][name]


def each_state(states):
    for state in states.values():
        yield state
        inner = state.get("ItemProcessor") or state.get("Iterator")
        if inner:
            yield from each_state(inner["States"])
        for branch in state.get("Branches", []):
            yield from each_state(branch["States"])


def apply(definition, path):
    asl = json.loads(path.read_text())
    for state in each_state(asl["States"]):
        if state.get("Type") != "Task":
            continue
        policy = policy_for(definition, path.name, state["Resource"])
        if policy is None:
            state.pop("Retry", None)
        else:
            state["Retry"] = policy
    return asl


def scalar(value):
    return not isinstance(value, (dict, list))


def flat(value):
    """A Retry or Catch rule: scalars and lists of scalars only."""
    return isinstance(value, dict) and all(scalar(v) or (isinstance(v, list) and all(map(scalar, v))) for v in value.values())


def tokens(value):
    """Compact JSON cut where a line may break."""
    if isinstance(value, dict):
        items = list(value.items())
        out = ["{"]
        for i, (k, v) in enumerate(items):
            parts = tokens(v)
            parts[0] = json.dumps(k) + ": " + parts[0]
            if i < len(items) - 1:
                parts[-1] += ", "
            out.extend(parts)
        out.append("}")
        return merge_brackets(out)
    if isinstance(value, list):
        out = ["["]
        for i, v in enumerate(value):
            parts = tokens(v)
            if i < len(value) - 1:
                parts[-1] += ", "
            out.extend(parts)
        out.append("]")
        return merge_brackets(out)
    return [json.dumps(value, ensure_ascii=False)]


def merge_brackets(out):
    # an opening bracket sticks to what follows it, a closing one to what precedes it
    merged = [out[0] + out[1]] + out[2:] if len(out) > 1 else out
    if len(merged) > 1:
        merged = merged[:-2] + [merged[-2] + merged[-1]]
    return merged


def wrapped(value, indent, prefix):
    lines, line = [], " " * indent + prefix
    for token in tokens(value):
        if len(line) + len(token.rstrip()) > WIDTH and line.strip():
            lines.append(line.rstrip())
            line = " " * (indent + 2)
        line += token
    lines.append(line.rstrip())
    return lines


def render(value, indent=0, prefix=""):
    compact = json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    pad = " " * indent
    if scalar(value) or indent + len(prefix) + len(compact) <= WIDTH or (isinstance(value, list) and all(map(scalar, value))):
        return wrapped(value, indent, prefix) if not scalar(value) else [pad + prefix + compact]
    if flat(value) or (isinstance(value, list) and len(value) == 1 and flat(value[0])):
        return wrapped(value, indent, prefix)
    if isinstance(value, list) and all(flat(v) for v in value):
        return [pad + prefix + "["] + [line for i, v in enumerate(value)
                                       for line in with_comma(wrapped(v, indent + 2, ""), i < len(value) - 1)] + [pad + "]"]
    if isinstance(value, dict):
        items = list(value.items())
        body = [line for i, (k, v) in enumerate(items)
                for line in with_comma(render(v, indent + 2, json.dumps(k, ensure_ascii=False) + ": "), i < len(items) - 1)]
        return [pad + prefix + "{"] + body + [pad + "}"]
    body = [line for i, v in enumerate(value) for line in with_comma(render(v, indent + 2), i < len(value) - 1)]
    return [pad + prefix + "["] + body + [pad + "]"]


def with_comma(lines, comma):
    return lines[:-1] + [lines[-1] + ","] if comma else lines


def dump(asl):
    return "\n".join(render(asl)) + "\n"


def main(argv):
    definition = json.loads((HERE / "retry-policies.json").read_text())
    files = [pathlib.Path(a) for a in argv] or sorted(HERE.glob("*.asl.json"))
    for path in files:
        path.write_text(dump(apply(definition, path)))


if __name__ == "__main__":
    main(sys.argv[1:])
