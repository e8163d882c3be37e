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
  /** The one EventBridge rule that has (or has not) a schedule. */
  private def rule(scheduled: Boolean): String =
    stack.theOneWhere("AWS::Events::Rule", if (scheduled) "with a schedule" else "with an event pattern")(
      _.has("ScheduleExpression") == scheduled)

  private val schedule = rule(scheduled = true)
  private val failedRunRule = rule(scheduled = false)
  private val alarmTopic = stack.theOne("AWS::SNS::Topic")
  /** The one CloudWatch alarm on this metric. */
  private def alarm(metric: String): String =
    stack.theOneWhere("AWS::CloudWatch::Alarm", s"on $metric")(_.path("MetricName").asText == metric)
  private val deadLetterAlarm = alarm("ApproximateNumberOfMessagesVisible")
  private val backlogAlarm = alarm("AsyncEventAge")

  /** The template as deployed with these conditions true and every other one false. */
  private def deployed(trueConditions: String*): StackTemplate =
    stack.withConditions(stack.conditions.map(c => c -> trueConditions.contains(c)).toMap)

  /** As deployed with the parameters' defaults: the stack creates the DMS bucket and the catalog database, no KMS key, no email. */
  private val defaults = deployed("CreatesDmsBucket", "CreatesCatalogDatabase")
  private val withKmsKey = deployed("CreatesDmsBucket", "CreatesCatalogDatabase", "HasKmsKey")

  /** The template under every combination of the conditions, each with the conditions that are true. */
  private val conditioned: Seq[(Set[String], StackTemplate)] = stack.conditions.toSeq.sorted.foldLeft(Seq(Set.empty[String])) {
    (sets, condition) => sets.flatMap(set => Seq(set, set + condition))
  }.map(set => set -> deployed(set.toSeq: _*))
  private val variants: Seq[StackTemplate] = conditioned.map(_._2)

  /** The one invoke permission for this principal; fails if there is none or several. */
  private def permissionFor(principal: String): String =
    stack.theOneWhere("AWS::Lambda::Permission", s"for $principal")(_.path("Principal").asText == principal)

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
      "AppJarKey", "LauncherScriptKey", "TablesKey", "EndpointSettingsKey", "LambdaJarKey", "ScheduleExpression",
      "CatalogDatabaseName", "CreateCatalogDatabase", "AlarmEmail", "KmsKeyArn", "LogRetentionDays")) {
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
    val problems = stack.retryThenDeadLetterProblems(invokeConfig, function, queue)
    assert(problems.isEmpty, problems)
  }

  test("the Lambda may only list the one job's runs, look one up and start the job, write its own log group and send to the dead-letter queue") {
    for (variant <- variants) {
      val problems = IamPolicyCheck.differences(variant, triggerRole, IamPolicyCheck.triggerPermissions(job, logGroup, queue))
      assert(problems.isEmpty, problems)
    }
  }

  test("the Glue job may only read the DMS prefix and the artifacts, read and write the warehouse prefix, log, and register the tables") {
    assert(IamPolicyCheck.differences(defaults, glueRole, IamPolicyCheck.GlueJobPermissions).isEmpty,
      IamPolicyCheck.differences(defaults, glueRole, IamPolicyCheck.GlueJobPermissions))
  }

  test("no wildcard action or resource, no managed policy, anywhere, whatever the parameters") {
    assert(variants.size == 1 << stack.conditions.size)
    for (variant <- variants) {
      assert(IamPolicyCheck.wildcardProblems(variant).isEmpty, IamPolicyCheck.wildcardProblems(variant))
    }
  }

  test("the Glue job registers every run's tables in the Glue Data Catalog database of the parameter") {
    val arguments = stack.properties(job).path("DefaultArguments")
    assert(arguments.path("--catalog").asText == "glue")
    assert(expr(arguments.path("--catalog-database")) == "Ref:CatalogDatabaseName")
    val parameter = stack.json.path("Parameters").path("CatalogDatabaseName")
    assert(parameter.path("Default").asText == "dms_delta")
    // The same rule as dms-delta's --catalog-database: what Glue, Athena and Spark all take unquoted.
    for (ok <- Seq("dms_delta", "lake2", "x" * 255)) assert(ok.matches(parameter.path("AllowedPattern").asText), ok)
    for (bad <- Seq("DmsDelta", "dms-delta", "", "x" * 256)) assert(!bad.matches(parameter.path("AllowedPattern").asText), bad)
  }

  test("the catalog database is created only when asked for, named by the parameter, and kept when the stack goes") {
    val database = stack.theOne("AWS::Glue::Database")
    val resource = stack.resources(database)
    assert(stack.json.path("Conditions").path(resource.path("Condition").asText).toString ==
      """{"Fn::Equals":[{"Ref":"CreateCatalogDatabase"},"true"]}""")
    assert(resource.path("DeletionPolicy").asText == "Retain" && resource.path("UpdateReplacePolicy").asText == "Retain")
    assert(expr(stack.properties(database).path("CatalogId")) == "Ref:AWS::AccountId")
    assert(expr(stack.properties(database).path("DatabaseInput").path("Name")) == "Ref:CatalogDatabaseName")
    assert(deployed("CreatesDmsBucket").all("AWS::Glue::Database").isEmpty)
  }

  test("the Glue job may look up the catalog database and look up, create and update its tables: nothing more") {
    for (variant <- variants) {
      val catalogGrants = IamPolicyCheck.permissions(variant, glueRole).filter(_._1.startsWith("glue:"))
      assert(catalogGrants == IamPolicyCheck.CatalogPermissions, catalogGrants)
    }
    assert(!IamPolicyCheck.permissions(defaults, glueRole).exists(_._1 == "glue:CreateDatabase"),
      "dms-delta never creates databases")
  }

  test("the checks catch a widened catalog policy") {
    def catalogProblems(copy: StackTemplate): Seq[String] =
      IamPolicyCheck.differences(copy, glueRole, IamPolicyCheck.GlueJobPermissions) ++ IamPolicyCheck.wildcardProblems(copy)
    val glueArn = "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:"

    val dropTables = widened(glueRole, "RegisterTables")(_.withArray("Action").add("glue:DeleteTable"))
    assert(catalogProblems(dropTables).exists(p => p.contains("may also") && p.contains("glue:DeleteTable")))

    val makeDatabases = widened(glueRole, "LookUpCatalogDatabase")(_.withArray("Action").add("glue:CreateDatabase"))
    assert(catalogProblems(makeDatabases).exists(p => p.contains("may also") && p.contains("glue:CreateDatabase")))

    val everyDatabasesTables = widened(glueRole, "RegisterTables")(_.withArray("Resource").addObject()
      .put("Fn::Sub", glueArn + "table/*/*"))
    assert(IamPolicyCheck.wildcardProblems(everyDatabasesTables).exists(_.contains("wildcard resource")))

    val everyDatabase = widened(glueRole, "LookUpCatalogDatabase")(_.withArray("Resource").addObject()
      .put("Fn::Sub", glueArn + "database/*"))
    assert(IamPolicyCheck.wildcardProblems(everyDatabase).exists(_.contains("wildcard resource")))

    val anotherDatabase = widened(glueRole, "RegisterTables")(_.withArray("Resource").addObject()
      .put("Fn::Sub", glueArn + "table/finance/*"))
    assert(catalogProblems(anotherDatabase).exists(p => p.contains("may also") && p.contains("table/finance/*")))

    val allOfGlue = widened(glueRole, "RegisterTables")(_.put("Action", "glue:*"))
    assert(IamPolicyCheck.wildcardProblems(allOfGlue).exists(_.contains("wildcard action glue:*")))

    val cannotUpdate = widened(glueRole, "RegisterTables")(_.putArray("Action").add("glue:GetTable").add("glue:CreateTable"))
    assert(catalogProblems(cannotUpdate).exists(p => p.contains("lacks") && p.contains("glue:UpdateTable")))
  }

  test("with a KMS key, the Glue job may decrypt and generate data keys with exactly that key; without one, no KMS at all") {
    assert(stack.json.path("Parameters").path("KmsKeyArn").path("Default").asText == "")
    assert(IamPolicyCheck.differences(withKmsKey, glueRole, IamPolicyCheck.GlueJobPermissions ++ IamPolicyCheck.KmsPermissions).isEmpty,
      IamPolicyCheck.differences(withKmsKey, glueRole, IamPolicyCheck.GlueJobPermissions ++ IamPolicyCheck.KmsPermissions))
    for (variant <- variants) {
      val kms = IamPolicyCheck.permissions(variant, triggerRole).filter(_._1.startsWith("kms:"))
      assert(kms.isEmpty, "the Lambda reads no bucket")
    }
    for ((trueConditions, variant) <- conditioned) {
      val kms = IamPolicyCheck.permissions(variant, glueRole).filter(_._1.startsWith("kms:"))
      assert(kms == (if (trueConditions("HasKmsKey")) IamPolicyCheck.KmsPermissions else Set.empty), trueConditions)
    }
    // The grant is one statement under the condition that the parameter is set, nothing otherwise.
    val conditional = items(stack.properties(glueRole).path("Policies")).flatMap(p => items(p.path("PolicyDocument").path("Statement")))
      .filter(_.has("Fn::If"))
    assert(conditional.map(_.get("Fn::If").get(0).asText) == Seq("HasKmsKey"))
    assert(conditional.head.get("Fn::If").get(2).toString == """{"Ref":"AWS::NoValue"}""")
    assert(stack.json.path("Conditions").path("HasKmsKey").toString == """{"Fn::Not":[{"Fn::Equals":[{"Ref":"KmsKeyArn"},""]}]}""")
    val pattern = stack.json.path("Parameters").path("KmsKeyArn").path("AllowedPattern").asText
    for (ok <- Seq("", "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")) assert(ok.matches(pattern), ok)
    for (bad <- Seq("*", "arn:aws:kms:eu-west-1:123456789012:alias/x", "1234abcd")) assert(!bad.matches(pattern), bad)
  }

  test("the checks catch a widened or unconditional KMS grant") {
    def kmsProblems(copy: StackTemplate): Seq[String] =
      IamPolicyCheck.differences(copy, glueRole, IamPolicyCheck.GlueJobPermissions ++ IamPolicyCheck.KmsPermissions) ++
        IamPolicyCheck.wildcardProblems(copy)
    def withKey(change: ObjectNode => Unit): StackTemplate = {
      val copy = withKmsKey.copy()
      change(IamPolicyCheck.grants(copy).find(g => g.role == glueRole && g.sid == "UseBucketKey").get.statement.asInstanceOf[ObjectNode])
      copy
    }
    assert(kmsProblems(withKey(_.withArray("Action").add("kms:Encrypt"))).exists(p => p.contains("may also") && p.contains("kms:Encrypt")))
    assert(kmsProblems(withKey(_.put("Resource", "*"))).exists(_.contains("wildcard resource *")))
    assert(kmsProblems(withKey(_.put("Action", "kms:*"))).exists(_.contains("wildcard action kms:*")))

    // The same statement without its Fn::If grants the key's use when no key is set.
    val unconditional = stack.copy()
    val statements = items(unconditional.properties(glueRole).path("Policies")).head.path("PolicyDocument")
      .path("Statement").asInstanceOf[com.fasterxml.jackson.databind.node.ArrayNode]
    val at = (0 until statements.size).find(i => statements.get(i).has("Fn::If")).get
    statements.set(at, statements.get(at).get("Fn::If").get(1))
    val noKey = unconditional.withConditions(stack.conditions.map(c => c -> Set("CreatesDmsBucket", "CreatesCatalogDatabase").contains(c)).toMap)
    assert(IamPolicyCheck.differences(noKey, glueRole, IamPolicyCheck.GlueJobPermissions).exists(p => p.contains("may also") && p.contains("kms:Decrypt")))
  }

  test("the DMS bucket the stack creates is encrypted with the KMS key when one is given, with SSE-S3 otherwise") {
    def encryption(variant: StackTemplate) = items(variant.properties(bucket).path("BucketEncryption")
      .path("ServerSideEncryptionConfiguration")).head
    assert(encryption(defaults).toString == """{"ServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"},"BucketKeyEnabled":false}""")
    assert(encryption(withKmsKey).toString ==
      """{"ServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":{"Ref":"KmsKeyArn"}},"BucketKeyEnabled":true}""")
  }

  test("a failed, timed-out or erroring run of the job goes to the alarm topic") {
    val properties = stack.properties(failedRunRule)
    val pattern = properties.path("EventPattern")
    assert(pattern.path("source").toString == """["aws.glue"]""")
    assert(pattern.path("detail-type").toString == """["Glue Job State Change"]""")
    assert(items(pattern.path("detail").path("jobName")).map(expr) == Seq(s"Ref:$job"), "this stack's job only")
    assert(items(pattern.path("detail").path("state")).map(_.asText).toSet == Set("FAILED", "TIMEOUT", "ERROR"))
    assert(properties.path("State").asText == "ENABLED")
    assert(items(properties.path("Targets")).map(t => expr(t.path("Arn"))) == Seq(s"Ref:$alarmTopic"))
  }

  test("messages in the dead-letter queue raise an alarm to the same topic") {
    val properties = stack.properties(deadLetterAlarm)
    assert(properties.path("Namespace").asText == "AWS/SQS")
    assert(properties.path("MetricName").asText == "ApproximateNumberOfMessagesVisible")
    assert(items(properties.path("Dimensions")).map(d => d.path("Name").asText -> expr(d.path("Value"))) ==
      Seq("QueueName" -> s"GetAtt:$queue.QueueName"))
    assert(properties.path("ComparisonOperator").asText == "GreaterThanThreshold")
    assert(properties.path("Threshold").asDouble(-1) == 0.0)
    assert(properties.path("Statistic").asText == "Maximum")
    assert(properties.path("TreatMissingData").asText == "notBreaching", "an empty queue sends no data points")
    assert(items(properties.path("AlarmActions")).map(expr) == Seq(s"Ref:$alarmTopic"))
  }

  test("a trigger that falls behind its events raises an alarm to the same topic") {
    val properties = stack.properties(backlogAlarm)
    assert(properties.path("Namespace").asText == "AWS/Lambda")
    assert(items(properties.path("Dimensions")).map(d => d.path("Name").asText -> expr(d.path("Value"))) ==
      Seq("FunctionName" -> s"Ref:$function"))
    assert(properties.path("Statistic").asText == "Maximum")
    assert(properties.path("ComparisonOperator").asText == "GreaterThanThreshold")
    assert(properties.path("Threshold").asDouble(-1) == 300000.0, "an event older than 5 minutes (milliseconds)")
    assert(properties.path("TreatMissingData").asText == "notBreaching", "no queued events send no data points")
    assert(items(properties.path("AlarmActions")).map(expr) == Seq(s"Ref:$alarmTopic"))
    assert(stack.all("AWS::CloudWatch::Alarm").toSet == Set(deadLetterAlarm, backlogAlarm))
  }

  test("only the failed-run rule and the two alarms may publish to the alarm topic") {
    val policy = stack.properties(stack.theOne("AWS::SNS::TopicPolicy"))
    assert(items(policy.path("Topics")).map(expr) == Seq(s"Ref:$alarmTopic"))
    val statements = items(policy.path("PolicyDocument").path("Statement"))
    val grants = statements.map(st => (st.path("Effect").asText, st.path("Principal").path("Service").asText,
      st.path("Action").asText, expr(st.path("Resource")), st.path("Condition").path("ArnEquals").path("aws:SourceArn")))
    assert(grants.map(g => (g._1, g._2, g._3, g._4, expr(g._5))).toSet == Set(
      ("Allow", "events.amazonaws.com", "sns:Publish", s"Ref:$alarmTopic", s"GetAtt:$failedRunRule.Arn"),
      ("Allow", "cloudwatch.amazonaws.com", "sns:Publish", s"Ref:$alarmTopic", s"GetAtt:$deadLetterAlarm.Arn"),
      ("Allow", "cloudwatch.amazonaws.com", "sns:Publish", s"Ref:$alarmTopic", s"GetAtt:$backlogAlarm.Arn")))
    assert(statements.forall(st => st.path("Condition").size == 1), "no other condition widens or narrows them")
  }

  test("an email address is subscribed to the alarm topic only when one is given") {
    assert(stack.json.path("Parameters").path("AlarmEmail").path("Default").asText == "")
    assert(defaults.all("AWS::SNS::Subscription").isEmpty)
    val withEmail = deployed("CreatesDmsBucket", "CreatesCatalogDatabase", "HasAlarmEmail")
    val subscription = withEmail.theOne("AWS::SNS::Subscription")
    assert(withEmail.properties(subscription).path("Protocol").asText == "email")
    assert(expr(withEmail.properties(subscription).path("Endpoint")) == "Ref:AlarmEmail")
    assert(expr(withEmail.properties(subscription).path("TopicArn")) == s"Ref:$alarmTopic")
    assert(stack.json.path("Conditions").path("HasAlarmEmail").toString == """{"Fn::Not":[{"Fn::Equals":[{"Ref":"AlarmEmail"},""]}]}""")
  }

  test("the stack's log groups keep their events for LogRetentionDays, 30 by default") {
    val parameter = stack.json.path("Parameters").path("LogRetentionDays")
    assert(parameter.path("Default").asInt == 30)
    assert(items(parameter.path("AllowedValues")).map(_.asInt).contains(30))
    for (group <- stack.all("AWS::Logs::LogGroup")) {
      assert(expr(stack.properties(group).path("RetentionInDays")) == "Ref:LogRetentionDays", group)
    }
  }

  test("every Fn::If and Condition names a condition the template defines") {
    def named(node: com.fasterxml.jackson.databind.JsonNode): Seq[String] =
      if (node.isObject) node.fields.asScala.toSeq.flatMap { e =>
        if (e.getKey == "Fn::If") e.getValue.get(0).asText +: e.getValue.elements.asScala.toSeq.drop(1).flatMap(named)
        else named(e.getValue)
      } else if (node.isArray) node.elements.asScala.toSeq.flatMap(named) else Nil
    val used = named(stack.json.path("Resources")) ++
      stack.resources.values.map(_.path("Condition")).filterNot(_.isMissingNode).map(_.asText)
    assert(used.toSet.nonEmpty && (used.toSet -- stack.conditions).isEmpty, used.toSet -- stack.conditions)
  }

  /** The stack as deployed with the defaults, with one statement of a role changed. */
  private def widened(role: String, sid: String)(change: ObjectNode => Unit): StackTemplate = {
    val copy = defaults.copy()
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

    val managed = defaults.copy()
    managed.resources(triggerRole).path("Properties").asInstanceOf[ObjectNode].putArray("ManagedPolicyArns")
      .add("arn:aws:iam::aws:policy/AdministratorAccess")
    assert(IamPolicyCheck.wildcardProblems(managed).exists(_.contains("managed policies")))
  }

  test("outputs give the job name, the function ARN, the schedule rule, the dead-letter queue URL, the alarm topic and the catalog database") {
    val outputs = stack.json.path("Outputs")
    assert(expr(outputs.path("TriggerScheduleRule").path("Value")) == s"Ref:$schedule")
    assert(expr(outputs.path("JobName").path("Value")) == s"Ref:$job")
    assert(expr(outputs.path("TriggerFunctionArn").path("Value")) == s"GetAtt:$function.Arn")
    assert(expr(outputs.path("DeadLetterQueueUrl").path("Value")) == s"Ref:$queue")
    assert(expr(outputs.path("AlarmTopicArn").path("Value")) == s"Ref:$alarmTopic")
    assert(expr(outputs.path("CatalogDatabase").path("Value")) == "Ref:CatalogDatabaseName")
  }

  test("every Ref, GetAtt and ${...} names a parameter, a resource or a pseudo parameter") {
    assert(StackTemplate.names(stack.json).nonEmpty)
    assert(stack.unknownNames.isEmpty, stack.unknownNames)
  }
}
