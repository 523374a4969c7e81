package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PerRegionTest {
  private final List<String> built = new ArrayList<>();
  private final PerRegion<String> clients = new PerRegion<>("us-east-1", "home client", region -> {
    built.add(region);
    return "client in " + region;
  });

  @Test
  void theHomeRegionUsesTheFunctionsOwnClient() {
    assertEquals("us-east-1", clients.homeRegion());
    assertEquals("home client", clients.home());
    assertEquals("home client", clients.in("us-east-1"));
    assertEquals(List.of(), built);
  }

  @Test
  void anotherRegionsClientIsBuiltOnceOnFirstUse() {
    String first = clients.in("us-west-2");
    String second = clients.in("us-west-2");

    assertEquals("client in us-west-2", first);
    assertSame(first, second);
    assertEquals(List.of("us-west-2"), built);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "mars-1", "US-EAST-1", "us-east", "us_east_1", "us-east-1a"})
  void aMalformedRegionIsInvalidInputAndBuildsNothing(String region) {
    assertThrows(InvalidInputException.class, () -> clients.in(region));
    assertEquals(List.of(), built);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"eu-central-1", "ap-southeast-2", "us-gov-west-1", "il-central-1", "ca-west-1"})
  void acceptsAwsRegionNames(String region) {
    assertEquals(region, PerRegion.requireRegion(region));
  }
}
