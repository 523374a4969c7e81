package dev.connectha.aws;

import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.InvalidInputException;
import dev.connectha.ports.Workflows;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * Starts Step Functions executions by name. A name Step Functions knows already (the same incident
 * seen twice, by two intakes at once) starts nothing and answers the existing execution's ARN.
 */
public final class SfnWorkflows implements Workflows {
  private final SfnClient sfn;

  @Inject
  public SfnWorkflows(SfnClient sfn) {
    this.sfn = sfn;
  }

  @Override
  public String start(String stateMachineArn, String name, String input) {
    if (stateMachineArn == null || !stateMachineArn.contains(":stateMachine:")) {
      throw new InvalidInputException("not a state machine ARN: " + stateMachineArn);
    }
    if (name == null || name.isBlank() || name.length() > 80) {
      throw new InvalidInputException("an execution needs a name of 1 to 80 characters: " + name);
    }
    try {
      return AwsCalls.call("start execution " + name, () -> sfn.startExecution(r -> r
          .stateMachineArn(stateMachineArn).name(name).input(input))).executionArn();
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof ExecutionAlreadyExistsException) {
        return executionArn(stateMachineArn, name);
      }
      throw e;
    }
  }

  @Override
  public Optional<Run> run(String stateMachineArn, String name) {
    String arn = executionArn(stateMachineArn, name);
    try {
      DescribeExecutionResponse r = AwsCalls.call("describe execution " + name, () -> sfn.describeExecution(b -> b
          .executionArn(arn)));
      return Optional.of(new Run(r.statusAsString(), r.stopDate()));
    } catch (ConnectHaException e) {
      if (e.getCause() instanceof ExecutionDoesNotExistException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** An execution's ARN: its state machine's, with {@code execution} for {@code stateMachine}, then its name. */
  static String executionArn(String stateMachineArn, String name) {
    return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
  }
}
