package dev.connectha.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.connectha.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

/** How SsmClusterRegistry lists the registered clusters: one level under the prefix, every page, only valid names. */
class SsmClusterRegistryTest {
  /** Answers GetParametersByPath in two pages and records the requests. */
  private static final class ListingSsm implements SsmClient {
    final List<GetParametersByPathRequest> requests = new ArrayList<>();

    @Override
    public GetParametersByPathResponse getParametersByPath(GetParametersByPathRequest request) {
      requests.add(request);
      if (request.nextToken() == null) {
        return GetParametersByPathResponse.builder().parameters(parameter("/connect-ha/clusters/prod"),
            parameter("/connect-ha/clusters/Not_A_Cluster")).nextToken("2").build();
      }
      return GetParametersByPathResponse.builder().parameters(parameter("/connect-ha/clusters/demo")).build();
    }

    private static Parameter parameter(String name) {
      return Parameter.builder().name(name).value("{}").build();
    }

    @Override
    public String serviceName() {
      return "ssm";
    }

    @Override
    public void close() {}
  }

  @Test
  void listsTheValidClusterNamesDirectlyUnderThePrefixFromEveryPage() {
    ListingSsm ssm = new ListingSsm();
    SsmClusterRegistry registry = new SsmClusterRegistry(ssm, Config.from(Map.of("AWS_REGION", "us-east-1")));

    assertEquals(List.of("demo", "prod"), registry.names());

    assertEquals(2, ssm.requests.size());
    assertEquals("/connect-ha/clusters", ssm.requests.get(0).path());
    assertFalse(ssm.requests.get(0).recursive());
    assertEquals("2", ssm.requests.get(1).nextToken());
  }
}
