package dev.connectha.aws;

import dev.connectha.model.ClusterDocument;
import dev.connectha.ports.ProvisioningSources;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * EC2 DescribeLaunchTemplates, SSM DescribeParameters and Secrets Manager DescribeSecret: metadata
 * only, so the function that asks needs no permission to read a configuration or a secret.
 */
public final class AwsProvisioningSources implements ProvisioningSources {
  private final Ec2Client ec2;
  private final SsmClient ssm;
  private final SecretsManagerClient secrets;

  @Inject
  public AwsProvisioningSources(Ec2Client ec2, SsmClient ssm, SecretsManagerClient secrets) {
    this.ec2 = ec2;
    this.ssm = ssm;
    this.secrets = secrets;
  }

  @Override
  public List<String> missing(ClusterDocument cluster) {
    List<String> missing = new ArrayList<>();
    String template = cluster.launchTemplateId();
    if (template != null && !template.isBlank() && !exists("launch template " + template, () -> {
      DescribeLaunchTemplatesRequest.Builder request = DescribeLaunchTemplatesRequest.builder();
      if (template.matches("lt-[0-9a-f]{8,17}")) {
        request.launchTemplateIds(template);
      } else {
        request.launchTemplateNames(template);
      }
      return !ec2.describeLaunchTemplates(request.build()).launchTemplates().isEmpty();
    })) {
      missing.add("launchTemplateId: launch template " + template + " does not exist");
    }
    String parameter = cluster.configParameter();
    if (parameter != null && !exists("config parameter " + parameter,
        () -> !ssm.describeParameters(b -> b.parameterFilters(f -> f.key("Name").option("Equals").values(parameter)))
            .parameters().isEmpty())) {
      missing.add("configParameter: SSM parameter " + parameter + " does not exist");
    }
    for (String[] secret : new String[][] {{"dbPasswordSecretId", cluster.dbPasswordSecretId()},
        {"licenseKeySecretId", cluster.licenseKeySecretId()}}) {
      // a secret scheduled for deletion cannot be read: as good as missing
      if (secret[1] != null && !exists("secret " + secret[1],
          () -> secrets.describeSecret(b -> b.secretId(secret[1])).deletedDate() == null)) {
        missing.add(secret[0] + ": secret " + secret[1] + " does not exist");
      }
    }
    return List.copyOf(missing);
  }

  /** What {@code found} answers; false on the service's not-found answers, any other failure thrown. */
  private static boolean exists(String what, BooleanSupplier found) {
    try {
      return found.getAsBoolean();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
      if (code.contains("NotFound") || code.equals("InvalidLaunchTemplateId.Malformed")) {
        return false;
      }
      throw AwsCalls.translate("check " + what, e);
    } catch (SdkException e) {
      throw AwsCalls.translate("check " + what, e);
    }
  }
}
