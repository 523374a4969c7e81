"""Writes the script of every SSM document in template.yaml to DIR/<LogicalId>.sh, for shellcheck.

Each script is assembled as a node gets it, and as LocalCloud.script assembles it for the tests
(ShellcheckNodeScriptsTest): the runCommand lines of every aws:runShellScript step, one per line,
with the template's !Join and !FindInMap (the shared shell helpers under Mappings) resolved. Any
other intrinsic in a script is an error: it would need a stack's values to be read.

Usage: python node_scripts.py TEMPLATE DIR  (prints the files written; exit 1 on an error).
"""

from pathlib import Path

from template_cli import TemplateError, load, run


def resolve(node, mappings):
    if isinstance(node, str):
        return node
    if isinstance(node, dict) and len(node) == 1:
        (function, args), = node.items()
        if function == "Fn::Join":
            return args[0].join(resolve(part, mappings) for part in args[1])
        if function == "Fn::FindInMap":
            return mappings[args[0]][args[1]][args[2]]
    raise ValueError(f"a script holds {node!r}: only !Join and !FindInMap are resolved here")


def main(source: str, directory: str) -> None:
    template = load(source)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    mappings = template.get("Mappings", {})
    for logical_id, resource in template["Resources"].items():
        if resource.get("Type") != "AWS::SSM::Document":
            continue
        steps = resource["Properties"]["Content"].get("mainSteps", [])
        lines = [line for step in steps if step.get("action") == "aws:runShellScript"
                 for line in step["inputs"]["runCommand"]]
        if not lines:
            continue
        try:
            script = "".join(resolve(line, mappings) + "\n" for line in lines)
        except ValueError as error:
            raise TemplateError(f"{source}: {logical_id}: {error}") from error
        path = out / f"{logical_id}.sh"
        path.write_text(script)
        print(path)


if __name__ == "__main__":
    run(main, __doc__)
