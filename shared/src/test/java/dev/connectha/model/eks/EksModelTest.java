package dev.connectha.model.eks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EksModelTest {

  @Test
  void aWorkloadNamesOnlyWhatKubernetesAndEksAccept() {
    assertEquals("connect", EksWorkload.of("prod-eks_1", "posit", "connect-rstudio-connect").container());

    assertThrows(InvalidInputException.class, () -> EksWorkload.of("prod", "Posit", "connect"));
    assertThrows(InvalidInputException.class, () -> EksWorkload.of("prod", "posit", "connect/../x"));
    assertThrows(InvalidInputException.class, () -> EksWorkload.of("-prod", "posit", "connect"));
    assertThrows(InvalidInputException.class, () -> EksWorkload.of("prod", null, "connect"));
    assertThrows(InvalidInputException.class, () -> new EksWorkload("prod", "posit", "connect", "Connect"));
  }

  @Test
  void splitsAnImageWhereItsTagGoes() {
    assertEquals(new ImageReference("ghcr.io/rstudio/rstudio-connect", "ubuntu2204-2024.06.0", null),
        ImageReference.parse("ghcr.io/rstudio/rstudio-connect:ubuntu2204-2024.06.0"));
    assertEquals(new ImageReference("registry.local:5000/connect", null, null),
        ImageReference.parse("registry.local:5000/connect"), "a port is not a tag");
    assertEquals(new ImageReference("rstudio/rstudio-connect", "2024.06.0", "sha256:abc"),
        ImageReference.parse("rstudio/rstudio-connect:2024.06.0@sha256:abc"));
    assertNull(ImageReference.parse("rstudio/rstudio-connect@sha256:abc").tag());
    assertEquals("registry.local:5000/connect:2024.07.0",
        ImageReference.parse("registry.local:5000/connect@sha256:abc").withTag("2024.07.0"));
    assertThrows(PreconditionFailedException.class, () -> ImageReference.parse(""));
    assertThrows(PreconditionFailedException.class, () -> ImageReference.parse(":tag"));
    assertThrows(InvalidInputException.class, () -> ImageReference.requireTag("-leading-dash"));
    assertThrows(InvalidInputException.class, () -> ImageReference.requireTag("x".repeat(129)));
  }

  @Test
  void aWorkloadAndAReleaseTravelAsJsonInAWorkflowsState() throws Exception {
    ConnectWorkload workload = new ConnectWorkload(EksWorkload.of("prod", "posit", "connect"), WorkloadKind.DEPLOYMENT,
        2, 1, "ghcr.io/rstudio/rstudio-connect:2024.06.0", "2024.06.0",
        List.of(new ConnectPod("connect-a", "Running", true, "2024.06.0", "ip-1", "us-east-1a"),
            new ConnectPod("connect-b", "Pending", false, "2024.06.0", null, null)));
    HelmRelease release = new HelmRelease("connect", "posit", 3, "deployed", "rstudio-connect", "0.7.20", "2024.06.0",
        Map.of("replicas", 2, "config", Map.of("Server", Map.of("Address", "https://connect.example.com"))));

    assertEquals(workload, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(workload), ConnectWorkload.class));
    assertEquals(release, Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(release), HelmRelease.class));
    assertThrows(Exception.class, () -> Json.MAPPER.readValue(
        "{\"eksCluster\":\"prod\",\"namespace\":\"Bad NS\",\"name\":\"c\",\"container\":\"connect\"}", EksWorkload.class));
  }
}
