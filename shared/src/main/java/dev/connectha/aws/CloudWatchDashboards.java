package dev.connectha.aws;

import dev.connectha.ports.Dashboards;
import java.util.Optional;
import javax.inject.Inject;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.DashboardNotFoundErrorException;

/** CloudWatch dashboards (GetDashboard, PutDashboard). */
public final class CloudWatchDashboards implements Dashboards {
  private final CloudWatchClient cloudWatch;

  @Inject
  public CloudWatchDashboards(CloudWatchClient cloudWatch) {
    this.cloudWatch = cloudWatch;
  }

  @Override
  public Optional<String> body(String name) {
    return AwsCalls.call("get dashboard " + name, () -> {
      try {
        return Optional.of(cloudWatch.getDashboard(r -> r.dashboardName(name)).dashboardBody());
      } catch (DashboardNotFoundErrorException absent) { // error code ResourceNotFound
        return Optional.empty();
      }
    });
  }

  @Override
  public void put(String name, String body) {
    AwsCalls.call("put dashboard " + name, () -> cloudWatch.putDashboard(r -> r.dashboardName(name).dashboardBody(body)));
  }
}
