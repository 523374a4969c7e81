package dev.connectha.aws;

/** The control plane's SNS topic. */
public interface Notifier {
  void publish(String subject, String message);
}
