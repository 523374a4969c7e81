package dev.connectha.model;

import dev.connectha.errors.InvalidInputException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether remediation shifts the cluster's load balancer away from an impaired Availability Zone
 * with an ARC zonal shift, and for how long at most. ARC needs the load balancer registered with it
 * (an ALB or NLB, cross-zone load balancing off) and takes an expiry from 1 minute to 3 days, written
 * {@code <minutes>m} or {@code <hours>h}. Remediation cancels its shift when the zone recovers; the
 * expiry is the bound if that is never seen.
 *
 * @param enabled   true: shift; false or absent: never
 * @param expiresIn ARC's {@code expiresIn}, default {@value #DEFAULT_EXPIRES_IN}
 */
public record ZonalShiftPolicy(boolean enabled, String expiresIn) {
  public static final String DEFAULT_EXPIRES_IN = "6h";
  private static final Pattern EXPIRY = Pattern.compile("([1-9][0-9]{0,4})([mh])");
  private static final Duration LONGEST = Duration.ofDays(3);
  /** Never shift (a document without {@code zonalShift}). */
  public static final ZonalShiftPolicy OFF = new ZonalShiftPolicy(false, DEFAULT_EXPIRES_IN);

  public ZonalShiftPolicy {
    expiresIn = expiresIn == null || expiresIn.isBlank() ? DEFAULT_EXPIRES_IN : expiresIn;
    Matcher m = EXPIRY.matcher(expiresIn);
    if (!m.matches()) {
      throw new InvalidInputException("zonalShift.expiresIn must be minutes or hours as ARC writes them (30m, 6h), not '"
          + expiresIn + "'");
    }
    long amount = Long.parseLong(m.group(1));
    Duration duration = m.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofHours(amount);
    if (duration.compareTo(LONGEST) > 0) {
      throw new InvalidInputException("zonalShift.expiresIn " + expiresIn + " is longer than the 3 days ARC allows");
    }
  }
}
