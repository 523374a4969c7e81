package dev.connectha.model.backup;

import dev.connectha.errors.InvalidInputException;

/**
 * An ARN taken apart ({@code arn:partition:service:region:account:resource}). The backup adapters
 * take ARNs as handles because an ARN carries the region: a snapshot copied to the DR region is
 * described, restored and deleted there without the caller naming the region again.
 */
public record AwsArn(String partition, String service, String region, String account, String resource) {

  /** Parses {@code text}; anything that is not an ARN is an {@link InvalidInputException}. */
  public static AwsArn parse(String text) {
    if (text == null) {
      throw new InvalidInputException("not an ARN: (missing)");
    }
    String[] parts = text.split(":", 6);
    if (parts.length < 6 || !parts[0].equals("arn") || parts[1].isEmpty() || parts[2].isEmpty()
        || parts[5].isEmpty()) {
      throw new InvalidInputException("not an ARN: '" + text + "'");
    }
    return new AwsArn(parts[1], parts[2], parts[3], parts[4], parts[5]);
  }

  /** Parses an ARN of {@code service} that names a region, else {@link InvalidInputException}. */
  public static AwsArn parse(String text, String service) {
    AwsArn arn = parse(text);
    if (!arn.service().equals(service)) {
      throw new InvalidInputException("not an ARN of " + service + ": '" + text + "'");
    }
    if (arn.region().isEmpty()) {
      throw new InvalidInputException("ARN names no region: '" + text + "'");
    }
    return arn;
  }

  /** The resource's type: {@code snapshot} in {@code snapshot:name}, {@code file-system} in {@code file-system/fs-1}. */
  public String resourceType() {
    int cut = cutAt();
    return cut < 0 ? "" : resource.substring(0, cut);
  }

  /** The resource's name or id after its type. */
  public String resourceId() {
    int cut = cutAt();
    return cut < 0 ? resource : resource.substring(cut + 1);
  }

  private int cutAt() {
    int colon = resource.indexOf(':');
    int slash = resource.indexOf('/');
    if (colon < 0) {
      return slash;
    }
    return slash < 0 ? colon : Math.min(colon, slash);
  }

  @Override
  public String toString() {
    return "arn:" + partition + ":" + service + ":" + region + ":" + account + ":" + resource;
  }
}
