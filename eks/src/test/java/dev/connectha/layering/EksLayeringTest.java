package dev.connectha.layering;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The layering rule sees the Kubernetes client: only the EKS adapter may use it. */
class EksLayeringTest {
  @Test
  void theEksAdapterBreaksTheRuleThroughTheKubernetesClientSoItCanFail() {
    AssertionError e = assertThrows(AssertionError.class, () -> PortsAndAdapters.check("dev.connectha.aws.eks"));

    assertTrue(e.getMessage().contains("io.fabric8"), e.getMessage());
  }
}
