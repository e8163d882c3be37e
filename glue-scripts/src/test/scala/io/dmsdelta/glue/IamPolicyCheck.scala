package io.dmsdelta.glue

import com.fasterxml.jackson.databind.JsonNode
import io.dmsdelta.glue.StackTemplate.{expr, items}

import scala.collection.JavaConverters._

/**
 * The IAM grants of a template's roles, and checks that they are no wider than dms-delta needs. Each check
 * returns the problems it found (empty when the policy is right), so a test can also show that a widened
 * policy is caught.
 */
object IamPolicyCheck {

  /** One Allow statement of a role's inline policy, with its resources and `s3:prefix` condition as text. */
  final case class Grant(role: String, sid: String, actions: Seq[String], resources: Seq[String], s3Prefixes: Seq[String],
                         statement: JsonNode)

  /** Every statement of every inline policy of every AWS::IAM::Role. */
  def grants(stack: StackTemplate): Seq[Grant] =
    for {
      (role, resource) <- stack.resources.toSeq if resource.path("Type").asText == "AWS::IAM::Role"
      policy <- items(resource.path("Properties").path("Policies"))
      statement <- items(policy.path("PolicyDocument").path("Statement"))
    } yield Grant(role, statement.path("Sid").asText, items(statement.path("Action")).map(_.asText),
      items(statement.path("Resource")).map(expr),
      items(statement.path("Condition").path("StringLike").path("s3:prefix")).map(expr), statement)

  /** Wildcard actions or resources, Not* elements, conditions other than `s3:prefix`, managed policies. */
  def wildcardProblems(stack: StackTemplate): Seq[String] = {
    val inStatements = grants(stack).flatMap { g =>
      val where = s"${g.role}/${g.sid}"
      g.actions.filter(_.contains("*")).map(a => s"$where: wildcard action $a") ++
        g.resources.filter(tooWide).map(r => s"$where: wildcard resource $r") ++
        Seq("NotAction", "NotResource", "NotPrincipal").filter(g.statement.has).map(n => s"$where: $n") ++
        (if (g.statement.path("Effect").asText != "Allow") Seq(s"$where: not an Allow statement") else Nil) ++
        conditionsOtherThanPrefix(g.statement).map(c => s"$where: condition $c")
    }
    val managed = stack.resources.toSeq.collect {
      case (id, r) if r.path("Properties").has("ManagedPolicyArns") => s"$id: managed policies"
      case (id, r) if Set("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy").contains(r.path("Type").asText) =>
        s"$id: a policy outside the roles"
    }
    inStatements ++ managed
  }

  /**
   * Everything, everything of a kind (`...:*`), every resource of a type (a star after `...:job/`: every Glue job),
   * every bucket, every object of a bucket, or catalog databases named by a wildcard (a star in the database part of
   * a Glue database or table ARN; a star for the table names of one named database is that database's tables).
   */
  private def tooWide(resource: String): Boolean =
    resource == "*" || resource.endsWith(":*") || resource.matches("arn:.*:[a-z-]+/\\*") ||
      resource.matches("arn:.*:s3:::(\\*.*|[^/]*/\\*)") || resource.matches("arn:.*:glue:.*:(database|table)/[^/]*\\*.*")

  private def conditionsOtherThanPrefix(statement: JsonNode): Seq[String] =
    statement.path("Condition").fields.asScala.toSeq.flatMap { operator =>
      operator.getValue.fieldNames.asScala.map(key => s"${operator.getKey} $key").filterNot(_ == "StringLike s3:prefix")
    }

  /**
   * A role's grants as (action, resource, s3:prefix values) triples, the form in which two policies can be
   * compared however their statements are split.
   */
  def permissions(stack: StackTemplate, role: String): Set[(String, String, Set[String])] =
    grants(stack).filter(_.role == role).flatMap(g => for (a <- g.actions; r <- g.resources) yield (a, r, g.s3Prefixes.toSet)).toSet

  /** Differences between what a role may do and exactly what it should: extra grants first, then missing ones. */
  def differences(stack: StackTemplate, role: String, expected: Set[(String, String, Set[String])]): Seq[String] = {
    val actual = permissions(stack, role)
    (actual -- expected).toSeq.map(p => s"$role may also: $p") ++ (expected -- actual).toSeq.map(p => s"$role lacks: $p")
  }

  private val s3 = "arn:${AWS::Partition}:s3:::"

  /** The ARN of the template's Glue job, as the policies write it. */
  def jobArn(jobId: String): String = "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:job/${" + jobId + "}"

  private val glue = "arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:"

  /**
   * Exactly what registering the tables in the catalog database needs (run --catalog glue): look up the database
   * (on the catalog and the database), look up, create and update its tables (on the catalog, the database and the
   * table). No glue:CreateDatabase: dms-delta never creates databases.
   */
  val CatalogPermissions: Set[(String, String, Set[String])] = {
    val catalog = glue + "catalog"
    val database = glue + "database/${CatalogDatabaseName}"
    val tables = glue + "table/${CatalogDatabaseName}/*"
    Set(("glue:GetDatabase", catalog, Set.empty[String]), ("glue:GetDatabase", database, Set.empty[String])) ++
      (for (action <- Seq("glue:GetTable", "glue:CreateTable", "glue:UpdateTable"); resource <- Seq(catalog, database, tables))
        yield (action, resource, Set.empty[String]))
  }

  /** With a KMS key: exactly decrypting and generating data keys with that key, for the encrypted buckets. */
  val KmsPermissions: Set[(String, String, Set[String])] =
    Set(("kms:Decrypt", "Ref:KmsKeyArn", Set.empty[String]), ("kms:GenerateDataKey", "Ref:KmsKeyArn", Set.empty[String]))

  /** Exactly what the Glue job needs without a KMS key: read the DMS prefix, read/write the warehouse prefix, read the artifacts, log, register the tables. */
  val GlueJobPermissions: Set[(String, String, Set[String])] = CatalogPermissions ++ {
    val dmsPrefixes = Set("${DmsPrefix}", "${DmsPrefix}/*")
    val warehousePrefixes = Set("${WarehousePrefix}", "${WarehousePrefix}/*")
    Set(("s3:GetObject", s3 + "${DmsBucketName}/${DmsPrefix}/*", Set.empty[String]),
      ("s3:ListBucket", s3 + "${DmsBucketName}", dmsPrefixes),
      ("s3:ListBucket", s3 + "${WarehouseBucketName}", warehousePrefixes)) ++
      Seq("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload")
        .map(a => (a, s3 + "${WarehouseBucketName}/${WarehousePrefix}/*", Set.empty[String])) ++
      Seq("${AppJarKey}", "${LauncherScriptKey}", "${TablesKey}", "${EndpointSettingsKey}")
        .map(key => ("s3:GetObject", s3 + "${ArtifactsBucketName}/" + key, Set.empty[String])) ++
      Seq("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")
        .map(a => (a, "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws-glue/*", Set.empty[String]))
  }

  /**
   * Exactly what the trigger Lambda needs: list the one job's runs and look up one (to see whether a run is waiting
   * to start), start it, write its log group, send to the dead-letter queue.
   */
  def triggerPermissions(jobId: String, logGroupId: String, queueId: String): Set[(String, String, Set[String])] = Set(
    ("glue:GetJobRuns", jobArn(jobId), Set.empty[String]),
    ("glue:GetJobRun", jobArn(jobId), Set.empty[String]),
    ("glue:StartJobRun", jobArn(jobId), Set.empty[String]),
    ("logs:CreateLogStream", s"GetAtt:$logGroupId.Arn", Set.empty[String]),
    ("logs:PutLogEvents", s"GetAtt:$logGroupId.Arn", Set.empty[String]),
    ("sqs:SendMessage", s"GetAtt:$queueId.Arn", Set.empty[String]))
}
