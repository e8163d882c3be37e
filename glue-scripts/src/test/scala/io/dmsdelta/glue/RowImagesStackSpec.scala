package io.dmsdelta.glue

import io.dmsdelta.glue.StackTemplate.expr
import org.scalatest.funsuite.AnyFunSuite

/**
 * glue-scripts/row-images-stack.json: Aurora PostgreSQL -> aws_lambda.invoke -> the row-image Lambda -> a Firehose
 * stream -> JSON-lines objects under the pg-trigger folder the dms-delta job reads, with least privilege.
 */
class RowImagesStackSpec extends AnyFunSuite {

  private val stack = StackTemplate.load("glue-scripts/row-images-stack.json")
  private val function = stack.theOne("AWS::Lambda::Function")
  private val queue = stack.theOne("AWS::SQS::Queue")
  private val logGroup = stack.theOne("AWS::Logs::LogGroup")
  private val invokeConfig = stack.theOne("AWS::Lambda::EventInvokeConfig")
  private val stream = stack.theOne("AWS::KinesisFirehose::DeliveryStream")
  private val firehoseRole = stack.theOneWhere("AWS::IAM::Role", "Firehose may assume")(
    _.path("AssumeRolePolicyDocument").toString.contains("firehose.amazonaws.com"))
  private val lambdaRole = stack.theOneWhere("AWS::IAM::Role", "Lambda may assume")(
    _.path("AssumeRolePolicyDocument").toString.contains("lambda.amazonaws.com"))
  private val auroraRole = stack.theOneWhere("AWS::IAM::Role", "RDS may assume")(
    _.path("AssumeRolePolicyDocument").toString.contains("rds.amazonaws.com"))
  private val withoutKey = stack.withConditions(Map("HasKmsKey" -> false))
  private val withKey = stack.withConditions(Map("HasKmsKey" -> true))

  private val bucketArn = "arn:${AWS::Partition}:s3:::${DmsBucketName}"
  private val lambdaPermissions: Set[(String, String, Set[String])] = Set(
    ("firehose:PutRecord", s"GetAtt:$stream.Arn", Set.empty[String]),
    ("logs:CreateLogStream", s"GetAtt:$logGroup.Arn", Set.empty[String]),
    ("logs:PutLogEvents", s"GetAtt:$logGroup.Arn", Set.empty[String]),
    ("sqs:SendMessage", s"GetAtt:$queue.Arn", Set.empty[String]))
  private val firehosePermissions: Set[(String, String, Set[String])] =
    Set(("s3:GetBucketLocation", bucketArn, Set.empty[String])) ++
      (for (action <- Seq("s3:PutObject", "s3:AbortMultipartUpload");
            prefix <- Seq("${DmsPrefix}/${RowImagesFolder}/*", "firehose-errors/${AWS::StackName}/*"))
        yield (action, s"$bucketArn/$prefix", Set.empty[String]))

  test("the function is the row-image handler of the Lambda jar, putting to the stream, which writes under the pg-trigger folder of the DMS prefix") {
    val properties = stack.properties(function)
    assert(properties.path("Handler").asText == "io.dmsdelta.trigger.rowimages.RowImageHandler::handleRequest")
    assert(expr(properties.path("Code").path("S3Key")) == "Ref:LambdaJarKey")
    assert(expr(properties.path("Environment").path("Variables").path("ROW_IMAGES_FIREHOSE")) == s"Ref:$stream")
    assert(expr(properties.path("LoggingConfig").path("LogGroup")) == s"Ref:$logGroup")
    val s3 = stack.properties(stream).path("ExtendedS3DestinationConfiguration")
    assert(expr(s3.path("BucketARN")) == bucketArn)
    assert(expr(s3.path("Prefix")) == "${DmsPrefix}/${RowImagesFolder}/")
    assert(!expr(s3.path("ErrorOutputPrefix")).startsWith("${DmsPrefix}/"), "failed records stay out of what dms-delta reads")
    assert(s3.path("CompressionFormat").asText == "GZIP" && s3.path("FileExtension").asText == ".json.gz",
      "dms-delta decompresses objects whose names end in .gz")
    assert(expr(s3.path("RoleARN")) == s"GetAtt:$firehoseRole.Arn")
  }

  test("an event the function still fails on after 2 retries goes to the dead-letter queue") {
    val problems = stack.retryThenDeadLetterProblems(invokeConfig, function, queue)
    assert(problems.isEmpty, problems)
  }

  test("the function may only put to the stream, write its log group and send to its queue") {
    for (variant <- Seq(withoutKey, withKey)) {
      assert(IamPolicyCheck.differences(variant, lambdaRole, lambdaPermissions).isEmpty,
        IamPolicyCheck.differences(variant, lambdaRole, lambdaPermissions))
    }
  }

  test("the stream may only write under the folder and its error prefix, and with a key encrypt with it") {
    assert(IamPolicyCheck.differences(withoutKey, firehoseRole, firehosePermissions).isEmpty,
      IamPolicyCheck.differences(withoutKey, firehoseRole, firehosePermissions))
    val withKms = firehosePermissions ++ IamPolicyCheck.KmsPermissions
    assert(IamPolicyCheck.differences(withKey, firehoseRole, withKms).isEmpty,
      IamPolicyCheck.differences(withKey, firehoseRole, withKms))
  }

  test("Aurora's role may invoke this function and nothing else") {
    val expected = Set(("lambda:InvokeFunction", s"GetAtt:$function.Arn", Set.empty[String]))
    for (variant <- Seq(withoutKey, withKey)) {
      assert(IamPolicyCheck.differences(variant, auroraRole, expected).isEmpty,
        IamPolicyCheck.differences(variant, auroraRole, expected))
    }
  }

  test("no wildcard action or resource, no managed policy, whatever the parameters; logs kept for LogRetentionDays") {
    for (variant <- Seq(withoutKey, withKey)) {
      assert(IamPolicyCheck.wildcardProblems(variant).isEmpty, IamPolicyCheck.wildcardProblems(variant))
    }
    assert(expr(stack.properties(logGroup).path("RetentionInDays")) == "Ref:LogRetentionDays")
  }
}
