package io.dmsdelta.glue

import com.fasterxml.jackson.databind.node.ObjectNode
import io.dmsdelta.glue.StackTemplate.{expr, items}
import org.scalatest.funsuite.AnyFunSuite

import scala.collection.JavaConverters._

/**
 * glue-scripts/dms-delta-stack.json: new DMS file -> S3 notification -> Lambda -> one coalesced Glue job run, and a
 * schedule -> the same Lambda, one invocation at a time, with least privilege.
 */
class CloudFormationStackSpec extends AnyFunSuite {

  private val stack = StackTemplate.load("glue-scripts/dms-delta-stack.json")
  private val job = stack.theOne("AWS::Glue::Job")
  private val function = stack.theOne("AWS::Lambda::Function")
  private val queue = stack.theOne("AWS::SQS::Queue")
  private val bucket = stack.theOne("AWS::S3::Bucket")
  private val schedule = stack.theOne("AWS::Events::Rule")

  /** The one invoke permission for this principal; fails if there is none or several. */
  private def permissionFor(principal: String): String = {
    val ids = stack.all("AWS::Lambda::Permission").filter(id => stack.properties(id).path("Principal").asText == principal)
    require(ids.size == 1, s"expected one AWS::Lambda::Permission for $principal, found ${ids.mkString(", ")}")
    ids.head
  }

  private val permission = permissionFor("s3.amazonaws.com")
  private val schedulePermission = permissionFor("events.amazonaws.com")
  private val invokeConfig = stack.theOne("AWS::Lambda::EventInvokeConfig")
  private val logGroup = stack.theOne("AWS::Logs::LogGroup")

  private def roleOf(resource: String, property: String = "Role"): String = {
    val role = expr(stack.properties(resource).path(property))
    assert(role.startsWith("GetAtt:") && role.endsWith(".Arn"), s"$resource.$property: $role")
    role.stripPrefix("GetAtt:").stripSuffix(".Arn")
  }

  private val glueRole = roleOf(job)
  private val triggerRole = roleOf(function)

  test("parameters name the buckets, the prefixes and where the jars, the script and the configuration are") {
    val parameters = stack.json.path("Parameters")
    for (name <- Seq("DmsBucketName", "DmsPrefix", "WarehouseBucketName", "WarehousePrefix", "ArtifactsBucketName",
      "AppJarKey", "LauncherScriptKey", "TablesKey", "EndpointSettingsKey", "LambdaJarKey", "ScheduleExpression")) {
      assert(parameters.has(name), name)
    }
    assert(parameters.path("LauncherScriptKey").path("Default").asText.endsWith("/" + GlueJobChecks.scriptFileName))
    assert(parameters.path("AppJarKey").path("Default").asText.endsWith("/dms-delta.jar"))
    assert(parameters.path("LambdaJarKey").path("Default").asText.endsWith("/dms-delta-lambda.jar"))
  }

  test("the Glue job runs the launcher with the app jar and the configuration from the parameters") {
    val properties = stack.properties(job)
    GlueJobChecks.assertRunsTheLauncher(properties)
    val arguments = properties.path("DefaultArguments")
    assert(expr(properties.path("Command").path("ScriptLocation")) == "s3://${ArtifactsBucketName}/${LauncherScriptKey}")
    assert(expr(arguments.path("--extra-jars")) == "s3://${ArtifactsBucketName}/${AppJarKey}")
    assert(expr(arguments.path("--source")) == "s3://${DmsBucketName}/${DmsPrefix}")
    assert(expr(arguments.path("--target")) == "s3://${WarehouseBucketName}/${WarehousePrefix}")
    assert(expr(arguments.path("--tables")) == "s3://${ArtifactsBucketName}/${TablesKey}")
    assert(expr(arguments.path("--endpoint-settings")) == "s3://${ArtifactsBucketName}/${EndpointSettingsKey}")
  }

  test("the stack's job and glue-job.json pass the same arguments, and the same literal values") {
    val stackArguments = stack.properties(job).path("DefaultArguments")
    val fileArguments = RepoFiles.json("glue-scripts/glue-job.json").path("DefaultArguments")
    assert(stackArguments.fieldNames.asScala.toSet == fileArguments.fieldNames.asScala.toSet)
    for (name <- stackArguments.fieldNames.asScala if stackArguments.get(name).isTextual) {
      assert(stackArguments.get(name) == fileArguments.get(name), name)
    }
  }

  test("a new DMS data file under the prefix notifies the Lambda") {
    val properties = stack.properties(bucket)
    assert(expr(properties.path("BucketName")) == "Ref:DmsBucketName")
    val configurations = items(properties.path("NotificationConfiguration").path("LambdaConfigurations"))
    assert(configurations.map(c => expr(c.path("Function"))).toSet == Set(s"GetAtt:$function.Arn"))
    assert(configurations.map(_.path("Event").asText).toSet == Set("s3:ObjectCreated:*"))
    val rules = configurations.map(c => items(c.path("Filter").path("S3Key").path("Rules"))
      .map(rule => rule.path("Name").asText -> expr(rule.path("Value"))).toMap)
    assert(rules.map(_("prefix")).toSet == Set("${DmsPrefix}/"))
    assert(rules.map(_("suffix")).toSet == Set(".csv", ".csv.gz", ".parquet"))
    // S3 checks that it may invoke the function when the notification is put: the permission must exist first.
    assert(items(stack.resources(bucket).path("DependsOn")).map(_.asText).contains(permission))
  }

  test("the DMS bucket is private and encrypted") {
    val properties = stack.properties(bucket)
    val block = properties.path("PublicAccessBlockConfiguration")
    for (setting <- Seq("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
      assert(block.path(setting).asBoolean, setting)
    }
    assert(items(properties.path("BucketEncryption").path("ServerSideEncryptionConfiguration")).nonEmpty)
  }

  test("the DMS bucket is created only when asked for, and kept with its files when the stack goes") {
    val resource = stack.resources(bucket)
    val condition = resource.path("Condition").asText
    assert(stack.json.path("Conditions").path(condition).toString == """{"Fn::Equals":[{"Ref":"CreateDmsBucket"},"true"]}""")
    assert(resource.path("DeletionPolicy").asText == "Retain")
    assert(resource.path("UpdateReplacePolicy").asText == "Retain")
  }

  test("S3 may invoke the Lambda only for the DMS bucket of this account") {
    val properties = stack.properties(permission)
    assert(properties.path("Principal").asText == "s3.amazonaws.com")
    assert(properties.path("Action").asText == "lambda:InvokeFunction")
    assert(expr(properties.path("FunctionName")) == s"GetAtt:$function.Arn")
    // Built from the name parameter, not the bucket resource: the bucket depends on this permission.
    assert(expr(properties.path("SourceArn")) == "arn:${AWS::Partition}:s3:::${DmsBucketName}")
    assert(expr(properties.path("SourceAccount")) == "Ref:AWS::AccountId")
  }

  test("the Lambda starts this stack's job, with the DMS folder as its source root") {
    val properties = stack.properties(function)
    assert(properties.path("Handler").asText == "io.dmsdelta.trigger.TriggerHandler::handleRequest")
    assert(Set("java17", "java21").contains(properties.path("Runtime").asText))
    assert(expr(properties.path("Code").path("S3Key")) == "Ref:LambdaJarKey")
    val environment = properties.path("Environment").path("Variables")
    assert(expr(environment.path("GLUE_JOB_NAME")) == s"Ref:$job")
    assert(expr(environment.path("DMS_SOURCE_URI")) == "s3://${DmsBucketName}/${DmsPrefix}")
    assert(expr(properties.path("LoggingConfig").path("LogGroup")) == s"Ref:$logGroup")
  }

  test("the runs the Lambda starts have the job's default --source: the whole DMS folder") {
    val triggerSource = expr(stack.properties(function).path("Environment").path("Variables").path("DMS_SOURCE_URI"))
    assert(triggerSource == expr(stack.properties(job).path("DefaultArguments").path("--source")))
  }

  test("the Lambda runs one invocation at a time, so its check of the job's runs and its start never interleave") {
    // Reserved concurrency 1 serialises every invocation, from the bucket and from the schedule alike.
    assert(stack.properties(function).path("ReservedConcurrentExecutions").isIntegralNumber)
    assert(stack.properties(function).path("ReservedConcurrentExecutions").asInt == 1)
    // The waits of the retries (2 + 4 + 8 s for each of up to three Glue requests) fit in the timeout.
    assert(stack.properties(function).path("Timeout").asInt >= 60)
  }

  test("a schedule from a parameter invokes the same Lambda, every 15 minutes by default") {
    val parameter = stack.json.path("Parameters").path("ScheduleExpression")
    assert(parameter.path("Default").asText == "rate(15 minutes)")
    val properties = stack.properties(schedule)
    assert(expr(properties.path("ScheduleExpression")) == "Ref:ScheduleExpression")
    assert(properties.path("State").asText == "ENABLED")
    val targets = items(properties.path("Targets"))
    assert(targets.map(t => expr(t.path("Arn"))) == Seq(s"GetAtt:$function.Arn"))
    assert(targets.forall(!_.has("Input")), "the Lambda must get EventBridge's own Scheduled Event")
    for (ok <- Seq("rate(15 minutes)", "rate(1 hour)", "cron(0/10 * * * ? *)")) {
      assert(ok.matches(parameter.path("AllowedPattern").asText), ok)
    }
    assert(!"15 minutes".matches(parameter.path("AllowedPattern").asText))
  }

  test("a Glue trigger runs optimize through the same one-writer job, weekly by default") {
    val optimize = stack.theOne("AWS::Glue::Trigger")
    val properties = stack.properties(optimize)
    assert(properties.path("Type").asText == "SCHEDULED")
    assert(expr(properties.path("Schedule")) == "Ref:OptimizeSchedule")
    assert(stack.json.path("Parameters").path("OptimizeSchedule").path("Default").asText == "cron(0 3 ? * SUN *)")
    val actions = items(properties.path("Actions"))
    assert(actions.map(a => expr(a.path("JobName"))) == Seq(s"Ref:$job"), "the job whose runs queue one at a time")
    assert(actions.map(_.path("Arguments").path("--dms-delta-command").asText) == Seq("optimize"))
  }

  test("EventBridge may invoke the Lambda only for that rule") {
    val properties = stack.properties(schedulePermission)
    assert(properties.path("Action").asText == "lambda:InvokeFunction")
    assert(expr(properties.path("FunctionName")) == s"GetAtt:$function.Arn")
    assert(expr(properties.path("SourceArn")) == s"GetAtt:$schedule.Arn")
  }

  test("an event the Lambda still fails on after 2 retries goes to the dead-letter queue") {
    val properties = stack.properties(invokeConfig)
    assert(expr(properties.path("FunctionName")) == s"Ref:$function")
    assert(properties.path("MaximumRetryAttempts").asInt(-1) == 2)
    assert(expr(properties.path("DestinationConfig").path("OnFailure").path("Destination")) == s"GetAtt:$queue.Arn")
  }

  test("the Lambda may only list the one job's runs, look one up and start the job, write its own log group and send to the dead-letter queue") {
    assert(IamPolicyCheck.differences(stack, triggerRole, IamPolicyCheck.triggerPermissions(job, logGroup, queue)).isEmpty,
      IamPolicyCheck.differences(stack, triggerRole, IamPolicyCheck.triggerPermissions(job, logGroup, queue)))
  }

  test("the Glue job may only read the DMS prefix and the artifacts, read and write the warehouse prefix, and log") {
    assert(IamPolicyCheck.differences(stack, glueRole, IamPolicyCheck.GlueJobPermissions).isEmpty,
      IamPolicyCheck.differences(stack, glueRole, IamPolicyCheck.GlueJobPermissions))
  }

  test("no wildcard action or resource, no managed policy, anywhere") {
    assert(IamPolicyCheck.wildcardProblems(stack).isEmpty, IamPolicyCheck.wildcardProblems(stack))
  }

  /** The stack with one statement of a role changed. */
  private def widened(role: String, sid: String)(change: ObjectNode => Unit): StackTemplate = {
    val copy = stack.copy()
    val statement = IamPolicyCheck.grants(copy).find(g => g.role == role && g.sid == sid)
      .getOrElse(fail(s"no statement $sid in $role")).statement.asInstanceOf[ObjectNode]
    change(statement)
    copy
  }

  private def gluePolicyProblems(copy: StackTemplate): Seq[String] =
    IamPolicyCheck.differences(copy, glueRole, IamPolicyCheck.GlueJobPermissions) ++ IamPolicyCheck.wildcardProblems(copy)

  test("the checks catch a widened Glue policy") {
    val writeToDms = widened(glueRole, "ReadDmsFiles")(_.withArray("Action").add("s3:PutObject"))
    assert(gluePolicyProblems(writeToDms).exists(_.contains("s3:PutObject")))

    val wholeDmsBucket = widened(glueRole, "ReadDmsFiles")(_.putObject("Resource").put("Fn::Sub", "arn:${AWS::Partition}:s3:::${DmsBucketName}/*"))
    assert(gluePolicyProblems(wholeDmsBucket).nonEmpty)
    assert(IamPolicyCheck.wildcardProblems(wholeDmsBucket).exists(_.contains("wildcard resource")))

    val listAnywhere = widened(glueRole, "ListDmsFiles")(_.remove("Condition"))
    assert(gluePolicyProblems(listAnywhere).exists(_.contains("s3:ListBucket")))

    val allOfS3 = widened(glueRole, "ReadWriteDeltaTables")(_.put("Action", "s3:*"))
    assert(IamPolicyCheck.wildcardProblems(allOfS3).exists(_.contains("wildcard action s3:*")))

    val everything = widened(glueRole, "ReadArtifacts")(_.put("Resource", "*"))
    assert(IamPolicyCheck.wildcardProblems(everything).exists(_.contains("wildcard resource *")))
  }

  test("the checks catch a widened Lambda policy") {
    def triggerProblems(copy: StackTemplate): Seq[String] =
      IamPolicyCheck.differences(copy, triggerRole, IamPolicyCheck.triggerPermissions(job, logGroup, queue)) ++
        IamPolicyCheck.wildcardProblems(copy)

    val anyJob = widened(triggerRole, "CheckAndStartTheJob")(_.putObject("Resource")
      .put("Fn::Sub", "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:job/*"))
    assert(triggerProblems(anyJob).exists(_.contains("glue:GetJobRuns")))
    assert(IamPolicyCheck.wildcardProblems(anyJob).exists(_.contains("wildcard resource")))

    val moreGlue = widened(triggerRole, "CheckAndStartTheJob")(_.withArray("Action").add("glue:DeleteJob"))
    assert(triggerProblems(moreGlue).exists(_.contains("glue:DeleteJob")))

    val everyJobsRuns = widened(triggerRole, "CheckAndStartTheJob")(_.withArray("Action").add("glue:GetJobs"))
    assert(triggerProblems(everyJobsRuns).exists(_.contains("glue:GetJobs")))

    val allOfGlue = widened(triggerRole, "CheckAndStartTheJob")(_.put("Action", "glue:*"))
    assert(triggerProblems(allOfGlue).exists(_.contains("wildcard action glue:*")))

    val listsAnywhere = widened(triggerRole, "CheckAndStartTheJob")(_.put("Resource", "*"))
    assert(triggerProblems(listsAnywhere).exists(_.contains("wildcard resource *")))

    val cannotCheck = widened(triggerRole, "CheckAndStartTheJob")(_.putArray("Action").add("glue:StartJobRun"))
    assert(triggerProblems(cannotCheck).exists(p => p.contains("lacks") && p.contains("glue:GetJobRuns")))
    assert(triggerProblems(cannotCheck).exists(p => p.contains("lacks") && p.contains("glue:GetJobRun,")))

    val managed = stack.copy()
    managed.resources(triggerRole).path("Properties").asInstanceOf[ObjectNode].putArray("ManagedPolicyArns")
      .add("arn:aws:iam::aws:policy/AdministratorAccess")
    assert(IamPolicyCheck.wildcardProblems(managed).exists(_.contains("managed policies")))
  }

  test("outputs give the job name, the function ARN, the schedule rule and the dead-letter queue URL") {
    val outputs = stack.json.path("Outputs")
    assert(expr(outputs.path("TriggerScheduleRule").path("Value")) == s"Ref:$schedule")
    assert(expr(outputs.path("JobName").path("Value")) == s"Ref:$job")
    assert(expr(outputs.path("TriggerFunctionArn").path("Value")) == s"GetAtt:$function.Arn")
    assert(expr(outputs.path("DeadLetterQueueUrl").path("Value")) == s"Ref:$queue")
  }

  test("every Ref, GetAtt and ${...} names a parameter, a resource or a pseudo parameter") {
    val known = stack.json.path("Parameters").fieldNames.asScala.toSet ++ stack.resources.keySet ++
      Set("AWS::AccountId", "AWS::Partition", "AWS::Region", "AWS::StackName")
    val named = references(stack.json)
    assert(named.nonEmpty)
    assert((named -- known).isEmpty, named -- known)
  }

  private def references(node: com.fasterxml.jackson.databind.JsonNode): Set[String] =
    if (node.isObject) {
      node.fields.asScala.flatMap { e =>
        e.getKey match {
          case "Ref" => Set(e.getValue.asText)
          case "Fn::GetAtt" => Set(e.getValue.get(0).asText)
          case "Fn::Sub" if e.getValue.isTextual => "\\$\\{([^}]+)}".r.findAllMatchIn(e.getValue.asText).map(_.group(1)).toSet
          case _ => references(e.getValue)
        }
      }.toSet
    } else if (node.isArray) node.elements.asScala.flatMap(references).toSet
    else Set.empty
}
