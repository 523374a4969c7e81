package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.connectha.errors.ErrorNames;
import dev.connectha.localcloud.twin.Twin;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every state machine of template.yaml, started with malformed input, ends in the named
 * InvalidInputException with zero mutating AWS calls (issue 13, item 11).
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputIT {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  /** What a workflow could change: any call of these is a mutation. */
  private static final Set<String> READ_PREFIXES = Set.of("Describe", "Get", "List", "Query", "Scan", "BatchGet", "GET ");
  private static final List<String> MALFORMED = List.of("{}", "{\"cluster\":5}", "{\"cluster\":[\"demo\"]}",
      "{\"cluster\":\"demo\",\"pollSeconds\":\"soon\"}");

  private final LocalCloud cloud;

  MalformedInputIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeAll
  void aSeededCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  Stream<Arguments> cases() {
    List<String> machines = cloud.template().resources().values().stream()
        .filter(r -> r.type().equals("AWS::Serverless::StateMachine")).map(CloudTemplate.Resource::logicalId).sorted().toList();
    return machines.stream().flatMap(m -> MALFORMED.stream().map(input -> Arguments.of(m, input)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void malformedInputEndsInTheNamedErrorWithNothingChanged(String stateMachine, String input) {
    cloud.gateway().resetCounts();

    LocalCloud.Execution run = cloud.run(stateMachine, input, "malformed-" + UUID.randomUUID(), TIMEOUT);

    assertEquals(ErrorNames.INVALID_INPUT, run.error(), stateMachine + " " + input + ": " + run.cause());
    Map<String, Integer> calls = cloud.gateway().callCounts();
    assertEquals(Set.of(), calls.keySet().stream().filter(MalformedInputIT::mutating).collect(Collectors.toSet()), calls.toString());
  }

  /** A call that may change something: not a read, not a Lambda invocation (its own calls are counted), not the summary. */
  static boolean mutating(String call) {
    String action = call.substring(call.indexOf(':') + 1);
    return READ_PREFIXES.stream().noneMatch(action::startsWith) && !call.equals("lambda:Invoke") && !call.equals("sns:Publish")
        && !call.startsWith("states:");
  }
}
