package dev.connectha.json;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.connectha.model.ClusterDocument;
import java.time.LocalDate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {
  record Fields(String text, int count, Integer optionalCount, long big, double ratio, boolean flag, Boolean optionalFlag,
      TimeUnit unit, Instant at, LocalDate day, List<String> names, Map<String, String> byZone,
      @JsonDeserialize(using = IntegerFromText.class) Integer uid) {}

  private static final String VALID = "{\"text\":\"a\",\"count\":1,\"optionalCount\":2,\"big\":3,\"ratio\":0.5,\"flag\":true,"
      + "\"optionalFlag\":false,\"unit\":\"SECONDS\",\"at\":\"2026-11-30T12:00:00Z\",\"day\":\"2026-11-30\",\"names\":[\"x\"],"
      + "\"byZone\":{\"us-east-1a\":\"subnet-1\"},\"uid\":999}";

  private static Fields read(String json) throws JsonProcessingException {
    return Json.MAPPER.readValue(json, Fields.class);
  }

  /** {@code field}'s value in VALID replaced by {@code value} (raw JSON). */
  private static String with(String field, String value) {
    return VALID.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\[[^]]*]|\\{[^}]*}|[^,}]+)", "\"" + field + "\":" + value);
  }

  @Test
  void aWellTypedInputIsRead() throws Exception {
    Fields fields = read(VALID);
    assertAll(
        () -> assertEquals("a", fields.text()),
        () -> assertEquals(1, fields.count()),
        () -> assertEquals(TimeUnit.SECONDS, fields.unit()),
        () -> assertEquals(Instant.parse("2026-11-30T12:00:00Z"), fields.at()),
        () -> assertEquals(LocalDate.parse("2026-11-30"), fields.day()),
        () -> assertEquals(999, fields.uid()));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "text|5", "text|5.5", "text|true",
      "count|\"5\"", "count|\"\"", "count|5.7", "count|true",
      "optionalCount|\"5\"", "optionalCount|false",
      "big|\"5\"", "big|1.5", "big|true",
      "ratio|\"0.5\"", "ratio|true",
      "flag|\"true\"", "flag|1", "flag|0", "flag|1.0",
      "optionalFlag|\"false\"", "optionalFlag|0",
      "unit|0", "unit|true", "unit|1.5",
      "at|0", "at|1.5", "at|true",
      "day|5", "day|true",
      "names|[5]", "names|[true]",
      "byZone|{\"us-east-1a\":5}", "byZone|{\"us-east-1a\":false}",
      "uid|true", "uid|1.5", "uid|\"abc\"", "uid|\"1.5\""})
  void aScalarOfTheWrongTypeIsRefused(String field, String value) {
    String json = with(field, value);
    assertEquals(false, json.equals(VALID), "the field was replaced");
    assertThrows(JsonProcessingException.class, () -> read(json), json);
  }

  @Test
  void theClusterDocumentsUidsComeAsTheTemplatesSubWritesThem() throws Exception {
    String document = "{\"name\":\"demo\",\"dbInstanceId\":\"db\",\"fileSystemId\":\"fs-1\",\"desiredNodes\":2,"
        + "\"connectVersion\":\"2024.08.0\",\"connectUid\":\"%s\",\"connectGid\":%s}";
    ClusterDocument asText = Json.MAPPER.readValue(document.formatted("999", "\"998\""), ClusterDocument.class);
    ClusterDocument unset = Json.MAPPER.readValue(document.formatted("", "\"\""), ClusterDocument.class);
    ClusterDocument asNumbers = Json.MAPPER.readValue(document.formatted("999", "998").replace("\"999\"", "999"),
        ClusterDocument.class);
    assertAll(
        () -> assertEquals(999, asText.connectUid()),
        () -> assertEquals(998, asText.connectGid()),
        () -> assertNull(unset.connectUid()),
        () -> assertNull(unset.connectGid()),
        () -> assertEquals(999, asNumbers.connectUid()),
        () -> assertEquals(998, asNumbers.connectGid()),
        () -> assertThrows(JsonProcessingException.class,
            () -> Json.MAPPER.readValue(document.formatted("x1", "1"), ClusterDocument.class)),
        () -> assertThrows(JsonProcessingException.class,
            () -> Json.MAPPER.readValue(document.formatted("1", "true"), ClusterDocument.class)),
        () -> assertThrows(JsonProcessingException.class,
            () -> Json.MAPPER.readValue(document.formatted("1", "1").replace("\"desiredNodes\":2", "\"desiredNodes\":\"2\""),
                ClusterDocument.class), "only the UIDs are read from text"));
  }
}
