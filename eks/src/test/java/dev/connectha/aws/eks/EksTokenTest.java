package dev.connectha.aws.eks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class EksTokenTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:34:56Z"), ZoneOffset.UTC);
  private static final AwsSessionCredentials ROLE = AwsSessionCredentials.create("ASIAEXAMPLE", "secret", "session-token");
  /** The only query parameters aws-iam-authenticator lets through; any other makes it reject the token. */
  private static final Set<String> SERVER_ALLOWS = Set.of("action", "version", "x-amz-algorithm", "x-amz-credential",
      "x-amz-date", "x-amz-expires", "x-amz-security-token", "x-amz-signature", "x-amz-signedheaders");

  @Test
  void isThePrefixAndTheUnpaddedBase64UrlOfAPresignedGetCallerIdentityUrl() {
    String token = EksToken.create("connect-prod", "us-west-2", ROLE, CLOCK);

    assertTrue(token.startsWith("k8s-aws-v1."), token);
    String encoded = token.substring("k8s-aws-v1.".length());
    assertTrue(encoded.chars().noneMatch(c -> c == '=' || c == '+' || c == '/'), "base64url without padding");
    URI url = URI.create(new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8));
    Map<String, String> query = query(url);

    assertEquals("https", url.getScheme());
    assertEquals("sts.us-west-2.amazonaws.com", url.getHost());
    assertEquals("/", url.getPath());
    assertEquals("GetCallerIdentity", query.get("Action"));
    assertEquals("2011-06-15", query.get("Version"));
    assertEquals("AWS4-HMAC-SHA256", query.get("X-Amz-Algorithm"));
    assertEquals("60", query.get("X-Amz-Expires"));
    assertEquals("20261130T123456Z", query.get("X-Amz-Date"));
    assertEquals("ASIAEXAMPLE/20261130/us-west-2/sts/aws4_request", query.get("X-Amz-Credential"));
    assertEquals("session-token", query.get("X-Amz-Security-Token"));
    assertEquals(List.of("host", "x-k8s-aws-id"), Arrays.asList(query.get("X-Amz-SignedHeaders").split(";")),
        "exactly the headers the API server sends STS again: any other would break the signature there");
    assertTrue(query.get("X-Amz-Signature").matches("[0-9a-f]{64}"), query.get("X-Amz-Signature"));
    assertTrue(SERVER_ALLOWS.containsAll(query.keySet().stream().map(String::toLowerCase).toList()), query.toString());
    assertTrue(token.length() < 4096, "the server takes tokens up to 4 KiB");
  }

  @Test
  void theClusterNameIsSignedSoATokenForOneClusterDoesNotServeAnother() {
    String prod = signature(EksToken.create("connect-prod", "us-west-2", ROLE, CLOCK));

    assertEquals(prod, signature(EksToken.create("connect-prod", "us-west-2", ROLE, CLOCK)), "deterministic");
    assertNotEquals(prod, signature(EksToken.create("connect-test", "us-west-2", ROLE, CLOCK)));
  }

  @Test
  void longLivedCredentialsCarryNoSessionToken() {
    String token = EksToken.create("connect-prod", "eu-central-1", AwsBasicCredentials.create("AKIAEXAMPLE", "s"), CLOCK);

    Map<String, String> query = query(decode(token));
    assertTrue(!query.containsKey("X-Amz-Security-Token"), query.toString());
    assertEquals("AKIAEXAMPLE/20261130/eu-central-1/sts/aws4_request", query.get("X-Amz-Credential"));
  }

  @Test
  void stsIsTheRegionalEndpointOfTheRegionsPartition() {
    assertEquals("sts.cn-north-1.amazonaws.com.cn", EksToken.stsHost("cn-north-1"));
    assertEquals("sts.us-gov-west-1.amazonaws.com", EksToken.stsHost("us-gov-west-1"));
  }

  private static String signature(String token) {
    return query(decode(token)).get("X-Amz-Signature");
  }

  private static URI decode(String token) {
    return URI.create(new String(Base64.getUrlDecoder().decode(token.substring(EksToken.PREFIX.length())),
        StandardCharsets.UTF_8));
  }

  private static Map<String, String> query(URI url) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : url.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return query;
  }
}
