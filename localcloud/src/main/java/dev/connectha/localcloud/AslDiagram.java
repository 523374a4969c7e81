package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Mermaid flowchart of an ASL file, kept in the workflow's page under {@code docs/workflows/}
 * between two markers, so GitHub draws it. Tasks are boxes, Choices diamonds, Waits stadiums, Pass
 * states rounded boxes, Map states subgraphs holding their own states; a Catch is a dotted edge
 * labelled with what it catches. {@code AslDiagramTest} fails when a page's diagram no longer
 * matches its ASL; {@code main} rewrites them.
 */
public final class AslDiagram {
  static final String BEGIN = "<!-- diagram: generated from the ASL by AslDiagram; do not edit -->";
  static final String END = "<!-- end of diagram -->";

  private final List<String> lines = new ArrayList<>();
  private final Set<String> ids = new LinkedHashSet<>();

  private AslDiagram() {}

  /** The flowchart of one state machine definition, as a fenced Mermaid block. */
  public static String of(JsonNode definition) {
    AslDiagram diagram = new AslDiagram();
    diagram.lines.add("```mermaid");
    diagram.lines.add("flowchart TD");
    diagram.lines.add("  start((start)) --> " + id("", definition.path("StartAt").asText()));
    diagram.states("", definition.path("States"), "  ");
    diagram.lines.add("```");
    return String.join("\n", diagram.lines) + "\n";
  }

  private void states(String scope, JsonNode states, String indent) {
    for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode state = e.getValue();
      String id = id(scope, name);
      ids.add(id);
      String type = state.path("Type").asText();
      if (type.equals("Map") || type.equals("Parallel")) {
        lines.add(indent + "subgraph " + id + "[\"" + label(name) + " (" + type + ")\"]");
        lines.add(indent + "  direction TB");
        if (type.equals("Map")) {
          JsonNode processor = state.has("ItemProcessor") ? state.get("ItemProcessor") : state.path("Iterator");
          lines.add(indent + "  " + id + "_start(( )) --> " + id(id, processor.path("StartAt").asText()));
          states(id, processor.path("States"), indent + "  ");
        } else {
          int b = 0;
          for (JsonNode branch : state.path("Branches")) {
            String scopeB = id + "_b" + b++;
            lines.add(indent + "  " + scopeB + "_start(( )) --> " + id(scopeB, branch.path("StartAt").asText()));
            states(scopeB, branch.path("States"), indent + "  ");
          }
        }
        lines.add(indent + "end");
      } else {
        lines.add(indent + id + shape(type, name));
      }
      edges(scope, id, state, indent);
    }
  }

  private void edges(String scope, String id, JsonNode state, String indent) {
    if (state.has("Next")) {
      lines.add(indent + id + " --> " + id(scope, state.get("Next").asText()));
    }
    for (JsonNode choice : state.path("Choices")) {
      lines.add(indent + id + " -->|" + label(condition(choice)) + "| " + id(scope, choice.path("Next").asText()));
    }
    if (state.has("Default")) {
      lines.add(indent + id + " -->|otherwise| " + id(scope, state.get("Default").asText()));
    }
    for (JsonNode c : state.path("Catch")) {
      List<String> errors = new ArrayList<>();
      c.path("ErrorEquals").forEach(e -> errors.add(e.asText().replaceFirst("^dev\\.connectha\\.errors\\.", "")));
      lines.add(indent + id + " -.->|" + label(String.join(", ", errors)) + "| " + id(scope, c.path("Next").asText()));
    }
    if (state.path("End").asBoolean(false) && scope.isEmpty()) {
      lines.add(indent + id + " --> finish((end))");
    }
  }

  /** A short label of a Choice rule: its variable and test (the first of a compound rule, with "…"). */
  private static String condition(JsonNode rule) {
    for (String compound : List.of("And", "Or", "Not")) {
      if (rule.has(compound)) {
        JsonNode inner = rule.get(compound);
        JsonNode first = inner.isArray() ? inner.get(0) : inner;
        return (compound.equals("Not") ? "not " : "") + condition(first) + (inner.isArray() && inner.size() > 1 ? " …" : "");
      }
    }
    String variable = rule.path("Variable").asText("?");
    for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
      String test = it.next();
      if (!test.equals("Variable") && !test.equals("Next")) {
        return variable + " " + test + " " + rule.get(test).asText();
      }
    }
    return variable;
  }

  private static String shape(String type, String name) {
    String text = "\"" + label(name) + "\"";
    return switch (type) {
      case "Choice" -> "{" + text + "}";
      case "Wait" -> "([" + text + "])";
      case "Pass" -> "(" + text + ")";
      case "Succeed", "Fail" -> "(((" + text + ")))";
      default -> "[" + text + "]";
    };
  }

  private static String label(String text) {
    return text.replace("\"", "'").replace("|", "/").replace("$", "");
  }

  private static String id(String scope, String name) {
    String plain = name.replaceAll("[^A-Za-z0-9]", "_");
    return scope.isEmpty() ? plain : scope + "__" + plain;
  }

  /** The page of a workflow with its diagram replaced (or added after its first paragraph's heading). */
  static String withDiagram(String page, String diagram) {
    String block = BEGIN + "\n" + diagram + END;
    int begin = page.indexOf(BEGIN);
    if (begin >= 0) {
      int end = page.indexOf(END, begin);
      return page.substring(0, begin) + block + page.substring(end + END.length());
    }
    int steps = page.indexOf("\n## ");
    int at = steps < 0 ? page.length() : steps + 1;
    return page.substring(0, at) + "## Diagram\n\n" + block + "\n\n" + page.substring(at);
  }

  /** The diagram kept in a page, or empty when it has none. */
  static String diagramIn(String page) {
    int begin = page.indexOf(BEGIN);
    int end = page.indexOf(END);
    return begin < 0 || end < 0 ? "" : page.substring(begin + BEGIN.length() + 1, end);
  }

  /** Each ASL file and its workflow page. */
  static Map<Path, Path> pages(Path root) {
    try (Stream<Path> files = Files.list(root.resolve("statemachines"))) {
      return files.filter(f -> f.getFileName().toString().endsWith(".asl.json")).sorted()
          .collect(java.util.stream.Collectors.toMap(f -> f, f -> root.resolve("docs/workflows")
              .resolve(f.getFileName().toString().replace(".asl.json", ".md")), (a, b) -> a, java.util.LinkedHashMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode read(Path asl) {
    try {
      return Json.MAPPER.readTree(asl.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Rewrites every workflow page's diagram from its ASL file. */
  public static void main(String[] args) throws IOException {
    Path root = args.length > 0 ? Path.of(args[0]) : LocalCloud.projectRoot();
    for (Map.Entry<Path, Path> e : pages(root).entrySet()) {
      String page = Files.readString(e.getValue());
      String updated = withDiagram(page, of(read(e.getKey())));
      if (!updated.equals(page)) {
        Files.writeString(e.getValue(), updated);
        System.out.println("updated " + root.relativize(e.getValue()));
      }
    }
  }
}
