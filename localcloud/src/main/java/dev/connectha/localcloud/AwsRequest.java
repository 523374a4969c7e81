package dev.connectha.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One AWS API request as the gateway sees it, with the service (from the SigV4 credential scope)
 * and the action (from {@code X-Amz-Target}, the query {@code Action}, or the REST path).
 */
public record AwsRequest(String method, String path, String query, Map<String, List<String>> headers, byte[] body,
    String service, String action) {
  private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/[0-9]+/[^/]+/([^/]+)/aws4_request");
  private static final Pattern REGION = Pattern.compile("Credential=[^/]+/[0-9]+/([^/]+)/[^/]+/aws4_request");
  private static final Pattern LAMBDA_INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");

  public static AwsRequest of(String method, String path, String query, Map<String, List<String>> headers, byte[] body) {
    String service = "unknown";
    Matcher scope = SCOPE.matcher(header(headers, "authorization"));
    if (scope.find()) {
      service = scope.group(1);
    }
    String target = header(headers, "x-amz-target");
    String action;
    if (!target.isEmpty()) {
      action = target.substring(target.indexOf('.') + 1);
    } else if (header(headers, "content-type").startsWith("application/x-www-form-urlencoded")) {
      action = form(body).getOrDefault("Action", "");
    } else if (LAMBDA_INVOKE.matcher(path).matches()) {
      action = "Invoke";
    } else {
      action = method + " " + restPath(path);
    }
    return new AwsRequest(method, path, query, headers, body, service, action);
  }

  /** A REST path with its ids and ARNs replaced, so that calls count (and faults match) per operation. */
  static String restPath(String path) {
    return path.replaceAll("/(fs|fsmt|i)-[0-9a-f]+", "/{id}")
        .replaceAll("/[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?=/|$)", "/{id}")
        .replaceAll("/arn(:|%3A|%3a)[^/]*", "/{arn}");
  }

  /** The region in the SigV4 credential scope ({@code Credential=KEY/DATE/REGION/SERVICE/aws4_request}), or "". */
  public String region() {
    Matcher m = REGION.matcher(header("authorization"));
    return m.find() ? m.group(1) : "";
  }

  static String header(Map<String, List<String>> headers, String name) {
    for (var e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return "";
  }

  public String header(String name) {
    return header(headers, name);
  }

  public boolean jsonProtocol() {
    return !header("x-amz-target").isEmpty();
  }

  public boolean queryProtocol() {
    return header("content-type").startsWith("application/x-www-form-urlencoded");
  }

  public Map<String, String> form() {
    return form(body);
  }

  public JsonNode json() {
    try {
      return Json.MAPPER.readTree(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Lambda function named in an Invoke path, or null. */
  public String invokedFunction() {
    Matcher m = LAMBDA_INVOKE.matcher(path);
    return m.matches() ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
  }

  /**
   * The query string's parameters, percent-decoded. A {@code +} in a value stays a {@code +}: the
   * SDKs encode a space in a REST query as {@code %20}, and a {@code +} (in an ARN, a token) as itself.
   */
  public Map<String, String> queryParameters() {
    return pairs(query == null ? "" : query, true);
  }

  private static Map<String, String> form(byte[] body) {
    return pairs(new String(body, StandardCharsets.UTF_8), false);
  }

  private static Map<String, String> pairs(String text, boolean keepPlus) {
    Map<String, String> params = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return params;
    }
    for (String pair : text.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(key, URLDecoder.decode(keepPlus ? value.replace("+", "%2B") : value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
