package dev.connectha.aws;

import dev.connectha.model.LoadBalancing;

/** The ALB target group in front of the nodes. */
public interface Traffic {
  LoadBalancing describe(String targetGroupArn);
}
