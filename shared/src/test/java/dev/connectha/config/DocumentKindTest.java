package dev.connectha.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentKindTest {

  @ParameterizedTest
  @EnumSource(DocumentKind.class)
  void knowsADocumentsKindWhateverTheStack(DocumentKind kind) {
    for (String prefix : new String[] {"connect-ha-", "connect-ha-second-", "x-", "team_a.", "ConnectHa-"}) {
      String name = Config.from(java.util.Map.of("AWS_REGION", "us-east-1", "NODE_DOCUMENT_PREFIX", prefix))
          .documentName(kind);
      assertEquals(Optional.of(kind), DocumentKind.ofName(name), name);
    }
  }

  @Test
  void noKindsSuffixEndsAnothersSoANameHasOneKind() {
    for (DocumentKind a : DocumentKind.values()) {
      for (DocumentKind b : DocumentKind.values()) {
        assertFalse(a != b && a.suffix().endsWith(b.suffix()), a + " ends with " + b + "'s suffix");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"AWS-RunShellScript", "StopConnect", "connect-ha-StopConnect.bak", "connect-ha-Stop", ""})
  void knowsNoKindForAnotherDocument(String name) {
    assertEquals(Optional.empty(), DocumentKind.ofName(name), name);
  }

  @Test
  void namesTheTemplatesResource() {
    assertEquals("StopConnectDocument", DocumentKind.STOP_CONNECT.logicalId());
    assertEquals("DeactivateLicenseDocument", DocumentKind.DEACTIVATE_LICENSE.logicalId());
  }
}
