package dev.connectha.aws;

import dev.connectha.errors.InvalidInputException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One SDK client of a service per region: the home region's is the function's own client, others
 * are built on first use with the same HTTP client, credentials and endpoint override (see
 * {@code AwsModule}). Copies to a DR region, and work on them there, go through this.
 */
public final class PerRegion<C> {
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  private final String home;
  private final Function<String, C> factory;
  private final Map<String, C> clients = new ConcurrentHashMap<>();

  public PerRegion(String home, C homeClient, Function<String, C> factory) {
    this.home = requireRegion(home);
    this.factory = factory;
    clients.put(home, homeClient);
  }

  /** The function's own region. */
  public String homeRegion() {
    return home;
  }

  /** The client of the home region. */
  public C home() {
    return clients.get(home);
  }

  /** The client of {@code region}, built once. */
  public C in(String region) {
    return clients.computeIfAbsent(requireRegion(region), factory);
  }

  /** Returns {@code region} if it looks like an AWS region ({@code us-west-2}), else {@link InvalidInputException}. */
  public static String requireRegion(String region) {
    if (region == null || !REGION.matcher(region).matches()) {
      throw new InvalidInputException("not an AWS region: " + (region == null ? "(missing)" : "'" + region + "'"));
    }
    return region;
  }
}
