package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

class SfnWorkflowsTest {
  private static final String MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:connect-ha-remediate";
  private static final String EXECUTION = "arn:aws:states:us-east-1:123456789012:execution:connect-ha-remediate:demo-i-0abc";

  private final List<StartExecutionRequest> requests = new ArrayList<>();
  private Function<StartExecutionRequest, StartExecutionResponse> answer;
  private final SfnWorkflows workflows = new SfnWorkflows(new SfnClient() {
    @Override
    public StartExecutionResponse startExecution(StartExecutionRequest request) {
      requests.add(request);
      return answer.apply(request);
    }

    @Override
    public String serviceName() {
      return "sfn";
    }

    @Override
    public void close() {}
  });

  @Test
  void startsTheExecutionByName() {
    answer = r -> StartExecutionResponse.builder().executionArn(EXECUTION).build();

    assertEquals(EXECUTION, workflows.start(MACHINE, "demo-i-0abc", "{\"cluster\":\"demo\"}"));

    assertEquals(1, requests.size());
    assertEquals(MACHINE, requests.get(0).stateMachineArn());
    assertEquals("demo-i-0abc", requests.get(0).name());
    assertEquals("{\"cluster\":\"demo\"}", requests.get(0).input());
  }

  @Test
  void aNameThatExistsAlreadyAnswersTheExistingExecution() {
    answer = r -> {
      throw ExecutionAlreadyExistsException.builder().statusCode(400).message("Execution Already Exists")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("ExecutionAlreadyExists").build()).build();
    };

    assertEquals(EXECUTION, workflows.start(MACHINE, "demo-i-0abc", "{}"));
  }

  @Test
  void otherErrorsAreNotMistakenForAnExistingExecution() {
    answer = r -> {
      throw StateMachineDoesNotExistException.builder().statusCode(400).message("no such machine")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("StateMachineDoesNotExist").build()).build();
    };

    assertThrows(AwsCallFailedException.class, () -> workflows.start(MACHINE, "demo-i-0abc", "{}"));
  }

  @Test
  void refusesANameStepFunctionsWouldRejectBeforeCallingIt() {
    assertThrows(InvalidInputException.class, () -> workflows.start(MACHINE, "x".repeat(81), "{}"));
    assertThrows(InvalidInputException.class, () -> workflows.start("not-an-arn", "demo", "{}"));
    assertEquals(List.of(), requests);
  }
}
