package dev.connectha.localcloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.connectha.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/** A response the gateway writes back, in the protocol of the service that was called. */
public record AwsResponse(int status, Map<String, String> headers, byte[] body) {

  public static AwsResponse json(Object value) {
    try {
      return new AwsResponse(200, Map.of("Content-Type", "application/x-amz-json-1.1"), Json.MAPPER.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static AwsResponse xml(String xml) {
    return new AwsResponse(200, Map.of("Content-Type", "text/xml"), xml.getBytes(StandardCharsets.UTF_8));
  }

  /** An AWS error in the request's own protocol (JSON, query/XML or REST-JSON). */
  public static AwsResponse error(AwsRequest request, int status, String code, String text) {
    String requestId = UUID.randomUUID().toString();
    // messages may quote what the caller sent (ARNs, names, SDK messages): escape them for the body
    String message = request.queryProtocol()
        ? text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        : text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    if (request.jsonProtocol()) {
      String body = "{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}";
      return new AwsResponse(status, Map.of("Content-Type", "application/x-amz-json-1.1", "x-amzn-ErrorType", code,
          "x-amzn-RequestId", requestId),
          body.getBytes(StandardCharsets.UTF_8));
    }
    if (request.queryProtocol()) {
      String xml = request.service().equals("ec2")
          ? "<Response><Errors><Error><Code>" + code + "</Code><Message>" + message + "</Message></Error></Errors><RequestID>"
              + requestId + "</RequestID></Response>"
          : "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
              + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
      return new AwsResponse(status, Map.of("Content-Type", "text/xml", "x-amzn-RequestId", requestId),
          xml.getBytes(StandardCharsets.UTF_8));
    }
    String body = "{\"ErrorCode\":\"" + code + "\",\"Message\":\"" + message + "\",\"message\":\"" + message + "\"}";
    return new AwsResponse(status, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", code,
        "x-amzn-RequestId", requestId),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
