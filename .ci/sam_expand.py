"""template.yaml after the SAM transform (plain CloudFormation), written as JSON, for checkov.

The transform is the SAM translator's own (`samtranslator.translator.transform.transform`, the
code behind `AWS::Serverless-2016-10-31`), run offline as `sam validate` runs it: local code paths
become a placeholder S3 location, and each state machine's DefinitionUri file is read in as its
Definition (so the generated AWS::StepFunctions::StateMachine carries the real ASL).

passthrough_metadata=True copies each SAM resource's Metadata onto the resources it generates
(its AWS::Lambda::Function, IAM role, version, alias, rules, permissions), so a checkov skip
written beside an AWS::Serverless::* resource also covers what that resource becomes. Metadata
changes nothing that is deployed, so the scanned resources are those CloudFormation creates.

Usage: python sam_expand.py TEMPLATE OUTPUT.json  (exit 1 with the translator's errors on stderr).
"""

import json
from pathlib import Path

from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.translator.transform import transform

from template_cli import TemplateError, load, run

PLACEHOLDER_CODE = {"Bucket": "connect-ha-scan-placeholder", "Key": "code.zip"}


class NoManagedPolicyLookup:
    """The template names no AWS managed policy by name, so the translator never asks IAM for one."""

    def load(self) -> dict:
        raise RuntimeError("the SAM translator asked IAM for managed policy names; the scan runs offline")


def localize(template: dict, base: Path) -> None:
    for resource in template.get("Resources", {}).values():
        kind, properties = resource.get("Type"), resource.get("Properties", {})
        if kind == "AWS::Serverless::Function":
            properties["CodeUri"] = dict(PLACEHOLDER_CODE)
        elif kind == "AWS::Serverless::LayerVersion":
            properties["ContentUri"] = dict(PLACEHOLDER_CODE)
        elif kind == "AWS::Serverless::StateMachine" and isinstance(properties.get("DefinitionUri"), str):
            properties["Definition"] = json.loads((base / properties.pop("DefinitionUri")).read_text())
    code_uri = template.get("Globals", {}).get("Function", {})
    if "CodeUri" in code_uri:
        code_uri["CodeUri"] = dict(PLACEHOLDER_CODE)


def main(source: str, output: str) -> None:
    template = load(source)
    localize(template, Path(source).resolve().parent)
    try:
        expanded = transform(template, {}, NoManagedPolicyLookup(), passthrough_metadata=True)
    except InvalidDocumentException as error:
        raise TemplateError("\n".join(f"{source}: {cause.message}" for cause in error.causes)) from error
    Path(output).write_text(json.dumps(expanded, indent=1, default=str))


if __name__ == "__main__":
    run(main, __doc__)
