package dev.connectha.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.AwsCallFailedException;
import dev.connectha.errors.PreconditionFailedException;
import dev.connectha.errors.WorkloadNotFoundException;
import dev.connectha.model.eks.EksWorkload;
import dev.connectha.model.eks.WorkloadKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fake answers as the fabric8 adapter does, and journals every change. */
class FakeConnectWorkloadsTest {
  private final List<String> calls = new ArrayList<>();
  private final FakeConnectWorkloads fake = new FakeConnectWorkloads(calls);
  private final EksWorkload connect = EksWorkload.of("prod", "posit", "connect-rstudio-connect");

  @Test
  void scalesAndRetagsTheConnectImageAndJournalsBoth() {
    fake.workload(connect, WorkloadKind.DEPLOYMENT, 2, "ghcr.io/rstudio/rstudio-connect:ubuntu2204-2024.05.0");

    fake.scale(connect, 0);
    fake.setImageTag(connect, "ubuntu2204-2024.06.0");

    var read = fake.read(connect);
    assertEquals(0, read.replicas());
    assertEquals(0, read.readyReplicas());
    assertEquals("ubuntu2204-2024.06.0", read.imageTag());
    assertEquals(List.of("change scale " + connect + " to 0", "change image tag " + connect + " to ubuntu2204-2024.06.0",
        "read workload " + connect), calls);
  }

  @Test
  void badInputIsNamedAsTheAdapterNamesItAndNothingChanges() {
    fake.workload(connect, WorkloadKind.DEPLOYMENT, 2, "nginx:1.27").connectContainer = false;

    assertThrows(PreconditionFailedException.class, () -> fake.scale(connect, 0));
    assertThrows(WorkloadNotFoundException.class, () -> fake.scale(EksWorkload.of("prod", "posit", "typo"), 0));
    assertThrows(WorkloadNotFoundException.class, () -> fake.scale(EksWorkload.of("prod", "other", "x"), 0));
    assertThrows(WorkloadNotFoundException.class, () -> fake.configMap(connect, "connect-config"));
    fake.deny("prod");
    assertThrows(AwsCallFailedException.class, () -> fake.helmRelease(connect, "connect"));

    assertEquals(2, fake.workloads.get(connect).replicas);
    assertEquals(List.of(), calls.stream().filter(c -> c.startsWith("change ")).toList());
  }
}
