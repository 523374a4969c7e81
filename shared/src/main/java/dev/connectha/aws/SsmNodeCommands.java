package dev.connectha.aws;

import java.time.Duration;
import java.util.List;
import javax.inject.Inject;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationRequest;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.waiters.SsmWaiter;

/** Sends a document with SSM Run Command and waits with the SDK's CommandExecuted waiter. */
public final class SsmNodeCommands implements NodeCommands {
  private final SsmClient ssm;

  @Inject
  public SsmNodeCommands(SsmClient ssm) {
    this.ssm = ssm;
  }

  @Override
  public List<CommandResult> run(String document, List<String> instanceIds, Duration poll, Duration timeout) {
    if (instanceIds.isEmpty()) {
      return List.of();
    }
    String commandId = AwsCalls.call("send " + document, () -> ssm.sendCommand(r -> r
        .documentName(document)
        .instanceIds(instanceIds)
        .timeoutSeconds((int) Math.max(30, timeout.toSeconds()))
        .comment("connect-ha " + document)).command().commandId());
    int attempts = (int) Math.max(1, timeout.toMillis() / Math.max(1, poll.toMillis()));
    try (SsmWaiter waiter = SsmWaiter.builder().client(ssm)
        .overrideConfiguration(WaiterOverrideConfiguration.builder()
            .backoffStrategy(FixedDelayBackoffStrategy.create(poll))
            .maxAttempts(attempts)
            .waitTimeout(timeout)
            .build())
        .build()) {
      return instanceIds.stream().map(id -> await(waiter, commandId, id)).toList();
    }
  }

  private CommandResult await(SsmWaiter waiter, String commandId, String instanceId) {
    GetCommandInvocationRequest request = GetCommandInvocationRequest.builder()
        .commandId(commandId).instanceId(instanceId).build();
    try {
      waiter.waitUntilCommandExecuted(request);
    } catch (SdkException e) {
      // The waiter gives up on Failed/Cancelled/TimedOut and on its deadline; the final read says which.
    }
    try {
      GetCommandInvocationResponse r = ssm.getCommandInvocation(request);
      return new CommandResult(instanceId, r.statusAsString(), r.standardOutputContent(), r.standardErrorContent());
    } catch (SdkException e) {
      return new CommandResult(instanceId, "Undeliverable", "", e.getMessage());
    }
  }
}
