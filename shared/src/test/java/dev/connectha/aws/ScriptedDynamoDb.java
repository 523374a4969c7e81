package dev.connectha.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDB client whose answers the test scripts, recording every request. Whatever is not
 * scripted fails the test (the SDK interface's defaults throw UnsupportedOperationException).
 */
final class ScriptedDynamoDb implements DynamoDbClient {
  final List<SdkRequest> requests = new ArrayList<>();
  Function<PutItemRequest, PutItemResponse> put = r -> {
    throw new AssertionError("unexpected PutItem " + r);
  };
  Function<GetItemRequest, GetItemResponse> get = r -> {
    throw new AssertionError("unexpected GetItem " + r);
  };
  Function<UpdateItemRequest, UpdateItemResponse> update = r -> {
    throw new AssertionError("unexpected UpdateItem " + r);
  };
  Function<DeleteItemRequest, DeleteItemResponse> delete = r -> {
    throw new AssertionError("unexpected DeleteItem " + r);
  };
  Function<QueryRequest, QueryResponse> query = r -> {
    throw new AssertionError("unexpected Query " + r);
  };

  /** DynamoDB's answer to a write whose condition failed, with the item it saw (or none). */
  static ConditionalCheckFailedException refused(Map<String, AttributeValue> item) {
    return (ConditionalCheckFailedException) ConditionalCheckFailedException.builder()
        .item(item)
        .statusCode(400)
        .message("The conditional request failed")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ConditionalCheckFailedException")
            .errorMessage("The conditional request failed").build())
        .build();
  }

  List<String> actions() {
    return requests.stream().map(r -> r.getClass().getSimpleName().replace("Request", "")).toList();
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    requests.add(request);
    return put.apply(request);
  }

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    requests.add(request);
    return get.apply(request);
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    requests.add(request);
    return update.apply(request);
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    requests.add(request);
    return delete.apply(request);
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    requests.add(request);
    return query.apply(request);
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}
}
