package dev.connectha.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What ShiftTraffic did.
 *
 * @param shifted   true: a zonal shift moves the load balancer's traffic away from the zone (started now or already)
 * @param az        the zone's name
 * @param zoneId    the zone's id, as ARC names it (null when unknown)
 * @param shiftId   ARC's zonal shift id (null when none)
 * @param expiresAt when ARC ends the shift by itself (null when none)
 * @param reason    one sentence for the summary
 */
public record ShiftReport(boolean shifted, String az, @JsonInclude(JsonInclude.Include.ALWAYS) String zoneId,
    @JsonInclude(JsonInclude.Include.ALWAYS) String shiftId, @JsonInclude(JsonInclude.Include.ALWAYS) String expiresAt,
    String reason) {
  static ShiftReport notShifted(String az, String zoneId, String reason) {
    return new ShiftReport(false, az, zoneId, null, null, reason);
  }
}
