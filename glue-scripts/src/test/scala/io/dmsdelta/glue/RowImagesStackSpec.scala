package io.dmsdelta.glue

import io.dmsdelta.glue.StackTemplate.expr
import org.scalatest.funsuite.AnyFunSuite

/**
 * glue-scripts/row-images-stack.json: Aurora PostgreSQL -> aws_lambda.invoke -> the row-image Lambda -> an object
 * under the pg-trigger folder the dms-delta job reads, with least privilege.
 */
class RowImagesStackSpec extends AnyFunSuite {

  private val stack = StackTemplate.load("glue-scripts/row-images-stack.json")
  private val function = stack.theOne("AWS::Lambda::Function")
  private val queue = stack.theOne("AWS::SQS::Queue")
  private val logGroup = stack.theOne("AWS::Logs::LogGroup")
  private val invokeConfig = stack.theOne("AWS::Lambda::EventInvokeConfig")
  private val lambdaRole = stack.theOneWhere("AWS::IAM::Role", "Lambda may assume")(
    _.path("AssumeRolePolicyDocument").toString.contains("lambda.amazonaws.com"))
  private val auroraRole = stack.theOneWhere("AWS::IAM::Role", "RDS may assume")(
    _.path("AssumeRolePolicyDocument").toString.contains("rds.amazonaws.com"))
  private val withoutKey = stack.withConditions(Map("HasKmsKey" -> false))
  private val withKey = stack.withConditions(Map("HasKmsKey" -> true))

  private val folderUri = "s3://${DmsBucketName}/${DmsPrefix}/${RowImagesFolder}"
  private val basePermissions: Set[(String, String, Set[String])] = Set(
    ("s3:PutObject", "arn:${AWS::Partition}:s3:::${DmsBucketName}/${DmsPrefix}/${RowImagesFolder}/*", Set.empty[String]),
    ("logs:CreateLogStream", s"GetAtt:$logGroup.Arn", Set.empty[String]),
    ("logs:PutLogEvents", s"GetAtt:$logGroup.Arn", Set.empty[String]),
    ("sqs:SendMessage", s"GetAtt:$queue.Arn", Set.empty[String]))

  test("the function is the row-image handler of the Lambda jar, storing under the pg-trigger folder of the DMS prefix") {
    val properties = stack.properties(function)
    assert(properties.path("Handler").asText == "io.dmsdelta.trigger.rowimages.RowImageHandler::handleRequest")
    assert(expr(properties.path("Code").path("S3Key")) == "Ref:LambdaJarKey")
    assert(expr(properties.path("Environment").path("Variables").path("ROW_IMAGES_URI")) == folderUri)
    assert(expr(properties.path("LoggingConfig").path("LogGroup")) == s"Ref:$logGroup")
  }

  test("an event the function still fails on after 2 retries goes to the dead-letter queue") {
    val problems = stack.retryThenDeadLetterProblems(invokeConfig, function, queue)
    assert(problems.isEmpty, problems)
  }

  test("the function may only put objects under the folder, write its log group, send to its queue, and with a key encrypt with it") {
    assert(IamPolicyCheck.differences(withoutKey, lambdaRole, basePermissions).isEmpty,
      IamPolicyCheck.differences(withoutKey, lambdaRole, basePermissions))
    val withKms = basePermissions + (("kms:GenerateDataKey", "Ref:KmsKeyArn", Set.empty[String]))
    assert(IamPolicyCheck.differences(withKey, lambdaRole, withKms).isEmpty,
      IamPolicyCheck.differences(withKey, lambdaRole, withKms))
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
