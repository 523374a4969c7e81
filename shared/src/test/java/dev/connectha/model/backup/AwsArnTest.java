package dev.connectha.model.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.connectha.errors.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AwsArnTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "arn:aws:rds:us-east-1:123456789012:snapshot:demo-s1,            rds,               us-east-1, snapshot,         demo-s1",
      "arn:aws:rds:us-west-2:123456789012:cluster-snapshot:aurora-s1,  rds,               us-west-2, cluster-snapshot, aurora-s1",
      "arn:aws:rds:us-east-1:123456789012:db:demo-db,                  rds,               us-east-1, db,               demo-db",
      "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0abc, elasticfilesystem, us-east-1, file-system, fs-0abc",
      "arn:aws:backup:us-east-1:123456789012:recovery-point:8F0C-11AA, backup,            us-east-1, recovery-point,   8F0C-11AA",
      "arn:aws:backup:us-west-2:123456789012:backup-vault:connect-ha-dr, backup,          us-west-2, backup-vault,     connect-ha-dr",
      "arn:aws:iam::123456789012:role/service/connect-ha-backup,       iam,               '',        role,             service/connect-ha-backup"})
  void takesAnArnApartIntoServiceRegionResourceTypeAndId(String text, String service, String region, String type,
      String id) {
    AwsArn arn = AwsArn.parse(text);

    assertEquals("aws", arn.partition());
    assertEquals(service, arn.service());
    assertEquals(region, arn.region());
    assertEquals("123456789012", arn.account());
    assertEquals(type, arn.resourceType());
    assertEquals(id, arn.resourceId());
    assertEquals(text, arn.toString());
  }

  @Test
  void aResourceWithoutATypeIsAllId() {
    AwsArn arn = AwsArn.parse("arn:aws:sns:us-east-1:123456789012:connect-ha-notifications");

    assertEquals("", arn.resourceType());
    assertEquals("connect-ha-notifications", arn.resourceId());
  }

  @Test
  void otherPartitionsAreArnsToo() {
    assertEquals("cn-north-1", AwsArn.parse("arn:aws-cn:rds:cn-north-1:123456789012:snapshot:s").region());
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {"", "snapshot:demo", "arn:aws:rds", "arn:aws:rds:us-east-1:123456789012:",
      "urn:aws:rds:us-east-1:123456789012:snapshot:s", "arn::rds:us-east-1:1:snapshot:s"})
  void anythingElseIsInvalidInput(String text) {
    assertThrows(InvalidInputException.class, () -> AwsArn.parse(text));
  }

  @Test
  void aMissingArnIsInvalidInput() {
    assertThrows(InvalidInputException.class, () -> AwsArn.parse(null));
  }

  @Test
  void anArnOfAnotherServiceOrWithoutARegionIsRefusedWhenAServiceIsExpected() {
    assertThrows(InvalidInputException.class,
        () -> AwsArn.parse("arn:aws:backup:us-east-1:123456789012:recovery-point:X", "rds"));
    assertThrows(InvalidInputException.class, () -> AwsArn.parse("arn:aws:rds::123456789012:snapshot:s", "rds"));
    assertEquals("rds", AwsArn.parse("arn:aws:rds:us-east-1:123456789012:snapshot:s", "rds").service());
  }
}
