package dev.connectha.ports;

import java.time.Instant;
import java.util.List;

/** ARC zonal shifts of a load balancer: moving its traffic away from one Availability Zone for a while. */
public interface ZonalShifts {
  /**
   * One zonal shift.
   *
   * @param id        ARC's zonal shift id
   * @param resource  the load balancer's ARN
   * @param awayFrom  the Availability Zone id traffic is moved away from (e.g. use1-az1)
   * @param comment   what the shift's starter wrote
   * @param expiresAt when ARC ends it by itself
   */
  record Shift(String id, String resource, String awayFrom, String comment, Instant expiresAt) {}

  /** Starts a shift of {@code resourceArn} away from zone id {@code awayFrom} for {@code expiresIn} (ARC's 30m/6h form). */
  Shift start(String resourceArn, String awayFrom, String expiresIn, String comment);

  /** The active shifts of {@code resourceArn}, whoever started them. */
  List<Shift> active(String resourceArn);

  /** Ends a shift before its expiry. */
  void cancel(String zonalShiftId);
}
