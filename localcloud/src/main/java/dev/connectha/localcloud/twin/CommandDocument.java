package dev.connectha.localcloud.twin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SSM Command document as the twin runs it: its runShellScript lines as one script, and its
 * parameters. {@link #render} does what SSM does before a node sees the script: checks the
 * parameters sent against the document's (unknown ones, missing ones without a default, values
 * that do not match {@code allowedPattern}) and puts each value where the script says
 * {@code {{ name }}}.
 */
public record CommandDocument(String script, Map<String, Parameter> parameters) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*\\}\\}");

  /** One declared parameter: its allowedPattern (null: any) and default (null: required). */
  public record Parameter(String allowedPattern, String defaultValue) {}

  public CommandDocument {
    parameters = Map.copyOf(parameters);
  }

  /** A document without parameters. */
  public static CommandDocument of(String script) {
    return new CommandDocument(script, Map.of());
  }

  /** The document of an {@code AWS::SSM::Document} resource's properties, as template.yaml gives them. */
  public static CommandDocument of(JsonNode documentProperties) {
    JsonNode content = documentProperties.path("Content");
    StringBuilder script = new StringBuilder();
    for (JsonNode step : content.path("mainSteps")) {
      step.path("inputs").path("runCommand").forEach(line -> script.append(line.asText()).append('\n'));
    }
    Map<String, Parameter> parameters = new LinkedHashMap<>();
    content.path("parameters").fields().forEachRemaining(p -> parameters.put(p.getKey(), new Parameter(
        p.getValue().path("allowedPattern").asText(null), p.getValue().path("default").asText(null))));
    return new CommandDocument(script.toString(), parameters);
  }

  /**
   * The script a node runs for {@code sent} (SendCommand's {@code Parameters}), or an
   * {@link IllegalArgumentException} with SSM's reason (it answers {@code InvalidParameters}).
   */
  public String render(Map<String, List<String>> sent) {
    for (String name : sent.keySet()) {
      if (!parameters.containsKey(name)) {
        throw new IllegalArgumentException("parameter \"" + name + "\" is not defined in the document");
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    parameters.forEach((name, p) -> {
      List<String> given = sent.get(name);
      String value;
      if (given == null || given.isEmpty()) {
        if (p.defaultValue() == null) {
          throw new IllegalArgumentException("parameter \"" + name + "\" is required");
        }
        value = p.defaultValue();
      } else if (given.size() > 1) {
        throw new IllegalArgumentException("parameter \"" + name + "\" is a String: one value, not " + given.size());
      } else {
        value = given.get(0);
      }
      if (p.allowedPattern() != null && (value == null || !Pattern.compile(p.allowedPattern()).matcher(value).find())) {
        throw new IllegalArgumentException("parameter \"" + name + "\" value \"" + value
            + "\" does not match the allowed pattern " + p.allowedPattern());
      }
      values.put(name, value);
    });
    Matcher m = PLACEHOLDER.matcher(script);
    StringBuilder rendered = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      m.appendReplacement(rendered, Matcher.quoteReplacement(value != null ? value : m.group()));
    }
    m.appendTail(rendered);
    return rendered.toString();
  }
}
