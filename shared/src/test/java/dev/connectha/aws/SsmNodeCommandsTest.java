package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.connectha.config.Config;
import dev.connectha.config.DocumentKind;
import dev.connectha.ports.NodeCommands.CommandResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.CommandInvocationStatus;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationRequest;
import software.amazon.awssdk.services.ssm.model.GetCommandInvocationResponse;
import software.amazon.awssdk.services.ssm.model.SendCommandRequest;
import software.amazon.awssdk.services.ssm.model.SendCommandResponse;

/** What SsmNodeCommands sends: the document, its parameters when it has any, the nodes. */
class SsmNodeCommandsTest {
  private static final List<String> NODES = List.of("i-0aaaaaaaaaaaaaaaa", "i-0bbbbbbbbbbbbbbbb");
  /** The stack whose documents the commands name. */
  private static final Config CONFIG = Config.from(Map.of("AWS_REGION", "us-east-1", "NODE_DOCUMENT_PREFIX", "test-stack-"));
  private static final String STAGE = CONFIG.documentName(DocumentKind.STAGE_CONNECT);
  private static final String STOP = CONFIG.documentName(DocumentKind.STOP_CONNECT);
  private static final String STATUS = CONFIG.documentName(DocumentKind.CONNECT_STATUS);
  private static final String INSTALL = CONFIG.documentName(DocumentKind.INSTALL_CONNECT);

  /** An SSM client that records SendCommand and answers every invocation Success at once, unless {@link #lost} names it. */
  private static final class RecordingSsm implements SsmClient {
    final List<SendCommandRequest> sent = new ArrayList<>();
    /** instance id -> the StatusDetails of a Failed invocation there (its node went away). */
    final Map<String, String> lost = new HashMap<>();
    int reads;

    @Override
    public SendCommandResponse sendCommand(SendCommandRequest request) {
      sent.add(request);
      return SendCommandResponse.builder().command(c -> c.commandId("cmd-1")).build();
    }

    @Override
    public GetCommandInvocationResponse getCommandInvocation(GetCommandInvocationRequest request) {
      reads++;
      String details = lost.get(request.instanceId());
      if (details != null) {
        return GetCommandInvocationResponse.builder().commandId(request.commandId()).instanceId(request.instanceId())
            .status(CommandInvocationStatus.FAILED).statusDetails(details).standardOutputContent("")
            .standardErrorContent("instance " + request.instanceId() + " went away").build();
      }
      return GetCommandInvocationResponse.builder().commandId(request.commandId()).instanceId(request.instanceId())
          .status(CommandInvocationStatus.SUCCESS).statusDetails("Success").standardOutputContent("{\"staged\":\"x\"}").standardErrorContent("")
          .build();
    }

    @Override
    public String serviceName() {
      return "ssm";
    }

    @Override
    public void close() {}
  }

  private final RecordingSsm ssm = new RecordingSsm();
  private final SsmNodeCommands commands = new SsmNodeCommands(ssm);

  @Test
  void sendsTheDocumentsParametersWithTheCommand() {
    Map<String, List<String>> parameters = Map.of("version", List.of("2024.10.0"),
        "packageSource", List.of("https://cdn.posit.co/connect"));

    List<CommandResult> results = commands.run(STAGE, parameters, NODES, Duration.ofMillis(10),
        Duration.ofSeconds(5));

    assertEquals(1, ssm.sent.size());
    SendCommandRequest sent = ssm.sent.get(0);
    assertEquals(STAGE, sent.documentName());
    assertEquals(parameters, sent.parameters());
    assertEquals(NODES, sent.instanceIds());
    assertEquals(List.of("Success", "Success"), results.stream().map(CommandResult::status).toList());
    assertEquals(NODES, results.stream().map(CommandResult::instanceId).toList());
  }

  @Test
  void aNodeThatSucceededIsReadOnceTheWaitersReadIsItsResult() {
    List<CommandResult> results = commands.run(STOP, NODES, Duration.ofMillis(10), Duration.ofSeconds(5));

    assertEquals(2, ssm.reads, "one read per node");
    assertEquals(List.of("{\"staged\":\"x\"}", "{\"staged\":\"x\"}"), results.stream().map(CommandResult::stdout).toList());
  }

  @Test
  void theOldSignatureSendsNoParametersAtAll() {
    commands.run(STATUS, NODES, Duration.ofMillis(10), Duration.ofSeconds(5));

    assertFalse(ssm.sent.get(0).hasParameters(), "a document without parameters gets no Parameters field");
  }

  @Test
  void noNodesNoCommand() {
    assertEquals(List.of(), commands.run(STAGE, Map.of("version", List.of("2024.10.0")), List.of(),
        Duration.ofMillis(10), Duration.ofSeconds(5)));
    assertEquals(List.of(), ssm.sent);
  }

  @Test
  void aNodeLostUnderTheCommandEndsItsWaitAtOnceWithSsmsDetails() {
    ssm.lost.put(NODES.get(1), "Terminated");
    Instant started = Instant.now();

    List<CommandResult> results = commands.run(INSTALL, Map.of("version", List.of("2024.10.0")),
        NODES, Duration.ofSeconds(1), Duration.ofSeconds(60));

    assertTrue(Duration.between(started, Instant.now()).compareTo(Duration.ofSeconds(10)) < 0,
        "a Failed invocation is terminal for the waiter: no wait for the 60 s timeout");
    CommandResult lost = results.get(1);
    assertEquals("Failed", lost.status());
    assertEquals("Terminated", lost.statusDetails());
    assertTrue(lost.nodeLost());
    assertFalse(results.get(0).nodeLost());
    assertEquals("Success", results.get(0).statusDetails());
    assertEquals(3, ssm.reads, "the success is the waiter's own read; the failure is read once more for its details");
  }
}
