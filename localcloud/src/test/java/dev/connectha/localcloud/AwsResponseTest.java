package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AwsResponseTest {
  private static final String MESSAGE = "could not create \"fs\" <now> & \\ later\nagain";

  private static AwsRequest request(Map<String, List<String>> headers) {
    return AwsRequest.of("POST", "/", null, headers, new byte[0]);
  }

  @Test
  void aRestJsonErrorMessageIsEscapedIntoValidJson() throws Exception {
    AwsResponse response = AwsResponse.error(request(Map.of()), 400, "ResourceNotFoundException", MESSAGE);

    JsonNode body = Json.MAPPER.readTree(response.body());
    assertEquals(MESSAGE, body.path("Message").asText());
    assertEquals("ResourceNotFoundException", response.headers().get("x-amzn-ErrorType"));
  }

  @Test
  void aJsonProtocolErrorMessageIsEscapedIntoValidJson() throws Exception {
    AwsResponse response = AwsResponse.error(request(Map.of("X-Amz-Target", List.of("AmazonSSM.GetParameter"))), 400,
        "ParameterNotFound", MESSAGE);

    assertEquals(MESSAGE, Json.MAPPER.readTree(response.body()).path("message").asText());
  }

  @Test
  void aQueryProtocolErrorMessageIsEscapedIntoXml() {
    AwsResponse response = AwsResponse.error(request(Map.of("Content-Type",
        List.of("application/x-www-form-urlencoded; charset=utf-8"))), 400, "InvalidDBSnapshotState", MESSAGE);

    String xml = new String(response.body(), StandardCharsets.UTF_8);
    assertTrue(xml.contains("<Message>could not create \"fs\" &lt;now&gt; &amp; \\ later\nagain</Message>"), xml);
  }
}
