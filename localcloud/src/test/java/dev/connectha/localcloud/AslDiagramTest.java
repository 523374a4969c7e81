package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each workflow page's Mermaid diagram is the one its ASL file gives today. */
class AslDiagramTest {
  private static final Path ROOT = LocalCloud.projectRoot();

  static Stream<Arguments> workflows() {
    return AslDiagram.pages(ROOT).entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("workflows")
  void everyWorkflowPageShowsTheDiagramOfItsCurrentAsl(Path asl, Path page) throws Exception {
    assertTrue(Files.exists(page), page + " is missing: every workflow has a page in docs/workflows/");

    String kept = AslDiagram.diagramIn(Files.readString(page));

    assertEquals(AslDiagram.of(AslDiagram.read(asl)), kept, ROOT.relativize(page) + " shows a stale diagram of "
        + ROOT.relativize(asl) + ": run ./localcloud/run diagrams");
  }

  @Test
  void aDiagramDrawsEveryStateEdgeAndCatchOfTheAsl() throws Exception {
    JsonNode asl = Json.MAPPER.readTree("""
        {"StartAt": "Work", "States": {
          "Work": {"Type": "Task", "Resource": "x", "Next": "Done?",
                   "Catch": [{"ErrorEquals": ["dev.connectha.errors.UnsafeToProceedException"], "Next": "Failed"}]},
          "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.ok", "BooleanEquals": true, "Next": "Each"}], "Default": "Work"},
          "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "One", "States": {"One": {"Type": "Pass", "End": true}}}, "End": true},
          "Failed": {"Type": "Fail"}}}""");

    String diagram = AslDiagram.of(asl);

    for (String expected : new String[] {"start((start)) --> Work", "Work[\"Work\"]", "Work --> Done_",
        "Done_{\"Done?\"}", "Done_ -->|.ok BooleanEquals true| Each", "Done_ -->|otherwise| Work",
        "Work -.->|UnsafeToProceedException| Failed", "subgraph Each[\"Each (Map)\"]", "Each__One(\"One\")",
        "Each_start(( )) --> Each__One", "Each --> finish((end))", "Failed(((\"Failed\")))"}) {
      assertTrue(diagram.contains(expected), expected + " in\n" + diagram);
    }
  }

  @Test
  void rewritingAPageReplacesOnlyItsDiagram() {
    String page = "# w\n\nintro\n\n## Input\n\nx\n";

    String once = AslDiagram.withDiagram(page, "```mermaid\nA\n```\n");
    String twice = AslDiagram.withDiagram(once, "```mermaid\nB\n```\n");

    assertEquals("```mermaid\nB\n```\n", AslDiagram.diagramIn(twice));
    assertTrue(twice.startsWith("# w\n\nintro\n\n## Diagram\n\n"), twice);
    assertTrue(twice.endsWith("## Input\n\nx\n"), twice);
  }
}
