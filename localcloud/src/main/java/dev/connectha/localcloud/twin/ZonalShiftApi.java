package dev.connectha.localcloud.twin;

import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.localcloud.AwsClients;
import dev.connectha.localcloud.AwsRequest;
import dev.connectha.localcloud.AwsResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;

/**
 * ARC's zonal shift API, which moto does not have, in its REST-JSON protocol: StartZonalShift
 * ({@code POST /zonalshifts}), ListZonalShifts ({@code GET /zonalshifts}) and CancelZonalShift
 * ({@code DELETE /zonalshifts/{id}}). As ARC does, it refuses a resource that is
 * not a load balancer moto has (ResourceNotFoundException), a zone id the region does not have or
 * an expiry outside 1 minute to 3 days (ValidationException), and a second active shift of one
 * resource (ConflictException); a shift ends at its expiry or when cancelled. Traffic itself is not
 * moved: the twin's target health does not depend on it.
 */
public final class ZonalShiftApi {
  private static final Pattern EXPIRES_IN = Pattern.compile("([1-9][0-9]*)([mh])");
  private static final Duration LONGEST = Duration.ofDays(3);

  /** One shift as the twin keeps it. */
  public record Shift(String id, String resource, String awayFrom, String comment, Instant start, Instant expiry,
      String status) {
    boolean active(Instant now) {
      return status.equals("ACTIVE") && now.isBefore(expiry);
    }

    Map<String, Object> json(Instant now) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("zonalShiftId", id);
      body.put("resourceIdentifier", resource);
      body.put("awayFrom", awayFrom);
      body.put("comment", comment);
      body.put("startTime", start.getEpochSecond());
      body.put("expiryTime", expiry.getEpochSecond());
      body.put("status", status.equals("ACTIVE") && !now.isBefore(expiry) ? "EXPIRED" : status);
      return body;
    }
  }

  private final AwsClients moto;
  private final Map<String, Shift> shifts = new LinkedHashMap<>();

  ZonalShiftApi(AwsClients moto) {
    this.moto = moto;
  }

  synchronized void reset() {
    shifts.clear();
  }

  /** The shifts active now, oldest first. */
  public synchronized List<Shift> active() {
    Instant now = Instant.now();
    return shifts.values().stream().filter(s -> s.active(now)).toList();
  }

  /** Answers {@code arc-zonal-shift} requests; everything else goes on. */
  public Optional<AwsResponse> handle(AwsRequest request) {
    if (!request.service().equals("arc-zonal-shift")) {
      return Optional.empty();
    }
    String path = request.path();
    String method = request.method();
    synchronized (this) {
      if (path.equals("/zonalshifts") && method.equals("POST")) {
        return Optional.of(start(request));
      }
      if (path.equals("/zonalshifts") && method.equals("GET")) {
        return Optional.of(list(request));
      }
      if (path.startsWith("/zonalshifts/") && method.equals("DELETE")) {
        return Optional.of(cancel(request, path.substring("/zonalshifts/".length())));
      }
      return Optional.of(AwsResponse.error(request, 400, "ValidationException", "the twin serves StartZonalShift,"
          + " ListZonalShifts and CancelZonalShift only, not " + method + " " + path));
    }
  }

  private AwsResponse start(AwsRequest request) {
    JsonNode body = request.json();
    String resource = body.path("resourceIdentifier").asText("");
    String awayFrom = body.path("awayFrom").asText("");
    String expiresIn = body.path("expiresIn").asText("");
    String comment = body.path("comment").asText("");
    Matcher expiry = EXPIRES_IN.matcher(expiresIn);
    if (!expiry.matches()) {
      return AwsResponse.error(request, 400, "ValidationException", "expiresIn must be minutes or hours: " + expiresIn);
    }
    long amount = Long.parseLong(expiry.group(1));
    Duration duration = expiry.group(2).equals("m") ? Duration.ofMinutes(amount) : Duration.ofHours(amount);
    if (duration.compareTo(Duration.ofMinutes(1)) < 0 || duration.compareTo(LONGEST) > 0) {
      return AwsResponse.error(request, 400, "ValidationException", "expiresIn must be between 1 minute and 3 days");
    }
    if (comment.length() > 128) {
      return AwsResponse.error(request, 400, "ValidationException", "comment is longer than 128 characters");
    }
    if (!loadBalancerExists(resource)) {
      return AwsResponse.error(request, 404, "ResourceNotFoundException", "no managed resource " + resource);
    }
    if (!zoneIds().contains(awayFrom)) {
      return AwsResponse.error(request, 400, "ValidationException", awayFrom + " is not an Availability Zone of the region");
    }
    Instant now = Instant.now();
    if (shifts.values().stream().anyMatch(s -> s.resource().equals(resource) && s.active(now))) {
      return AwsResponse.error(request, 409, "ConflictException", "a zonal shift of " + resource + " is active already");
    }
    Shift shift = new Shift(UUID.randomUUID().toString(), resource, awayFrom, comment, now, now.plus(duration), "ACTIVE");
    shifts.put(shift.id(), shift);
    return created(shift.json(now));
  }

  private AwsResponse list(AwsRequest request) {
    Map<String, String> query = request.queryParameters();
    String resource = query.get("resourceIdentifier");
    String status = query.get("status");
    Instant now = Instant.now();
    List<Map<String, Object>> items = new ArrayList<>();
    for (Shift shift : shifts.values()) {
      Map<String, Object> json = shift.json(now);
      if ((resource == null || resource.equals(shift.resource())) && (status == null || status.equals(json.get("status")))) {
        items.add(json);
      }
    }
    return rest(Map.of("items", items));
  }

  private AwsResponse cancel(AwsRequest request, String id) {
    Shift shift = shifts.get(id);
    Instant now = Instant.now();
    if (shift == null) {
      return AwsResponse.error(request, 404, "ResourceNotFoundException", "no zonal shift " + id);
    }
    if (!shift.active(now)) {
      return AwsResponse.error(request, 409, "ConflictException", "zonal shift " + id + " is not active");
    }
    Shift cancelled = new Shift(shift.id(), shift.resource(), shift.awayFrom(), shift.comment(), shift.start(), shift.expiry(),
        "CANCELED");
    shifts.put(id, cancelled);
    return rest(cancelled.json(now));
  }

  private boolean loadBalancerExists(String arn) {
    if (!arn.contains(":loadbalancer/")) {
      return false;
    }
    try {
      return !moto.elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers().isEmpty();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private List<String> zoneIds() {
    return moto.ec2.describeAvailabilityZones().availabilityZones().stream().map(AvailabilityZone::zoneId).toList();
  }

  private static AwsResponse rest(Object body) {
    AwsResponse json = AwsResponse.json(body);
    return new AwsResponse(200, Map.of("Content-Type", "application/json"), json.body());
  }

  private static AwsResponse created(Object body) {
    AwsResponse json = AwsResponse.json(body);
    return new AwsResponse(201, Map.of("Content-Type", "application/json"), json.body());
  }
}
