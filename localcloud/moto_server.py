"""moto in server mode, with one fix: Step Functions' optimized startExecution integration.

moto 5.2's ASL engine passes the ASL field names (StateMachineArn, Input, Name) to botocore, which
only knows stateMachineArn, input, name, and then reads ExecutionArn/Output from botocore's
lower-case answer: every nested execution fails with States.Runtime 'StateMachineArn'. This shim
converts the names both ways, as AWS behaves, and starts moto's own server unchanged otherwise.
Usage: python moto_server.py [moto_server arguments]
"""
import sys

from moto.server import main
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


StateTaskServiceSfn._normalise_parameters = _boto_case
StateTaskServiceSfn._normalise_response = _asl_case

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
