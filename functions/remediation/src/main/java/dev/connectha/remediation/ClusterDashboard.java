package dev.connectha.remediation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.connectha.json.Json;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CloudWatch dashboard of one cluster: healthy hosts per AZ, executions by workflow and
 * outcome, the age of the newest complete backup set, upgrade downtime, and remediation's time to
 * repair. template.yaml declares the first cluster's ({@code ClusterDashboard}); EnsureClusterMonitoring
 * puts this one for every cluster registered after the deploy. The body is the template's, with the
 * same {@code ${...}} variables that its {@code Fn::Sub} fills (a test in localcloud compares the two
 * for the template's cluster, so they cannot drift apart).
 */
public final class ClusterDashboard {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z:]+)}");
  private static final String BODY = """
      {"widgets": [
        {"type": "metric", "x": 0, "y": 0, "width": 12, "height": 6, "properties": {
          "title": "Healthy hosts per Availability Zone (${ClusterName})", "region": "${AWS::Region}", "view": "timeSeries",
          "stat": "Minimum", "period": 60,
          "metrics": [[{"expression": "SEARCH('{AWS/ApplicationELB,AvailabilityZone,LoadBalancer,TargetGroup} MetricName=\\"HealthyHostCount\\" TargetGroup=\\"${TargetGroup}\\"', 'Minimum', 60)", "id": "healthy", "label": ""}],
                      [{"expression": "SEARCH('{AWS/ApplicationELB,AvailabilityZone,LoadBalancer,TargetGroup} MetricName=\\"UnHealthyHostCount\\" TargetGroup=\\"${TargetGroup}\\"', 'Maximum', 60)", "id": "unhealthy", "label": "unhealthy"}]]}},
        {"type": "metric", "x": 12, "y": 0, "width": 12, "height": 6, "properties": {
          "title": "Executions by workflow and outcome", "region": "${AWS::Region}", "view": "timeSeries", "stacked": true,
          "stat": "Sum", "period": 3600,
          "metrics": [[{"expression": "SEARCH('{AWS/States,StateMachineArn} ${AWS::StackName} MetricName=(\\"ExecutionsSucceeded\\" OR \\"ExecutionsFailed\\" OR \\"ExecutionsTimedOut\\" OR \\"ExecutionsAborted\\")', 'Sum', 3600)", "id": "executions", "label": ""}]]}},
        {"type": "metric", "x": 0, "y": 6, "width": 8, "height": 6, "properties": {
          "title": "Age of the newest complete backup set (hours)", "region": "${AWS::Region}", "view": "timeSeries",
          "stat": "Maximum", "period": 3600,
          "metrics": [["ConnectHa", "NewestCompleteBackupSetAgeHours", "Function", "ReportBackupAge", "Cluster", "${ClusterName}"]],
          "annotations": {"horizontal": [{"label": "alarm", "value": ${BackupAgeAlarmHours}}]}}},
        {"type": "metric", "x": 8, "y": 6, "width": 8, "height": 6, "properties": {
          "title": "Upgrade downtime and duration (s)", "region": "${AWS::Region}", "view": "singleValue",
          "stat": "Maximum", "period": 86400,
          "metrics": [["ConnectHa", "UpgradeDowntime", "Function", "SummarizeUpgrade"],
                      ["ConnectHa", "UpgradeDuration", "Function", "SummarizeUpgrade"]]}},
        {"type": "metric", "x": 16, "y": 6, "width": 8, "height": 6, "properties": {
          "title": "Remediation: time to repair (s) and incidents", "region": "${AWS::Region}", "view": "timeSeries",
          "period": 3600,
          "metrics": [["ConnectHa", "TimeToRepair", "Function", "CloseIncident", {"stat": "Maximum"}],
                      ["ConnectHa", "IncidentsOpened", "Function", "OpenIncident", {"stat": "Sum", "yAxis": "right"}]]}}
      ]}
      """;

  private ClusterDashboard() {}

  /** The dashboard's name: the stack's, then the cluster's (as the template names the first one). */
  public static String name(String stack, String cluster) {
    return stack + "-" + cluster;
  }

  /**
   * The body for {@code cluster}, whose target group is {@code targetGroupArn}; a cluster without one
   * (a single server) has no host counts, so its healthy-hosts widget watches nothing.
   */
  public static String body(String stack, String region, String cluster, String targetGroupArn, String backupAgeAlarmHours) {
    String targetGroup = targetGroupArn == null ? "none" : targetGroupArn.split(":", 6)[5];
    Map<String, String> values = Map.of("ClusterName", cluster, "AWS::Region", region, "AWS::StackName", stack,
        "TargetGroup", targetGroup, "BackupAgeAlarmHours", backupAgeAlarmHours);
    Matcher m = VARIABLE.matcher(BODY);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Whether two bodies are the same dashboard (JSON equality: CloudWatch may re-space what it was given). */
  static boolean same(String a, String b) {
    try {
      JsonNode x = Json.MAPPER.readTree(a);
      return x.equals(Json.MAPPER.readTree(b));
    } catch (JsonProcessingException unreadable) {
      return false;
    }
  }
}
