package dev.connectha.aws;

import dev.connectha.config.Config;
import javax.inject.Inject;
import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes to the control plane's topic (subjects are cut to SNS's 100 characters). */
public final class SnsNotifier implements Notifier {
  private final SnsClient sns;
  private final String topicArn;

  @Inject
  public SnsNotifier(SnsClient sns, Config config) {
    this.sns = sns;
    this.topicArn = config.topicArn();
  }

  @Override
  public void publish(String subject, String message) {
    String cut = subject.length() > 100 ? subject.substring(0, 100) : subject;
    AwsCalls.call("publish to " + topicArn, () -> sns.publish(r -> r.topicArn(topicArn).subject(cut).message(message)));
  }
}
