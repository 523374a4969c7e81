package dev.connectha.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Consumer;

/**
 * The one configured ObjectMapper.
 *
 * <p>A scalar of the wrong type is a malformed input, not something to guess at: a number or a
 * boolean where a string is expected, a string, boolean or fraction where a number is, a number or
 * string where a boolean is, a number where an enum's name or an ISO-8601 instant or date is.
 * Jackson would coerce most of them (5 into "5", "5" into 5, 1 into true, 5.7 into 5, 0 into the
 * epoch); here they fail, and a handler reports them as
 * InvalidInputException. A field that legitimately comes as text, such as the cluster document's
 * UIDs filled in by a CloudFormation {@code !Sub}, says so with its own conversion
 * ({@link IntegerFromText}).
 */
public final class Json {
  private Json() {}

  /** A coercion config that fails every input of these shapes. */
  private static Consumer<MutableCoercionConfig> refuse(CoercionInputShape... shapes) {
    return config -> {
      for (CoercionInputShape shape : shapes) {
        config.setCoercion(shape, CoercionAction.Fail);
      }
    };
  }

  /** {@code delegate}, for a JSON string only: any other token is a wrong-type input. */
  private static final class TextOnly<T> extends StdDeserializer<T> {
    private final JsonDeserializer<? extends T> delegate;

    TextOnly(Class<T> type, JsonDeserializer<? extends T> delegate) {
      super(type);
      this.delegate = delegate;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (T) ctxt.handleUnexpectedToken(handledType(), p);
      }
      return delegate.deserialize(p, ctxt);
    }
  }

  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      // wrong-type scalars fail (see above)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .withCoercionConfig(LogicalType.Textual, refuse(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean))
      .withCoercionConfig(LogicalType.Integer, refuse(CoercionInputShape.String, CoercionInputShape.EmptyString,
          CoercionInputShape.Float, CoercionInputShape.Boolean))
      .withCoercionConfig(LogicalType.Float, refuse(CoercionInputShape.String, CoercionInputShape.EmptyString,
          CoercionInputShape.Boolean))
      .withCoercionConfig(LogicalType.Boolean, refuse(CoercionInputShape.String, CoercionInputShape.EmptyString,
          CoercionInputShape.Integer, CoercionInputShape.Float))
      .withCoercionConfig(LogicalType.Enum, refuse(CoercionInputShape.Integer, CoercionInputShape.EmptyString))
      // java.time's deserializers take epoch numbers without asking the coercion configs: the
      // instants and dates of the control plane's records are ISO-8601 text, and only text
      .addModule(new SimpleModule("text-only-dates")
          .addDeserializer(Instant.class, new TextOnly<>(Instant.class, InstantDeserializer.INSTANT))
          .addDeserializer(LocalDate.class, new TextOnly<>(LocalDate.class, LocalDateDeserializer.INSTANCE)))
      .build();
}
