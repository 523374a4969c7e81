package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import dev.connectha.localcloud.twin.Twin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@code sam local invoke -e events/<Function>.json} does, on the local cloud: every function
 * in template.yaml has a sample event, and answers it without a function error. The samples run in
 * template order on one cluster: StartBackupSet's sample starts the set that the check, complete
 * and copy samples name (its id derives from the sample's executionId). A function whose sample
 * changes the cluster has a second sample, {@code events/<Function>.then.json}, run right after it,
 * that puts the cluster back (deregister then register the same node, maintenance page on then off,
 * suspend then resume), so that later samples find the cluster as the twin seeded it.
 */
@ExtendWith(LocalCloudExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one cluster for all: later samples use what earlier ones made
class FunctionsWithSampleEventsIT {
  private final LocalCloud cloud;

  FunctionsWithSampleEventsIT(LocalCloud cloud) {
    this.cloud = cloud;
    cloud.reset(Twin.Spec.defaults());
    cloud.redeploy(cloud.twin().prepareProvisioning()); // PlanProvision refuses a cluster not ready for provisioning
    cloud.kubernetes().seed("demo-eks", 2); // the eks topology's samples (RunWorkloadCommand) name it
  }

  static Stream<String> functions() {
    CloudTemplate template = CloudTemplate.load(LocalCloud.projectRoot().resolve("template.yaml"), LocalCloud.STACK,
        LocalCloud.REGION, java.util.Map.of("TargetGroupArn", "x", "DbInstanceIdentifier", "x", "FileSystemId", "fs-0"));
    return template.resources().values().stream().filter(r -> r.type().equals("AWS::Serverless::Function"))
        .map(CloudTemplate.Resource::logicalId);
  }

  @ParameterizedTest
  @MethodSource("functions")
  void everyFunctionAnswersItsSampleEvent(String logicalId) throws Exception {
    Path event = cloud.root().resolve("events/" + logicalId + ".json");
    assertTrue(Files.exists(event), "missing sample event " + event);

    answers(logicalId, event);
    Path then = cloud.root().resolve("events/" + logicalId + ".then.json");
    if (Files.exists(then)) {
      answers(logicalId, then);
    }
  }

  private void answers(String logicalId, Path event) throws Exception {
    LambdaRuntime.Invocation answer = cloud.lambda().invoke(cloud.template().resource(logicalId).ref(),
        Files.readAllBytes(event));

    String payload = new String(answer.payload(), StandardCharsets.UTF_8);
    assertFalse(answer.functionError(), event.getFileName() + ": " + payload);
    JsonNode output = Json.MAPPER.readTree(payload);
    assertTrue(output.isObject() && !output.isEmpty(), payload);
  }

  @Test
  void preflightSampleInputRunsTheStateMachine() throws Exception {
    String input = Files.readString(cloud.root().resolve("events/PreflightStateMachine.json"));

    LocalCloud.Execution run = cloud.run("PreflightStateMachine", input, "preflight-demo-sample", Duration.ofMinutes(3));

    assertTrue(run.succeeded(), () -> run.error() + ": " + run.cause());
    assertEquals(List.of(), List.copyOf(Json.MAPPER.convertValue(run.output().path("failedRules"), List.class)));
  }
}
