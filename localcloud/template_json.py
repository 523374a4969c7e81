"""template.yaml as the local cloud reads it, printed as JSON on stdout.

CloudFormation's own YAML dialect is parsed by cfn-lint's decoder (short-form tags such as !Sub,
!Ref and !GetAtt become their long forms), then SAM's Globals are merged into each
AWS::Serverless::* resource by the SAM translator's Globals plugin, with SAM's merge rules. The
rest of the SAM transform is not applied: the local cloud deploys functions and state machines
as SAM describes them (handler, environment, DefinitionUri and substitutions, event sources).
Intrinsics stay as they are; CloudTemplate resolves them against the stack's parameters.

Usage: python template_json.py TEMPLATE  (exit 1 with the decoder's findings on stderr).
"""

import json
import sys

from cfnlint.decode import decode
from samtranslator.plugins.globals.globals_plugin import GlobalsPlugin


def main(path: str) -> int:
    template, findings = decode(path)
    if findings or template is None:
        for finding in findings:
            print(f"{path}: {finding}", file=sys.stderr)
        return 1
    GlobalsPlugin().on_before_transform_template(template)
    json.dump(template, sys.stdout)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
