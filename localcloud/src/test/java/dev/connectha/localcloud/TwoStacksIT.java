package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.config.DocumentKind;
import dev.connectha.localcloud.twin.Twin;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.model.DocumentIdentifier;

/**
 * Two stacks of template.yaml in one account and region: the local cloud's stack, and a second one
 * deployed beside it into the same moto (its SSM documents and its RunNodeCommand function; moto
 * refuses a second document of a name, as SSM does). Each names its documents after itself and
 * each stack's function runs its own stack's documents on the same nodes.
 */
@ExtendWith(LocalCloudExtension.class)
class TwoStacksIT {
  private static final String SECOND = LocalCloud.STACK + "-blue";
  private static final String STATUS = "{\"cluster\":\"demo\",\"document\":\"status\",\"pollSeconds\":1}";

  private final LocalCloud cloud;
  private final Functions functions;

  TwoStacksIT(LocalCloud cloud) {
    this.cloud = cloud;
    this.functions = new Functions(cloud);
  }

  @BeforeEach
  void freshCluster() {
    cloud.reset(Twin.Spec.defaults());
  }

  /** The project's documents in moto: those of either stack. */
  private Set<String> documentsInMoto() {
    return cloud.clients().ssm.listDocumentsPaginator(b -> b.maxResults(50)).documentIdentifiers().stream()
        .map(DocumentIdentifier::name).filter(name -> name.startsWith(LocalCloud.STACK))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void aSecondStackGetsDocumentsOfItsOwnAndItsFunctionRunsThemBesideTheFirstStacks() {
    Set<String> deployed = Stream.concat(Stream.of(DocumentKind.values()).map(DocumentKind::logicalId),
        Stream.of("RunNodeCommandFunction")).collect(Collectors.toSet());

    CloudTemplate second = cloud.deployBeside(SECOND, deployed);

    Set<String> expected = new TreeSet<>();
    for (DocumentKind kind : DocumentKind.values()) {
      String first = cloud.documentName(kind);
      String other = second.resource(kind.logicalId()).ref();
      assertEquals(LocalCloud.documentName(LocalCloud.STACK, kind), first);
      assertEquals(LocalCloud.documentName(SECOND, kind), other);
      expected.add(first);
      expected.add(other);
    }
    assertEquals(2 * DocumentKind.values().length, expected.size(), "no name shared: " + expected);
    assertEquals(expected, documentsInMoto(), "both stacks' documents, created side by side");

    JsonNode mine = functions.run("RunNodeCommandFunction", STATUS);
    JsonNode theirs = functions.runNamed(second.resource("RunNodeCommandFunction").ref(), STATUS);

    assertEquals(cloud.documentName(DocumentKind.CONNECT_STATUS), mine.path("documentName").asText());
    assertEquals(SECOND + "-ConnectStatus", theirs.path("documentName").asText());
    assertTrue(mine.path("allSucceeded").asBoolean(), mine.toString());
    assertTrue(theirs.path("allSucceeded").asBoolean(), theirs.toString());
    assertEquals(mine.path("results").size(), theirs.path("results").size(), "both ran on every node");
    assertEquals(Set.of(cloud.documentName(DocumentKind.CONNECT_STATUS), SECOND + "-ConnectStatus"),
        cloud.twin().sentCommands().stream().map(c -> c.substring(0, c.indexOf(' '))).collect(Collectors.toSet()),
        "each stack's function sent its own stack's document");
  }
}
