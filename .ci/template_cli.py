"""What the .ci/*.py template tools share: template.yaml read as CloudFormation reads it (cfn-lint's
decoder: short-form intrinsics become their long forms), and the command line."""

import sys
from typing import Callable

from cfnlint.decode import decode


class TemplateError(Exception):
    """A template the tool cannot read; each line of the message is one finding."""


def load(path: str) -> dict:
    template, findings = decode(path)
    if findings or template is None:
        raise TemplateError("\n".join(f"{path}: {finding}" for finding in findings) or f"{path}: unreadable")
    return template


def run(main: Callable[..., None], usage: str) -> None:
    """Calls main with the command line's arguments; exits 2 with usage when their number is wrong,
    1 with the findings on stderr when main raises TemplateError, else 0."""
    arguments = sys.argv[1:]
    if len(arguments) != main.__code__.co_argcount:
        print(usage, file=sys.stderr)
        sys.exit(2)
    try:
        main(*arguments)
    except TemplateError as error:
        print(error, file=sys.stderr)
        sys.exit(1)
