package dev.connectha.aws;

import dev.connectha.ports.ZonalShifts;
import java.util.List;
import javax.inject.Inject;
import software.amazon.awssdk.services.arczonalshift.ArcZonalShiftClient;
import software.amazon.awssdk.services.arczonalshift.model.StartZonalShiftResponse;
import software.amazon.awssdk.services.arczonalshift.model.ZonalShiftStatus;

/** Zonal shifts through ARC's API (moto has none; the local cloud's twin serves it). */
public final class ArcZonalShifts implements ZonalShifts {
  private final ArcZonalShiftClient arc;

  @Inject
  public ArcZonalShifts(ArcZonalShiftClient arc) {
    this.arc = arc;
  }

  @Override
  public Shift start(String resourceArn, String awayFrom, String expiresIn, String comment) {
    StartZonalShiftResponse r = AwsCalls.call("start a zonal shift of " + resourceArn + " away from " + awayFrom,
        () -> arc.startZonalShift(b -> b.resourceIdentifier(resourceArn).awayFrom(awayFrom).expiresIn(expiresIn)
            .comment(comment)));
    return new Shift(r.zonalShiftId(), r.resourceIdentifier(), r.awayFrom(), r.comment(), r.expiryTime());
  }

  @Override
  public List<Shift> active(String resourceArn) {
    return AwsCalls.call("list the zonal shifts of " + resourceArn, () -> arc.listZonalShiftsPaginator(b -> b
            .resourceIdentifier(resourceArn).status(ZonalShiftStatus.ACTIVE)).items().stream()
        .map(s -> new Shift(s.zonalShiftId(), s.resourceIdentifier(), s.awayFrom(), s.comment(), s.expiryTime()))
        .toList());
  }

  @Override
  public void cancel(String zonalShiftId) {
    AwsCalls.call("cancel zonal shift " + zonalShiftId, () -> arc.cancelZonalShift(b -> b.zonalShiftId(zonalShiftId)));
  }
}
