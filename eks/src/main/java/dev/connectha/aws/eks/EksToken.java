package dev.connectha.aws.eks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * The bearer token the EKS API server takes from an IAM principal (what {@code aws eks get-token} and
 * aws-iam-authenticator make): {@code k8s-aws-v1.} followed by the unpadded base64url of an STS
 * {@code GetCallerIdentity} GET URL, presigned with SigV4 in its query string, with the header
 * {@code x-k8s-aws-id: <cluster name>} among the signed headers. The server calls STS with that URL
 * (adding the header back) to learn who is calling, and maps the caller with its access entries.
 *
 * <p>{@code X-Amz-Expires} is 60 as aws-iam-authenticator sets it; STS ignores it and the server
 * accepts the URL for 15 minutes after its {@code X-Amz-Date}, so a token may be reused for less
 * than that ({@link #REUSE}).
 */
public final class EksToken {
  public static final String PREFIX = "k8s-aws-v1.";
  public static final String CLUSTER_HEADER = "x-k8s-aws-id";
  static final Duration EXPIRES = Duration.ofSeconds(60);
  /** How long a token is handed out again: well within the server's 15 minutes. */
  public static final Duration REUSE = Duration.ofMinutes(10);

  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

  private EksToken() {}

  /** A token for {@code cluster}, signed with {@code credentials} for STS in {@code region} at {@code clock}'s now. */
  public static String create(String cluster, String region, AwsCredentialsIdentity credentials, Clock clock) {
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.GET)
        .uri(URI.create("https://" + stsHost(region) + "/"))
        .putRawQueryParameter("Action", "GetCallerIdentity")
        .putRawQueryParameter("Version", "2011-06-15")
        .putHeader(CLUSTER_HEADER, cluster)
        .build();
    SdkHttpRequest signed = SIGNER.sign(r -> r
        .identity(credentials)
        .request(request)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "sts")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, EXPIRES)
        .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
    String url = signed.getUri().toString();
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(url.getBytes(StandardCharsets.UTF_8));
  }

  /** STS's regional endpoint in the region's partition ({@code sts.us-east-1.amazonaws.com}). */
  static String stsHost(String region) {
    RegionMetadata metadata = RegionMetadata.of(Region.of(region));
    String suffix = metadata == null ? "amazonaws.com" : metadata.partition().dnsSuffix();
    return "sts." + region + "." + suffix;
  }
}
