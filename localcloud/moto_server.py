"""moto in server mode, with two fixes to Step Functions' optimized startExecution integration.

1. moto 5.2's ASL engine passes the ASL field names (StateMachineArn, Input, Name) to botocore,
   which only knows stateMachineArn, input, name, and then reads ExecutionArn/Output from
   botocore's lower-case answer: every nested execution fails with States.Runtime
   'StateMachineArn'. The shim converts the names both ways, as AWS behaves.
2. Every execution parses its state machine's definition again, and each intrinsic function in it
   (ANTLR in Python: 0.1 to 0.7 s for a 200-line file on a busy machine; AWS parses once, at
   CreateStateMachine). The shim keeps each parse tree and builds fresh components from it for
   every execution.
3. A `.sync` parent learns that its child ended by calling DescribeExecution over HTTP every
   0.5 s: up to half a second late, and calls no AWS account sees (AWS tells the parent by an
   event). The shim reads the child's status from moto's own memory every 50 ms and makes the one
   DescribeExecution call (for the output) when it has ended.
moto's server is otherwise unchanged.
Usage: python moto_server.py [moto_server arguments]
"""
import sys

from moto.server import main
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service_callback
from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser
from moto.stepfunctions.parser.asl.parse.intrinsic.intrinsic_parser import IntrinsicParser
from moto.stepfunctions.parser.asl.parse.intrinsic.preprocessor import Preprocessor as IntrinsicPreprocessor
from moto.stepfunctions.parser.asl.parse.preprocessor import Preprocessor
from moto.stepfunctions.responses import get_backend
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service.state_task_service_sfn import (
    StateTaskServiceSfn,
)

_normalise_parameters = StateTaskServiceSfn._normalise_parameters
_normalise_response = StateTaskServiceSfn._normalise_response


def _boto_case(self, parameters, boto_service_name=None, service_action_name=None):
    _normalise_parameters(self, parameters, boto_service_name, service_action_name)
    for key in list(parameters):
        if key[:1].isupper():
            parameters[key[0].lower() + key[1:]] = parameters.pop(key)


def _asl_case(self, response, boto_service_name=None, service_action_name=None):
    _normalise_response(self, response, boto_service_name, service_action_name)
    if isinstance(response, dict):
        for key in list(response):
            if key[:1].islower():
                response[key[0].upper() + key[1:]] = response.pop(key)


def _parsed_once(parse, preprocessor):
    """parse(text) -> (component, tree), keeping each text's tree (read-only) and building the component anew."""
    trees = {}

    def parse_once(text):
        tree = trees.get(text)
        if tree is None:
            component, tree = parse(text)
            trees[text] = tree
            return component, tree
        return preprocessor().visit(tree), tree
    return staticmethod(parse_once)


def _running(execution_arn):
    """Whether moto's backend still runs the execution (arn:aws:states:REGION:ACCOUNT:execution:...),
    or has not yet written its output (it sets the status first)."""
    parts = execution_arn.split(":")
    execution = get_backend(parts[4], parts[3]).describe_execution(execution_arn)
    status = getattr(execution, "exec_status", None) or execution.status
    return status == "RUNNING" or (status == "SUCCEEDED" and execution.output is None)


def _ended_only(build_resolver):
    """A sync resolver that asks over HTTP only once the child has ended."""
    def build(self, env, resource_runtime_part, normalised_parameters, state_credentials):
        execution_arn = env.stack[-1]["ExecutionArn"]
        resolve = build_resolver(self, env, resource_runtime_part, normalised_parameters, state_credentials)
        return lambda: None if _running(execution_arn) else resolve()
    return build


AmazonStateLanguageParser.parse = _parsed_once(AmazonStateLanguageParser.parse, Preprocessor)
IntrinsicParser.parse = _parsed_once(IntrinsicParser.parse, IntrinsicPreprocessor)
StateTaskServiceSfn._normalise_parameters = _boto_case
StateTaskServiceSfn._normalise_response = _asl_case
StateTaskServiceSfn._build_sync_resolver = _ended_only(StateTaskServiceSfn._build_sync_resolver)
StateTaskServiceSfn._build_sync2_resolver = _ended_only(StateTaskServiceSfn._build_sync2_resolver)
state_task_service_callback._DELAY_SECONDS_SYNC_CONDITION_CHECK = 0.05

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
