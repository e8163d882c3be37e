package io.dmsdelta.glue

import com.fasterxml.jackson.databind.node.ObjectNode
import io.dmsdelta.glue.StackTemplate.expr
import org.scalatest.funsuite.AnyFunSuite

/**
 * glue-scripts/dynamodb-stream-stack.json: a DynamoDB table's stream -> an event source mapping -> the DynamoDB stream
 * Lambda -> a JSON-lines object per batch under the dynamodb folder the dms-delta job reads, with least privilege.
 */
class DynamoDbStreamStackSpec extends AnyFunSuite {

  private val stack = StackTemplate.load("glue-scripts/dynamodb-stream-stack.json")
  private val function = stack.theOne("AWS::Lambda::Function")
  private val mapping = stack.theOne("AWS::Lambda::EventSourceMapping")
  private val queue = stack.theOne("AWS::SQS::Queue")
  private val logGroup = stack.theOne("AWS::Logs::LogGroup")
  private val role = stack.theOne("AWS::IAM::Role")
  private val withoutKey = stack.withConditions(Map("HasKmsKey" -> false))
  private val withKey = stack.withConditions(Map("HasKmsKey" -> true))
  private val parameters = stack.json.path("Parameters")

  private val folder = "${DmsPrefix}/${DynamoDbFolder}"
  private val permissions: Set[(String, String, Set[String])] =
    Seq("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams")
      .map(action => (action, "Ref:StreamArn", Set.empty[String])).toSet ++ Set(
      ("s3:PutObject", s"arn:$${AWS::Partition}:s3:::$${DmsBucketName}/$folder/*", Set.empty[String]),
      ("logs:CreateLogStream", s"GetAtt:$logGroup.Arn", Set.empty[String]),
      ("logs:PutLogEvents", s"GetAtt:$logGroup.Arn", Set.empty[String]),
      ("sqs:SendMessage", s"GetAtt:$queue.Arn", Set.empty[String]))
  /** A single PutObject to an SSE-KMS bucket needs a data key, and nothing else of the key. */
  private val keyUse = IamPolicyCheck.KmsPermissions.filter(_._1 == "kms:GenerateDataKey")

  test("the function is the DynamoDB stream handler of the Lambda jar, storing under the dynamodb folder of the DMS prefix") {
    val properties = stack.properties(function)
    assert(properties.path("Handler").asText == "io.dmsdelta.trigger.dynamodb.DynamoDbStreamHandler::handleRequest")
    // The jar is built for Java 17; Lambda no longer creates java17 functions.
    assert(properties.path("Runtime").asText == "java21")
    assert(expr(properties.path("Code").path("S3Bucket")) == "Ref:ArtifactsBucketName")
    assert(expr(properties.path("Code").path("S3Key")) == "Ref:LambdaJarKey")
    assert(expr(properties.path("Role")) == s"GetAtt:$role.Arn")
    assert(expr(properties.path("Environment").path("Variables").path("DYNAMODB_STREAM_URI")) ==
      s"s3://$${DmsBucketName}/$folder")
    assert(expr(properties.path("LoggingConfig").path("LogGroup")) == s"Ref:$logGroup")
  }

  test("the stream invokes it from its oldest record, one batch at a time per shard, as large and as often as the parameters say") {
    val properties = stack.properties(mapping)
    assert(expr(properties.path("EventSourceArn")) == "Ref:StreamArn")
    assert(expr(properties.path("FunctionName")) == s"Ref:$function")
    assert(properties.path("StartingPosition").asText == "TRIM_HORIZON")
    assert(properties.path("ParallelizationFactor").isInt && properties.path("ParallelizationFactor").asInt == 1,
      "a shard's batches stay in order")
    assert(expr(properties.path("BatchSize")) == "Ref:BatchSize")
    assert(expr(properties.path("MaximumBatchingWindowInSeconds")) == "Ref:MaximumBatchingWindowInSeconds")
    assert(Seq("BatchSize", "MaximumBatchingWindowInSeconds", "MaximumRetryAttempts").map(parameters.path(_).path("Default").asInt) ==
      Seq(1000, 60, 10))
  }

  test("a batch it fails on is bisected and retried MaximumRetryAttempts times, then described in the failure queue, kept 14 days") {
    val problems = stack.retryThenDeadLetterProblems(mapping, function, queue, "Ref:MaximumRetryAttempts")
    assert(problems.isEmpty, problems)
    assert(stack.properties(mapping).path("BisectBatchOnFunctionError").isBoolean)
    assert(stack.properties(mapping).path("BisectBatchOnFunctionError").asBoolean)
    assert(stack.properties(queue).path("MessageRetentionPeriod").asInt == 14 * 24 * 3600)
  }

  test("the function may only read the stream, put objects under the folder, write its log group and send to its queue") {
    assert(IamPolicyCheck.differences(withoutKey, role, permissions).isEmpty,
      IamPolicyCheck.differences(withoutKey, role, permissions))
  }

  test("with a KMS key, it may also generate data keys with exactly that key; without one, no KMS at all") {
    assert(IamPolicyCheck.differences(withKey, role, permissions ++ keyUse).isEmpty,
      IamPolicyCheck.differences(withKey, role, permissions ++ keyUse))
    assert(!IamPolicyCheck.permissions(withoutKey, role).exists(_._1.startsWith("kms:")))
    assert(parameters.path("KmsKeyArn").path("Default").asText == "")
    assert(stack.json.path("Conditions").path("HasKmsKey").toString == """{"Fn::Not":[{"Fn::Equals":[{"Ref":"KmsKeyArn"},""]}]}""")
  }

  test("the checks catch a widened policy") {
    def widened(sid: String)(change: ObjectNode => Unit): StackTemplate = {
      val copy = withoutKey.copy()
      change(IamPolicyCheck.grants(copy).find(_.sid == sid).getOrElse(fail(s"no statement $sid")).statement.asInstanceOf[ObjectNode])
      copy
    }
    def problems(copy: StackTemplate): Seq[String] =
      IamPolicyCheck.differences(copy, role, permissions) ++ IamPolicyCheck.wildcardProblems(copy)

    assert(problems(widened("StoreBatches")(_.withArray("Action").add("s3:GetObject"))).exists(_.contains("s3:GetObject")))
    assert(problems(widened("StoreBatches")(_.putObject("Resource").put("Fn::Sub", "arn:${AWS::Partition}:s3:::${DmsBucketName}/*")))
      .exists(_.contains("wildcard resource")))
    assert(problems(widened("ReadTheStream")(_.put("Resource", "*"))).exists(_.contains("wildcard resource *")))
    assert(problems(widened("ReadTheStream")(_.withArray("Action").add("dynamodb:GetItem"))).exists(_.contains("dynamodb:GetItem")))
  }

  test("no wildcard action or resource, no managed policy, whatever the parameters; logs kept for LogRetentionDays") {
    for (variant <- Seq(withoutKey, withKey)) {
      assert(IamPolicyCheck.wildcardProblems(variant).isEmpty, IamPolicyCheck.wildcardProblems(variant))
    }
    assert(expr(stack.properties(logGroup).path("RetentionInDays")) == "Ref:LogRetentionDays")
  }

  test("the stream parameter takes the ARN of a table's stream, as the function reads the table's name from it") {
    val pattern = parameters.path("StreamArn").path("AllowedPattern").asText
    for (ok <- Seq("arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/2026-12-30T14:05:06.789",
      "arn:aws-cn:dynamodb:cn-north-1:123456789012:table/my_table.v-2/stream/2026-12-30T14:05:06.789")) {
      assert(ok.matches(pattern), ok)
    }
    for (bad <- Seq("", "*", "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders",
      "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/*",
      "arn:aws:dynamodb:eu-west-1:123456789012:table/*/stream/2026-12-30T14:05:06.789",
      "arn:aws:kinesis:eu-west-1:123456789012:stream/Orders")) {
      assert(!bad.matches(pattern), bad)
    }
  }

  test("every Ref, GetAtt and ${...} names a parameter, a resource or a pseudo parameter") {
    assert(StackTemplate.names(stack.json).nonEmpty)
    assert(stack.unknownNames.isEmpty, stack.unknownNames)
  }
}
