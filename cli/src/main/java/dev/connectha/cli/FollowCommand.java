package dev.connectha.cli;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.ports.Workflows;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code connectha follow EXECUTION [--workflow W]}: attaches to an execution started elsewhere (by
 * another shell, a schedule, the intake), running or ended, and shows what {@code --follow} shows
 * after a start: every state since the execution began, then live progress, the summary and the
 * same exit codes. An execution that does not exist is bad input: exit 2, nothing started.
 */
@Command(name = "follow", description = "Follow an execution that is already running (or has ended): live progress,"
    + " the summary, and its outcome as the exit code.")
final class FollowCommand implements Callable<Integer> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");
  private static final Pattern ARN = Pattern.compile(
      "(arn:aws[a-z-]*:states:[a-z0-9-]+:\\d{12}:)execution:([A-Za-z0-9_-]{1,80}):([A-Za-z0-9_-]{1,80})");

  @ParentCommand
  ConnectHa app;

  @Parameters(index = "0", paramLabel = "EXECUTION", description = "the execution's ARN, or its name"
      + " (e.g. rolling-upgrade-prod-20261130T140502Z, as a start or connectha history prints it)")
  String execution;

  @Option(names = "--workflow", paramLabel = "WORKFLOW", description = "the workflow of an execution NAME that does not"
      + " start with it (a remediation, named <cluster>-<subject>-<time>): one of preflight, backup, restore,"
      + " rolling-upgrade, provision-node, retire-node, ensure-capacity, remediate")
  String workflow;

  /**
   * What the operator named, checked before anything connects.
   *
   * @param workflow     the workflow, when given or read from the name; empty for an ARN without {@code --workflow}
   * @param stateMachine the state machine's ARN, when an ARN was given
   */
  record Target(String name, Optional<Workflow> workflow, Optional<String> stateMachine) {
    /** Parses {@code EXECUTION} and {@code --workflow}; {@link InvalidInputException} when neither says the workflow. */
    static Target parse(String execution, String workflowOption) {
      Optional<Workflow> named = Optional.ofNullable(workflowOption).map(id -> Workflow.ofId(id).orElseThrow(() ->
          new InvalidInputException("--workflow must be one of " + Arrays.stream(Workflow.values()).map(Workflow::id).toList()
              + ": '" + id + "'")));
      Matcher arn = ARN.matcher(execution);
      if (arn.matches()) {
        return new Target(arn.group(3), named, Optional.of(arn.group(1) + "stateMachine:" + arn.group(2)));
      }
      if (!NAME.matcher(execution).matches()) {
        throw new InvalidInputException("EXECUTION must be an execution's ARN or name (1 to 80 of A-Z a-z 0-9 - _): '"
            + execution + "'");
      }
      Workflow workflow = named.or(() -> Workflow.ofExecutionName(execution)).orElseThrow(() -> new InvalidInputException(
          "execution name '" + execution + "' does not say its workflow: name it with --workflow (e.g. --workflow remediate)"
              + " or give the execution's ARN"));
      return new Target(execution, Optional.of(workflow), Optional.empty());
    }

    /** The workflow among the stack's, and the state machine it runs on; {@link InvalidInputException} when not the stack's. */
    Workflow workflowIn(Cloud cloud) {
      if (stateMachine.isEmpty()) {
        return workflow.orElseThrow();
      }
      Workflow found = cloud.workflowOf(stateMachine.get()).orElseThrow(() -> new InvalidInputException("execution " + name
          + " is not of a workflow of stack '" + cloud.stack() + "' (its state machine: " + stateMachine.get() + ")"));
      if (workflow.isPresent() && workflow.get() != found) {
        throw new InvalidInputException("execution " + name + " is of workflow " + found.id() + ", not --workflow "
            + workflow.get().id());
      }
      return found;
    }
  }

  @Override
  public Integer call() {
    Target target = Target.parse(execution, workflow);
    try (Cloud cloud = app.connect()) {
      Workflow found = target.workflowIn(cloud);
      String stateMachine = cloud.stateMachineArn(found);
      Workflows.Run run = cloud.ports().workflows().run(stateMachine, target.name()).orElseThrow(() ->
          new InvalidInputException("no execution '" + target.name() + "' of workflow " + found.id() + " in stack '"
              + cloud.stack() + "' (connectha history CLUSTER lists them)"));
      if (!app.json) {
        app.out.println("following " + target.name() + " (" + run.status() + ")");
      }
      return new Follower(cloud.sfn(), app.out, app.terminal && !app.json, app.json, app.pollInterval)
          .follow(Cloud.executionArn(stateMachine, target.name()), found);
    }
  }
}
