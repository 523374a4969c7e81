package dev.connectha.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;

/**
 * An integer field that may also come as decimal digits in a string, and as an empty string for
 * "not set" (null): what a CloudFormation {@code !Sub} produces from a String template parameter,
 * e.g. the cluster document's {@code "connectUid":"${ConnectUid}"}. Declared on the field
 * ({@code @JsonDeserialize(using = IntegerFromText.class)}), so that the shared mapper can refuse
 * every other string where a number is expected. Anything else (a fraction, a boolean, other text)
 * is refused.
 */
public final class IntegerFromText extends StdDeserializer<Integer> {
  public IntegerFromText() {
    super(Integer.class);
  }

  @Override
  public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      return p.getIntValue();
    }
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      String text = p.getText().strip();
      if (text.isEmpty()) {
        return null;
      }
      if (text.matches("-?[0-9]{1,10}")) {
        try {
          return Integer.valueOf(text);
        } catch (NumberFormatException e) {
          return (Integer) ctxt.handleWeirdStringValue(Integer.class, text, "not an int");
        }
      }
      return (Integer) ctxt.handleWeirdStringValue(Integer.class, text, "not decimal digits");
    }
    return (Integer) ctxt.handleUnexpectedToken(Integer.class, p);
  }

  /** An empty string is "not set". */
  @Override
  public Integer getNullValue(DeserializationContext ctxt) {
    return null;
  }
}
