package dev.connectha.aws;

import dev.connectha.ports.NodeCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationRequest;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.waiters.SsmWaiter;

/**
 * Sends a document with SSM Run Command and waits with the SDK's CommandExecuted waiter. The
 * {@code timeout} is one deadline for the whole call, shared by every node: a node still running
 * then is read once and reported as SSM sees it (e.g. {@code InProgress}). A node that stops or
 * terminates under the command ends its wait at once: SSM answers {@code Failed} or
 * {@code TimedOut}, a terminal status for the waiter, with StatusDetails such as
 * {@code Undeliverable} or {@code Terminated}, which the result carries.
 */
public final class SsmNodeCommands implements NodeCommands {
  /** SSM's StatusDetails for an invocation that could not reach its node. */
  static final String UNDELIVERABLE = "Undeliverable";
  private final SsmClient ssm;

  @Inject
  public SsmNodeCommands(SsmClient ssm) {
    this.ssm = ssm;
  }

  @Override
  public List<CommandResult> run(String document, Map<String, List<String>> parameters, List<String> instanceIds,
      Duration poll, Duration timeout) {
    if (instanceIds.isEmpty()) {
      return List.of();
    }
    String commandId = AwsCalls.call("send " + document, () -> ssm.sendCommand(r -> r
        .documentName(document)
        .parameters(parameters.isEmpty() ? null : parameters)
        .instanceIds(instanceIds)
        .timeoutSeconds((int) Math.max(30, timeout.toSeconds()))
        .comment("connect-ha " + document)).command().commandId());
    Instant deadline = Instant.now().plus(timeout);
    return instanceIds.stream().map(id -> await(commandId, id, poll, deadline)).toList();
  }

  private static CommandResult result(String instanceId, GetCommandInvocationResponse r) {
    return new CommandResult(instanceId, r.statusAsString(), r.statusDetails(), r.standardOutputContent(),
        r.standardErrorContent());
  }

  private CommandResult await(String commandId, String instanceId, Duration poll, Instant deadline) {
    GetCommandInvocationRequest request = GetCommandInvocationRequest.builder()
        .commandId(commandId).instanceId(instanceId).build();
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.isPositive()) {
      long attempts = left.toMillis() / Math.max(1, poll.toMillis()) + 1;
      try (SsmWaiter waiter = SsmWaiter.builder().client(ssm)
          .overrideConfiguration(WaiterOverrideConfiguration.builder()
              .backoffStrategy(FixedDelayBackoffStrategy.create(poll))
              .maxAttempts((int) Math.min(Integer.MAX_VALUE, attempts))
              .waitTimeout(left)
              .build())
          .build()) {
        // a success is the waiter's last read: no second call for it (one call per node finished meanwhile)
        var succeeded = waiter.waitUntilCommandExecuted(request).matched().response();
        if (succeeded.isPresent()) {
          return result(instanceId, succeeded.get());
        }
      } catch (SdkException e) {
        // The waiter gives up on Failed/Cancelled/TimedOut and on its deadline; the final read says which.
      }
    }
    try {
      return result(instanceId, ssm.getCommandInvocation(request));
    } catch (SdkException e) {
      // SSM has no invocation to show: the command never reached the node.
      return new CommandResult(instanceId, CommandInvocationStatus.FAILED.toString(), UNDELIVERABLE, "", e.getMessage());
    }
  }
}
