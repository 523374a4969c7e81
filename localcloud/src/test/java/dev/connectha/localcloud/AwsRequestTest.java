package dev.connectha.localcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AwsRequestTest {
  private static final String AUTHORIZATION = "AWS4-HMAC-SHA256 Credential=testing/20240801/us-west-2/backup/aws4_request, "
      + "SignedHeaders=host;x-amz-date, Signature=abc";

  private static AwsRequest rest(String method, String path) {
    return AwsRequest.of(method, path, null, Map.of("Authorization", List.of(AUTHORIZATION)),
        "".getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "PUT,    /backup-jobs,                                                              PUT /backup-jobs",
      "GET,    /backup-jobs/8F0C2B1E-4A5D-4C3B-9E8F-0123456789AB,                          GET /backup-jobs/{id}",
      "GET,    /restore-jobs/8f0c2b1e-4a5d-4c3b-9e8f-0123456789ab,                         GET /restore-jobs/{id}",
      "GET,    /backup-vaults/Default/recovery-points/arn%3Aaws%3Abackup%3Aus-east-1%3A123456789012%3Arecovery-point%3AR1, GET /backup-vaults/Default/recovery-points/{arn}",
      "GET,    /backup-vaults/Default/recovery-points/,                                   GET /backup-vaults/Default/recovery-points/",
      "GET,    /tags/arn%3Aaws%3Abackup%3Aus-east-1%3A123456789012%3Arecovery-point%3AR1/, GET /tags/{arn}/",
      "GET,    /2015-02-01/file-systems/fs-0123abcd,                                      GET /2015-02-01/file-systems/{id}"})
  void restActionsNameTheOperationNotTheResource(String method, String path, String action) {
    AwsRequest request = rest(method, path);

    assertEquals(action, request.action());
    assertEquals("backup", request.service());
    assertEquals("us-west-2", request.region());
  }

  @Test
  void queryParametersAreDecodedButAPlusStaysAPlus() {
    AwsRequest request = AwsRequest.of("GET", "/backup-vaults/Default/recovery-points/",
        "resourceArn=arn%3Aaws%3Aelasticfilesystem%3Aus-east-1%3A1%3Afile-system%2Ffs-1&nextToken=a+b%20c&maxResults=2",
        Map.of("Authorization", List.of(AUTHORIZATION)), new byte[0]);

    assertEquals(Map.of("resourceArn", "arn:aws:elasticfilesystem:us-east-1:1:file-system/fs-1", "nextToken", "a+b c",
        "maxResults", "2"), request.queryParameters());
  }
}
