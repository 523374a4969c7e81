package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.errors.ErrorNames;
import dev.connectha.localcloud.twin.Twin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code localcloud/run invoke}: a function with a sample event from events/, as sam local invoke runs it, without Docker. */
@ExtendWith(LocalCloudExtension.class)
class LocalInvokeIT {
  private final LocalCloud cloud;
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

  LocalInvokeIT(LocalCloud cloud) {
    this.cloud = cloud;
  }

  @BeforeEach
  void aSeededCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  private JsonNode invoke(String function, byte[] event, boolean succeeds) {
    PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    assertEquals(succeeds, LocalInvoke.invoke(cloud, function, event, out), printed.toString(StandardCharsets.UTF_8));
    return Functions.json(printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aSampleEventPrintsTheFunctionsAnswer() throws Exception {
    JsonNode answer = invoke("DescribeClusterFunction", Files.readAllBytes(cloud.root().resolve("events/DescribeClusterFunction.json")), true);

    assertEquals("demo", answer.path("cluster").path("name").asText(), answer.toString());
    assertFalse(answer.path("nodes").isEmpty());
  }

  @Test
  void aFailingFunctionPrintsItsNamedError() {
    JsonNode answer = invoke("DescribeClusterFunction", "{\"cluster\":\"nope\"}".getBytes(StandardCharsets.UTF_8), false);

    assertEquals(ErrorNames.CLUSTER_NOT_FOUND, answer.path("errorType").asText(), answer.toString());
    assertTrue(answer.path("errorMessage").asText().contains("nope"));
  }
}
